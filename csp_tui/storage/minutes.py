"""The minutes of each item: entries (paragraphs, decisions...) and actions with their
owners and history; and the note taker's phrase book."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from csp_tui.domain.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    Entry,
    EntryKind,
    LineOrder,
    MinutedAction,
    Rag,
    order_of,
)
from csp_tui.domain.wording import line_words, whose_action
from csp_tui.storage.convert import parse_ts, ts
from csp_tui.storage.journal import Store


class MinutesStore(Store):
    """The minutes of each item: entries, actions (owners, history) and phrases."""

    # ------------------------------------------------------------------ entries

    def _next_position(self, item_id: int) -> int:
        row = self.conn.execute(
            "SELECT max(p) FROM (SELECT max(position) AS p FROM entries WHERE item_id = ? "
            "UNION ALL SELECT max(position) FROM actions WHERE item_id = ?)",
            (item_id, item_id)).fetchone()
        return (row[0] if row[0] is not None else -1) + 1

    def add_entry(self, entry: Entry) -> Entry:
        """Append a paragraph, bullet, numbered point, decision or declaration."""
        with self.journal.transaction(f"add a {entry.kind.value}"):
            pos = self._next_position(entry.item_id)
            eid = self.journal.insert("entries", {"item_id": entry.item_id, "position": pos,
                                                  "kind": entry.kind.value, "text": entry.text})
        return entry.model_copy(update={"id": eid, "position": pos})

    @staticmethod
    def _entry(r: dict[str, Any]) -> Entry:
        return Entry.model_construct(id=r["id"], item_id=r["item_id"], position=r["position"],
                                     kind=EntryKind(r["kind"]), text=r["text"])

    def meeting_entries(self, meeting_id: int) -> list[Entry]:
        """Every entry of a meeting, item by item (the record of the meeting)."""
        return [self._entry(r) for r in self.journal.query(
            "SELECT entries.id, item_id, entries.position, kind, text FROM entries "
            "JOIN items ON items.id = item_id WHERE meeting_id = ? "
            "ORDER BY item_id, entries.position, entries.id", [meeting_id])]

    def entries(self, item_id: int) -> list[Entry]:
        """An item's entries in order, the whole item (plain rows, not dicts); the item
        pane reads a page at a time (:meth:`item_lines`)."""
        kinds = {k.value: k for k in EntryKind}
        return [Entry.model_construct(id=i, item_id=it, position=pos, kind=kinds[kind],
                                      text=text)
                for i, it, pos, kind, text in self.conn.execute(
                    "SELECT id, item_id, position, kind, text FROM entries WHERE item_id = ? "
                    "ORDER BY position, id", (item_id,))]

    def entry(self, entry_id: int) -> Entry:
        """One entry, by its id (an edit of a line deep in a long item reads that line)."""
        row = self.journal.row("entries", entry_id)
        if row is None:
            raise LookupError(f"no entry with id {entry_id}")
        return self._entry(row)

    def update_entry(self, entry: Entry) -> None:
        assert entry.id is not None
        before = self.entry(entry.id)
        with self.journal.transaction(f"edit {line_words(before.kind.value, before.text)}"):
            self.journal.update("entries", entry.id, {"kind": entry.kind.value, "text": entry.text})

    def delete_entry(self, entry_id: int) -> None:
        gone = self.entry(entry_id)
        with self.journal.transaction(f"delete {line_words(gone.kind.value, gone.text)}"):
            self.journal.delete("entries", entry_id)

    def move_line(self, table: str, row_id: int, delta: int) -> None:
        """Move an entry or action (``table`` "entries" or "actions") up or down within
        its item's minutes, where entries and actions share one order."""
        assert table in ("entries", "actions")
        row = self.journal.row(table, row_id)
        if row is None or row.get("item_id") is None:
            return
        item_id = row["item_id"]
        # The item's lines in their order (ids and positions alone, by the item index).
        lines = sorted(
            [(order_of(pos, False, i), "entries", i) for i, pos in self.conn.execute(
                "SELECT id, position FROM entries WHERE item_id = ?", (item_id,))]
            + [(order_of(pos, True, i), "actions", i) for i, pos in self.conn.execute(
                "SELECT id, position FROM actions WHERE item_id = ?", (item_id,))])
        i = next(k for k, (_, t, rid) in enumerate(lines) if (t, rid) == (table, row_id))
        j = max(0, min(len(lines) - 1, i + delta))
        if i == j:
            return
        with self.journal.transaction("move a line"):
            (here, t1, id1), (there, t2, id2) = lines[i], lines[j]
            held = Counter(order[0] for order, _, _ in lines)
            if abs(i - j) == 1 and held[here[0]] == 1 and held[there[0]] == 1:
                # Neighbours, each alone at its position, trade positions: two rows
                # change (and are journaled), not every line of a long item. Lines that
                # share a position (an import keeps an action's) are numbered afresh.
                self.journal.update(t1, id1, {"position": there[0]})
                self.journal.update(t2, id2, {"position": here[0]})
                return
            lines.insert(j, lines.pop(i))
            for k, (order, t, rid) in enumerate(lines):
                if order[0] != k:
                    self.journal.update(t, rid, {"position": k})

    # ------------------------------------------------------------------ actions

    def _action_from(self, r: dict[str, Any], owners: dict[int, list[int]],
                     updates: dict[int, list[ActionUpdate]]) -> Action:
        return Action.model_construct(
            id=r["id"], meeting_id=r["meeting_id"], item_id=r["item_id"],
            position=r["position"], owner=r["owner"], owner_ids=owners.get(r["id"], []),
            task=r["task"], due=r["due"], status=ActionStatus(r["status"]),
            rag=Rag(r["rag"]) if r["rag"] else None,
            created=parse_ts(r["created"]), updates=updates.get(r["id"], []),
            minuted=MinutedAction.model_construct(
                owner=r["minuted_owner"], task=r["minuted_task"], due=r["minuted_due"],
                status=ActionStatus(r["minuted_status"]) if r["minuted_status"] else None)
            if r["minuted_task"] is not None else None)

    def _actions_where(self, where: str, args: Sequence[Any], offset: int = 0,
                       limit: int | None = None) -> list[Action]:
        rows = list(self.journal.query(
            f"SELECT actions.* FROM actions JOIN meetings ON meetings.id = actions.meeting_id "
            f"{where} ORDER BY meetings.date, meetings.id, actions.item_id, "
            "actions.position, actions.id LIMIT ? OFFSET ?",
            [*args, -1 if limit is None else limit, offset]))
        if not rows:
            return []
        # The ids as one JSON argument: tens of thousands of carried actions would pass
        # SQLite's limit on bound parameters as one "?" each.
        ids = [json.dumps([r["id"] for r in rows])]
        marks = "SELECT value FROM json_each(?)"
        owners: dict[int, list[int]] = {}
        for aid, pid in self.conn.execute(
                f"SELECT action_id, person_id FROM action_owners WHERE action_id IN ({marks}) "
                "ORDER BY rowid", ids):
            owners.setdefault(aid, []).append(pid)
        updates: dict[int, list[ActionUpdate]] = {}
        for u in self.journal.query(
                f"SELECT * FROM action_updates WHERE action_id IN ({marks}) ORDER BY id", ids):
            updates.setdefault(u["action_id"], []).append(ActionUpdate.model_construct(
                id=u["id"], action_id=u["action_id"], at=parse_ts(u["at"]),
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

    def item_actions(self, item_id: int) -> list[Action]:
        """The actions raised under one item, in the order of its minutes (read by the
        item's index, whatever the meeting's size; the item pane reads a page at a time:
        :meth:`item_lines`)."""
        return self._actions_where("WHERE actions.item_id = ?", [item_id])

    def item_lines(self, item_id: int, after: LineOrder | None = None,
                   limit: int = 50) -> list[Entry | Action]:
        """``limit`` of an item's lines, entries and actions merged in the order its
        minutes print them (:func:`line_order`), after the line at ``after`` (from the
        first with None): the item pane reads a long item a page at a time.

        Each table is read by its item index from where the last page stopped, at most
        ``limit`` rows of each, so a page costs the same wherever it is in the item.
        """
        low, high = -(1 << 62), 1 << 62
        position, kind, last = after if after is not None else (low, 1, low)
        # Past the line at ``after``: an entry at its position comes before an action
        # there, so after an entry every action at that position is still to come,
        # after an action no entry at it is.
        entries_after = (position, last) if kind == 0 else (position, high)
        actions_after = (position, last) if kind == 1 else (position, low)
        rows = self.conn.execute(
            "SELECT 0, id, position, kind, text FROM (SELECT id, position, kind, text "
            "FROM entries WHERE item_id = ? AND (position, id) > (?, ?) "
            "ORDER BY position, id LIMIT ?) "
            "UNION ALL SELECT 1, id, position, NULL, NULL FROM (SELECT id, position "
            "FROM actions WHERE item_id = ? AND (position, id) > (?, ?) "
            "ORDER BY position, id LIMIT ?) ORDER BY 3, 1, 2 LIMIT ?",
            (item_id, *entries_after, limit, item_id, *actions_after, limit, limit)
        ).fetchall()
        kinds = {k.value: k for k in EntryKind}
        action_ids = [row_id for k, row_id, *_ in rows if k == 1]
        # Whole actions (owners, history) by the one reader, for this page's ids only.
        actions = {a.id: a for a in self._actions_where(
            "WHERE actions.id IN (SELECT value FROM json_each(?))",
            [json.dumps(action_ids)])} if action_ids else {}
        return [actions[row_id] if k == 1 else Entry.model_construct(
                    id=row_id, item_id=item_id, position=pos, kind=kinds[entry_kind],
                    text=text)
                for k, row_id, pos, entry_kind, text in rows]

    def carried_actions(self, meeting_id: int, offset: int = 0,
                        limit: int | None = None) -> list[Action]:
        """Actions of the board's earlier meetings to review at this one: those still
        open, and those completed or dropped since the previous meeting (``limit`` of
        them from the ``offset``-th, for a pane that shows them a page at a time)."""
        m = self.journal.row("meetings", meeting_id)
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
            [m["board_id"], m["date"], m["date"], meeting_id, prev or m["date"]],
            offset, limit)

    def add_action(self, action: Action) -> Action:
        """Record an action raised in a meeting."""
        with self.journal.transaction("add an action"):
            pos = self._next_position(action.item_id) if action.item_id else 0
            aid = self._insert_action(action, pos)
        return self.action(aid)

    def restore_action(self, action: Action) -> Action:
        """Insert an action exactly as given (position, created time, status, owners and
        its history of updates), for a JSON import; joins the caller's transaction."""
        with self.journal.transaction("restore an action"):
            aid = self._insert_action(action, action.position)
            for u in action.updates:
                self.journal.insert("action_updates", {
                    "action_id": aid, "at": ts(u.at),
                    "status": u.status.value if u.status else None, "note": u.note,
                    "change": u.change})
        return self.action(aid)

    def _insert_action(self, action: Action, position: int) -> int:
        assert action.meeting_id is not None
        # A new action is minuted as raised; a restored one keeps its minuted form.
        minuted = action.minuted or MinutedAction.model_construct(
            owner=action.owner, task=action.task, due=action.due, status=action.status)
        aid = self.journal.insert("actions", {
            "meeting_id": action.meeting_id, "item_id": action.item_id, "position": position,
            "owner": action.owner, "task": action.task, "due": action.due,
            "status": action.status.value, "rag": action.rag.value if action.rag else None,
            "created": ts(action.created or self.journal.clock()), "minuted_owner": minuted.owner,
            "minuted_task": minuted.task, "minuted_due": minuted.due,
            "minuted_status": minuted.status.value if minuted.status else None})
        self.journal.set_owners(aid, action.owner_ids)
        return aid

    def update_action(self, action_id: int, *, status: ActionStatus | None = None,
                      due: str | None = None, owner: str | None = None,
                      owner_ids: Sequence[int] | None = None, task: str | None = None,
                      rag: Rag | None | str = "", note: str = "",
                      minuted: bool = False, source: str = "") -> Action:
        """Change an action and record the change, with its time, in its history.

        This changes the live action only (``csp actions update``, the action form of a
        later meeting): the minutes of its meeting keep the form they minuted. With
        ``minuted`` (editing the action in its own meeting while its minutes may still
        change) the owner, task and due change in those minutes too. ``source`` (e.g.
        "reply file replies.csv") is kept with the history entry.
        """
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
        if minuted:
            # What changed in the live action changes in the minutes too (a form passes
            # every field, changed or not: only the changed ones count).
            changes.update({f"minuted_{col}": changes[col]
                            for col in ("owner", "task", "due", "status") if col in changes})
        if not changes and not note.strip() and owner_ids is None:
            return before
        # Named as the note taker knows it (an undo says it back), not by its row id.
        with self.journal.transaction(f"update {whose_action(before.owner)}"):
            if changes:
                self.journal.update("actions", action_id, changes)
            if owner_ids is not None:
                self.journal.set_owners(action_id, owner_ids)
            if changes or note.strip():
                self.journal.insert("action_updates", {
                    "action_id": action_id, "at": ts(self.journal.clock()),
                    "status": changes.get("status"), "note": note.strip(),
                    "change": "; ".join(said), **({"source": source} if source else {})})
        return self.action(action_id)

    def complete_action(self, action_id: int, note: str = "", *,
                        minuted: bool = False) -> Action:
        """Mark an action completed (``minuted``: in its own meeting's minutes too, as
        the key on its line there does); one undo step, named by whose action it is."""
        with self.journal.transaction(f"complete {whose_action(self.action(action_id).owner)}"):
            return self.update_action(action_id, status=ActionStatus.COMPLETED, note=note,
                                      minuted=minuted)

    def fix_minuted(self, meeting_id: int) -> None:
        """Fix the form the meeting's minutes print its actions in: each action's owner,
        due and status as they stand (circulating does this; until then the draft
        follows the actions, see :func:`csp_tui.domain.lifecycle.minutes_action`)."""
        with self.journal.transaction("fix the actions' minuted form"):
            for r in self.journal.query("SELECT id, owner, due, status FROM actions "
                                        "WHERE meeting_id = ?", [meeting_id]):
                self.journal.update("actions", r["id"], {
                    "minuted_owner": r["owner"], "minuted_due": r["due"],
                    "minuted_status": r["status"]})

    def delete_action_rows(self, action_id: int) -> None:
        """Delete an action and its history, inside the caller's transaction (deleting
        an item or a meeting takes its actions with it)."""
        for (uid,) in self.conn.execute(
                "SELECT id FROM action_updates WHERE action_id = ?", (action_id,)).fetchall():
            self.journal.delete("action_updates", uid)
        self.journal.delete("actions", action_id)

    def delete_action(self, action_id: int) -> None:
        with self.journal.transaction(f"delete {whose_action(self.action(action_id).owner)}"):
            self.delete_action_rows(action_id)

    # ------------------------------------------------------------------ phrases

    def phrases(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT text FROM phrases ORDER BY id")]

    def add_phrase(self, text: str) -> None:
        text = text.strip()
        if text and text not in self.phrases():
            with self.journal.transaction("add a phrase"):
                self.journal.insert("phrases", {"text": text})
