"""Chasing actions between two boards (issue 24): whose open actions are due, to whom
a reminder goes, and which actions the chair should ask about at the next meeting.

Read with plain SQL in a few set-wide queries (the action rows of
:class:`csp_tui.storage.action_query.ActionRows`, whose ``restricted`` column states
the one restriction rule in SQL, kept equal to :mod:`csp_tui.domain.restriction` by a
property test), so that the reminders for a hundred thousand actions take about as long
as listing them. The e-mails, calendars and the chair's table are the exporters' work.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field

from csp_tui.domain.dates import due_date
from csp_tui.storage.action_query import OPEN_STATUSES, ActionRows, Filters, LookupFailed
from csp_tui.storage.action_versions import action_versions, database_identity

__all__ = ["ChaseAction", "Owner", "Reminders", "chase_actions", "chase_list",
           "database_identity", "gather", "next_meeting_date", "slug"]


@dataclass(frozen=True)
class ChaseAction:
    """One action as a reminder, calendar entry or chase list shows it."""

    id: int
    version: int
    owner: str
    task: str
    board: str
    board_id: int
    meeting_id: int
    meeting_date: str
    item: str
    due: str
    status: str
    rag: str
    restricted: bool

    @property
    def due_day(self) -> dt.date | None:
        """The due date, when it is written as one ("ASAP" has none)."""
        return due_date(self.due) if len(self.due) == 10 else None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


@dataclass
class Owner:
    """Someone a reminder goes to: a roster person (with an address, or none), or an
    owner written as words that match no one ("MPS")."""

    name: str
    email: str
    person_id: int | None
    board: str
    board_id: int
    actions: list[ChaseAction] = field(default_factory=list)


@dataclass
class Reminders:
    """What :func:`gather` found: the owners with their actions, the restricted actions
    left out (without ``full``), each board's next meeting, the note taker's roster
    entry (name, address) per board and the database's identity."""

    owners: list[Owner]
    #: Every owner's open actions, whatever they are due (the calendars').
    every: list[Owner]
    #: Ids of the restricted actions the drafts leave out.
    withheld: set[int]
    #: Ids of every restricted action left out (the calendars neither send nor cancel them).
    restricted: set[int]
    next_meetings: dict[int, dt.date | None]
    note_takers: dict[int, tuple[str, str]]
    identity: str


def slug(text: str) -> str:
    """A file name's stem from a name: "Jade Hodgson" -> "jade-hodgson"."""
    s = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")
    return s[:60].strip("-") or "owner"


def chase_actions(conn: sqlite3.Connection, filters: Filters,
                  versions: dict[int, int] | None = None) -> Iterable[ChaseAction]:
    """The actions matching ``filters`` (the rows of ``csp actions``, in its order) with
    their versions (``versions``: found here when not given)."""
    if versions is None:
        versions = action_versions(conn)
    boards = {m: b for m, b in conn.execute("SELECT id, board_id FROM meetings")}
    for r in ActionRows(conn, filters):
        yield ChaseAction(
            id=r["id"], version=versions.get(r["id"], 1), owner=r["owner"] or "",
            task=r["action"], board=r["board"], board_id=boards[r["meeting_id"]],
            meeting_id=r["meeting_id"], meeting_date=r["meeting_date"],
            item=" ".join(p for p in (r["item_number"], r["item_title"]) if p),
            due=r["due"] or "", status=r["status"], rag=r["rag"] or "",
            restricted=bool(r["restricted"]))


def next_meeting_date(conn: sqlite3.Connection, board_id: int,
                      today: dt.date) -> dt.date | None:
    """The board's next meeting: its first meeting on or after ``today``, else the
    "Date of Next Meeting" its latest meeting set; None if neither is known."""
    row = conn.execute("SELECT min(date) FROM meetings WHERE board_id = ? AND date >= ?",
                       (board_id, today.isoformat())).fetchone()
    if row[0] is None:
        row = conn.execute("SELECT next_date FROM meetings WHERE board_id = ? "
                           "ORDER BY date DESC, id DESC LIMIT 1", (board_id,)).fetchone()
    try:
        return dt.date.fromisoformat(row[0]) if row and row[0] else None
    except ValueError:
        return None


def _note_taker(conn: sqlite3.Connection, board_id: int) -> tuple[str, str]:
    """The note taker of the board's latest meeting and their roster address."""
    row = conn.execute("SELECT note_taker FROM meetings WHERE board_id = ? "
                       "ORDER BY date DESC, id DESC LIMIT 1", (board_id,)).fetchone()
    name = (row[0] or "").strip() if row else ""
    if not name:
        return "", ""
    found = conn.execute("SELECT name, email FROM people WHERE board_id = ? AND "
                         "name = ? COLLATE NOCASE", (board_id, name)).fetchone()
    return (found[0], found[1] or "") if found else (name, "")


