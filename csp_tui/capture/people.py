"""The slash commands about people: attendance (``/present``, ``/attendee``,
``/apologies``), roles (``/chair``, ``/notetaker``), comings and goings (``/joined``,
``/left``) and ``/declare``. Names resolve by :func:`csp_tui.domain.names.resolve_name`;
a new name joins the board's roster, and the :class:`Outcome` says so. A name that may
be someone on the roster is kept as typed and asked about
(:func:`csp_tui.capture.context.person_for`): the line is never refused for a name."""

from __future__ import annotations

from csp_tui.capture.context import (
    Ctx,
    NewNames,
    Outcome,
    local_now,
    person_for,
    resolve_all,
    resolve_people,
    writing_item,
    writing_target,
)
from csp_tui.capture.grammar import SlashDeclare, SlashName, SlashNames
from csp_tui.domain.attendance import is_here, join_names
from csp_tui.domain.models import AttendanceStatus, Entry, EntryKind, Group, Role

_STATUS = {"present": AttendanceStatus.PRESENT, "attendee": AttendanceStatus.ATTENDEE,
           "apologies": AttendanceStatus.APOLOGIES}
#: The roster group a new name joins under: additional attendees are usually officers
#: advising the board (the roster lists them as advisers).
_NEW_GROUP = {"present": Group.MEMBER, "attendee": Group.ADVISER,
              "apologies": Group.MEMBER, "chair": Group.MEMBER, "notetaker": Group.ADVISER,
              "left": Group.MEMBER, "joined": Group.MEMBER}
_STATUS_WORD = {"present": "Present", "attendee": "Additional attendees",
                "apologies": "Apologies"}


def attendance(ctx: Ctx, cmd: SlashNames) -> Outcome:
    """``/present``, ``/attendee``, ``/apologies``."""
    resolved = resolve_people(ctx, cmd.names)
    new = NewNames()
    names: list[str] = []
    with ctx.repo.transaction(f"{cmd.name}: {cmd.text}"):
        for r in resolved:
            person = person_for(ctx, r, _NEW_GROUP[cmd.name], new)
            assert person.id is not None
            ctx.repo.people.set_attendance(ctx.mid, person.id, status=_STATUS[cmd.name])
            if person.name not in names:
                names.append(person.name)
    return Outcome(f"{_STATUS_WORD[cmd.name]}: {join_names(names)}{new.note(ctx)}",
                   new.severity, attendance_changed=True,
                   roster_changed=bool(new.joined or new.asked))


def role(ctx: Ctx, cmd: SlashName) -> Outcome:
    """``/chair``, ``/notetaker``."""
    (r,) = resolve_people(ctx, [cmd.person])
    role = Role.CHAIR if cmd.name == "chair" else Role.NOTE_TAKER
    new = NewNames()
    with ctx.repo.transaction(f"{role.value}: {cmd.text}"):
        person = person_for(ctx, r, _NEW_GROUP[cmd.name], new)
        assert person.id is not None
        att = next((a for a in ctx.repo.people.attendance(ctx.mid) if a.person_id == person.id),
                   None)
        # The role names the meeting's chair / note taker too (storage keeps them one).
        ctx.repo.people.set_attendance(ctx.mid, person.id, role=role,
                                       status=None if is_here(att) else AttendanceStatus.PRESENT)
    what = "chairs the meeting" if role is Role.CHAIR else "takes the notes"
    return Outcome(f"{person.name} {what}{new.note(ctx)}", new.severity,
                   attendance_changed=True, roster_changed=bool(new.joined or new.asked))


def came_or_went(ctx: Ctx, cmd: SlashNames) -> Outcome:
    """``/joined``, ``/left``: the time now, and a line in the current item."""
    resolved = resolve_people(ctx, cmd.names)
    at = local_now(ctx.repo).time().replace(second=0, microsecond=0)
    new = NewNames()
    names: list[str] = []
    left = cmd.name == "left"
    target = writing_target(ctx)
    with ctx.repo.transaction(f"{cmd.name}: {cmd.text}"):
        item, moved = writing_item(ctx, target)
        assert item.id is not None
        records = {a.person_id: a for a in ctx.repo.people.attendance(ctx.mid)}
        for r in resolved:
            person = person_for(ctx, r, _NEW_GROUP[cmd.name], new)
            assert person.id is not None
            status = None if is_here(records.get(person.id)) else AttendanceStatus.PRESENT
            if left:
                ctx.repo.people.set_attendance(ctx.mid, person.id, status=status, left=at)
            else:
                ctx.repo.people.set_attendance(ctx.mid, person.id, status=status, arrived=at)
            names.append(person.name)
        verb = "left" if left else "joined"
        ctx.repo.minutes.add_entry(Entry(item_id=item.id, kind=EntryKind.PARAGRAPH,
                                         text=f"{join_names(names)} {verb} the meeting."))
    return Outcome(f"{join_names(names)} {verb} at {at:%H:%M}{new.note(ctx)}", new.severity,
                   entry_added=True, moved=moved, changed_agenda=moved,
                   attendance_changed=True, roster_changed=bool(new.joined or new.asked))


def declare(ctx: Ctx, cmd: SlashDeclare) -> Outcome:
    """``/declare NAME: INTEREST`` on the current item."""
    (r,) = resolve_all(ctx, [cmd.person])
    target = writing_target(ctx)
    with ctx.repo.transaction(f"add a declaration to {ctx.ref(target[0])}"):
        item, moved = writing_item(ctx, target)
        assert item.id is not None
        entry = ctx.repo.minutes.add_entry(Entry(item_id=item.id, kind=EntryKind.DECLARATION,
                                                 text=f"{r.name}: {cmd.interest}"))
    if r.person is None:
        return Outcome(f"Declaration added; {r.name!r} is not on the roster: kept as written",
                       "warning", entry_added=True, moved=moved, changed_agenda=moved,
                       added=entry)
    return Outcome(f"Declaration of interest by {r.name} added to {ctx.ref(item)}",
                   entry_added=True, moved=moved, changed_agenda=moved, added=entry)
