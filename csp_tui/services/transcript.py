"""The Teams transcript beside the minutes: import, shift, the filtered view and the
talk time, on top of the pure rules of :mod:`csp_tui.domain.transcript` and the store
of :mod:`csp_tui.storage.transcripts`. Shared by ``csp transcript`` and the app.

Restriction: a cue filed under a restricted item (:func:`~csp_tui.domain.restriction.
item_restricted`) is restricted text. Unless ``full``, its speaker and words never
leave this module: a run of them is one ``[restricted]`` row, and a search or a
speaker filter does not look into them (a hit would tell what was said).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from csp_tui.domain import restriction
from csp_tui.domain.attendance import is_here
from csp_tui.domain.models import AgendaItem, Person
from csp_tui.domain.names import fold as _fold
from csp_tui.domain.names import match_name
from csp_tui.domain.transcript import (
    PLACE_LABELS,
    RecordingStart,
    TranscriptError,
    file_cues,
    match_speakers,
    parse_started,
    recording_start,
    talk_time,
)
from csp_tui.services.transcript_file import read_transcript
from csp_tui.storage.repository import Repository
from csp_tui.storage.transcripts import StoredCue


class TranscriptExists(TranscriptError):
    """The meeting has a transcript already: replacing it must be asked for."""


@dataclass(frozen=True)
class ImportResult:
    """What an import did, for the one-line report and the app."""

    cues: int
    start: RecordingStart
    per_place: dict[str, int]
    unmatched: list[str]
    absent: list[Person]


def import_transcript(repo: Repository, meeting_id: int, path: Path | str, *,
                      started: str | None = None, replace: bool = False) -> ImportResult:
    """Read the transcript at ``path``, file its cues under the meeting's items, match
    its speakers to the roster and store it. TranscriptError, and nothing stored, for
    a bad file, a start that puts it outside the meeting, or (without ``replace``) a
    meeting that has one already."""
    meeting = repo.meetings.meeting(meeting_id)
    existing = repo.transcripts.transcript(meeting_id)
    if existing is not None and not replace:
        raise TranscriptExists(
            f"the meeting of {meeting.date:%d %B %Y} has a transcript already "
            f"({existing.cues} cues): give --replace to replace it")
    at = parse_started(started) if started else None
    transcript = read_transcript(path)
    items = repo.meetings.items(meeting_id)
    start = recording_start(meeting.date, transcript, items, at)
    filed = file_cues(transcript.cues, start.at, items)
    assert meeting.board_id is not None
    people = repo.people.people(meeting.board_id)
    matches = match_speakers(transcript.speakers, people)
    ids = {s: m.person.id for s, m in matches.items() if m is not None and m.confident}
    repo.transcripts.save_transcript(meeting_id, filed, [ids.get(f.cue.speaker) for f in filed],
                                     recording_start=start.at, start_source=start.source,
                                     kind=transcript.kind)
    per_place: dict[str, int] = {}
    for f in filed:
        key = "under items" if f.item_id is not None else PLACE_LABELS[str(f.place)]
        per_place[key] = per_place.get(key, 0) + 1
    return ImportResult(len(filed), start, per_place,
                        [s for s in transcript.speakers if s not in ids],
                        absent_speakers(repo, meeting_id))


def shift_transcript(repo: Repository, meeting_id: int, seconds: float) -> dt.datetime:
    """Move the recording's start by ``seconds`` (later when positive) and file every
    cue again (``0`` refiles after item timings changed); returns the new start."""
    stored = stored_transcript(repo, meeting_id)
    new_start = stored.recording_start + dt.timedelta(seconds=seconds)
    cues = [c.filed.cue for c in repo.transcripts.transcript_cues(meeting_id)]
    repo.transcripts.refile_transcript(meeting_id, new_start,
                                       file_cues(cues, new_start, repo.meetings.items(meeting_id)))
    return new_start


def purge_transcript(repo: Repository, meeting_id: int) -> int:
    """Delete the meeting's transcript for good; TranscriptError if it has none."""
    stored_transcript(repo, meeting_id)
    return repo.transcripts.purge_transcript(meeting_id)


def stored_transcript(repo: Repository, meeting_id: int):  # -> StoredTranscript
    """The meeting's transcript record; TranscriptError, saying how to import one, when
    it has none."""
    stored = repo.transcripts.transcript(meeting_id)
    if stored is None:
        meeting = repo.meetings.meeting(meeting_id)
        raise TranscriptError(f"the meeting of {meeting.date:%d %B %Y} has no transcript; "
                              f"import one with csp transcript import FILE")
    return stored


def absent_speakers(repo: Repository, meeting_id: int) -> list[Person]:
    """Roster people who spoke in the transcript but are not marked at the meeting."""
    spoke = {r[0] for r in repo.conn.execute(
        "SELECT DISTINCT person_id FROM transcript_cues WHERE meeting_id = ? AND "
        "person_id IS NOT NULL", (meeting_id,))}
    here = {a.person_id for a in repo.people.attendance(meeting_id) if is_here(a)}
    return [repo.people.person(pid) for pid in sorted(spoke - here)]


# ---------------------------------------------------------------------- the view


