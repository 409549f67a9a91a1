"""Lines that arrive faster than the app digests them: each Enter stores exactly the
text typed before it, once, under the item it was typed in (issue: capture at the speed
of speech). The keys are posted to the app all at once, as a terminal delivers a paste,
the phrase book or keys queued while the app was busy, not one at a time with a pause
after each as ``pilot.press`` does."""

from __future__ import annotations

from app_helpers import (  # noqa: F401 - utc_zone is an autouse fixture
    capture,
    capture_error,
    make_app,
    small_meeting,
    until,
    utc_zone,
)
from textual import events


def burst(app, text: str) -> None:
    """Post ``text`` as key events, ``\\r`` as Enter, without waiting between them."""
    for char in text:
        if char == "\r":
            app.post_message(events.Key("enter", "\r"))
        elif char == " ":
            app.post_message(events.Key("space", " "))
        else:
            app.post_message(events.Key(char, char))


def stored(repo, meeting_id: int) -> list[tuple[str, str]]:
    """(item title, text) of every entry, in the order they were stored."""
    titles = {item.id: item.title for item in repo.meetings.items(meeting_id)}
    rows = repo.db.execute(
        "SELECT item_id, text FROM entries WHERE item_id IN "
        "(SELECT id FROM items WHERE meeting_id = ?) ORDER BY id",
        [meeting_id]).fetchall()
    return [(titles[item_id], text) for item_id, text in rows]


async def test_three_lines_in_one_burst_are_stored_once_each(repo, clock):
    meeting_id = small_meeting(repo)
    app = make_app(repo, meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        burst(app, "alpha one\rbeta two\rgamma three\r")
        await until(pilot, lambda: len(stored(repo, meeting_id)) >= 3, "three lines stored")
        await pilot.pause()
        assert [text for _, text in stored(repo, meeting_id)] == [
            "alpha one", "beta two", "gamma three"]
        assert capture(app).value == ""


async def test_keys_after_enter_stay_in_the_capture_area(repo, clock):
    meeting_id = small_meeting(repo)
    app = make_app(repo, meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        burst(app, "first point\rsecond half typed")
        await until(pilot, lambda: capture(app).value == "second half typed",
                    "the keys after Enter in the capture area")
        assert [text for _, text in stored(repo, meeting_id)] == ["first point"]


async def test_a_goto_in_a_burst_files_the_lines_after_it_under_its_item(repo, clock):
    meeting_id = small_meeting(repo)
    items = repo.meetings.items(meeting_id)
    app = make_app(repo, meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        burst(app, "on the first\r/goto 3\ron the third\r/goto 2\ron the second\r")
        await until(pilot, lambda: len(stored(repo, meeting_id)) >= 3, "three lines stored")
        await pilot.pause()
        titles = [item.title for item in items]
        assert stored(repo, meeting_id) == [
            (titles[0], "on the first"), (titles[2], "on the third"),
            (titles[1], "on the second")]


async def test_a_refused_command_keeps_its_line_and_the_next_lines_go_in(repo, clock):
    meeting_id = small_meeting(repo)
    app = make_app(repo, meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        burst(app, "/goto 99\rthe board noted the report\r")
        await until(pilot, lambda: len(stored(repo, meeting_id)) >= 1, "the line stored")
        await pilot.pause()
        assert [text for _, text in stored(repo, meeting_id)] == [
            "the board noted the report"]
        assert "99" in capture_error(app)


async def test_a_key_after_enter_runs_after_the_line_is_stored(repo, clock):
    """PgDn (a priority key of the screen) pressed at once after Enter: the line goes
    under the item it was typed in, not the next one."""
    meeting_id = small_meeting(repo)
    items = repo.meetings.items(meeting_id)
    app = make_app(repo, meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        burst(app, "said on the first\r")
        app.post_message(events.Key("pagedown", None))
        burst(app, "said on the second\r")
        await until(pilot, lambda: len(stored(repo, meeting_id)) >= 2, "two lines stored")
        await pilot.pause()
        assert stored(repo, meeting_id) == [(items[0].title, "said on the first"),
                                            (items[1].title, "said on the second")]


async def test_ctrl_r_brings_a_refused_line_back_and_keeps_what_was_typed(repo, clock):
    meeting_id = small_meeting(repo)
    app = make_app(repo, meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        burst(app, "/goto 99\rhalf a line")
        await until(pilot, lambda: capture(app).value == "half a line", "the keys typed after")
        assert "Kept aside: /goto 99" in str(app.screen.query_one("#capture-error").render())
        # The draft keeps the held line too: a crash loses neither.
        await pilot.press("ctrl+r")
        assert capture(app).value == "/goto 99"
        await pilot.press("backspace", "backspace", "3", "enter")
        await pilot.pause()
        third = repo.meetings.items(meeting_id)[2]
        assert repo.meetings.meeting(meeting_id).current_item_id == third.id
        # What was in the line when ctrl+r was pressed is next in turn.
        assert "Kept aside: half a line" in str(app.screen.query_one("#capture-error").render())
        await pilot.press("ctrl+r", "enter")
        await until(pilot, lambda: len(stored(repo, meeting_id)) == 1, "the line stored")
        assert stored(repo, meeting_id)[0][1] == "half a line"
        assert capture(app).value == ""


async def test_a_refused_lines_error_is_in_the_message_log_too(repo, clock):
    from app_helpers import said

    meeting_id = small_meeting(repo)
    app = make_app(repo, meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        burst(app, "/goto 99\rnext words")
        await until(pilot, lambda: capture(app).value == "next words", "the keys typed after")
        # The error line went with the next key; the log (ctrl+l) keeps it.
        assert any("99" in text for text in said(app))
