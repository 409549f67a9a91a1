"""From a Teams attendance report to the meeting's attendance (headless, no textual).

:func:`propose` reads nothing but the repository and the parsed report and returns an
:class:`ImportPlan`; :func:`apply` writes the accepted parts in one transaction.

Decisions (the issue left them open):

* Roster people in the *member* group who joined are **present** (Members Present).
  Roster *advisers* and *observers* who joined are **additional attendees**, as the
  published minutes list them, except the meeting's note taker (who is recorded under
  Members Present with "(NOTE TAKER)", as house style shows).
* People not on the roster are proposed as additional attendees; applying the plan
  adds them to the roster in the *observer* group, so they are never counted as
  members nor proposed as apologies at later meetings.
* Roster members who did not join are proposed as **absent**: apologies are what
  people sent, which a report cannot know; the review's one key marks them apologies.
  A status already recorded for them (apologies or absent) is kept. Advisers and
  observers who did not join are left out.
* Phone numbers (dial-in callers) are listed as unmatched for the note taker to name
  or drop; they are never added to the roster.
* Late arrival / early leaving: joined more than :data:`GRACE` after the meeting's
  scheduled start, or left more than :data:`GRACE` before its scheduled end (the
  report's own start and end when the meeting has no times), recorded with the time.
* A guess (not exact, normalised, e-mail or an e-mail whose local part is a roster
  name: :data:`~csp_tui.domain.names.CONFIDENT_KINDS`) is applied only when accepted. Two
  participants never land on one roster person: a confident match wins, and a guess
  for someone already matched is dropped to the unmatched list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from csp_tui.domain.models import AttendanceStatus, Group, Meeting, Person, Role
from csp_tui.domain.names import Match, match_name, roster_parts
from csp_tui.services.teams import Participant, ReportError, TeamsReport
from csp_tui.storage.repository import Repository

#: How late (or early) someone may join (or leave) before the minutes say so.
GRACE = dt.timedelta(minutes=10)


@dataclass
class Proposal:
    """One participant with the roster person they are (or None for a new person)."""

    participant: Participant
    person: Person | None
    match: Match | None
    status: AttendanceStatus
    arrived: dt.time | None = None
    left: dt.time | None = None
    accepted: bool = True

    @property
    def name(self) -> str:
        """The name the minutes will print."""
        return self.person.name if self.person else self.participant.name

    def times(self) -> str:
        """"arrived 10:30, left 11:40" or ""."""
        bits = []
        if self.arrived:
            bits.append(f"arrived {self.arrived:%H:%M}")
        if self.left:
            bits.append(f"left {self.left:%H:%M}")
        return ", ".join(bits)


@dataclass
class ImportPlan:
    """What importing the report would do to one meeting's attendance."""

    meeting: Meeting
    matched: list[Proposal] = field(default_factory=list)  # confident roster matches
    guesses: list[Proposal] = field(default_factory=list)  # to confirm one by one
    additional: list[Proposal] = field(default_factory=list)  # not on the roster
    unmatched: list[Participant] = field(default_factory=list)  # phone numbers and others
    missing: list[tuple[Person, AttendanceStatus]] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{len(self.matched)} matched, {len(self.guesses)} to confirm, "
                f"{len(self.additional)} not on the roster, {len(self.unmatched)} "
                f"unmatched, {len(self.missing)} did not join")


def _status_for(person: Person, meeting: Meeting,
                roles: dict[int, Role | None]) -> AttendanceStatus:
    if person.group is Group.MEMBER:
        return AttendanceStatus.PRESENT
    note_taker = meeting.note_taker.strip().casefold()
    if roles.get(person.id or -1) in (Role.NOTE_TAKER, Role.CHAIR, Role.DEPUTY_CHAIR) or (
            note_taker and person.name.casefold() == note_taker):
        return AttendanceStatus.PRESENT
    return AttendanceStatus.ATTENDEE


def _window(meeting: Meeting, report: TeamsReport) -> tuple[dt.datetime | None,
                                                             dt.datetime | None]:
    day = meeting.date
    start = dt.datetime.combine(day, meeting.start) if meeting.start else report.start
    end = dt.datetime.combine(day, meeting.end) if meeting.end else report.end
    return start, end


def _late_early(p: Participant, start: dt.datetime | None,
                end: dt.datetime | None) -> tuple[dt.time | None, dt.time | None]:
    arrived = left = None
    if start and p.first_join and p.first_join - start > GRACE:
        arrived = p.first_join.time().replace(second=0, microsecond=0)
    if end and p.last_leave and end - p.last_leave > GRACE:
        left = p.last_leave.time().replace(second=0, microsecond=0)
    return arrived, left


