"""The read-only query behind ``csp actions``: which actions match, with their history.

A person should not be able to tell ``csp actions`` from ``ls``, so this module uses
the standard library's ``sqlite3`` and the agenda rules (themselves standard library
only) and nothing else (no pydantic, sqlite-utils, docx, textual or typer): plain SQL
on a read-only connection (:func:`csp_tui.storage.connection.open_readonly`). Printing the rows is
:mod:`csp_tui.cli.actions_output`'s job.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

from csp_tui.domain.agenda import full_number, number_items
from csp_tui.domain.restriction import ACTION_ITEMS_SQL, ACTION_RESTRICTED_SQL, RESTRICTED_TEXT

OPEN_STATUSES = ("open", "in progress")
STATUSES = ("open", "in progress", "completed", "dropped")
#: The fields of a listed action, in the order of CSV and JSON output and of
#: :meth:`ActionRows.tuples`.
FIELDS = ("id", "owner", "action", "meeting_date", "meeting_id", "board", "item_number",
          "item_title", "due", "status", "rag", "created", "age_days", "restricted")


class LookupFailed(ValueError):
    """Bad input to a lookup (unknown status, meeting, board, id): one line for the user."""


def normalise_status(text: str) -> str:
    """"In-Progress", "in_progress" -> "in progress"; LookupFailed for anything else."""
    s = " ".join(text.strip().lower().replace("-", " ").replace("_", " ").split())
    if s == "inprogress":
        s = "in progress"
    if s not in STATUSES:
        raise LookupFailed(f"unknown status {text.strip()!r} (use one of: "
                           + ", ".join(STATUSES) + ")")
    return s


class Filters:
    """What ``csp actions`` was asked for. Empty fields do not filter.

    ``include_closed`` is ``--all``; ``meeting`` an id or a date; ``full`` shows the
    text of restricted items' actions; ``today`` decides overdue and age.
    """

    def __init__(self, *, owner: str = "", statuses: Sequence[str] = (),
                 include_closed: bool = False, overdue: bool = False,
                 since: dt.date | None = None, meeting: str = "", board: str = "",
                 search: str = "", full: bool = False, today: dt.date | None = None) -> None:
        self.owner = owner
        self.statuses = statuses
        self.include_closed = include_closed
        self.overdue = overdue
        self.since = since
        self.meeting = meeting
        self.board = board
        self.search = search
        self.full = full
        self.today = today or dt.date.today()


# ---------------------------------------------------------------------- querying


def _like(text: str) -> str:
    escaped = text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def fts_query(words: str) -> str:
    """User words -> an FTS5 query: every word must match, as a prefix.

    Each word is quoted so that FTS5 syntax (AND, NEAR, ``-``, ``:``) in what a user
    types is taken as text, never as an error.
    """
    terms = [w.replace('"', "") for w in words.split()]
    return " ".join(f'"{t}"*' for t in terms if t)


def _meeting_clause(conn: sqlite3.Connection, ref: str) -> tuple[str, list[Any]]:
    # Seam: `csp actions` loads only the standard library; this when it is needed.
    from csp_tui.domain.dates import parse_day

    text = ref.strip()
    if text.isdigit():
        if conn.execute("SELECT 1 FROM meetings WHERE id = ?", (int(text),)).fetchone() is None:
            raise LookupFailed(f"no meeting with id {text}")
        return "a.meeting_id = ?", [int(text)]
    day = parse_day(text)
    if day is None:
        raise LookupFailed(f"{text!r} is neither a meeting id nor a date (YYYY-MM-DD)")
    if conn.execute("SELECT 1 FROM meetings WHERE date = ?",
                    (day.isoformat(),)).fetchone() is None:
        raise LookupFailed(f"no meeting on {day.isoformat()}")
    return "m.date = ?", [day.isoformat()]


def _board_ids(conn: sqlite3.Connection, name: str) -> list[int]:
    rows = conn.execute("SELECT id, name FROM boards WHERE name LIKE ? ESCAPE '\\'",
                        (_like(name),)).fetchall()
    exact = [r[0] for r in rows if r[1].lower() == name.strip().lower()]
    if exact:
        return exact
    if not rows:
        raise LookupFailed(f"no board called {name.strip()!r}")
    return [r[0] for r in rows]


# The restriction column and its joins are the rule's own SQL (domain/restriction.py).
_SELECT = f"""
SELECT a.id, a.owner, a.task, m.date, a.meeting_id, b.name, a.item_id, i.title,
       a.due, a.status, a.rag, a.created,
       {ACTION_RESTRICTED_SQL}
