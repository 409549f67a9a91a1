"""A long item is read a page at a time: showing it afresh (after ``/undo``, ``/next``,
an edit, a reload) reads and makes a screenful of its lines, not all of them, and
everything the note taker does on it still lands where it belongs: numbering across
pages, ``End`` to the last line, an Enter shown once, ``/undo`` of exactly the last
line, an edit deep in the item kept highlighted. The item's lines are added through
the repository; the app is the real one at 80x24."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from app_helpers import (  # noqa: F401 - utc_zone is an autouse fixture
    enter_line,
    make_app,
    screen_lines,
    small_meeting,
    utc_zone,
)

from csp_tui.domain.models import Action, Entry, EntryKind, Meeting
from csp_tui.widgets.capture import CaptureLine
from csp_tui.widgets.minutes import CARRIED_PAGE, ITEM_PAGE, LineKind, LineRef, MinutesPane
from csp_tui.widgets.paged_options import PAGE

SIZE = (80, 24)
LONG = 300


def long_item(repo, mid: int, count: int = LONG) -> tuple[int, list[int]]:
    """Any Other Business (``/goto 5``) with ``count`` paragraphs "Point k.", an
    action every 25th line; its id and the entries' ids."""
    item = repo.meetings.items(mid)[4].id
    ids = []
    for k in range(count):
        if k % 25 == 24:
            repo.minutes.add_action(Action(meeting_id=mid, item_id=item, owner="MPS",
                                           task=f"report on point {k}"))
        else:
            ids.append(repo.minutes.add_entry(Entry(item_id=item, text=f"Point {k}.")).id)
    return item, ids


def texts(pane: MinutesPane) -> list[str]:
    """The item's own lines the pane has been given, as shown."""
    return [str(o.prompt) for o in pane.options
            if o.id and LineRef.from_option_id(o.id).kind is not LineKind.CARRIED]


def highlighted(pane: MinutesPane) -> str:
    option = pane.highlighted_option
    return str(option.prompt) if option else ""


async def to_end(pilot) -> MinutesPane:
    """``End`` in the item pane (every line given to it), then back to the capture line."""
    pane = pilot.app.screen.query_one(MinutesPane)
    pane.focus()
    await pilot.press("end")
    pilot.app.screen.query_one(CaptureLine).focus()
    await pilot.pause()
    return pane


@asynccontextmanager
async def on_long_item(repo, clock) -> AsyncIterator[tuple]:
    """The real app at 80x24 gone to a :func:`long_item` (``/goto 5``): yields the app,
    its pilot, the meeting's id and the entries' ids."""
    mid = small_meeting(repo)
    _, ids = long_item(repo, mid)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await enter_line(pilot, "/goto 5")
        yield app, pilot, mid, ids


@pytest.fixture
def rows_read(repo, monkeypatch) -> Counter:
    """The rows the item's reads return (the real reads, counted): ``item_lines`` by
    its page, and the whole-item reads the pane must not use."""
    read: Counter = Counter()
    for name in ("item_lines", "entries", "item_actions"):
        real = getattr(repo.minutes, name)

        def counted(*args, _real=real, _name=name, **kwargs):
            rows = _real(*args, **kwargs)
            read[_name] += len(rows)
            return rows

        monkeypatch.setattr(repo.minutes, name, counted)
    return read


async def test_a_long_item_shows_its_first_lines_and_end_shows_the_last(
        repo, clock, rows_read):
    async with on_long_item(repo, clock) as (app, pilot, mid, _):
        pane = app.screen.query_one(MinutesPane)
        screen = "\n".join(screen_lines(app))
        assert "Point 0." in screen and "Point 1." in screen
        # One page read and given: not the item's 300 lines.
        assert rows_read == Counter(item_lines=ITEM_PAGE)
        assert pane.option_count < PAGE
        await to_end(pilot)
        assert highlighted(pane) == "ACTION: MPS to report on point 299."
        assert "Point 298." in "\n".join(screen_lines(app))
        own = texts(pane)
        assert len(own) == LONG and own[:2] == ["Point 0.", "Point 1."]
        assert own[24] == "ACTION: MPS to report on point 24."


async def test_showing_a_long_item_afresh_reads_a_page_not_the_item(repo, clock,
                                                                    rows_read):
    async with on_long_item(repo, clock) as (app, pilot, mid, _):
        await enter_line(pilot, "A point to take back.")
        pane = app.screen.query_one(MinutesPane)
        # Each of these shows the long item afresh: /undo on it, arriving on it by
        # /goto, by undoing a /next away from it, and the screen's reload.
        for what in ("/undo", "/goto 4", "/goto 5", "/next", "/undo", "reload"):
            rows_read.clear()
            if what == "reload":
                app.screen.reload()
                await pilot.pause()
            else:
                await enter_line(pilot, what)
            if what in ("/goto 4", "/next"):
                assert "Point 0." not in texts(pane), what
                continue
            assert texts(pane)[0] == "Point 0.", what
            assert rows_read == Counter(item_lines=ITEM_PAGE), what
            assert pane.option_count < PAGE, what


async def test_numbered_points_count_on_across_a_page(repo, clock):
    mid = small_meeting(repo)
    item = repo.meetings.items(mid)[4].id
    # Ten numbered points, the first page ending after the fifth.
    for k in range(ITEM_PAGE - 5):
        repo.minutes.add_entry(Entry(item_id=item, text=f"Paragraph {k}."))
    for k in range(10):
        repo.minutes.add_entry(Entry(item_id=item, kind=EntryKind.NUMBERED, text=f"Step {k}."))
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await enter_line(pilot, "/goto 5")
        pane = await to_end(pilot)
        assert texts(pane)[ITEM_PAGE - 5:] == [f"{k + 1}. Step {k}." for k in range(10)]
        # ... and a point an Enter adds after them (everything read) numbers on.
        await enter_line(pilot, "1. Step 10.")
        assert texts(pane)[-1] == "11. Step 10."