def check_report_date(report: TeamsReport, meeting: Meeting, *, any_date: bool = False
                      ) -> None:
    """Refuse a report of another day than the meeting's: its attendance would be
    written against the wrong meeting. ``any_date``: the person chose the meeting."""
    if any_date:
        return
    if report.start is None:
        raise ReportError("the Teams report gives no date; name the meeting it is for "
                          "(csp attendance import FILE --meeting ID|DATE)")
    if report.start.date() != meeting.date:
        raise ReportError(f"the Teams report is of {report.start.date().isoformat()}, the "
                          f"meeting of {meeting.date.isoformat()}; name the meeting to use "
                          "it anyway (csp attendance import FILE --meeting ID|DATE)")


def propose(repo: Repository, meeting_id: int, report: TeamsReport, *,
            any_date: bool = False) -> ImportPlan:
    """Work out, without changing anything, what the report means for the meeting.

    A report of another day (or of none) is refused with a ReportError unless
    ``any_date``: the person named this meeting for it (``--meeting``).
    """
    meeting = repo.meetings.meeting(meeting_id)
    check_report_date(report, meeting, any_date=any_date)
    assert meeting.board_id is not None
    people = repo.people.people(meeting.board_id)
    existing = {a.person_id: a for a in repo.people.attendance(meeting_id)}
    roles = {pid: a.role for pid, a in existing.items()}
    cache = roster_parts(people)
    start, end = _window(meeting, report)
    plan = ImportPlan(meeting=meeting)
    claimed: set[int] = set()
    pending: list[Proposal] = []
    for part in report.participants:
        if part.is_phone:
            plan.unmatched.append(part)
            continue
        arrived, left = _late_early(part, start, end)
        match = match_name(part.name, people, part.email, cache)
        if match is None:
            plan.additional.append(Proposal(part, None, None, AttendanceStatus.ATTENDEE,
                                            arrived, left))
            continue
        prop = Proposal(part, match.person, match,
                        _status_for(match.person, meeting, roles), arrived, left,
                        accepted=match.confident)
        if match.confident:
            assert match.person.id is not None
            if match.person.id in claimed:
                plan.unmatched.append(part)
                continue
            claimed.add(match.person.id)
            plan.matched.append(prop)
        else:
            pending.append(prop)
    # The likelier guess gets the roster person when two participants want the same one.
    pending.sort(key=lambda g: -(g.match.score if g.match else 0))
    for prop in pending:
        assert prop.person is not None and prop.person.id is not None
        if prop.person.id in claimed:
            # The roster person is already someone else: not the same person.
            plan.unmatched.append(prop.participant)
            continue
        claimed.add(prop.person.id)
        plan.guesses.append(prop)
    for person in people:
        if person.id in claimed or person.group is not Group.MEMBER:
            continue
        had = existing.get(person.id or -1)
        if had and had.status in (AttendanceStatus.APOLOGIES, AttendanceStatus.ABSENT):
            plan.missing.append((person, had.status))
        elif had is None:
            plan.missing.append((person, AttendanceStatus.ABSENT))
        # Someone the note taker already marked present (in the room, say) stays so.
    return plan


def apply(repo: Repository, plan: ImportPlan, *, add_people: bool = True,
          mark_missing: bool = True) -> list[str]:
    """Write the plan's accepted parts in one transaction; returns one line per change.

    Guesses are written only when ``accepted``; additional attendees (when
    ``add_people``) join the roster as observers.
    """
    meeting = plan.meeting
    assert meeting.id is not None and meeting.board_id is not None
    said: list[str] = []
    with repo.transaction(f"import the Teams attendance for {meeting.date.isoformat()}"):
        for prop in plan.matched + [g for g in plan.guesses if g.accepted]:
            assert prop.person is not None and prop.person.id is not None
            repo.people.set_attendance(meeting.id, prop.person.id, status=prop.status,
                                       arrived=prop.arrived, left=prop.left)
            said.append(f"{prop.status.value}: {prop.person.name}"
                        + (f" ({prop.times()})" if prop.times() else ""))
        if add_people:
            for prop in plan.additional:
                if not prop.accepted:
                    continue
                person = repo.people.add_person(Person(board_id=meeting.board_id,
                                                       name=prop.participant.name,
                                                       email=prop.participant.email,
                                                       group=Group.OBSERVER))
                assert person.id is not None
                repo.people.set_attendance(meeting.id, person.id, status=AttendanceStatus.ATTENDEE,
                                           arrived=prop.arrived, left=prop.left)
                said.append(f"attendee: {person.name} (added to the roster)")
        if mark_missing:
            for person, status in plan.missing:
                assert person.id is not None
                repo.people.set_attendance(meeting.id, person.id, status=status)
                said.append(f"{status.value}: {person.name}")
    return said
