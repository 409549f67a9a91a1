"""The review of a Teams attendance report: what it would record, each guess and new
person confirmed with one key before anything is written."""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Label, Static

from csp_tui.domain.models import AttendanceStatus, Group, Person
from csp_tui.domain.names import match_name
from csp_tui.screens.dialog import DIALOG_WORKERS, Dialog
from csp_tui.screens.prompt import PromptScreen
from csp_tui.services.attendance_import import ImportPlan, Proposal
from csp_tui.widgets.keys import key_for

#: The keys the review's hint names (binding ids after "attendance-review."), in order.
_HINTS = (("yes", "yes"), ("no", "no"), ("name-phone", "name a phone number"),
          ("missing", "did-not-join"), ("apply", "apply"))


class ReviewScreen(Dialog[ImportPlan | None]):
    """Review what a Teams report would do: confirm each guess with one key."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "accept(True)", "Yes", id="attendance-review.yes"),
        Binding("n", "accept(False)", "No", id="attendance-review.no"),
        Binding("e", "name_it", "Name phone", id="attendance-review.name-phone"),
        Binding("m", "missing", "Did not join: absent, apologies, unrecorded",
                id="attendance-review.missing"),
        Binding("ctrl+s", "apply", "Apply", id="attendance-review.apply"),
    ]

    def __init__(self, plan: ImportPlan, people: list[Person]) -> None:
        super().__init__()
        self.plan = plan
        self.people = people
        self.missing_mode = 0  # 0 as proposed (absent), 1 apologies, 2 leave unrecorded
        self._missing = list(plan.missing)
        self._rows: list[tuple[str, Proposal | int]] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Teams report: confirm each guess", classes="title")
            yield Static(id="review-summary")
            yield DataTable(id="review-table", cursor_type="row", zebra_stripes=True)
            yield Label(" · ".join(f"{key_for(self.app, f'attendance-review.{binding}')} {does}"
                                   for binding, does in _HINTS)
                        + f" · {key_for(self.app, 'dialog.cancel')} cancel", classes="hint")

    def on_mount(self) -> None:
        table = self.query_one("#review-table", DataTable)
        table.add_columns("Apply", "Teams name", "Proposed")
        self._fill()
        table.focus()

    def _fill(self) -> None:
        table = self.query_one("#review-table", DataTable)
        row = table.cursor_row
        table.clear()
        self._rows = []
        for g in self.plan.guesses:
            assert g.match is not None
            self._rows.append(("guess", g))
            table.add_row("yes" if g.accepted else "no", g.participant.name,
                          f"is {g.match.describe()}?")
        for a in self.plan.additional:
            self._rows.append(("new", a))
            table.add_row("yes" if a.accepted else "no", a.participant.name,
                          "additional attendee (new to the roster)")
        for i, u in enumerate(self.plan.unmatched):
            self._rows.append(("unmatched", i))
            table.add_row("drop", u.name,
                          "phone number: e to name" if u.is_phone else "unmatched")
        for m in self.plan.matched:
            assert m.person is not None
            self._rows.append(("sure", m))
            table.add_row("sure", m.participant.name, f"{m.person.name}: {m.status.value}"
                          + (f" ({m.times()})" if m.times() else ""))
        if self._rows:
            table.move_cursor(row=min(row, len(self._rows) - 1))
        missing = {0: "absent", 1: "apologies", 2: "left unrecorded"}[self.missing_mode]
        self.query_one("#review-summary", Static).update(
            f"{len(self.plan.matched)} sure matches · {len(self._missing)} members "
            f"did not join ({missing})")

    def _current(self) -> tuple[str, Proposal | int] | None:
        table = self.query_one("#review-table", DataTable)
        if not self._rows or table.cursor_row >= len(self._rows):
            return None
        return self._rows[table.cursor_row]

    def action_accept(self, yes: bool) -> None:
        """Apply (or not) the highlighted guess or new person."""
        cur = self._current()
        if cur is None or cur[0] not in ("guess", "new") or not isinstance(cur[1], Proposal):
            self.notify("Only guesses and new people take y / n", severity="error")
            return
        cur[1].accepted = yes
        table = self.query_one("#review-table", DataTable)
        self._fill()
        if table.cursor_row < len(self._rows) - 1:
            table.move_cursor(row=table.cursor_row + 1)

    @work(group=DIALOG_WORKERS)
    async def action_name_it(self) -> None:
        """Name the highlighted phone number (or unmatched participant)."""
        cur = self._current()
        if cur is None or cur[0] != "unmatched":
            self.notify("Choose a phone number or unmatched name first", severity="error")
            return
        index = cur[1]
        assert isinstance(index, int)
        part = self.plan.unmatched[index]
        name = await self.app.push_screen_wait(PromptScreen(
            f"Who is {part.name}?", placeholder="Full name", hint="Enter goes on"))
        if name:
            match = match_name(name, self.people)
            part.name = name
            self.plan.unmatched.pop(index)
            claimed = {p.person.id for p in self.plan.matched + self.plan.guesses if p.person}
            if match and match.confident and match.person.id not in claimed:
                prop = Proposal(part, match.person, match,
                                AttendanceStatus.PRESENT if match.person.group is Group.MEMBER
                                else AttendanceStatus.ATTENDEE)
                self.plan.matched.append(prop)
                self._missing = [(p, s) for p, s in self._missing
                                 if p.id != match.person.id]
                self.plan.missing = [(p, s) for p, s in self.plan.missing
                                     if p.id != match.person.id]
            else:
                self.plan.additional.append(Proposal(part, None, None,
                                                     AttendanceStatus.ATTENDEE))
            self._fill()

    def action_missing(self) -> None:
        """Members who did not join: as proposed (absent), apologies, or left
        unrecorded, in turn."""
        self.missing_mode = (self.missing_mode + 1) % 3
        status = AttendanceStatus.APOLOGIES if self.missing_mode == 1 else \
            AttendanceStatus.ABSENT
        self.plan.missing = [] if self.missing_mode == 2 else [
            (p, status if self.missing_mode == 1 else s) for p, s in self._missing]
        self._fill()

    def action_apply(self) -> None:
        """Apply the plan as reviewed."""
        self.dismiss(self.plan)
