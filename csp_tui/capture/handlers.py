"""Carrying out a parsed capture line against the database: :func:`execute`.

Headless (no textual): the meeting screen calls :func:`run` and shows the
:class:`Outcome`, or for an unknown or malformed slash command the
:class:`CaptureError` message inline while the typed text stays in the line. Every
slash command that changes something runs in one transaction, so one ``/undo`` takes
back exactly one.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from csp_tui.capture.committee import restricted, substitute
from csp_tui.capture.context import (
    Ctx,
    Outcome,
    local_now,
    resolve_all,
    writing_item,
    writing_target,
)
from csp_tui.capture.grammar import (
    CaptureError,
    ParsedLine,
    SlashAction,
    SlashForward,
    SlashGoto,
    SlashNextMeeting,
    TextLine,
    parse,
)
from csp_tui.capture.people import attendance, came_or_went, declare, role
from csp_tui.domain.action_line import read_action
from csp_tui.domain.agenda import roman
from csp_tui.domain.dates import parse_day
from csp_tui.domain.deferral import deferral_sentence
from csp_tui.domain.house_style import Style, StyleError, default_style
from csp_tui.domain.lifecycle import LifecycleError, approval_sentence, frozen_message
from csp_tui.domain.models import (
    Action,
    ActionStatus,
    AgendaItem,
    Entry,
    EntryKind,
    ForwardPlanItem,
    ItemState,
    MeetingState,
    NextMeeting,
    error_message,
)
from csp_tui.domain.phrases import all_phrases
from csp_tui.domain.restriction import item_restricted, lookup
from csp_tui.storage.connection import StorageError

if TYPE_CHECKING:
    from csp_tui.storage.repository import Repository


def execute(repo: Repository, meeting_id: int, line: ParsedLine, *,
            today: dt.date | None = None, item_id: int | None = None,
            keys: Mapping[str, str] | None = None) -> Outcome:
    """Carry out a parsed line on a meeting (text under ``item_id`` if given, without
    going to it). ``keys``: the user's keymap (``app.keymap``), for the keys a message
    names. Raises :class:`CaptureError` (nothing changed) when it cannot apply,
    e.g. /pause with no current item."""
    try:
        meeting = repo.meetings.meeting(meeting_id)
    except LookupError as exc:
        raise CaptureError(str(exc).strip("'\"")) from None
    if line.name not in _READ_ONLY_SAFE and (frozen := frozen_message(meeting.state)):
        raise CaptureError(frozen)
    ctx = Ctx(repo, meeting, today or local_now(repo).date(), repo.meetings.items(meeting_id),
              target_id=item_id, keys=keys or {})
    handler = _HANDLERS[line.name]
    try:
        return handler(ctx, line)
    except CaptureError:
        raise
    except ValidationError as exc:
        raise CaptureError(error_message(exc)) from None
    except StorageError:
        raise  # the database's problem, not the line's: the app says so and keeps it
    except (LookupError, LifecycleError) as exc:
        raise CaptureError(str(exc).strip("'\"")) from None


def run(repo: Repository, meeting_id: int, line: str, *,
        today: dt.date | None = None, item_id: int | None = None) -> Outcome:
    """:func:`parse` then :func:`execute`: the capture line's Enter."""
    return execute(repo, meeting_id, parse(line), today=today, item_id=item_id)


_KIND = {"paragraph": EntryKind.PARAGRAPH, "bullet": EntryKind.BULLET,
         "numbered": EntryKind.NUMBERED, "agreed": EntryKind.DECISION,
         "resolved": EntryKind.RESOLUTION}
_KIND_WORD = {"paragraph": "Paragraph", "bullet": "Bullet", "numbered": "Numbered point",
              "agreed": "Decision", "resolved": "Resolution"}
#: Lines that say a decision: the note taker sees a message for each.
_DECISIONS = frozenset({"agreed", "resolved"})


def _entry(ctx: Ctx, cmd: TextLine) -> Outcome:
    target = writing_target(ctx)
    with ctx.repo.transaction(f"add a {_KIND[cmd.name].value} to {ctx.ref(target[0])}"):
        item, moved = writing_item(ctx, target)
        assert item.id is not None
        entry = ctx.repo.minutes.add_entry(Entry(item_id=item.id, kind=_KIND[cmd.name],
                                                 text=cmd.text))
    return Outcome(f"{_KIND_WORD[cmd.name]} added to {ctx.ref(item)}",
                   quiet=cmd.name not in _DECISIONS, entry_added=True, moved=moved,
                   changed_agenda=moved or _renumbers(ctx, cmd.name, item.id), added=entry)


