"""``csp export --format pdf``: a tagged PDF (PDF/UA, language, title shown, headings
H1-H3, lists, table headers) made by LibreOffice headless (issue 23).

The conversion tests run where LibreOffice is installed and are skipped, with the
reason, where it is not (Debian: ``apt-get install libreoffice-writer-nogui``). The
PDF's structure is read from the file's bytes: LibreOffice writes the catalog and the
structure elements as plain (uncompressed) dictionaries.
"""

from __future__ import annotations

import re
import stat
from collections import Counter
from pathlib import Path

import pytest

from csp_tui.cli.main import main
from csp_tui.exporters import ExportError, pdf
from csp_tui.storage.repository import Repository
from tests.unit.test_export_docx import small_meeting

needs_libreoffice = pytest.mark.skipif(
    pdf.find_soffice() is None,
    reason="LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")


def csp(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    """Run ``csp ARGS`` in this process; (exit code, stdout, stderr)."""
    capsys.readouterr()
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def structure(data: bytes) -> Counter[str]:
    """How many structure elements of each type (H1, L, LI, TH, ...) the PDF has."""
    return Counter(t.decode() for t in re.findall(rb"/S\s*/(\w+)", data))


@pytest.fixture
def meeting(repo: Repository) -> int:
    return small_meeting(repo)


@needs_libreoffice
@pytest.mark.parametrize("full", [False, True], ids=["public", "full"])
def test_export_writes_a_tagged_pdf(repo: Repository, meeting: int, db_path: Path,
                                    tmp_path: Path, capsys, full: bool) -> None:
    out = tmp_path / "out"
    out.mkdir()
    code, stdout, err = csp(capsys, "export", str(meeting), "--db", db_path, "--format",
                            "pdf", "--action-log", "--out", out, *(["--full"] if full else []))
    assert code == 0, err
    path = Path(stdout.strip())
    suffix = "-RESTRICTED" if full else ""
    assert path == out / f"Community-Safety-Partnership-2021-03-31-minutes{suffix}.pdf"
    assert [p.name for p in out.iterdir()] == [path.name]  # no .docx left beside it
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    assert re.search(rb"/MarkInfo\s*<<\s*/Marked\s+true", data)
    assert b"/StructTreeRoot" in data
    assert b"/Lang(en-GB)" in data
    assert re.search(rb"/DisplayDocTitle\s+true", data)
    assert b"pdfuaid:part>1<" in data  # PDF/UA
    assert b"Community Safety Partnership minutes, Wednesday, 31 March 2021" in data
    tags = structure(data)
    assert tags["H1"] == 1
    assert tags["H2"] == 8 + 1  # the eight items and the action plan
    assert tags["H3"] == 2  # (i) and (ii) under AOB
    assert tags["L"] == 3 and tags["LI"] == 4  # bullet, numbered (2), forward plan
    assert tags["TH"] == 8  # the action plan's header row
    mode = stat.S_IMODE(path.stat().st_mode)
    assert (mode & 0o077 == 0) if full else (mode & 0o044 == 0o044)
    if not full:
        assert b"ZZSECRET" not in data and b"QQHIDDEN" not in data


@needs_libreoffice
def test_the_out_file_extension_picks_pdf(repo: Repository, meeting: int, db_path: Path,
                                          tmp_path: Path, capsys) -> None:
    target = tmp_path / "minutes.pdf"
    code, _out, err = csp(capsys, "export", str(meeting), "--db", db_path, "--out", target)
    assert code == 0, err
    assert target.read_bytes().startswith(b"%PDF")


def test_without_libreoffice_one_line_exit_2_nothing_written(
        repo: Repository, meeting: int, db_path: Path, tmp_path: Path, capsys,
        monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(pdf, "USUAL_PLACES", ())
    out = tmp_path / "out"
    out.mkdir()
    code, stdout, err = csp(capsys, "export", str(meeting), "--db", db_path, "--format",
                            "pdf", "--out", out)
    assert code == 2 and stdout == ""
    assert len(err.strip().splitlines()) == 1
    assert "libreoffice-writer-nogui" in err and "LibreOffice" in err
    assert list(out.iterdir()) == []


def test_a_stuck_conversion_is_stopped(tmp_path: Path) -> None:
    """A LibreOffice that never finishes is stopped at the time limit, with a message."""
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nexec sleep 600\n")
    fake.chmod(0o755)
    docx = tmp_path / "m.docx"
    docx.write_bytes(b"PK")
    with pytest.raises(ExportError, match="did not finish converting .* within 1 s"):
        pdf.convert_to_pdf(docx, str(fake), timeout=1)


def test_a_failed_conversion_says_so(tmp_path: Path) -> None:
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 1\n")
    fake.chmod(0o755)
    docx = tmp_path / "m.docx"
    docx.write_bytes(b"PK")
    with pytest.raises(ExportError, match="could not convert .*source file could not be"):
        pdf.convert_to_pdf(docx, str(fake))


# ------------------------------------------------------------ the PDF publication check


def _pdf(*, tagged: bool, kids=None) -> bytes:
    """A one-page PDF made with pikepdf: untagged, or tagged with a structure tree of
    ``kids`` (built by a function of the page) and everything else a PDF/UA file has."""
    import io

    import pikepdf
    from pikepdf import Array, Dictionary, Name, String

    pdf = pikepdf.new()
    pdf.add_blank_page()
    if tagged:
        page = pdf.pages[0].obj

        def el(kind: str, *children, **extra):
            return pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + kind),
                                                Pg=page, K=Array(list(children)), **extra))

        doc = el("Document", *kids(el))
        pdf.Root.StructTreeRoot = pdf.make_indirect(Dictionary(
            Type=Name.StructTreeRoot, K=doc, RoleMap=Dictionary(Heading1=Name.H1)))
        pdf.Root.MarkInfo = Dictionary(Marked=True)
        pdf.Root.Lang = String("en-GB")
        pdf.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
        pdf.docinfo["/Title"] = "Minutes"
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_the_pdf_check_on_an_untagged_pdf() -> None:
    from csp_tui.exporters.a11y_check import PREFIX
    from csp_tui.exporters.pdf_check import pdf_warnings

    assert pdf_warnings(_pdf(tagged=False), "x.pdf") == [
        f"{PREFIX}x.pdf is not marked as tagged (/MarkInfo /Marked true)",
        f"{PREFIX}x.pdf has no structure tree (/StructTreeRoot): it is not a tagged PDF",
        f"{PREFIX}x.pdf does not say its language (/Lang)",
        f"{PREFIX}x.pdf has no title",
        f"{PREFIX}x.pdf does not ask readers to show its title (/ViewerPreferences "
        "/DisplayDocTitle true)"]


