"""Pilot tests: each key of the meeting screen, its panes and modals, checked in the DB."""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path

from app_helpers import (  # noqa: F401 - utc_zone is an autouse fixture
    capture,
    enter_line,
    make_app,
    said,
    small_meeting,
    toasts,
    until,
    utc_zone,
    wait_for_background,
)

from csp_tui.domain.models import Action, ActionStatus, ItemState, Meeting, MeetingState
from csp_tui.screens.confirm import ConfirmScreen
from csp_tui.screens.dialog import DIALOG_WORKERS
from csp_tui.screens.help import HelpScreen
from csp_tui.screens.meetings import MeetingsScreen
from csp_tui.widgets.agenda import AgendaPane
from csp_tui.widgets.minutes import LineKind, LineRef, MinutesPane

SIZE = (120, 40)
FIXTURES = Path(__file__).parent.parent / "fixtures"


def _current(repo, mid):
    return repo.meetings.item(repo.meetings.meeting(mid).current_item_id)


async def test_next_prev_pause_undo_keys_work_while_typing(repo, clock):
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"typing")
        await pilot.press("pagedown")
        await pilot.pause()
        assert _current(repo, mid).number == "1"
        await pilot.press("pagedown")
        await pilot.pause()
        assert _current(repo, mid).number == "2"
        await pilot.press("pageup")
        await pilot.pause()
        assert _current(repo, mid).number == "1"
        assert not _current(repo, mid).running  # gone back to: a correction, untimed
        clock.advance(seconds=30)
        await pilot.press("ctrl+t")  # taken up again
        await pilot.pause()
        assert _current(repo, mid).running
        await pilot.press("ctrl+t")  # and paused
        await pilot.pause()
        assert not _current(repo, mid).running
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert _current(repo, mid).running
        # The keys moved the meeting on; what was being typed is still there.
        assert capture(app).value == "typing"


async def test_timer_figures_come_from_stored_timestamps(repo, clock):
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("pagedown")
        from csp_tui.widgets.clock import ClockBar

        bar = app.screen.query_one(ClockBar)
        clock.advance(minutes=4)  # allowance of item 1 is 5 minutes: 80% -> warning
        # The figures follow the stored times at the screen's next tick.
        await until(pilot, lambda: bar.figures.item_level == "warning", "warning level")
        assert "04:00 / 05:00" in str(bar.render())
        clock.advance(minutes=2)
        await until(pilot, lambda: bar.figures.item_level == "error", "error level")


async def test_jump_defer_and_edit_item_modals(repo, clock):
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+g")
        await pilot.pause()
        await pilot.press(*"forward", "enter")
        await pilot.pause()
        assert _current(repo, mid).title == "Forward Plan"
        await pilot.press("ctrl+d")
        await pilot.pause()
        await pilot.press(*"presenter", "space", *"away", "enter")
        await pilot.pause()
        forward = next(i for i in repo.meetings.items(mid) if i.title == "Forward Plan")
        assert forward.state is ItemState.DEFERRED
        # Not a sentence of the minutes: completed into house style (as /defer does).
        assert forward.deferred_reason == "Item deferred as presenter away."
        await pilot.press("f3")  # edit the (new) current item
        await pilot.pause()
        title = app.screen.query_one("#title")
        title.value = "Any Other Business (AOB)"
        app.screen.query_one("#minutes").value = "12"
        await pilot.press("ctrl+s")
        await pilot.pause()
        cur = _current(repo, mid)
        assert (cur.title, cur.minutes) == ("Any Other Business (AOB)", 12)
        # Jumping back to the deferred item takes it after all: no deferral stands.
        await pilot.press("ctrl+g")
        await pilot.pause()
        await pilot.press(*"forward", "enter")
        await pilot.pause()
        forward = _current(repo, mid)
        assert (forward.title, forward.deferred_reason) == ("Forward Plan", "")


async def test_item_edit_rejects_bad_values_inline(repo, clock):
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("pagedown", "f3")
        await pilot.pause()
        app.screen.query_one("#title").value = "   "
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "title" in str(app.screen.query_one("#error").render()).lower()
        await pilot.press("escape")
        await pilot.pause()
        assert _current(repo, mid).title == "Introductions and Apologies for Absence"


async def test_escape_brings_focus_back_to_capture(repo, clock):
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab")
        assert isinstance(app.focused, AgendaPane)
        await pilot.press("escape")
        assert app.focused is capture(app)


