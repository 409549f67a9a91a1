"""The attendance screen's preview says what item 1 will say when the deputy chair
chairs (house style puts it there, not in the attendance lines)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from app_helpers import make_app, utc_zone  # noqa: F401 - autouse fixture
from textual.widgets import Static

from csp_tui.domain.models import AttendanceStatus, Meeting, Role
from csp_tui.screens.attendance import AttendanceScreen
from csp_tui.services.roster import import_roster
from csp_tui.storage.repository import Repository

ROSTER = Path(__file__).parent.parent / "fixtures" / "roster.csv"
SAID = "Item 1: The board was chaired by the deputy chair, Fiona Taylor."


async def test_the_preview_says_the_deputy_chaired_until_the_chair_is_present(
        repo: Repository) -> None:
    import_roster(repo, ROSTER)
    meeting = repo.meetings.create_meeting(Meeting(date=dt.date(2019, 12, 11), start=dt.time(10),
                                                   end=dt.time(13), chair="Stephen Clayman"))
    assert meeting.id is not None
    people = {p.name: p.id for p in repo.people.people(meeting.board_id)}
    repo.people.set_attendance(meeting.id, people["Stephen Clayman"],
                               status=AttendanceStatus.APOLOGIES)
    repo.people.set_attendance(meeting.id, people["Fiona Taylor"], status=AttendanceStatus.PRESENT,
                               role=Role.DEPUTY_CHAIR)
    app = make_app(repo, meeting.id, repo.clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, AttendanceScreen)
        lines = app.screen.query_one("#att-lines", Static)
        text = str(lines.render())
        assert "Members Present: Fiona Taylor." in text  # no "(DEPUTY CHAIR)"
        assert "Apologies: Stephen Clayman (CHAIR)." in text
        assert SAID in text
        # The chair turns up after all: F2 marks him present; the deputy no longer chairs.
        await pilot.press(*"clayman", "f2")
        await pilot.pause()
        text = str(lines.render())
        assert "Members Present: Fiona Taylor and Stephen Clayman (CHAIR)." in text
        assert "chaired by" not in text