def test_the_pdf_check_finds_each_fault_in_the_structure_tree() -> None:
    """A heading level skipped, a list without items, an item outside a list, a
    table without header cells and a figure without alt text: one warning each, on
    its page; a custom type mapped to H1 counts as H1, a sound tree gives none."""
    from pikepdf import String

    from csp_tui.exporters.a11y_check import PREFIX
    from csp_tui.exporters.pdf_check import pdf_warnings

    def faulty(el):
        return [el("Heading1"), el("H3"), el("L", el("P")), el("LI"),
                el("Table", el("TR", el("TD"))), el("Figure")]

    def sound(el):
        return [el("Heading1"), el("H2"), el("H3"), el("H2"), el("L", el("LI", el("LBody"))),
                el("Table", el("TR", el("TH")), el("TR", el("TD"))),
                el("Figure", Alt=String("Council logo"))]

    assert pdf_warnings(_pdf(tagged=True, kids=faulty), "x.pdf") == [
        f"{PREFIX}heading order in x.pdf: an H3 after an H1 on page 1",
        f"{PREFIX}a list in x.pdf on page 1 has no list items (LI)",
        f"{PREFIX}a list item (LI) in x.pdf on page 1 is not in a list (L)",
        f"{PREFIX}a figure in x.pdf on page 1 has no alt text (/Alt)",
        f"{PREFIX}table 1 in x.pdf on page 1 has no header cells (TH)"]
    assert pdf_warnings(_pdf(tagged=True, kids=sound)) == []


def _tree(path: Path) -> list[str]:
    """The structure elements' types in reading order, read with pikepdf."""
    import pikepdf

    from csp_tui.exporters.pdf_check import _Tree

    with pikepdf.open(path) as pdf:
        return [kind for kind, *_ in _Tree(pdf, pdf.Root.StructTreeRoot).elements]


