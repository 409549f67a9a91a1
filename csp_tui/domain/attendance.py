"""The attendance lines that open the minutes, as house style writes them:

    Members Present: Andy Opie, ..., Jade Hodgson (NOTE TAKER), ... and Stephen Thompson.

Roles are in capitals in brackets after the name, (CHAIR) and (NOTE TAKER) only; a
deputy chairing is said in item 1's text instead (:func:`deputy_chairing`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from csp_tui.domain.committee import AnyStyle, substitute_sentence
from csp_tui.domain.models import Attendance, AttendanceStatus, Role

#: (label, status) in the order the minutes print them.
SECTIONS: list[tuple[str, AttendanceStatus]] = [
    ("Members Present:", AttendanceStatus.PRESENT),
    ("Additional Attendees:", AttendanceStatus.ATTENDEE),
    ("Apologies:", AttendanceStatus.APOLOGIES),
]

#: The marks after a name. A deputy chair has none: see :func:`deputy_chairing`.
_ROLE_MARK = {Role.CHAIR: " (CHAIR)", Role.NOTE_TAKER: " (NOTE TAKER)"}


def is_here(attendance: Attendance | None) -> bool:
    """Whether a person is at the meeting: present, or an additional attendee."""
    return attendance is not None and attendance.status in (AttendanceStatus.PRESENT,
                                                            AttendanceStatus.ATTENDEE)


def attending_ids(attendance: Iterable[Attendance]) -> list[int]:
    """Ids of the people at the meeting (see :func:`is_here`)."""
    return [a.person_id for a in attendance if is_here(a)]


def join_names(names: Sequence[str]) -> str:
    """"A", "A and B", "A, B and C"."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def sort_key(name: str) -> str:
    """Sorted by first name, as the published minutes are."""
    return name.casefold()


def role_of(attendance: Attendance, chair: str = "", note_taker: str = "") -> Role | None:
    """A person's role at the meeting: the one marked in the attendance, else the
    meeting's chair or note taker (from the agenda header, ``/chair``, ``/notetaker``
    or the attendance screen: one fact, wherever it was said)."""
    if attendance.role is not None:
        return attendance.role
    name = " ".join(attendance.person_name.split()).casefold()
    if name and name == " ".join(chair.split()).casefold():
        return Role.CHAIR
    if name and name == " ".join(note_taker.split()).casefold():
        return Role.NOTE_TAKER
    return None


def attendance_lines(attendance: Iterable[Attendance], chair: str = "",
                     note_taker: str = "") -> list[tuple[str, str]]:
    """``[(label, "names ending with a full stop"), ...]`` for the non-empty sections;
    ``chair`` and ``note_taker`` are the meeting's (see :func:`role_of`)."""
    rows = list(attendance)
    out: list[tuple[str, str]] = []
    for label, status in SECTIONS:
        people = sorted((a for a in rows if a.status == status),
                        key=lambda a: sort_key(a.person_name))
        if not people:
            continue
        names = [a.person_name + _ROLE_MARK.get(role_of(a, chair, note_taker), "")
                 for a in people]
        out.append((label, join_names(names) + "."))
    return out


def substitute_lines(attendance: Iterable[Attendance],
                     style: AnyStyle = None) -> list[str]:
    """"X attended as a substitute for Y." for each substitute at the meeting, by the
    substitute's first name; printed after the attendance lines."""
    subs = sorted((a for a in attendance if a.substitute_for is not None and is_here(a)),
                  key=lambda a: sort_key(a.person_name))
    return [substitute_sentence(style, a.person_name, a.substitute_for_name)
            for a in subs if a.substitute_for_name]


def deputy_chairing(attendance: Iterable[Attendance], chair: str = "",
                    note_taker: str = "") -> str:
    """The sentence item 1 of the minutes opens with when the deputy chair chaired the
    meeting ("The board was chaired by the deputy chair, Fiona Taylor."), else "".

    The deputy chaired when they are at the meeting (:func:`is_here`) and no chair is:
    the chair (by role, or the meeting's ``chair``: see :func:`role_of`) sent
    apologies or was absent, or there is none. A chair named for the meeting whose
    attendance is not recorded may yet have chaired: the minutes then say nothing, as
    nothing was minuted.
    """
    rows = list(attendance)
    chairs = [a for a in rows if role_of(a, chair, note_taker) is Role.CHAIR]
    if any(is_here(a) for a in chairs) or (chair.strip() and not chairs):
        return ""
    here = [(a, role_of(a, chair, note_taker)) for a in rows if is_here(a)]
    deputy = next((a for a, role in here if role is Role.DEPUTY_CHAIR), None)
    if deputy is None:
        return ""
    return f"The board was chaired by the deputy chair, {deputy.person_name}."
