"""Every path csp prints is absolute (and on one line), however it was typed: the file
written by each command, and the file named in an error."""

from __future__ import annotations

from pathlib import Path

import pytest

from csp_tui.cli.main import main

AGENDA = """date: 2019-12-11
1. Introductions | Chair | 5 mins
2. Any Other Business
"""


@pytest.fixture
def here(tmp_path: Path, monkeypatch) -> Path:
    """A working folder with a meeting in ``m.db``; every path below is typed relative
    to it, with a detour (``sub/..``) that an absolute path must not keep."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    (tmp_path / "agenda.txt").write_text(AGENDA, encoding="utf-8")
    assert main(["new", "--db", "m.db", "--agenda", "agenda.txt"]) == 0
    assert main(["actions", "--db", "m.db"]) == 0
    return tmp_path


def last_line(capsys) -> str:
    return capsys.readouterr().out.strip().splitlines()[-1]


@pytest.mark.parametrize("args, written, shown", [
    (["export", "--out", "sub/../x.md"], "x.md", "{}"),
    (["export", "--out", "sub/"], "sub/Community-Safety-Partnership-2019-12-11-minutes.docx",
     "{}"),
    (["export", "--format", "json", "--full", "-o", "./backup.json"], "backup.json", "{}"),
    (["actions", "export", "--docx", "sub/../log.docx"], "log.docx",
     "wrote 0 actions to {}"),
    (["roster", "export", "sub/../roster.csv"], "roster.csv", "wrote 0 people to {}"),
])
def test_each_file_written_is_printed_absolute(here: Path, capsys, args, written, shown):
    capsys.readouterr()
    assert main(["--db", "m.db", *args]) == 0
    assert (here / written).exists()
    assert last_line(capsys) == shown.format(here / written)


def test_csp_check_names_the_file_absolute(here: Path, capsys):
    assert main(["check", "--db", "sub/../m.db"]) == 0
    assert last_line(capsys) == f"{here / 'm.db'}: ok"


def test_the_demo_database_is_printed_absolute(here: Path, capsys):
    assert main(["demo", "--db", "sub/../demo.db", "--create-only"]) == 0
    assert last_line(capsys) == str(here / "demo.db")


@pytest.mark.parametrize("args, message", [
    (["actions", "--db", "sub/../none.db"], "no database at {here}/none.db;"),
    (["export", "--db", "sub"], "{here}/sub is a folder, not a csp database"),
    (["actions", "--db", "sub/../bad.txt"],
     "{here}/bad.txt is not a csp database (not an SQLite file)"),
    (["--db", "sub/../bad.txt", "roster", "list"],
     "{here}/bad.txt is not a csp database (not an SQLite file)"),
    (["export", "--db", "m.db", "--template", "sub/../bad.txt"],
     "the template {here}/bad.txt is not a Word .docx or .dotx file"),
    (["new", "--db", "new.db", "--agenda", "sub/../bad.txt"],
     "{here}/bad.txt: line 2: minutes must be a whole number"),
    (["--db", "m.db", "transcript", "import", "sub/../nope.vtt"],
     "{here}/nope.vtt: no such transcript"),
    (["--db", "m.db", "import", "sub/../nope.json"], "{here}/nope.json: no such file"),
    (["--db", "m.db", "roster", "import", "sub/../nope.csv"],
     "{here}/nope.csv: no such roster file"),
    (["--db", "m.db", "attendance", "import", "sub/../nope.csv"],
     "{here}/nope.csv: no such Teams attendance report"),
    (["check", "--db", "sub/../torn.db"], "{here}/torn.db is corrupt ("),
    (["--db", "m.db", "minutes", "circulate", "--out", "sub/../none"],
     "--out must be an existing folder: {here}/none"),
])
def test_a_file_named_in_an_error_is_absolute(here: Path, capsys, args, message):
    (here / "bad.txt").write_text("date: 2019-12-12\n1. Intro | Chair | ten mins\n",
                                  encoding="utf-8")
    # A csp file whose page map (page 2) is overwritten: ``csp check`` finds it damaged.
    data = bytearray((here / "m.db").read_bytes())
    data[4106:4306] = b"\x07" * 200
    (here / "torn.db").write_bytes(bytes(data))
    capsys.readouterr()
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message.format(here=here) in err, err
