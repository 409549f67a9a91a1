"""Timed meetings in a real database for the transcript tests (the CLI, the store and
the app): the board of 31 March 2021 that ``tests/fixtures/teams-transcript-2021-03-31
.vtt`` recorded from 09:58:30, and the generated three-hour meeting of
``transcript_gen``."""

from __future__ import annotations

import datetime as dt

from transcript_gen import generated_items

from csp_tui.domain.models import AgendaItem, AttendanceStatus, Meeting, Person, Timing
from csp_tui.storage.repository import Repository

DAY = dt.date(2021, 3, 31)
#: The recording of the fixture started at 09:58:30 (UTC: the tests run in UTC).
RECORDING = dt.datetime(2021, 3, 31, 9, 58, 30, tzinfo=dt.UTC)
VTT = "teams-transcript-2021-03-31.vtt"


def at(hms: str) -> dt.datetime:
    """"10:05:02.240" on the meeting's day, UTC."""
    return dt.datetime.combine(DAY, dt.time.fromisoformat(hms), dt.UTC)


#: (title, restricted, [(started, stopped), ...]) for the fixture's meeting. Item 2
#: starts exactly when a cue does (06:32.240 into the recording); item 4 is paused from
#: 10:12:30 to 10:13:00, across two cues; "Prevent Update" is restricted.
ITEMS = [
    ("Introductions and Apologies for Absence", False, [("10:00:00", "10:05:02.240")]),
    ("Declaration of Interests", False, [("10:05:02.240", "10:06:00")]),
    ("Minutes and Action Log", False, [("10:06:00", "10:10:00")]),
    ("Street Space Pilot", False, [("10:11:00", "10:12:30"), ("10:13:00", "10:20:00")]),
    ("Domestic Abuse Commission Update", False, [("10:27:00", "10:40:00")]),
    ("Prevent Update", True, [("11:36:00", "11:40:00")]),
    ("AOB", False, [("12:40:00", "12:48:00")]),
]
ROSTER = ["Jade Hodgson", "Stephen Clayman", "Andy Opie", "Angie Fuller", "Mark Long"]
PRESENT = ["Jade Hodgson", "Stephen Clayman", "Andy Opie", "Angie Fuller"]


def fixture_meeting(repo: Repository) -> int:
    """The meeting of 31 March 2021 with the timings of :data:`ITEMS`; Mark Long is on
    the roster but not marked present (he speaks in the transcript)."""
    meeting = repo.meetings.create_meeting(
        Meeting(date=DAY, start=dt.time(10), end=dt.time(13), venue="MS Teams",
                board_name="Community Safety Partnership"),
        [(AgendaItem(title=t, restricted=r), []) for t, r, _ in ITEMS])
    assert meeting.id is not None and meeting.board_id is not None
    for item, (_, _, stretches) in zip(repo.meetings.items(meeting.id), ITEMS, strict=True):
        assert item.id is not None
        repo.restore_timings(item.id, [Timing(started=at(a), stopped=at(b))
                                       for a, b in stretches])
    for name in ROSTER:
        person = repo.people.add_person(Person(board_id=meeting.board_id, name=name))
        if name in PRESENT:
            assert person.id is not None
            repo.people.set_attendance(meeting.id, person.id, status=AttendanceStatus.PRESENT)
    return meeting.id


def generated_meeting(repo: Repository, start: dt.datetime = RECORDING) -> int:
    """A meeting with the generated three-hour agenda (a pause, a sub-item), timed from
    ``start`` as :func:`transcript_gen.generated_items` times it."""
    items = generated_items(start)
    tops = [i for i in items if i.parent_id is None]
    subs = {i.parent_id: i for i in items if i.parent_id is not None}
    meeting = repo.meetings.create_meeting(
        Meeting(date=start.date(), board_name="Community Safety Partnership"),
        [(AgendaItem(title=i.title), [AgendaItem(title=subs[i.id].title)] if i.id in subs
          else []) for i in tops])
    assert meeting.id is not None
    stored = repo.meetings.items(meeting.id)
    # Stored in agenda order (each item, then its sub-item), as generated_items lists them
    # save for the sub-item, which it lists last.
    order = [i for t in tops for i in ([t, subs[t.id]] if t.id in subs else [t])]
    for db_item, gen in zip(stored, order, strict=True):
        assert db_item.id is not None
        repo.restore_timings(db_item.id, gen.timings)
    return meeting.id
