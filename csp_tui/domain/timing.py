"""The figures of the meeting screen's clock bar, as pure functions of stored data.

Every figure is computed from the timestamps the repository stores (UTC), so quitting
and reopening, or a crash, gives the same figures. Timestamps are kept in UTC; the
meeting's scheduled times (``Meeting.start``/``end``) are wall-clock times of the place
where the board meets, read in the computer's local time zone
(:meth:`datetime.datetime.astimezone`), and shown back in local time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from csp_tui.domain.models import AgendaItem, ItemState, Meeting

Level = Literal["ok", "warning", "error"]

#: The share of an item's allowance at which its bar turns to the warning colour.
WARNING_AT = 0.8


def item_elapsed(item: AgendaItem, now: dt.datetime) -> float:
    """Seconds the item has been current, over all the stretches it was current."""
    return item.spent_seconds(now)


def item_allowance(item: AgendaItem) -> float | None:
    """The item's allowance in seconds, or None when it has no minutes set."""
    return item.minutes * 60.0 if item.minutes is not None else None


def item_fraction(item: AgendaItem, now: dt.datetime) -> float | None:
    """Elapsed / allowance (1.0 = exactly on time); None without an allowance.

    An allowance of 0 minutes is over as soon as any time is spent on it.
    """
    allowance = item_allowance(item)
    if allowance is None:
        return None
    elapsed = item_elapsed(item, now)
    if allowance == 0:
        return 0.0 if elapsed <= 0 else float("inf")
    return elapsed / allowance


def level(fraction: float | None) -> Level:
    """"ok" below 80% of the allowance, "warning" from 80%, "error" once over."""
    if fraction is None:
        return "ok"
    if fraction > 1.0:
        return "error"
    if fraction >= WARNING_AT:
        return "warning"
    return "ok"


def meeting_elapsed(started: dt.datetime | None, now: dt.datetime) -> float:
    """Seconds since the meeting started (its first item timer); 0 before it starts."""
    if started is None:
        return 0.0
    return max(0.0, (now - started).total_seconds())


def item_remaining(item: AgendaItem, now: dt.datetime) -> float:
    """Seconds left of the item's allowance (0 when over, or without an allowance)."""
    allowance = item_allowance(item)
    if allowance is None:
        return 0.0
    return max(0.0, allowance - item_elapsed(item, now))


def projected_finish(items: Sequence[AgendaItem], current_id: int | None,
                     now: dt.datetime) -> dt.datetime:
    """now + what remains of the current item + the allowances of the items still
    pending. Items without minutes (most sub-items), done and deferred items add 0."""
    seconds = 0.0
    for item in items:
        if item.id == current_id:
            if item.state in (ItemState.CURRENT, ItemState.PENDING):
                seconds += item_remaining(item, now)
        elif item.state == ItemState.PENDING:
            seconds += item_allowance(item) or 0.0
    return now + dt.timedelta(seconds=seconds)


def local_datetime(day: dt.date, at: dt.time) -> dt.datetime:
    """A date and wall-clock time in the computer's local time zone, as an aware
    datetime (comparable with the UTC timestamps the repository stores)."""
    return dt.datetime.combine(day, at).astimezone()


def scheduled_start(meeting: Meeting) -> dt.datetime | None:
    """When the meeting is scheduled to start (aware, local time), or None."""
    return local_datetime(meeting.date, meeting.start) if meeting.start else None


def scheduled_end(meeting: Meeting) -> dt.datetime | None:
    """When the meeting is scheduled to end (aware, local time), or None."""
    return local_datetime(meeting.date, meeting.end) if meeting.end else None


def overrun(projected: dt.datetime, scheduled_end: dt.datetime | None) -> dt.timedelta | None:
    """How far past the scheduled end the meeting is projected to run; None if it is
    not (or there is no scheduled end)."""
    if scheduled_end is None or projected <= scheduled_end:
        return None
    return projected - scheduled_end


def fmt_mmss(seconds: float) -> str:
    """12:05 for 725 s; 1:02:05 from an hour; a leading minus when negative."""
    sign = "-" if seconds < 0 else ""
    total = int(abs(seconds))
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{sign}{h}:{m:02d}:{s:02d}" if h else f"{sign}{m:02d}:{s:02d}"


def fmt_local(moment: dt.datetime) -> str:
    """HH:MM in local time, for the projected finish and scheduled end."""
    return f"{moment.astimezone():%H:%M}"


@dataclass(frozen=True)
class ClockFigures:
    """Everything the clock bar shows, computed at one instant."""

    now: dt.datetime
    current: AgendaItem | None
    item_elapsed: float
    item_allowance: float | None
    item_fraction: float | None
    item_level: Level
    running: bool  # the current item's timer runs (False when paused)
    meeting_started: dt.datetime | None
    meeting_elapsed: float
    scheduled_end: dt.datetime | None
    projected_finish: dt.datetime
    overrun: dt.timedelta | None
    #: The meeting is on today's date. A meeting typed up on another day (a 2019
    #: board) has no projected finish or overrun against the wall clock: its
    #: ``meeting_elapsed`` is the time spent on its items.
    live: bool = True


class MeetingLookups(Protocol):
    """The meetings store's reads :func:`clock_figures` makes."""

    def meeting(self, meeting_id: int) -> Meeting: ...
    def items(self, meeting_id: int) -> list[AgendaItem]: ...
    def meeting_started(self, meeting_id: int) -> dt.datetime | None: ...


class MeetingSource(Protocol):
    """What :func:`clock_figures` reads: the repository provides it (its clock and its
    meetings store), and the domain names only what it needs rather than importing
    the storage layer."""

    @property
    def meetings(self) -> MeetingLookups: ...
    def clock(self) -> dt.datetime: ...


def clock_figures(repo: MeetingSource, meeting_id: int,
                  now: dt.datetime | None = None) -> ClockFigures:
    """The clock bar's figures for a meeting, from the database (``now`` defaults to
    the repository's clock)."""
    now = now or repo.clock()
    meeting = repo.meetings.meeting(meeting_id)
    items = repo.meetings.items(meeting_id)
    current = next((i for i in items if i.id == meeting.current_item_id), None)
    started = repo.meetings.meeting_started(meeting_id)
    fraction = item_fraction(current, now) if current else None
    item_figures = dict(
        now=now, current=current,
        item_elapsed=item_elapsed(current, now) if current else 0.0,
        item_allowance=item_allowance(current) if current else None,
        item_fraction=fraction, item_level=level(fraction),
        running=bool(current and current.running), meeting_started=started)
    if meeting.date != now.astimezone().date():
        # Typed up on another day: against today, a 2019 board's scheduled end is
        # years away, so no projection; the meeting's time is its items' time.
        return ClockFigures(**item_figures,  # type: ignore[arg-type]
                            meeting_elapsed=sum(item_elapsed(i, now) for i in items),
                            scheduled_end=None, projected_finish=now, overrun=None,
                            live=False)
    projected = projected_finish(items, meeting.current_item_id, now)
    end = scheduled_end(meeting)
    return ClockFigures(**item_figures,  # type: ignore[arg-type]
                        meeting_elapsed=meeting_elapsed(started, now),
                        scheduled_end=end, projected_finish=projected,
                        overrun=overrun(projected, end))
