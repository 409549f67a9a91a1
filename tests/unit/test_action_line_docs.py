"""Every action line the README and the guide show, read from the documents themselves
and put through the capture line's grammar and the one rule
(:func:`csp_tui.domain.action_line.read_action`): the docs cannot promise a reading the
code does not give, and an example added to the docs without a reading here fails."""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path

import pytest

from csp_tui.capture.grammar import SlashAction, parse
from csp_tui.domain.action_line import read_action
from csp_tui.domain.minutes_lines import action_line
from csp_tui.domain.models import Action, ActionStatus, Person

ROOT = Path(__file__).resolve().parents[2]
# Prose only (fenced blocks are screens and commands), whitespace collapsed: an example
# may break across lines.
DOCS = {name: " ".join(re.sub(r"(?ms)^```.*?^```", "", (ROOT / name).read_text(
    encoding="utf-8")).split()) for name in ("README.md", "docs/guide.md")}
GUIDE = DOCS["docs/guide.md"]
MEETING = dt.date(2021, 3, 31)
#: The roster the guide's examples name: Jade, Cllr Worby, Hazel North-Stephens, and
#: two Stephens ("'Stephen' could be Stephen Clayman or Stephen Thompson").
ROSTER = [Person(id=n, board_id=1, name=name) for n, name in enumerate(
    ["Jade Hodgson", "Councillor Tim Worby", "Hazel North-Stephens", "Stephen Clayman",
     "Stephen Thompson"], start=1)]


def spans(text: str) -> list[str]:
    """The inline code spans of a Markdown text (whitespace already collapsed)."""
    return re.findall(r"`([^`]+)`", text)


def doc_examples() -> set[str]:
    """Each ``/a`` or ``/action`` line the docs show (not the syntax line, in capitals)."""
    return {s for text in DOCS.values() for s in spans(text)
            if re.match(r"/(a|action) ", s) and "OWNER" not in s}


def paragraph(start: str) -> str:
    """The guide's text from ``start`` to the next bold lead-in or heading."""
    at = GUIDE.index(start)
    end = re.search(r" \*\*[A-Z]| #", GUIDE[at + len(start):])
    return GUIDE[at:at + len(start) + (end.start() if end else len(GUIDE))]


def read(line: str, day: dt.date = MEETING):
    """``line`` as the capture line reads it: the grammar, then the rule against the
    meeting's day and the roster (as the handler does)."""
    cmd = parse(line)
    assert isinstance(cmd, SlashAction), line
    return cmd, read_action(cmd.text, day, ROSTER)


#: What each example in the docs must read as: (owner, task, due, completed).
EXPECTED = {
    "/a Jade to circulate the report by 30 June":
        ("Jade Hodgson", "circulate the report", "2021-06-30", False),
    "/a Jade, Cllr Worby and MPS to map hotspots by 31 October":
        ("Jade Hodgson, Councillor Tim Worby and MPS", "map hotspots", "2021-10-31", False),
    "/a Jade to circulate the slides (COMPLETED)":
        ("Jade Hodgson", "circulate the slides", "", True),
    "/a to review the ISA": ("", "review the ISA", "", False),
    "/a Roadmap of structures, roles and responsibilities to be presented to the board":
        ("", "Roadmap of structures, roles and responsibilities to be presented to the "
             "board", "", False),
    "/a Jade to be briefed": ("Jade Hodgson", "be briefed", "", False),
}


def test_every_example_in_the_docs_has_its_reading_here():
    assert doc_examples() == set(EXPECTED)


@pytest.mark.parametrize("example", sorted(EXPECTED))
def test_each_example_reads_as_the_docs_say(example):
    cmd, line = read(example)
    assert (line.owner, line.task, line.due, line.completed) == EXPECTED[example]
    # The grammar's reading is the rule's: the same owners, task and due as typed.
    assert (cmd.owners, cmd.task, cmd.due, cmd.completed) == (
        line.owners, line.task, line.due_typed, line.completed)


