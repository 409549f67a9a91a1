"""Papers on agenda items (issue 27): stored in the database, in agenda order, undone
with the rest, restricted with their item, and refused with one line when they are not
a document; the Pages column's ranges; the agenda .docx's accessible structure."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pikepdf
import pytest
from docx import Document

from csp_tui.cli.main import main
from csp_tui.domain.papers import page_range, pages_column, paper_restricted
from csp_tui.domain.restriction import lookup
from csp_tui.exporters.agenda_doc import agenda_view, build_agenda_docx
from csp_tui.exporters.docx_writer import read_docx_text, save_docx
from csp_tui.services import papers as paper_service
from csp_tui.services.input_files import InputFileError
from csp_tui.storage.repository import Repository
from tests.agenda_board import PAPERS, make_board
from tests.papers_gen import docx_paper, pdf_paper
from tests.unit.test_export_a11y import outline_levels

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def board(repo: Repository, tmp_path: Path) -> int:
    return make_board(repo, tmp_path)


def csp(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_papers_are_stored_whole_in_agenda_order(repo: Repository, board: int,
                                                 tmp_path: Path) -> None:
    papers = repo.papers.papers(board)
    assert [p.title for p in papers] == [v[2] for v in PAPERS.values()]
    assert [p.kind for p in papers] == ["docx", "pdf", "odt", "pdf", "docx"]
    # The bytes are the file's, and stay when the file moves away.
    fire = tmp_path / "fire.docx"
    data = fire.read_bytes()
    fire.unlink()
    assert repo.papers.paper_content(papers[0]) == data


def test_a_paper_on_a_restricted_item_is_restricted(repo: Repository, board: int) -> None:
    item_of = lookup(repo.meetings.items(board))
    assert [paper_restricted(p, item_of) for p in repo.papers.papers(board)] == [
        False, False, False, True, False]


def test_detach_and_deleting_the_item_are_undone(repo: Repository, board: int) -> None:
    first = repo.papers.papers(board)[0]
    repo.papers.detach_paper(first.id)
    assert first.id not in [p.id for p in repo.papers.papers(board)]
    repo.undo()
    assert repo.papers.paper_content(repo.papers.paper(first.id))
    repo.delete_item(first.item_id)
    assert first.id not in [p.id for p in repo.papers.papers(board)]
    repo.undo()
    assert repo.papers.paper(first.id).title == first.title


def test_a_file_no_paper_or_undo_can_reach_is_removed(repo: Repository, board: int,
                                                      tmp_path: Path) -> None:
    item_id = repo.papers.papers(board)[0].item_id
    extra = repo.papers.attach_paper(item_id, "Extra", "x.pdf", "pdf", b"%PDF-1.4 unique bytes")
    repo.papers.detach_paper(extra.id)
    count = "SELECT count(*) FROM paper_files WHERE sha256 = ?"
    # Still named by the journal: undo may bring it back.
    assert repo.conn.execute(count, (extra.sha256,)).fetchone()[0] == 1
    repo.conn.execute("DELETE FROM journal WHERE tbl = 'papers'")
    repo.papers.detach_paper(repo.papers.papers(board)[0].id)
    assert repo.conn.execute(count, (extra.sha256,)).fetchone()[0] == 0


def test_pages_column() -> None:
    assert page_range(1, 10) == "1 - 10"
    assert page_range(11, 1) == "11"
    assert page_range(5, 0) == ""


def test_pages_column_says_restricted_in_the_public_pack(repo: Repository,
                                                         board: int) -> None:
    items = repo.meetings.items(board)
    by_number = {i.number: i.id for i in items}
    counts = {by_number["4"]: 3, by_number["5"]: 2, by_number["8"]: 1}
    has = {p.item_id for p in repo.papers.papers(board)}.__contains__
    public = pages_column(items, counts, full=False, has_papers=has)
    assert [public[by_number[n]] for n in "45678"] == ["1 - 3", "4 - 5", "", "Restricted",
                                                      "6"]
    full = pages_column(items, {**counts, by_number["7"]: 2}, full=True, has_papers=has)
    assert [full[by_number[n]] for n in "45678"] == ["1 - 3", "4 - 5", "", "6 - 7", "8"]


# ------------------------------------------------------------------ bad input


def _encrypted_pdf(path: Path) -> Path:
    pdf_paper(path, "Locked")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(owner="o", user="u"))
    return path


@pytest.mark.parametrize(("make", "says"), [
    (lambda p: p.write_text("just some text\n"), "is not a document"),
    (lambda p: p.write_bytes(b"%PDF-1.4\nthis is not a pdf at all"), "is a damaged PDF"),
    (_encrypted_pdf, "password-protected PDF"),
    (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600),
     "password-protected (encrypted)"),
    (lambda p: p.write_bytes(b"PK\x03\x04 broken zip"), "is damaged"),
    (lambda p: zipfile.ZipFile(p, "w").writestr("a.txt", "x"), "is not a document"),
])
def test_a_bad_paper_is_one_line_naming_it(capsys, repo: Repository, board: int,
                                           db_path: Path, tmp_path: Path, make,
                                           says: str) -> None:
    bad = tmp_path / "paper.docx"
    make(bad)
    before = len(repo.papers.papers(board))
    code, out, err = csp(capsys, "agenda", "attach", "4", bad, "--db", db_path)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and str(bad) in err and says in err, err
    assert len(repo.papers.papers(board)) == before


def test_a_paper_over_the_size_limit_is_refused(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(paper_service, "MAX_PAPER_BYTES", 10_000)
    big = docx_paper(tmp_path / "big.docx", "Big")
    with pytest.raises(InputFileError, match="too large for a paper"):
        paper_service.read_paper(big)


def test_cli_attach_list_detach(capsys, repo: Repository, board: int, db_path: Path,
                                tmp_path: Path) -> None:
    code, out, _ = csp(capsys, "agenda", "list", "--db", db_path)
    assert code == 0
    assert "7. Gang Exploitation Casework (Rita Chadha)" in out
    assert "CONFIDENTIAL casework names (pdf, 1 KB) [restricted]" in out
    new = docx_paper(tmp_path / "late_paper.docx", "Late")
    code, out, _ = csp(capsys, "agenda", "attach", "9", new, "--db", db_path)
    assert code == 0 and "late paper (docx" in out and "Hate Crime Update" in out
    pid = out.split(":")[0].split()[1]
    code, out, _ = csp(capsys, "agenda", "detach", pid, "--db", db_path)
    assert code == 0 and out.startswith(f"removed paper {pid}")
    code, _, err = csp(capsys, "agenda", "attach", "99", new, "--db", db_path)
    assert code == 2 and "no agenda item '99'" in err


def test_pack_check_lists_presenters_without_a_paper(capsys, repo: Repository, board: int,
                                                     db_path: Path) -> None:
    code, out, _ = csp(capsys, "agenda", "pack", "--check", "--db", db_path)
    # Item 9 has a presenter and no paper; the standard items are not asked about.
    assert code == 1
    assert out == "no paper yet: 9. Hate Crime Update (Greg Tillett)\n"


# ------------------------------------------------------------------ the agenda document


def test_agenda_docx_structure(repo: Repository, board: int, tmp_path: Path) -> None:
    view = agenda_view(repo, board, full=False)
    path = save_docx(build_agenda_docx(view), tmp_path / "agenda.docx", private=False)
    doc = Document(str(path))
    assert doc.core_properties.title == ("Community Safety Partnership agenda, Tuesday, "
                                         "12 September 2017")
    assert doc.core_properties.language == "en-GB"
    langs = doc.styles.element.xpath("./w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val")
    assert langs == ["en-GB"]
    levels = outline_levels(doc)
    headings = [(levels.get(p.style.style_id), p.text) for p in doc.paragraphs
                if p.style.style_id in levels]
    assert headings == [(0, "Community Safety Partnership"), (1, "AGENDA"),
                        (1, "MEMBERSHIP"), (2, "Advisers")]
    agenda, members, advisers = doc.tables
    for table in doc.tables:
        assert table._tbl.find(f"{W}tr/{W}trPr/{W}tblHeader") is not None
    assert [c.text for c in agenda.rows[0].cells] == ["No.", "Item", "Presenter",
                                                      "Time allowed", "Pages"]
    assert [c.text for c in agenda.rows[4].cells] == ["4.", "Fire Safety Review",
                                                      "Stephen Norman", "30 minutes", ""]
    assert agenda.rows[7].cells[1].text == "RESTRICTED: Gang Exploitation Casework"
    # The roster's order, not the alphabet's; advisers apart.
    assert [r.cells[0].text for r in members.rows[1:]] == ["Zoe Chair", "Adam Police",
                                                            "Mary Health"]
    assert [c.text for c in advisers.rows[1].cells] == ["Bob Adviser", "MOPAC Link Officer",
                                                         "MOPAC"]
    text = read_docx_text(path)
    assert "Date and Time: Tuesday, 12 September 2017, 2:00 pm - 5:00 pm" in text
    assert "Venue: Conference Room 1, Barking Learning Centre" in text
    # No empty paragraphs for spacing.
    assert all(p.text.strip() for p in doc.paragraphs)


def test_cli_agenda_export(capsys, board: int, db_path: Path, tmp_path: Path) -> None:
    code, out, _ = csp(capsys, "agenda", "export", "--out", tmp_path, "--db", db_path)
    assert code == 0
    path = Path(out.strip())
    assert path.name == "Community-Safety-Partnership-2017-09-12-agenda.docx"
    assert "AGENDA" in read_docx_text(path)


