"""The minutes' lifecycle: draft -> live -> closed -> circulated -> approved.

A meeting is prepared (draft), minuted while it runs (live), tidied afterwards
(closed), sent to the chair as a numbered version (circulated) and confirmed by the
board at its next meeting (approved). Approved minutes are the board's legal record:
they are frozen until someone reopens them, with a reason.

This module is the one place that says which moves are allowed, whether a meeting's
minutes may change (the repository asks :func:`changes_minutes` and
:func:`check_may_change` for every row it writes, undo included, so every writer is
held to it), whether an undo would cross a lifecycle step, and what a meeting's minutes
print for each of its actions in each state (:func:`minutes_action`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from csp_tui.domain.dates import day_words
from csp_tui.domain.house_style import Style, default_style, fill
from csp_tui.domain.models import Action, ActionStatus, MeetingState

#: Each state and the states it may move to. ``approved -> closed`` is a reopening,
#: which needs a reason (see :func:`check_move`).
TRANSITIONS: dict[MeetingState, frozenset[MeetingState]] = {
    MeetingState.DRAFT: frozenset({MeetingState.LIVE, MeetingState.CLOSED}),
    MeetingState.LIVE: frozenset({MeetingState.CLOSED}),
    MeetingState.CLOSED: frozenset({MeetingState.CIRCULATED, MeetingState.APPROVED}),
    MeetingState.CIRCULATED: frozenset({MeetingState.CIRCULATED, MeetingState.APPROVED}),
    MeetingState.APPROVED: frozenset({MeetingState.CLOSED}),
}

#: What each move is called in messages ("cannot approve a live meeting").
VERBS: dict[MeetingState, str] = {
    MeetingState.LIVE: "start", MeetingState.CLOSED: "close",
    MeetingState.CIRCULATED: "circulate", MeetingState.APPROVED: "approve",
    MeetingState.DRAFT: "prepare",
}


class LifecycleError(ValueError):
    """A move the lifecycle does not allow; its text is one line for the user."""


class FrozenError(LifecycleError):
    """A change to minutes that may not change (approved): one line naming
    ``csp minutes reopen``. Raised by :func:`check_may_change`, which every writer asks
    (the repository asks it for each row it writes, undo included)."""


def may_change(state: MeetingState) -> bool:
    """Whether a meeting's minutes (items, entries, its actions' minuted form,
    attendance) may change in this state: everything but approved minutes may."""
    return state is not MeetingState.APPROVED


def is_draft(state: MeetingState) -> bool:
    """Whether exports of minutes in this state are drafts (headed "DRAFT")."""
    return state is not MeetingState.APPROVED


def check_move(current: MeetingState, new: MeetingState, *, reason: str = "") -> None:
    """Raise :class:`LifecycleError` unless a meeting in ``current`` may move to ``new``."""
    verb = VERBS.get(new, new.value)
    if reason.strip() and current is not MeetingState.APPROVED:
        # A reason is given only to reopen: there is nothing frozen to reopen.
        raise LifecycleError(f"only approved minutes can be reopened; these are "
                             f"{current.value}")
    if current is MeetingState.APPROVED and new is MeetingState.APPROVED:
        raise LifecycleError("these minutes are already approved; to change them, "
                             "`csp minutes reopen --reason TEXT`")
    if current is MeetingState.APPROVED and new is MeetingState.CLOSED and not reason.strip():
        raise LifecycleError("these minutes are approved: reopening them needs a reason "
                             "(`csp minutes reopen --reason TEXT`)")
    if new not in TRANSITIONS[current]:
        if current is MeetingState.APPROVED:
            raise LifecycleError(f"cannot {verb} approved minutes; reopen them first "
                                 "(csp minutes reopen --reason TEXT)")
        raise LifecycleError(f"cannot {verb} a {current.value} meeting"
                             + ("; close it first" if current in (
                                 MeetingState.DRAFT, MeetingState.LIVE) else ""))


def approval_sentence(day: dt.date, style: Style | None = None) -> str:
    """What the next meeting's minutes print when the board approves these, as the
    house style says it: "The minutes of the 31 March 2021 board were agreed as a
    correct record."."""
    st = style or default_style()
    return fill(st.sentences.approval, date=day_words(day, st.dates.due, st))