async def test_agenda_pane_keys(repo, clock):
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab")  # agenda pane, highlight on item 1
        await pilot.press("down", "enter")  # make item 2 current
        await pilot.pause()
        assert _current(repo, mid).number == "2"
        await pilot.press("n")
        await pilot.press(*"Knife", "space", *"crime", "enter")
        await pilot.pause()
        titles = [i.title for i in repo.meetings.items(mid)]
        assert titles[2] == "Knife crime"
        await pilot.press("s")
        await pilot.press(*"Sub", "enter")
        await pilot.pause()
        sub = next(i for i in repo.meetings.items(mid) if i.title == "Sub")
        assert sub.parent_id is not None and sub.number == "(i)"
        await pilot.press("J")
        await pilot.pause()
        await pilot.press("escape", "tab")
        app.screen.query_one(AgendaPane).highlight_item(
            next(i.id for i in repo.meetings.items(mid) if i.title == "Knife crime"))
        await pilot.press("K")
        await pilot.pause()
        titles = [i.title for i in repo.meetings.items(mid) if i.parent_id is None]
        assert titles[1] == "Knife crime"
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert "Knife crime" not in [i.title for i in repo.meetings.items(mid)]
        assert "Sub" not in [i.title for i in repo.meetings.items(mid)]
        # "e" edits the highlighted item.
        await pilot.press("home", "e")
        await pilot.pause()
        app.screen.query_one("#presenter").value = "Chair"
        await pilot.press("enter")
        await pilot.pause()
        assert repo.meetings.items(mid)[0].presenter == "Chair"
        # "o" reopens a done item.
        await pilot.press("home")
        await pilot.pause()
        repo.meetings.set_current(mid, repo.meetings.items(mid)[0].id)
        repo.meetings.set_current(mid, repo.meetings.items(mid)[1].id)
        assert repo.meetings.items(mid)[0].state is ItemState.DONE
        await pilot.press("o")
        await pilot.pause()
        assert repo.meetings.items(mid)[0].state is ItemState.PENDING


async def test_item_pane_edit_move_delete(repo, clock):
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await enter_line(pilot, "/next")
        for line in ("one", "two", "/a Jade Hodgson to write it up"):
            await enter_line(pilot, line)
        item_id = _current(repo, mid).id
        pane = app.screen.query_one(MinutesPane)
        pane.focus()
        pane.select_ref(LineRef(LineKind.ENTRY, repo.minutes.entries(item_id)[0].id))
        await pilot.press("e")
        await pilot.pause()
        field = app.screen.query_one("#edit-text")
        field.value = "one, edited"
        await pilot.press("enter")
        await pilot.pause()
        assert [e.text for e in repo.minutes.entries(item_id)] == ["one, edited", "two"]
        await pilot.press("J")  # move "one, edited" below "two"
        await pilot.pause()
        assert [e.text for e in repo.minutes.entries(item_id)] == ["two", "one, edited"]
        await pilot.press("ctrl+up")
        await pilot.pause()
        assert [e.text for e in repo.minutes.entries(item_id)] == ["one, edited", "two"]
        await pilot.press("delete")
        await pilot.pause()
        assert [e.text for e in repo.minutes.entries(item_id)] == ["two"]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert [e.text for e in repo.minutes.entries(item_id)] == ["one, edited", "two"]
        # The action line: u opens the status + note form.
        pane.select_ref(LineRef(LineKind.ACTION, repo.minutes.actions(mid)[0].id))
        await pilot.press("u")
        await pilot.pause()
        app.screen.query_one("#due").value = "ASAP"
        app.screen.query_one("#note").value = "agreed in the room"
        await pilot.press("ctrl+s")
        await pilot.pause()
        action = repo.minutes.actions(mid)[0]
        assert action.due == "ASAP" and action.updates[-1].note == "agreed in the room"


async def test_action_log_item_lists_and_completes_carried_actions(repo, clock):
    earlier = repo.meetings.create_meeting(Meeting(date=dt.date(2020, 12, 9),
                                                   board_name="Community Safety Partnership"))
    items = repo.meetings.items(earlier.id)
    for task in ("send the plan", "book the room"):
        repo.minutes.add_action(Action(meeting_id=earlier.id, item_id=items[0].id, owner="MPS",
                                       task=task))
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await enter_line(pilot, "/goto 3")  # Minutes and Action Log
        pane = app.screen.query_one(MinutesPane)
        carried = repo.minutes.carried_actions(mid)
        assert len(carried) == 2
        pane.focus()
        pane.select_ref(LineRef(LineKind.CARRIED, carried[0].id))
        await pilot.press("c")
        await pilot.pause()
        assert repo.minutes.action(carried[0].id).status is ActionStatus.COMPLETED
        text = "\n".join(str(pane.get_option_at_index(i).prompt)
                         for i in range(pane.option_count))
        # As the minutes print them: a status after the completed one, none after the
        # one still open.
        assert text.endswith("ACTION: MPS to send the plan. (COMPLETED)\n"
                             "ACTION: MPS to book the room.")
        pane.select_ref(LineRef(LineKind.CARRIED, carried[1].id))
        await pilot.press("u")
        await pilot.pause()
        from textual.widgets import Select

        app.screen.query_one(Select).value = ActionStatus.IN_PROGRESS
        app.screen.query_one("#note").value = "room booked for June"
        await pilot.press("ctrl+s")
        await pilot.pause()
        second = repo.minutes.action(carried[1].id)
        assert second.status is ActionStatus.IN_PROGRESS
        assert second.updates[-1].note == "room booked for June"


