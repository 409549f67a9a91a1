"""The live screen as a note taker meets it at 80x24: messages never cover the capture
line, a past meeting's dates and clock, and the labelled action form."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
from pathlib import Path

from app_helpers import (  # noqa: F401 - utc_zone is an autouse fixture
    capture,
    capture_error,
    enter_line,
    make_app,
    screen_lines,
    small_meeting,
    toasts,
    utc_zone,
)
from textual.widgets import Input, Select

from csp_tui.cli.main import main
from csp_tui.domain.models import AgendaItem
from csp_tui.exporters.export import export_meeting
from csp_tui.storage.repository import Repository
from csp_tui.widgets.clock import ClockBar
from csp_tui.widgets.minutes import LineKind, LineRef, MinutesPane
from csp_tui.widgets.text_field import WrappedField

SIZE = (80, 24)
#: The 11 December 2019 board, typed up (the frozen clock says 31 March 2021).
PAST = dt.date(2019, 12, 11)


def past_meeting(repo: Repository) -> int:
    """A 2019 meeting on the standard agenda, two people on its roster."""
    return small_meeting(repo, PAST, ("Brian Parrott", "Jade Hodgson"))


def csp_actions(db: Path, *args: str) -> list[dict]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["actions", "--db", str(db), *args, "--format", "json"]) == 0
    return json.loads(out.getvalue())


async def test_a_notification_never_covers_the_capture_line(repo: Repository, clock):
    mid = past_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("pagedown")
        await enter_line(pilot, "/a Nobody Known to write up the audit")
        await pilot.pause()
        assert toasts(app), "the command said something"
        line = capture(app).region
        for toast in app.screen.query("Toast"):
            assert not toast.region.overlaps(line), (toast.region, line)
        # What is typed stays readable while the message shows.
        await pilot.press(*"Members noted")
        assert capture(app).value == "Members noted"


async def test_a_past_meeting_reads_dates_against_its_own_day(repo: Repository, clock,
                                                              db_path: Path, tmp_path: Path):
    mid = past_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("pagedown")
        await enter_line(pilot, "/a Jade Hodgson to circulate the slides by 31 January")
        bar = str(app.screen.query_one(ClockBar).render())
        # No projection against the wall clock, 15 months later; the time on items.
        assert "projected" not in bar and "OVERRUN" not in bar and "ends " not in bar
        assert "Time on items" in bar
    (action,) = repo.minutes.actions(mid)
    assert action.due == "2020-01-31"
    # The action is as old as its meeting, and the action plan starts on that day.
    (row,) = csp_actions(db_path)
    assert row["age_days"] == (dt.date.today() - PAST).days
    md = export_meeting(repo, mid, out=tmp_path, fmt="md", action_log=True,
                        name_check=False).path.read_text()
    assert "| 11/12/2019 | 31/01/2020 |" in md


async def test_the_action_form_labels_every_field_and_saves_each(repo: Repository, clock):
    mid = past_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("pagedown")
        await enter_line(pilot, "/a Jade Hodgson to write up the audit")
        (action,) = repo.minutes.actions(mid)
        pane = app.screen.query_one(MinutesPane)
        pane.focus()
        pane.select_ref(LineRef(LineKind.ACTION, action.id))
        await pilot.press("u")
        await pilot.pause()
        form = app.screen
        labels = [str(w.render()) for w in form.query("Label")]
        for label in ("Owner", "Task", "Due", "Status", "RAG", "Note"):
            assert label in labels
        # The focus starts on the first field, the owner: typing goes there.
        assert app.focused is form.query_one("#owner", Input)
        owner = form.query_one("#owner", Input)
        owner.value = ""
        await pilot.press(*"Brian Parrott")
        form.query_one("#task", WrappedField).value = "write up the Safer Streets audit"
        form.query_one("#due", Input).value = "31 January"
        form.query_one("#rag", Select).value = "A"
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = repo.minutes.action(action.id or 0)
    assert saved.owner == "Brian Parrott"
    assert saved.task == "write up the Safer Streets audit"
    assert saved.due == "2020-01-31"  # the first 31 January after the 2019 board
    assert saved.rag is not None and saved.rag.value == "A"
    people = {p.name: p.id for p in repo.people.people(repo.meetings.meeting(mid).board_id or 0)}
    assert saved.owner_ids == [people["Brian Parrott"]]


def test_action_form_80x24(snap_compare, repo: Repository, clock):
    mid = past_meeting(repo)

    async def run(pilot) -> None:
        await pilot.press("pagedown")
        await enter_line(pilot, "/a Jade Hodgson to circulate the slides by 31 January")
        pane = pilot.app.screen.query_one(MinutesPane)
        pane.focus()
        pane.select_ref(LineRef(LineKind.ACTION, repo.minutes.actions(mid)[0].id))
        await pilot.press("u")
        await pilot.pause()

    assert snap_compare(make_app(repo, mid, clock), terminal_size=SIZE, run_before=run)


async def test_a_misspelt_name_is_offered_as_the_roster_person(repo: Repository, clock):
    mid = past_meeting(repo)
    board = repo.meetings.meeting(mid).board_id or 0
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await enter_line(pilot, "/present Brian Parrot, Jade")
        # Stored at once, the name kept as typed; the question waits above the line.
        assert capture(app).value == "" and capture_error(app) == ""
        assert "'Brian Parrot' is not on the roster: is it Brian Parrott?" in "\n".join(
            screen_lines(app))
        names = {p.id: p.name for p in repo.people.people(board)}
        assert sorted(names[a.person_id] for a in repo.people.attendance(mid)) == [
            "Brian Parrot", "Jade Hodgson"]
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert [p.name for p in repo.people.people(board)] == ["Brian Parrott", "Jade Hodgson"]
        # A new person, never asked about, when the note taker says so.
        await enter_line(pilot, "/present +Brian Parrot")
        assert repo.names.name_questions(mid) == []
    names = {p.id: p.name for p in repo.people.people(board)}
    assert sorted(names.values()) == ["Brian Parrot", "Brian Parrott", "Jade Hodgson"]
    assert sorted(names[a.person_id] for a in repo.people.attendance(mid)) == [
        "Brian Parrot", "Brian Parrott", "Jade Hodgson"]


async def test_roles_are_one_fact_and_f7_never_takes_the_chair(repo: Repository, clock):
    from csp_tui.domain.attendance import attendance_lines
    from csp_tui.screens.attendance import AttendanceScreen

    mid = past_meeting(repo)
    # The agenda header named the chair and note taker; nobody set them by hand.
    repo.meetings.update_meeting(repo.meetings.meeting(mid).model_copy(
        update={"chair": "Brian Parrott", "note_taker": "Jade Hodgson"}))
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await enter_line(pilot, "/present Brian Parrott, Jade Hodgson")
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, AttendanceScreen)
        summary = str(app.screen.query_one("#att-lines").render())
        assert ("Members Present: Brian Parrott (CHAIR) and Jade Hodgson (NOTE TAKER)."
                in summary)
        # The cursor is on Brian Parrott, the chair: F7 (deputy) says so, changes nothing.
        await pilot.press("f7")
        await pilot.pause()
        assert any("Brian Parrott is the chair" in t for t in toasts(app, "warning"))
        meeting = repo.meetings.meeting(mid)
        assert meeting.chair == "Brian Parrott"
        # F6 takes the chair off: the meeting has no chair, the line no (CHAIR).
        await pilot.press("f6")
        await pilot.pause()
        assert repo.meetings.meeting(mid).chair == ""
        await pilot.press("escape")
        await pilot.pause()
        # /chair is the same fact again.
        await enter_line(pilot, "/chair Brian")
    meeting = repo.meetings.meeting(mid)
    assert meeting.chair == "Brian Parrott"
    assert attendance_lines(repo.people.attendance(mid), meeting.chair, meeting.note_taker) == [
        ("Members Present:", "Brian Parrott (CHAIR) and Jade Hodgson (NOTE TAKER).")]


async def test_prev_from_the_last_item_leaves_it_to_be_taken(repo: Repository, clock):
    from csp_tui.domain.models import ItemState

    mid = past_meeting(repo)
    items = repo.meetings.items(mid)
    last = items[-1]
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await enter_line(pilot, f"/goto {len([i for i in items if i.parent_id is None])}")
        assert repo.meetings.meeting(mid).current_item_id == last.id
        await pilot.press("pageup")
        await pilot.pause()
        assert repo.meetings.item(last.id or 0).state is ItemState.PENDING
        await pilot.press("pagedown")
        await pilot.pause()
        assert repo.meetings.meeting(mid).current_item_id == last.id
        assert not any("No pending" in t for t in toasts(app))


def test_the_export_prints_an_absolute_path(repo: Repository, db_path: Path, tmp_path: Path,
                                            monkeypatch, capsys):
    past_meeting(repo)
    repo.close()  # the command line opens the file itself
    monkeypatch.chdir(tmp_path)
    assert main(["export", "--db", str(db_path), "--format", "md", "--out", "x.md"]) == 0
    printed = capsys.readouterr().out.strip().splitlines()[-1]
    assert printed == str(tmp_path / "x.md")


async def test_sub_item_title_and_defer_example_come_from_the_meeting(repo: Repository,
                                                                      clock):
    mid = past_meeting(repo)
    fourth = repo.meetings.items(mid)[3]
    sub = repo.meetings.add_item(mid, AgendaItem(title="Performance"), parent_id=fourth.id)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await enter_line(pilot, "/next-meeting 2020-03-18 10:00-12:00 | MS Teams")
        await enter_line(pilot, "/goto 4.1")
        assert repo.meetings.meeting(mid).current_item_id == sub.id
        title = str(app.screen.query_one(MinutesPane).border_title)
        assert title.startswith("Item 4(i):"), title
        await pilot.press("ctrl+d")
        await pilot.pause()
        field = app.screen.query_one(Input)
        assert str(field.placeholder) == "Item deferred to the March 2020 board."
