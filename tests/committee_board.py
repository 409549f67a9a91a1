"""A committee-style board of two generated meetings, typed as a note taker would on
the capture line: a substitute, two resolutions in one item, an exempt item with its
paragraph of Schedule 12A and a public summary. Shared by the unit and app tests."""

from __future__ import annotations

import datetime as dt

from csp_tui.capture.handlers import run
from csp_tui.domain.models import Meeting, MeetingState
from csp_tui.storage.repository import Repository

BOARD = "Planning Committee"
FIRST = dt.date(2018, 6, 5)
SECOND = dt.date(2018, 7, 10)
#: Words of the exempt item's own minutes: never in the public minutes.
SECRET = "tendervalue417 bid prices"
SUMMARY = "The committee considered the tenders for the depot."

#: The first meeting as typed (six standard items: minutes 1/18 to 6/18).
FIRST_LINES = [
    "/present Cllr Ann Lee, Cllr Bob Day and Cllr Ali",
    "/substitute Cllr Ali for Cllr Brown",
    "/next",
    "/resolved The report be noted",
    "/agreed that the plan be approved",
    "/goto 5",
    "/restricted 3",
    f"/summary {SUMMARY}",
    SECRET,
]


def use_committee_style(repo: Repository) -> None:
    """The board's house style is the built-in ``committee`` (``csp board style``)."""
    board = repo.meetings.board(BOARD)
    assert board.id is not None
    repo.settings.set_board_style(board.id, "committee")


def new_meeting(repo: Repository, day: dt.date) -> int:
    meeting = repo.meetings.create_meeting(Meeting(date=day, start=dt.time(18), end=dt.time(20),
                                                   board_name=BOARD))
    assert meeting.id is not None
    return meeting.id


def type_lines(repo: Repository, meeting_id: int, lines: list[str]) -> list[str]:
    """Each line carried out as Enter on the capture line does; their messages."""
    return [run(repo, meeting_id, line, today=FIRST).message for line in lines]


def circulate(repo: Repository, meeting_id: int) -> None:
    repo.meetings.set_state(meeting_id, MeetingState.CLOSED)
    repo.versions.move_minutes(meeting_id, MeetingState.CIRCULATED)


def two_meetings(repo: Repository) -> tuple[int, int]:
    """The board's two meetings: the first typed and circulated, the second made."""
    use_committee_style(repo)
    first = new_meeting(repo, FIRST)
    type_lines(repo, first, FIRST_LINES)
    circulate(repo, first)
    return first, new_meeting(repo, SECOND)
