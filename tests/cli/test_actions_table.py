"""``csp actions`` on a terminal: the box table fits the window by wrapping between
words, the widest free-text column giving way first; only a word longer than its
column can be is ever broken."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest

from csp_tui.cli import actions_output
from csp_tui.domain.models import Action, AgendaItem, Meeting, Person
from csp_tui.storage.action_query import Filters, find_actions
from csp_tui.storage.connection import open_readonly
from csp_tui.storage.repository import Repository

TODAY = dt.date.today()
#: A few months ago: an age of three digits, as most open actions have.
MEETING = TODAY - dt.timedelta(days=150)
ESCAPES = re.compile(r"\x1b\[[0-9;]*m")

#: Long names and titles, as a real board has them.
ACTIONS = [
    ("Stephen Clayman and Jade Hodgson",
     "Roadmap around partnerships structures, roles and responsibilities to be "
     "presented to the board", "2020-01-31"),
    ("Councillor Mullane",
     "circulate the domestic abuse safeguarding pathway to every member", "next board"),
    ("Jade Hodgson", "write to the borough commander about the ward panels", "ASAP"),
]


def make_log(repo: Repository, actions: list[tuple[str, str, str]]) -> None:
    board = repo.meetings.board("Community Safety Partnership")
    for name in ("Stephen Clayman", "Jade Hodgson", "Hazel North-Stephens"):
        repo.people.add_person(Person(board_id=board.id, name=name))
    meeting = repo.meetings.create_meeting(
        Meeting(board_name=board.name, date=MEETING),
        [(AgendaItem(title="Any Other Business"),
          [AgendaItem(title="Contextual Safeguarding and YOS Board")])])
    sub = next(i for i in repo.meetings.items(meeting.id) if i.parent_id is not None)
    for owner, task, due in actions:
        repo.minutes.add_action(Action(meeting_id=meeting.id, item_id=sub.id, owner=owner,
                                       task=task, due=due))


def draw(db: Path, width: int) -> list[str]:
    """The table as the terminal shows it (colours taken out), ``width`` columns wide."""
    conn = open_readonly(db)
    rows = find_actions(conn, Filters())
    out = io.StringIO()
    try:
        actions_output._box_table(rows, out, TODAY, width=width)
    finally:
        conn.close()
    return [ESCAPES.sub("", line) for line in out.getvalue().splitlines()]


def cells_as_read(lines: list[str]) -> list[list[str]]:
    """Each row of the table (heading first), each cell's lines joined by a space: a
    word broken across lines reads as two ("Safeguard ing"). A row starts at a line
    whose ID cell is filled."""
    rows: list[list[list[str]]] = []
    for line in lines:
        if line[0] != "│":
            continue
        parts = [p.strip() for p in line.strip("│").split("│")]
        if parts[0]:
            rows.append([[] for _ in parts])
        for cell, part in zip(rows[-1], parts, strict=True):
            if part:
                cell.append(part)
    return [[" ".join(cell) for cell in row] for row in rows]


def column_widths(lines: list[str]) -> list[int]:
    return [len(part) for part in lines[0].strip("╭╮").split("┬")]


def expected_cells(owner: str, task: str, due: str) -> list[str]:
    return [owner, task, MEETING.isoformat(), "1(i) Contextual Safeguarding and YOS Board", due,
            "open"]


@pytest.mark.parametrize("width", [80, 120])
def test_no_word_is_split_at_80_and_120_columns(repo, db_path, width):
    make_log(repo, ACTIONS)
    lines = draw(db_path, width)
    assert max(map(len, lines)) <= width
    read = cells_as_read(lines)
    assert read[0] == ["ID", "Owner", "Action", "Meeting", "Item", "Due", "Status", "Age"]
    assert len(read) == 1 + len(ACTIONS)
    for row, (owner, task, due) in zip(read[1:], ACTIONS, strict=True):
        # Every cell reads back word for word: no word was split between lines.
        assert row[1:7] == expected_cells(owner, task, due)


def test_the_widest_free_text_column_gives_way_first(repo, db_path):
    make_log(repo, ACTIONS)
    owner_width = len("Stephen Clayman and Jade Hodgson") + 2  # a space each side
    item_width = len("1(i) Contextual Safeguarding and YOS Board") + 2
    longest_task = max(len(task) for _, task, _ in ACTIONS) + 2
    # 200 columns: narrowing the action column alone is enough; the others keep
    # their widest cell.
    lines = draw(db_path, 200)
    widths = column_widths(lines)
    assert (widths[1], widths[4]) == (owner_width, item_width)
    assert widths[2] < longest_task
    assert max(map(len, lines)) == 200
    # 120 columns: the action column came down to the others' width, then all three
    # narrowed together.
    widths = column_widths(draw(db_path, 120))
    assert max(widths[1], widths[2], widths[4]) - min(widths[1], widths[2], widths[4]) <= 1


def test_a_word_too_long_for_its_column_breaks_after_a_hyphen(repo, db_path):
    """At 80 columns "Refuge/Hazel North-Stephens" cannot keep both its words whole
    beside the rest: they break after the slash and the hyphen, nothing else breaks."""
    hazel = ("Refuge/Hazel North-Stephens", "update the board on the refuge places",
             "2099-03-31")
    make_log(repo, [*ACTIONS, hazel])
    lines = draw(db_path, 80)
    assert max(map(len, lines)) <= 80
    read = cells_as_read(lines)
    for row, (owner, task, due) in zip(read[1:4], ACTIONS, strict=True):
        assert row[1:7] == expected_cells(owner, task, due)
    # Lines joined with a space: the one break is right after the hyphen.
    assert read[4][1] == "Refuge/Hazel North- Stephens"
    assert read[4][2:7] == expected_cells(*hazel)[1:]


def test_only_a_word_longer_than_any_column_can_be_is_cut(repo, db_path):
    long_word = "Safeguarding+Wellbeing+Partnership+Subgroup"
    make_log(repo, [*ACTIONS, ("Jade Hodgson", f"report to the {long_word} on the pilot",
                               "2099-03-31")])
    lines = draw(db_path, 80)
    assert max(map(len, lines)) <= 80
    read = cells_as_read(lines)
    for row, (owner, task, due) in zip(read[1:4], ACTIONS, strict=True):
        assert row[1:7] == expected_cells(owner, task, due)
    task = read[4][2]
    # The long word starts a line of its own and is cut there; its neighbours are whole.
    assert task.startswith("report to the Safeguarding+")
    assert task.endswith(" on the pilot")
    assert task.replace(" ", "") == f"reporttothe{long_word}onthepilot"
    assert "Safeguarding+Wellb eing+Partnership+S ubgroup" in task  # at the width, 16
