"""The fast, read-only action lookup behind ``csp actions``.

A person should not be able to tell ``csp actions`` from ``ls``, so this module uses
the standard library's ``sqlite3`` and nothing else: no pydantic, sqlite-utils, docx,
textual or typer, and not even rich: the table on a terminal is drawn here.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Sequence
from pathlib import Path

# Not `from typing import ...`: typing and dataclasses cost milliseconds at start-up
# and this module is the fast path. Annotations are strings (PEP 563), so the names
# are needed only by type checkers.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import IO, Any

OPEN_STATUSES = ("open", "in progress")
STATUSES = ("open", "in progress", "completed", "dropped")
FORMATS = ("table", "csv", "json", "md")
RESTRICTED_TEXT = "[restricted]"

#: Column keys of CSV and JSON output, in order.
FIELDS = ("id", "owner", "action", "meeting_date", "meeting_id", "board", "item_number",
          "item_title", "due", "status", "rag", "created", "age_days", "restricted")
#: (heading, key) of the table and Markdown output.
COLUMNS = (("ID", "id"), ("Owner", "owner"), ("Action", "action"),
           ("Meeting", "meeting_date"), ("Item", "item"), ("Due", "due"),
           ("Status", "status"), ("Age", "age_days"))

_ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii",
          "xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx"]


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


# ---------------------------------------------------------------------- connection


def storage_db() -> Any:
    """The module :mod:`csp_tui.storage.connection` (standard library only)."""
    from csp_tui.storage import connection as db

    return db


def open_readonly(path: Path) -> sqlite3.Connection:
    """A connection that cannot change the database, safe beside a writing app.

    ``mode=ro`` first; SQLite refuses that for a WAL database in some setups (no
    ``-shm`` file and no right to create one), so then a normal connection with
    ``query_only`` so that nothing here can write.
    """
    db = storage_db()
    StorageError, check_file, connect = db.StorageError, db.check_file, db.connect
    if not path.exists() or path.stat().st_size == 0:
        raise StorageError(f"no database at {path}; create a meeting with csp new")
    check_file(path)  # also reads through the -wal file of a new database the app has open
    try:
        conn = connect(path, readonly=True)
        conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone()
    except sqlite3.Error:
        try:
            conn = connect(path)
            conn.execute("PRAGMA query_only = ON")
            conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone()
        except sqlite3.Error as exc:
            raise StorageError(f"cannot read {path}: {exc}") from None
    return conn


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


_SELECT = """
SELECT a.id, a.owner, a.task, m.date, a.meeting_id, b.name, a.item_id, i.title,
       a.due, a.status, a.rag, a.created,
       coalesce(i.restricted, 0) OR coalesce(p.restricted, 0)
FROM actions a
JOIN meetings m ON m.id = a.meeting_id
JOIN boards b ON b.id = m.board_id
LEFT JOIN items i ON i.id = a.item_id
LEFT JOIN items p ON p.id = i.parent_id
"""
_ORDER = " ORDER BY m.date, a.meeting_id, a.item_id, a.position, a.id"


def owner_fts_query(text: str) -> str:
    """``--owner`` text -> an FTS5 query on the owner column: the words in a row, the
    last one as a prefix ("jade" finds "Jade Hodgson", "woodhams and chris" finds
    "Jonathan Woodhams and Chris Lyons")."""
    words = " ".join(text.replace('"', " ").split())
    return f'owner : "{words}"*' if words else ""


def find_actions(conn: sqlite3.Connection, f: Filters) -> list[dict[str, Any]]:
    """The actions matching ``f``, oldest meeting first, as plain dicts (see FIELDS).

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
            if not f.full:
                # A hit on withheld text would tell what a restricted action says.
                where.append("NOT (coalesce(i.restricted, 0) OR coalesce(p.restricted, 0))")
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
    rows = conn.execute(sql, args).fetchall()
    numbers = _item_numbers(conn, {r[4] for r in rows if r[6] is not None})
    return [_as_dict(r, numbers, f) for r in rows]


