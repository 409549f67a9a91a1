"""The journal: every insert, update and delete is recorded with what it changed, undone
exactly (one transaction at a time), and replayed into an empty database."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest

from csp_tui.domain.models import Action, AgendaItem, Entry, EntryKind, Meeting, Person
from csp_tui.storage.connection import StorageError
from csp_tui.storage.repository import Repository

TABLES = ("boards", "people", "meetings", "attendance", "items", "timings", "entries",
          "actions", "action_owners", "action_updates", "forward_plan", "phrases",
          "accepted_names")


def snapshot(repo: Repository) -> dict[str, list[tuple]]:
    """Every row of every content table (not the journal itself)."""
    return {t: repo.conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall()
            for t in TABLES}


def journal(repo: Repository, txn: int | None = None) -> list[dict]:
    """The journal's rows (of one transaction), with before and after decoded."""
    where, args = ("WHERE txn = ?", (txn,)) if txn is not None else ("", ())
    cur = repo.conn.execute(
        f"SELECT txn, label, op, tbl, row_id, before, after, undone FROM journal {where} "
        "ORDER BY id", args)
    names = [c[0] for c in cur.description]
    rows = [dict(zip(names, r, strict=True)) for r in cur]
    for r in rows:
        r["before"] = json.loads(r["before"]) if r["before"] else None
        r["after"] = json.loads(r["after"]) if r["after"] else None
    return rows


def last_txn(repo: Repository) -> int:
    return repo.conn.execute("SELECT max(txn) FROM journal").fetchone()[0]


@pytest.fixture
def item(repo: Repository) -> AgendaItem:
    meeting = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 3, 31)),
                                           [(AgendaItem(title="Prevent Update"), [])])
    return repo.meetings.items(meeting.id)[0]


def test_an_insert_is_recorded_and_undone_exactly(repo: Repository, item: AgendaItem) -> None:
    before = snapshot(repo)
    entry = repo.minutes.add_entry(Entry(item_id=item.id, text="The update was noted."))
    [row] = journal(repo, last_txn(repo))
    assert row["label"] == "add a paragraph"
    assert (row["op"], row["tbl"], row["row_id"], row["before"]) == \
        ("insert", "entries", entry.id, None)
    assert row["after"] == {"id": entry.id, "item_id": item.id, "position": 0,
                            "kind": "paragraph", "text": "The update was noted."}
    assert repo.undo() == "add a paragraph"
    assert snapshot(repo) == before
    assert journal(repo, row["txn"])[0]["undone"] == 1


def test_an_update_records_only_what_changed_and_is_undone_exactly(
        repo: Repository, item: AgendaItem) -> None:
    entry = repo.minutes.add_entry(Entry(item_id=item.id, text="The update was noted."))
    before = snapshot(repo)
    repo.minutes.update_entry(entry.model_copy(update={"kind": EntryKind.DECISION,
                                                       "text": "The board agreed the plan."}))
    [row] = journal(repo, last_txn(repo))
    assert (row["op"], row["tbl"], row["row_id"]) == ("update", "entries", entry.id)
    assert row["before"] == {"kind": "paragraph", "text": "The update was noted."}
    assert row["after"] == {"kind": "decision", "text": "The board agreed the plan."}
    repo.undo()
    assert snapshot(repo) == before


def test_a_delete_keeps_the_whole_row_and_undo_brings_it_back(
        repo: Repository, item: AgendaItem) -> None:
    board = repo.meetings.board("Community Safety Partnership")
    jade = repo.people.add_person(Person(board_id=board.id, name="Jade Hodgson"))
    mark = repo.people.add_person(Person(board_id=board.id, name="Mark Long"))
    action = repo.minutes.add_action(Action(meeting_id=item.meeting_id, item_id=item.id,
                                            owner="Jade Hodgson and Mark Long",
                                            owner_ids=[jade.id, mark.id], task="book the room"))
    repo.minutes.update_action(action.id, note="Room booked for June.")
    before = snapshot(repo)
    repo.minutes.delete_action(action.id)
    rows = journal(repo, last_txn(repo))
    assert [(r["op"], r["tbl"]) for r in rows] == [("delete", "action_updates"),
                                                  ("delete", "actions")]
    # The owners go with the action (ON DELETE CASCADE): the journal keeps them.
    assert rows[1]["before"]["_owners"] == [jade.id, mark.id]
    assert rows[1]["before"]["task"] == "book the room"
    assert repo.conn.execute("SELECT count(*) FROM action_owners").fetchone()[0] == 0
    assert repo.undo() == "delete Jade Hodgson and Mark Long's action"
    assert snapshot(repo) == before
    assert repo.minutes.action(action.id).owner_ids == [jade.id, mark.id]


