"""The journal stays bounded: closing a meeting folds everything before the close into
one baseline that undo no longer reaches, while replay still rebuilds every table."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from test_journal import snapshot

from csp_tui.domain.models import Action, Entry, Meeting, MeetingState, Person
from csp_tui.storage.repository import Repository
from csp_tui.storage.schema import MIGRATIONS, journal_blocks


def a_meeting_taken(repo: Repository, lines: int) -> int:
    """A meeting minuted the way a note taker does: lines typed, some edited, some
    struck out, an action reassigned, a few changes undone."""
    meeting = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 3, 31)))
    board = repo.meetings.board("Community Safety Partnership")
    jade = repo.people.add_person(Person(board_id=board.id, name="Jade Hodgson"))
    items = repo.meetings.items(meeting.id)
    for n in range(lines):
        item = items[n % len(items)]
        repo.meetings.set_current(meeting.id, item.id)
        entry = repo.minutes.add_entry(Entry(item_id=item.id, text=f"The board noted point {n}."))
        if n % 3 == 0:
            repo.minutes.update_entry(entry.model_copy(update={"text": f"Point {n} was noted."}))
        if n % 5 == 0:
            repo.minutes.delete_entry(entry.id)
        if n % 7 == 0:
            action = repo.minutes.add_action(Action(meeting_id=meeting.id, item_id=item.id,
                                                    owner="Jade", owner_ids=[jade.id],
                                                    task=f"report back on {n}"))
            repo.minutes.update_action(action.id, owner="MPS", owner_ids=[], note="Reassigned.")
        if n % 11 == 0:
            repo.undo()
    return meeting.id


def journal_rows(repo: Repository) -> int:
    return repo.conn.execute("SELECT count(*) FROM journal").fetchone()[0]


def live_rows(repo: Repository) -> int:
    return sum(len(rows) for rows in snapshot(repo).values())


def test_closing_a_meeting_bounds_the_journal_and_keeps_replay(repo: Repository,
                                                               tmp_path: Path) -> None:
    mid = a_meeting_taken(repo, 120)
    before = journal_rows(repo)
    assert before > 2 * live_rows(repo)
    repo.meetings.set_state(mid, MeetingState.CLOSED)
    # One journal row per row kept (at most), plus the close itself.
    after = journal_rows(repo)
    assert after <= live_rows(repo) + 5 < before
    with Repository.open(tmp_path / "rebuilt.db") as target:
        repo.replay_journal_into(target)
        assert snapshot(target) == snapshot(repo)


def test_after_the_close_undo_takes_back_the_close_and_nothing_before(
        repo: Repository) -> None:
    mid = a_meeting_taken(repo, 30)
    repo.meetings.set_current(mid, repo.meetings.items(mid)[2].id)
    live = snapshot(repo)
    repo.meetings.set_state(mid, MeetingState.CLOSED)
    closed = snapshot(repo)
    assert repo.undo() == "mark the meeting closed"
    assert repo.meetings.meeting(mid).state is MeetingState.LIVE
    assert repo.undo() is None  # what came before the close is kept as it is
    assert snapshot(repo)["entries"] == live["entries"] == closed["entries"]


def test_changes_after_the_close_undo_and_replay_as_ever(repo: Repository,
                                                         tmp_path: Path) -> None:
    mid = a_meeting_taken(repo, 40)
    repo.meetings.set_state(mid, MeetingState.CLOSED)
    item = repo.meetings.items(mid)[4]
    kept = snapshot(repo)
    entry = repo.minutes.add_entry(Entry(item_id=item.id, text="Added after the meeting."))
    repo.minutes.update_entry(entry.model_copy(update={"text": "Corrected after the meeting."}))
    with Repository.open(tmp_path / "rebuilt.db") as target:
        repo.replay_journal_into(target)
        assert snapshot(target) == snapshot(repo)
    assert repo.undo() == "edit the paragraph 'Added after the meeting.'"
    assert repo.undo() == "add a paragraph"
    assert snapshot(repo) == kept
    # A second close folds the first baseline and what followed into one.
    repo.meetings.set_state(mid, MeetingState.CLOSED)
    assert repo.compact_journal() >= 0
    assert repo.undo() is None
    with Repository.open(tmp_path / "again.db") as target:
        repo.replay_journal_into(target)
        assert snapshot(target) == snapshot(repo)


def test_the_baseline_is_kept_in_compressed_blocks(repo: Repository, tmp_path: Path) -> None:
    """The folded rows are stored a block per table, compressed: the journal of a
    closed meeting takes less room than the minutes it can rebuild, not three times
    as much (a row of JSON each, with a timestamp, label and indexes)."""
    mid = a_meeting_taken(repo, 300)
    repo.meetings.set_state(mid, MeetingState.CLOSED)
    ops = dict(repo.conn.execute(
        "SELECT op, count(*) FROM journal WHERE txn = 0 GROUP BY op").fetchall())
    tables = repo.conn.execute("SELECT count(DISTINCT tbl) FROM journal WHERE txn = 0")
    assert ops == {"block": tables.fetchone()[0]}
    baseline = repo.conn.execute(
        "SELECT sum(length(after)) FROM journal WHERE txn = 0").fetchone()[0]
    minutes = repo.conn.execute(
        "SELECT sum(length(text)) + 8 * count(*) FROM entries").fetchone()[0]
    assert baseline < minutes
    with Repository.open(tmp_path / "rebuilt.db") as target:
        repo.replay_journal_into(target)
        assert snapshot(target) == snapshot(repo)


def test_a_baseline_written_a_row_each_still_folds_and_replays(repo: Repository,
                                                               tmp_path: Path) -> None:
    """A file compacted by an earlier csp holds its baseline a JSON row per row: the
    next close folds those rows into blocks, and replay reads both forms."""
    mid = a_meeting_taken(repo, 40)
    # The earlier form: each change a row of its own in the baseline transaction.
    repo.conn.execute("UPDATE journal SET txn = 0, label = 'compacted', session = NULL "
                      "WHERE undone = 0")
    repo.conn.execute("DELETE FROM journal WHERE undone = 1")
    repo.conn.commit()
    with Repository.open(tmp_path / "old-form.db") as target:
        repo.replay_journal_into(target)
        assert snapshot(target) == snapshot(repo)
    repo.minutes.add_entry(
        Entry(item_id=repo.meetings.items(mid)[3].id, text="Typed after the upgrade."))
    repo.meetings.set_state(mid, MeetingState.CLOSED)
    assert {op for (op,) in repo.conn.execute("SELECT op FROM journal WHERE txn = 0")} \
        == {"block"}
    with Repository.open(tmp_path / "rebuilt.db") as target:
        repo.replay_journal_into(target)
        assert snapshot(target) == snapshot(repo)


def test_closing_gives_the_folded_pages_back_to_the_disk(repo: Repository,
                                                         db_path: Path) -> None:
    """A file csp creates frees pages incrementally: after the close the journal's
    old pages are not kept as free space inside the file, and the file shrinks (what
    the minutes and the journal take, beyond an empty database's schema pages, by
    half: each table a migration adds costs every file a page)."""
    assert repo.conn.execute("PRAGMA auto_vacuum").fetchone()[0] == 2  # incremental
    with Repository.open(db_path.with_name("empty.db")) as empty:
        empty.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    schema = db_path.with_name("empty.db").stat().st_size
    mid = a_meeting_taken(repo, 300)
    repo.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = db_path.stat().st_size
    repo.meetings.set_state(mid, MeetingState.CLOSED)
    assert repo.conn.execute("PRAGMA freelist_count").fetchone()[0] == 0
    repo.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert db_path.stat().st_size - schema < (before - schema) / 2


def test_a_file_that_may_hold_blocks_is_one_an_older_csp_refuses(db_path: Path,
                                                                 tmp_path: Path) -> None:
    """An older csp reads every journal row as JSON: on a block it crashed at the next
    close (UnicodeDecodeError) and its replay failed. The block form has its own schema
    version, so an older csp says the file is newer and to upgrade; a file the csp
    before blocks wrote (version 7, its baseline a row each) is upgraded and folds."""
    with Repository.open(db_path) as repo:
        mid = a_meeting_taken(repo, 20)
        repo.conn.execute("PRAGMA user_version = 7")  # the csp before blocks left it so
    with Repository.open(db_path) as repo:
        version = repo.conn.execute("PRAGMA user_version").fetchone()[0]
        assert version >= MIGRATIONS.index(journal_blocks) + 1 > 7  # blocks, and later
        repo.meetings.set_state(mid, MeetingState.CLOSED)
        assert "block" in {op for (op,) in repo.conn.execute("SELECT op FROM journal")}
        with Repository.open(tmp_path / "rebuilt.db") as target:
            repo.replay_journal_into(target)
            assert snapshot(target) == snapshot(repo)


#: Closes meeting 1 of the file in argv[1] and dies (no cleanup, as a power cut would)
#: the moment the folded baseline starts to be written: after its DELETE.
_DIE_MID_COMPACTION = """
import os, sys
from csp_tui.domain.models import MeetingState
from csp_tui.storage.repository import Repository
repo = Repository.open(sys.argv[1])
def trace(sql):
    if sql.startswith("INSERT") and "'compacted'" in sql:
        os._exit(9)
