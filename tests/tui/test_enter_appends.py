"""An Enter that only adds a line costs the line, not the item: the meeting screen
appends the line the capture outcome names to the item pane without reading the item
again; anything else (/undo, /next, an item with lines after its own) shows it afresh.
The repository's reads are counted by wrapping a real repository's methods."""

from __future__ import annotations

from collections import Counter

import pytest
from app_helpers import (  # noqa: F401 - utc_zone is an autouse fixture
    enter_line,
    make_app,
    screen_lines,
    small_meeting,
    utc_zone,
)

from csp_tui.widgets.minutes import MinutesPane

SIZE = (120, 40)
#: What reading the current item afresh calls (its lines a page at a time), and the
#: whole-item reads it must not fall back to.
ITEM_READS = ("item_lines", "entries", "item_actions")


@pytest.fixture
def reads(repo, monkeypatch) -> Counter:
    """Calls of the repository's item reads (the real ones, counted)."""
    calls: Counter = Counter()
    for name in ITEM_READS:
        real = getattr(repo.minutes, name)

        def counted(*args, _real=real, _name=name, **kwargs):
            calls[_name] += 1
            return _real(*args, **kwargs)

        monkeypatch.setattr(repo.minutes, name, counted)
    return calls


def shown(app) -> list[str]:
    return [str(o.prompt) for o in app.screen.query_one(MinutesPane).options]


async def test_an_enter_appends_its_line_without_reading_the_item(repo, clock, reads):
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await enter_line(pilot, "/next")
        await enter_line(pilot, "The board noted the report.")  # the first: afresh
        reads.clear()
        for line in ("1. first point", "2. second point", "- a bullet",
                     "/a Jade Hodgson to circulate the report by 30 April",
                     "1. numbering starts again", "/agreed The report was approved."):
            await enter_line(pilot, line)
        assert reads == Counter()  # the item was not read again
        assert "numbering starts again" in "\n".join(screen_lines(app))
        fast = shown(app)
        assert fast[-6:] == [
            "1. first point", "2. second point", "- a bullet",
            "ACTION: Jade Hodgson to circulate the report by 30 April 2021.",
            "1. numbering starts again", "The report was approved."]
        # The item shown afresh reads exactly the same.
        app.screen.reload()
        await pilot.pause()
        assert shown(app) == fast
        # /undo changes anything: the item is read again, the line gone.
        reads.clear()
        await enter_line(pilot, "/undo")
        assert reads == Counter(item_lines=1)  # one page: the item is short
        assert "The report was approved." not in shown(app)


async def test_lines_after_the_items_own_mean_the_item_is_shown_afresh(repo, clock,
                                                                         reads):
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await enter_line(pilot, "/goto 4")  # the Forward Plan: its list follows
        await enter_line(pilot, "The plan was noted.")
        reads.clear()
        await enter_line(pilot, "It will be reviewed.")
        assert reads == Counter(item_lines=1)
        lines = shown(app)
        assert lines.index("It will be reviewed.") < lines.index(
            "Forward plan (/forward TITLE | PRESENTER | WHEN)")