async def test_help_lists_keys_and_slash_commands(repo, clock):
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text").render())
        for expected in ("PgDn", "Next item", "ctrl+g", "Jump", "Attendance", "/action OWNER",
                         "/next-meeting", "/undo", "Line up", "Add sub-item"):
            assert expected in text, expected
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        # "?" opens help only when not typing: in the capture line it is a character.
        await pilot.press("question_mark")
        assert capture(app).value == "?"
        await pilot.press("tab", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_meeting_list_open_create_close(repo, clock):
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#prompt-input").value = "2021-06-30"
        await pilot.press("enter")
        await pilot.pause()
        new = repo.meetings.find_meeting("2021-06-30")
        assert [i.title for i in repo.meetings.items(new.id)][0].startswith("Introductions")
        await pilot.press("c")
        await pilot.pause()
        # The close action waits for the answer in a dialog worker, not a callback.
        assert isinstance(app.screen, ConfirmScreen)
        assert any(w.group == DIALOG_WORKERS and not w.is_finished for w in app.workers)
        await pilot.press("escape")
        await pilot.pause()
        assert repo.meetings.meeting(new.id).state is not MeetingState.CLOSED
        assert not any(w.group == DIALOG_WORKERS and not w.is_finished for w in app.workers)
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert repo.meetings.meeting(new.id).state is MeetingState.CLOSED
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.meeting_id == new.id
        # A bad date is a notification, not a traceback, and no meeting is made.
        await pilot.press("ctrl+o", "n")
        await pilot.pause()
        before = repo.meetings.meetings()
        app.screen.query_one("#prompt-input").value = "31/02/2021"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
        assert toasts(app, "error") == [
            "'31/02/2021' is not a date: write e.g. 2021-10-31, 31/10/2021 or 31 October 2021"]
        assert repo.meetings.meetings() == before
        # The date is read as the command line reads it: 31/10/2021 is 31 October 2021.
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#prompt-input").value = "31/10/2021"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
        assert [m.date for m in repo.meetings.meetings()].count(dt.date(2021, 10, 31)) == 1


async def test_opening_another_meeting_keeps_each_draft_with_its_meeting(repo, clock):
    first = small_meeting(repo)
    second = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 6, 30), board_name="CSP"))
    repo.meetings.save_draft(second.id, "Half a sentence from June")
    app = make_app(repo, first, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"Cllr Ali asked")
        await pilot.press("ctrl+o")
        await pilot.pause()
        olist = app.screen.query_one("#meetings")
        olist.highlighted = olist.get_option_index(str(second.id))
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.meeting_id == second.id
        assert capture(app).value == "Half a sentence from June"
        assert app.screen.query_one(AgendaPane).border_title.startswith("CSP · 30 Jun 2021")
        # Each draft stays with its own meeting, in the database too.
        assert repo.meetings.meeting(first).draft == "Cllr Ali asked"
        assert repo.meetings.meeting(second.id).draft == "Half a sentence from June"
        await pilot.press(*" more")
        await pilot.press("ctrl+o", "escape")
        await pilot.pause()
        assert app.screen.meeting_id == second.id
    assert repo.meetings.meeting(second.id).draft == "Half a sentence from June more"
    assert repo.meetings.meeting(first).draft == "Cllr Ali asked"


async def test_first_meeting_created_from_the_list_opens_over_it(repo, clock):
    app = make_app(repo, None, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
        await pilot.press("escape")  # nothing underneath: the list stays
        assert isinstance(app.screen, MeetingsScreen)
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#prompt-input").value = "2021-06-30"
        await pilot.press("enter", "enter")
        await pilot.pause()
        new = repo.meetings.find_meeting("2021-06-30")
        assert app.screen.meeting_id == new.id
        await pilot.press("ctrl+o", "escape")
        await pilot.pause()
        assert app.screen.meeting_id == new.id


async def test_no_meeting_opens_the_meeting_list(repo, clock):
    app = make_app(repo, None, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)


async def test_command_palette_runs_actions(repo, clock):
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        from textual.command import CommandList

        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"next item")

        def offered() -> str:
            hit = app.screen.query_one(CommandList).highlighted_option
            return str(hit.prompt) if hit is not None else ""

        # The palette's search runs in the background: wait for its hit, then Enter.
        await until(pilot, lambda: "Next item" in offered(), "the palette offers Next item")
        await pilot.press("enter")
        await until(pilot, lambda: repo.meetings.meeting(mid).current_item_id is not None,
                    "the palette's Next item carried out")


