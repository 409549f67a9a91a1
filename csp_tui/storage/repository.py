"""The repository: the one way the app, the command line and the exporters touch the
database. It takes and returns the pydantic models of :mod:`csp_tui.domain.models`.

Every public method that changes something runs in one ``BEGIN IMMEDIATE`` transaction
and records each row it inserts, updates or deletes in the ``journal`` table, so that
:meth:`Repository.undo` can step back through changes one transaction at a time.

Models going in are validated (they come from people and files); rows coming out are
built with ``model_construct``, converting each column to its type here. They were
validated on the way in, and not validating them again keeps pydantic from building
its validators while the app paints its first screen (about 30 ms).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import Any

from csp_tui.domain.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Board,
    Entry,
    EntryKind,
    ForwardPlanItem,
    Group,
    ItemState,
    Meeting,
    MeetingRecord,
    MeetingState,
    NextMeeting,
    Person,
    Rag,
    Role,
    Timing,
)
from csp_tui.storage.connection import StorageError, open_database

Clock = Callable[[], dt.datetime]

ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii",
         "xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx"]

#: The items a meeting created without an agenda starts from.
STANDARD_ITEMS: list[tuple[str, int]] = [
    ("Introductions and Apologies for Absence", 5),
    ("Declaration of Interests", 2),
    ("Minutes and Action Log", 10),
    ("Forward Plan", 5),
    ("Any Other Business", 10),
    ("Date of Next Meeting", 2),
]


def roman(n: int) -> str:
    """1 -> "i"; used for sub-item numbers."""
    return ROMAN[n - 1] if 0 < n <= len(ROMAN) else str(n)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _ts(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat() if value else None


def _parse_ts(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def _hm(value: dt.time | None) -> str | None:
    return value.strftime("%H:%M") if value else None


def _parse_hm(value: str | None) -> dt.time | None:
    return dt.time.fromisoformat(value) if value else None


class Repository:
    """Typed access to one csp database file.

    ``clock`` returns the current UTC time; tests pass a frozen one.
    """

    def __init__(self, conn: sqlite3.Connection, *, clock: Clock = utcnow,
                 path: Path | None = None) -> None:
        self.conn = conn
        self.clock = clock
        self.path = path
        self._txn: int | None = None
        self._label = ""

    @cached_property
    def db(self):  # -> sqlite_utils.Database
        """The database as sqlite-utils sees it, for inspection and maintenance.

        Loaded on first use: sqlite-utils costs about 90 ms to import, a third of
        the app's start-up, and the hot paths below need only plain queries.
        """
        from sqlite_utils import Database

        return Database(self.conn)

    def _query(self, sql: str, params: Sequence[Any] = ()) -> Iterator[dict[str, Any]]:
        """Rows as dicts (what ``sqlite_utils.Database.query`` gives, without its import)."""
        cur = self.conn.execute(sql, tuple(params))
        names = [c[0] for c in cur.description]
        for row in cur:
            yield dict(zip(names, row, strict=True))

    @classmethod
    def open(cls, path: Path | str, *, clock: Clock = utcnow) -> Repository:
        """Open (creating if needed) the database at ``path``."""
        return cls(open_database(path), clock=clock, path=Path(path))

    def close(self) -> None:
        self.conn.close()

    # ------------------------------------------------------------------ transactions

    @contextmanager
    def transaction(self, label: str) -> Iterator[None]:
        """One committed transaction; nested calls join the outer one."""
        if self._txn is not None:
            yield
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StorageError(f"the database is busy or locked ({exc}); try again") from None
        row = self.conn.execute("SELECT coalesce(max(txn), 0) + 1 FROM journal").fetchone()
        self._txn, self._label = row[0], label
        try:
            yield
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        finally:
            self._txn = None

    def _journal(self, op: str, tbl: str, row_id: int, before: dict | None,
                 after: dict | None) -> None:
        assert self._txn is not None, "changes must run inside a transaction"
        self.conn.execute(
            "INSERT INTO journal (txn, at, label, op, tbl, row_id, before, after) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (self._txn, _ts(self.clock()), self._label, op, tbl, row_id,
             json.dumps(before) if before is not None else None,
             json.dumps(after) if after is not None else None),
        )

    def _row(self, tbl: str, row_id: int) -> dict[str, Any] | None:
        cur = self.conn.execute(f'SELECT * FROM "{tbl}" WHERE id = ?', (row_id,))
        row = cur.fetchone()
        if row is None:
            return None
        return dict(zip([c[0] for c in cur.description], row, strict=True))

    def _insert(self, tbl: str, values: dict[str, Any]) -> int:
        cols = ", ".join(f'"{c}"' for c in values)
        marks = ", ".join("?" for _ in values)
        cur = self.conn.execute(f'INSERT INTO "{tbl}" ({cols}) VALUES ({marks})',
                                tuple(values.values()))
        row_id = cur.lastrowid
        assert row_id is not None
        self._journal("insert", tbl, row_id, None, {"id": row_id, **values})
        return row_id

    def _update(self, tbl: str, row_id: int, changes: dict[str, Any]) -> None:
        before = self._row(tbl, row_id)
        if before is None:
            raise LookupError(f"no {tbl[:-1]} with id {row_id}")
        changes = {k: v for k, v in changes.items() if before[k] != v}
        if not changes:
            return
        sets = ", ".join(f'"{c}" = ?' for c in changes)
        self.conn.execute(f'UPDATE "{tbl}" SET {sets} WHERE id = ?', (*changes.values(), row_id))
        self._journal("update", tbl, row_id, {k: before[k] for k in changes}, changes)

    def _delete(self, tbl: str, row_id: int) -> None:
        before = self._row(tbl, row_id)
        if before is None:
            return
        if tbl == "actions":
            # action_owners rows go with the action (ON DELETE CASCADE): keep them in
            # the journal so that undo brings them back.
            before["_owners"] = self._owners(row_id)
        self.conn.execute(f'DELETE FROM "{tbl}" WHERE id = ?', (row_id,))
        self._journal("delete", tbl, row_id, before, None)

    def undo(self) -> str | None:
        """Undo the latest change not yet undone; returns its label, or None."""
        row = self.conn.execute(
            "SELECT max(txn) FROM journal WHERE undone = 0 AND label NOT LIKE 'undo%'"
        ).fetchone()
        if row[0] is None:
            return None
        txn = row[0]
        ops = self.conn.execute(
            "SELECT id, label, op, tbl, row_id, before FROM journal WHERE txn = ? ORDER BY id DESC",
            (txn,),
        ).fetchall()
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            # Foreign keys are checked at commit so rows can come back in any order.
            self.conn.execute("PRAGMA defer_foreign_keys = ON")
            for _id, _label, op, tbl, row_id, before in ops:
                if op == "insert":
                    self.conn.execute(f'DELETE FROM "{tbl}" WHERE id = ?', (row_id,))
                elif op == "update":
                    values = json.loads(before)
                    if "_owners" in values:
                        self._write_owners(row_id, values.pop("_owners"))
                    if not values:
                        continue
                    sets = ", ".join(f'"{c}" = ?' for c in values)
                    self.conn.execute(f'UPDATE "{tbl}" SET {sets} WHERE id = ?',
                                      (*values.values(), row_id))
                elif op == "delete":
                    values = json.loads(before)
                    owners = values.pop("_owners", None)
                    cols = ", ".join(f'"{c}"' for c in values)
                    marks = ", ".join("?" for _ in values)
                    self.conn.execute(f'INSERT INTO "{tbl}" ({cols}) VALUES ({marks})',
                                      tuple(values.values()))
                    if owners:
                        self._write_owners(row_id, owners)
            self.conn.execute("UPDATE journal SET undone = 1 WHERE txn = ?", (txn,))
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        return ops[0][1]

    def replay_journal_into(self, target: Repository) -> int:
        """Rebuild this database's content in the empty ``target`` from the journal alone
        (every change that was not undone, in order). Returns the changes replayed."""
        count = 0
        with target.transaction("rebuild from the journal"):
            target.conn.execute("PRAGMA defer_foreign_keys = ON")
            for op, tbl, row_id, after in self.conn.execute(
                    "SELECT op, tbl, row_id, after FROM journal WHERE undone = 0 ORDER BY id"):
                values = json.loads(after) if after else {}
                owners = values.pop("_owners", None)
                if owners is not None:
                    target._write_owners(row_id, owners)
                if op == "insert":
                    cols = ", ".join(f'"{c}"' for c in values)
                    marks = ", ".join("?" for _ in values)
                    target.conn.execute(f'INSERT INTO "{tbl}" ({cols}) VALUES ({marks})',
                                        tuple(values.values()))
                elif op == "update" and values:
                    sets = ", ".join(f'"{c}" = ?' for c in values)
                    target.conn.execute(f'UPDATE "{tbl}" SET {sets} WHERE id = ?',
                                        (*values.values(), row_id))
                elif op == "delete":
                    target.conn.execute(f'DELETE FROM "{tbl}" WHERE id = ?', (row_id,))
                count += 1
        return count

    # ------------------------------------------------------------------ boards, people

    def board(self, name: str = "Community Safety Partnership") -> Board:
        """The board called ``name``, created if new."""
        board = Board(name=name)
        row = self.conn.execute("SELECT id, name FROM boards WHERE name = ?",
                                (board.name,)).fetchone()
        if row:
            return Board(id=row[0], name=row[1])
        with self.transaction(f"add board {board.name}"):
            board_id = self._insert("boards", {"name": board.name})
        return Board(id=board_id, name=board.name)

    def boards(self) -> list[Board]:
        return [Board.model_construct(id=r[0], name=r[1])
                for r in self.conn.execute("SELECT id, name FROM boards ORDER BY name")]

    @staticmethod
    def _person(r: dict[str, Any]) -> Person:
        return Person.model_construct(
            id=r["id"], board_id=r["board_id"], name=r["name"], post_title=r["post_title"],
            organisation=r["organisation"], email=r["email"], group=Group(r["grp"]))

    def people(self, board_id: int) -> list[Person]:
        """The board's roster, by name."""
        return [self._person(r) for r in self._query(
            "SELECT * FROM people WHERE board_id = ? ORDER BY name COLLATE NOCASE", [board_id])]

    def person(self, person_id: int) -> Person:
        row = self._row("people", person_id)
        if row is None:
            raise LookupError(f"no person with id {person_id}")
        return self._person(row)

    def find_person(self, board_id: int, name: str) -> Person | None:
        """The roster person with exactly this name (case-insensitive)."""
        rows = list(self._query(
            "SELECT * FROM people WHERE board_id = ? AND name = ? COLLATE NOCASE",
            [board_id, name.strip()]))
        return self._person(rows[0]) if rows else None

    def add_person(self, person: Person) -> Person:
        """Add to the roster; a person already there by name is returned unchanged."""
        assert person.board_id is not None
        existing = self.find_person(person.board_id, person.name)
        if existing:
            return existing
        with self.transaction(f"add {person.name} to the roster"):
            pid = self._insert("people", {
                "board_id": person.board_id, "name": person.name,
                "post_title": person.post_title, "organisation": person.organisation,
                "email": person.email, "grp": person.group.value})
        return person.model_copy(update={"id": pid})

    def update_person(self, person: Person) -> Person:
        assert person.id is not None
        with self.transaction(f"edit {person.name}"):
            self._update("people", person.id, {
                "name": person.name, "post_title": person.post_title,
                "organisation": person.organisation, "email": person.email,
                "grp": person.group.value})
        return person

    def merge_people(self, keep_id: int, drop_id: int) -> None:
        """Fold ``drop_id`` into ``keep_id``: attendance and action owners move over."""
        keep = self.person(keep_id)
        with self.transaction(f"merge into {keep.name}"):
            for r in list(self._query(
                    "SELECT id, meeting_id FROM attendance WHERE person_id = ?", [drop_id])):
                clash = self.conn.execute(
                    "SELECT 1 FROM attendance WHERE meeting_id = ? AND person_id = ?",
                    (r["meeting_id"], keep_id)).fetchone()
                if clash:
                    self._delete("attendance", r["id"])
                else:
                    self._update("attendance", r["id"], {"person_id": keep_id})
            for (aid,) in self.conn.execute(
                    "SELECT action_id FROM action_owners WHERE person_id = ?",
                    (drop_id,)).fetchall():
                self._set_owners(aid, [keep_id if p == drop_id else p for p in self._owners(aid)])
            self._delete("people", drop_id)

    # ------------------------------------------------------------------ meetings

    @staticmethod
    def _meeting(r: dict[str, Any], board_name: str = "") -> Meeting:
        nxt = None
        if r["next_date"]:
            nxt = NextMeeting.model_construct(
                date=dt.date.fromisoformat(r["next_date"]), start=_parse_hm(r["next_start"]),
                end=_parse_hm(r["next_end"]), venue=r["next_venue"], chair=r["next_chair"])
        return Meeting.model_construct(
            id=r["id"], board_id=r["board_id"], board_name=board_name,
            date=dt.date.fromisoformat(r["date"]), start=_parse_hm(r["start"]),
            end=_parse_hm(r["end"]), venue=r["venue"], chair=r["chair"],
            note_taker=r["note_taker"], state=MeetingState(r["state"]), next_meeting=nxt,
            current_item_id=r["current_item_id"], draft=r["draft"])

    _MEETING_SQL = ("SELECT meetings.*, boards.name AS board_name FROM meetings "
                    "JOIN boards ON boards.id = meetings.board_id")

    def meeting(self, meeting_id: int) -> Meeting:
        rows = list(self._query(f"{self._MEETING_SQL} WHERE meetings.id = ?", [meeting_id]))
        if not rows:
            raise LookupError(f"no meeting with id {meeting_id}")
        return self._meeting(rows[0], rows[0]["board_name"])

    def meetings(self, board_id: int | None = None) -> list[Meeting]:
        """All meetings, newest first."""
        where, args = ("WHERE meetings.board_id = ?", [board_id]) if board_id else ("", [])
        return [self._meeting(r, r["board_name"]) for r in self._query(
            f"{self._MEETING_SQL} {where} ORDER BY date DESC, meetings.id DESC", args)]

    def latest_meeting(self) -> Meeting | None:
        """The live meeting if there is one, else the newest."""
        rows = list(self._query(
            f"{self._MEETING_SQL} ORDER BY state = 'live' DESC, date DESC, meetings.id DESC "
            "LIMIT 1"))
        return self._meeting(rows[0], rows[0]["board_name"]) if rows else None

    def find_meeting(self, ref: str | int | None) -> Meeting:
        """A meeting by id or ISO date; None means the latest. LookupError when absent."""
        if ref is None or ref == "":
            found = self.latest_meeting()
            if found is None:
                raise LookupError("there are no meetings yet; create one with `csp new`")
            return found
        text = str(ref).strip()
        if text.isdigit():
            return self.meeting(int(text))
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            raise LookupError(f"{text!r} is neither a meeting id nor a date (YYYY-MM-DD)") from None
        rows = list(self._query(
            f"{self._MEETING_SQL} WHERE date = ? ORDER BY meetings.id DESC", [day.isoformat()]))
        if not rows:
            raise LookupError(f"no meeting on {day.isoformat()}")
        return self._meeting(rows[0], rows[0]["board_name"])

    def create_meeting(self, meeting: Meeting,
                       items: Sequence[tuple[AgendaItem, Sequence[AgendaItem]]] | None = None,
                       ) -> Meeting:
        """Create a meeting with its agenda (items with their sub-items).

        Without ``items`` the meeting starts from :data:`STANDARD_ITEMS`.
        """
        board = self.board(meeting.board_name or "Community Safety Partnership")
        if items is None:
            items = [(AgendaItem(title=t, minutes=m), []) for t, m in STANDARD_ITEMS]
        with self.transaction(f"create the meeting of {meeting.date.isoformat()}"):
            mid = self._insert("meetings", {
                "board_id": board.id, "date": meeting.date.isoformat(),
                "start": _hm(meeting.start), "end": _hm(meeting.end), "venue": meeting.venue,
                "chair": meeting.chair, "note_taker": meeting.note_taker,
                "state": meeting.state.value, **self._next_cols(meeting.next_meeting),
                "draft": "", "created": _ts(self.clock())})
            for pos, (item, subs) in enumerate(items):
                parent = self._insert_item(mid, None, pos, item)
                for spos, sub in enumerate(subs):
                    self._insert_item(mid, parent, spos, sub)
        return self.meeting(mid)

    @staticmethod
    def _next_cols(nxt: NextMeeting | None) -> dict[str, Any]:
        if nxt is None:
            return {"next_date": None, "next_start": None, "next_end": None,
                    "next_venue": "", "next_chair": ""}
        return {"next_date": nxt.date.isoformat(), "next_start": _hm(nxt.start),
                "next_end": _hm(nxt.end), "next_venue": nxt.venue, "next_chair": nxt.chair}

    def update_meeting(self, meeting: Meeting) -> Meeting:
        """Save the meeting's own fields (not its items)."""
        assert meeting.id is not None
        with self.transaction("edit the meeting"):
            self._update("meetings", meeting.id, {
                "date": meeting.date.isoformat(), "start": _hm(meeting.start),
                "end": _hm(meeting.end), "venue": meeting.venue, "chair": meeting.chair,
                "note_taker": meeting.note_taker, "state": meeting.state.value,
                **self._next_cols(meeting.next_meeting)})
        return self.meeting(meeting.id)

    def set_state(self, meeting_id: int, state: MeetingState) -> None:
        with self.transaction(f"mark the meeting {state.value}"):
            if state is MeetingState.CLOSED:
                self._stop_timer(meeting_id)
            self._update("meetings", meeting_id, {"state": state.value})

    def delete_meeting(self, meeting_id: int) -> None:
        with self.transaction("delete a meeting"):
            for table in ("entries", "timings"):
                for (rid,) in self.conn.execute(
                        f"SELECT {table}.id FROM {table} JOIN items ON items.id = item_id "
                        "WHERE items.meeting_id = ?", (meeting_id,)).fetchall():
                    self._delete(table, rid)
            for table in ("attendance", "forward_plan"):
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

    def save_draft(self, meeting_id: int, text: str) -> None:
        """Save the capture line's text. Not journalled: it is not a change to undo."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            self.conn.execute("UPDATE meetings SET draft = ? WHERE id = ?", (text, meeting_id))
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    # ------------------------------------------------------------------ items

    def _insert_item(self, meeting_id: int, parent_id: int | None, position: int,
                     item: AgendaItem) -> int:
        return self._insert("items", {
            "meeting_id": meeting_id, "parent_id": parent_id, "position": position,
            "title": item.title, "presenter": item.presenter, "minutes": item.minutes,
            "restricted": int(item.restricted), "public_summary": item.public_summary,
            "state": item.state.value, "deferred_reason": item.deferred_reason})

    def items(self, meeting_id: int) -> list[AgendaItem]:
        """The agenda in order: each item followed by its sub-items, numbered."""
        timings: dict[int, list[Timing]] = {}
        for item_id, started, stopped in self.conn.execute(
                "SELECT item_id, started, stopped FROM timings JOIN items ON items.id = item_id "
                "WHERE meeting_id = ? ORDER BY timings.id", (meeting_id,)):
            timings.setdefault(item_id, []).append(
                Timing.model_construct(started=_parse_ts(started), stopped=_parse_ts(stopped)))
        rows = list(self._query(
            "SELECT * FROM items WHERE meeting_id = ? ORDER BY position, id", [meeting_id]))
        out: list[AgendaItem] = []
        top = [r for r in rows if r["parent_id"] is None]
        for n, r in enumerate(top, 1):
            out.append(self._item(r, str(n), timings))
            subs = [s for s in rows if s["parent_id"] == r["id"]]
            out.extend(self._item(s, f"({roman(k)})", timings) for k, s in enumerate(subs, 1))
        return out

    @staticmethod
    def _item(r: dict[str, Any], number: str, timings: dict[int, list[Timing]]) -> AgendaItem:
        return AgendaItem.model_construct(
            id=r["id"], meeting_id=r["meeting_id"], parent_id=r["parent_id"],
            position=r["position"], number=number, title=r["title"], presenter=r["presenter"],
            minutes=r["minutes"], restricted=bool(r["restricted"]),
            public_summary=r["public_summary"], state=ItemState(r["state"]),
            deferred_reason=r["deferred_reason"], timings=timings.get(r["id"], []))

    def item(self, item_id: int) -> AgendaItem:
        row = self._row("items", item_id)
        if row is None:
            raise LookupError(f"no item with id {item_id}")
        return next(i for i in self.items(row["meeting_id"]) if i.id == item_id)

    def add_item(self, meeting_id: int, item: AgendaItem, *, parent_id: int | None = None,
                 after_id: int | None = None) -> AgendaItem:
        """Add an item (a sub-item with ``parent_id``) after ``after_id`` or at the end."""
        with self.transaction(f"add item {item.title}"):
            siblings = self._siblings(meeting_id, parent_id)
            pos = len(siblings)
            if after_id is not None and after_id in siblings:
                pos = siblings.index(after_id) + 1
            for k, sid in enumerate(siblings[pos:], pos + 1):
                self._update("items", sid, {"position": k})
            new_id = self._insert_item(meeting_id, parent_id, pos, item)
        return self.item(new_id)

    def _siblings(self, meeting_id: int, parent_id: int | None) -> list[int]:
        return [r[0] for r in self.conn.execute(
            "SELECT id FROM items WHERE meeting_id = ? AND parent_id IS ? ORDER BY position, id",
            (meeting_id, parent_id))]

    def update_item(self, item: AgendaItem) -> AgendaItem:
        """Save title, presenter, minutes, restricted and public summary."""
        assert item.id is not None
        with self.transaction(f"edit item {item.title}"):
            self._update("items", item.id, {
                "title": item.title, "presenter": item.presenter, "minutes": item.minutes,
                "restricted": int(item.restricted), "public_summary": item.public_summary})
        return self.item(item.id)

    def move_item(self, item_id: int, delta: int) -> None:
        """Move an item up (-1) or down (+1) among its siblings."""
        row = self._row("items", item_id)
        if row is None:
            raise LookupError(f"no item with id {item_id}")
        with self.transaction("move an item"):
            siblings = self._siblings(row["meeting_id"], row["parent_id"])
            i = siblings.index(item_id)
            j = max(0, min(len(siblings) - 1, i + delta))
            siblings.insert(j, siblings.pop(i))
            for k, sid in enumerate(siblings):
                self._update("items", sid, {"position": k})

    def delete_item(self, item_id: int) -> None:
        """Delete an item with its sub-items, minutes and timings (undoable)."""
        row = self._row("items", item_id)
        if row is None:
            return
        with self.transaction(f"delete item {row['title']}"):
            children = [r[0] for r in self.conn.execute(
                "SELECT id FROM items WHERE parent_id = ?", (item_id,))]
            for iid in [*children, item_id]:
                for table in ("entries", "timings"):
                    for (rid,) in self.conn.execute(
                            f"SELECT id FROM {table} WHERE item_id = ?", (iid,)).fetchall():
                        self._delete(table, rid)
                for (aid,) in self.conn.execute(
                        "SELECT id FROM actions WHERE item_id = ?", (iid,)).fetchall():
                    self._update("actions", aid, {"item_id": None})
                meeting = self._row("meetings", row["meeting_id"])
                if meeting and meeting["current_item_id"] == iid:
                    self._update("meetings", row["meeting_id"], {"current_item_id": None})
                self._delete("items", iid)
            siblings = self._siblings(row["meeting_id"], row["parent_id"])
            for k, sid in enumerate(siblings):
                self._update("items", sid, {"position": k})

    # ------------------------------------------------------------------ timers

    def _stop_timer(self, meeting_id: int) -> None:
        now = _ts(self.clock())
        for (tid,) in self.conn.execute(
                "SELECT timings.id FROM timings JOIN items ON items.id = item_id "
                "WHERE meeting_id = ? AND stopped IS NULL", (meeting_id,)).fetchall():
            self._update("timings", tid, {"stopped": now})

    def set_current(self, meeting_id: int, item_id: int) -> None:
        """Make ``item_id`` the current item: the previous one is done and its timer
        stops; the new one's timer starts. The meeting goes live."""
        meeting = self._row("meetings", meeting_id)
        if meeting is None:
            raise LookupError(f"no meeting with id {meeting_id}")
        target = self._row("items", item_id)
        if target is None or target["meeting_id"] != meeting_id:
            raise LookupError(f"no item with id {item_id} in this meeting")
        with self.transaction(f"go to {target['title']}"):
            self._stop_timer(meeting_id)
            old = meeting["current_item_id"]
            if old and old != item_id:
                old_row = self._row("items", old)
                if old_row and old_row["state"] == ItemState.CURRENT.value:
                    self._update("items", old, {"state": ItemState.DONE.value})
            self._update("items", item_id, {"state": ItemState.CURRENT.value})
            self._insert("timings", {"item_id": item_id, "started": _ts(self.clock()),
                                     "stopped": None})
            changes: dict[str, Any] = {"current_item_id": item_id}
            if meeting["state"] == MeetingState.DRAFT.value:
                changes["state"] = MeetingState.LIVE.value
            self._update("meetings", meeting_id, changes)

    def toggle_pause(self, meeting_id: int) -> bool:
        """Pause or resume the current item's timer; returns True when now running."""
        meeting = self._row("meetings", meeting_id)
        if meeting is None or not meeting["current_item_id"]:
            raise LookupError("no current item to pause")
        running = self.conn.execute(
            "SELECT id FROM timings WHERE item_id = ? AND stopped IS NULL",
            (meeting["current_item_id"],)).fetchone()
        if running:
            with self.transaction("pause the timer"):
                self._update("timings", running[0], {"stopped": _ts(self.clock())})
            return False
        with self.transaction("resume the timer"):
            self._insert("timings", {"item_id": meeting["current_item_id"],
                                     "started": _ts(self.clock()), "stopped": None})
        return True

    def meeting_started(self, meeting_id: int) -> dt.datetime | None:
        """When the first item timer of the meeting started."""
        row = self.conn.execute(
            "SELECT min(started) FROM timings JOIN items ON items.id = item_id "
            "WHERE meeting_id = ?", (meeting_id,)).fetchone()
        return _parse_ts(row[0])

    def defer_item(self, item_id: int, reason: str) -> None:
        """Defer an item with the reason the minutes will give."""
        row = self._row("items", item_id)
        if row is None:
            raise LookupError(f"no item with id {item_id}")
        with self.transaction(f"defer {row['title']}"):
            meeting = self._row("meetings", row["meeting_id"])
            if meeting and meeting["current_item_id"] == item_id:
                self._stop_timer(row["meeting_id"])
            self._update("items", item_id, {"state": ItemState.DEFERRED.value,
                                            "deferred_reason": reason.strip()})

    def reopen_item(self, item_id: int) -> None:
        """Put a done or deferred item back to pending (its minutes are kept)."""
        with self.transaction("reopen an item"):
            self._update("items", item_id, {"state": ItemState.PENDING.value,
                                            "deferred_reason": ""})

    # ------------------------------------------------------------------ entries

    def _next_position(self, item_id: int) -> int:
        row = self.conn.execute(
            "SELECT max(p) FROM (SELECT max(position) AS p FROM entries WHERE item_id = ? "
            "UNION ALL SELECT max(position) FROM actions WHERE item_id = ?)",
            (item_id, item_id)).fetchone()
        return (row[0] if row[0] is not None else -1) + 1

    def add_entry(self, entry: Entry) -> Entry:
        """Append a paragraph, bullet, numbered point, decision or declaration."""
        with self.transaction(f"add a {entry.kind.value}"):
            pos = self._next_position(entry.item_id)
            eid = self._insert("entries", {"item_id": entry.item_id, "position": pos,
                                           "kind": entry.kind.value, "text": entry.text})
        return entry.model_copy(update={"id": eid, "position": pos})

    @staticmethod
    def _entry(r: dict[str, Any]) -> Entry:
        return Entry.model_construct(id=r["id"], item_id=r["item_id"], position=r["position"],
                                     kind=EntryKind(r["kind"]), text=r["text"])

    def entries(self, item_id: int) -> list[Entry]:
        return [self._entry(r) for r in self._query(
            "SELECT id, item_id, position, kind, text FROM entries WHERE item_id = ? "
            "ORDER BY position, id", [item_id])]

    def update_entry(self, entry: Entry) -> None:
        assert entry.id is not None
        with self.transaction(f"edit a {entry.kind.value}"):
            self._update("entries", entry.id, {"kind": entry.kind.value, "text": entry.text})

    def delete_entry(self, entry_id: int) -> None:
        with self.transaction("delete an entry"):
            self._delete("entries", entry_id)

    def move_line(self, table: str, row_id: int, delta: int) -> None:
        """Move an entry or action (``table`` "entries" or "actions") up or down within
        its item's minutes, where entries and actions share one order."""
        assert table in ("entries", "actions")
        row = self._row(table, row_id)
        if row is None or row.get("item_id") is None:
            return
        item_id = row["item_id"]
        lines = [(t, i) for t, i, _ in sorted(
            [("entries", r[0], r[1]) for r in self.conn.execute(
                "SELECT id, position FROM entries WHERE item_id = ?", (item_id,))]
            + [("actions", r[0], r[1]) for r in self.conn.execute(
                "SELECT id, position FROM actions WHERE item_id = ?", (item_id,))],
            key=lambda x: (x[2], x[0], x[1]))]
        i = lines.index((table, row_id))
        j = max(0, min(len(lines) - 1, i + delta))
        if i == j:
            return
        with self.transaction("move a line"):
            lines.insert(j, lines.pop(i))
            for k, (t, rid) in enumerate(lines):
                self._update(t, rid, {"position": k})

    # ------------------------------------------------------------------ actions

    def _action_from(self, r: dict[str, Any], owners: dict[int, list[int]],
                     updates: dict[int, list[ActionUpdate]]) -> Action:
        return Action.model_construct(
            id=r["id"], meeting_id=r["meeting_id"], item_id=r["item_id"],
            position=r["position"], owner=r["owner"], owner_ids=owners.get(r["id"], []),
            task=r["task"], due=r["due"], status=ActionStatus(r["status"]),
            rag=Rag(r["rag"]) if r["rag"] else None,
            created=_parse_ts(r["created"]), updates=updates.get(r["id"], []))

    def _actions_where(self, where: str, args: Sequence[Any]) -> list[Action]:
        rows = list(self._query(
            f"SELECT actions.* FROM actions JOIN meetings ON meetings.id = actions.meeting_id "
            f"{where} ORDER BY meetings.date, actions.meeting_id, actions.item_id, "
            "actions.position, actions.id", list(args)))
        if not rows:
            return []
        ids = [r["id"] for r in rows]
        marks = ",".join("?" for _ in ids)
        owners: dict[int, list[int]] = {}
        for aid, pid in self.conn.execute(
                f"SELECT action_id, person_id FROM action_owners WHERE action_id IN ({marks}) "
                "ORDER BY rowid", ids):
            owners.setdefault(aid, []).append(pid)
        updates: dict[int, list[ActionUpdate]] = {}
        for u in self._query(
                f"SELECT * FROM action_updates WHERE action_id IN ({marks}) ORDER BY id", ids):
            updates.setdefault(u["action_id"], []).append(ActionUpdate.model_construct(
                id=u["id"], action_id=u["action_id"], at=_parse_ts(u["at"]),
                status=ActionStatus(u["status"]) if u["status"] else None,
                note=u["note"], change=u["change"]))
        return [self._action_from(r, owners, updates) for r in rows]

    def action(self, action_id: int) -> Action:
        found = self._actions_where("WHERE actions.id = ?", [action_id])
        if not found:
            raise LookupError(f"no action with id {action_id}")
        return found[0]

    def actions(self, meeting_id: int) -> list[Action]:
        """The actions raised in a meeting, in the order of its minutes."""
        return self._actions_where("WHERE actions.meeting_id = ?", [meeting_id])

    def carried_actions(self, meeting_id: int) -> list[Action]:
        """Actions of the board's earlier meetings to review at this one: those still
        open, and those completed or dropped since the previous meeting."""
        m = self._row("meetings", meeting_id)
        if m is None:
            raise LookupError(f"no meeting with id {meeting_id}")
        prev = self.conn.execute(
            "SELECT max(date) FROM meetings WHERE board_id = ? AND date < ?",
            (m["board_id"], m["date"])).fetchone()[0]
        return self._actions_where(
            "WHERE meetings.board_id = ? AND (meetings.date < ? OR "
            "(meetings.date = ? AND meetings.id < ?)) AND (actions.status IN "
            "('open', 'in progress') OR EXISTS (SELECT 1 FROM action_updates u WHERE "
            "u.action_id = actions.id AND u.status IN ('completed', 'dropped') AND u.at >= ?))",
            [m["board_id"], m["date"], m["date"], meeting_id, prev or m["date"]])

    def add_action(self, action: Action) -> Action:
        """Record an action raised in a meeting."""
        assert action.meeting_id is not None
        with self.transaction("add an action"):
            pos = self._next_position(action.item_id) if action.item_id else 0
            aid = self._insert("actions", {
                "meeting_id": action.meeting_id, "item_id": action.item_id, "position": pos,
                "owner": action.owner, "task": action.task, "due": action.due,
                "status": action.status.value, "rag": action.rag.value if action.rag else None,
                "created": _ts(action.created or self.clock())})
            self._set_owners(aid, action.owner_ids)
        return self.action(aid)

    def _owners(self, action_id: int) -> list[int]:
        return [r[0] for r in self.conn.execute(
            "SELECT person_id FROM action_owners WHERE action_id = ? ORDER BY rowid",
            (action_id,))]

    def _write_owners(self, action_id: int, person_ids: Sequence[int]) -> None:
        self.conn.execute("DELETE FROM action_owners WHERE action_id = ?", (action_id,))
        self.conn.executemany(
            "INSERT OR IGNORE INTO action_owners (action_id, person_id) VALUES (?, ?)",
            [(action_id, pid) for pid in dict.fromkeys(person_ids)])

    def _set_owners(self, action_id: int, person_ids: Sequence[int]) -> None:
        # action_owners has no id of its own: its changes are journalled as a
        # pseudo-column "_owners" of the action, which undo knows how to restore.
        before = self._owners(action_id)
        after = list(dict.fromkeys(person_ids))
        if before == after:
            return
        self._write_owners(action_id, after)
        self._journal("update", "actions", action_id, {"_owners": before}, {"_owners": after})

    def update_action(self, action_id: int, *, status: ActionStatus | None = None,
                      due: str | None = None, owner: str | None = None,
                      owner_ids: Sequence[int] | None = None, task: str | None = None,
                      rag: Rag | None | str = "", note: str = "") -> Action:
        """Change an action and record the change, with its time, in its history."""
        before = self.action(action_id)
        changes: dict[str, Any] = {}
        said: list[str] = []
        if status is not None and status != before.status:
            changes["status"] = status.value
            said.append(f"status: {before.status.value} -> {status.value}")
        if due is not None and due != before.due:
            changes["due"] = due
            said.append(f"due: {before.due or '-'} -> {due or '-'}")
        if owner is not None and owner != before.owner:
            changes["owner"] = owner
            said.append(f"owner: {before.owner or '-'} -> {owner or '-'}")
        if task is not None and task.strip() and task != before.task:
            changes["task"] = task.strip()
            said.append("task reworded")
        if rag != "" and rag != before.rag:
            new_rag = Rag(rag) if rag else None
            changes["rag"] = new_rag.value if new_rag else None
            said.append(f"RAG: {before.rag.value if before.rag else '-'} -> "
                        f"{new_rag.value if new_rag else '-'}")
        if not changes and not note.strip() and owner_ids is None:
            return before
        with self.transaction(f"update action {action_id}"):
            if changes:
                self._update("actions", action_id, changes)
            if owner_ids is not None:
                self._set_owners(action_id, owner_ids)
            if changes or note.strip():
                self._insert("action_updates", {
                    "action_id": action_id, "at": _ts(self.clock()),
                    "status": changes.get("status"), "note": note.strip(),
                    "change": "; ".join(said)})
        return self.action(action_id)

    def complete_action(self, action_id: int, note: str = "") -> Action:
        return self.update_action(action_id, status=ActionStatus.COMPLETED, note=note)

    def _delete_action(self, action_id: int) -> None:
        for (uid,) in self.conn.execute(
                "SELECT id FROM action_updates WHERE action_id = ?", (action_id,)).fetchall():
            self._delete("action_updates", uid)
        self._delete("actions", action_id)

    def delete_action(self, action_id: int) -> None:
        with self.transaction("delete an action"):
            self._delete_action(action_id)

    # ------------------------------------------------------------------ attendance

    def attendance(self, meeting_id: int) -> list[Attendance]:
        return [Attendance.model_construct(
                    id=r["id"], meeting_id=r["meeting_id"], person_id=r["person_id"],
                    person_name=r["name"], status=AttendanceStatus(r["status"]),
                    role=Role(r["role"]) if r["role"] else None,
                    arrived=_parse_hm(r["arrived"]), left=_parse_hm(r["left_at"]))
                for r in self._query(
                    "SELECT attendance.*, people.name FROM attendance JOIN people ON "
                    "people.id = person_id WHERE meeting_id = ? ORDER BY people.name",
                    [meeting_id])]

    def set_attendance(self, meeting_id: int, person_id: int, *,
                       status: AttendanceStatus | None = None,
                       role: Role | None | str = "", arrived: dt.time | None | str = "",
                       left: dt.time | None | str = "") -> Attendance:
        """Record or change one person's attendance. "" leaves a field as it is."""
        row = self.conn.execute(
            "SELECT id FROM attendance WHERE meeting_id = ? AND person_id = ?",
            (meeting_id, person_id)).fetchone()
        values: dict[str, Any] = {}
        if status is not None:
            values["status"] = AttendanceStatus(status).value
        if role != "":
            values["role"] = Role(role).value if role else None
        if arrived != "":
            values["arrived"] = _hm(arrived) if isinstance(arrived, dt.time) else None
        if left != "":
            values["left_at"] = _hm(left) if isinstance(left, dt.time) else None
        name = self.person(person_id).name
        with self.transaction(f"attendance of {name}"):
            if role not in ("", None):
                # One chair, one note taker: the role moves from whoever had it.
                for (other,) in self.conn.execute(
                        "SELECT id FROM attendance WHERE meeting_id = ? AND role = ? AND "
                        "person_id != ?", (meeting_id, values["role"], person_id)).fetchall():
                    self._update("attendance", other, {"role": None})
            if row:
                self._update("attendance", row[0], values)
            else:
                values.setdefault("status", AttendanceStatus.PRESENT.value)
                self._insert("attendance", {"meeting_id": meeting_id, "person_id": person_id,
                                            **values})
        return next(a for a in self.attendance(meeting_id) if a.person_id == person_id)

    def remove_attendance(self, meeting_id: int, person_id: int) -> None:
        row = self.conn.execute(
            "SELECT id FROM attendance WHERE meeting_id = ? AND person_id = ?",
            (meeting_id, person_id)).fetchone()
        if row:
            with self.transaction("remove from attendance"):
                self._delete("attendance", row[0])

    # ------------------------------------------------------------------ forward plan, phrases

    def add_forward(self, item: ForwardPlanItem) -> ForwardPlanItem:
        assert item.meeting_id is not None
        with self.transaction(f"add {item.title} to the forward plan"):
            fid = self._insert("forward_plan", {
                "meeting_id": item.meeting_id, "title": item.title,
                "presenter": item.presenter, "when_text": item.when})
        return item.model_copy(update={"id": fid})

    def forward_plan(self, meeting_id: int) -> list[ForwardPlanItem]:
        return [ForwardPlanItem.model_construct(
                    id=r["id"], meeting_id=r["meeting_id"], title=r["title"],
                    presenter=r["presenter"], when=r["when_text"])
                for r in self._query(
                    "SELECT * FROM forward_plan WHERE meeting_id = ? ORDER BY id", [meeting_id])]

    def phrases(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT text FROM phrases ORDER BY id")]

    def add_phrase(self, text: str) -> None:
        text = text.strip()
        if text and text not in self.phrases():
            with self.transaction("add a phrase"):
                self._insert("phrases", {"text": text})

    # ------------------------------------------------------------------ restoring a backup

    def restore_action(self, action: Action) -> Action:
        """Insert an action exactly as given (position, created time, status, owners and
        its history of updates), for a JSON import; joins the caller's transaction."""
        assert action.meeting_id is not None
        with self.transaction("restore an action"):
            aid = self._insert("actions", {
                "meeting_id": action.meeting_id, "item_id": action.item_id,
                "position": action.position, "owner": action.owner, "task": action.task,
                "due": action.due, "status": action.status.value,
                "rag": action.rag.value if action.rag else None,
                "created": _ts(action.created or self.clock())})
            self._set_owners(aid, action.owner_ids)
            for u in action.updates:
                self._insert("action_updates", {
                    "action_id": aid, "at": _ts(u.at),
                    "status": u.status.value if u.status else None, "note": u.note,
                    "change": u.change})
        return self.action(aid)

    def restore_timings(self, item_id: int, timings: Sequence[Timing]) -> None:
        """Insert an item's timer history as given, for a JSON import."""
        with self.transaction("restore timings"):
            for t in timings:
                self._insert("timings", {"item_id": item_id, "started": _ts(t.started),
                                         "stopped": _ts(t.stopped)})

    def restore_current_item(self, meeting_id: int, item_id: int | None) -> None:
        """Set the meeting's current item without touching states or timers (import)."""
        with self.transaction("restore the current item"):
            self._update("meetings", meeting_id, {"current_item_id": item_id})

    # ------------------------------------------------------------------ name check

    def accept_name(self, meeting_id: int, found: str, person_id: int | None) -> None:
        """Remember that ``found`` is right as written in this meeting's minutes, though
        it nearly matches roster person ``person_id``: the name check leaves it alone."""
        if (found, person_id) in self.accepted_names(meeting_id):
            return
        with self.transaction(f"accept {found} as written"):
            self._insert("accepted_names", {"meeting_id": meeting_id, "found": found,
                                            "person_id": person_id})

    def accepted_names(self, meeting_id: int) -> set[tuple[str, int | None]]:
        """(as written, roster person id) of every name accepted in this meeting."""
        return {(found, pid) for found, pid in self.conn.execute(
            "SELECT found, person_id FROM accepted_names WHERE meeting_id = ?", (meeting_id,))}

    # ------------------------------------------------------------------ the whole meeting

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