def test_undo_steps_back_one_transaction_at_a_time(repo: Repository, item: AgendaItem) -> None:
    states = [snapshot(repo)]
    for text in ("First.", "Second.", "Third."):
        repo.minutes.add_entry(Entry(item_id=item.id, text=text))
        states.append(snapshot(repo))
    repo.minutes.move_line("entries", repo.minutes.entries(item.id)[2].id,
                           -2)  # one txn, several updates
    assert len(journal(repo, last_txn(repo))) == 3
    for expected in reversed(states):
        repo.undo()
        assert snapshot(repo) == expected


def test_a_failed_change_leaves_neither_rows_nor_journal(repo: Repository,
                                                         item: AgendaItem) -> None:
    before, logged = snapshot(repo), journal(repo)
    with pytest.raises(RuntimeError), repo.transaction("half a change"):
        repo.journal.insert("entries", {"item_id": item.id, "position": 0, "text": "Half."})
        raise RuntimeError("the power went")
    assert snapshot(repo) == before
    assert journal(repo) == logged


def test_replay_rebuilds_every_table_from_the_journal(repo: Repository, item: AgendaItem,
                                                      tmp_path: Path) -> None:
    board = repo.meetings.board("Community Safety Partnership")
    jade = repo.people.add_person(Person(board_id=board.id, name="Jade Hodgson"))
    entry = repo.minutes.add_entry(Entry(item_id=item.id, text="Noted."))
    repo.minutes.update_entry(entry.model_copy(update={"text": "Noted by the board."}))
    action = repo.minutes.add_action(Action(meeting_id=item.meeting_id, item_id=item.id,
                                    owner="Jade Hodgson", owner_ids=[jade.id], task="write"))
    repo.minutes.update_action(action.id, owner="Jade", owner_ids=[], note="Reassigned.")
    gone = repo.minutes.add_entry(Entry(item_id=item.id, text="Struck out."))
    repo.minutes.delete_entry(gone.id)
    repo.minutes.add_entry(Entry(item_id=item.id, text="Undone later."))
    repo.undo()
    with Repository.open(tmp_path / "rebuilt.db") as target:
        assert repo.replay_journal_into(target) == len(
            [r for r in journal(repo) if not r["undone"]])
        assert snapshot(target) == snapshot(repo)


def test_undo_of_a_deleted_meeting_gives_its_current_item_back(repo: Repository,
                                                               item: AgendaItem) -> None:
    repo.meetings.set_current(item.meeting_id, item.id)
    before = snapshot(repo)
    repo.delete_meeting(item.meeting_id)
    assert repo.meetings.meetings() == []
    repo.undo()
    assert snapshot(repo) == before
    assert repo.meetings.meeting(item.meeting_id).current_item_id == item.id


def test_the_repository_closes_when_the_block_fails(db_path: Path) -> None:
    with pytest.raises(RuntimeError), Repository.open(db_path) as repo:
        meeting = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 3, 31)))
        conn = repo.conn
        raise RuntimeError("the app crashed")
    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        conn.execute("SELECT 1")
    # What was committed before the failure is there, and nothing holds the file.
    with Repository.open(db_path) as again:
        assert [m.id for m in again.meetings.meetings()] == [meeting.id]
        again.minutes.add_phrase("The board noted the report.")


def test_a_change_while_another_program_writes_is_one_line(db_path: Path,
                                                           item: AgendaItem) -> None:
    holder = sqlite3.connect(db_path, isolation_level=None, timeout=0)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with Repository.open(db_path, checked=True) as other:
            other.conn.execute("PRAGMA busy_timeout = 0")
            with pytest.raises(StorageError, match="locked by another program"):
                other.meetings.save_draft(item.meeting_id, "half a sentence")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
