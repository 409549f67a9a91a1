"""The minutes' lifecycle: draft -> live -> closed -> circulated -> approved.

A meeting is prepared (draft), minuted while it runs (live), tidied afterwards
(closed), sent to the chair as a numbered version (circulated) and confirmed by the
board at its next meeting (approved). Approved minutes are the board's legal record:
they are frozen until someone reopens them, with a reason.

This module is the one place that says which moves are allowed and whether a meeting's
minutes may change; the storage, the command line, the capture language and the app
all ask it.
"""

from __future__ import annotations

import datetime as dt

from csp_tui.domain.models import MeetingState

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
        raise LifecycleError("these minutes are already approved")
    if current is MeetingState.APPROVED and new is MeetingState.CLOSED and not reason.strip():
        raise LifecycleError("reopening approved minutes needs a reason (--reason TEXT)")
    if new not in TRANSITIONS[current]:
        if current is MeetingState.APPROVED:
            raise LifecycleError(f"cannot {verb} approved minutes; reopen them first "
                                 "(csp minutes reopen --reason TEXT)")
        raise LifecycleError(f"cannot {verb} a {current.value} meeting"
                             + ("; close it first" if current in (
                                 MeetingState.DRAFT, MeetingState.LIVE) else ""))


def approval_sentence(day: dt.date) -> str:
    """What the next meeting's minutes print when the board approves these:
    "The minutes of the 31 March 2021 board were agreed as a correct record."."""
    return f"The minutes of the {day.day} {day:%B %Y} board were agreed as a correct record."


def frozen_message(state: MeetingState) -> str | None:
    """The line shown when an edit is refused, or None when the minutes may change."""
    if may_change(state):
        return None
    return ("these minutes are approved and read-only; reopen them with "
            "`csp minutes reopen --reason TEXT` to change them")
