"""`csp style list|show|check`, `csp board style` and `style:` in an agenda file,
through the real command line entry point: a bad style is one line naming the key and
its line, exit 2, and nothing written."""

from __future__ import annotations

from pathlib import Path

from csp_tui.cli.main import main
from csp_tui.storage.repository import Repository


def test_list_and_show(capsys) -> None:
    assert main(["style", "list"]) == 0
    out = capsys.readouterr().out
    assert "council-word-2021 (default): " in out and "committee: " in out
    assert main(["style", "show", "council-word-2021"]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith("# The council's Word minutes")
    assert 'sentence = "Restricted due to sensitive information."' in shown


def test_check_names_each_bad_key_and_its_line(tmp_path: Path, capsys) -> None:
    good = tmp_path / "good.toml"
    good.write_text('extends = "council-word-2021"\n[times]\nseparator = "."\n')
    assert main(["style", "check", str(good)]) == 0
    assert capsys.readouterr().out.endswith("good.toml: ok\n")

    bad_key = tmp_path / "key.toml"
    bad_key.write_text('extends = "council-word-2021"\n[actions]\npreffix = "A: "\n')
    assert main(["style", "check", str(bad_key)]) == 2
    assert capsys.readouterr().err.endswith("key.toml: line 3: actions.preffix: "
                                            "unknown key\n")

    bad_type = tmp_path / "type.toml"
    bad_type.write_text('extends = "council-word-2021"\n\n[lists]\nspace_after = "3pt"\n')
    assert main(["style", "check", str(bad_type)]) == 2
    assert capsys.readouterr().err.endswith("type.toml: line 4: lists.space_after: "
                                            "expected a whole number, not '3pt'\n")

    bad_parent = tmp_path / "parent.toml"
    bad_parent.write_text('extends = "council-word-1999"\n')
    assert main(["style", "check", str(bad_parent)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "parent.toml: line 1: extends: no style called 'council-word-1999'" in err


def test_board_style_keeps_a_checked_file_and_refuses_a_bad_one(tmp_path: Path,
                                                                capsys) -> None:
    db = str(tmp_path / "m.db")
    bad = tmp_path / "bad.toml"
    bad.write_text('extends = "council-word-2021"\n[times]\nseparator = 3\n')
    assert main(["--db", db, "board", "style", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "line 3: times.separator: expected text" in err
    assert not Path(db).exists()  # nothing written, not even the database

    ours = tmp_path / "ours.toml"
    ours.write_text('extends = "council-word-2021"\n[times]\nseparator = "."\n')
    assert main(["--db", db, "board", "style", str(ours)]) == 0
    ours.unlink()  # copied into the database: the file may move
    assert main(["--db", db, "board", "style"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "Community Safety Partnership: ours"
    with Repository.open(db) as repo:
        board = repo.meetings.board()
        assert repo.settings.board_style(board.id).times.separator == "."


def test_an_agenda_files_style_becomes_the_boards(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "m.db")
    agenda = tmp_path / "agenda.txt"
    agenda.write_text("board: Planning Committee\ndate: 2023-06-01\nstyle: committee\n\n"
                      "1. Apologies\n")
    assert main(["--db", db, "new", "--agenda", str(agenda)]) == 0
    with Repository.open(db) as repo:
        board = repo.meetings.board("Planning Committee")
        assert repo.settings.board_style_name(board.id) == "committee"

    agenda.write_text("board: Planning Committee\ndate: 2023-07-01\nstyle: mine.toml\n\n"
                      "1. Apologies\n")
    (tmp_path / "mine.toml").write_text('extends = "committee"\ncolour = "red"\n')
    capsys.readouterr()
    assert main(["--db", db, "new", "--agenda", str(agenda)]) == 2
    err = capsys.readouterr().err
    assert "line 3: style: " in err and "colour: unknown key" in err
    with Repository.open(db) as repo:
        assert len(repo.meetings.meetings()) == 1  # the bad file created nothing
