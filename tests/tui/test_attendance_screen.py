"""Pilot tests of the attendance screen over a real database, and its snapshot: the
real app, opened on the meeting, with F2."""

from __future__ import annotations

import datetime as dt
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from app_helpers import (  # noqa: F401 - utc_zone is an autouse fixture
    make_app,
    said,
    toasts,
    utc_zone,
    wait_for_background,
)
from textual.widgets import DataTable, Input, Static

from csp_tui.domain.models import AttendanceStatus, Group, Meeting, Role
from csp_tui.screens.attendance import AttendanceScreen
from csp_tui.screens.attendance_review import ReviewScreen
from csp_tui.screens.meeting import MeetingScreen
from csp_tui.services.roster import import_roster
from csp_tui.storage.repository import Repository

FIXTURES = Path(__file__).parent.parent / "fixtures"
REPORT = FIXTURES / "teams-attendance-2021-03-31.csv"


@asynccontextmanager
async def attendance(repo: Repository, meeting_id: int):
    """The app on the meeting with the attendance screen open (F2); yields the pilot."""
    app = make_app(repo, meeting_id, repo.clock)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, AttendanceScreen)
        yield pilot


def make_meeting(repo: Repository) -> int:
    import_roster(repo, FIXTURES / "roster.csv")
    m = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 3, 31), start=dt.time(10),
                                             end=dt.time(13), note_taker="Jade Hodgson"))
    assert m.id is not None
    return m.id


@pytest.fixture
def meeting_id(repo: Repository) -> int:
    return make_meeting(repo)


async def paste(pilot, text: str) -> None:
    """Put ``text`` in the focused Input at once (typing a long path key by key is
    slow and proves nothing more than the short names typed elsewhere)."""
    await pilot.pause()
    field = pilot.app.focused
    assert isinstance(field, Input)
    field.value = text
    field.cursor_position = len(text)
    await pilot.pause()


def status_of(repo: Repository, meeting_id: int) -> dict[str, tuple[str, str | None]]:
    return {a.person_name: (a.status.value, a.role.value if a.role else None)
            for a in repo.people.attendance(meeting_id)}


async def test_filter_and_mark_while_typing(repo: Repository, meeting_id: int) -> None:
    async with attendance(repo, meeting_id) as pilot:
        app = pilot.app
        screen = app.screen
        assert isinstance(screen, AttendanceScreen)
        table = screen.query_one("#att-table", DataTable)
        assert table.row_count == 31
        await pilot.press(*"stephen")
        assert table.row_count == 3  # Hazel North-Stephens too
        await pilot.press("down", "f2")  # present: Stephen Clayman
        await pilot.press("f6")  # chair
        await pilot.press("down", "f4")  # Stephen Thompson: apologies
        await pilot.pause()
        assert status_of(repo, meeting_id) == {
            "Stephen Clayman": ("present", "chair"),
            "Stephen Thompson": ("apologies", None)}
        summary = str(screen.query_one("#att-summary", Static).render())
        assert "1 of 28 members present" in summary
        lines = str(screen.query_one("#att-lines", Static).render())
        assert "Members Present: Stephen Clayman (CHAIR)." in lines
        assert "Apologies: Stephen Thompson." in lines
        # f6 again takes the chair away; f9 clears the row.
        await pilot.press("up", "f6", "down", "f9")
        await pilot.pause()
        assert status_of(repo, meeting_id) == {"Stephen Clayman": ("present", None)}


async def test_letters_on_the_list_and_every_key(repo: Repository, meeting_id: int) -> None:
    async with attendance(repo, meeting_id) as pilot:
        app = pilot.app
        await pilot.press(*"jade", "enter")  # enter moves to the list
        # The meeting already names Jade its note taker (one fact with the role):
        # n takes the role off, and n again gives it back.
        await pilot.press("p", "n")
        await pilot.pause()
        assert repo.meetings.meeting(meeting_id).note_taker == ""
        await pilot.press("n")
        await pilot.press(*"fiona")  # letters go back to the filter
        screen = app.screen
        assert screen.query_one("#att-filter", Input).value == "fiona"
        await pilot.press("enter", "p", "d")
        await pilot.press("ctrl+u")
        await pilot.press(*"kit w", "f5")
        await pilot.press("ctrl+u", *"florence", "f3")
        await pilot.pause()
        assert status_of(repo, meeting_id) == {
            "Jade Hodgson": ("present", "note taker"),
            "Fiona Taylor": ("present", "deputy chair"),
            "Kit Weller": ("absent", None),
            "Florence Henry": ("attendee", None)}
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)


