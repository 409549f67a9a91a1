"""The item pane updates what changed: an Enter adds its line to the lines already
shown (which are not wrapped again); another item, or an edit, shows afresh."""

from __future__ import annotations

from app_helpers import (  # noqa: F401 - utc_zone is an autouse fixture
    enter_line,
    make_app,
    small_meeting,
    utc_zone,
)

from csp_tui.widgets.minutes import MinutesPane

SIZE = (120, 40)


def lines(pane: MinutesPane) -> list[str]:
    return [str(o.prompt) for o in pane.options]


async def test_an_enter_adds_one_line_and_keeps_the_others(repo, clock):
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await enter_line(pilot, "/next")
        for n in range(3):
            await enter_line(pilot, f"Point {n} was noted.")
        pane = app.screen.query_one(MinutesPane)
        before = list(pane.options)
        await enter_line(pilot, "- and a bullet")
        after = list(pane.options)
        assert after[:len(before)] == before
        assert all(a is b for a, b in zip(after, before, strict=False))
        assert lines(pane)[-1] == "- and a bullet"
        # /undo takes the line away: the pane shows the item afresh, without it.
        await enter_line(pilot, "/undo")
        assert "- and a bullet" not in lines(pane)
        assert lines(pane)[-1] == "Point 2 was noted."
        # Another item: its own lines only.
        await enter_line(pilot, "/next")
        assert not [t for t in lines(pane) if t.startswith("Point")]
