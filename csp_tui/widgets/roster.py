"""The roster list of the attendance screen: one row a person, with single-letter keys."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable

from csp_tui.domain.models import AttendanceStatus, Role


class RosterTable(DataTable):
    """The roster with each person's attendance. With the focus here (after the
    filter), single letters mark the highlighted person; any other letter starts a new
    search. The screen acts on what the table reports with messages."""

    # Priority: the letters are the table's even though a typed letter would otherwise
    # reach the table's own key handler (which turns other letters into a search) first.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "mark('present')", "Present", priority=True, id="roster.present"),
        Binding("t", "mark('attendee')", "Attendee", priority=True, id="roster.attendee"),
        Binding("a", "mark('apologies')", "Apologies", priority=True, id="roster.apologies"),
        Binding("x", "mark('absent')", "Absent", priority=True, id="roster.absent"),
        Binding("c", "role('chair')", "Chair", priority=True, id="roster.chair"),
        Binding("d", "role('deputy chair')", "Deputy", priority=True, id="roster.deputy"),
        Binding("n", "role('note taker')", "Note taker", priority=True, id="roster.note-taker"),
    ]

    class Mark(Message):
        """Give the highlighted person this attendance status."""

        def __init__(self, status: AttendanceStatus) -> None:
            super().__init__()
            self.status = status

    class ToggleRole(Message):
        """Give the highlighted person this role, or take it away if they hold it."""

        def __init__(self, role: Role) -> None:
            super().__init__()
            self.role = role

    class Search(Message):
        """A letter no key uses: start a new search with it."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def action_mark(self, status: str) -> None:
        """Mark the highlighted person present, attendee, apologies or absent."""
        self.post_message(self.Mark(AttendanceStatus(status)))

    def action_role(self, role: str) -> None:
        """Give or take away the chair, deputy chair or note taker role."""
        self.post_message(self.ToggleRole(Role(role)))

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isprintable() and len(event.key) == 1:
            event.stop()
            self.post_message(self.Search(event.character))
