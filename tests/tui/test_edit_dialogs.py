"""The paragraph and the action-task edit dialogs wrap their text as the capture area
does (at 80 columns a one-line box took Home and 59 presses of Right to reach a
place): Enter (or ctrl+s) saves, ctrl+j puts a line break in a paragraph."""

from __future__ import annotations

from app_helpers import (  # noqa: F401 - utc_zone is an autouse fixture
    make_app,
    screen_lines,
    small_meeting,
    utc_zone,
)

from csp_tui.domain.models import Action, Entry
from csp_tui.screens.action_update import ActionUpdateScreen
from csp_tui.screens.edit_text import EditTextScreen
from csp_tui.widgets.minutes import LineKind, LineRef, MinutesPane
from csp_tui.widgets.text_field import WrappedField

SIZE = (80, 24)
TEXT = ("The board noted the quarterly figures for anti-social behaviour across the "
        "borough and asked the police to report again at the next meeting with ward detail")
TASK = ("map the hotspots of anti-social behaviour across the borough with the police "
        "and the council's community safety team")


def _meeting(repo) -> tuple[int, int, int]:
    mid = small_meeting(repo)
    first = repo.meetings.items(mid)[0]
    repo.meetings.set_current(mid, first.id)
    entry = repo.minutes.add_entry(Entry(item_id=first.id, text=TEXT))
    action = repo.minutes.add_action(Action(meeting_id=mid, item_id=first.id, owner="Jade Hodgson",
                                            task=TASK))
    return mid, entry.id, action.id


async def _open(pilot, ref: LineRef, key: str) -> None:
    pane = pilot.app.screen.query_one(MinutesPane)
    pane.focus()
    pane.select_ref(ref)
    await pilot.press(key)
    await pilot.pause()
    await pilot.pause()


def _shown(app) -> str:
    """The screen's text, rows joined by spaces and the box's edges taken out."""
    return " ".join(row.strip(" █▊▎") .strip() for row in screen_lines(app))


async def test_a_paragraph_is_edited_in_a_wrapped_field(repo, clock):
    mid, entry_id, _ = _meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, LineRef(LineKind.ENTRY, entry_id), "enter")
        assert isinstance(app.screen, EditTextScreen)
        field = app.screen.query_one(WrappedField)
        # Every word shows, on several rows of the box.
        assert field.size.height >= 2
        assert " ".join(TEXT.split()[:8]) in _shown(app)
        assert "ward detail" in _shown(app)
        # A place two rows up is two keys away, not a walk along one line.
        await pilot.press("up", "up", *"; ")
        await pilot.press("enter")
        await pilot.pause()
        text = repo.minutes.entry(entry_id).text
        assert "; " in text and text.replace("; ", "", 1) == TEXT
        assert text.index(";") < len(TEXT) - 60


async def test_ctrl_j_breaks_the_line_and_esc_keeps_the_text(repo, clock):
    mid, entry_id, _ = _meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, LineRef(LineKind.ENTRY, entry_id), "enter")
        await pilot.press(*" Noted.")
        await pilot.press("escape")
        await pilot.pause()
        assert repo.minutes.entry(entry_id).text == TEXT
        await _open(pilot, LineRef(LineKind.ENTRY, entry_id), "enter")
        await pilot.press("ctrl+j", *"Agreed.", "ctrl+s")
        await pilot.pause()
        assert repo.minutes.entry(entry_id).text == TEXT + "\nAgreed."


async def test_the_action_task_wraps_and_enter_saves_the_form(repo, clock):
    mid, _, action_id = _meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, LineRef(LineKind.ACTION, action_id), "u")
        assert isinstance(app.screen, ActionUpdateScreen)
        task = app.screen.query_one("#task", WrappedField)
        assert task.size.height >= 2 and "community safety team" in _shown(app)
        task.focus()
        # A line break pasted into the task stays one line: a space.
        await pilot.press("ctrl+j")
        task.insert("\nnow")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert not isinstance(app.screen, ActionUpdateScreen)
        assert repo.minutes.action(action_id).task == TASK + " now"
