"""Issue 20 in the app at 80x24: an action done at the meeting (a key on its line, or
``/a ... (COMPLETED)``) prints "(COMPLETED)" in the draft's pane, Word and Markdown,
a carried action reviewed under Minutes and Action Log too; undo never crosses a
lifecycle step; approved minutes refuse the app's keys; ``/defer`` shows the sentence
the minutes will print before Enter."""

from __future__ import annotations

from pathlib import Path

from app_helpers import (  # noqa: F401 - utc_zone is an autouse fixture
    capture,
    capture_error,
    enter_line,
    make_app,
    small_meeting,
    until,
    utc_zone,
)

from csp_tui.capture.handlers import run
from csp_tui.domain.models import ActionStatus, ItemState, MeetingState
from csp_tui.exporters.docx_writer import read_docx_text
from csp_tui.exporters.export import export_meeting
from csp_tui.storage.repository import Repository
from csp_tui.widgets.minutes import LineKind, LineRef, MinutesPane

SIZE = (80, 24)
DONE = "ACTION: Jade Hodgson to circulate the slides. (COMPLETED)"


def _prompt(app, ref: LineRef) -> str:
    return str(app.screen.query_one(MinutesPane).get_option(ref.option_id).prompt)


def _exported(repo: Repository, mid: int, out: Path) -> tuple[str, str]:
    """The meeting's Word text and Markdown, as exported now."""
    out.mkdir(exist_ok=True)
    docx = export_meeting(repo, mid, out=out).path
    md = export_meeting(repo, mid, out=out, fmt="md").path
    return read_docx_text(docx), Path(md).read_text(encoding="utf-8")


async def _press_on(pilot, ref: LineRef, key: str) -> None:
    pane = pilot.app.screen.query_one(MinutesPane)
    pane.focus()
    pane.select_ref(ref)
    await pilot.press(key)
    await pilot.pause()


async def test_c_on_an_action_line_prints_it_completed_in_the_pane_word_and_markdown(
        repo, clock, tmp_path):
    mid = small_meeting(repo)
    run(repo, mid, "/next")
    run(repo, mid, "/a Jade Hodgson to circulate the slides")
    (action,) = repo.minutes.actions(mid)
    assert action.id is not None
    ref = LineRef(LineKind.ACTION, action.id)
    word, md = _exported(repo, mid, tmp_path / "before")
    assert DONE not in word and DONE not in md
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert _prompt(app, ref) == "ACTION: Jade Hodgson to circulate the slides."
        await _press_on(pilot, ref, "c")
        await until(pilot, lambda: _prompt(app, ref) == DONE, "the pane shows it done")
    assert repo.minutes.action(action.id).status is ActionStatus.COMPLETED
    word, md = _exported(repo, mid, tmp_path / "after")
    assert DONE in word
    assert f"**{DONE}**" in md


async def test_a_typed_completed_mark_is_the_actions_status_not_its_task(
        repo, clock, tmp_path):
    mid = small_meeting(repo)
    run(repo, mid, "/next")
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await enter_line(pilot, "/a Jade Hodgson to circulate the slides (COMPLETED)")
        assert capture_error(app) == ""
        (action,) = repo.minutes.actions(mid)
        assert action.id is not None
        assert (action.task, action.status) == ("circulate the slides",
                                                ActionStatus.COMPLETED)
        await until(pilot, lambda: _prompt(app, LineRef(LineKind.ACTION, action.id or 0))
                    == DONE, "the pane shows it done")
    word, md = _exported(repo, mid, tmp_path)
    assert DONE in word and f"**{DONE}**" in md
    assert "(COMPLETED) (COMPLETED)" not in word


async def test_c_on_a_carried_action_under_minutes_and_action_log(repo, clock, tmp_path):
    earlier = small_meeting(repo)
    run(repo, earlier, "/next")
    run(repo, earlier, "/a Jade Hodgson to circulate the slides")
    (action,) = repo.minutes.actions(earlier)
    assert action.id is not None
    repo.versions.move_minutes(earlier, MeetingState.CLOSED)
    import datetime as dt

    mid = small_meeting(repo, dt.date(2021, 6, 30), people=())
    run(repo, mid, "/goto 3")  # Minutes and Action Log
    ref = LineRef(LineKind.CARRIED, action.id)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # Open: no status said, as Word prints it.
        assert _prompt(app, ref) == "ACTION: Jade Hodgson to circulate the slides."
        await _press_on(pilot, ref, "c")
        await until(pilot, lambda: _prompt(app, ref) == DONE, "the pane shows it done")
    assert repo.minutes.action(action.id).status is ActionStatus.COMPLETED
    word, md = _exported(repo, mid, tmp_path)
    assert DONE in word and f"**{DONE}**" in md