async def test_help_lists_the_attendance_keys_and_the_list_letters(
        repo: Repository, meeting_id: int) -> None:
    from csp_tui.screens.help import HelpScreen

    async with attendance(repo, meeting_id) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HelpScreen)
        text = str(pilot.app.screen.query_one("#help-text").render())
        for expected in ("f2", "Present", "ctrl+g", "Merge into…", "Roster list",
                         "p  ", "Apologies", "d  ", "Deputy"):
            assert expected in text, expected
        assert "Next item" not in text  # the meeting screen's keys do not work here


async def test_filter_with_no_match_is_an_error_not_a_crash(repo: Repository,
                                                            meeting_id: int) -> None:
    async with attendance(repo, meeting_id) as pilot:
        app = pilot.app
        await pilot.press(*"zzz", "f2")
        await pilot.pause()
        assert repo.people.attendance(meeting_id) == []
        assert toasts(app, "error") == [
            "No one is selected: clear the filter or add a person (ctrl+n)"]


async def test_add_a_person_on_the_fly(repo: Repository, meeting_id: int) -> None:
    async with attendance(repo, meeting_id) as pilot:
        app = pilot.app
        await pilot.press(*"Sam Okoro", "ctrl+n")  # the filter text becomes the name
        await pilot.press("tab", *"Inspector", "tab", *"MPS", "enter")
        await pilot.pause()
        person = repo.people.find_person(repo.meetings.board().id, "Sam Okoro")
        assert person is not None and person.post_title == "Inspector"
        assert person.organisation == "MPS" and person.group is Group.MEMBER
        assert status_of(repo, meeting_id)["Sam Okoro"] == ("present", None)
        table = app.screen.query_one("#att-table", DataTable)
        assert table.row_count == 32
        # The same name again is refused with a message.
        await pilot.press("ctrl+n", *"sam okoro", "enter")
        await pilot.pause()
        assert toasts(app, "error") == ["sam okoro is already on the roster"]


async def test_edit_and_merge_people(repo: Repository, meeting_id: int) -> None:
    board_id = repo.meetings.board().id
    async with attendance(repo, meeting_id) as pilot:
        await pilot.press(*"kit weller", "ctrl+r")
        await pilot.press("tab")
        await paste(pilot, "Head of Service")
        await pilot.press("enter")
        await pilot.pause()
        assert repo.people.find_person(board_id, "Kit Weller").post_title == "Head of Service"
        # Renaming onto someone else's name is refused.
        await pilot.press("ctrl+r")
        await paste(pilot, "Helen Davie")
        await pilot.press("enter")
        await pilot.pause()
        assert repo.people.find_person(board_id, "Kit Weller") is not None
        # A duplicate made on the fly is merged into the roster person, attendance moving.
        await pilot.press("ctrl+u", *"K Weller", "ctrl+n", "enter")
        await pilot.pause()
        assert status_of(repo, meeting_id) == {"K Weller": ("present", None)}
        await pilot.press("ctrl+u", *"k weller", "ctrl+g", *"Kit Bellar", "enter")
        await pilot.pause()
        assert repo.people.find_person(board_id, "K Weller") is not None  # not a sure match
        await pilot.press("ctrl+g", *"kit weller", "enter")
        await pilot.pause()
        assert repo.people.find_person(board_id, "K Weller") is None
        assert status_of(repo, meeting_id) == {"Kit Weller": ("present", None)}


