"""What you see is what Word prints, every word of it.

The item pane, the Word minutes and the Markdown minutes say the same words for the
same lines (one model, csp_tui/domain/minutes_lines.py, renders to all three), and the
pane shows every word of every line on screen: at 80x24 and 120x40, with and without a
scroll bar, long wrapped entries included, whether the lines were typed or were in the
database when it was opened. The app is the real one; the words are read from the
screen, scrolled through the pane."""

from __future__ import annotations

import random
import re

import pytest
from app_helpers import (  # noqa: F401 - utc_zone is an autouse fixture
    enter_line,
    make_app,
    screen_lines,
    small_meeting,
    utc_zone,
)

from csp_tui.capture.handlers import run
from csp_tui.domain.minutes_lines import closing_lines, heading_line, item_line, next_number
from csp_tui.domain.models import Action, Entry, EntryKind
from csp_tui.exporters.document import build_document
from csp_tui.exporters.docx_writer import read_docx_text, write_minutes_docx
from csp_tui.exporters.markdown import to_markdown
from csp_tui.widgets.minutes import MinutesPane
from csp_tui.widgets.minutes_lines import para_content

#: Lines as the note taker types them, long ones wrapping over several rows at 80x24
#: (the issue's: a bullet ending "offender.", a paragraph, an action).
LINES = [
    "The chair welcomed everyone to the meeting.",
    "- The community safety team will work with the police to identify the repeat "
    "locations where anti-social behaviour is reported, and will follow up with every "
    "offender.",
    "Members discussed the contextual safeguarding pilot at length; the chair noted that "
    "the results from the first quarter were encouraging and asked the board to receive "
    "a fuller report in the new year.",
    "/a Jade Hodgson to circulate the long report on the contextual safeguarding pilot "
    "to every member of the board by 2021-04-30",
    "1. The partnership adopts the violence reduction plan as drafted and reviews it "
    "each quarter with the police and the youth offending service.",
    "2. Each partner names a lead for the plan before the next board.",
    "/a to review the information sharing agreement with every partner before summer",
    "/agreed The board accepted the recommendations and thanked the officers for a "
    "clear and thorough report.",
]
_WORDS = ("the board noted that police community safety offender partnership report "
          "agreed chair members will with every").split()
_SEED = random.Random(5)
#: Paragraphs of words of many lengths (always the same ones: a seeded generator): some
#: wrap one row longer at one column less, at 80x24 and at 120x40 alike, which is what a
#: scroll bar coming takes from the pane.
PROSE = [" ".join(_SEED.choice(_WORDS) for _ in range(_SEED.randint(2, 40))) + "."
         for _ in range(_SEED.randint(2, 12))]
#: Any Other Business: ``/goto 5`` (no presenter, no standard content of its own).
AOB = 5


def pane_rows(app) -> dict[int, str]:
    """Every row of the pane's content as the screen shows it, by its row in the whole
    list: the pane is scrolled a screenful at a time from the top to the bottom."""
    pane = app.screen.query_one(MinutesPane)
    region = pane.scrollable_content_region
    rows: dict[int, str] = {}
    y = 0
    for _ in range(1000):
        pane.scroll_to(y=y, animate=False, immediate=True)
        shown = screen_lines(app)
        top = int(pane.scroll_y)
        for k in range(region.height):
            rows[top + k] = shown[region.y + k][region.x:region.x + region.width]
        if top + region.height >= pane.virtual_size.height and not pane._has_more:
            return rows
        y = top + region.height
    raise AssertionError("the pane never reached its end")


def model_text(repo, item_id: int) -> list[str]:
    """The item's lines as the model words them (heading, own lines, what follows),
    each as the pane styles it."""
    item = repo.meetings.item(item_id)
    lines = repo.minutes.item_lines(item_id, None, 10_000)
    paras, number = [heading_line(item, False)], 0
    for line in lines:
        number = next_number(line, number)
        paras.append(item_line(line, number))
    paras += closing_lines(item, wrote=bool(lines))
    return [para_content(p).plain for p in paras]


async def on_screen(app, pilot) -> str:
    await pilot.pause()
    # Read once: each reading scrolls through and renders the whole pane.
    rows = pane_rows(app)
    return " ".join(rows[k] for k in sorted(rows))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@pytest.mark.parametrize(("lines", "scroll_bar"), [(LINES[:3], False), (LINES + PROSE * 3, True)],
                         ids=["no-scroll-bar", "scroll-bar"])
