"""Whatever Enter adds is shown: the item pane scrolls to the line just minuted, past a
screenful of the item, and in the Minutes and Action Log item too, where the earlier
meetings' actions follow the item's own lines. The pane's highlight is left alone."""

from __future__ import annotations

from app_helpers import (  # noqa: F401 - utc_zone is an autouse fixture
    enter_line,
    make_app,
    screen_lines,
    small_meeting,
    until,
    utc_zone,
)
from test_pane_updates import carried_meeting

from csp_tui.storage.repository import Repository
from csp_tui.widgets.minutes import MinutesPane

SIZE = (80, 24)


def shown(app, text: str) -> bool:
    return any(text in row for row in screen_lines(app))


async def meeting_with_points(pilot, count: int = 30, check: bool = False) -> None:
    """The first item with ``count`` paragraphs "Point k was noted..." typed into it
    (``check``: each in view as soon as it is added)."""
    await enter_line(pilot, "/next")
    for k in range(count):
        await enter_line(pilot, f"Point {k} was noted by the board.")
        if check:
            await pilot.pause()
            assert shown(pilot.app, f"Point {k} was noted"), k


async def test_each_line_added_is_in_view(repo, clock):
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await meeting_with_points(pilot, check=True)
        # An action, a bullet and a decision alike.
        await enter_line(pilot, "/a Jade Hodgson to circulate the ward figures")
        await pilot.pause()
        assert shown(app, "circulate")
        await enter_line(pilot, "/agreed The board approved the plan.")
        await pilot.pause()
        assert shown(app, "approved the plan")


async def test_a_line_added_above_the_carried_actions_is_in_view(repo, clock):
    mid, _ids = carried_meeting(repo, 60)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await enter_line(pilot, "/goto 3")  # Minutes and Action Log
        for k in range(20):
            await enter_line(pilot, f"Matter arising {k} was discussed.")
            await pilot.pause()
            assert shown(app, f"Matter arising {k} was discussed."), k


async def test_a_change_from_elsewhere_leaves_the_pane_where_it_was(repo, clock, db_path):
    # Other programs write (and the draft is saved on a connection of its own while
    # typing): the screen shows their changes on its next tick without sending the view
    # to the top, nor to a line highlighted earlier, now off the screen.
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await meeting_with_points(pilot, 3)
        pane = app.screen.query_one(MinutesPane)
        pane.focus()
        await pilot.press("down", "down", "escape")
        assert pane.selected_ref is not None
        for k in range(3, 30):
            await enter_line(pilot, f"Point {k} was noted by the board.")
        await until(pilot, lambda: shown(app, "Point 29 was noted"), "the last line shown")
        scrolled = pane.scroll_y
        assert scrolled > 0
        item = app.screen.current_item_id
        with Repository.open(db_path) as other:  # another window, an import...
            first = other.minutes.entries(item)[0]
            other.minutes.update_entry(first.model_copy(update={"text": "Point 0, as corrected."}))
        await until(pilot, lambda: any("as corrected" in str(o.prompt)
                                        for o in pane.options), "the change shown")
        assert pane.scroll_y == scrolled
        assert shown(app, "Point 29 was noted")

