"""A meeting's whole record, read from the stores that keep its parts: what the
exporters print, a JSON backup holds and a version of the minutes freezes."""

from __future__ import annotations

from csp_tui.domain.models import MeetingRecord
from csp_tui.storage.meetings import MeetingsStore
from csp_tui.storage.minutes import MinutesStore
from csp_tui.storage.people import PeopleStore


def read_record(meetings: MeetingsStore, minutes: MinutesStore, people: PeopleStore,
                meeting_id: int) -> MeetingRecord:
    """Everything of one meeting: the meeting, its roster and attendance, its agenda,
    entries, actions (its own and those carried to it) and its forward plan."""
    meeting = meetings.meeting(meeting_id)
    assert meeting.board_id is not None
    return MeetingRecord.model_construct(
        meeting=meeting, people=people.people(meeting.board_id),
        attendance=people.attendance(meeting_id), items=meetings.items(meeting_id),
        entries=minutes.meeting_entries(meeting_id), actions=minutes.actions(meeting_id),
        carried_actions=minutes.carried_actions(meeting_id),
        forward_plan=meetings.forward_plan(meeting_id))
