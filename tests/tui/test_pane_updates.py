"""The item pane updates what changed: an Enter adds its line to the lines already
shown (which are not wrapped again); another item, or an edit, shows afresh. A long
item, or a long list of carried actions, is read and wrapped as it comes into view,
and the keys still reach every line."""

from __future__ import annotations

import datetime as dt

from app_helpers import (  # noqa: F401 - utc_zone is an autouse fixture
    enter_line,
    make_app,
    small_meeting,
    utc_zone,
)

from csp_tui.domain.models import Action, ActionStatus, Entry, EntryKind, Meeting
from csp_tui.screens.action_update import ActionUpdateScreen
from csp_tui.widgets.minutes import CARRIED_PAGE, LineKind, LineRef, MinutesPane
from csp_tui.widgets.text_field import WrappedField

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
        # ... and the lines that did not change are not made (nor wrapped) again.
        assert [o for o in pane.options if str(o.prompt).startswith("Point")] == [
            o for o in before if str(o.prompt).startswith("Point")]
        assert all(a is b for a, b in zip(pane.options[-3:], before[-3:], strict=True))
        # Another item: its own lines only.
        await enter_line(pilot, "/next")
        assert not [t for t in lines(pane) if t.startswith("Point")]


def carried_meeting(repo, count: int) -> tuple[int, list[int]]:
    """A meeting whose Minutes and Action Log item carries ``count`` open actions of the
    board's meeting before it; its id and the actions' ids in the order shown."""
    earlier = repo.meetings.create_meeting(Meeting(date=dt.date(2020, 12, 9),
                                                   board_name="Community Safety Partnership"))
    item = repo.meetings.items(earlier.id)[0].id
    for k in range(count):
        repo.minutes.add_action(Action(meeting_id=earlier.id, item_id=item, owner="MPS",
                                       task=f"report on ward {k}"))
    mid = small_meeting(repo)
    return mid, [a.id for a in repo.minutes.carried_actions(mid)]


def highlighted(pane: MinutesPane) -> str:
    option = pane.highlighted_option
    return str(option.prompt) if option else ""


async def test_a_long_list_of_carried_actions_is_read_as_it_comes_into_view(repo, clock):
    mid, ids = carried_meeting(repo, 250)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await enter_line(pilot, "/goto 3")  # Minutes and Action Log
        pane = app.screen.query_one(MinutesPane)
        # Only a screenful (and a page of the database) is given to the list: the
        # other 200-odd lines are neither read nor wrapped.
        assert CARRIED_PAGE <= pane.option_count < 100
        assert "ACTION: MPS to report on ward 0." in lines(pane)
        pane.focus()
        # Down from the last line given goes on to the next action, not round to the top.
        pane.select_ref(LineRef(LineKind.CARRIED, ids[CARRIED_PAGE - 1]))
        pane.scroll_to_highlight()
        await pilot.press(*["down"] * 40)
        assert pane.selected_ref == LineRef(LineKind.CARRIED, ids[CARRIED_PAGE - 1 + 40])
        # End goes to the very last action; Enter opens its form.
        await pilot.press("end")
        assert highlighted(pane) == "ACTION: MPS to report on ward 249."
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ActionUpdateScreen)
        assert app.screen.query_one("#task", WrappedField).value == "report on ward 249"


async def test_an_action_far_down_the_list_is_completed_and_stays_highlighted(repo, clock):
    mid, ids = carried_meeting(repo, 250)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await enter_line(pilot, "/goto 3")
        pane = app.screen.query_one(MinutesPane)
        pane.focus()
        await pilot.press("end", *["up"] * 49)
        assert pane.selected_ref == LineRef(LineKind.CARRIED, ids[200])
        await pilot.press("c")
        await pilot.pause()
        assert repo.minutes.action(ids[200]).status is ActionStatus.COMPLETED
        assert pane.selected_ref == LineRef(LineKind.CARRIED, ids[200])
        assert highlighted(pane) == "ACTION: MPS to report on ward 200. (COMPLETED)"


async def test_a_long_item_is_wrapped_as_it_is_shown_and_an_enter_still_adds_last(
        repo, clock):
    mid = small_meeting(repo)
    item = repo.meetings.items(mid)[4].id  # Any Other Business
    for k in range(300):
        repo.minutes.add_entry(Entry(item_id=item, kind=EntryKind.PARAGRAPH, text=f"Point {k}."))
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await enter_line(pilot, "/goto 5")
        pane = app.screen.query_one(MinutesPane)
        assert pane.option_count < 300
        await enter_line(pilot, "The last point.")
        pane.focus()
        # Up from the first line stays there (no wrap-around); End goes to the very
        # last, every page read.
        await pilot.press("home", "up")
        assert highlighted(pane) == "Point 0."
        await pilot.press("end")
        assert highlighted(pane) == "The last point."
        await pilot.press("up")
        assert highlighted(pane) == "Point 299."


async def test_deleting_a_line_does_not_read_every_carried_action(repo, clock):
    mid, ids = carried_meeting(repo, 250)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await enter_line(pilot, "/goto 3")
        await enter_line(pilot, "The board reviewed the action log.")
        pane = app.screen.query_one(MinutesPane)
        pane.focus()
        await pilot.press("home")
        assert highlighted(pane) == "The board reviewed the action log."
        await pilot.press("delete")
        await pilot.pause()
        assert "The board reviewed the action log." not in lines(pane)
        # The line kept highlighted has gone: it is not looked for through all 250.
        assert pane.option_count < len(ids)


async def test_going_back_to_an_item_makes_only_its_changed_lines_again(repo, clock):
    mid, ids = carried_meeting(repo, 60)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await enter_line(pilot, "/goto 3")  # Minutes and Action Log
        await enter_line(pilot, "Matters arising were noted.")
        pane = app.screen.query_one(MinutesPane)
        before = {o.id: o for o in pane.options if o.id}
        assert len(before) > CARRIED_PAGE
        await enter_line(pilot, "/goto 5")
        await enter_line(pilot, "The board noted any other business.")
        repo.minutes.update_action(ids[1], status=ActionStatus.COMPLETED)
        await enter_line(pilot, "/goto 3")
        after = {o.id: o for o in pane.options if o.id}
        changed = LineRef(LineKind.CARRIED, ids[1]).option_id
        # The same option objects (not made nor wrapped again), but the one whose
        # action was completed meanwhile, which shows its new status.
        assert [k for k in after if after[k] is not before.get(k)] == [changed]
        assert str(after[changed].prompt).endswith("(COMPLETED)")
        assert "Matters arising were noted." in lines(pane)