def _renumbers(ctx: Ctx, name: str, item_id: int) -> bool:
    """Whether a line just added renumbers the item's other lines (a second resolution
    numbers the first "(1)"), so the item is shown afresh rather than appended to; a
    plain decision, or an item's first resolution, only adds its line."""
    if name not in _DECISIONS:
        return False
    return ctx.repo.committee.resolution_count(item_id, _house_style(ctx)) > 1


def _action(ctx: Ctx, cmd: SlashAction) -> Outcome:
    # The line read whole by its one rule: every date against the meeting, not the wall
    # clock ("31 January" typed up for a 2019 board is the first 31 January on or after
    # that board), the owners against the board's roster, those attending first.
    line = read_action(cmd.text, ctx.meeting.date, *ctx.repo.people.roster_of(ctx.mid))
    warnings = line.warnings()
    owner, due, day = line.owner, line.due, line.due_day
    due_note = f" (due {day.day} {day:%B %Y})" if day else f" (due {due})" if due else ""
    target = writing_target(ctx)
    with ctx.repo.transaction(f"add an action to {ctx.ref(target[0])}"):
        item, moved = writing_item(ctx, target)
        added = ctx.repo.minutes.add_action(Action(meeting_id=ctx.mid, item_id=item.id, owner=owner,
                                                   owner_ids=line.owner_ids, task=line.task,
                                                   due=due, status=ActionStatus.COMPLETED
                                                   if line.completed else ActionStatus.OPEN))
    who = f"for {owner}" if owner else "with no owner"
    done = ", completed" if line.completed else ""
    message = f"Action added {who}{due_note}{done}"
    if warnings:
        message += "; " + "; ".join(warnings)
    return Outcome(message, "warning" if warnings else "information", entry_added=True,
                   moved=moved, changed_agenda=moved, added=added)


def _go(ctx: Ctx, target: AgendaItem, label: str, *,
        leave: ItemState = ItemState.DONE) -> None:
    assert target.id is not None
    with ctx.repo.transaction(label):
        # A deferred item gone to loses its deferral: set_current's rule.
        ctx.repo.meetings.set_current(ctx.mid, target.id, leave=leave)


def _arrived_at(ctx: Ctx, target: AgendaItem, before: str = "") -> Outcome:
    # A done item gone back to is being corrected: its timer stays stopped.
    now = (f"Correcting {ctx.ref(target)} (done, not timed; "
           f"{ctx.key('meeting.pause-timer', 'ctrl+t')} takes it up)"
           if target.state == ItemState.DONE else f"Now at {ctx.ref(target)}")
    return Outcome(f"{before}{now}: {target.title}", moved=True, changed_agenda=True)


def _next_pending(ctx: Ctx, after: AgendaItem | None) -> AgendaItem | None:
    """The first pending item after ``after`` in agenda order, else the first pending
    one before it (items taken out of order leave gaps)."""
    items = ctx.items
    start = items.index(after) + 1 if after in items else 0
    for item in items[start:] + items[:start]:
        if item.state == ItemState.PENDING and item is not after:
            return item
    return None


def _next(ctx: Ctx, cmd: ParsedLine) -> Outcome:
    cur = ctx.current()
    target = _next_pending(ctx, cur)
    if target is None:
        # Over: nothing keeps timing (the item stays shown, to read back).
        running = cur is not None and (cur.running or cur.state == ItemState.CURRENT)
        if running:
            with ctx.repo.transaction(f"finish {ctx.ref(cur)}"):
                ctx.repo.meetings.finish_current(ctx.mid)
        done = f": {ctx.ref(cur)} done, its timer stopped" if running else ""
        close = (f"{ctx.key('app.meetings', 'ctrl+o')}, "
                 f"{ctx.key('meetings.close-meeting', 'c')}: close")
        return Outcome(f"No pending items left{done} ({close})", "warning",
                       changed_agenda=running)
    _go(ctx, target, f"go to {ctx.ref(target)}")
    return _arrived_at(ctx, target)


def _prev(ctx: Ctx, cmd: ParsedLine) -> Outcome:
    cur = ctx.current()
    if cur is None:
        raise CaptureError("no item is current yet: /next starts the first one")
    i = ctx.items.index(cur)
    if i == 0:
        return Outcome("Already at the first item", "warning")
    target = ctx.items[i - 1]
    # Stepping back is not finishing: the item left stays pending, so PgDn returns
    # to it.
    _go(ctx, target, f"go back to {ctx.ref(target)}", leave=ItemState.PENDING)
    return _arrived_at(ctx, target)


