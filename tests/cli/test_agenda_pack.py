"""``csp agenda pack`` (issue 27): the agenda, the previous minutes, the forward plan and
the papers of a generated board (a .docx, .pdf, .odt, a restricted .pdf and a .docx on
five items) in one PDF: its page count, bookmarks and Pages column agree with the
papers, the pages carry their numbers, the public pack holds no page of the restricted
paper, and replacing a paper renumbers. Skipped, with the reason, where LibreOffice
(or pdftotext, for reading the text back) is not installed."""

from __future__ import annotations

import re
import shutil
import stat
import subprocess
from pathlib import Path

import pikepdf
import pytest

from csp_tui.cli.main import main
from csp_tui.exporters import pack, pdf
from csp_tui.storage.repository import Repository
from tests.agenda_board import make_board
from tests.papers_gen import docx_paper

pytestmark = [
    pytest.mark.skipif(pdf.find_soffice() is None, reason="LibreOffice is not installed "
                       "(apt-get install libreoffice-writer-nogui)"),
    pytest.mark.skipif(shutil.which("pdftotext") is None,
                       reason="pdftotext (poppler-utils) is needed to read the pack's text"),
]


def csp(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def page_texts(path: Path) -> list[str]:
    """The text of each page (pdftotext separates pages with a form feed)."""
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    return text.split("\f")[:-1]


def outline(path: Path) -> list[tuple[str, int, list[tuple[str, int]]]]:
    """(title, page index, children) of each top-level bookmark."""
    with pikepdf.open(path) as doc:
        index = {page.objgen: k for k, page in enumerate(doc.pages)}
        with doc.open_outline() as o:
            return [(i.title, index[i.destination[0].objgen],
                     [(c.title, index[c.destination[0].objgen]) for c in i.children])
                    for i in o.root]


def pages_cells(agenda_text: str) -> dict[str, str]:
    """Item number -> the Pages cell, read from the agenda's table rows."""
    out = {}
    for line in agenda_text.splitlines():
        words = line.split()
        if words and words[0].rstrip(".").isdigit() and "minutes" in line:
            tail = line.split("minutes", 1)[1].strip()
            # pdftotext reads "2 - 4" as "2-4" where the gaps are narrow.
            out[words[0].rstrip(".")] = re.sub(r"\s*-\s*", " - ", tail)
    return out


@pytest.fixture(scope="module")
def packs(tmp_path_factory) -> dict[str, Path]:
    """The public and members' packs of the generated board (made once: each takes
    two LibreOffice runs)."""
    folder = tmp_path_factory.mktemp("pack")
    db = folder / "minutes.db"
    with Repository.open(db) as repo:
        make_board(repo, folder)
    public, full = folder / "public.pdf", folder / "members.pdf"
    assert main(["agenda", "pack", "--out", str(public), "--db", str(db)]) == 0
    assert main(["agenda", "pack", "--out", str(full), "--full", "--db", str(db)]) == 0
    return {"db": db, "public": public, "full": full, "folder": folder}


def test_public_pack_pages_bookmarks_and_pages_column(packs) -> None:
    texts = page_texts(packs["public"])
    marks = outline(packs["public"])
    agenda_pages = marks[1][1]
    assert marks[0] == ("Agenda", 0, [])
    # Minutes (1 page), fire 3, policing 2, sub-groups 2, performance 1, forward plan 1.
    assert [(t, p - agenda_pages + 1, [c for c, _ in ch]) for t, p, ch in marks[1:]] == [
        ("3. Minutes and Action Log", 1, ["Minutes of Monday, 12 June 2017 (DRAFT)"]),
        ("4. Fire Safety Review", 2, ["Fire safety findings"]),
        ("5. Policing Update", 5, ["Policing figures"]),
        ("6. Sub-group Plans", 7, ["Sub-group plan"]),
        ("8. Performance Report", 9, ["Performance dashboard"]),
        ("10. Forward Plan", 10, ["Forward Plan"])]
    assert len(texts) == agenda_pages + 10
    cells = pages_cells("".join(texts[:agenda_pages]))
    assert cells == {"1": "", "2": "", "3": "1", "4": "2 - 4", "5": "5 - 6", "6": "7 - 8",
                     "7": "Restricted", "8": "9", "9": "", "10": "10", "11": "", "12": ""}
    # Each paper page carries its number; the agenda's pages none.
    for n in range(1, 11):
        assert f"Page {n}" in texts[agenda_pages + n - 1]
    assert not any("Page " in t for t in texts[:agenda_pages])
    assert "Fire safety findings page 3" in texts[agenda_pages + 3]
    assert "Knife crime strategy" in texts[agenda_pages + 9]


def test_public_pack_holds_no_page_of_the_restricted_paper(packs) -> None:
    text = "".join(page_texts(packs["public"]))
    assert "CONFIDENTIAL" not in text and "casework names" not in text
    assert stat.S_IMODE(packs["public"].stat().st_mode) != 0o600


def test_members_pack_holds_it_and_is_private(packs) -> None:
    texts = page_texts(packs["full"])
    marks = dict((t, p) for t, p, _ in outline(packs["full"]))
    first = marks["7. RESTRICTED: Gang Exploitation Casework"]
    assert "CONFIDENTIAL casework names page 1" in texts[first]
    cells = pages_cells("".join(texts[:marks["3. Minutes and Action Log"]]))
    assert cells["7"] == "9 - 10" and cells["8"] == "11"
    assert stat.S_IMODE(packs["full"].stat().st_mode) == 0o600


def test_replacing_a_paper_renumbers(packs, capsys) -> None:
    db, folder = packs["db"], packs["folder"]
    longer = docx_paper(folder / "fire2.docx", "Fire safety findings v2", 5)
    code, out, _ = csp(capsys, "agenda", "list", "--db", db)
    fire_id = next(line.split()[1].rstrip(":") for line in out.splitlines()
                   if "Fire safety findings" in line)
    code, _, err = csp(capsys, "agenda", "attach", "4", longer, "--replace", fire_id,
                       "--title", "Fire safety findings (revised)", "--db", db)
    assert code == 0, err
    again = folder / "again.pdf"
    code, out, err = csp(capsys, "agenda", "pack", "--out", again, "--db", db)
    assert code == 0, err
    marks = outline(again)
    texts = page_texts(again)
    cells = pages_cells("".join(texts[:marks[1][1]]))
    assert cells["4"] == "2 - 6" and cells["5"] == "7 - 8" and cells["8"] == "11"
    assert marks[2][2] == [("Fire safety findings (revised)", marks[2][1])]
    assert len(texts) == marks[1][1] + 12


def test_without_libreoffice_one_line_and_nothing_written(packs, capsys, monkeypatch,
                                                          tmp_path: Path) -> None:
    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    out = tmp_path / "pack.pdf"
    code, stdout, err = csp(capsys, "agenda", "pack", "--out", out, "--db", packs["db"])
    assert code == 2 and stdout == ""
    assert err.count("\n") == 1 and "apt-get install libreoffice-writer-nogui" in err
    assert list(tmp_path.iterdir()) == []


def test_agenda_export_as_pdf(packs, capsys, tmp_path: Path) -> None:
    code, out, err = csp(capsys, "agenda", "export", "--format", "pdf", "--out", tmp_path,
                         "--db", packs["db"])
    assert code == 0, err
    path = Path(out.strip())
    assert path.name == "Community-Safety-Partnership-2017-09-12-agenda.pdf"
    [agenda_text, *_] = page_texts(path)
    assert "AGENDA" in agenda_text and "MEMBERSHIP" in agenda_text
    with pikepdf.open(path) as doc:
        assert str(doc.Root.Lang) == "en-GB" and "/StructTreeRoot" in doc.Root


def test_a_paper_libreoffice_cannot_convert_is_named(packs, capsys, monkeypatch,
                                                     tmp_path: Path) -> None:
    from csp_tui.exporters import ExportError

    def refuse(documents, soffice, **_kw):
        raise ExportError(f"LibreOffice could not convert {documents[1]} to PDF: boom")

    monkeypatch.setattr(pack, "convert_all", refuse)  # as the pack module calls it
    out = tmp_path / "pack.pdf"
    code, _, err = csp(capsys, "agenda", "pack", "--out", out, "--db", packs["db"])
    assert code == 2 and err.count("\n") == 1
    assert "could not convert the paper 'Fire safety findings" in err
    assert not out.exists()
