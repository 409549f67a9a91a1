"""The journal: the one place that writes rows, records each write, undoes and replays.

Every change runs in one ``BEGIN IMMEDIATE`` transaction (:meth:`Journal.transaction`)
and records each row it inserts, updates or deletes in the ``journal`` table (before and
after, as JSON), so that :meth:`Journal.undo` can step back one transaction at a time
and :meth:`Journal.replay_journal_into` can rebuild the minutes from the journal alone.

One :class:`Journal` per connection; each store of the repository (meetings, minutes,
people...) is a :class:`Store` over it, so that they all write through the one journal
and share its one transaction.

Each row also names the session that made it (:data:`SESSION`: one per process, so one
running app or one ``csp`` command), and undo takes back only the session's own
changes: another window's lines, a ``csp actions done`` in another shell or a
``csp import`` are never undone from here. Rows written before sessions were recorded
belong to no session and are not undone (they still replay).

Plain ``sqlite3`` on purpose, not sqlite-utils' ``Table.insert``/``update``: a journaled
write needs the row's before-image and its id inside our own transaction, and loading
sqlite-utils (about 90 ms) on the first keystroke that writes would be felt. Bulk
writes (the demo, a JSON import) come through here too rather than ``insert_all``, so
that they are journaled and undone like any other change.
"""

from __future__ import annotations

import json
import os
import sqlite3
import uuid
import zlib
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from csp_tui.domain.lifecycle import UNDO_STEP_MESSAGE, LifecycleError, undo_crosses_step
from csp_tui.storage.connection import StorageError, storage_error
from csp_tui.storage.convert import Clock, ts, utcnow
from csp_tui.storage.lifecycle_guard import LifecycleGuard

if TYPE_CHECKING:
    pass

#: The transaction number of the compacted journal (see ``compact_journal``): what
#: came before it, folded, which undo never steps into.
BASELINE = 0

#: action_owners rows have no id of their own: their changes are journaled as this
#: pseudo-column of the action, which undo and replay know how to write back.
OWNERS = "_owners"

#: This process's session: the pid says which program (for a person reading the
#: journal), the random part keeps a reused pid from claiming an old session's rows.
SESSION = f"{os.getpid()}-{uuid.uuid4().hex[:12]}"


@dataclass(frozen=True)
class Undone:
    """What :meth:`Journal.undo` did: the label of the change taken back (None
    when this session has nothing left to undo) and, when a newer change was made by
    another session, that change's label (it stays)."""

    label: str | None
    newer_elsewhere: str | None = None


def insert_row(conn: sqlite3.Connection, tbl: str, values: Mapping[str, Any]) -> int:
    """``INSERT`` one row; returns its id."""
    cols = ", ".join(f'"{c}"' for c in values)
    marks = ", ".join("?" for _ in values)
    cur = conn.execute(f'INSERT INTO "{tbl}" ({cols}) VALUES ({marks})', tuple(values.values()))
    assert cur.lastrowid is not None
    return cur.lastrowid


def update_row(conn: sqlite3.Connection, tbl: str, row_id: int,
               values: Mapping[str, Any]) -> None:
    """``UPDATE`` the given columns of one row."""
    sets = ", ".join(f'"{c}" = ?' for c in values)
    conn.execute(f'UPDATE "{tbl}" SET {sets} WHERE id = ?', (*values.values(), row_id))


def delete_row(conn: sqlite3.Connection, tbl: str, row_id: int) -> None:
    """``DELETE`` one row."""
    conn.execute(f'DELETE FROM "{tbl}" WHERE id = ?', (row_id,))