@needs_libreoffice
@pytest.mark.parametrize("board", ["demo", "200 items"])
def test_the_demo_and_a_200_item_board_pass_the_pdf_check(
        repo: Repository, db_path: Path, tmp_path: Path, capsys, board: str) -> None:
    """``csp export --format pdf --action-log``: no accessibility warning on the PDF
    LibreOffice made; one H1, headings in order, the plan's header cells as TH.
    ``--check --format pdf`` says the same and writes nothing."""
    from csp_tui.services.demo import build_demo
    from tests.unit.test_export_a11y import big_board

    mid = build_demo(repo) if board == "demo" else big_board(repo)
    out = tmp_path / "out"
    out.mkdir()
    code, _o, err = csp(capsys, "export", str(mid), "--db", db_path, "--format", "pdf",
                        "--action-log", "--out", out / "m.pdf", "--check")
    assert code in (0, 1) and "accessibility" not in _o
    assert list(out.iterdir()) == []
    code, stdout, err = csp(capsys, "export", str(mid), "--db", db_path, "--format", "pdf",
                            "--action-log", "--out", out / "m.pdf")
    assert code == 0, err
    assert "accessibility" not in err
    kinds = _tree(Path(stdout.strip()))
    headings = [int(k[1]) for k in kinds if re.fullmatch(r"H[1-6]", k)]
    assert headings[0] == 1 and headings.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(headings, headings[1:], strict=False))
    assert kinds.count("TH") == 8
    assert kinds.count("L") >= 1 and kinds.count("LI") >= kinds.count("L")


@needs_libreoffice
def test_circulate_with_pdf_writes_and_records_the_pdfs(
        repo: Repository, meeting: int, db_path: Path, tmp_path: Path, capsys) -> None:
    """``csp minutes circulate --pdf``: each circulated .docx and its tagged PDF,
    all four recorded with their SHA-256; the full PDF is private."""
    import hashlib

    from csp_tui.domain.models import MeetingState
    from csp_tui.exporters.pdf_check import pdf_warnings

    repo.versions.move_minutes(meeting, MeetingState.CLOSED)
    out = tmp_path / "out"
    out.mkdir()
    code, stdout, err = csp(capsys, "minutes", "circulate", "--db", db_path, "--meeting",
                            str(meeting), "--out", out, "--pdf")
    assert code == 0, err
    stem = "Community-Safety-Partnership-2021-03-31-minutes"
    names = [f"{stem}-v1.docx", f"{stem}-v1.pdf", f"{stem}-RESTRICTED-v1.docx",
             f"{stem}-RESTRICTED-v1.pdf"]
    assert [Path(line).name for line in stdout.splitlines()[:4]] == names
    assert sorted(p.name for p in out.iterdir()) == sorted(names)
    recorded = repo.versions.history(meeting)[-1].files
    assert recorded == {n: hashlib.sha256((out / n).read_bytes()).hexdigest() for n in names}
    for name in names[1::2]:
        assert pdf_warnings((out / name).read_bytes()) == []
    assert stat.S_IMODE((out / names[3]).stat().st_mode) & 0o077 == 0
    assert b"ZZSECRET" not in (out / names[1]).read_bytes()


def test_circulate_with_pdf_without_libreoffice_writes_nothing(
        repo: Repository, meeting: int, db_path: Path, tmp_path: Path, capsys,
        monkeypatch) -> None:
    from csp_tui.domain.models import MeetingState

    repo.versions.move_minutes(meeting, MeetingState.CLOSED)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(pdf, "USUAL_PLACES", ())
    out = tmp_path / "out"
    out.mkdir()
    state = repo.meetings.meeting(meeting).state
    code, stdout, err = csp(capsys, "minutes", "circulate", "--db", db_path, "--meeting",
                            str(meeting), "--out", out, "--pdf")
    assert code == 2 and stdout == "" and len(err.strip().splitlines()) == 1
    assert "libreoffice-writer-nogui" in err
    assert list(out.iterdir()) == [] and repo.meetings.meeting(meeting).state is state


def test_the_pdf_check_on_a_file_that_is_not_a_pdf() -> None:
    from csp_tui.exporters.pdf_check import pdf_warnings

    [warning] = pdf_warnings(b"not a pdf", "x.pdf")
    assert warning.startswith("accessibility: x.pdf could not be read to check it: ")
    assert "csp-pdf-check" not in warning
