"""What the app says: one message at a time, on the message bar (a row of the layout,
never over the item pane's last lines or the capture area), and every message kept
in the message log (ctrl+l), with its time."""

from __future__ import annotations

import pytest
from app_helpers import (  # noqa: F401 - utc_zone is an autouse fixture
    enter_line,
    make_app,
    said,
    screen_lines,
    small_meeting,
    toasts,
    utc_zone,
    wait_for_background,
)

from csp_tui.domain.models import Entry
from csp_tui.screens.help import HelpScreen
from csp_tui.screens.message_log import MessageLogScreen
from csp_tui.screens.prompt import PromptScreen
from csp_tui.widgets.capture import CaptureLine
from csp_tui.widgets.message_bar import MessageBar
from csp_tui.widgets.minutes import MinutesPane

SIZE = (80, 24)


def _long_item(repo) -> int:
    """The small meeting at its first item, with more lines than the pane shows."""
    mid = small_meeting(repo)
    first = repo.meetings.items(mid)[0]
    repo.meetings.set_current(mid, first.id)
    for n in range(1, 25):
        repo.minutes.add_entry(Entry(item_id=first.id, text=f"Point {n} of the introductions."))
    return mid


async def test_messages_after_defer_cover_neither_the_pane_nor_the_capture_area(repo, clock):
    mid = _long_item(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await enter_line(pilot, "/goto 2")
        await enter_line(pilot, "Nothing to declare from the members present.")
        await enter_line(pilot, "/defer not quorate")
        app.notify("A second message")
        app.notify("A third message", severity="warning")
        await pilot.pause()
        # One message on the screen: the newest; no toast stacks over the panes.
        assert toasts(app) == ["A third message"]
        assert not app.screen.query("Toast")
        bar = app.screen.query_one(MessageBar).region
        pane = app.screen.query_one(MinutesPane).region
        area = app.screen.query_one(CaptureLine).region
        # A row of its own, below the item pane and above the capture area.
        assert pane.bottom <= bar.y and bar.bottom <= area.y
        rows = screen_lines(app)
        assert rows[bar.y].strip() == "A third message"
        # Every message is in the log, whole, in the order said.
        assert said(app)[-3:] == [
            "Item 2 deferred: Item deferred as not quorate. Now at item 3: Minutes and "
            "Action Log",
            "A second message", "A third message"]


async def test_the_item_pane_keeps_its_last_line_in_view_under_a_message(repo, clock):
    mid = _long_item(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await enter_line(pilot, "The chair closed the introductions.")
        app.notify("Something the app says")
        await pilot.pause()
        pane = app.screen.query_one(MinutesPane).region
        inside = [row[pane.x:pane.right] for row in screen_lines(app)[pane.y:pane.bottom]]
        # The line just entered shows in the pane with the message on the screen.
        assert any("The chair closed the introductions." in row for row in inside)
        assert "Something the app says" in screen_lines(app)[pane.bottom]


async def test_ctrl_l_opens_the_message_log_with_the_times(repo, clock):
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await enter_line(pilot, "/next")
        clock.advance(minutes=3)
        await enter_line(pilot, "/pause")
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert isinstance(app.screen, MessageLogScreen)
        text = str(app.screen.query_one("#log-text").render())
        assert "12:00:00 Now at item 1: Introductions and Apologies for Absence" in text
        assert "12:03:00 Timer paused" in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, MessageLogScreen)


async def test_the_message_log_is_in_the_help_and_the_palette(repo, clock):
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "ctrl+l" in str(app.screen.query_one("#help-text").render())
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Messages", "enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, MessageLogScreen)


async def test_over_a_dialog_one_toast_and_none_left_over_the_panes(repo, clock):
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await enter_line(pilot, "/next")
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        app.notify("First over the dialog")
        app.notify("Second over the dialog")
        await pilot.pause()
        assert [str(t.render()) for t in app.screen.query("Toast")] == [
            "Second over the dialog"]
        await pilot.press("escape")
        await pilot.pause()
        # Back on the meeting screen the message is on its bar, not in a toast.
        assert not app.screen.query("Toast")
        assert toasts(app) == ["Second over the dialog"]


@pytest.mark.parametrize("width", [80, 120])
async def test_a_toast_uses_the_width_it_has_and_wraps_a_path_at_its_folders(
        repo, clock, width):
    mid = small_meeting(repo)
    path = ("/home/notetaker/Documents/CSP/2021/"
            "Community-Safety-Partnership-2021-03-31-minutes.docx")
    app = make_app(repo, mid, clock)
    async with app.run_test(size=(width, 24), notifications=True) as pilot:
        await enter_line(pilot, "/next")
        await pilot.press("ctrl+d")  # a dialog: the message is a toast
        await pilot.pause()
        app.notify(f"Minutes written to {path}")
        await pilot.pause()
        toast = app.screen.query_one("Toast")
        lines = [line.strip() for line in str(toast.render()).splitlines()]
        # Every line ends at a space or a folder, never inside a name.
        assert " ".join(lines).replace("/ ", "/") == f"Minutes written to {path}", lines
        for line in lines[:-1]:
            assert line.endswith("/") or line == "Minutes written to", lines
        assert lines[-1].endswith("Community-Safety-Partnership-2021-03-31-minutes.docx")
        if width == 120:
            # The width there is: one line, not a box 60 columns wide.
            assert len(lines) == 1 and toast.region.width > 100


def test_message_log_80x24(snap_compare, repo, clock):
    mid = small_meeting(repo)

    async def run(pilot) -> None:
        await pilot.pause()
        await enter_line(pilot, "/next")
        clock.advance(minutes=2)
        await enter_line(pilot, "/pause")
        pilot.app.notify("Minutes written to /home/notetaker/Documents/minutes/"
                         "Community-Safety-Partnership-2021-03-31-minutes.docx\n"
                         "2 warnings, the first: action with no owner\n"
                         "csp export --check lists them all.", severity="warning")
        clock.advance(seconds=30)
        pilot.app.notify("Not saved: the database is locked", severity="error")
        await pilot.press("ctrl+l")
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(make_app(repo, mid, clock), terminal_size=SIZE, run_before=run)