def frozen_message(state: MeetingState, day: dt.date | None = None) -> str | None:
    """The line shown when an edit is refused, or None when the minutes may change."""
    if may_change(state):
        return None
    whose = f"the minutes of {day.day} {day:%B %Y} are" if day else "these minutes are"
    return (f"{whose} approved and read-only; reopen them with "
            "`csp minutes reopen --reason TEXT` to change them")


def check_may_change(state: MeetingState, day: dt.date | None = None) -> None:
    """Raise :class:`FrozenError` unless a meeting's minutes may change in ``state``."""
    if (message := frozen_message(state, day)) is not None:
        raise FrozenError(message)


# ---------------------------------------------------------------------- what is minutes

#: Tables whose rows belong to one meeting's minutes (found by ``meeting_id``, or by
#: ``item_id`` through the item): any write to them is a change to those minutes.
#: A meeting's transcript is part of its record too; purging it is the one write
#: approved minutes allow (not asked: approval is when a transcript should go). Its
#: papers are what the board had before it: approved, they are the record's too.
MINUTES_TABLES = frozenset({"meetings", "items", "entries", "timings", "actions",
                            "attendance", "forward_plan", "accepted_names", "transcripts",
                            "papers"})

#: Columns of those tables that are not the minutes: the meeting's state (moved by
#: :func:`check_move` alone) and the capture line's unsent text (never lose typed
#: text); an action's live fields, which are the action log (its minutes keep their
#: minuted form, fixed at circulation).
NOT_MINUTES: dict[str, frozenset[str]] = {
    "meetings": frozenset({"state", "draft"}),
    "actions": frozenset({"owner", "task", "due", "status", "rag", "_owners"}),
}

#: A person's columns that a meeting's attendance lines print.
ATTENDANCE_COLUMNS = frozenset({"name"})


def changes_minutes(table: str, columns: Iterable[str] | None) -> bool:
    """Whether writing ``columns`` of a row of ``table`` changes a meeting's minutes
    (``columns`` None: the row is inserted or deleted whole)."""
    if table not in MINUTES_TABLES:
        return False
    if columns is None:
        return True
    free = NOT_MINUTES.get(table, frozenset())
    return any(c not in free for c in columns)


def undo_crosses_step(tables: Iterable[str]) -> bool:
    """Whether undoing a change that wrote ``tables`` would cross a lifecycle step:
    circulating, approving and reopening record a row of ``minutes_versions``; undo
    never takes one back (reopen does, with a reason and a version of its own)."""
    return "minutes_versions" in set(tables)


UNDO_STEP_MESSAGE = ("cannot undo {label}: undo never crosses a circulation, approval or "
                     "reopening; use `csp minutes reopen --reason TEXT` to change "
                     "approved minutes")


# ---------------------------------------------------------------------- actions printed

def follows_actions(state: MeetingState) -> bool:
    """Whether a meeting's minutes print its actions as they stand now (a draft, a
    live or a closed meeting), rather than as fixed when they were circulated."""
    return state in (MeetingState.DRAFT, MeetingState.LIVE, MeetingState.CLOSED)


def style_fixed(state: MeetingState) -> bool:
    """Whether a meeting's minutes print in the house style kept with their latest
    version (circulated or approved: the record is what was minuted, however the
    board's style changes later), rather than in the board's style as it is now."""
    return not follows_actions(state)


def minutes_action(action: Action, state: MeetingState) -> Action:
    """The action as its own meeting's minutes print it in ``state``.

    Until circulated the draft follows the action: its current owner, due and status
    ("(COMPLETED)" once done), in the wording minuted. From circulation on, the form
    fixed then (``MinutesStore.fix_minuted``): later updates change the action log only.
    """
    m = action.minuted
    if follows_actions(state):
        if m is None or m.task == action.task:
            return action
        return action.model_copy(update={"task": m.task})
    if m is None:
        return action.model_copy(update={"status": ActionStatus.OPEN})
    return action.model_copy(update={"owner": m.owner, "task": m.task, "due": m.due,
                                     "status": m.status or ActionStatus.OPEN})


def status_mark(status: ActionStatus | None, style: Style | None = None) -> str:
    """What an action sentence ends with for its status, as the house style marks it:
    " (COMPLETED)" for a done action, " (DROPPED)", nothing while it is open."""
    marks = (style or default_style()).actions
    if status is ActionStatus.COMPLETED:
        return marks.completed
    if status is ActionStatus.DROPPED:
        return marks.dropped
    return marks.open