async def test_undo_after_approve_minutes_is_refused_with_the_way_to_reopen(repo, clock):
    import datetime as dt

    earlier = small_meeting(repo)
    repo.versions.move_minutes(earlier, MeetingState.CLOSED)
    mid = small_meeting(repo, dt.date(2021, 6, 30), people=())
    run(repo, mid, "/next")
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await enter_line(pilot, "/approve-minutes")
        assert repo.meetings.meeting(earlier).state is MeetingState.APPROVED
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert "csp minutes reopen" in capture_error(app)
    assert repo.meetings.meeting(earlier).state is MeetingState.APPROVED
    assert len(repo.versions.history(earlier)) == 1
    item = repo.meetings.items(mid)[0]
    assert item.id is not None and len(repo.minutes.entries(item.id)) == 1


async def test_approved_elsewhere_the_apps_keys_and_undo_change_nothing(
        repo, clock, db_path):
    mid = small_meeting(repo)
    run(repo, mid, "/next")
    run(repo, mid, "/a Jade Hodgson to circulate the slides")
    (action,) = repo.minutes.actions(mid)
    assert action.id is not None
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await enter_line(pilot, "A paragraph typed before approval.")
        # Meanwhile, in another shell (another session), the minutes are approved.
        with Repository.open(db_path, session="another shell") as other:
            other.versions.move_minutes(mid, MeetingState.CLOSED)
            other.versions.move_minutes(mid, MeetingState.APPROVED)
        await _press_on(pilot, LineRef(LineKind.ACTION, action.id), "c")
        # Undo of this session's own line would change approved minutes: refused.
        capture(app).focus()
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert "csp minutes reopen" in capture_error(app)
    assert repo.minutes.action(action.id).status is ActionStatus.OPEN
    item = repo.meetings.items(mid)[0]
    assert item.id is not None
    assert [e.text for e in repo.minutes.entries(item.id)] == ["A paragraph typed before approval."]
    assert repo.meetings.meeting(mid).state is MeetingState.APPROVED


async def test_defer_shows_the_sentence_before_enter_and_minutes_it(repo, clock):
    mid = small_meeting(repo)
    run(repo, mid, "/goto 4")
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        line = capture(app)
        line.value = "/defer to the March boar"
        await pilot.press("d")
        await until(pilot, lambda: line.suggestion == " → Item deferred to the March board.",
                    "the sentence shown before Enter")
        await pilot.press("enter")
        await pilot.pause()
        assert capture_error(app) == ""
    item = repo.meetings.items(mid)[3]
    assert (item.state, item.deferred_reason) == (ItemState.DEFERRED,
                                                  "Item deferred to the March board.")


async def test_the_attendance_screen_refuses_approved_minutes(repo, clock):
    from app_helpers import toasts

    from csp_tui.domain.models import AttendanceStatus
    from csp_tui.screens.attendance import AttendanceScreen

    mid = small_meeting(repo)
    jade = repo.people.find_person(repo.meetings.meeting(mid).board_id or 0, "Jade Hodgson")
    assert jade is not None and jade.id is not None
    repo.people.set_attendance(mid, jade.id, status=AttendanceStatus.PRESENT)
    repo.versions.move_minutes(mid, MeetingState.CLOSED)
    repo.versions.move_minutes(mid, MeetingState.APPROVED)
    before = repo.people.attendance(mid)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, AttendanceScreen)
        for key in ("f4", "f6", "f9"):  # apologies, chair, clear: each refused
            await pilot.press(key)
            await pilot.pause()
        await until(pilot, lambda: any("csp minutes reopen" in t
                                       for t in toasts(app, "error")), "refused")
        assert app.is_running
    assert repo.people.attendance(mid) == before


async def test_every_key_that_writes_changes_nothing_of_approved_minutes(repo, clock, db_path):
    import sqlite3

    from csp_tui.widgets.agenda import AgendaPane

    mid = small_meeting(repo)
    run(repo, mid, "/next")
    run(repo, mid, "First paragraph.")
    run(repo, mid, "/a Jade Hodgson to circulate the slides")
    item_id = repo.meetings.meeting(mid).current_item_id
    entry = repo.minutes.entries(item_id or 0)[0]
    repo.versions.move_minutes(mid, MeetingState.CLOSED)
    repo.versions.move_minutes(mid, MeetingState.APPROVED)

    def rows() -> list:
        conn = sqlite3.connect(db_path)
        try:
            return [conn.execute(f'SELECT * FROM "{t}"').fetchall() for t in (
                "meetings", "items", "entries", "actions", "timings", "journal")]
        finally:
            conn.close()

    before = rows()
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key in ("pagedown", "pageup", "ctrl+t"):  # next, previous, pause the timer
            await pilot.press(key)
            await pilot.pause()
        agenda = app.screen.query_one(AgendaPane)
        agenda.focus()
        for key in ("J", "K", "o"):  # move the item down, up; reopen it
            await pilot.press(key)
            await pilot.pause()
        for key in ("J", "K", "delete"):  # on a line: move it, delete it
            await _press_on(pilot, LineRef(LineKind.ENTRY, entry.id or 0), key)
        assert app.is_running
    assert rows() == before
