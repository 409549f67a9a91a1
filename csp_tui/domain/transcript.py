"""A Teams transcript beside the minutes: its cues, and the rule filing each cue under
the agenda item whose timer was running when it was said.

Pure: no file, database or screen. Offsets are seconds from the start of the
recording; the recording's start in wall-clock time comes from ``--started``, the
``.docx`` header or, failing both, the meeting's first item timer
(:func:`recording_start`). Item timings are the stored UTC timestamps
(:class:`~csp_tui.domain.models.Timing`), so filing gives the same answer however
often it is run.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from csp_tui.domain.models import AgendaItem, Person
from csp_tui.domain.names import Match, match_name, roster_parts
from csp_tui.domain.timing import local_datetime

#: Where a cue said outside every item timer is filed: "outside" the meeting when it
#: falls further from it than the meeting is long (:meth:`_Timeline.where`).
Place = Literal["before", "between", "after", "outside"]
#: The formats a transcript is read from.
SourceKind = Literal["vtt", "docx"]

#: How each place is shown to the note taker.
PLACE_LABELS: dict[str, str] = {"before": "before the agenda", "between": "between items",
                                "after": "after the agenda",
                                "outside": "outside the meeting"}

#: How long a meeting is taken to be while a timer still runs (its end is not known
#: yet): a cue further than this from it is not of that meeting's day.
UNKNOWN_LENGTH = dt.timedelta(days=1)


class TranscriptError(ValueError):
    """A transcript that cannot be imported; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class Cue:
    """One stretch of speech: offsets in seconds from the recording's start, the
    speaker as Teams wrote them ("" when it named nobody), and the words."""

    start: float
    end: float
    speaker: str
    text: str

    @property
    def seconds(self) -> float:
        """How long the cue lasts."""
        return self.end - self.start


