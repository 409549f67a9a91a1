"""The repository: the one way the app, the command line and the exporters touch the
database. It takes and returns the pydantic models of :mod:`csp_tui.domain.models`.

:class:`Repository` is one object composed of the parts in :mod:`~csp_tui.storage.
meetings`, :mod:`~csp_tui.storage.minutes` and :mod:`~csp_tui.storage.people`, all built
on :mod:`~csp_tui.storage.journal`: every public method that changes something runs in
one ``BEGIN IMMEDIATE`` transaction and is journaled, so that :meth:`Repository.undo`
can step back through changes one transaction at a time.

Models going in are validated (they come from people and files); rows coming out are
built with ``model_construct``, converting each column to its type. They were
validated on the way in, and not validating them again keeps pydantic from building
its validators while the app paints its first screen (about 30 ms).
"""

from __future__ import annotations

from collections.abc import Sequence
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
from csp_tui.storage.journal import SESSION
from csp_tui.storage.meetings import MeetingsStore
from csp_tui.storage.name_questions import NameQuestionsStore
from csp_tui.storage.papers import PapersStore
from csp_tui.storage.transcripts import TranscriptStore
from csp_tui.storage.versions import VersionsStore

__all__ = ["Clock", "Repository", "utcnow"]


class Repository(MeetingsStore, NameQuestionsStore, VersionsStore, TranscriptStore,
                 BoardSettingsStore, CommitteeStore, PapersStore):
    """Typed access to one csp database file; a context manager that closes it.

    Open one with :meth:`open` (``with Repository.open(path) as repo: ...``).
    ``clock`` returns the current UTC time; tests pass a frozen one.
    """

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
        repo = cls(conn, clock=clock, path=path, session=session)
        repo._marked = not checked
        return repo

    @cached_property
    def read_only(self) -> bool:
        """Whether this database refuses writes (asked once, when first wanted)."""
        return is_read_only(self.conn)

    def refuse_writes(self, refuse: bool) -> None:
        """Refuse (or allow again) every write on this connection, as on a read-only
        file: a meeting whose one-writer lock is not held is shown read-only.
        :attr:`read_only` is asked again at once, on the caller's thread."""
        set_query_only(self.conn, refuse)
        self.__dict__.pop("read_only", None)
        _ = self.read_only

    def changed_elsewhere(self) -> bool:
        """Whether another connection (another process, or this one's other threads)
        has committed since the last call: SQLite's ``data_version``, one cheap pragma
        that reads no table, made for polling."""
        version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        seen, self._data_version = getattr(self, "_data_version", version), version
        return version != seen

    def close(self) -> None:
        """Close the connection (every change is already committed); a clean close,
        so the next open need not check the file's integrity."""
        self.conn.close()
        if getattr(self, "_marked", False) and self.path is not None:
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

    # ------------------------------------------------------------------ across the parts

    def delete_meeting(self, meeting_id: int) -> None:
        with self.transaction("delete a meeting"):
            # Cleared first, so that undo gives the current item back: deleting the item
            # would clear it unjournaled (the key is ON DELETE SET NULL).
            self._update("meetings", meeting_id, {"current_item_id": None})
            for table in ("entries", "timings", "papers"):
                for (rid,) in self.conn.execute(
                        f"SELECT {table}.id FROM {table} JOIN items ON items.id = item_id "
                        "WHERE items.meeting_id = ?", (meeting_id,)).fetchall():
                    self._delete(table, rid)
            for table in ("name_questions", "attendance", "forward_plan",
                          "minutes_versions"):
                for (rid,) in self.conn.execute(
                        f"SELECT id FROM {table} WHERE meeting_id = ?", (meeting_id,)).fetchall():
                    self._delete(table, rid)
            for (rid,) in self.conn.execute(
                    "SELECT id FROM actions WHERE meeting_id = ?", (meeting_id,)).fetchall():
                self._delete_action(rid)
            for (rid,) in self.conn.execute(
                    "SELECT id FROM items WHERE meeting_id = ? ORDER BY parent_id IS NULL",
                    (meeting_id,)).fetchall():
                self._delete("items", rid)
            self._delete("meetings", meeting_id)

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
        row = self._row("items", item_id)
        if row is None:
            return
        with self.transaction(f"delete item {row['title']}"):
            for iid in self._item_and_subs(item_id):
                for table in ("entries", "timings", "papers"):
                    for (rid,) in self.conn.execute(
                            f"SELECT id FROM {table} WHERE item_id = ?", (iid,)).fetchall():
                        self._delete(table, rid)
                for (aid,) in self.conn.execute(
                        "SELECT id FROM actions WHERE item_id = ?", (iid,)).fetchall():
                    self._delete_action(aid)
                meeting = self._row("meetings", row["meeting_id"])
                if meeting and meeting["current_item_id"] == iid:
                    self._update("meetings", row["meeting_id"], {"current_item_id": None})
                self._delete("items", iid)
            for k, sid in enumerate(self._siblings(row["meeting_id"], row["parent_id"])):
                self._update("items", sid, {"position": k})

    # ------------------------------------------------------------------ restoring a backup

    def restore_timings(self, item_id: int, timings: Sequence[Timing]) -> None:
        """Insert an item's timer history as given, for a JSON import."""
        with self.transaction("restore timings"):
            for t in timings:
                self._insert("timings", {"item_id": item_id, "started": ts(t.started),
                                         "stopped": ts(t.stopped)})

    def restore_current_item(self, meeting_id: int, item_id: int | None) -> None:
        """Set the meeting's current item without touching states or timers (import)."""
        with self.transaction("restore the current item"):
            self._update("meetings", meeting_id, {"current_item_id": item_id})


    def record(self, meeting_id: int) -> MeetingRecord:
        """Everything of one meeting, for the exporters and JSON backup."""
        meeting = self.meeting(meeting_id)
        items = self.items(meeting_id)
        entries = [self._entry(r) for r in self._query(
            "SELECT entries.id, item_id, entries.position, kind, text FROM entries "
            "JOIN items ON items.id = item_id WHERE meeting_id = ? "
            "ORDER BY item_id, entries.position, entries.id", [meeting_id])]
        assert meeting.board_id is not None
        return MeetingRecord.model_construct(
            meeting=meeting, people=self.people(meeting.board_id),
            attendance=self.attendance(meeting_id), items=items, entries=entries,
            actions=self.actions(meeting_id), carried_actions=self.carried_actions(meeting_id),
            forward_plan=self.forward_plan(meeting_id))
