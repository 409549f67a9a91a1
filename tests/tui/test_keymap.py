"""The user's keymap (their settings file) moves keys in the app: the key works, the
old one no longer does, and the help and the footer show the user's key. A bad entry
is said in one line and the app runs on the default keys."""

from __future__ import annotations

from app_helpers import (  # noqa: F401 - utc_zone is an autouse fixture
    capture,
    make_app,
    said,
    screen_lines,
    small_meeting,
    until,
    utc_zone,
)
from test_burst_capture import burst, stored
from textual import events

from csp_tui.screens.help import HelpScreen


def current_number(repo, meeting_id: int) -> str | None:
    item_id = repo.meetings.meeting(meeting_id).current_item_id
    return None if item_id is None else repo.meetings.item(item_id).number


async def test_a_keymap_file_moves_a_key_and_help_shows_it(repo, clock, no_user_settings):
    no_user_settings.write_text('[keymap]\n"meeting.next-item" = "ctrl+n"\n',
                                encoding="utf-8")
    meeting_id = small_meeting(repo)
    app = make_app(repo, meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        # The footer shows the user's key for it.
        await until(pilot, lambda: "^n Next item" in screen_lines(app)[-1], "the footer")
        assert "pgdn" not in screen_lines(app)[-1]
        await pilot.press(*"typing", "ctrl+n")
        await until(pilot, lambda: current_number(repo, meeting_id) == "1", "on item 1")
        await pilot.press("pagedown")  # no longer the key
        await pilot.press("ctrl+n")
        await until(pilot, lambda: current_number(repo, meeting_id) == "2", "on item 2")
        assert capture(app).value == "typing"
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        text = str(app.screen.query_one("#help-text").render())
        (row,) = [line for line in text.splitlines() if "Next item" in line]
        assert row.split() == ["ctrl+n", "Next", "item"]
        assert "PgDn " not in text.split("Capture area")[0]


async def test_a_remapped_meeting_key_runs_in_turn_with_the_keys_typed(repo, clock,
                                                                     no_user_settings):
    """ctrl+n (the user's next-item key) pressed at once after Enter, while typing in
    the capture area: the line goes under the item it was typed in, not the next."""
    no_user_settings.write_text('[keymap]\n"meeting.next-item" = "ctrl+n"\n',
                                encoding="utf-8")
    meeting_id = small_meeting(repo)
    items = repo.meetings.items(meeting_id)
    app = make_app(repo, meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        burst(app, "said on the first\r")
        app.post_message(events.Key("ctrl+n", None))
        burst(app, "said on the second\r")
        await until(pilot, lambda: len(stored(repo, meeting_id)) >= 2, "two lines stored")
        await pilot.pause()
        assert stored(repo, meeting_id) == [(items[0].title, "said on the first"),
                                            (items[1].title, "said on the second")]


async def test_the_line_break_key_can_move(repo, clock, no_user_settings):
    no_user_settings.write_text('[keymap]\n"capture.line-break" = "ctrl+b"\n',
                                encoding="utf-8")
    meeting_id = small_meeting(repo)
    app = make_app(repo, meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a", "ctrl+b", "b")
        assert capture(app).value == "a\nb"
        # In turn with the keys, when they come at once (a burst over ssh).
        burst(app, "c")
        app.post_message(events.Key("ctrl+b", None))
        burst(app, "d")
        await until(pilot, lambda: capture(app).value.endswith("d"), "the keys typed")
        assert capture(app).value == "a\nbc\nd"


async def test_a_bad_entry_is_said_and_the_app_runs_on_the_defaults(repo, clock,
                                                                   no_user_settings):
    no_user_settings.write_text('[keymap]\n"meeting.next-item" = "ctrl+n"\n'
                                '"meeting.nxet" = "ctrl+x"\n', encoding="utf-8")
    meeting_id = small_meeting(repo)
    app = make_app(repo, meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        errors = said(app, "error")
        assert errors == [f"{no_user_settings}: [keymap] meeting.nxet: no such key id "
                          "(`csp keys` lists them); the default keys and settings are in use."]
        await pilot.press("pagedown")  # the default key, not the file's
        await until(pilot, lambda: current_number(repo, meeting_id) == "1", "on item 1")
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert current_number(repo, meeting_id) == "1"


async def test_a_file_that_is_not_toml_is_said_in_one_line(repo, clock, no_user_settings):
    no_user_settings.write_text("[keymap\n", encoding="utf-8")
    app = make_app(repo, small_meeting(repo))
    async with app.run_test(size=(80, 24)):
        (error,) = said(app, "error")
        assert error.startswith(f"{no_user_settings}: not TOML: ")
        assert "\n" not in error


async def test_a_key_taken_from_another_binding_is_said_once(repo, clock, no_user_settings):
    no_user_settings.write_text('[keymap]\n"meeting.next-item" = "ctrl+z"\n',
                                encoding="utf-8")
    meeting_id = small_meeting(repo)
    app = make_app(repo, meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+z", "ctrl+z")
        await until(pilot, lambda: current_number(repo, meeting_id) == "2", "on item 2")
        warnings = [m for m in said(app, "warning") if "keymap" in m]
        assert warnings == ["Your keymap gives ctrl+z to Next item (meeting.next-item), "
                            "so Undo (meeting.undo) has lost it."]
