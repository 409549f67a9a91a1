"""Outputs of the command line: no writing through links, private files, one clean line
per error, CSV cells a spreadsheet will not run."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import stat
from pathlib import Path

import pytest

from csp_tui.cli.main import main
from csp_tui.domain.models import Action, AgendaItem, Entry, Meeting, Person
from csp_tui.storage.repository import Repository


@pytest.fixture
def meeting_db(db_path: Path, clock) -> Path:
    """A meeting with a restricted item, people on the roster and an action whose text
    a spreadsheet would run as a formula."""
    repo = Repository.open(db_path, clock=clock)
    try:
        board = repo.meetings.board("Community Safety Partnership")
        jade = repo.people.add_person(Person(board_id=board.id, name="Jade Hodgson",
                                             email="jade@example.org"))
        m = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 3, 31)), [
            (AgendaItem(title="Open Item"), []),
            (AgendaItem(title="VRU Plan", restricted=True), []),
        ])
        items = {i.title: i for i in repo.meetings.items(m.id)}
        repo.minutes.add_entry(Entry(item_id=items["VRU Plan"].id, text="Secret line"))
        repo.minutes.add_action(Action(meeting_id=m.id, item_id=items["Open Item"].id,
                                       owner="Jade Hodgson", owner_ids=[jade.id],
                                       task='=HYPERLINK("http://evil","share the data")'))
    finally:
        repo.close()
    return db_path


def one_error_line(capsys) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err.rstrip("\n")


def test_roster_export_does_not_write_through_a_symbolic_link(meeting_db: Path,
                                                              tmp_path: Path, capsys):
    target_of_link = tmp_path / "bashrc"
    target_of_link.write_text("export PATH=/usr/bin\n")
    link = tmp_path / "roster.csv"
    link.symlink_to(target_of_link)
    assert main(["roster", "export", str(link), "--db", str(meeting_db)]) == 2
    assert one_error_line(capsys) == f"csp: {link} is a symbolic link; not following it"
    assert target_of_link.read_text() == "export PATH=/usr/bin\n"
    assert link.is_symlink()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_roster_export_is_private_and_replaces_the_old_file_whole(meeting_db: Path,
                                                                  tmp_path: Path, capsys):
    out = tmp_path / "roster.csv"
    out.write_text("an old roster that is longer than the new one\n" * 100)
    out.chmod(0o644)
    assert main(["roster", "export", str(out), "--db", str(meeting_db)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert rows == [["name", "post_title", "organisation", "email", "group"],
                    ["Jade Hodgson", "", "", "jade@example.org", "member"]]


def test_full_export_does_not_write_through_a_symbolic_link(meeting_db: Path,
                                                            tmp_path: Path, capsys):
    shared = tmp_path / "shared"
    shared.mkdir()
    public_copy = shared / "minutes.docx"
    public_copy.write_bytes(b"the published minutes")
    link = tmp_path / "minutes.docx"
    link.symlink_to(public_copy)
    assert main(["--db", str(meeting_db), "export", "--full", "--out", str(link)]) == 2
    assert one_error_line(capsys) == f"csp: {link} is a symbolic link; not following it"
    assert public_copy.read_bytes() == b"the published minutes"
    assert link.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["minutes.db", "minutes.docx",
                                                          "shared"]
    assert list(shared.iterdir()) == [public_copy]


def test_full_export_and_json_backup_are_private(meeting_db: Path, tmp_path: Path, capsys):
    old = os.umask(0o022)
    try:
        assert main(["--db", str(meeting_db), "export", "-o", str(tmp_path / "p.docx")]) == 0
        assert main(["--db", str(meeting_db), "export", "--full", "-o",
                     str(tmp_path / "f.docx")]) == 0
        assert main(["--db", str(meeting_db), "export", "--full", "--format", "json", "-o",
                     str(tmp_path / "b.json")]) == 0
    finally:
        os.umask(old)
    modes = {n: oct(stat.S_IMODE((tmp_path / n).stat().st_mode))
             for n in ("p.docx", "f.docx", "b.json")}
    assert modes == {"p.docx": "0o644", "f.docx": "0o600", "b.json": "0o600"}


def test_an_error_about_a_strange_path_is_one_clean_line(meeting_db: Path, tmp_path: Path,
                                                         capsys):
    folder = tmp_path / "no\nsuch\x1b]0;owned\x07"
    assert main(["--db", str(meeting_db), "export", "--out", str(folder / "m.docx")]) == 2
    line = one_error_line(capsys)
    assert "\x1b" not in line and "\x07" not in line
    assert "no\\nsuch\\x1b]0;owned\\x07" in line and "does not exist" in line


def test_actions_csv_cells_do_not_run_as_formulas(meeting_db: Path, capsys):
    assert main(["actions", "--db", str(meeting_db), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["action"] for r in rows] == ["'=HYPERLINK(\"http://evil\",\"share the data\")"]
    assert rows[0]["owner"] == "Jade Hodgson"
    assert rows[0]["id"] == "1"