async def test_import_a_teams_report(repo: Repository, meeting_id: int,
                                     teams_report_with_a_guess: Path) -> None:
    async with attendance(repo, meeting_id) as pilot:
        app = pilot.app
        await pilot.press("ctrl+t")
        await paste(pilot, str(teams_report_with_a_guess))
        await pilot.press("enter")
        await pilot.pause()
        await wait_for_background(pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        table = review.query_one("#review-table", DataTable)
        # Brian Parrot (guess), 4 new people, the phone number, then 19 sure matches.
        assert table.row_count == 25
        assert table.get_row_at(6)[0] == "sure"
        assert table.get_row_at(0)[:2] == ["no", "Brian Parrot"]
        assert "Brian Parrott" in str(table.get_row_at(0)[2])
        await pilot.press("y")  # Brian Parrot is Brian Parrott
        await pilot.press("down", "down", "n")  # not Sophie Hardcastle (row 3)
        await pilot.press("down", "e")  # name the phone number (the last row)
        await pilot.press(*"Fiona Taylor", "enter")
        await pilot.pause()
        # Members who did not join are proposed absent; one key marks them apologies.
        summary = str(review.query_one("#review-summary", Static).render())
        assert "did not join (absent)" in summary
        await pilot.press("m")
        await pilot.pause()
        summary = str(review.query_one("#review-summary", Static).render())
        assert "did not join (apologies)" in summary
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, AttendanceScreen)
        att = status_of(repo, meeting_id)
        assert att["Brian Parrott"] == ("present", None)
        assert att["Fiona Taylor"] == ("present", None)  # the phone caller, now named
        assert att["Ifthahar Ahmed"] == ("attendee", None)
        assert "Sophie Hardcastle" not in att
        assert att["Kevin Makambe"] == ("apologies", None)
        chris = next(
            a for a in repo.people.attendance(meeting_id) if a.person_name == "Chris Lyons")
        assert (chris.arrived, chris.left) == (dt.time(10, 30), dt.time(11, 40))
        summary = str(app.screen.query_one("#att-summary", Static).render())
        assert "18 of 28 members present · 19 present" in summary  # Jade is an adviser


async def test_bad_report_path_notifies(repo: Repository, meeting_id: int,
                                        tmp_path: Path) -> None:
    bad = tmp_path / "empty.csv"
    bad.write_bytes(b"")
    async with attendance(repo, meeting_id) as pilot:
        app = pilot.app
        for path in (str(bad), str(tmp_path / "missing.csv")):
            await pilot.press("ctrl+t")
            await paste(pilot, path)
            await pilot.press("enter")
            await pilot.pause()
            await wait_for_background(pilot)
            assert isinstance(app.screen, AttendanceScreen)
        # Read whole from the message log: the pop-up wraps a long path at its folders,
        # wherever the test's folder makes it fall.
        errors = said(app, "error")
        assert "the Teams report is empty" in errors
        assert any(m.endswith("missing.csv: no such Teams attendance report") for m in errors)
        assert repo.people.attendance(meeting_id) == []


def test_snapshot_80x24(snap_compare, tmp_path: Path) -> None:
    repo = Repository.open(tmp_path / "snap.db",
                           clock=lambda: dt.datetime(2021, 3, 31, 9, tzinfo=dt.UTC))
    mid = make_meeting(repo)
    people = {p.name: p.id for p in repo.people.people(repo.meetings.board().id)}
    for name in ("Andy Opie", "Angie Fuller", "April Bald", "Stephen Clayman"):
        repo.people.set_attendance(mid, people[name], status=AttendanceStatus.PRESENT)
    repo.people.set_attendance(mid, people["Stephen Clayman"], role=Role.CHAIR)
    repo.people.set_attendance(mid, people["Jade Hodgson"], role=Role.NOTE_TAKER)
    repo.people.set_attendance(mid, people["Chris Lyons"], status=AttendanceStatus.ATTENDEE,
                               arrived=dt.time(10, 30))
    repo.people.set_attendance(mid, people["Antony Rose"], status=AttendanceStatus.APOLOGIES)
    try:
        assert snap_compare(make_app(repo, mid, repo.clock), press=["f2"],
                            terminal_size=(80, 24))
    finally:
        repo.close()
