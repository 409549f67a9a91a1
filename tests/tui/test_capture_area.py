"""The capture area at 80x24: it grows with its text, Enter adds the entry, ctrl+j puts a
line break inside it (one rule, through to the Word file), a mistake stays in the message
line until the next key, the footer shows whole keys, and notifications never cover what
is being typed."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_helpers import (  # noqa: F401 - utc_zone is an autouse fixture
    capture,
    capture_error,
    enter_line,
    make_app,
    said,
    screen_lines,
    small_meeting,
    toasts,
    until,
    utc_zone,
    wait_for_background,
)
from docx import Document
from textual import events

from csp_tui.exporters.export import export_meeting
from csp_tui.screens.help import HelpScreen
from csp_tui.screens.meeting import MeetingScreen
from csp_tui.storage.repository import Repository
from csp_tui.widgets.capture import CaptureLine, CaptureMessage
from csp_tui.widgets.footer import FooterKey
from csp_tui.widgets.message_bar import MessageBar

SIZE = (80, 24)
PARAGRAPH = ("Councillor Mullane asked that the ward panel dates are shared with the board "
             "before the next meeting, so that members can attend; the Community Safety "
             "Manager agreed and said the Safer Streets bid would be circulated with them.")


async def type_text(pilot, text: str, keyed: int = 12) -> None:
    """``text`` into the capture area as a note taker gets it there: the bulk at once
    (a paste), the last ``keyed`` characters key by key, which are the keys under test
    (typing each key by key would spend a minute on keys nobody is testing)."""
    bulk, keys = text[:-keyed], text[-keyed:]
    if bulk:
        pilot.app.post_message(events.Paste(bulk))
        await until(pilot, lambda: capture(pilot.app).value.endswith(bulk), "the bulk pasted")
    await pilot.press(*keys)


def current_entries(repo: Repository, mid: int) -> list[str]:
    return [e.text for e in repo.minutes.entries(repo.meetings.meeting(mid).current_item_id or 0)]


def shown_in(app, region) -> list[str]:
    """The text the user sees inside ``region`` (its border and padding cut off)."""
    rows = screen_lines(app)[region.y + 1:region.bottom - 1]
    return [row[region.x + 2:region.right - 2].strip() for row in rows]


async def test_the_capture_area_grows_with_its_text_and_enter_adds_it(repo, clock):
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("pagedown")
        area = capture(app)
        assert area.region.height == 3  # one line between its borders
        await type_text(pilot, PARAGRAPH)
        await pilot.pause()
        # The whole paragraph, wrapped, in the area the cursor is in: proofread before Enter.
        assert area.region.height >= 5
        assert " ".join(" ".join(shown_in(app, area.region)).split()) == PARAGRAPH
        await pilot.press("enter")
        await pilot.pause()
        assert area.value == "" and area.region.height == 3
        # Up to a third of the screen, then it scrolls, keeping the cursor in sight.
        await type_text(pilot, (PARAGRAPH + " ") * 3)
        await pilot.pause()
        assert area.region.height <= SIZE[1] // 3
        assert shown_in(app, area.region)[-1].endswith("circulated with them.")
        assert area.region.bottom <= app.screen.query_one("KeysFooter").region.y
    assert current_entries(repo, mid) == [PARAGRAPH]


async def test_ctrl_j_puts_a_line_break_inside_the_entry(repo, clock):
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("pagedown")
        await pilot.press(*"The board noted:  ", "ctrl+j", *"the figures", "alt+enter",
                          *"the plan")
        assert capture(app).value == "The board noted:  \nthe figures\nthe plan"
        assert shown_in(app, capture(app).region) == ["The board noted:", "the figures",
                                                      "the plan"]
        await pilot.press("enter")
        await pilot.pause()
        # A line break in an action is a space: the command is one line.
        await pilot.press(*"/a Jade Hodgson to circulate", "ctrl+j", *"the slides by 30 April",
                          "enter")
        await pilot.pause()
    # One entry, its breaks kept (without the spaces before them).
    assert current_entries(repo, mid) == ["The board noted:\nthe figures\nthe plan"]
    (action,) = repo.minutes.item_actions(repo.meetings.meeting(mid).current_item_id or 0)
    assert (action.task, action.due) == ("circulate the slides", "2021-04-30")


def test_a_line_break_prints_inside_one_paragraph_in_word_and_markdown(repo, clock,
                                                                      tmp_path: Path):
    from csp_tui.capture.handlers import run

    mid = small_meeting(repo)
    run(repo, mid, "/next")
    run(repo, mid, "The board noted:\nthe figures\nthe plan")
    run(repo, mid, "/agreed The plan\nwas agreed")
    docx = Path(export_meeting(repo, mid, out=tmp_path / "m.docx").path)
    texts = [p.text for p in Document(str(docx)).paragraphs]
    # python-docx reads a w:br inside a run as "\n": one paragraph, two line breaks.
    assert "The board noted:\nthe figures\nthe plan" in texts
    assert not {"the figures", "the plan"} & set(texts)
    assert any(t.endswith("The plan\nwas agreed") for t in texts), texts
    md = Path(export_meeting(repo, mid, out=tmp_path / "m.md", fmt="md").path).read_text()
    assert "The board noted:  \nthe figures  \nthe plan" in md


async def test_the_draft_keeps_its_line_breaks_and_paste_keeps_them(repo, clock):
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"First line", "ctrl+j")
        # A paragraph pasted from an e-mail: CRLF line endings and a stray escape.
        app.post_message(events.Paste("pasted\r\nsecond\x1b[31m line"))
        await pilot.pause()
        assert capture(app).value == "First line\npasted\nsecond[31m line"
    assert repo.meetings.meeting(mid).draft == "First line\npasted\nsecond[31m line"
    again = make_app(repo, mid, clock)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert capture(again).value == "First line\npasted\nsecond[31m line"
        assert capture(again).cursor_position == len(capture(again).value)


async def test_completion_shows_at_the_end_and_right_arrow_takes_it(repo, clock):
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"/a Jade Hodgson to x", "ctrl+j", *"/ac")
        await wait_for_background(pilot)  # the completion worked out (to nothing)
        assert capture(app).suggestion == ""  # only at the start of an entry
        capture(app).value = ""
        await pilot.press(*"/pres")
        await until(pilot, lambda: capture(app).suggestion, "completion offered")
        assert capture(app).suggestion == "ent "
        await pilot.press("home")
        await wait_for_background(pilot)
        assert capture(app).suggestion == ""  # the cursor left the end
        await pilot.press("end")  # back at the end: offered again
        await until(pilot, lambda: capture(app).suggestion, "completion offered again")
        await pilot.press("right")
        await pilot.press(*"Ja")
        await until(pilot, lambda: capture(app).suggestion, "name offered")
        await pilot.press("right")
        assert capture(app).value == "/present Jade Hodgson"


async def test_a_mistake_stays_just_above_the_capture_area_until_the_next_key(repo, clock):
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await enter_line(pilot, "/goto 99")
        message = app.screen.query_one(CaptureMessage)
        assert "99" in capture_error(app)
        assert message.region.bottom == capture(app).region.y
        for _ in range(5):
            await pilot.pause(0.1)
        assert "99" in capture_error(app)  # persistent: no timeout
        assert not any("99" in t for t in toasts(app))  # not a pop-up
        await pilot.press("left")  # any key, even one that types nothing
        # The error goes; what stays is where the line is kept to correct.
        assert capture_error(app) == (
            "Kept aside: /goto 99 · ctrl+r brings it back to correct")
        assert not capture(app).has_class("-error")
        await pilot.press("ctrl+r")
        assert capture(app).value == "/goto 99"
        assert capture_error(app) == ""


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_the_footer_shows_whole_keys_and_help_and_palette_keep_them_all(repo, clock,
                                                                               size):
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        keys = list(app.screen.query(FooterKey))
        described = [k.description for k in keys if not k.has_class("-command-palette")]
        assert described[:5] == ["Next item", "Prev item", "Export", "Defer", "Undo"]
        footer = screen_lines(app)[-1]
        for key in keys:
            assert f"{key.key_display} {key.description}" in footer  # whole, not cut
            assert key.region.right <= size[0]
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text").render())
    for binding in [*MeetingScreen.BINDINGS, *CaptureLine.BINDINGS]:
        assert binding.description in text, binding.description
    assert "ctrl+j / alt+Enter / shift+Enter" in text


async def test_export_warnings_never_cover_the_capture_area(repo, clock, tmp_path, monkeypatch):
    from csp_tui.capture.handlers import run

    monkeypatch.chdir(tmp_path)
    mid = small_meeting(repo)
    run(repo, mid, "/next")
    for n in range(10):  # 10 actions without an owner, and the items with no minutes
        run(repo, mid, f"/a to check venue number {n}")
    assert len(export_meeting(repo, mid, out=tmp_path / "w.docx").warnings) >= 14
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await type_text(pilot, PARAGRAPH[:150])
        await pilot.press("ctrl+e")
        await wait_for_background(pilot)
        area = capture(app).region
        assert len(shown_in(app, area)) == 3
        capture(app).value = ""
        await pilot.press(*"/pres")
        await until(pilot, lambda: capture(app).suggestion, "completion offered")
        assert capture(app).suggestion == "ent "  # the completion shows ...
        area = capture(app).region
        shown = toasts(app)
        # One message, on the message bar's row: its first line whole, the file named.
        assert len(shown) == 1 and shown[0].startswith("Minutes written to …")
        assert shown[0].endswith("-2021-03-31-minutes.docx (14 warnings)")
        assert not app.screen.query("Toast")
        bar = app.screen.query_one(MessageBar).region
        # ... in a row of its own, below the panes and above the message line's row
        # and the capture area: it covers neither.
        assert bar.bottom <= area.y and bar.y >= app.screen.query_one("#panes").region.bottom
        assert any(row.strip() == shown[0] for row in screen_lines(app))
        # The whole message, warnings and all, is in the message log.
        assert "(14 warnings)\nThe first: action with no owner" in said(app)[-1]
        assert "csp export --check lists them all" in said(app)[-1]
        assert shown_in(app, area)[-1] == "/present"


async def test_keys_in_a_burst_land_in_order(repo, clock):
    """Keys arriving together (a fast typist over ssh or tmux): the line break lands
    where it was typed, and what is typed after Enter stays for the next entry."""
    from textual.keys import _character_to_key

    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("pagedown")
        area = capture(app)
        burst = [*"first", "ctrl+j", *"second", "enter", *"next one"]
        for key in burst:  # all posted before any is handled, as a terminal sends them
            char = "\n" if key == "ctrl+j" else "\r" if key == "enter" else key
            area.post_message(events.Key(key if len(key) > 1 else _character_to_key(key), char))
        await pilot.pause()
        await pilot.pause()
        assert current_entries(repo, mid) == ["first\nsecond"]
        assert area.value == "next one"