def _item_numbers(conn: sqlite3.Connection, meeting_ids: set[int]) -> dict[int, str]:
    """Item id -> its agenda number ("4", "14(ii)"), numbered as the app numbers them."""
    out: dict[int, str] = {}
    ids = sorted(meeting_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        rows = conn.execute(
            f"SELECT id, meeting_id, parent_id FROM items WHERE meeting_id IN "
            f"({','.join('?' for _ in chunk)}) ORDER BY meeting_id, position, id", chunk)
        top: dict[int, int] = {}
        subs: dict[int, int] = {}
        pending: list[tuple[int, int]] = []
        for item_id, meeting_id, parent_id in rows:
            if parent_id is None:
                top[meeting_id] = top.get(meeting_id, 0) + 1
                out[item_id] = str(top[meeting_id])
            else:
                pending.append((item_id, parent_id))
        for item_id, parent_id in pending:
            subs[parent_id] = k = subs.get(parent_id, 0) + 1
            roman = _ROMAN[k - 1] if k <= len(_ROMAN) else str(k)
            out[item_id] = f"{out.get(parent_id, '?')}({roman})"
    return out


def _age(created: str | None, today: dt.date) -> int | None:
    if not created:
        return None
    try:
        return (today - dt.date.fromisoformat(created[:10])).days
    except ValueError:
        return None


def _as_dict(r: Sequence[Any], numbers: dict[int, str], f: Filters) -> dict[str, Any]:
    (aid, owner, task, date, meeting_id, board, item_id, item_title, due, status, rag,
     created, restricted) = r
    restricted = bool(restricted)
    return {
        "id": aid, "owner": owner,
        "action": RESTRICTED_TEXT if restricted and not f.full else task,
        "meeting_date": date, "meeting_id": meeting_id, "board": board,
        "item_number": numbers.get(item_id, "") if item_id is not None else "",
        "item_title": item_title or "", "due": due, "status": status, "rag": rag or "",
        "created": created, "age_days": _age(created, f.today), "restricted": restricted,
    }


def find_action(conn: sqlite3.Connection, action_id: int, *, full: bool = False,
                today: dt.date | None = None) -> dict[str, Any]:
    """One action with its history (``history``: list of dicts); LookupFailed if absent."""
    f = Filters(full=full, today=today or dt.date.today())
    row = conn.execute(_SELECT + " WHERE a.id = ?", (action_id,)).fetchone()
    if row is None:
        raise LookupFailed(f"no action with id {action_id}")
    out = _as_dict(row, _item_numbers(conn, {row[4]}), f)
    withhold = out["restricted"] and not full
    out["history"] = [
        {"at": at, "status": status or "",
         "note": RESTRICTED_TEXT if withhold and note else note, "change": change}
        for at, status, note, change in conn.execute(
            "SELECT at, status, note, change FROM action_updates WHERE action_id = ? "
            "ORDER BY at, id", (action_id,))]
    out["owner_names"] = [n for (n,) in conn.execute(
        "SELECT pe.name FROM action_owners o JOIN people pe ON pe.id = o.person_id "
        "WHERE o.action_id = ? ORDER BY o.rowid", (action_id,))]
    return out


# ---------------------------------------------------------------------- output


def _cell(row: dict[str, Any], key: str) -> str:
    if key == "item":
        return " ".join(p for p in (row["item_number"], row["item_title"]) if p)
    value = row.get(key)
    return "" if value is None else str(value)


def write_actions(rows: list[dict[str, Any]], fmt: str, out: IO[str], *,
                  terminal: bool | None = None, today: dt.date | None = None) -> None:
    """Print ``rows`` as a table, CSV, JSON or Markdown.

    A table on a terminal has colour and box lines; anywhere else
    it is plain aligned text with no escape codes, so scripts and ``grep`` see stable
    output.
    """
    if fmt not in FORMATS:
        raise LookupFailed(f"unknown format {fmt!r} (use one of: {', '.join(FORMATS)})")
    if fmt == "json":
        import json  # here, not at the top: each format pays only for its own module

        json.dump([{k: r[k] for k in FIELDS} for r in rows], out, indent=2)
        out.write("\n")
    elif fmt == "csv":
        import csv

        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(FIELDS)
        writer.writerows([["" if r[k] is None else r[k] for k in FIELDS] for r in rows])
    elif fmt == "md":
        def esc(s: str) -> str:
            return s.replace("|", "\\|").replace("\n", " ")

        out.write("| " + " | ".join(h for h, _ in COLUMNS) + " |\n")
        out.write("|" + "|".join("---:" if k in ("id", "age_days") else "---"
                                 for _, k in COLUMNS) + "|\n")
        for r in rows:
            out.write("| " + " | ".join(esc(_cell(r, k)) for _, k in COLUMNS) + " |\n")
    else:
        if terminal is None:
            terminal = out.isatty()
        if terminal:
            _box_table(rows, out, today or dt.date.today())
        else:
            _plain_table(rows, out)


def _plain_table(rows: list[dict[str, Any]], out: IO[str]) -> None:
    cells = [[h for h, _ in COLUMNS]]
    cells += [[" ".join(_cell(r, k).split()) for _, k in COLUMNS] for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(COLUMNS))]
    right = {0, len(COLUMNS) - 1}  # id and age are numbers
    for line in cells:
        parts = [c.rjust(w) if i in right else c.ljust(w)
                 for i, (c, w) in enumerate(zip(line, widths, strict=True))]
        out.write("  ".join(parts).rstrip() + "\n")


#: Terminal colours (SGR codes) of the table drawn on a terminal.
_STATUS_STYLE = {"open": "33", "in progress": "36", "completed": "32", "dropped": "2"}
_WRAP_SHARE = {"owner": 2, "action": 4, "item": 2}  # how spare width is shared out
_MIN_WIDTH = {"owner": 8, "action": 16, "item": 8}