def test_completed_prints_as_the_guide_quotes_it():
    quoted = re.search(r'the minutes print "(ACTION: [^"]+)"', GUIDE)
    assert quoted
    _, line = read("/a Jade to circulate the slides (COMPLETED)")
    action = Action(meeting_id=1, owner=line.owner, task=line.task,
                    status=ActionStatus.COMPLETED if line.completed else ActionStatus.OPEN)
    assert action_line(action).text == quoted.group(1)


def test_the_owner_rules_of_the_guide():
    text = paragraph("**Owners and names.**")
    named = spans(text)
    # "Refuge/Hazel North-Stephens and Hazel North-Stephens (Refuge) are the person".
    for owner in ("Refuge/Hazel North-Stephens", "Hazel North-Stephens (Refuge)"):
        assert owner in named
        _, line = read(f"/a {owner} to refer")
        assert (line.owner, line.owner_ids) == ("Hazel North-Stephens", [3])
    # "Names are separated by commas, and or &" ("A, B, and C" too).
    assert "A, B, and C" in named and "`and` or `&`" in text
    for owners in ("Jade, Hazel, and MPS", "Jade and Hazel & MPS"):
        _, line = read(f"/a {owners} to meet")
        assert line.owners == ("Jade", "Hazel", "MPS")
    # "A name that fits nobody (MPS, Board chairs) is kept as written and the line says
    # so; so is a name that fits two people".
    for owner in ("MPS", "Board chairs", "Stephen"):
        assert owner in named
        _, line = read(f"/a {owner} to agree")
        assert (line.owner, line.owner_ids) == (owner, [])
        assert "kept as written" in line.warnings()[0]


def test_the_due_rules_of_the_guide():
    text = paragraph("**DUE**")
    dates, words = re.search(r"is a date \((.+?)\) or words kept as written \((.+?)\)",
                             text).groups()
    # "(2021-10-31, 31/10/2021, 31 October: the first such date on or after the
    # meeting's date, ...)": every form is the same day.
    forms = spans(dates)
    assert len(forms) == 3
    for typed in forms:
        _, line = read(f"/a Jade to report by {typed}")
        assert (line.task, line.due_day) == ("report", dt.date(2021, 10, 31)), typed
    year, day = re.search(r"so a (\d{4}) board typed up later gets (\d+ \w+ \d{4})",
                          dates).groups()
    _, line = read(f"/a Jade to report by {day.rsplit(' ', 1)[0]}",
                   dt.date(int(year), 3, 31))
    assert f"{line.due_day.day} {line.due_day:%B %Y}" == day
    # Words are kept as written (ASAP in capitals however typed).
    kept = spans(words)
    assert len(kept) == 5
    for typed in kept:
        _, line = read(f"/a Jade to report by {typed}")
        assert (line.task, line.due, line.due_day) == ("report", typed, None), typed
    # "other text after " by " stays in the task ("to be signed off by the board")".
    passive = re.search(r'stays in the task \("to ([^"]+)"\)', text).group(1)
    _, line = read(f"/a Jade to {passive}")
    assert (line.task, line.due) == (passive, "")


def test_a_due_is_read_in_one_place():
    """Every typed due (the action line, the action form, ``csp actions update``, the
    reply sheet, the demo) is read by :func:`csp_tui.domain.action_line.read_due`:
    nothing else calls the date rule it wraps, so no caller picks its own day."""
    callers = []
    for path in sorted((ROOT / "csp_tui").rglob("*.py")):
        where = path.relative_to(ROOT).as_posix()
        if where in ("csp_tui/domain/dates.py", "csp_tui/domain/action_line.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Name | ast.Attribute) and \
                    getattr(node, "id", getattr(node, "attr", "")) == "normalise_due":
                callers.append(f"{where}:{node.lineno}")
    assert callers == [], "read a due with action_line.read_due: " + ", ".join(callers)
