"""Whatever Enter adds is shown: the item pane scrolls to the line just minuted, past a
screenful of the item, and in the Minutes and Action Log item too, where the earlier
meetings' actions follow the item's own lines. The pane's highlight is left alone."""

from __future__ import annotations

from app_helpers import (  # noqa: F401 - utc_zone is an autouse fixture
    enter_line,
    make_app,
    screen_lines,
    small_meeting,
    utc_zone,
)
from test_pane_updates import carried_meeting

SIZE = (80, 24)


def shown(app, text: str) -> bool:
    return any(text in row for row in screen_lines(app))


async def test_each_line_added_is_in_view(repo, clock):
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await enter_line(pilot, "/next")
        for k in range(30):
            await enter_line(pilot, f"Point {k} was noted by the board.")
            await pilot.pause()
            assert shown(app, f"Point {k} was noted"), k
        # An action, a bullet and a decision alike.
        await enter_line(pilot, "/a Jade Hodgson to circulate the ward figures")
        await pilot.pause()
        assert shown(app, "circulate")
        await enter_line(pilot, "/d The board approved the plan.")
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