class Journal:
    """A connection whose every change is a journaled, committed transaction.

    The stores of the repository (meetings, minutes, people...) write through this
    one object; ``clock`` returns the current UTC time (tests pass a frozen one).
    """

    def __init__(self, conn: sqlite3.Connection, *, clock: Clock = utcnow,
                 path: Path | None = None, session: str = SESSION) -> None:
        self.conn = conn
        self.clock = clock
        self.path = path
        self.session = session
        self.txn: int | None = None
        self.label = ""
        #: Asks the lifecycle rule for every row written (approved minutes refuse).
        self.guard = LifecycleGuard(conn)

    # ------------------------------------------------------------------ reading

    def query(self, sql: str, params: Sequence[Any] = ()) -> Iterator[dict[str, Any]]:
        """Rows as dicts (what ``sqlite_utils.Database.query`` gives, without its import)."""
        cur = self.conn.execute(sql, tuple(params))
        names = [c[0] for c in cur.description]
        for row in cur:
            yield dict(zip(names, row, strict=True))

    def row(self, tbl: str, row_id: int) -> dict[str, Any] | None:
        """One row as a dict, or None."""
        # fetchone, not next() on query: the statement must not stay open.
        cur = self.conn.execute(f'SELECT * FROM "{tbl}" WHERE id = ?', (row_id,))
        row = cur.fetchone()
        if row is None:
            return None
        return dict(zip([c[0] for c in cur.description], row, strict=True))

    # ------------------------------------------------------------------ transactions

    @contextmanager
    def committed(self) -> Iterator[None]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT``, or ``ROLLBACK`` on any error.

        A database error (locked, read-only, full, file removed) becomes a
        :class:`StorageError` naming the problem. On some errors (a full disk) SQLite has
        rolled back already; a ROLLBACK then would fail with "no transaction is active"
        and hide the real cause, so it is issued only while a transaction is open.
        """
        if self.path is not None and not self.path.exists():
            # In WAL mode SQLite would go on appending to the -wal of a removed file and
            # report success: every line typed after would be lost at quit.
            raise storage_error(sqlite3.OperationalError("file removed"), self.path)
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise storage_error(exc, self.path) from None
        try:
            yield
            self.conn.execute("COMMIT")
        except BaseException as exc:
            if self.conn.in_transaction:
                try:
                    self.conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass  # the original error below is the one to report
            if isinstance(exc, sqlite3.Error):
                raise storage_error(exc, self.path) from None
            raise

    @contextmanager
    def transaction(self, label: str) -> Iterator[None]:
        """One committed, journaled transaction; nested calls join the outer one."""
        if self.txn is not None:
            yield
            return
        with self.committed():
            row = self.conn.execute("SELECT coalesce(max(txn), 0) + 1 FROM journal").fetchone()
            self.txn, self.label = row[0], label
            self.guard.reset()
            try:
                yield
            finally:
                self.txn = None

    def _record(self, op: str, tbl: str, row_id: int, before: dict | None,
                after: dict | None) -> None:
        assert self.txn is not None, "changes must run inside a transaction"
        insert_row(self.conn, "journal", {
            "txn": self.txn, "at": ts(self.clock()), "label": self.label, "op": op,
            "session": self.session, "tbl": tbl, "row_id": row_id,
            "before": json.dumps(before) if before is not None else None,
            "after": json.dumps(after) if after is not None else None})

    # ------------------------------------------------------------------ journaled writes

    def insert(self, tbl: str, values: dict[str, Any]) -> int:
        """Insert a row (journaled, checked by the lifecycle rule); returns its id."""
        self.guard.check(tbl, values, None)
        row_id = insert_row(self.conn, tbl, values)
        if tbl == "meetings":
            self.guard.born(row_id)
        self._record("insert", tbl, row_id, None, {"id": row_id, **values})
        return row_id

    def update(self, tbl: str, row_id: int, changes: dict[str, Any]) -> None:
        """Change the given columns of a row (journaled; the unchanged ones are
        left out). LookupError when there is no such row."""
        before = self.row(tbl, row_id)
        if before is None:
            raise LookupError(f"no {tbl[:-1]} with id {row_id}")
        changes = {k: v for k, v in changes.items() if before[k] != v}
        if not changes:
            return
        # The row's meeting before and after (a line moved to another item).
        self.guard.check(tbl, before, changes)
        self.guard.check(tbl, {**before, **changes}, changes)
        update_row(self.conn, tbl, row_id, changes)
        if tbl == "meetings" and "state" in changes:
            self.guard.moved(row_id, changes["state"])
        self._record("update", tbl, row_id, {k: before[k] for k in changes}, changes)

    def delete(self, tbl: str, row_id: int) -> None:
        """Delete a row if it is there (journaled: undo brings it back)."""
        before = self.row(tbl, row_id)
        if before is None:
            return
        self.guard.check(tbl, before, None)
        if tbl == "actions":
            # action_owners rows go with the action (ON DELETE CASCADE): keep them in
            # the journal so that undo brings them back.
            before[OWNERS] = self.owners(row_id)
        delete_row(self.conn, tbl, row_id)
        self._record("delete", tbl, row_id, before, None)

    def owners(self, action_id: int) -> list[int]:
        """The roster ids of an action's owners, in order."""
        return [r[0] for r in self.conn.execute(
            "SELECT person_id FROM action_owners WHERE action_id = ? ORDER BY rowid",
            (action_id,))]

    def _write_owners(self, action_id: int, person_ids: Sequence[int]) -> None:
        self.conn.execute("DELETE FROM action_owners WHERE action_id = ?", (action_id,))
        self.conn.executemany(
            "INSERT OR IGNORE INTO action_owners (action_id, person_id) VALUES (?, ?)",
            [(action_id, pid) for pid in dict.fromkeys(person_ids)])

    def set_owners(self, action_id: int, person_ids: Sequence[int]) -> None:
        """Set an action's owners (journaled as its ``_owners`` pseudo-column)."""
        before = self.owners(action_id)
        after = list(dict.fromkeys(person_ids))
        if before == after:
            return
        self._write_owners(action_id, after)
        self._record("update", "actions", action_id, {OWNERS: before}, {OWNERS: after})

    # ------------------------------------------------------------------ undo, replay

    def undo(self) -> str | None:
        """Undo this session's latest change not yet undone; returns its label, or None.

        See :meth:`undo_own` for what happens when another session changed things since.
        """
        return self.undo_own().label

    def undo_own(self) -> Undone:
        """Undo this session's latest change not yet undone, never another session's.

        Refused (:class:`StorageError`, nothing changed) when another session has since
        changed a row that change touched: undoing it would throw their change away.
        """
        # On the (session, undone, txn) index; the compacted baseline is no one's.
        row = self.conn.execute(
            "SELECT txn FROM journal WHERE session = ? AND undone = 0 AND txn > ? AND label "
            "NOT LIKE 'undo%' ORDER BY txn DESC LIMIT 1", (self.session, BASELINE)).fetchone()
        mine = row[0] if row else None
        newer = self.conn.execute(
            "SELECT label FROM journal WHERE undone = 0 AND label NOT LIKE 'undo%' "
            "AND txn > ? AND session IS NOT ? ORDER BY txn DESC LIMIT 1",
            (mine or 0, self.session)).fetchone()
        newer_label = newer[0] if newer else None
        if mine is None:
            return Undone(None, newer_label)
        txn = mine
        ops = self.conn.execute(
            "SELECT label, op, tbl, row_id, before FROM journal WHERE txn = ? ORDER BY id DESC",
            (txn,),
        ).fetchall()
        if undo_crosses_step(op[2] for op in ops):
            raise LifecycleError(UNDO_STEP_MESSAGE.format(label=ops[0][0]))
        self.guard.reset()
        with self.committed():
            # Checked under the write lock: no one can change those rows in between.
            clash = self.conn.execute(
                "SELECT later.label FROM journal AS later JOIN journal AS own "
                "ON own.txn = ? AND later.tbl = own.tbl AND later.row_id = own.row_id "
                "WHERE later.txn > ? AND later.undone = 0 AND later.session IS NOT ? LIMIT 1",
                (txn, txn, self.session)).fetchone()
            if clash is not None:
                raise StorageError(f"cannot undo {ops[0][0]}: changed since elsewhere "
                                   f"({clash[0]})")
            # Foreign keys are checked at commit so rows can come back in any order.
            self.conn.execute("PRAGMA defer_foreign_keys = ON")
            for _label, op, tbl, row_id, before in ops:
                values = json.loads(before) if before else {}
                owners = values.pop(OWNERS, None)
                # The lifecycle rule, as for any write: undo never changes approved
                # minutes (another session may have approved them since).
                now = self.row(tbl, row_id) if op != "delete" else None
                self.guard.check(tbl, now or values, None if op != "update" else values)
                if op == "insert":
                    delete_row(self.conn, tbl, row_id)
                elif op == "update" and values:
                    update_row(self.conn, tbl, row_id, values)
                elif op == "delete":
                    insert_row(self.conn, tbl, values)
                if owners is not None:
                    self._write_owners(row_id, owners)
            self.conn.execute("UPDATE journal SET undone = 1 WHERE txn = ?", (txn,))
        return Undone(ops[0][0], newer_label)

    def compact_journal(self, before_txn: int | None = None) -> int:
        """Fold the changes before transaction ``before_txn`` (all, if None) into one
        baseline that can no longer be undone; returns the journal rows removed.

        Undone changes go (nothing redoes them); the rest become, per row, its net
        change: the row as it stood (an insert), the columns changed (a row older than
        the journal) or its deletion, and nothing for a row added and deleted again.
        So :meth:`replay_journal_into` still rebuilds everything from the journal
        alone, while the journal grows with the rows kept, not with every keystroke
        that changed them. The baseline is stored in blocks (:func:`_pack`): up to
        :data:`BLOCK_ROWS` rows of one table in one compressed journal row. Runs in its
        own transaction; not itself journaled.
        """
        with self.committed():
            if before_txn is None:
                before_txn = self.conn.execute(
                    "SELECT coalesce(max(txn), 0) + 1 FROM journal").fetchone()[0]
            net: dict[tuple[str, int], tuple[str, dict[str, Any] | None]] = {}
            removed = 0
            for op, tbl, row_id, after, undone in self.conn.execute(
                    "SELECT op, tbl, row_id, after, undone FROM journal WHERE txn < ? "
                    "ORDER BY txn, id", (before_txn,)):
                removed += 1
                if undone:
                    continue
                for op1, row1, values in _changes(op, row_id, after):
                    _fold(net, op1, (tbl, row1), values)
            if not removed:
                return 0
            self.conn.execute("DELETE FROM journal WHERE txn < ?", (before_txn,))
            at = ts(self.clock())
            blocks = _pack(net)
            self.conn.executemany(
                "INSERT INTO journal (txn, at, label, op, tbl, row_id, before, after) "
                f"VALUES (?, ?, 'compacted', '{BLOCK}', ?, ?, NULL, ?)",
                [(BASELINE, at, tbl, first, blob) for tbl, first, blob in blocks])
        # The pages the folded rows held go back to the disk (a file made with
        # auto_vacuum incremental, as csp makes them; elsewhere this does nothing).
        # executescript: the pragma frees one page a step and returns no row, so
        # ``execute`` would free one page only. Best effort: the fold is committed, and
        # a busy file keeps its free pages for its next rows.
        try:
            self.conn.executescript("PRAGMA incremental_vacuum;")
        except sqlite3.Error:
            pass
        return removed - len(blocks)

    def replay_journal_into(self, target: Journal) -> int:
        """Rebuild this database's content in the empty ``target`` from the journal alone
        (every change that was not undone, in order). Returns the changes replayed."""
        count = 0
        with target.transaction("rebuild from the journal"):
            target.conn.execute("PRAGMA defer_foreign_keys = ON")
            for op, tbl, row_id, after in self.conn.execute(
                    "SELECT op, tbl, row_id, after FROM journal WHERE undone = 0 "
                    "ORDER BY txn, id"):  # the compacted baseline (txn 0) first
                for op1, row1, values in _changes(op, row_id, after):
                    _apply(target, op1, tbl, row1, values)
                    count += 1
        return count