def _goto(ctx: Ctx, cmd: SlashGoto) -> Outcome:
    top_n, sub_k = cmd.top, cmd.sub
    tops = [i for i in ctx.items if i.parent_id is None]
    if not 1 <= top_n <= len(tops):
        raise CaptureError(f"there is no item {top_n}: the agenda has items 1-{len(tops)}")
    target = tops[top_n - 1]
    if sub_k:
        subs = [i for i in ctx.items if i.parent_id == target.id]
        if not subs:
            raise CaptureError(f"item {top_n} has no sub-items")
        if sub_k > len(subs):
            raise CaptureError(f"item {top_n} has no sub-item {sub_k}: it has "
                               f"(i)-({roman(len(subs))})")
        target = subs[sub_k - 1]
    if target.id == ctx.meeting.current_item_id:
        return Outcome(f"Already at {ctx.ref(target)}")
    _go(ctx, target, f"go to {ctx.ref(target)}")
    return _arrived_at(ctx, target)


def _house_style(ctx: Ctx) -> Style:
    """The house style the meeting's minutes print in (its sentences: the repository's
    one answer); the default when it cannot be read, so that a line is never refused
    for it."""
    try:
        return ctx.repo.settings.style_for(ctx.mid)
    except (StyleError, sqlite3.Error):
        return default_style()


def _defer(ctx: Ctx, cmd: TextLine) -> Outcome:
    cur = ctx.current()
    if cur is None:
        raise CaptureError("no item is current: /goto N the item to defer first")
    if cur.state == ItemState.DEFERRED:
        raise CaptureError(f"{ctx.ref(cur)} is already deferred; /next to move on")
    assert cur.id is not None
    # "to the March board" -> "Item deferred to the March board." (house style).
    reason = deferral_sentence(cmd.text, _house_style(ctx))
    target = _next_pending(ctx, cur)
    with ctx.repo.transaction(f"defer {ctx.ref(cur)}"):
        ctx.repo.meetings.defer_item(cur.id, reason)
        if target is not None:
            assert target.id is not None
            ctx.repo.meetings.set_current(ctx.mid, target.id)
    said = f"{ctx.ref(cur).capitalize()} deferred: {reason} "
    if target is None:
        return Outcome(said + "No pending items left", "warning", changed_agenda=True)
    return _arrived_at(ctx, target, said)


def _pause(ctx: Ctx, cmd: ParsedLine) -> Outcome:
    cur = ctx.current()
    if cur is None:
        raise CaptureError("no item is current, so there is no timer to pause")
    if cur.state == ItemState.DONE:
        # Gone back to and discussed again: taking it up is what starts its timer.
        ctx.repo.meetings.take_up(ctx.mid)
        return Outcome(f"{ctx.ref(cur).capitalize()} taken up again: its timer runs",
                       changed_agenda=True)
    if cur.state != ItemState.CURRENT:
        raise CaptureError(f"{ctx.ref(cur)} is {cur.state.value}: its timer is stopped")
    running = ctx.repo.meetings.toggle_pause(ctx.mid)
    return Outcome("Timer resumed" if running else "Timer paused")


def _current_or_error(ctx: Ctx, what: str) -> AgendaItem:
    cur = ctx.current()
    if cur is None:
        raise CaptureError(f"no item is current: /goto N the item to {what} first")
    return cur


def _summary(ctx: Ctx, cmd: TextLine) -> Outcome:
    cur = _current_or_error(ctx, "summarise")
    ctx.repo.meetings.update_item(cur.model_copy(update={"public_summary": cmd.text}))
    if not item_restricted(cur, lookup(ctx.items)):
        return Outcome(f"Public summary saved; {ctx.ref(cur)} is not restricted, so the "
                       "summary is not used unless you /restricted it", "warning")
    return Outcome(f"Public summary saved for {ctx.ref(cur)}")


