"""Undo is per session, and a database error is reported as itself: two windows on one
file (two repositories with their own sessions), and ``csp`` commands on a full disk."""

from __future__ import annotations

import datetime as dt
import resource
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from csp_tui.domain.models import Action, AgendaItem, Entry, Meeting
from csp_tui.storage.connection import StorageError
from csp_tui.storage.repository import Repository
from csp_tui.storage.schema import APPLICATION_ID, LATEST_VERSION


@pytest.fixture
def item(repo: Repository) -> AgendaItem:
    meeting = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 3, 31)),
                                           [(AgendaItem(title="Prevent Update"), [])])
    assert meeting.id is not None
    return repo.meetings.items(meeting.id)[0]


def texts(repo: Repository, item: AgendaItem) -> list[str]:
    return [e.text for e in repo.minutes.entries(item.id or 0)]


def test_two_windows_undo_only_their_own_lines(db_path: Path, repo: Repository,
                                               item: AgendaItem, clock) -> None:
    with Repository.open(db_path, clock=clock, session="window-a") as a, \
            Repository.open(db_path, clock=clock, session="window-b") as b:
        a.minutes.add_entry(Entry(item_id=item.id or 0, text="typed in window A"))
        b.minutes.add_entry(Entry(item_id=item.id or 0, text="typed in window B"))
        # A's undo takes back A's line, not B's newer one, and says B's was newer.
        undone = a.undo_own()
        assert undone.label == "add a paragraph"
        assert undone.newer_elsewhere == "add a paragraph"
        assert texts(repo, item) == ["typed in window B"]
        assert a.undo() is None  # A has nothing more of its own
        assert b.undo() == "add a paragraph"
        assert texts(repo, item) == []


def test_undo_is_refused_when_another_session_changed_the_same_row_since(
        db_path: Path, repo: Repository, item: AgendaItem, clock) -> None:
    with Repository.open(db_path, clock=clock, session="window-a") as a, \
            Repository.open(db_path, clock=clock, session="window-b") as b:
        entry = a.minutes.add_entry(Entry(item_id=item.id or 0, text="first words"))
        b.minutes.update_entry(entry.model_copy(update={"text": "first words, corrected in B"}))
        with pytest.raises(StorageError, match="cannot undo add a paragraph: changed since "
                                               "elsewhere"):
            a.undo()
        # Nothing changed: B's correction stands.
        assert texts(repo, item) == ["first words, corrected in B"]


def test_a_full_database_reports_the_full_disk_not_the_failed_rollback(
        repo: Repository, item: AgendaItem) -> None:
    pages = repo.conn.execute("PRAGMA page_count").fetchone()[0]
    repo.conn.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(StorageError, match=r"disk is full \(database or disk is full\)"):
        repo.minutes.add_entry(Entry(item_id=item.id or 0, text="x" * 100_000))
    assert texts(repo, item) == []
    # Room again: the same change goes through on the same connection.
    repo.conn.execute(f"PRAGMA max_page_count = {pages * 100}")
    repo.minutes.add_entry(Entry(item_id=item.id or 0, text="x" * 100_000))
    assert len(texts(repo, item)) == 1


def _small_disk() -> None:
    # Files cannot grow past 40 kB: the WAL fills up as it would on a full disk.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (40_000, 40_000))


@pytest.mark.parametrize("args", [
    ["actions", "update", "{action}", "--note", "x" * 60_000],
    ["new", "--date", "2021-06-30", "--board", "B" * 60_000],
    ["roster", "import", "{roster}", "--board", "Community Safety Partnership"],
], ids=["actions update", "new", "roster import"])
def test_a_write_command_on_a_full_disk_is_one_line_and_exit_2(
        db_path: Path, repo: Repository, item: AgendaItem, args: list[str],
        tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"  # big enough not to fit in 40 kB
    roster.write_text("name,post_title,organisation,email,group\n" + "".join(
        f"Person {n:04},{'Officer ' * 20},{'Council ' * 20},p{n}@x.invalid,member\n"
        for n in range(400)))
    action = repo.minutes.add_action(Action(meeting_id=item.meeting_id, item_id=item.id,
                                            owner="MPS", task="send the ward plan"))
    repo.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = repo.conn.execute("SELECT count(*) FROM journal").fetchone()[0]
    args = [a.replace("{action}", str(action.id)).replace("{roster}", str(roster))
            for a in args]
    done = subprocess.run([sys.executable, "-m", "csp_tui", "--db", str(db_path), *args],
                          capture_output=True, text=True, timeout=60, preexec_fn=_small_disk)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "nothing was saved" in done.stderr
    assert repo.conn.execute("SELECT count(*) FROM journal").fetchone()[0] == before


def test_a_version_6_database_gains_sessions_and_its_old_changes_are_no_ones(
        db_path: Path, clock) -> None:
    with Repository.open(db_path, clock=clock) as repo:
        meeting = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 3, 31)),
                                               [(AgendaItem(title="Prevent Update"), [])])
        repo.minutes.add_entry(
            Entry(item_id=repo.meetings.items(meeting.id or 0)[0].id or 0, text="Noted."))
    # Back to version 6 as the csp before sessions left it.
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.executescript("DROP INDEX journal_session; ALTER TABLE journal DROP COLUMN session; "
                       "PRAGMA user_version = 6; "
                       f"PRAGMA application_id = {APPLICATION_ID};")
    conn.close()
    with Repository.open(db_path, clock=clock) as repo:
        assert repo.conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION >= 7
        assert {s for (s,) in repo.conn.execute("SELECT session FROM journal")} == {None}
        # No one can tell who made them: not undone, and the minutes stay as they were.
        assert repo.undo() is None
        first = repo.meetings.items(meeting.id or 0)[0]
        assert [e.text for e in repo.minutes.entries(first.id or 0)] == [
            "Noted."]
        # New changes are this session's and undo as before.
        repo.minutes.add_phrase("The board noted the report.")
        assert repo.undo() == "add a phrase"
