"""The repository: the one way the app, the command line and the exporters touch the
database. It takes and returns the pydantic models of :mod:`csp_tui.domain.models`.

:class:`Repository` holds one connection, one :class:`~csp_tui.storage.journal.Journal`
and the stores over them, each an attribute: ``repo.meetings`` (boards, meetings,
agenda items, timers, the forward plan), ``repo.minutes`` (entries, actions, phrases),
``repo.people`` (rosters, attendance), ``repo.names`` (open name questions),
``repo.versions`` (the lifecycle moves and versions of the minutes),
``repo.transcripts``, ``repo.settings`` (board settings, the house style),
``repo.committee`` (minute numbers) and ``repo.papers``. Each store is given the
stores it reads. Every public method that changes something runs in one ``BEGIN
IMMEDIATE`` transaction and is journaled, so that :meth:`Repository.undo` can step back
through changes one transaction at a time; what spans stores (deleting a meeting or an
item, the whole record, restoring a backup) is here.

Models going in are validated (they come from people and files); rows coming out are
built with ``model_construct``, converting each column to its type. They were
validated on the way in, and not validating them again keeps pydantic from building
its validators while the app paints its first screen (about 30 ms).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from types import TracebackType

from csp_tui.domain.models import MeetingRecord, Timing
from csp_tui.storage.board_settings import BoardSettingsStore
from csp_tui.storage.committee import CommitteeStore
from csp_tui.storage.connection import (
    connect,
    is_read_only,
    mark_closed,
    open_database,
    set_query_only,
)
from csp_tui.storage.convert import Clock, ts, utcnow
from csp_tui.storage.journal import SESSION, Journal, Undone
from csp_tui.storage.meetings import MeetingsStore
from csp_tui.storage.minutes import MinutesStore
from csp_tui.storage.name_questions import NameQuestionsStore
from csp_tui.storage.papers import PapersStore
from csp_tui.storage.people import PeopleStore
from csp_tui.storage.record import read_record
from csp_tui.storage.transcripts import TranscriptStore
from csp_tui.storage.versions import VersionsStore

__all__ = ["Clock", "Repository", "utcnow"]


class Repository:
    """Typed access to one csp database file; a context manager that closes it.

    Open one with :meth:`open` (``with Repository.open(path) as repo: ...``).
    ``clock`` returns the current UTC time; tests pass a frozen one. ``marked``: this
    object opened the file (and checked it), so its close marks the file closed clean.
    """

    def __init__(self, conn: sqlite3.Connection, *, clock: Clock = utcnow,
                 path: Path | None = None, session: str = SESSION,
                 marked: bool = False) -> None:
        self.conn = conn
        self.path = path
        self.session = session
        self.journal = Journal(conn, clock=clock, path=path, session=session)
        self._marked = marked
        #: SQLite's data_version at the last :meth:`changed_elsewhere` (None: not asked).
        self._data_version: int | None = None
        #: The journal's newest row when :meth:`changed_elsewhere` last looked.
        self._journal_mark: int | None = None
        self._read_only: bool | None = None
        journal = self.journal
        self.meetings = MeetingsStore(journal)
        self.minutes = MinutesStore(journal)
        self.people = PeopleStore(journal)
        self.names = NameQuestionsStore(journal, minutes=self.minutes, people=self.people)
        self.settings = BoardSettingsStore(journal)
        self.committee = CommitteeStore(journal, meetings=self.meetings,
                                        settings=self.settings)
        self.versions = VersionsStore(journal, meetings=self.meetings, minutes=self.minutes,
                                      people=self.people, committee=self.committee,
                                      settings=self.settings)
        self.transcripts = TranscriptStore(journal)
        self.papers = PapersStore(journal)

    @property
    def clock(self) -> Clock:
        """The current UTC time, as every store and the journal read it (one clock:
        the demo sets it to lay out its meeting's past)."""
        return self.journal.clock

    @clock.setter
    def clock(self, clock: Clock) -> None:
        self.journal.clock = clock

    @classmethod
    def open(cls, path: Path | str, *, clock: Clock = utcnow,
             checked: bool = False, session: str = SESSION) -> Repository:
        """Open (creating and migrating if needed) the database at ``path``.

        ``checked``: this process has opened the file already (header, schema and
        integrity checked, migrated), and wants a connection of its own, e.g. for a
        worker thread: no second ``quick_check`` on a big file. ``session``: whose
        changes undo may take back (this process's, unless a test plays two windows).
        """
        path = Path(path).expanduser()
        conn = connect(path) if checked else open_database(path)
        return cls(conn, clock=clock, path=path, session=session, marked=not checked)

    @property
    def read_only(self) -> bool:
        """Whether this database refuses writes (asked once, when first wanted)."""
        if self._read_only is None:
            self._read_only = is_read_only(self.conn)
        return self._read_only

    def refuse_writes(self, refuse: bool) -> None:
        """Refuse (or allow again) every write on this connection, as on a read-only
        file: a meeting whose one-writer lock is not held is shown read-only.
        :attr:`read_only` is asked again at once, on the caller's thread."""
        set_query_only(self.conn, refuse)
        self._read_only = is_read_only(self.conn)

    def changed_elsewhere(self) -> bool:
        """Whether another connection (another process, or this one's other threads)
        has changed the minutes since the last call. SQLite's ``data_version`` (one
        cheap pragma that reads no table, made for polling) says something was
        committed; the journal's newest row says whether it was a change to the
        minutes. The capture line's draft, saved each second on a connection of its
        own, is not journaled, so the screen does not read the meeting again after
        each save of what is being typed."""
        version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        if version == self._data_version:
            return False
        first = self._data_version is None
        self._data_version = version
        mark = self.conn.execute("SELECT max(id) FROM journal").fetchone()[0]
        changed = mark != self._journal_mark
        self._journal_mark = mark
        return changed and not first

    def close(self) -> None:
        """Close the connection (every change is already committed); a clean close,
        so the next open need not check the file's integrity."""
        self.conn.close()
        if self._marked and self.path is not None:
            self._marked = False
            mark_closed(self.path)

    def __enter__(self) -> Repository:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    @cached_property
    def db(self):  # -> sqlite_utils.Database
        """The database as sqlite-utils sees it, for inspection and maintenance.

        Loaded on first use: sqlite-utils costs about 90 ms to import, a third of
        the app's start-up, and the hot paths need only plain queries.
        """
        # Seam: sqlite-utils (~90 ms to import) loads only when a table is rebuilt.
        from sqlite_utils import Database

        return Database(self.conn)

    # ------------------------------------------------------------------ the journal

    @contextmanager
    def transaction(self, label: str) -> Iterator[None]:
        """One committed, journaled transaction across the stores; nested calls (and
        every store's own writes inside it) join the outer one, so one undo takes
        back all of it."""
        with self.journal.transaction(label):
            yield

    def undo(self) -> str | None:
        """Undo this session's latest change not yet undone; returns its label, or None."""
        return self.journal.undo()

    def undo_own(self) -> Undone:
        """Undo this session's latest change, never another session's (see
        :meth:`Journal.undo_own`)."""
        return self.journal.undo_own()

    def compact_journal(self, before_txn: int | None = None) -> int:
        """Fold the journal before ``before_txn`` into a baseline undo never steps into
        (see :meth:`Journal.compact_journal`); returns the journal rows removed."""
        return self.journal.compact_journal(before_txn)

    def replay_journal_into(self, target: Repository) -> int:
        """Rebuild this database's content in the empty ``target`` from the journal
        alone; returns the changes replayed."""
        return self.journal.replay_journal_into(target.journal)

    # ------------------------------------------------------------------ across the stores

    def delete_meeting(self, meeting_id: int) -> None:
        """Delete a meeting and everything of it, in every store (one undo)."""
        with self.transaction("delete a meeting"):
            # Cleared first, so that undo gives the current item back: deleting the item
            # would clear it unjournaled (the key is ON DELETE SET NULL).
            self.journal.update("meetings", meeting_id, {"current_item_id": None})
            for table in ("entries", "timings", "papers"):
                for (rid,) in self.conn.execute(
                        f"SELECT {table}.id FROM {table} JOIN items ON items.id = item_id "
                        "WHERE items.meeting_id = ?", (meeting_id,)).fetchall():
                    self.journal.delete(table, rid)
            for table in ("name_questions", "attendance", "forward_plan",
                          "minutes_versions"):
                for (rid,) in self.conn.execute(
                        f"SELECT id FROM {table} WHERE meeting_id = ?", (meeting_id,)).fetchall():
                    self.journal.delete(table, rid)
            for (rid,) in self.conn.execute(
                    "SELECT id FROM actions WHERE meeting_id = ?", (meeting_id,)).fetchall():
                self.minutes.delete_action_rows(rid)
            for (rid,) in self.conn.execute(
                    "SELECT id FROM items WHERE meeting_id = ? ORDER BY parent_id IS NULL",
                    (meeting_id,)).fetchall():
                self.journal.delete("items", rid)
            self.journal.delete("meetings", meeting_id)

    def _item_and_subs(self, item_id: int) -> list[int]:
        """The item's sub-items, then the item (the order they are deleted in)."""
        return [*(r[0] for r in self.conn.execute(
            "SELECT id FROM items WHERE parent_id = ? ORDER BY position, id", (item_id,))),
            item_id]

    def item_contents(self, item_id: int) -> tuple[int, int]:
        """(entries, actions) of an item and its sub-items: what deleting it takes."""
        ids = self._item_and_subs(item_id)
        marks = ",".join("?" for _ in ids)
        return tuple(self.conn.execute(  # type: ignore[return-value]
            f"SELECT (SELECT count(*) FROM entries WHERE item_id IN ({marks})), "
            f"(SELECT count(*) FROM actions WHERE item_id IN ({marks}))",
            (*ids, *ids)).fetchone())

    def delete_item(self, item_id: int) -> None:
        """Delete an item with its sub-items and everything of theirs: minutes,
        actions (with their history) and timings. Undo brings it all back.

        The actions go too, not just their link to the item: an action left without
        its item would lose the restriction the item gave it, and its words would
        reach ``csp actions`` and the next meeting's public minutes.
        """
        row = self.journal.row("items", item_id)
        if row is None:
            return
        with self.transaction(f"delete item {row['title']}"):
            for iid in self._item_and_subs(item_id):
                for table in ("entries", "timings", "papers"):
                    for (rid,) in self.conn.execute(
                            f"SELECT id FROM {table} WHERE item_id = ?", (iid,)).fetchall():
                        self.journal.delete(table, rid)
                for (aid,) in self.conn.execute(
                        "SELECT id FROM actions WHERE item_id = ?", (iid,)).fetchall():
                    self.minutes.delete_action_rows(aid)
                meeting = self.journal.row("meetings", row["meeting_id"])
                if meeting and meeting["current_item_id"] == iid:
                    self.journal.update("meetings", row["meeting_id"], {"current_item_id": None})
                self.journal.delete("items", iid)
            for k, sid in enumerate(self.meetings.sibling_ids(row["meeting_id"], row["parent_id"])):
                self.journal.update("items", sid, {"position": k})

    # ------------------------------------------------------------------ restoring a backup

    def restore_timings(self, item_id: int, timings: Sequence[Timing]) -> None:
        """Insert an item's timer history as given, for a JSON import."""
        with self.transaction("restore timings"):
            for t in timings:
                self.journal.insert("timings", {"item_id": item_id, "started": ts(t.started),
                                                "stopped": ts(t.stopped)})

    def restore_current_item(self, meeting_id: int, item_id: int | None) -> None:
        """Set the meeting's current item without touching states or timers (import)."""
        with self.transaction("restore the current item"):
            self.journal.update("meetings", meeting_id, {"current_item_id": item_id})

    def record(self, meeting_id: int) -> MeetingRecord:
        """Everything of one meeting, for the exporters and JSON backup."""
        return read_record(self.meetings, self.minutes, self.people, meeting_id)