def _next_meeting(ctx: Ctx, cmd: SlashNextMeeting) -> Outcome:
    day = parse_day(cmd.day, today=ctx.meeting.date)
    assert day is not None
    chair = cmd.chair
    if chair:
        (r,) = resolve_all(ctx, [chair])
        chair = r.name
    nxt = NextMeeting(date=day, start=cmd.start, end=cmd.end, venue=cmd.venue, chair=chair)
    ctx.repo.meetings.update_meeting(ctx.meeting.model_copy(update={"next_meeting": nxt}))
    times = f", {nxt.start:%H:%M}" if nxt.start else ""
    if nxt.start and nxt.end:
        times = f", {nxt.start:%H:%M}-{nxt.end:%H:%M}"
    extra = "".join(f", {x}" for x in (nxt.venue, f"chair {chair}" if chair else "") if x)
    warn = day <= ctx.meeting.date
    message = f"Next meeting: {day:%A} {day.day} {day:%B %Y}{times}{extra}"
    if warn:
        message += "; that is not after this meeting"
    return Outcome(message, "warning" if warn else "information")


def _forward(ctx: Ctx, cmd: SlashForward) -> Outcome:
    ctx.repo.meetings.add_forward(ForwardPlanItem(meeting_id=ctx.mid, title=cmd.title,
                                                  presenter=cmd.presenter, when=cmd.when))
    return Outcome(f"Added to the forward plan: {cmd.title}")


def _phrase(ctx: Ctx, cmd: TextLine) -> Outcome:
    if cmd.text.casefold() in {p.casefold() for p in all_phrases(ctx.repo, _house_style(ctx))}:
        return Outcome("That sentence is already in the phrase book")
    ctx.repo.minutes.add_phrase(cmd.text)
    return Outcome(f"Added to your phrase book: {cmd.text}", phrases_changed=True)


def _undo(ctx: Ctx, cmd: ParsedLine) -> Outcome:
    # Only this app's own changes: another window's or another command's stay.
    undone = ctx.repo.undo_own()
    elsewhere = (f" (the newest change, {undone.newer_elsewhere}, was made elsewhere "
                 "and stays)" if undone.newer_elsewhere else "")
    if undone.label is None:
        return Outcome(f"Nothing of yours to undo{elsewhere}" if elsewhere
                       else "Nothing to undo", "warning")
    # Whatever it was, everything may have changed.
    return Outcome(f"Undone: {undone.label}{elsewhere}", "warning" if elsewhere else
                   "information", moved=True, changed_agenda=True,
                   attendance_changed=True, roster_changed=True, phrases_changed=True)


def _approve_minutes(ctx: Ctx, cmd: ParsedLine) -> Outcome:
    """The board approves the previous meeting's minutes: they are frozen, and the
    sentence saying so goes in this meeting's minutes, in one transaction (one /undo)."""
    prev = ctx.repo.versions.previous_meeting(ctx.mid)
    if prev is None or prev.id is None:
        raise CaptureError("there is no earlier meeting of this board to approve")
    target = writing_target(ctx)
    sentence = approval_sentence(prev.date, _house_style(ctx))
    try:
        with ctx.repo.transaction(f"approve the minutes of {prev.date.isoformat()}"):
            ctx.repo.versions.move_minutes(prev.id, MeetingState.APPROVED, approved_on=ctx.today)
            item, moved = writing_item(ctx, target)
            assert item.id is not None
            ctx.repo.minutes.add_entry(Entry(item_id=item.id, kind=EntryKind.PARAGRAPH,
                                             text=sentence))
    except LifecycleError as exc:
        raise CaptureError(f"the minutes of {prev.date:%d %B %Y}: {exc}") from None
    return Outcome(f"Minutes of {prev.date.day} {prev.date:%B %Y} approved and frozen",
                   entry_added=True, moved=moved, changed_agenda=moved,
                   approved_meeting_id=prev.id)


def _help(ctx: Ctx, cmd: ParsedLine) -> Outcome:
    return Outcome(f"{ctx.key('app.help', 'f1')} or {ctx.key('app.help-alt', 'question_mark')} "
                   "lists every key and command", show_help=True)


_HANDLERS: dict[str, Callable[[Ctx, Any], Outcome]] = {
    "paragraph": _entry, "bullet": _entry, "numbered": _entry, "agreed": _entry,
    "resolved": _entry, "substitute": substitute,
    "action": _action, "next": _next, "prev": _prev, "goto": _goto, "defer": _defer,
    "pause": _pause, "restricted": restricted, "summary": _summary,
    "present": attendance, "attendee": attendance, "apologies": attendance,
    "chair": role, "notetaker": role, "left": came_or_went, "joined": came_or_went,
    "declare": declare,
    "next-meeting": _next_meeting, "forward": _forward, "phrase": _phrase, "undo": _undo,
    "help": _help, "approve-minutes": _approve_minutes,
}
#: What may still be typed in a meeting whose minutes are approved (frozen).
_READ_ONLY_SAFE = frozenset({"undo", "help", "phrase"})
