"""The name check dialog: names in the minutes that nearly match a roster name, each
corrected (c) or accepted as written (a, remembered for the meeting) with one key.

Dismisses with True when nothing is left to decide (export may go on) and False when
closed with names still open (escape).
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Label

from csp_tui.domain.models import error_message
from csp_tui.screens.dialog import Dialog
from csp_tui.screens.errors import USER_ERRORS
from csp_tui.services.name_check import NameIssue, correct, find_name_issues
from csp_tui.storage.repository import Repository


class NameCheckScreen(Dialog[bool]):
    """List the near-miss names of one meeting's minutes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "correct", "Correct"),
        Binding("a", "accept", "Accept"),
        Binding("escape", "close", "Close"),
    ]

    def __init__(self, repo: Repository, meeting_id: int,
                 issues: list[NameIssue] | None = None) -> None:
        super().__init__()
        self.repo = repo
        self.meeting_id = meeting_id
        self.issues = issues if issues is not None else \
            find_name_issues(repo.record(meeting_id), repo.accepted_names(meeting_id))
        self.accepted: list[NameIssue] = []
        self.corrected: list[NameIssue] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Names that nearly match the roster", classes="title")
            yield DataTable(id="names-table", cursor_type="row", zebra_stripes=True)
            yield Label("c correct every place to the roster spelling · a accept as "
                        "written · esc close", classes="hint")

    def on_mount(self) -> None:
        table = self.query_one("#names-table", DataTable)
        table.add_columns("In the minutes", "Roster", "Why", "Places")
        self._fill()
        table.focus()

    def _fill(self) -> None:
        table = self.query_one("#names-table", DataTable)
        row = table.cursor_row
        table.clear()
        for issue in self.issues:
            table.add_row(issue.found, issue.suggestion,
                          f"{issue.kind} {round(issue.score * 100)}%",
                          str(len(issue.occurrences)))
        if self.issues:
            table.move_cursor(row=min(max(row, 0), len(self.issues) - 1))

    def _take(self) -> NameIssue | None:
        table = self.query_one("#names-table", DataTable)
        if not self.issues:
            self.notify("No names left to check", severity="error")
            return None
        return self.issues.pop(min(table.cursor_row, len(self.issues) - 1))

    def action_correct(self) -> None:
        """Write the roster spelling everywhere the highlighted name occurs."""
        issue = self._take()
        if issue is None:
            return
        try:
            changed = correct(self.repo, issue)
        except USER_ERRORS as exc:
            self.issues.insert(0, issue)
            self.notify(error_message(exc), severity="error")
            return
        self.corrected.append(issue)
        self.notify(f"{issue.found} → {issue.suggestion} in {changed} "
                    f"place{'s' if changed != 1 else ''}")
        self._after()

    def action_accept(self) -> None:
        """Accept the highlighted name as written, for this meeting."""
        issue = self._take()
        if issue is None:
            return
        try:
            self.repo.accept_name(self.meeting_id, issue.found, issue.person_id)
        except USER_ERRORS as exc:
            self.issues.insert(0, issue)
            self.notify(error_message(exc), severity="error")
            return
        self.accepted.append(issue)
        self._after()

    def _after(self) -> None:
        self._fill()
        if not self.issues:
            self.dismiss(True)

    def action_close(self) -> None:
        """Close; the answer says whether every name was decided."""
        self.dismiss(not self.issues)