@pytest.mark.parametrize("how", ["typed", "reopened"])
async def test_every_word_of_every_line_is_on_screen(repo, clock, size, lines, scroll_bar,
                                                     how):
    mid = small_meeting(repo)
    item_id = repo.meetings.items(mid)[AOB - 1].id
    if how == "reopened":
        for line in lines:
            run(repo, mid, line, item_id=item_id)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=size) as pilot:
        await enter_line(pilot, f"/goto {AOB}")
        if how == "typed":
            for line in lines:
                await enter_line(pilot, line)
        pane = app.screen.query_one(MinutesPane)
        shown = await on_screen(app, pilot)
        assert pane.show_vertical_scrollbar is scroll_bar
    want = model_text(repo, item_id)
    assert len(want) == len(lines) + 1
    # Every word, in order, nothing more: a line cut short loses its last words.
    assert shown.split() == " ".join(want).split()


def _word_line(text: str) -> str:
    # Word's list paragraphs: "•<tab>text", "2.<tab>text"; the pane's: "- text", "2. text".
    return re.sub(r"^•\t", "- ", re.sub(r"^(\d+\.)\t", r"\1 ", text))


def _markdown_line(text: str) -> str:
    text = re.sub(r"^#+ |^\*\*(.*)\*\*$", r"\1", text)
    return re.sub(r"\\(.)", r"\1", text)  # Markdown's escapes ("\." after a number)


async def test_the_pane_says_what_word_and_markdown_print(repo, clock, tmp_path):
    mid = small_meeting(repo)
    items = repo.meetings.items(mid)
    aob = items[AOB - 1].id
    jade = repo.people.people(repo.meetings.meeting(mid).board_id)[0]
    for text, kind in [("Members noted the report.", EntryKind.PARAGRAPH),
                       ("a point", EntryKind.NUMBERED), ("another point", EntryKind.NUMBERED),
                       ("A bullet.", EntryKind.BULLET), ("a new first point", EntryKind.NUMBERED),
                       ("Councillor Worby: trustee of the Food Bank", EntryKind.DECLARATION),
                       ("The board agreed.", EntryKind.DECISION),
                       ("Street Space", EntryKind.HEADING)]:
        repo.minutes.add_entry(Entry(item_id=aob, kind=kind, text=text))
    for owner, ids, task in [("Jade", [jade.id], "to review the ISA"),
                             ("", [], "review the ISA"),
                             ("", [], "Roadmap of roles to be presented to the board"),
                             ("Fred Nobody and MPS", [], "report back")]:
        repo.minutes.add_action(Action(meeting_id=mid, item_id=aob, owner=owner, owner_ids=ids,
                                       task=task, due="ASAP"))
    repo.minutes.add_entry(Entry(item_id=aob, kind=EntryKind.NUMBERED, text="after the actions"))
    declarations = items[1].id  # none declared: "No declarations of interest to note."
    app = make_app(repo, mid, clock)
    pane_says: dict[int, list[str]] = {}
    async with app.run_test(size=(80, 24)) as pilot:
        for number, item_id in ((AOB, aob), (2, declarations)):
            await enter_line(pilot, f"/goto {number}")
            pane = app.screen.query_one(MinutesPane)
            pane.load_all()
            pane_says[item_id] = [o.prompt.plain for o in pane.options]
    minutes = build_document(repo.record(mid), full=True)
    word = read_docx_text(write_minutes_docx(minutes, tmp_path / "m.docx")).splitlines()
    markdown = [line for line in to_markdown(minutes).splitlines() if line]
    for item_id, heading in ((aob, "5. ANY OTHER BUSINESS"),
                             (declarations, "2. DECLARATION OF INTERESTS")):
        expected = model_text(repo, item_id)
        assert expected[0] == heading
        start = word.index(heading)
        in_word = [_word_line(t) for t in word[start:start + len(expected)]]
        start = markdown.index(f"## {heading}")
        in_markdown = [_markdown_line(t) for t in markdown[start:start + len(expected)]]
        assert pane_says[item_id] == in_word == in_markdown == expected
    assert pane_says[aob][1:] == [
        "Members noted the report.", "1. a point", "2. another point", "- A bullet.",
        "1. a new first point",
        "Declaration of interest: Councillor Worby - trustee of the Food Bank",
        "The board agreed.", "Street Space",
        "ACTION: Jade to review the ISA ASAP.", "ACTION: Review the ISA ASAP.",
        "ACTION: Roadmap of roles to be presented to the board ASAP.",
        "ACTION: Fred Nobody and MPS to report back ASAP.", "1. after the actions"]
    assert pane_says[declarations] == ["2. DECLARATION OF INTERESTS",
                                       "No declarations of interest to note."]
