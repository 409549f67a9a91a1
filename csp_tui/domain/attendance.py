"""The attendance lines that open the minutes, as house style writes them:

    Members Present: Andy Opie, ..., Jade Hodgson (NOTE TAKER), ... and Stephen Thompson.

Roles are in capitals in brackets after the name, (CHAIR) and (NOTE TAKER) only; a
deputy chairing is said in item 1's text instead (:func:`deputy_chairing`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from csp_tui.domain.committee import AnyStyle, substitute_sentence
from csp_tui.domain.house_style import SectionStyle, Style, default_style, fill
from csp_tui.domain.models import Attendance, AttendanceStatus, Role

#: The attendance status of each section a house style names (its labels, order and
#: punctuation are the style's: ``[attendance.present]`` ...).
SECTION_STATUS: dict[str, AttendanceStatus] = {
    "present": AttendanceStatus.PRESENT,
    "attendees": AttendanceStatus.ATTENDEE,
    "apologies": AttendanceStatus.APOLOGIES,
}


def is_here(attendance: Attendance | None) -> bool:
    """Whether a person is at the meeting: present, or an additional attendee."""
    return attendance is not None and attendance.status in (AttendanceStatus.PRESENT,
                                                            AttendanceStatus.ATTENDEE)


def attending_ids(attendance: Iterable[Attendance]) -> list[int]:
    """Ids of the people at the meeting (see :func:`is_here`)."""
    return [a.person_id for a in attendance if is_here(a)]


def join_names(names: Sequence[str], *, joiner: str = ", ", last: str = " and ",
               serial_comma: bool = False) -> str:
    """"A", "A and B", "A, B and C" ("A, B, and C" with ``serial_comma``; the minutes
    take ``joiner`` and ``last`` from the house style, messages use these)."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    if serial_comma and len(names) > 2:
        last = joiner.rstrip() + last
    return joiner.join(names[:-1]) + last + names[-1]


def _sections(style: Style) -> list[tuple[SectionStyle, AttendanceStatus]]:
    return [(getattr(style.attendance, key), SECTION_STATUS[key])
            for key in style.attendance.sections]


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
                     note_taker: str = "", style: Style | None = None
                     ) -> list[tuple[str, str]]:
    """``[(label, "names, as the house style joins and ends them"), ...]`` for the
    non-empty sections; ``chair`` and ``note_taker`` are the meeting's (see
    :func:`role_of`)."""
    st = style or default_style()
    marks = {Role.CHAIR: st.attendance.chair_mark,
             Role.NOTE_TAKER: st.attendance.note_taker_mark}
    rows = list(attendance)
    out: list[tuple[str, str]] = []
    for section, status in _sections(st):
        people = [a for a in rows if a.status == status]
        if section.order == "first-name":
            people.sort(key=lambda a: sort_key(a.person_name))
        else:  # as recorded: in the order the rows were written
            people.sort(key=lambda a: a.id or 0)
        if not people:
            continue
        # A deputy chair has no mark: see deputy_chairing.
        names = [a.person_name + marks.get(role_of(a, chair, note_taker), "")
                 for a in people]
        text = join_names(names, joiner=st.attendance.joiner,
                          last=st.attendance.last_joiner, serial_comma=section.serial_comma)
        out.append((section.label, text + ("." if section.full_stop else "")))
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
                    note_taker: str = "", style: Style | None = None) -> str:
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

    return fill((style or default_style()).attendance.deputy_chairing, name=deputy.person_name)