async def test_export_writes_the_public_minutes(repo, clock, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await enter_line(pilot, "/next")
        await enter_line(pilot, "Hello board.")
        await pilot.press("ctrl+e")
        await wait_for_background(pilot)
        # the same default name as `csp export`
        target = tmp_path / "Community-Safety-Partnership-2021-03-31-minutes.docx"
        assert target.exists()
        assert any(target.name in t for t in toasts(app))
        assert any(str(target) in t for t in said(app))


async def test_import_agenda_in_the_app(repo, clock):
    mid = small_meeting(repo)
    before = len(repo.meetings.items(mid))
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        field = app.screen.query_one("#path")
        field.value = str(FIXTURES / "no-such-agenda.txt")
        await pilot.press("enter")
        await wait_for_background(pilot)
        assert "no such agenda file" in str(app.screen.query_one("#error").render())
        assert field.value.endswith("no-such-agenda.txt")
        field.value = str(FIXTURES / "agenda-2021-03-31.txt")
        await pilot.press("enter")
        await wait_for_background(pilot)
        assert len(repo.meetings.items(mid)) > before
        assert not app.screen.query("#path")


async def test_attendance_keys_open_it_and_its_names_reach_completion(repo, clock):
    from csp_tui.screens.attendance import AttendanceScreen
    from csp_tui.screens.meeting import MeetingScreen

    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"/a Jade H")  # completion reads the names now...
        await until(pilot, lambda: capture(app).suggestion, "name offered")
        await pilot.press("right")
        assert capture(app).value == "/a Jade Hodgson"
        capture(app).value = ""
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, AttendanceScreen)
        await pilot.press(*"Priya Shah", "ctrl+n", "enter")  # ...then someone new joins
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        # The meeting screen read the names again: the new person completes.
        await pilot.press(*"/a Priya S")
        await until(pilot, lambda: capture(app).suggestion, "new name offered")
        await pilot.press("right")
        assert capture(app).value == "/a Priya Shah"
        # "a" opens it too, once the capture line is not being typed in.
        capture(app).value = ""
        await pilot.press("tab", "a")
        await pilot.pause()
        assert isinstance(app.screen, AttendanceScreen)


def test_the_collector_runs_while_the_app_runs(repo, clock):
    # A long meeting must never run without the cyclic garbage collector (CspApp.run is
    # Textual's own: no start-up switches it off).
    seen: dict[str, bool] = {}

    async def auto_pilot(pilot) -> None:
        await pilot.pause()
        seen["after the first frame"] = gc.isenabled()
        pilot.app.exit()

    app = make_app(repo, small_meeting(repo), clock)
    app.run(headless=True, size=SIZE, auto_pilot=auto_pilot)
    assert seen == {"after the first frame": True}
    assert gc.isenabled()


async def test_footer_follows_the_focus_and_keeps_its_keys_otherwise(repo, clock):
    from csp_tui.widgets.footer import KeysFooter

    app = make_app(repo, small_meeting(repo), clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(KeysFooter)

        def shown() -> list[str]:
            return [key.description for key in footer.query("FooterKey")]

        first = list(footer.query("FooterKey"))
        assert "Next item" in shown() and "Undo" in shown()
        await pilot.press(*"typing changes no key")
        await pilot.pause()
        assert list(footer.query("FooterKey")) == first  # the same widgets: no rebuild
        await pilot.press("tab")  # to the agenda pane: its own keys join the footer
        await pilot.pause()
        assert "Add sub-item" in shown()
        await pilot.press("escape")
        await pilot.pause()
        assert "Add sub-item" not in shown()


async def test_agenda_lines_fit_the_pane_after_opening_a_shorter_agenda(repo, clock):
    from csp_tui.services.demo import build_demo

    live = build_demo(repo)  # 23 agenda lines: a scrollbar at 80x24
    short = small_meeting(repo)  # the standard agenda: 6 lines, no scrollbar
    app = make_app(repo, live, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        agenda = app.screen.query_one(AgendaPane)

        def widths() -> set[int]:
            return {agenda.get_option_at_index(i).prompt.cell_length
                    for i in range(agenda.option_count)}

        assert agenda.show_vertical_scrollbar
        assert widths() == {agenda.scrollable_content_region.width - 1}
        app.open_meeting(short)
        await pilot.pause()
        assert not agenda.show_vertical_scrollbar
        assert widths() == {agenda.scrollable_content_region.width - 1}