def fmt_offset(seconds: float) -> str:
    """00:05:01.250 for 301.25 s: how offsets are shown in messages."""
    millis = round(seconds * 1000)
    h, rest = divmod(millis, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def check_cues(cues: Sequence[Cue]) -> None:
    """Refuse cues that end before they start, go back in time or overlap.

    Both readers build their cues through :class:`Transcript`, so every format gets
    the same checks; the message names the cue (1-based) and its offset.
    """
    if not cues:
        raise TranscriptError("the transcript has no cues")
    previous: Cue | None = None
    for n, cue in enumerate(cues, 1):
        if not (math.isfinite(cue.start) and math.isfinite(cue.end)) or cue.start < 0:
            raise TranscriptError(f"cue {n} has an impossible time")
        if cue.end < cue.start:
            raise TranscriptError(f"cue {n} ends ({fmt_offset(cue.end)}) before it starts "
                                  f"({fmt_offset(cue.start)})")
        if previous is not None:
            if cue.start < previous.start:
                raise TranscriptError(
                    f"cue times go backwards: cue {n} starts at {fmt_offset(cue.start)}, "
                    f"before cue {n - 1} ({fmt_offset(previous.start)})")
            if cue.start < previous.end:
                raise TranscriptError(
                    f"cues overlap: cue {n} starts at {fmt_offset(cue.start)}, before "
                    f"cue {n - 1} ends ({fmt_offset(previous.end)})")
        previous = cue


@dataclass(frozen=True)
class Transcript:
    """A whole transcript as read from its file, checked on construction.

    ``recording_start`` is the wall-clock start (naive, the organiser's local time)
    when the file says it (the ``.docx`` header); a WebVTT file never does.
    """

    cues: list[Cue]
    kind: SourceKind
    recording_start: dt.datetime | None = None

    def __post_init__(self) -> None:
        check_cues(self.cues)

    @property
    def speakers(self) -> list[str]:
        """The speakers as written, in order of first appearance (without "")."""
        return list(dict.fromkeys(c.speaker for c in self.cues if c.speaker))


@dataclass(frozen=True, slots=True)
class FiledCue:
    """A cue with its wall-clock time, filed under an item (``item_id``) or, when no
    timer was running, at a ``place``; exactly one of the two is set."""

    cue: Cue
    at: dt.datetime
    item_id: int | None = None
    place: Place | None = None

    @property
    def where(self) -> int | str:
        """The item id, or the place: the key :func:`talk_time` groups by."""
        return self.item_id if self.item_id is not None else str(self.place)


def parse_started(text: str) -> dt.time:
    """"09:58" or "9:58:30" (``--started``) -> a time; TranscriptError otherwise."""
    m = re.fullmatch(r"\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*", text)
    if m:
        h, mi, s = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
        if h < 24 and mi < 60 and s < 60:
            return dt.time(h, mi, s)
    raise TranscriptError(f"{text.strip()!r} is not a time: give HH:MM or HH:MM:SS")


@dataclass(frozen=True)
class RecordingStart:
    """When the recording started (aware), where that came from, and a warning for
    the note taker when it is only a guess."""

    at: dt.datetime
    source: Literal["--started", "transcript", "first item"]
    warning: str = ""


def first_item_start(items: Iterable[AgendaItem]) -> dt.datetime | None:
    """When the first item timer of the meeting started (sub-items included)."""
    return min((t.started for i in items for t in i.timings), default=None)


def recording_start(day: dt.date, transcript: Transcript, items: Sequence[AgendaItem],
                    started: dt.time | None = None) -> RecordingStart:
    """The recording's start: ``started`` on the meeting's ``day``, else the
    transcript's own header, else the first item timer (with a warning)."""
    if started is not None:
        return RecordingStart(local_datetime(day, started), "--started")
    if transcript.recording_start is not None:
        header = transcript.recording_start
        warning = ""
        if header.date() != day:
            warning = (f"the transcript was recorded on {header:%d %B %Y}, "
                       f"not on the meeting's date ({day:%d %B %Y})")
        return RecordingStart(local_datetime(header.date(), header.time()), "transcript",
                              warning)
    first = first_item_start(items)
    if first is None:
        raise TranscriptError("the recording's start is unknown: give --started HH:MM:SS "
                              "(no agenda item was timed)")
    return RecordingStart(first, "first item",
                          f"the recording is taken to start when the first item did "
                          f"({first.astimezone():%H:%M:%S}); give --started HH:MM:SS "
                          f"if it did not")


@dataclass
class _Timeline:
    """Every stretch an item timer ran, sorted by start, for bisecting."""

    starts: list[dt.datetime] = field(default_factory=list)
    stops: list[dt.datetime | None] = field(default_factory=list)
    item_ids: list[int] = field(default_factory=list)
    last_stop: dt.datetime | None = None  # None while a timer still runs
    #: The earliest and latest moment a cue of this meeting can be said.
    span: tuple[dt.datetime, dt.datetime] = (dt.datetime.min.replace(tzinfo=dt.UTC),
                                             dt.datetime.max.replace(tzinfo=dt.UTC))

    @classmethod
    def of(cls, items: Iterable[AgendaItem]) -> _Timeline:
        stretches = sorted(((t.started, t.stopped, item.id) for item in items
                            for t in item.timings if item.id is not None),
                           key=lambda s: s[0])
        line = cls([s[0] for s in stretches], [s[1] for s in stretches],
                   [s[2] for s in stretches])
        stops = [s for s in line.stops if s is not None]
        if stretches and len(stops) == len(stretches):
            line.last_stop = max(stops)
        if stretches:
            line.span = line._bounds()
        return line

    def _bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """The earliest and latest moment a cue of this meeting can be said: before the
        first timer, or after the last one stopped, by no more than the meeting is long
        (:data:`UNKNOWN_LENGTH` while a timer still runs). A cue 31 years on is not
        the last item's, however long its timer ran."""
        first = self.starts[0]
        if self.last_stop is not None:
            return first - (self.last_stop - first), self.last_stop + (self.last_stop - first)
        latest = max([self.starts[-1], *(s for s in self.stops if s is not None)])
        return first - UNKNOWN_LENGTH, latest + UNKNOWN_LENGTH

    def where(self, at: dt.datetime) -> tuple[int | None, Place | None]:
        earliest, latest = self.span
        if not earliest <= at <= latest:
            return None, "outside"
        # Timers run one at a time, so the stretch that began last at or before
        # ``at`` is the only one that can hold it.
        k = bisect.bisect_right(self.starts, at) - 1
        if k < 0:
            return None, "before"
        stop = self.stops[k]
        if stop is None or at < stop:
            return self.item_ids[k], None
        if self.last_stop is not None and at >= self.last_stop:
            return None, "after"
        return None, "between"


def file_cues(cues: Sequence[Cue], recording_start: dt.datetime,
              items: Sequence[AgendaItem]) -> list[FiledCue]:
    """File each cue under the item (or sub-item) whose timer was running when the
    cue began; cues outside every timer go "before", "between" or "after", and a cue
    further from the meeting than it is long goes "outside" (never under an item).

    ``recording_start`` must be aware (the stored timings are UTC). TranscriptError,
    and nothing filed, when no item was timed, a cue is longer than the meeting, or
    every cue falls outside the meeting (a wrong start time).
    """
    if recording_start.tzinfo is None:
        raise ValueError("recording_start must be timezone-aware")
    line = _Timeline.of(items)
    if not line.starts:
        raise TranscriptError("no agenda item was timed, so there is nothing to file the "
                              "transcript under")
    if line.last_stop is not None:
        meeting = (line.last_stop - line.starts[0]).total_seconds()
        for n, cue in enumerate(cues, 1):
            if cue.seconds > meeting:
                raise TranscriptError(
                    f"cue {n} lasts {fmt_offset(cue.seconds)}, longer than the whole "
                    f"meeting ({fmt_offset(meeting)})")
    filed = []
    inside = False
    for cue in cues:
        at = recording_start + dt.timedelta(seconds=cue.start)
        item_id, place = line.where(at)
        inside = inside or place not in ("before", "after", "outside")
        filed.append(FiledCue(cue, at, item_id, place))
    if cues and not inside:
        first = filed[0].at.astimezone()
        raise TranscriptError(
            f"with the recording starting at {recording_start.astimezone():%H:%M:%S}, "
            f"every cue falls outside the meeting (first cue at {first:%H:%M:%S}): "
            f"check the start time")
    return filed


def talk_time(filed: Iterable[FiledCue]) -> dict[int | str, dict[str, float]]:
    """Seconds each speaker talked, per item id (or place), in order of first cue.

    A cue counts whole where it is filed, even when it runs past the item's end: the
    same rule as the filing, so the stats and the list beside the minutes agree.
    """
    out: dict[int | str, dict[str, float]] = {}
    for f in filed:
        per_speaker = out.setdefault(f.where, {})
        per_speaker[f.cue.speaker] = per_speaker.get(f.cue.speaker, 0.0) + f.cue.seconds
    return out


def match_speakers(speakers: Iterable[str],
                   people: Sequence[Person]) -> dict[str, Match | None]:
    """Each speaker as written -> the roster person the one name rule finds (a
    :class:`~csp_tui.domain.names.Match`, confident or a guess), or None."""
    parts = roster_parts(people)
    return {s: match_name(s, people, parts_of=parts) for s in dict.fromkeys(speakers) if s}