async def test_an_enter_on_a_long_item_shows_its_line_once_and_last(repo, clock,
                                                                    rows_read):
    async with on_long_item(repo, clock) as (app, pilot, mid, _):
        # Most of the item still to read: the line is read with its page, in its place,
        # and the Enter reads nothing of the item.
        rows_read.clear()
        await enter_line(pilot, "The first new point.")
        assert rows_read == Counter()
        item = repo.meetings.items(mid)[4]
        assert repo.minutes.entries(item.id)[-1].text == "The first new point."
        pane = await to_end(pilot)
        # Everything read: the line is added to those shown at once.
        await enter_line(pilot, "The second new point.")
        own = texts(pane)
        assert own[-3:] == ["ACTION: MPS to report on point 299.", "The first new point.",
                            "The second new point."]
        assert len(own) == LONG + 2 and len(set(own)) == len(own)
        # The same lines when the item is shown afresh and read to its end.
        app.screen.reload()
        await pilot.pause()
        assert texts(await to_end(pilot)) == own


async def test_undo_on_a_long_item_takes_exactly_its_last_line(repo, clock):
    async with on_long_item(repo, clock) as (app, pilot, mid, _):
        pane = await to_end(pilot)
        before = texts(pane)
        await enter_line(pilot, "A point taken back.")
        assert texts(pane) == [*before, "A point taken back."]
        await enter_line(pilot, "/undo")
        assert texts(await to_end(pilot)) == before
        # The same while the item's last pages are still unread.
        await enter_line(pilot, "/next")
        await enter_line(pilot, "/prev")
        await enter_line(pilot, "Another point taken back.")
        await enter_line(pilot, "/undo")
        assert texts(await to_end(pilot)) == before


async def test_an_edit_deep_in_a_long_item_keeps_the_line_highlighted(repo, clock,
                                                                     rows_read):
    async with on_long_item(repo, clock) as (app, pilot, mid, ids):
        pane = app.screen.query_one(MinutesPane)
        pane.focus()
        await pilot.press("end", *["up"] * 19)  # Point 280, pages below the first
        assert highlighted(pane) == "Point 280."
        rows_read.clear()
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#edit-text").value = "Point 280, as corrected."
        await pilot.press("enter")
        await pilot.pause()
        # The edit read the line, and the item shown afresh the pages down to it (the
        # highlight kept), never the whole item at once.
        assert set(rows_read) == {"item_lines"}
        assert repo.minutes.entries(repo.meetings.items(mid)[4].id)[280 - 280 // 25].text == (
            "Point 280, as corrected.")
        assert pane.selected_ref == LineRef(LineKind.ENTRY, ids[280 - 280 // 25])
        assert highlighted(pane) == "Point 280, as corrected."
        assert "Point 280, as corrected." in "\n".join(screen_lines(app))


async def test_what_follows_a_long_items_lines_comes_after_its_last_page(repo, clock):
    earlier = repo.meetings.create_meeting(Meeting(date=dt.date(2020, 12, 9),
                                                   board_name="Community Safety Partnership"))
    for k in range(2 * CARRIED_PAGE + 5):
        repo.minutes.add_action(
            Action(meeting_id=earlier.id, item_id=repo.meetings.items(earlier.id)[0].id,
                   owner="MPS", task=f"report on ward {k}"))
    mid = small_meeting(repo)
    log = repo.meetings.items(mid)[2].id  # Minutes and Action Log: its lines, then carried ones
    for k in range(ITEM_PAGE):  # exactly a page: the next read finds none
        repo.minutes.add_entry(Entry(item_id=log, text=f"Reviewed {k}."))
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await enter_line(pilot, "/goto 3")
        pane = await to_end(pilot)
        shown = [str(o.prompt) for o in pane.options]
        start = shown.index("Reviewed 0.")
        assert shown[start:start + ITEM_PAGE + 1] == [
            *(f"Reviewed {k}." for k in range(ITEM_PAGE)),
            "Actions from earlier meetings (c: completed, u: update)"]
        assert shown[start + ITEM_PAGE + 1:] == [
            f"ACTION: MPS to report on ward {k}."
            for k in range(2 * CARRIED_PAGE + 5)]


async def test_an_enter_with_the_view_short_of_the_end_shows_its_line(repo, clock):
    """Every line of the item read, but the last ones not yet given to the list (a
    reload kept the view a few rows above the end): the Enter's line is shown, last,
    and brought into view at once, not left waiting below the view until the note
    taker scrolls (the 100x Enter benchmark waited a minute for it)."""
    mid = small_meeting(repo)
    long_item(repo, mid, LONG - 20)  # the last page short: read, the item is done
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await enter_line(pilot, "/goto 5")
        pane = await to_end(pilot)
        pane.scroll_to(y=pane.max_scroll_y - 10, animate=False, immediate=True)
        await pilot.pause()
        # Another window adds a line; the item is shown afresh (as the tick does).
        repo.minutes.add_entry(
            Entry(item_id=repo.meetings.items(mid)[4].id, text="From another window."))
        app.screen.reload()
        await pilot.pause()
        await enter_line(pilot, "The point added near the end.")
        await pilot.pause()
        assert texts(pane)[-1] == "The point added near the end."
        assert "The point added near the end." in "\n".join(screen_lines(app))
