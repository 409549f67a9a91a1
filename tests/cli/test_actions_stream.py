"""``csp actions --all`` streams: rows are printed as they are read, in every format,
so memory stays flat however many actions ten years of boards hold."""

from __future__ import annotations

import datetime as dt
import io
import json
import tracemalloc
from pathlib import Path

import pytest

from csp_tui.cli import actions_output
from csp_tui.cli.main import main
from csp_tui.domain.models import Meeting
from csp_tui.storage.action_query import ActionRows, Filters
from csp_tui.storage.connection import open_readonly
from csp_tui.storage.repository import Repository


class Sink(io.TextIOBase):
    """An output that keeps nothing but a count, so that only csp's memory is measured."""

    def __init__(self) -> None:
        self.chars = 0

    def write(self, text: str) -> int:
        self.chars += len(text)
        return len(text)

    def isatty(self) -> bool:
        return False


def board_with(path: Path, actions: int) -> Path:
    """A database with one meeting holding ``actions`` actions (bulk-inserted: the
    repository's own writes are tested elsewhere; this is about reading many)."""
    with Repository.open(path) as repo:
        meeting = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 3, 31)))
        item = repo.meetings.items(meeting.id)[3]
        with repo.transaction("bulk"):
            repo.conn.executemany(
                "INSERT INTO actions (meeting_id, item_id, position, owner, task, due, "
                "status, created) VALUES (?, ?, ?, 'Jade Hodgson', ?, '2021-04-30', ?, "
                "'2021-03-31T10:00:00+00:00')",
                [(meeting.id, item.id, n, f"circulate report number {n}",
                  "completed" if n % 3 else "open") for n in range(actions)])
    return path


def peak(path: Path, fmt: str) -> int:
    """Peak bytes allocated while printing every action of ``path`` as ``fmt``."""
    conn = open_readonly(path)
    try:
        tracemalloc.start()
        written = actions_output.write_actions(
            ActionRows(conn, Filters(include_closed=True)), fmt, Sink())
        top = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    finally:
        conn.close()
    assert written > 0
    return top


@pytest.mark.parametrize("fmt", ["json", "csv", "md", "table"])
def test_memory_is_flat_in_the_number_of_rows(tmp_path: Path, fmt: str) -> None:
    small = peak(board_with(tmp_path / "small.db", 2_000), fmt)
    big = peak(board_with(tmp_path / "big.db", 20_000), fmt)
    # Ten times the rows; gathering them would take about ten times the memory.
    assert big < 2 * small, (small, big)


def test_json_is_one_row_a_line_and_parses_back(tmp_path: Path, capsys) -> None:
    path = board_with(tmp_path / "m.db", 3)
    assert main(["actions", "--db", str(path), "--all", "--format", "json"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "[" and lines[-1] == "]" and len(lines) == 5
    rows = json.loads(out)
    assert [r["action"] for r in rows] == [f"circulate report number {n}" for n in range(3)]
    assert json.loads(lines[1].rstrip(",")) == rows[0]


def test_no_rows_is_an_empty_list_in_json(tmp_path: Path, capsys) -> None:
    path = board_with(tmp_path / "m.db", 0)
    assert main(["actions", "--db", str(path), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
