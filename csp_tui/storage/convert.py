"""Column values to and from Python: timestamps are stored as UTC ISO text, times of
day as "HH:MM". One pair of functions each, used by every part of the repository."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

Clock = Callable[[], dt.datetime]


def utcnow() -> dt.datetime:
    """The current time in UTC (the repository's default clock)."""
    return dt.datetime.now(dt.UTC)


def ts(value: dt.datetime | None) -> str | None:
    """A moment as stored: ISO text in UTC."""
    return value.astimezone(dt.UTC).isoformat() if value else None


def parse_ts(value: str | None) -> dt.datetime | None:
    """A stored moment back as a datetime."""
    return dt.datetime.fromisoformat(value) if value else None


def hm(value: dt.time | None) -> str | None:
    """A time of day as stored: "HH:MM"."""
    return value.strftime("%H:%M") if value else None


def parse_hm(value: str | None) -> dt.time | None:
    """A stored "HH:MM" back as a time."""
    return dt.time.fromisoformat(value) if value else None
