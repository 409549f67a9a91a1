"""A near-miss name never stops the note taker: the attendance line is stored at once,
the question waits above the capture area, ctrl+y answers it everywhere, /undo takes
the answer back. At 80x24, as a note taker meets it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from app_helpers import (  # noqa: F401 - utc_zone is an autouse fixture
    capture,
    capture_error,
    enter_line,
    make_app,
    screen_lines,
    until,
    utc_zone,
)
from textual.widgets import DataTable

from csp_tui.domain.models import Meeting
from csp_tui.screens.attendance import AttendanceScreen
from csp_tui.screens.meeting import MeetingScreen
from csp_tui.screens.name_check import NameCheckScreen
from csp_tui.services.roster import import_roster
from csp_tui.storage.repository import Repository
from csp_tui.widgets.minutes import MinutesPane
from csp_tui.widgets.name_question import NameQuestionLine

SIZE = (80, 24)
FIXTURES = Path(__file__).parent.parent / "fixtures"

#: Nineteen of the board, Brian Parrott's name one letter short.
NINETEEN = ["Andy Opie", "Angie Fuller", "Antony Rose", "April Bald", "Brian Parrot",
            "Councillor Carpenter", "Councillor Mullane", "Councillor Worby",
            "Daniel James", "Fiona Taylor", "Hazel North-Stephens", "Helen Davie",
            "Ioannis Mathioudakis", "Jennie Coombes", "Jonathan Woodhams",
            "Kevin Makambe", "Kit Weller", "Laurence Piemonte", "Lucy Satchell-Day"]


def board_meeting(repo: Repository) -> int:
    """The 31 March 2021 board on the standard agenda, the roster fixture its roster."""
    import_roster(repo, FIXTURES / "roster.csv")
    meeting = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 3, 31)))
    assert meeting.id is not None
    return meeting.id


def attending(repo: Repository, mid: int) -> list[str]:
    return sorted(a.person_name for a in repo.people.attendance(mid))


def question_shown(app) -> str:
    line = app.screen.query_one(NameQuestionLine)
    return str(line.render()) if line.display else ""


def pane_text(app) -> str:
    pane = app.screen.query_one(MinutesPane)
    return " ".join(str(pane.get_option_at_index(i).prompt)
                    for i in range(pane.option_count))


async def test_a_misspelt_name_is_stored_at_once_and_ctrl_y_corrects_it(repo: Repository):
    mid = board_meeting(repo)
    present = "/present " + ", ".join(NINETEEN[:-1]) + " and " + NINETEEN[-1]
    app = make_app(repo, mid, repo.clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("pagedown")
        await enter_line(pilot, present)
        # The note taker keeps typing, eyes on the speaker, not on the screen.
        await pilot.press(*"/a Brian Parrot to circulate the figures", "enter")
        await pilot.press(*"Members noted the report.", "enter")
        await until(pilot, lambda: capture(app).value == "", "both lines entered")

        # Stored at once: eighteen matched, one kept as typed; each line its own entry.
        expected = sorted(NINETEEN)
        assert attending(repo, mid) == expected
        item = repo.meetings.meeting(mid).current_item_id
        assert item is not None
        assert [e.text for e in repo.minutes.entries(item)] == ["Members noted the report."]
        (action,) = repo.minutes.actions(mid)
        assert (action.owner, action.task) == ("Brian Parrot", "circulate the figures")
        assert capture_error(app) == ""  # nothing refused
        # The question waits above the capture area, over none of the minutes.
        asked = "'Brian Parrot' is not on the roster: is it Brian Parrott? ctrl+y yes"
        assert question_shown(app) == "? " + asked
        assert any(asked in row for row in screen_lines(app))
        line = app.screen.query_one(NameQuestionLine).region
        assert not line.overlaps(app.screen.query_one(MinutesPane).region)
        assert not line.overlaps(capture(app).region)
        assert line.bottom <= capture(app).region.y

        await pilot.press("ctrl+y")
        await until(pilot, lambda: not question_shown(app), "the question answered")
        right = sorted(n if n != "Brian Parrot" else "Brian Parrott" for n in NINETEEN)
        assert attending(repo, mid) == right
        (action,) = repo.minutes.actions(mid)
        assert action.owner == "Brian Parrott"
        assert [repo.people.person(i).name for i in action.owner_ids] == ["Brian Parrott"]
        assert "Brian Parrott" in pane_text(app)
        assert "Brian Parrot" not in [
            p.name for p in repo.people.people(repo.meetings.meeting(mid).board_id
                                                                   or 0)]

        # One /undo takes the whole answer back; the question is open again.
        await enter_line(pilot, "/undo")
        await until(pilot, lambda: asked in question_shown(app), "asked again")
        assert attending(repo, mid) == expected
        assert repo.minutes.actions(mid)[0].owner == "Brian Parrot"


async def test_a_name_that_fits_two_is_picked_in_the_name_check(repo: Repository):
    mid = board_meeting(repo)
    app = make_app(repo, mid, repo.clock)
    async with app.run_test(size=SIZE) as pilot:
        await enter_line(pilot, "/present Andy Opie and Stephen")
        assert attending(repo, mid) == ["Andy Opie", "Stephen"]
        assert question_shown(app).startswith(
            "? 'Stephen' could be Stephen Clayman or Stephen Thompson: which? ctrl+y picks")
        await pilot.press("ctrl+y")  # which one: the name check lists both
        await until(pilot, lambda: isinstance(app.screen, NameCheckScreen), "the check")
        table = app.screen.query_one("#names-table", DataTable)
        assert [table.get_row_at(i)[:2] for i in range(table.row_count)] == [
            ["Stephen", "Stephen Clayman"], ["Stephen", "Stephen Thompson"]]
        await pilot.press("down", "c")
        await until(pilot, lambda: isinstance(app.screen, MeetingScreen), "every name decided")
        assert attending(repo, mid) == ["Andy Opie", "Stephen Thompson"]
        await until(pilot, lambda: not question_shown(app), "no question left")


async def test_the_attendance_screen_lists_every_open_question(repo: Repository):
    mid = board_meeting(repo)
    app = make_app(repo, mid, repo.clock)
    async with app.run_test(size=SIZE) as pilot:
        await enter_line(pilot, "/present Brian Parrot, Stephen, Jade Hodgson")
        assert question_shown(app).endswith("2 open: f5 lists them")
        await pilot.press("f2")
        await until(pilot, lambda: isinstance(app.screen, AttendanceScreen), "attendance")
        summary = str(app.screen.query_one("#att-summary").render())
        assert "? 'Brian Parrot' is not on the roster: is it Brian Parrott?" in summary
        assert "? 'Stephen' could be Stephen Clayman or Stephen Thompson: which?" in summary
        rows = "\n".join(screen_lines(app))
        assert "Brian Parrot ?" in rows


async def test_a_real_error_still_keeps_its_line(repo: Repository):
    mid = board_meeting(repo)
    app = make_app(repo, mid, repo.clock)
    async with app.run_test(size=SIZE) as pilot:
        await enter_line(pilot, "/goto 99")
        assert capture_error(app) != ""
        await pilot.press("ctrl+r")  # kept aside, to correct
        assert capture(app).value == "/goto 99"
        assert question_shown(app) == ""


async def test_export_asks_about_open_questions_and_a_keeps_the_name(
        repo: Repository, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    mid = board_meeting(repo)
    app = make_app(repo, mid, repo.clock)
    async with app.run_test(size=SIZE) as pilot:
        await enter_line(pilot, "/present Brian Parrot, Jade Hodgson")
        await pilot.press("ctrl+e")  # no near-miss in the text: the question alone
        await until(pilot, lambda: isinstance(app.screen, NameCheckScreen), "the check")
        table = app.screen.query_one("#names-table", DataTable)
        assert [table.get_row_at(i)[:3] for i in range(table.row_count)] == [
            ["Brian Parrot", "Brian Parrott", "not on roster"]]
        await pilot.press("a")  # a new person after all: kept, and the export goes on
        await until(pilot, lambda: list(tmp_path.glob("*.docx")) != [], "exported")
        assert repo.names.name_questions(mid) == []
        assert attending(repo, mid) == ["Brian Parrot", "Jade Hodgson"]
        assert not question_shown(app)
