"""Every query the app runs on a key, an Enter, ``/next`` and ``/undo`` is answered from
an index: none reads the whole of ``actions``, ``entries`` or ``journal``, the tables
that grow with every meeting. The statements are the ones the real app sends (traced on
its connection), each planned with ``EXPLAIN QUERY PLAN``."""

from __future__ import annotations

import re
import sqlite3

from app_helpers import (  # noqa: F401 - utc_zone is an autouse fixture
    enter_line,
    make_app,
    small_meeting,
    utc_zone,
)

from csp_tui.domain.models import Action, Entry, line_order
from csp_tui.storage.repository import Repository

SIZE = (120, 40)
GROWING = ("actions", "entries", "journal")


def full_reads(conn: sqlite3.Connection, statements: list[str]) -> list[str]:
    """The statements whose plan reads a growing table whole.

    ``SCAN t`` is a full read, with or without an index (a covering index scan still
    reads every row's entry). A ``SEARCH t`` with no constraint in brackets is SQLite's
    min/max shortcut walking an index (or the table) that does not start with the
    ``WHERE`` column: a full read too, unless the statement has no ``WHERE`` at all
    (``max(txn)`` on the index of ``txn`` reads one entry).
    """
    bad = []
    for sql in dict.fromkeys(statements):
        if not re.match(r"\s*(SELECT|UPDATE|DELETE|INSERT|WITH)\b", sql, re.I):
            continue
        for _id, _parent, _unused, detail in conn.execute(f"EXPLAIN QUERY PLAN {sql}"):
            for table in GROWING:
                unbounded = (re.match(rf"SEARCH {table}\b", detail) and "(" not in detail
                             and re.search(r"\bWHERE\b", sql, re.I))
                if re.match(rf"SCAN {table}\b", detail) or unbounded:
                    bad.append(f"{detail}: {sql}")
    return bad


def trace(repo: Repository) -> list[str]:
    """Start recording the statements sent on the repository's connection."""
    seen: list[str] = []
    repo.conn.set_trace_callback(seen.append)
    return seen


async def test_a_key_an_enter_next_and_undo_read_no_growing_table_whole(repo, clock):
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await enter_line(pilot, "/next")
        await enter_line(pilot, "/a Jade Hodgson to circulate the slides by 2021-04-30")
        seen = trace(repo)
        await pilot.press("T", "h", "e")
        await pilot.pause()
        await enter_line(pilot, "The board noted the report.")
        await enter_line(pilot, "/a Jade Hodgson to bring the figures")
        await enter_line(pilot, "/next")
        await enter_line(pilot, "/undo")
        await enter_line(pilot, "/prev")
        repo.conn.set_trace_callback(None)
    assert any("INSERT INTO \"entries\"" in s for s in seen)  # the trace saw the Enter
    assert full_reads(repo.conn, seen) == []


def test_the_repository_paths_of_a_meeting_read_no_growing_table_whole(repo, clock):
    mid = small_meeting(repo)
    item = repo.meetings.items(mid)[3]
    seen = trace(repo)
    entry = repo.minutes.add_entry(Entry(item_id=item.id, text="Noted."))
    action = repo.minutes.add_action(Action(meeting_id=mid, item_id=item.id, owner="MPS",
                                            task="report back"))
    repo.minutes.move_line("entries", entry.id, 1)
    repo.minutes.update_action(action.id, note="Started.")
    # The item pane's pages: the first, after an entry, after an action.
    repo.minutes.item_lines(item.id)
    repo.minutes.item_lines(item.id, line_order(entry))
    repo.minutes.item_lines(item.id, line_order(action), 1)
    repo.minutes.carried_actions(mid)
    repo.record(mid)
    repo.delete_item(item.id)
    repo.undo()
    repo.conn.set_trace_callback(None)
    assert full_reads(repo.conn, seen) == []


def test_the_check_finds_a_full_read(repo) -> None:
    # The guard itself: a query by a column no index starts with is caught, whether
    # SQLite plans it as a scan or as its min/max shortcut.
    assert len(full_reads(repo.conn, ["SELECT id FROM actions WHERE task = 'x'",
                                  "SELECT max(position) FROM entries WHERE kind = 'x'"])) == 2


async def test_an_enter_reads_the_current_items_lines_not_the_meetings(repo, clock):
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await enter_line(pilot, "/next")
        await enter_line(pilot, "/a Jade Hodgson to circulate the slides")
        seen = trace(repo)
        await enter_line(pilot, "The board noted the report.")
        repo.conn.set_trace_callback(None)
    # The item pane asks for its own item's actions (by the item's index), not for the
    # whole meeting's to filter; the agenda is read by the line, the screen and the
    # clock bar once each (not again for the item and its restriction).
    assert not [s for s in seen if "actions.meeting_id = " in s]
    assert len([s for s in seen if re.search(r"FROM items WHERE meeting_id = \d+ ORDER", s)]) <= 3