def gather(conn: sqlite3.Connection, *, owner: str = "", board: str = "",
           due_within: int | None = None, overdue: bool = False, full: bool = False,
           today: dt.date | None = None) -> Reminders:
    """The owners to remind and their open actions, oldest meeting first, in one pass.

    ``owners``: the drafts' (``due_within`` N: due from today to N days on; ``overdue``:
    due before today; both: either; neither: every open action). ``every``: each
    owner's open actions whatever they are due, for the calendars (an entry the owner
    has and the due filters left out would otherwise be taken as closed). An action
    owned by several roster people goes to each; one whose owner matches no roster
    person goes to the owner as written. Restricted actions are left out unless
    ``full``: ``withheld`` those the drafts would have had, ``restricted`` every one.
    """
    today = today or dt.date.today()
    # full=True: the rows carry the restricted text, which is withheld here, row by
    # row, so that the ones left out can be counted.
    filters = Filters(owner=owner, board=board, full=True, today=today)
    owners_of: dict[int, list[tuple[int, str, str]]] = {}
    for aid, pid, name, email in conn.execute(
            "SELECT o.action_id, p.id, p.name, p.email FROM action_owners o "
            "JOIN people p ON p.id = o.person_id ORDER BY o.rowid"):
        owners_of.setdefault(aid, []).append((pid, name, email or ""))
    first = today.isoformat()
    latest = (today + dt.timedelta(days=due_within)).isoformat() \
        if due_within is not None else ""
    filtered = due_within is not None or overdue
    drafts: dict[tuple[int, object], Owner] = {}
    every: dict[tuple[int, object], Owner] = {}
    withheld: set[int] = set()
    restricted: set[int] = set()
    wanted = owner.strip().casefold()
    for a in chase_actions(conn, filters, action_versions(conn)):
        day = a.due if a.due_day else ""
        chosen = not filtered or bool(day) and (
            overdue and day < first or due_within is not None and first <= day <= latest)
        if a.restricted and not full:
            restricted.add(a.id)
            if chosen:
                withheld.add(a.id)
            continue
        people = owners_of.get(a.id) or []
        if wanted and people:
            # --owner names one person: an action shared with others goes to them only.
            mine = [p for p in people if wanted in p[1].casefold()]
            people = mine or people
        keys: list[tuple[tuple[int, object], str, str, int | None]] = [
            ((a.board_id, pid), name, email, pid) for pid, name, email in people]
        if not keys and a.owner.strip():
            keys = [((a.board_id, a.owner.strip().casefold()), a.owner.strip(), "", None)]
        for key, name, email, pid in keys:
            for group, wanted_here in ((every, True), (drafts, chosen)):
                if wanted_here:
                    if key not in group:
                        group[key] = Owner(name, email, pid, a.board, a.board_id)
                    group[key].actions.append(a)
    boards = {o.board_id for o in every.values()}

    def ordered(group: dict[tuple[int, object], Owner]) -> list[Owner]:
        return sorted(group.values(), key=lambda o: (o.board, o.name.casefold()))

    return Reminders(
        owners=ordered(drafts), every=ordered(every), withheld=withheld,
        restricted=restricted,
        next_meetings={b: next_meeting_date(conn, b, today) for b in boards},
        note_takers={b: _note_taker(conn, b) for b in boards},
        identity=database_identity(conn))


@dataclass(frozen=True)
class ChaseItem:
    """An action on the chair's chase list, with why it is on it."""

    action: ChaseAction
    reasons: tuple[str, ...]


@dataclass
class ChaseList:
    """The board's next meeting, its last one, and the actions to chase."""

    board: str
    next_meeting: dt.date | None
    last_meeting: dt.date | None
    items: list[ChaseItem]
    #: The board's id: its house style words and marks the list.
    board_id: int | None = None


def chase_list(conn: sqlite3.Connection, board: str = "",
               today: dt.date | None = None) -> ChaseList:
    """For the board's next meeting: its open actions with no update since the last
    meeting, the overdue ones and those due before the meeting, in the order the
    Minutes and Action Log item takes them (:meth:`MinutesStore.carried_actions`:
    oldest meeting first, then the item and the line). ``board``: a board's name
    (needed only when there are several)."""
    today = today or dt.date.today()
    rows = conn.execute("SELECT id, name FROM boards ORDER BY name").fetchall()
    if board.strip():
        rows = [r for r in rows if r[1].casefold() == board.strip().casefold()] or \
            [r for r in rows if board.strip().casefold() in r[1].casefold()]
        if not rows:
            raise LookupFailed(f"no board called {board.strip()!r}")
    used = [r for r in rows if conn.execute(
        "SELECT 1 FROM meetings WHERE board_id = ? LIMIT 1", (r[0],)).fetchone()]
    if not used:
        raise LookupFailed("there are no meetings yet")
    if len(used) > 1:
        raise LookupFailed("several boards have meetings: name one with --board ("
                           + ", ".join(r[1] for r in used) + ")")
    board_id, board_name = used[0]
    upcoming = next_meeting_date(conn, board_id, today)
    before = (upcoming or today + dt.timedelta(days=1)).isoformat()
    last = conn.execute("SELECT max(date) FROM meetings WHERE board_id = ? AND date < ?",
                        (board_id, before)).fetchone()[0]
    last_day = dt.date.fromisoformat(last) if last else None
    updated: dict[int, str] = dict(conn.execute(
        "SELECT action_id, max(at) FROM action_updates GROUP BY action_id"))
    filters = Filters(full=True, today=today)
    items: list[ChaseItem] = []
    for a in chase_actions(conn, filters, action_versions(conn)):
        if a.board_id != board_id or a.meeting_date >= before:
            continue
        reasons: list[str] = []
        day = a.due_day
        if day is not None and day < today:
            reasons.append("overdue")
        elif day is not None and upcoming is not None and day < upcoming:
            reasons.append("due before the meeting")
        # No update since the last meeting (an update on its day counts as since).
        if last and updated.get(a.id, "")[:10] < last:
            reasons.append(f"no update since {last}")
        if reasons:
            items.append(ChaseItem(a, tuple(reasons)))
    return ChaseList(board_name, upcoming, last_day, items, board_id)