repo.conn.set_trace_callback(trace)
repo.meetings.set_state(int(sys.argv[2]), MeetingState.CLOSED)
"""


def test_a_crash_mid_compaction_loses_nothing(db_path: Path, tmp_path: Path) -> None:
    """The fold is one transaction: a process killed after it deleted the old rows and
    before it wrote the baseline leaves the journal as it was (the close itself is
    committed), so undo and replay keep every line."""
    with Repository.open(db_path) as repo:
        mid = a_meeting_taken(repo, 30)
        before = repo.conn.execute("SELECT * FROM journal ORDER BY id").fetchall()
        kept = snapshot(repo)
    done = subprocess.run([sys.executable, "-c", _DIE_MID_COMPACTION, str(db_path),
                           str(mid)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 9, done.stderr
    with Repository.open(db_path) as repo:
        after = repo.conn.execute("SELECT * FROM journal ORDER BY id").fetchall()
        assert after[:len(before)] == before
        assert [r[3] for r in after[len(before):]] == ["mark the meeting closed"] * (
            len(after) - len(before)) != []
        assert repo.meetings.meeting(mid).state is MeetingState.CLOSED
        assert snapshot(repo)["entries"] == kept["entries"]
        with Repository.open(tmp_path / "rebuilt.db") as target:
            repo.replay_journal_into(target)
            assert snapshot(target) == snapshot(repo)
