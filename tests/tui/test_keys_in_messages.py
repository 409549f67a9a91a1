"""A message or hint that names a key names the user's: a keymap file moves a key, and
the clock bar, the help, the meeting list's messages and the capture language's
messages say the moved key (csp_tui.widgets.keys.key_for, Ctx.key)."""

from __future__ import annotations

from app_helpers import (  # noqa: F401 - utc_zone is an autouse fixture
    enter_line,
    make_app,
    said,
    screen_lines,
    small_meeting,
    until,
    utc_zone,
)

from csp_tui.capture.grammar import command
from csp_tui.capture.handlers import execute
from csp_tui.screens.confirm import ConfirmScreen
from csp_tui.screens.help import HelpScreen
from csp_tui.screens.meetings import MeetingsScreen


def keymap(path, **keys: str) -> None:
    path.write_text("[keymap]\n" + "".join(f'"{k}" = "{v}"\n' for k, v in keys.items()),
                    encoding="utf-8")


def clock_bar(app) -> str:
    return next(line for line in screen_lines(app) if "No current item" in line)


async def test_the_clock_bar_names_the_users_next_item_key(repo, clock, no_user_settings):
    meeting_id = small_meeting(repo)
    app = make_app(repo, meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: "No current item" in "".join(screen_lines(app)), "clock")
        assert "No current item: PgDn starts the first one." in clock_bar(app)
    keymap(no_user_settings, **{"meeting.next-item": "ctrl+n,pagedown"})
    app = make_app(repo, meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: "No current item" in "".join(screen_lines(app)), "clock")
        assert "No current item: ctrl+n starts the first one." in clock_bar(app)


async def test_the_help_names_the_users_keys(repo, clock, no_user_settings):
    keymap(no_user_settings, **{"capture.line-break": "ctrl+b", "help.close": "ctrl+w"})
    app = make_app(repo, small_meeting(repo))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        await pilot.pause()
        assert "Help (ctrl+w closes)" in "\n".join(screen_lines(app))
        text = " ".join(str(app.screen.query_one("#help-text").render()).split())
        assert "ctrl+b puts a line break inside the entry: Word prints it" in text
        assert "ctrl+j" not in text and "alt+Enter" not in text
        await pilot.press("ctrl+w")
        await until(pilot, lambda: not isinstance(app.screen, HelpScreen), "help closed")


async def test_the_meeting_list_names_the_users_undo_key(repo, clock, no_user_settings):
    keymap(no_user_settings, **{"meeting.undo": "ctrl+u", "meetings.close-meeting": "x"})
    app = make_app(repo, small_meeting(repo))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+o")
        await until(pilot, lambda: isinstance(app.screen, MeetingsScreen), "the list")
        await pilot.pause()
        assert "Meetings (Enter opens, n creates, x closes)" in "\n".join(screen_lines(app))
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "asked")
        await pilot.press("y")
        await until(pilot, lambda: any("Meeting closed" in m for m in said(app)), "closed")
        assert "Meeting closed (ctrl+u on the meeting screen undoes)." in said(app)


def test_the_capture_language_names_the_users_keys(repo):
    meeting_id = small_meeting(repo)
    assert execute(repo, meeting_id, command("help")).message == (
        "f1 or ? lists every key and command")
    assert execute(repo, meeting_id, command("help"), keys={
        "app.help": "f10,f1", "app.help-alt": "ctrl+h"}).message == (
        "f10 or ctrl+h lists every key and command")


async def test_the_meeting_screen_names_the_users_keys(repo, clock, no_user_settings):
    """The capture line's hint and the live meeting's messages (a refused line kept
    aside, a command carried out through it) name the moved keys."""
    keymap(no_user_settings, **{"meeting.recall": "ctrl+k", "app.help": "f10",
                                "capture.line-break": "ctrl+b"})
    app = make_app(repo, small_meeting(repo))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        hint = str(app.screen.query_one("#capture").placeholder)
        assert "ctrl+b new line" in hint and "f10 help" in hint, hint
        await enter_line(pilot, "/goto 99")

        def kept() -> str:
            return str(app.screen.query_one("#capture-error").render())

        await pilot.press("h")  # the error gives way to the line kept aside as typing goes on
        await until(pilot, lambda: "Kept aside: /goto 99" in kept(), "kept aside")
        assert "ctrl+k brings it back" in kept() and "ctrl+r" not in kept(), kept()
        await pilot.press("backspace")
        await enter_line(pilot, "/help")
        await until(pilot, lambda: any("f10 or ? lists every key" in m for m in said(app)),
                    "the capture language's message through the live meeting")