class Store:
    """A store of the repository: its tables, read on the one connection and written
    through the one :class:`Journal` it is given (its other dependencies, the stores
    it reads, are given to its own ``__init__``)."""

    def __init__(self, journal: Journal) -> None:
        self.journal = journal
        self.conn = journal.conn


# ---------------------------------------------------------------------- the baseline

#: The ``op`` of a journal row holding a block of the compacted baseline.
BLOCK = "block"
#: Rows of one table in one block: enough for compression to find the repeats (the
#: column names, the words of the minutes), few enough to fold and replay in a blink.
BLOCK_ROWS = 2000


def _changes(op: str, row_id: int, after: str | bytes | None
             ) -> Iterator[tuple[str, int, dict[str, Any] | None]]:
    """The row changes a journal row holds: itself, or each row of a baseline block."""
    if op == BLOCK:
        assert isinstance(after, bytes)
        yield from (tuple(change) for change in json.loads(zlib.decompress(after)))
        return
    yield op, row_id, json.loads(after) if after else {}


def _fold(net: dict[tuple[str, int], tuple[str, dict[str, Any] | None]], op: str,
          key: tuple[str, int], values: dict[str, Any] | None) -> None:
    """Fold one change of the row ``key`` into its net change in ``net``."""
    had = net.get(key)
    values = values or {}
    if op == "insert":
        net[key] = ("insert", values)
    elif op == "update" and had is not None and had[1] is not None:
        net[key] = (had[0], {**had[1], **values})
    elif op == "update":
        net[key] = ("update", values)
    elif had is not None and had[0] == "insert":
        del net[key]  # born and gone within what is folded: nothing to keep
    else:
        net[key] = ("delete", None)


