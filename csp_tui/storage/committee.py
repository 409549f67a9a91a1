"""The committee style's parts in the database: the board's committee style, minute
numbers (running on across a board's meetings in a municipal year, fixed at
circulation: :meth:`CommitteeStore.fix_minute_numbers`, which the lifecycle's move to
circulated calls) and what the item pane needs of them."""

from __future__ import annotations

import datetime as dt

from csp_tui.domain.committee import (
    AnyStyle,
    committee_style,
    last_minute,
    minute_label,
    municipal_year,
    number_minutes,
)
from csp_tui.domain.models import EntryKind
from csp_tui.storage.board_settings import BoardSettingsStore
from csp_tui.storage.journal import Journal, Store
from csp_tui.storage.meetings import MeetingsStore


class CommitteeStore(Store):
    """The committee style's minute numbers: a meeting's agenda (``meetings``) numbered
    under the board's house style (``settings``)."""

    def __init__(self, journal: Journal, *, meetings: MeetingsStore,
                 settings: BoardSettingsStore) -> None:
        super().__init__(journal)
        self.meetings = meetings
        self.settings = settings

    def minute_year_start(self, meeting_id: int, style: AnyStyle = None) -> int:
        """The month the municipal year starts: ``style``'s, else the meeting's style's."""
        if style is None:
            style = self.settings.style_for(meeting_id)
        return committee_style(style).year_start_month

    def minute_base(self, meeting_id: int, style: AnyStyle = None) -> int:
        """The last minute number of the board's meetings before this one in its
        municipal year (0: it is the year's first): this meeting's run on from it.
        ``style``: the house style whose municipal year counts (else the meeting's)."""
        m = self.journal.row("meetings", meeting_id)
        if m is None:
            raise LookupError(f"no meeting with id {meeting_id}")
        start = self.minute_year_start(meeting_id, style)
        day = dt.date.fromisoformat(m["date"])
        first = dt.date(municipal_year(day, start), start, 1)
        earlier: dict[int, list[tuple[int, int | None]]] = {}
        for mid, item_id, seq in self.conn.execute(
                "SELECT meetings.id, items.id, items.minute_seq FROM meetings "
                "JOIN items ON items.meeting_id = meetings.id AND items.parent_id IS NULL "
                "WHERE board_id = ? AND date >= ? AND (date < ? OR (date = ? AND "
                "meetings.id < ?)) ORDER BY date, meetings.id, items.position, items.id",
                (m["board_id"], first.isoformat(), m["date"], m["date"], meeting_id)):
            earlier.setdefault(mid, []).append((item_id, seq))
        return last_minute(earlier.values())

    def fix_minute_numbers(self, meeting_id: int) -> None:
        """Store each top-level item's minute number (circulation: from then on they
        never change, whatever is added to or moved in the year's other meetings)."""
        tops = [(i.id, i.minute_seq) for i in self.meetings.items(meeting_id)
                if i.parent_id is None and i.id is not None]
        numbers = number_minutes(tops, self.minute_base(meeting_id))
        with self.journal.transaction("fix the minute numbers"):
            for item_id, seq in tops:
                if seq is None:
                    self.journal.update("items", item_id, {"minute_seq": numbers[item_id]})

    def item_minute(self, meeting_id: int, item_id: int, style: AnyStyle) -> str:
        """The minute number ``item_id`` prints under ``style`` ("" when the style
        numbers none, or for a sub-item)."""
        style = committee_style(style)
        if not style.minute_number:
            return ""
        tops = [(i.id, i.minute_seq) for i in self.meetings.items(meeting_id)
                if i.parent_id is None and i.id is not None]
        n = number_minutes(tops, self.minute_base(meeting_id, style)).get(item_id)
        day = self.meetings.meeting(meeting_id).date
        return minute_label(style, n, day) if n is not None else ""

    def resolution_count(self, item_id: int, style: AnyStyle) -> int:
        """How many of the item's lines print as resolutions under ``style``."""
        kinds = [EntryKind.RESOLUTION.value]
        if committee_style(style).agreed_is_resolution:
            kinds.append(EntryKind.DECISION.value)
        marks = ",".join("?" * len(kinds))
        row = self.conn.execute(f"SELECT count(*) FROM entries WHERE item_id = ? AND kind IN "
                                f"({marks})", (item_id, *kinds)).fetchone()
        return int(row[0])
