"""In the app, approved minutes keep their style and their papers: the item pane of an
approved meeting prints its lines in the style it was approved in, whatever the board
has since; ``p`` on an approved meeting's item is refused with a notification; the
``/defer`` preview is in the board's own words."""

from __future__ import annotations

from pathlib import Path

from app_helpers import (  # noqa: F401 - utc_zone is an autouse fixture
    capture,
    enter_line,
    make_app,
    said,
    screen_lines,
    small_meeting,
    until,
    utc_zone,
)

from csp_tui.capture.handlers import run
from csp_tui.domain.models import MeetingState
from csp_tui.screens.attach_paper import AttachPaperScreen
from csp_tui.widgets.agenda import AgendaPane

SIZE = (80, 24)
KEPT = "Restricted due to sensitive information."
NEW = "This item is restricted due to sensitive information"


def _approved_restricted(repo) -> int:
    """A meeting approved in the default style, its current item 2 restricted."""
    mid = small_meeting(repo)
    for line in ("/goto 2", "/restricted"):
        run(repo, mid, line)
    repo.versions.move_minutes(mid, MeetingState.CLOSED)
    repo.versions.move_minutes(mid, MeetingState.APPROVED)
    return mid


async def test_an_approved_meetings_pane_keeps_its_style(repo, clock):
    mid = _approved_restricted(repo)
    repo.settings.set_board_style(repo.meetings.meeting(mid).board_id, "council-page-2019")
    app = make_app(repo, mid, clock)
    async with app.run_test(size=(160, 30)) as pilot:
        await until(pilot, lambda: KEPT in "\n".join(screen_lines(app)),
                    "the approved style's sentence")
        assert NEW not in "\n".join(screen_lines(app))


async def test_a_draft_meetings_pane_follows_the_boards_style(repo, clock):
    mid = small_meeting(repo)
    repo.settings.set_board_style(repo.meetings.meeting(mid).board_id, "council-page-2019")
    app = make_app(repo, mid, clock)
    async with app.run_test(size=(160, 30)) as pilot:
        await enter_line(pilot, "/goto 2")
        await enter_line(pilot, "/restricted")
        await until(pilot, lambda: NEW in "\n".join(screen_lines(app)), "the board's style")


async def test_p_on_an_approved_meeting_is_refused_with_a_notification(repo, clock):
    mid = _approved_restricted(repo)
    item = repo.meetings.items(mid)[2]
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        pane = app.screen.query_one(AgendaPane)
        pane.focus()
        pane.highlight_item(item.id)
        await pilot.press("p")
        await until(pilot, lambda: any("approved and read-only" in t
                                       for t in said(app, "error")), "the refusal")
        assert not isinstance(app.screen, AttachPaperScreen)
    assert repo.papers.papers(mid) == []


async def test_the_defer_preview_is_in_the_boards_words(repo, clock, tmp_path: Path):
    mid = small_meeting(repo)
    style = tmp_path / "ours.toml"
    style.write_text('extends = "council-word-2021"\n[deferral]\n'
                     'joined = "Item held over {reason}"\n', encoding="utf-8")
    repo.settings.set_board_style(repo.meetings.meeting(mid).board_id, style)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await enter_line(pilot, "/goto 4")
        await pilot.press(*"/defer to the March board")
        await until(pilot, lambda: capture(app).suggestion, "the preview offered")
        assert capture(app).suggestion.endswith("Item held over to the March board.")
        await pilot.press("right", "enter")
        await until(pilot, lambda: repo.meetings.items(mid)[3].deferred_reason, "deferred")
    assert repo.meetings.items(mid)[3].deferred_reason == "Item held over to the March board."
