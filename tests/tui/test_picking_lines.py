"""Picking a line in the item pane: no wrap-around, the line picked marked without
colour, and every confirmation and undo naming what it acted on, in the note taker's
words."""

from __future__ import annotations

from app_helpers import (  # noqa: F401 - utc_zone is an autouse fixture
    make_app,
    screen_lines,
    small_meeting,
    toasts,
    utc_zone,
)

from csp_tui.domain.models import Action, ActionStatus, Entry, EntryKind
from csp_tui.widgets.minutes import LineKind, MinutesPane

SIZE = (80, 24)
#: The picked line's marker, as the user sees it.
MARKER = "▶"


def _item(repo, lines: int = 3) -> tuple[int, int]:
    """The small meeting at its first item: ``lines`` bullets, then Jade's action."""
    mid = small_meeting(repo)
    first = repo.meetings.items(mid)[0]
    repo.meetings.set_current(mid, first.id)
    for n in range(1, lines + 1):
        repo.minutes.add_entry(Entry(item_id=first.id, kind=EntryKind.BULLET,
                                     text=f"Point {n} about the hotspots."))
    action = repo.minutes.add_action(Action(meeting_id=mid, item_id=first.id, owner="Jade Hodgson",
                                            task="map the hotspots"))
    return mid, action.id


async def _into_the_pane(pilot) -> MinutesPane:
    pane = pilot.app.screen.query_one(MinutesPane)
    await pilot.press("tab", "tab")
    await pilot.pause()
    assert pilot.app.focused is pane and pane.highlighted is None
    return pane


def _marked(app) -> list[str]:
    """The item pane's rows that show the marker (the agenda has a ▶ of its own)."""
    pane = app.screen.query_one(MinutesPane).region
    rows = [row[pane.x:pane.right] for row in screen_lines(app)[pane.y:pane.bottom]]
    return [row for row in rows if MARKER in row]


async def test_no_wrap_around_and_the_first_up_picks_the_first_line_in_view(repo, clock):
    mid, _ = _item(repo, lines=30)  # more lines than the pane shows
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        pane = await _into_the_pane(pilot)
        await pilot.press("up")
        # The first line in view (under the heading), not the item's last line.
        assert pane.selected_ref is not None
        assert repo.minutes.entry(pane.selected_ref.id).text == "Point 1 about the hotspots."
        await pilot.press("up")  # at the first line: stays
        assert repo.minutes.entry(pane.selected_ref.id).text == "Point 1 about the hotspots."
        await pilot.press("end")
        last = pane.selected_ref
        assert last.kind is LineKind.ACTION
        await pilot.press("down")  # at the last line: stays, no wrap to the first
        assert pane.selected_ref == last
        await pilot.pause()
        (marked,) = _marked(app)
        assert "Jade Hodgson" in marked


async def test_the_line_picked_is_marked_without_colour(repo, clock):
    mid, _ = _item(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await _into_the_pane(pilot)
        assert not _marked(app)  # none picked yet
        await pilot.press("down", "down")
        await pilot.pause()
        (marked,) = _marked(app)
        assert f"{MARKER}- Point 2 about the hotspots." in marked


async def test_completing_and_undoing_name_the_action(repo, clock):
    mid, action_id = _item(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _into_the_pane(pilot)
        await pilot.press("end", "c")
        await pilot.pause()
        assert repo.minutes.action(action_id).status is ActionStatus.COMPLETED
        assert toasts(app) == ["Completed: Jade Hodgson to map the hotspots (ctrl+z undoes)."]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert repo.minutes.action(action_id).status is ActionStatus.OPEN
        assert toasts(app) == ["Undone: complete Jade Hodgson's action"]


async def test_deleting_and_undoing_name_the_line(repo, clock):
    mid, _ = _item(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _into_the_pane(pilot)
        await pilot.press("down", "down", "delete")
        await pilot.pause()
        assert [e.text for e in repo.minutes.entries(repo.meetings.items(mid)[0].id)] == [
            "Point 1 about the hotspots.", "Point 3 about the hotspots."]
        assert toasts(app) == [
            "Deleted: the bullet 'Point 2 about the hotspots.' (ctrl+z undoes)."]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert toasts(app) == ["Undone: delete the bullet 'Point 2 about the hotspots.'"]