def _box_table(rows: list[dict[str, Any]], out: IO[str], today: dt.date,
               width: int | None = None) -> None:
    """A table with box lines and colour, fitted to the terminal's width.

    Drawn here rather than with rich: rich's import and layout cost about 300 ms for
    300 rows, against a few for this, and "csp actions" must answer in a blink.
    """
    import os
    import textwrap

    if width is None:
        try:
            width = os.get_terminal_size(out.fileno()).columns
        except (OSError, ValueError, AttributeError):
            width = 100
    colour = not os.environ.get("NO_COLOR")
    keys = [k for _, k in COLUMNS]
    table = [[h for h, _ in COLUMNS]]
    table += [[" ".join(_cell(r, k).split()) for k in keys] for r in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(keys))]
    # Cells are padded with a space each side, unless the terminal is too narrow for
    # the shortest readable table (an 80-column window): then the lines alone part them.
    least = sum(_MIN_WIDTH.get(k, w) for k, w in zip(keys, widths, strict=True))
    pad = 1 if least + 3 * len(keys) + 1 <= width else 0
    spare = width - (sum(widths) + (2 * pad + 1) * len(keys) + 1)
    if spare < 0:
        # Narrow the wrapping columns (action, owner, item) in proportion to their
        # share, never below a readable minimum.
        wrap = [i for i, k in enumerate(keys) if k in _WRAP_SHARE]
        room = max(0, sum(widths[i] for i in wrap) + spare)
        shares = sum(_WRAP_SHARE[keys[i]] for i in wrap)
        for i in sorted(wrap, key=lambda i: widths[i]):
            fair = room * _WRAP_SHARE[keys[i]] // shares
            widths[i] = max(_MIN_WIDTH[keys[i]], min(widths[i], fair))
            room -= widths[i]
            shares -= _WRAP_SHARE[keys[i]]

    def paint(text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if colour and code and text.strip() else text

    gap = " " * pad

    def rule(left: str, mid: str, right: str) -> str:
        return left + mid.join("─" * (w + 2 * pad) for w in widths) + right + "\n"

    def draw(cells: list[str], styles: list[str]) -> None:
        wrapped = [textwrap.wrap(c, w, break_long_words=True, break_on_hyphens=False) or [""]
                   for c, w in zip(cells, widths, strict=True)]
        for n in range(max(len(w) for w in wrapped)):
            parts = []
            for i, lines in enumerate(wrapped):
                text = lines[n] if n < len(lines) else ""
                text = text.rjust(widths[i]) if keys[i] in ("id", "age_days") \
                    else text.ljust(widths[i])
                parts.append(paint(text, styles[i]))
            out.write(f"│{gap}" + f"{gap}│{gap}".join(parts) + f"{gap}│\n")

    out.write(rule("╭", "┬", "╮"))
    draw(table[0], ["1"] * len(keys))
    out.write(rule("├", "┼", "┤"))
    late_before = today.isoformat()
    for r, cells in zip(rows, table[1:], strict=True):
        due = r["due"]
        late = (r["status"] in OPEN_STATUSES and len(due) == 10 and due[4] == "-"
                and due < late_before)
        styles = ["" for _ in keys]
        styles[keys.index("due")] = "1;31" if late else ""
        styles[keys.index("status")] = _STATUS_STYLE.get(r["status"], "")
        styles[keys.index("action")] = "35" if r["restricted"] else ""
        draw(cells, styles)
    out.write(rule("╰", "┴", "╯"))


def write_action(action: dict[str, Any], out: IO[str]) -> None:
    """``csp actions show``: one action and its history, as plain text."""
    item = " ".join(p for p in (action["item_number"], action["item_title"]) if p)
    lines = [
        f"Action {action['id']} ({action['status']})",
        f"Owner:    {action['owner'] or '-'}",
    ]
    names = [n for n in action.get("owner_names", []) if n != action["owner"]]
    if names:
        lines.append(f"          ({', '.join(names)})")
    lines += [
        f"Action:   {action['action']}",
        f"Raised:   {action['meeting_date']}, {action['board']}"
        + (f", item {item}" if item else ""),
        f"Due:      {action['due'] or '-'}",
        f"RAG:      {action['rag'] or '-'}",
        f"Created:  {_when(action['created'])} ({action['age_days']} days ago)",
        "History:" if action["history"] else "History:  none",
    ]
    for h in action["history"]:
        what = "; ".join(p for p in (h["change"], h["note"]) if p)
        lines.append(f"  {_when(h['at'])}  {what}")
    out.write("\n".join(lines) + "\n")


def _when(ts: str | None) -> str:
    """A stored UTC timestamp as "2021-03-31 09:00 UTC"."""
    if not ts:
        return "-"
    try:
        moment = dt.datetime.fromisoformat(ts).astimezone(dt.UTC)
    except ValueError:
        return ts
    return moment.strftime("%Y-%m-%d %H:%M UTC")
