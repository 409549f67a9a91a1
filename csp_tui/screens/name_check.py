"""The name check dialog: names in the minutes that nearly match a roster name, each
corrected (c) or accepted as written (a, remembered for the meeting) with one key. The
open name questions (names an attendance line kept as typed) come first, the newest at
the top, a row for each roster person the name may be: c says it is that person
(the meeting's attendance, actions and lines corrected), a keeps it as a new person.

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
from csp_tui.domain.name_questions import NameQuestion
from csp_tui.screens.dialog import Dialog
from csp_tui.screens.errors import USER_ERRORS
from csp_tui.services.name_check import NameIssue, correct, find_name_issues
from csp_tui.storage.repository import Repository
from csp_tui.widgets.keys import key_for


class NameCheckScreen(Dialog[bool]):
    """List the near-miss names of one meeting's minutes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "correct", "Correct", id="name-check.correct"),
        Binding("a", "accept", "Accept", id="name-check.accept"),
        Binding("escape", "close", "Close", id="name-check.close"),
    ]

    def __init__(self, repo: Repository, meeting_id: int,
                 issues: list[NameIssue] | None = None) -> None:
        super().__init__()
        self.repo = repo
        self.meeting_id = meeting_id
        self.issues = issues if issues is not None else \
            find_name_issues(repo.record(meeting_id), repo.people.accepted_names(meeting_id))
        #: The open name questions, the newest first.
        self.questions: list[NameQuestion] = repo.names.name_questions(meeting_id)[::-1]
        self.accepted: list[NameIssue] = []
        self.corrected: list[NameIssue] = []

    @property
    def left(self) -> int:
        """Names still to decide: open questions and near-miss names."""
        return len(self.questions) + len(self.issues)

    def _rows(self) -> list[tuple[NameQuestion, int, str] | NameIssue]:
        """The table's rows: (question, roster id, roster name) for each person an open
        question's name may be, then the near-miss names."""
        rows: list[tuple[NameQuestion, int, str] | NameIssue] = []
        for q in self.questions:
            rows.extend((q, pid, name) for pid, name in q.candidates or ((0, ""),))
        return [*rows, *self.issues]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Names that nearly match the roster", classes="title")
            yield DataTable(id="names-table", cursor_type="row", zebra_stripes=True)
            yield Label(f"{key_for(self.app, 'name-check.correct')} correct every place to "
                        f"the roster spelling · {key_for(self.app, 'name-check.accept')} "
                        f"accept as written · {key_for(self.app, 'name-check.close')} close",
                        classes="hint")

    def on_mount(self) -> None:
        table = self.query_one("#names-table", DataTable)
        table.add_columns("In the minutes", "Roster", "Why", "Places")
        self._fill()
        table.focus()

    def _fill(self) -> None:
        table = self.query_one("#names-table", DataTable)
        row = table.cursor_row
        table.clear()
        rows = self._rows()
        for r in rows:
            if isinstance(r, NameIssue):
                table.add_row(r.found, r.suggestion, f"{r.kind} {round(r.score * 100)}%",
                              str(len(r.occurrences)))
            else:
                why = "fits two" if r[0].ambiguous else "not on roster"
                table.add_row(r[0].typed, r[2], why, "attendance")
        if rows:
            table.move_cursor(row=min(max(row, 0), len(rows) - 1))

    def _take(self) -> NameIssue | None:
        """The highlighted near-miss name, taken off the list; an open question's
        row is answered here instead (None)."""
        table = self.query_one("#names-table", DataTable)
        rows = self._rows()
        if not rows:
            self.notify("No names left to check", severity="error")
            return None
        row = rows[min(table.cursor_row, len(rows) - 1)]
        if isinstance(row, NameIssue):
            self.issues.remove(row)
            return row
        return None

    def _question(self) -> tuple[NameQuestion, int, str] | None:
        table = self.query_one("#names-table", DataTable)
        rows = self._rows()
        row = rows[min(table.cursor_row, len(rows) - 1)] if rows else None
        return None if row is None or isinstance(row, NameIssue) else row

    def _decide(self, answer: int | None) -> None:
        """Answer the highlighted question: it is roster person ``answer``, or (None)
        the name as typed is a new person."""
        found = self._question()
        if found is None:
            return
        question, _pid, name = found
        try:
            if answer is None:
                self.repo.names.keep_name(question.id)
            else:
                self.repo.names.answer_name(question.id, answer)
        except USER_ERRORS as exc:
            self.notify(error_message(exc), severity="error")
            return
        self.questions.remove(question)
        self.notify(f"{question.typed!r} kept as written" if answer is None
                    else f"{question.typed!r} is {name}: corrected "
                         f"({key_for(self.app, 'meeting.undo')} undoes)")
        self._after()

    def action_correct(self) -> None:
        """Write the roster spelling everywhere the highlighted name occurs."""
        if (found := self._question()) is not None:
            if not found[1]:
                self.notify("No one on the roster left to choose: a keeps it as written",
                            severity="error")
                return
            self._decide(found[1])
            return
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
        if self._question() is not None:
            self._decide(None)
            return
        issue = self._take()
        if issue is None:
            return
        try:
            self.repo.people.accept_name(self.meeting_id, issue.found, issue.person_id)
        except USER_ERRORS as exc:
            self.issues.insert(0, issue)
            self.notify(error_message(exc), severity="error")
            return
        self.accepted.append(issue)
        self._after()

    def _after(self) -> None:
        self._fill()
        if not self.left:
            self.dismiss(True)

    def action_close(self) -> None:
        """Close; the answer says whether every name was decided."""
        self.dismiss(not self.left)