@dataclass(frozen=True)
class CueRow:
    """One row of the transcript as shown: a cue, or (``count`` > 1 or ``restricted``)
    a run of restricted cues."""

    at: dt.datetime
    where: str  # the item's number, or the place's label
    item_id: int | None
    speaker: str
    text: str
    restricted: bool = False
    count: int = 1

    def as_dict(self) -> dict[str, object]:
        """The row for ``--format json``."""
        return {"time": f"{self.at.astimezone():%H:%M:%S}", "where": self.where,
                "item_id": self.item_id, "speaker": self.speaker, "text": self.text,
                "restricted": self.restricted, "cues": self.count}


@dataclass
class Filter:
    """Which cues to show: under ``item_ids`` (None: all), said by ``speaker``,
    containing every word of ``search`` (case and accents aside)."""

    item_ids: set[int] | None = None
    speaker: str = ""
    search: str = ""
    people: Sequence[Person] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._words = [_fold(w) for w in self.search.split()]
        self._who = _fold(self.speaker.strip())
        found = match_name(self.speaker, self.people) if self.speaker.strip() else None
        self._person = found.person.id if found is not None and found.confident else None

    @property
    def narrows(self) -> bool:
        """Whether the filter looks at what was said (speaker or words)."""
        return bool(self._words or self._who)

    def keeps(self, cue: StoredCue) -> bool:
        """Whether ``cue`` passes the speaker and search filters."""
        if self._who and not (self._who in _fold(cue.filed.cue.speaker)
                              or (self._person is not None and cue.person_id == self._person)):
            return False
        text = _fold(cue.filed.cue.text)
        return all(w in text for w in self._words)


def item_labels(items: Sequence[AgendaItem]) -> dict[int, str]:
    """Each item's id -> how it is named in the transcript: "4", "4(i)"."""
    by_id = {i.id: i for i in items if i.id is not None}
    out = {}
    for item in by_id.values():
        parent = by_id.get(item.parent_id) if item.parent_id is not None else None
        out[item.id] = f"{parent.number}{item.number}" if parent else item.number
    return out


def find_items(items: Sequence[AgendaItem], ref: str) -> set[int]:
    """The ids of item ``ref`` ("4": with its sub-items; "4(i)": the sub-item alone);
    LookupError when the agenda has no such item."""
    wanted = ref.replace(" ", "")
    labels = item_labels(items)
    ids = {i for i, label in labels.items() if label == wanted}
    ids |= {i.id for i in items if i.id is not None and i.parent_id in ids}
    if not ids:
        raise LookupError(f"no item {ref.strip()} on the agenda")
    return ids


def cue_rows(cues: Sequence[StoredCue], items: Sequence[AgendaItem], flt: Filter, *,
             full: bool) -> list[CueRow]:
    """The rows to show for ``cues`` under ``flt``; restricted ones withheld unless
    ``full`` (see the module's docstring)."""
    labels = item_labels(items)
    of = restriction.lookup(items)
    secret = {i.id for i in items if i.id is not None and restriction.item_restricted(i, of)}
    rows: list[CueRow] = []
    for c in cues:
        f = c.filed
        if flt.item_ids is not None and f.item_id not in flt.item_ids:
            continue
        where = labels.get(f.item_id, "?") if f.item_id is not None else \
            PLACE_LABELS[str(f.place)]
        if f.item_id in secret and not full:
            if flt.narrows:
                continue
            last = rows[-1] if rows else None
            if last is not None and last.restricted and last.item_id == f.item_id:
                rows[-1] = CueRow(last.at, last.where, last.item_id, "",
                                  restriction.RESTRICTED_TEXT, True, last.count + 1)
            else:
                rows.append(CueRow(f.at, where, f.item_id, "", restriction.RESTRICTED_TEXT, True))
            continue
        if flt.keeps(c):
            rows.append(CueRow(f.at, where, f.item_id, f.cue.speaker, f.cue.text))
    return rows


@dataclass(frozen=True)
class ItemTalk:
    """Talk time under one item (or place): seconds per speaker, most first."""

    where: str
    title: str
    restricted: bool
    speakers: list[tuple[str, float]]

    @property
    def total(self) -> float:
        """Seconds of talk under the item."""
        return sum(s for _, s in self.speakers)


def talk_by_item(cues: Sequence[StoredCue], items: Sequence[AgendaItem], *,
                 full: bool) -> list[ItemTalk]:
    """Per item (agenda order, places where they fall) talk time by speaker. A
    restricted item keeps its total but, unless ``full``, not who spoke."""
    labels = item_labels(items)
    of = restriction.lookup(items)
    titles = {i.id: i.title for i in items}
    out = []
    for where, per_speaker in talk_time(c.filed for c in cues).items():
        if isinstance(where, int):
            item = of(where)
            secret = item is not None and restriction.item_restricted(item, of)
            label, title = labels.get(where, "?"), titles.get(where, "")
        else:
            secret, label, title = False, PLACE_LABELS[where], ""
        speakers = sorted(((s or "(no speaker)", t) for s, t in per_speaker.items()),
                          key=lambda st: -st[1])
        if secret and not full:
            speakers = [(restriction.RESTRICTED_TEXT, sum(t for _, t in speakers))]
        out.append(ItemTalk(label, title, secret, speakers))
    return out


BLOCKS = " ▏▎▍▌▋▊▉█"


def bar(fraction: float, width: int) -> str:
    """``fraction`` (0..1) of ``width`` cells in block characters, eighths included."""
    eighths = round(max(0.0, min(1.0, fraction)) * width * 8)
    full, rest = divmod(eighths, 8)
    return ("█" * full + (BLOCKS[rest] if rest else "")).ljust(width)
