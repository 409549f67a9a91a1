"""Roster CSV import and export, and `csp roster` on the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from csp_tui.cli.main import main
from csp_tui.domain.models import Group
from csp_tui.exporters.roster_csv import export_roster
from csp_tui.services.roster import RosterError, import_roster
from csp_tui.storage.repository import Repository

FIXTURES = Path(__file__).parent.parent / "fixtures"
BOARD = "Community Safety Partnership"


def _people(repo: Repository):
    board = repo.meetings.board(BOARD)
    assert board.id is not None
    return repo.people.people(board.id)


def test_fixture_imports_every_person(repo: Repository) -> None:
    result = import_roster(repo, FIXTURES / "roster.csv")
    people = _people(repo)
    assert len(result.added) == len(people) == 31
    angie = next(p for p in people if p.name == "Angie Fuller")
    assert angie.post_title == "YOS Manager"
    assert angie.organisation == "London Borough of Barking and Dagenham"
    assert next(p for p in people if p.name == "Chris Lyons").group is Group.ADVISER
    # Importing again changes nothing and says so.
    again = import_roster(repo, FIXTURES / "roster.csv")
    assert (again.added, again.updated, len(again.unchanged)) == ([], [], 31)


def test_bom_extra_and_missing_columns(repo: Repository, tmp_path: Path) -> None:
    f = tmp_path / "r.csv"
    f.write_bytes("\ufeffName,Phone,Group\nZoë Brown,0207,Observer\nAl Green,,\n"
                  .encode("utf-8"))
    import_roster(repo, f)
    people = {p.name: p for p in _people(repo)}
    assert set(people) == {"Zoë Brown", "Al Green"}
    assert people["Zoë Brown"].group is Group.OBSERVER
    assert people["Al Green"].group is Group.MEMBER
    assert people["Al Green"].post_title == people["Al Green"].email == ""


def test_reimport_updates_details_in_one_undo_step(repo: Repository, tmp_path: Path) -> None:
    import_roster(repo, FIXTURES / "roster.csv")
    f = tmp_path / "r.csv"
    f.write_text("name,email\nangie fuller,angie@example.org\nNew Person,\n", encoding="utf-8")
    result = import_roster(repo, f)
    assert result.updated == ["angie fuller"] and result.added == ["New Person"]
    assert next(p for p in _people(repo) if p.name == "Angie Fuller").email == \
        "angie@example.org"
    repo.undo()
    people = _people(repo)
    assert len(people) == 31
    assert next(p for p in people if p.name == "Angie Fuller").email == ""


@pytest.mark.parametrize(("content", "message"), [
    (b"", "is empty"),
    (b"\n\n", "is empty"),
    ("name,group\nJosé Ruiz,member\n".encode("latin-1"), "not UTF-8"),
    ("name\nA B\n".encode("utf-16"), "UTF-16"),
    (b"full_name_x,post\nA,B\n", "no 'name' column"),
    (b"name\nAnn Lee\nBob Ray\nann lee\n", "line 4: 'ann lee' is already on line 2"),
    (b"name,group\nAnn Lee,chairperson\n", "group 'chairperson'"),
    (b"name,email\n,someone@example.org\n", "line 2: the name is empty"),
    (b"name\n", "no people"),
])
def test_bad_files_are_rejected_whole(repo: Repository, tmp_path: Path, content: bytes,
                                      message: str) -> None:
    import_roster(repo, FIXTURES / "roster.csv")
    before = [p.model_dump() for p in _people(repo)]
    f = tmp_path / "bad.csv"
    # A good row first: a half import would leave it behind.
    f.write_bytes(content)
    with pytest.raises(RosterError, match=message.replace("(", r"\(")):
        import_roster(repo, f)
    assert [p.model_dump() for p in _people(repo)] == before


def test_a_bad_row_late_in_the_file_leaves_nothing(repo: Repository, tmp_path: Path) -> None:
    f = tmp_path / "bad.csv"
    f.write_bytes(b"name\nFirst Person\nSecond Person\nFirst Person\n")
    with pytest.raises(RosterError):
        import_roster(repo, f)
    assert _people(repo) == []


def test_export_round_trips(repo: Repository, tmp_path: Path, db_path: Path) -> None:
    import_roster(repo, FIXTURES / "roster.csv")
    out = tmp_path / "out.csv"
    assert export_roster(repo, out) == 31
    assert out.read_bytes().startswith(b"\xef\xbb\xbfname,post_title,organisation,email,group")
    other = Repository.open(tmp_path / "other.db")
    try:
        import_roster(other, out)
        assert [p.model_dump(exclude={"id", "board_id"}) for p in _people(other)] == \
            [p.model_dump(exclude={"id", "board_id"}) for p in _people(repo)]
    finally:
        other.close()


def test_cli_import_list_export(db_path: Path, tmp_path: Path, capsys) -> None:
    db = ["--db", str(db_path)]
    assert main(["roster", "import", str(FIXTURES / "roster.csv"), *db]) == 0
    assert "31 added" in capsys.readouterr().out
    assert main(["roster", "list", *db]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 31 and out[0].startswith("Andy Opie")
    assert "adviser" in next(line for line in out if line.startswith("Jade Hodgson"))
    assert main(["roster", "export", str(tmp_path / "x.csv"), *db]) == 0
    assert "wrote 31 people" in capsys.readouterr().out


@pytest.mark.parametrize("content", [b"", b"name\nA\nA\n", b"nom\nA\n", b"\xff\xfe\x00bad"])
def test_cli_bad_file_exit_2_one_line(db_path: Path, tmp_path: Path, capsys,
                                      content: bytes) -> None:
    f = tmp_path / "bad.csv"
    f.write_bytes(content)
    assert main(["roster", "import", str(f), "--db", str(db_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("csp: ") and err.count("\n") == 1 and "Traceback" not in err


def test_cli_missing_file_and_unknown_board(db_path: Path, capsys) -> None:
    assert main(["roster", "import", "/no/such/file.csv", "--db", str(db_path)]) == 2
    assert "no such roster file" in capsys.readouterr().err
    # The failed import created no database; with one, an unknown board is named.
    assert main(["roster", "list", "--board", "Nope", "--db", str(db_path)]) == 2
    assert "no database at" in capsys.readouterr().err
    assert main(["new", "--date", "2021-03-31", "--db", str(db_path)]) == 0
    capsys.readouterr()
    assert main(["roster", "list", "--board", "Nope", "--db", str(db_path)]) == 2
    assert "no board called 'Nope'" in capsys.readouterr().err


def test_the_default_board_name_is_written_once() -> None:
    """Every default board (roster import included) is DEFAULT_BOARD, never a copy of
    its text."""
    import ast

    from csp_tui.domain.agenda import DEFAULT_BOARD

    package = Path(__file__).resolve().parents[2] / "csp_tui"
    copies = sorted(
        p.relative_to(package).as_posix()
        for p in package.rglob("*.py")
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and node.value == DEFAULT_BOARD)
    assert copies == ["domain/agenda.py"]
