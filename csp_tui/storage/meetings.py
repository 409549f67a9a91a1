"""Boards, meetings, their agenda items and the items' timers, and the forward plan."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import Any

from csp_tui.domain.agenda import DEFAULT_BOARD, STANDARD_ITEMS, number_items
from csp_tui.domain.models import (
    AgendaItem,
    Board,
    ForwardPlanItem,
    ItemState,
    Meeting,
    MeetingState,
    NextMeeting,
    Timing,
)
from csp_tui.domain.restriction import restricted_title
from csp_tui.storage.convert import hm, parse_hm, parse_ts, ts
from csp_tui.storage.journal import Store


class MeetingsStore(Store):
    """Boards, meetings, agenda items, their timers and the forward plan."""

    def board(self, name: str = DEFAULT_BOARD) -> Board:
        """The board called ``name``, created if new."""
        board = Board(name=name)
        row = self.conn.execute("SELECT id, name FROM boards WHERE name = ?",
                                (board.name,)).fetchone()
        if row:
            return Board(id=row[0], name=row[1])
        with self.journal.transaction(f"add board {board.name}"):
            board_id = self.journal.insert("boards", {"name": board.name})
        return Board(id=board_id, name=board.name)

    def boards(self) -> list[Board]:
        return [Board.model_construct(id=r[0], name=r[1])
                for r in self.conn.execute("SELECT id, name FROM boards ORDER BY name")]


    # ------------------------------------------------------------------ meetings

    @staticmethod
    def _meeting(r: dict[str, Any], board_name: str = "") -> Meeting:
        nxt = None
        if r["next_date"]:
            nxt = NextMeeting.model_construct(
                date=dt.date.fromisoformat(r["next_date"]), start=parse_hm(r["next_start"]),
                end=parse_hm(r["next_end"]), venue=r["next_venue"], chair=r["next_chair"])
        return Meeting.model_construct(
            id=r["id"], board_id=r["board_id"], board_name=board_name,
            date=dt.date.fromisoformat(r["date"]), start=parse_hm(r["start"]),
            end=parse_hm(r["end"]), venue=r["venue"], chair=r["chair"],
            note_taker=r["note_taker"], state=MeetingState(r["state"]), next_meeting=nxt,
            current_item_id=r["current_item_id"], draft=r["draft"])

    _MEETING_SQL = ("SELECT meetings.*, boards.name AS board_name FROM meetings "
                    "JOIN boards ON boards.id = meetings.board_id")

    def meeting(self, meeting_id: int) -> Meeting:
        rows = list(self.journal.query(f"{self._MEETING_SQL} WHERE meetings.id = ?", [meeting_id]))
        if not rows:
            raise LookupError(f"no meeting with id {meeting_id}")
        return self._meeting(rows[0], rows[0]["board_name"])

    def meeting_dates(self, meeting_ids: Iterable[int]) -> dict[int, dt.date]:
        """The date of each meeting in ``meeting_ids``, in one query whatever their
        number (a JSON backup's earlier meetings)."""
        return {mid: dt.date.fromisoformat(day) for mid, day in self.conn.execute(
            "SELECT id, date FROM meetings WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(set(meeting_ids))),))}

    def meetings(self, board_id: int | None = None) -> list[Meeting]:
        """All meetings, newest first."""
        where, args = ("WHERE meetings.board_id = ?", [board_id]) if board_id else ("", [])
        return [self._meeting(r, r["board_name"]) for r in self.journal.query(
            f"{self._MEETING_SQL} {where} ORDER BY date DESC, meetings.id DESC", args)]

    def latest_meeting(self, board: str | None = None) -> Meeting | None:
        """The live meeting if there is one, else the newest: of ``board`` (the user's
        default board) when it has any meetings, else of any board."""
        order = "ORDER BY state = 'live' DESC, date DESC, meetings.id DESC LIMIT 1"
        rows = list(self.journal.query(f"{self._MEETING_SQL} WHERE boards.name = ? {order}",
                                [board])) if board else []
        rows = rows or list(self.journal.query(f"{self._MEETING_SQL} {order}"))
        return self._meeting(rows[0], rows[0]["board_name"]) if rows else None

    def find_meeting(self, ref: str | int | None, board: str | None = None) -> Meeting:
        """A meeting by id or ISO date; None means the latest (of ``board``, as
        :meth:`latest_meeting` picks it). LookupError when absent."""
        if ref is None or ref == "":
            found = self.latest_meeting(board)
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
        rows = list(self.journal.query(
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
        board = self.board(meeting.board_name or DEFAULT_BOARD)
        if items is None:
            items = [(AgendaItem(title=t, minutes=m), []) for t, m in STANDARD_ITEMS]
        with self.journal.transaction(f"create the meeting of {meeting.date.isoformat()}"):
            mid = self.journal.insert("meetings", {
                "board_id": board.id, "date": meeting.date.isoformat(),
                "start": hm(meeting.start), "end": hm(meeting.end), "venue": meeting.venue,
                "chair": meeting.chair, "note_taker": meeting.note_taker,
                "state": meeting.state.value, **self._next_cols(meeting.next_meeting),
                "draft": "", "created": ts(self.journal.clock())})
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
        return {"next_date": nxt.date.isoformat(), "next_start": hm(nxt.start),
                "next_end": hm(nxt.end), "next_venue": nxt.venue, "next_chair": nxt.chair}

    def update_meeting(self, meeting: Meeting) -> Meeting:
        """Save the meeting's own fields (not its items)."""
        assert meeting.id is not None
        with self.journal.transaction("edit the meeting"):
            self.journal.update("meetings", meeting.id, {
                "date": meeting.date.isoformat(), "start": hm(meeting.start),
                "end": hm(meeting.end), "venue": meeting.venue, "chair": meeting.chair,
                "note_taker": meeting.note_taker, "state": meeting.state.value,
                **self._next_cols(meeting.next_meeting)})
        return self.meeting(meeting.id)

    def set_state(self, meeting_id: int, state: MeetingState) -> None:
        """Mark the meeting draft, live or closed. Closing it also compacts the
        journal: the close itself can be undone, nothing before it can."""
        outermost = self.journal.txn is None
        with self.journal.transaction(f"mark the meeting {state.value}"):
            if state is MeetingState.CLOSED:
                self.stop_timer(meeting_id)
            self.journal.update("meetings", meeting_id, {"state": state.value})
            txn = self.journal.txn
        if state is MeetingState.CLOSED and outermost:
            self.journal.compact_journal(before_txn=txn)

    def save_draft(self, meeting_id: int, text: str) -> None:
        """Save the capture line's text. Not journalled: it is not a change to undo."""
        with self.journal.committed():
            self.conn.execute("UPDATE meetings SET draft = ? WHERE id = ?", (text, meeting_id))

    # ------------------------------------------------------------------ items

    def _insert_item(self, meeting_id: int, parent_id: int | None, position: int,
                     item: AgendaItem) -> int:
        # Every way an item is made (agenda pane, agenda file, import, demo) comes
        # through here: a "RESTRICTED:" title marks it, by the one rule.
        title, marked = restricted_title(item.title)
        return self.journal.insert("items", {
            "meeting_id": meeting_id, "parent_id": parent_id, "position": position,
            "title": title or item.title, "presenter": item.presenter,
            "minutes": item.minutes, "restricted": int(item.restricted or marked),
            "public_summary": item.public_summary, "exempt_paragraph": item.exempt_paragraph,
            "minute_seq": item.minute_seq, "description": item.description,
            "state": item.state.value, "deferred_reason": item.deferred_reason})

    def items(self, meeting_id: int) -> list[AgendaItem]:
        """The agenda in order: each item followed by its sub-items, numbered."""
        return self._agendas("meeting_id = ?", meeting_id)

    def items_of(self, meeting_ids: Iterable[int]) -> list[AgendaItem]:
        """The agendas of many meetings (in id order), each as :meth:`items` gives it,
        read in one query whatever their number (an export's earlier meetings)."""
        ids = sorted(set(meeting_ids))
        if not ids:
            return []
        return self._agendas("meeting_id IN (SELECT value FROM json_each(?))",
                             json.dumps(ids))

    def _agendas(self, where: str, arg: Any) -> list[AgendaItem]:
        timings: dict[int, list[Timing]] = {}
        for item_id, started, stopped in self.conn.execute(
                "SELECT item_id, started, stopped FROM timings JOIN items ON items.id = item_id "
                f"WHERE {where} ORDER BY timings.id", (arg,)):
            timings.setdefault(item_id, []).append(
                Timing.model_construct(started=parse_ts(started), stopped=parse_ts(stopped)))
        agendas: dict[int, list[dict[str, Any]]] = {}
        for r in self.journal.query(
                f"SELECT * FROM items WHERE {where} ORDER BY meeting_id, position, id", [arg]):
            agendas.setdefault(r["meeting_id"], []).append(r)
        out: list[AgendaItem] = []
        for rows in agendas.values():
            numbers = number_items((r["id"], r["parent_id"]) for r in rows)
            subs: dict[int, list[dict[str, Any]]] = {}
            for r in rows:
                if r["parent_id"] is not None:
                    subs.setdefault(r["parent_id"], []).append(r)
            for r in (r for r in rows if r["parent_id"] is None):
                out.append(self._item(r, numbers[r["id"]], timings))
                out.extend(self._item(s, numbers[s["id"]], timings)
                           for s in subs.get(r["id"], []))
        return out

    @staticmethod
    def _item(r: dict[str, Any], number: str, timings: dict[int, list[Timing]]) -> AgendaItem:
        return AgendaItem.model_construct(
            id=r["id"], meeting_id=r["meeting_id"], parent_id=r["parent_id"],
            position=r["position"], number=number, title=r["title"], presenter=r["presenter"],
            minutes=r["minutes"], restricted=bool(r["restricted"]),
            public_summary=r["public_summary"], exempt_paragraph=r["exempt_paragraph"],
            minute_seq=r["minute_seq"], description=r["description"],
            state=ItemState(r["state"]),
            deferred_reason=r["deferred_reason"], timings=timings.get(r["id"], []))

    def item(self, item_id: int) -> AgendaItem:
        """One item, numbered as :meth:`items` numbers it; reads its row, its siblings'
        ids (its number is its place among them) and its timings, not the agenda."""
        row = self.journal.row("items", item_id)
        if row is None:
            raise LookupError(f"no item with id {item_id}")
        numbers = number_items(self.conn.execute(
            "SELECT id, parent_id FROM items WHERE meeting_id = ? AND parent_id IS ? "
            "ORDER BY position, id", (row["meeting_id"], row["parent_id"])))
        timings = {item_id: [
            Timing.model_construct(started=parse_ts(started), stopped=parse_ts(stopped))
            for started, stopped in self.conn.execute(
                "SELECT started, stopped FROM timings WHERE item_id = ? ORDER BY id",
                (item_id,))]}
        return self._item(row, numbers[item_id], timings)

    def add_item(self, meeting_id: int, item: AgendaItem, *, parent_id: int | None = None,
                 after_id: int | None = None) -> AgendaItem:
        """Add an item (a sub-item with ``parent_id``) after ``after_id`` or at the end."""
        with self.journal.transaction(f"add item {item.title}"):
            siblings = self.sibling_ids(meeting_id, parent_id)
            pos = len(siblings)
            if after_id is not None and after_id in siblings:
                pos = siblings.index(after_id) + 1
            for k, sid in enumerate(siblings[pos:], pos + 1):
                self.journal.update("items", sid, {"position": k})
            new_id = self._insert_item(meeting_id, parent_id, pos, item)
        return self.item(new_id)

    def sibling_ids(self, meeting_id: int, parent_id: int | None) -> list[int]:
        """The ids of the items under ``parent_id`` (top level: None), in order."""
        return [r[0] for r in self.conn.execute(
            "SELECT id FROM items WHERE meeting_id = ? AND parent_id IS ? ORDER BY position, id",
            (meeting_id, parent_id))]

    def update_item(self, item: AgendaItem) -> AgendaItem:
        """Save title, presenter, minutes, restricted, public summary, the exempt
        paragraph and the description."""
        assert item.id is not None
        title, marked = restricted_title(item.title)  # F3 and /restricted come here
        title = title or item.title
        with self.journal.transaction(f"edit item {title}"):
            self.journal.update("items", item.id, {
                "title": title, "presenter": item.presenter, "minutes": item.minutes,
                "restricted": int(item.restricted or marked),
                "public_summary": item.public_summary,
                "exempt_paragraph": item.exempt_paragraph, "description": item.description})
        return self.item(item.id)

    def move_item(self, item_id: int, delta: int) -> None:
        """Move an item up (-1) or down (+1) among its siblings."""
        row = self.journal.row("items", item_id)
        if row is None:
            raise LookupError(f"no item with id {item_id}")
        with self.journal.transaction("move an item"):
            siblings = self.sibling_ids(row["meeting_id"], row["parent_id"])
            i = siblings.index(item_id)
            j = max(0, min(len(siblings) - 1, i + delta))
            siblings.insert(j, siblings.pop(i))
            for k, sid in enumerate(siblings):
                self.journal.update("items", sid, {"position": k})

    # ------------------------------------------------------------------ timers

    def stop_timer(self, meeting_id: int) -> None:
        """Stop the meeting's running timer (inside the caller's transaction)."""
        now = ts(self.journal.clock())
        for (tid,) in self.conn.execute(
                "SELECT timings.id FROM timings JOIN items ON items.id = item_id "
                "WHERE meeting_id = ? AND stopped IS NULL", (meeting_id,)).fetchall():
            self.journal.update("timings", tid, {"stopped": now})

    def set_current(self, meeting_id: int, item_id: int, *,
                    leave: ItemState = ItemState.DONE) -> None:
        """Make ``item_id`` the current item: the previous one is ``leave`` (done, or
        pending when the note taker only stepped back) and its timer stops; the new
        one's timer starts, unless it is done: going back to a done item is to correct
        its minutes, and it stays done and untimed until taken up again
        (:meth:`take_up`). The meeting goes live. Going to a deferred item takes it
        after all: its deferral (and reason) no longer stands."""
        meeting = self.journal.row("meetings", meeting_id)
        if meeting is None:
            raise LookupError(f"no meeting with id {meeting_id}")
        target = self.journal.row("items", item_id)
        if target is None or target["meeting_id"] != meeting_id:
            raise LookupError(f"no item with id {item_id} in this meeting")
        with self.journal.transaction(f"go to {target['title']}"):
            self.stop_timer(meeting_id)
            old = meeting["current_item_id"]
            if old and old != item_id:
                old_row = self.journal.row("items", old)
                if old_row and old_row["state"] == ItemState.CURRENT.value:
                    self.journal.update("items", old, {"state": leave.value})
            if target["state"] != ItemState.DONE.value:
                self._take_up(item_id, target["state"])
            changes: dict[str, Any] = {"current_item_id": item_id}
            if meeting["state"] == MeetingState.DRAFT.value:
                changes["state"] = MeetingState.LIVE.value
            self.journal.update("meetings", meeting_id, changes)

    def _take_up(self, item_id: int, state: str) -> None:
        """The item is being discussed: current, its timer running (in a transaction)."""
        now: dict[str, Any] = {"state": ItemState.CURRENT.value}
        if state == ItemState.DEFERRED.value:
            now["deferred_reason"] = ""
        self.journal.update("items", item_id, now)
        self.journal.insert("timings", {"item_id": item_id, "started": ts(self.journal.clock()),
                                        "stopped": None})

    def take_up(self, meeting_id: int) -> None:
        """The current item, done and gone back to, is discussed again: it is current
        once more and its timer runs."""
        meeting = self.journal.row("meetings", meeting_id)
        item_id = meeting["current_item_id"] if meeting else None
        row = self.journal.row("items", item_id) if item_id else None
        if row is None:
            raise LookupError("no current item to take up")
        with self.journal.transaction(f"take up {row['title']} again"):
            self.stop_timer(meeting_id)
            self._take_up(item_id, row["state"])

    def finish_current(self, meeting_id: int) -> None:
        """The last item is over: the current item is done and no timer runs (it stays
        shown, for the note taker to read back)."""
        meeting = self.journal.row("meetings", meeting_id)
        if meeting is None:
            raise LookupError(f"no meeting with id {meeting_id}")
        item_id = meeting["current_item_id"]
        row = self.journal.row("items", item_id) if item_id else None
        with self.journal.transaction(f"finish {row['title'] if row else 'the meeting'}"):
            self.stop_timer(meeting_id)
            if row is not None and row["state"] == ItemState.CURRENT.value:
                self.journal.update("items", item_id, {"state": ItemState.DONE.value})

    def toggle_pause(self, meeting_id: int) -> bool:
        """Pause or resume the current item's timer; returns True when now running."""
        meeting = self.journal.row("meetings", meeting_id)
        if meeting is None or not meeting["current_item_id"]:
            raise LookupError("no current item to pause")
        running = self.conn.execute(
            "SELECT id FROM timings WHERE item_id = ? AND stopped IS NULL",
            (meeting["current_item_id"],)).fetchone()
        if running:
            with self.journal.transaction("pause the timer"):
                self.journal.update("timings", running[0], {"stopped": ts(self.journal.clock())})
            return False
        with self.journal.transaction("resume the timer"):
            self.journal.insert("timings", {"item_id": meeting["current_item_id"],
                                            "started": ts(self.journal.clock()), "stopped": None})
        return True

    def meeting_started(self, meeting_id: int) -> dt.datetime | None:
        """When the first item timer of the meeting started."""
        row = self.conn.execute(
            "SELECT min(started) FROM timings JOIN items ON items.id = item_id "
            "WHERE meeting_id = ?", (meeting_id,)).fetchone()
        return parse_ts(row[0])

    def defer_item(self, item_id: int, reason: str) -> None:
        """Defer an item with the reason the minutes will give."""
        row = self.journal.row("items", item_id)
        if row is None:
            raise LookupError(f"no item with id {item_id}")
        with self.journal.transaction(f"defer {row['title']}"):
            meeting = self.journal.row("meetings", row["meeting_id"])
            if meeting and meeting["current_item_id"] == item_id:
                self.stop_timer(row["meeting_id"])
            self.journal.update("items", item_id, {"state": ItemState.DEFERRED.value,
                                                   "deferred_reason": reason.strip()})

    def reopen_item(self, item_id: int) -> None:
        """Put a done or deferred item back to pending (its minutes are kept)."""
        with self.journal.transaction("reopen an item"):
            self.journal.update("items", item_id, {"state": ItemState.PENDING.value,
                                                   "deferred_reason": ""})

    # ------------------------------------------------------------------ forward plan

    def add_forward(self, item: ForwardPlanItem) -> ForwardPlanItem:
        assert item.meeting_id is not None
        with self.journal.transaction(f"add {item.title} to the forward plan"):
            fid = self.journal.insert("forward_plan", {
                "meeting_id": item.meeting_id, "title": item.title,
                "presenter": item.presenter, "when_text": item.when})
        return item.model_copy(update={"id": fid})

    def forward_plan(self, meeting_id: int) -> list[ForwardPlanItem]:
        return [ForwardPlanItem.model_construct(
                    id=r["id"], meeting_id=r["meeting_id"], title=r["title"],
                    presenter=r["presenter"], when=r["when_text"])
                for r in self.journal.query(
                    "SELECT * FROM forward_plan WHERE meeting_id = ? ORDER BY id", [meeting_id])]
