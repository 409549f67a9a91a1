"""The committee style's slash commands: ``/restricted [PARAGRAPH]`` (an exempt item
and its paragraph of Schedule 12A) and ``/substitute NAME for NAME``. (``/resolved`` is
an entry like ``/agreed``: :mod:`csp_tui.capture.handlers`.)

Neither refuses a line for what it names: a paragraph outside 1-7 is a notice (the
item is restricted all the same, with no paragraph), and a name the roster does not
know joins it, as ``/present`` does.
"""

from __future__ import annotations

from csp_tui.capture.context import Ctx, NewNames, Outcome, person_for, resolve_people
from csp_tui.capture.grammar import CaptureError, ParsedLine, SlashSubstitute
from csp_tui.domain.attendance import is_here
from csp_tui.domain.committee import SCHEDULE_12A, schedule_12a
from csp_tui.domain.models import AgendaItem, AttendanceStatus, Group
from csp_tui.domain.restriction import item_restricted, lookup


def _current(ctx: Ctx) -> AgendaItem:
    cur = ctx.current()
    if cur is None:
        raise CaptureError("no item is current: /goto N the item to restrict first")
    return cur


def restricted(ctx: Ctx, cmd: ParsedLine) -> Outcome:
    """``/restricted``: mark the current item restricted, or not. ``/restricted N``:
    restricted, exempt under paragraph N of Schedule 12A (kept restricted when N is not
    one of 1-7, with a notice saying so)."""
    cur = _current(ctx)
    ref = ctx.ref(cur).capitalize()
    if cmd.text:
        paragraph = schedule_12a(cmd.text)
        first, last = SCHEDULE_12A[0], SCHEDULE_12A[-1]
        keep = paragraph if paragraph is not None else cur.exempt_paragraph
        ctx.repo.meetings.update_item(cur.model_copy(update={"restricted": True,
                                                             "exempt_paragraph": keep}))
        if paragraph is None:
            # Restricting is the safe side: the item is withheld all the same.
            return Outcome(f"{cmd.text!r} is not a paragraph of Schedule 12A ({first}-{last}):"
                           f" {ref} is RESTRICTED, its paragraph "
                           f"{'still ' + str(keep) if keep else 'not given'}; "
                           f"/restricted {first}-{last} to give it", "warning",
                           changed_agenda=True)
        return Outcome(f"{ref} is RESTRICTED, exempt under paragraph {paragraph} of "
                       "Schedule 12A: the public minutes print the exclusion resolution "
                       "and its public summary (/summary TEXT)", changed_agenda=True)
    new = not cur.restricted
    updated = cur.model_copy(update={"restricted": new})
    ctx.repo.meetings.update_item(updated)
    if new:
        return Outcome(f"{ref} is now RESTRICTED: only its heading "
                       "and public summary reach the public minutes", changed_agenda=True)
    if item_restricted(updated, lookup(ctx.items)):
        # Un-marking a sub-item does not publish it while its parent is restricted.
        return Outcome(f"{ref} is no longer marked restricted, but stays RESTRICTED because "
                       "the item it sits under is restricted", changed_agenda=True)
    return Outcome(f"{ref} is no longer restricted: its minutes will "
                   "be published", "warning", changed_agenda=True)


def substitute(ctx: Ctx, cmd: SlashSubstitute) -> Outcome:
    """``/substitute NAME for NAME``: the first is present as a substitute for the
    member named second, who sends apologies (unless recorded here already)."""
    resolved = resolve_people(ctx, [cmd.person, cmd.member])
    new = NewNames()
    notes: list[str] = []
    with ctx.repo.transaction(f"substitute: {cmd.text}"):
        sub = person_for(ctx, resolved[0], Group.MEMBER, new)
        member = person_for(ctx, resolved[1], Group.MEMBER, new)
        assert sub.id is not None and member.id is not None
        if sub.id == member.id:
            raise CaptureError(f"{sub.name} cannot substitute for themselves")
        ctx.repo.people.set_attendance(ctx.mid, sub.id, status=AttendanceStatus.PRESENT,
                                       substitute_for=member.id)
        records = {a.person_id: a for a in ctx.repo.people.attendance(ctx.mid)}
        if is_here(records.get(member.id)):
            notes.append(f"{member.name} is recorded as here: kept so")
        else:
            ctx.repo.people.set_attendance(ctx.mid, member.id, status=AttendanceStatus.APOLOGIES)
    note = "".join(f"; {n}" for n in notes)
    return Outcome(f"{sub.name} attends as a substitute for {member.name}{note}"
                   f"{new.note(ctx)}", "warning" if notes else new.severity,
                   attendance_changed=True, roster_changed=bool(new.joined or new.asked))
