"""The clock after the last item, and going back to correct an item: after the last
item no item keeps timing; a done item gone back to stays untimed until the note taker
takes it up again (ctrl+t)."""

from __future__ import annotations

from app_helpers import (  # noqa: F401 - utc_zone is an autouse fixture
    enter_line,
    make_app,
    small_meeting,
    toasts,
    utc_zone,
)

from csp_tui.domain.models import ItemState
from csp_tui.widgets.clock import ClockBar

SIZE = (80, 24)


def _timed(repo, mid) -> dict[int, float]:
    """Seconds spent on each item now."""
    now = repo.clock()
    return {i.id: i.spent_seconds(now) for i in repo.meetings.items(mid)}


def _running(repo, mid) -> list[str]:
    return [i.title for i in repo.meetings.items(mid) if i.running]


async def _at_the_last_item(pilot, repo, mid, clock) -> None:
    """Every item taken in turn, a minute each, up to the last."""
    for _ in repo.meetings.items(mid):
        await pilot.press("pagedown")
        await pilot.pause()
        clock.advance(minutes=1)


async def test_after_the_last_item_nothing_keeps_timing(repo, clock):
    mid = small_meeting(repo)
    items = repo.meetings.items(mid)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _at_the_last_item(pilot, repo, mid, clock)
        assert repo.meetings.meeting(mid).current_item_id == items[-1].id
        assert _running(repo, mid) == [items[-1].title]
        await pilot.press("pagedown")
        await pilot.pause()
        assert toasts(app, "warning") == [
            "No pending items left: item 6 done, its timer stopped (ctrl+o, c: close)"]
        last = repo.meetings.item(items[-1].id)
        assert last.state is ItemState.DONE and not _running(repo, mid)
        before = _timed(repo, mid)
        clock.advance(minutes=5)
        assert _timed(repo, mid) == before
        # Still shown, and the clock bar says it is done, not running on.
        assert repo.meetings.meeting(mid).current_item_id == last.id
        await pilot.pause()
        bar = str(app.screen.query_one(ClockBar).render())
        assert " DONE" in bar and "PAUSED" not in bar


async def test_going_back_to_correct_a_done_item_does_not_restart_its_timer(repo, clock):
    mid = small_meeting(repo)
    items = repo.meetings.items(mid)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _at_the_last_item(pilot, repo, mid, clock)
        await pilot.press("pagedown")  # the last item done
        await pilot.press("pageup")  # back to item 5 to fix a typo
        await pilot.pause()
        fifth = items[-2].id
        assert repo.meetings.meeting(mid).current_item_id == fifth
        assert toasts(app) == [
            "Correcting item 5 (done, not timed; ctrl+t takes it up): Any Other Business"]
        before = _timed(repo, mid)
        clock.advance(minutes=4)
        await enter_line(pilot, "Correction: the figures were for Q2.")
        assert repo.minutes.entries(fifth)[-1].text == "Correction: the figures were for Q2."
        assert _timed(repo, mid) == before and not _running(repo, mid)
        assert repo.meetings.item(fifth).state is ItemState.DONE
        # /goto a done item: the same, a correction.
        await enter_line(pilot, "/goto 2")
        clock.advance(minutes=2)
        assert _timed(repo, mid) == before and not _running(repo, mid)
        await pilot.press("pagedown")
        await pilot.pause()
        assert not _running(repo, mid)
        assert toasts(app, "warning") == [
            "No pending items left (ctrl+o, c: close)"]


async def test_ctrl_t_takes_a_done_item_up_again(repo, clock):
    mid = small_meeting(repo)
    items = repo.meetings.items(mid)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("pagedown", "pagedown")  # item 1 done, at item 2
        await pilot.press("pageup")  # back to item 1
        await pilot.pause()
        first, second = items[0].id, items[1].id
        # The item left stays pending (PgDn returns to it), its timer stopped too.
        assert repo.meetings.item(second).state is ItemState.PENDING and not _running(repo, mid)
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert toasts(app) == ["Item 1 taken up again: its timer runs"]
        assert repo.meetings.item(first).state is ItemState.CURRENT
        before = _timed(repo, mid)[first]
        clock.advance(minutes=2)
        assert _timed(repo, mid)[first] == before + 120
        await pilot.press("pagedown")  # on to item 2 again, timed again
        await pilot.pause()
        assert repo.meetings.item(first).state is ItemState.DONE
        assert _running(repo, mid) == [items[1].title]
