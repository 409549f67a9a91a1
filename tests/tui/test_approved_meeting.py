"""An approved meeting in the app: a banner, every edit refused, until it is reopened
(with the reason in its history)."""

from __future__ import annotations

from app_helpers import (  # noqa: F401 - utc_zone is an autouse fixture
    capture_error,
    enter_line,
    make_app,
    small_meeting,
    utc_zone,
)
from textual.widgets import Static

from csp_tui.capture.handlers import run
from csp_tui.cli.main import main
from csp_tui.domain.models import MeetingState
from csp_tui.widgets.minutes import LineKind, LineRef, MinutesPane

SIZE = (120, 40)


def _texts(repo, mid: int) -> list[str]:
    return [
        e.text for i in repo.meetings.items(mid) if i.id is not None for e in repo.minutes.entries(
            i.id)]


async def test_the_app_refuses_edits_to_approved_minutes_until_reopened(
        repo, clock, db_path, capsys):
    mid = small_meeting(repo)
    assert run(repo, mid, "/next").moved
    run(repo, mid, "Agreed before approval.")
    item_id = repo.meetings.meeting(mid).current_item_id
    repo.versions.move_minutes(mid, MeetingState.CLOSED)
    repo.versions.move_minutes(mid, MeetingState.APPROVED)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        banner = app.screen.query_one("#frozen-banner", Static)
        assert "APPROVED MINUTES" in str(banner.render())
        await enter_line(pilot, "A paragraph after approval.")
        assert "approved and read-only" in capture_error(app)
        # A key on a line of the minutes is refused too (the edits' one way in).
        pane = app.screen.query_one(MinutesPane)
        pane.focus()
        pane.select_ref(LineRef(LineKind.ENTRY, repo.minutes.entries(item_id)[0].id))
        await pilot.press("delete")
        await pilot.pause()
        assert _texts(repo, mid) == ["Agreed before approval."]

    assert main(["--db", str(db_path), "minutes", "reopen", "--meeting", str(mid),
                 "--reason", "a paragraph was missed"]) == 0
    assert repo.versions.history(mid)[-1].reason == "a paragraph was missed"
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app.screen.query("#frozen-banner")
        await enter_line(pilot, "A paragraph after approval.")
        assert capture_error(app) == ""
    assert _texts(repo, mid) == ["Agreed before approval.", "A paragraph after approval."]


async def test_the_item_pane_shows_an_action_as_minuted_and_its_form_edits_the_minutes(
        repo, clock, db_path, capsys):
    mid = small_meeting(repo)
    run(repo, mid, "/next")
    run(repo, mid, "/a Jade Hodgson to report on the panel by next board")
    (action,) = repo.minutes.actions(mid)
    assert action.id is not None
    # Once circulated, the live action moves on; its minutes do not (a draft's would).
    repo.versions.move_minutes(mid, MeetingState.CLOSED)
    repo.versions.move_minutes(mid, MeetingState.CIRCULATED)
    assert main(["--db", str(db_path), "actions", "update", str(action.id), "--due",
                 "sometime"]) == 0
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(MinutesPane)
        ref = LineRef(LineKind.ACTION, action.id)
        assert str(pane.get_option(ref.option_id).prompt) == (
            "ACTION: Jade Hodgson to report on the panel by next board.")
        # Its own meeting's form changes the minutes too, but only what was changed.
        pane.focus()
        pane.select_ref(ref)
        await pilot.press("u")
        await pilot.pause()
        app.screen.query_one("#task").value = "report on the survivor panel"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert str(pane.get_option(ref.option_id).prompt) == (
            "ACTION: Jade Hodgson to report on the survivor panel by next board.")
    after = repo.minutes.action(action.id)
    assert (after.task, after.due) == ("report on the survivor panel", "sometime")
    assert after.minuted is not None
    assert (after.minuted.task, after.minuted.due) == ("report on the survivor panel",
                                                       "next board")