def _pack(net: Mapping[tuple[str, int], tuple[str, dict[str, Any] | None]]
          ) -> list[tuple[str, int, bytes]]:
    """The net changes as blocks: (table, first row id, compressed JSON of up to
    :data:`BLOCK_ROWS` ``[op, row id, values]``). A row's changes have no order among
    themselves once folded (each row has one), and replay defers foreign keys, so
    grouping by table loses nothing; a row of JSON each (with its column names, a
    timestamp and a session) took three times the space of the minutes it held."""
    by_table: dict[str, list[list[Any]]] = {}
    for (tbl, row_id), (op, values) in net.items():
        by_table.setdefault(tbl, []).append([op, row_id, values])
    out = []
    for tbl, rows in by_table.items():
        for k in range(0, len(rows), BLOCK_ROWS):
            block = rows[k:k + BLOCK_ROWS]
            text = json.dumps(block, separators=(",", ":"))
            out.append((tbl, block[0][1], zlib.compress(text.encode(), 9)))
    return out


def _apply(target: Journal, op: str, tbl: str, row_id: int,
           values: dict[str, Any] | None) -> None:
    """Replay one row change into ``target`` (unjournaled: the caller's transaction)."""
    values = dict(values or {})
    owners = values.pop(OWNERS, None)
    if owners is not None:
        target._write_owners(row_id, owners)
    if op == "insert":
        insert_row(target.conn, tbl, values)
    elif op == "update" and values:
        update_row(target.conn, tbl, row_id, values)
    elif op == "delete":
        delete_row(target.conn, tbl, row_id)
