"""The repository's side of the one lifecycle rule: every row written is checked
against the state of the meeting whose minutes it belongs to.

:mod:`csp_tui.domain.lifecycle` says what is minutes (:func:`changes_minutes`) and
whether minutes in a state may change (:func:`check_may_change`); this module finds,
for a row about to be written, the meeting it belongs to and asks. The journal calls
it for each insert, update and delete, and for each row an undo writes back, so no
writer (a key of the app, ``/undo``, a ``csp`` command, an import) can change approved
minutes: the transaction is rolled back and the one line says how to reopen them.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

from csp_tui.domain.lifecycle import ATTENDANCE_COLUMNS, changes_minutes, check_may_change
from csp_tui.domain.models import MeetingState

#: Tables whose rows name their meeting; entries and timings name their item.
_BY_MEETING = frozenset({"items", "actions", "attendance", "forward_plan", "accepted_names",
                         "transcripts", "papers"})
_BY_ITEM = frozenset({"entries", "timings"})


class LifecycleGuard:
    """Finds a row's meeting and asks the lifecycle rule; what it looks up is kept
    for one transaction (:meth:`reset` at its start), so a bulk write asks once per
    meeting, not once per row."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._states: dict[int, tuple[MeetingState, dt.date] | None] = {}
        self._item_meeting: dict[int, int | None] = {}
        #: Meetings created in this transaction: filling a new meeting changes no
        #: minutes that were ever circulated (an import restores its rows so).
        self._born: set[int] = set()

    def reset(self) -> None:
        """Forget what was looked up (a new transaction: others may have written)."""
        self._states.clear()
        self._item_meeting.clear()
        self._born.clear()

    def born(self, meeting_id: int) -> None:
        """A meeting inserted in this transaction."""
        self._born.add(meeting_id)

    def moved(self, meeting_id: int, state: str) -> None:
        """A meeting's state changed in this transaction (its later rows see it)."""
        known = self._states.get(meeting_id)
        if known is not None:
            self._states[meeting_id] = (MeetingState(state), known[1])

    def check(self, tbl: str, row: Mapping[str, Any], columns: Iterable[str] | None) -> None:
        """Raise :class:`~csp_tui.domain.lifecycle.FrozenError` if writing ``columns``
        of ``row`` (None: the whole row, inserted or deleted) changes minutes that may
        not change."""
        if tbl == "people":
            if columns is None or ATTENDANCE_COLUMNS & set(columns):
                self._check_attendee(row.get("id"))
            return
        if not changes_minutes(tbl, columns):
            return
        self._check_meeting(self._meeting_of(tbl, row))

    def _meeting_of(self, tbl: str, row: Mapping[str, Any]) -> int | None:
        if tbl == "meetings":
            return row.get("id")
        if tbl in _BY_MEETING:
            return row.get("meeting_id")
        if tbl in _BY_ITEM:
            item_id = row.get("item_id")
            if item_id is None:
                return None
            if item_id not in self._item_meeting:
                found = self.conn.execute("SELECT meeting_id FROM items WHERE id = ?",
                                          (item_id,)).fetchone()
                self._item_meeting[item_id] = found[0] if found else None
            return self._item_meeting[item_id]
        return None

    def _check_meeting(self, meeting_id: int | None) -> None:
        if meeting_id is None or meeting_id in self._born:
            return
        if meeting_id not in self._states:
            found = self.conn.execute("SELECT state, date FROM meetings WHERE id = ?",
                                      (meeting_id,)).fetchone()
            self._states[meeting_id] = ((MeetingState(found[0]),
                                         dt.date.fromisoformat(found[1]))
                                        if found else None)
        known = self._states[meeting_id]
        if known is not None:
            check_may_change(*known)

    def _check_attendee(self, person_id: int | None) -> None:
        """A person's name is printed in the attendance lines of every meeting they
        attended: renaming or deleting them changes those minutes."""
        if person_id is None:
            return
        # One row per state (the earliest meeting in it names them): the rule, not
        # this query, says which states refuse.
        for state, day in self.conn.execute(
                "SELECT state, min(date) FROM attendance JOIN meetings "
                "ON meetings.id = meeting_id WHERE person_id = ? GROUP BY state",
                (person_id,)).fetchall():
            check_may_change(MeetingState(state), dt.date.fromisoformat(day))