FROM actions a
JOIN meetings m ON m.id = a.meeting_id
JOIN boards b ON b.id = m.board_id
{ACTION_ITEMS_SQL}
"""
_ORDER = " ORDER BY m.date, a.meeting_id, a.item_id, a.position, a.id"


def owner_fts_query(text: str) -> str:
    """``--owner`` text -> an FTS5 query on the owner column: the words in a row, the
    last one as a prefix ("jade" finds "Jade Hodgson", "woodhams and chris" finds
    "Jonathan Woodhams and Chris Lyons")."""
    words = " ".join(text.replace('"', " ").split())
    return f'owner : "{words}"*' if words else ""


def find_actions(conn: sqlite3.Connection, f: Filters) -> list[dict[str, Any]]:
    """The actions matching ``f``, oldest meeting first, as plain dicts (see FIELDS)."""
    return list(ActionRows(conn, f))


class ActionRows:
    """The actions matching ``f`` as a stream of dicts, read from the database as they
    are printed, so a table can measure its columns in one pass and draw in a second,
    with memory flat in the number of rows: an iteration runs the query again, unless
    the whole answer of the last full pass was at most :attr:`BATCH` rows, which are
    then given again (the usual ``--owner`` lookup: the query and the item numbering
    were half of its process's time on a big file, and ran twice).
    """

    #: Rows fetched at a time; their meetings' item numbers are looked up per batch.
    #: Also the most rows kept from one pass for the next.
    BATCH = 1000

    def __init__(self, conn: sqlite3.Connection, f: Filters) -> None:
        self.conn = conn
        self.filters = f
        self.sql, self.args = _query(conn, f)  # bad filters fail here, before output
        self._kept: list[tuple[Any, ...]] | None = None

    def __iter__(self) -> Iterator[dict[str, Any]]:
        # A dict display, not dict(zip(FIELDS, ...)): the table reads every row twice.
        for (aid, owner, task, date, meeting_id, board, number, title, due, status, rag,
             created, age, restricted) in self.tuples():
            yield {"id": aid, "owner": owner, "action": task, "meeting_date": date,
                   "meeting_id": meeting_id, "board": board, "item_number": number,
                   "item_title": title, "due": due, "status": status, "rag": rag,
                   "created": created, "age_days": age, "restricted": restricted}

    def tuples(self) -> Iterator[tuple[Any, ...]]:
        """The same rows as tuples of :data:`FIELDS`, for the writers that need no
        names (CSV): a dict a row costs more than writing the row."""
        if self._kept is not None:
            yield from self._kept
            return
        kept: list[tuple[Any, ...]] | None = []
        cur = self.conn.execute(self.sql, self.args)
        f = self.filters
        while batch := cur.fetchmany(self.BATCH):
            # Rows come meeting by meeting: the numbers of this batch's meetings only.
            numbers = _item_numbers(self.conn, {r[4] for r in batch if r[6] is not None})
            if kept is not None and len(kept) + len(batch) > self.BATCH:
                kept = None  # too many to keep: memory stays flat, the next pass re-reads
            for r in batch:
                row = _as_tuple(r, numbers, f)
                if kept is not None:
                    kept.append(row)
                yield row
        # Reached only when the pass ran to its end (a reader that stopped early
        # saw part of the answer).
        self._kept = kept


def _query(conn: sqlite3.Connection, f: Filters) -> tuple[str, list[Any]]:
    """The SQL and arguments of :class:`ActionRows`.

    The query is shaped for speed on a big file: the owner and search filters and the
    status are each answered from an index alone (the FTS table, ``action_owners`` by
    person, ``actions (status, ...)``), the id sets are intersected, and only then
    are the matching action rows read. Filtering action rows one by one reads most of
    the file's pages, which costs tens of milliseconds in a fresh process.
    """
    where: list[str] = []
    args: list[Any] = []
    if f.statuses:
        statuses = list(dict.fromkeys(normalise_status(s) for s in f.statuses))
    elif f.include_closed:
        statuses = list(STATUSES)
    else:
        statuses = list(OPEN_STATUSES)
    if f.overdue:
        statuses = [s for s in statuses if s in OPEN_STATUSES]
        # Only a due date written as a date can be overdue; "ASAP" cannot be judged.
        where.append("a.due GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND a.due < ?")
        args.append(f.today.isoformat())

    # Sets of action ids, each from an index; the actions shown are in all of them.
    id_sets: list[str] = []
    set_args: list[Any] = []
    if f.owner.strip():
        # The owner as written ("Jonathan Woodhams and Chris Lyons"), or any roster
        # person whose name contains the text and whom the owner resolved to.
        people = [pid for (pid,) in conn.execute(
            "SELECT id FROM people WHERE name LIKE ? ESCAPE '\\'", (_like(f.owner),))]
        parts: list[str] = []
        query = owner_fts_query(f.owner)
        if query:
            parts.append("SELECT rowid FROM actions_fts WHERE actions_fts MATCH ?")
            set_args.append(query)
        if people:
            parts.append("SELECT action_id FROM action_owners WHERE person_id IN "
                         f"({','.join('?' for _ in people)})")
            set_args.extend(people)
        id_sets.append(" UNION ".join(parts) if parts else "SELECT NULL WHERE 0")
    if f.search.strip():
        query = fts_query(f.search)
        if query:
            id_sets.append("SELECT rowid FROM actions_fts WHERE actions_fts MATCH ?")
            set_args.append(query)
    if (f.search.strip() or f.owner.strip()) and not f.full:
        # A hit on withheld text (the task, notes or owner) would tell what a
        # restricted action says or whose it is.
        where.append(f"NOT {ACTION_RESTRICTED_SQL}")
    status_sql = ""
    if len(statuses) < len(STATUSES):
        # Covered by the (status, meeting_id) index: no action row is read.
        status_sql = ("SELECT id FROM actions WHERE status IN "
                      f"({','.join('?' for _ in statuses) or 'NULL'})")
    if id_sets:
        compound = [f"SELECT * FROM ({s})" for s in id_sets]
        compound_args = list(set_args)
        if status_sql:
            compound.insert(0, status_sql)
            compound_args = [*statuses, *compound_args]
        where.append(f"a.id IN ({' INTERSECT '.join(compound)})")
        args.extend(compound_args)
    elif status_sql:
        where.append(f"a.status IN ({','.join('?' for _ in statuses) or 'NULL'})")
        args.extend(statuses)

    if f.since:
        where.append("m.date >= ?")
        args.append(f.since.isoformat())
    if f.meeting.strip():
        clause, more = _meeting_clause(conn, f.meeting)
        where.append(clause)
        args.extend(more)
    if f.board.strip():
        ids = _board_ids(conn, f.board)
        where.append(f"m.board_id IN ({','.join('?' for _ in ids)})")
        args.extend(ids)
    sql = _SELECT + (" WHERE " + " AND ".join(where) if where else "") + _ORDER
    return sql, args


def _item_numbers(conn: sqlite3.Connection, meeting_ids: set[int]) -> dict[int, str]:
    """Item id -> its agenda number ("4", "14(ii)"), numbered as the app numbers them."""
    out: dict[int, str] = {}
    ids = sorted(meeting_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        rows = conn.execute(
            f"SELECT id, meeting_id, parent_id FROM items WHERE meeting_id IN "
            f"({','.join('?' for _ in chunk)}) ORDER BY meeting_id, position, id", chunk)
        agendas: dict[int, list[tuple[int, int | None]]] = {}
        for item_id, meeting_id, parent_id in rows:
            agendas.setdefault(meeting_id, []).append((item_id, parent_id))
        for agenda in agendas.values():
            own = number_items(agenda)
            for item_id, parent_id in agenda:
                out[item_id] = own[item_id] if parent_id is None else full_number(
                    own.get(parent_id, "?"), own[item_id])
    return out


def _age(created: str | None, today: dt.date) -> int | None:
    # Called with the meeting's date: an action is as old as the board that raised it.
    if not created:
        return None
    try:
        return (today - dt.date.fromisoformat(created[:10])).days
    except ValueError:
        return None


def _as_tuple(r: Sequence[Any], numbers: dict[int, str], f: Filters) -> tuple[Any, ...]:
    """One query row as the values of :data:`FIELDS`, restricted text withheld."""
    (aid, owner, task, date, meeting_id, board, item_id, item_title, due, status, rag,
     created, restricted) = r
    restricted = bool(restricted)
    if restricted and not f.full:
        # Who does what by when under a restricted item is withheld, not just what.
        owner = task = due = RESTRICTED_TEXT
    return (aid, owner, task, date, meeting_id, board,
            numbers.get(item_id, "") if item_id is not None else "",
            item_title or "", due, status, rag or "", created,
            _age(date or created, f.today), restricted)


def find_action(conn: sqlite3.Connection, action_id: int, *, full: bool = False,
                today: dt.date | None = None) -> dict[str, Any]:
    """One action with its history (``history``: list of dicts); LookupFailed if absent."""
    f = Filters(full=full, today=today or dt.date.today())
    row = conn.execute(_SELECT + " WHERE a.id = ?", (action_id,)).fetchone()
    if row is None:
        raise LookupFailed(f"no action with id {action_id}")
    values = _as_tuple(row, _item_numbers(conn, {row[4]}), f)
    out = dict(zip(FIELDS, values, strict=True))
    withhold = out["restricted"] and not full
    # Where each change came from (a reply file); a file too old to say has no source.
    has_source = any(r[1] == "source" for r in conn.execute(
        "PRAGMA table_info(action_updates)"))
    out["history"] = [
        {"at": at, "status": status or "",
         "note": RESTRICTED_TEXT if withhold and note else note,
         # "owner: A -> B; due: X -> Y" says as much as the owner and due themselves.
         "change": RESTRICTED_TEXT if withhold and change else change,
         "source": source}
        for at, status, note, change, source in conn.execute(
            f"SELECT at, status, note, change, {'source' if has_source else chr(39) * 2} "
            "FROM action_updates WHERE action_id = ? ORDER BY at, id", (action_id,))]
    out["owner_names"] = [] if withhold else [n for (n,) in conn.execute(
        "SELECT pe.name FROM action_owners o JOIN people pe ON pe.id = o.person_id "
        "WHERE o.action_id = ? ORDER BY o.rowid", (action_id,))]
    return out
