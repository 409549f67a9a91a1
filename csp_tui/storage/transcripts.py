"""A meeting's Teams transcript in the database: the recording's start and its cues.

Not journaled, on purpose: the transcript is a working aid that is purged for good
once the minutes are approved, and a journal copy would outlive the purge. A write
here is still one ``BEGIN IMMEDIATE`` transaction; the cues go in with sqlite-utils'
``insert_all`` (a 3,000-cue transcript in one statement batch after another, inside
that transaction). Deleting runs with ``secure_delete`` on and then checkpoints the
write-ahead log, so that the words are overwritten on disk, not merely unlinked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from csp_tui.storage.convert import parse_ts, ts
from csp_tui.storage.journal import Store

if TYPE_CHECKING:
    from csp_tui.domain.transcript import FiledCue

#: Rows per INSERT statement: 11 columns each stays far below SQLite's variable limit.
_BATCH = 500


@dataclass(frozen=True)
class StoredTranscript:
    """What is kept about a meeting's transcript besides its cues."""

    meeting_id: int
    recording_start: dt.datetime
    start_source: str
    kind: str
    imported: dt.datetime
    cues: int


@dataclass(frozen=True)
class StoredCue:
    """A cue as stored: filed (item or place), with the roster person it was matched to."""

    seq: int
    filed: FiledCue
    person_id: int | None


class TranscriptStore(Store):
    """The transcript tables: written whole, refiled whole, purged whole."""

    def transcript(self, meeting_id: int) -> StoredTranscript | None:
        """The meeting's transcript record, or None when it has none."""
        row = self.conn.execute(
            "SELECT recording_start, start_source, kind, imported, (SELECT count(*) FROM "
            "transcript_cues WHERE meeting_id = t.meeting_id) FROM transcripts AS t "
            "WHERE meeting_id = ?", (meeting_id,)).fetchone()
        if row is None:
            return None
        start, imported = parse_ts(row[0]), parse_ts(row[3])
        assert start is not None and imported is not None
        return StoredTranscript(meeting_id, start, row[1], row[2], imported, row[4])

    def save_transcript(self, meeting_id: int, filed: Sequence[FiledCue],
                        person_ids: Sequence[int | None], *, recording_start: dt.datetime,
                        start_source: str, kind: str) -> None:
        """Store ``filed`` (with each cue's matched person) as the meeting's transcript,
        replacing any earlier one, in one transaction."""
        # Seam: sqlite-utils (~90 ms to import) loads only when a table is rebuilt.
        from sqlite_utils import Database

        rows = [{"meeting_id": meeting_id, "seq": n, "at": ts(f.at), "start": f.cue.start,
                 "end": f.cue.end, "speaker": f.cue.speaker, "person_id": pid,
                 "text": f.cue.text, "item_id": f.item_id, "place": f.place}
                for n, (f, pid) in enumerate(zip(filed, person_ids, strict=True))]
        db = Database(self.conn, execute_plugins=False)
        with self._erasing(), self.journal.committed():
            self._may_write(meeting_id)
            self.conn.execute("DELETE FROM transcripts WHERE meeting_id = ?", (meeting_id,))
            self.conn.execute(
                "INSERT INTO transcripts (meeting_id, recording_start, start_source, kind, "
                "imported) VALUES (?, ?, ?, ?, ?)",
                (meeting_id, ts(recording_start), start_source, kind, ts(self.journal.clock())))
            db["transcript_cues"].insert_all(rows, batch_size=_BATCH)

    def transcript_cues(self, meeting_id: int, item_ids: Sequence[int] | None = None,
                        ) -> list[StoredCue]:
        """The meeting's cues in order; only those filed under ``item_ids`` if given."""
        # Seam: the transcript's model (names, timing) loads with the first transcript read.
        from csp_tui.domain.transcript import Cue, FiledCue

        sql = ('SELECT seq, at, start, "end", speaker, text, item_id, place, person_id '
               "FROM transcript_cues WHERE meeting_id = ?")
        args: list[Any] = [meeting_id]
        if item_ids is not None:
            sql += f" AND item_id IN ({', '.join('?' for _ in item_ids)})"
            args += list(item_ids)
        out = []
        for seq, at, start, end, speaker, text, item_id, place, pid in self.conn.execute(
                sql + " ORDER BY seq", args):
            moment = parse_ts(at)
            assert moment is not None
            out.append(StoredCue(seq, FiledCue(Cue(start, end, speaker, text), moment,
                                               item_id, place), pid))
        return out

    def refile_transcript(self, meeting_id: int, recording_start: dt.datetime,
                          filed: Sequence[FiledCue]) -> None:
        """A new recording start, and each cue (in ``seq`` order) filed again."""
        with self.journal.committed():
            self._may_write(meeting_id)
            self.conn.execute("UPDATE transcripts SET recording_start = ? WHERE meeting_id = ?",
                              (ts(recording_start), meeting_id))
            self.conn.executemany(
                "UPDATE transcript_cues SET at = ?, item_id = ?, place = ? "
                "WHERE meeting_id = ? AND seq = ?",
                [(ts(f.at), f.item_id, f.place, meeting_id, n) for n, f in enumerate(filed)])

    def _may_write(self, meeting_id: int) -> None:
        """The lifecycle rule for a transcript write (these tables are not journaled,
        so the journal's check does not see them): approved minutes refuse it."""
        self.journal.guard.reset()
        self.journal.guard.check("transcripts", {"meeting_id": meeting_id}, None)

    def purge_transcript(self, meeting_id: int) -> int:
        """Delete the meeting's transcript for good; returns how many cues went. The
        one write the lifecycle allows on approved minutes: approval is when a
        transcript should go."""
        with self._erasing(), self.journal.committed():
            (count,) = self.conn.execute(
                "SELECT count(*) FROM transcript_cues WHERE meeting_id = ?",
                (meeting_id,)).fetchone()
            # The cues go with their transcript row (ON DELETE CASCADE).
            self.conn.execute("DELETE FROM transcripts WHERE meeting_id = ?", (meeting_id,))
        return count

    def _erasing(self) -> _Erasing:
        return _Erasing(self)


class _Erasing:
    """``secure_delete`` on for the enclosed transaction (deleted text is overwritten
    with zeros, freed pages included), then the write-ahead log checkpointed and
    truncated so that no older copy of a page survives in it either."""

    def __init__(self, store: Store) -> None:
        self.conn = store.conn

    def __enter__(self) -> None:
        self.before = self.conn.execute("PRAGMA secure_delete").fetchone()[0]
        self.conn.execute("PRAGMA secure_delete = ON")

    def __exit__(self, *exc: object) -> None:
        self.conn.execute(f"PRAGMA secure_delete = {int(self.before)}")
        if exc[0] is None:
            # Another reader (the app beside `csp transcript purge`) can hold the log;
            # then this checkpoint copies what it can and the rest follows at the next.
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
