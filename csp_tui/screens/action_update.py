"""Update an action: owner, task, due, status, and a note for its history."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Select

from csp_tui.domain.dates import normalise_due
from csp_tui.domain.models import Action, ActionStatus
from csp_tui.screens.dialog import FormDialog


@dataclass(frozen=True)
class ActionChange:
    """What the note taker changed; the screen passes it to ``repo.update_action``."""

    owner: str
    task: str
    due: str
    status: ActionStatus
    note: str


class ActionUpdateScreen(FormDialog[ActionChange | None]):
    """Used from the item pane for this meeting's actions and, under Minutes and Action
    Log, for actions carried from earlier meetings."""

    def __init__(self, action: Action) -> None:
        super().__init__()
        self._action = action

    def compose(self) -> ComposeResult:
        a = self._action
        with Vertical(classes="dialog"):
            yield Label("Update action (enter or ctrl+s saves, esc cancels)")
            yield Input(a.owner, placeholder="Owner(s) as written", id="owner")
            yield Input(a.task, placeholder="Task", id="task")
            yield Input(a.due, placeholder="Due: 2021-10-31, ASAP, next board", id="due")
            yield Select([(s.value, s) for s in ActionStatus], value=a.status,
                         allow_blank=False, id="status")
            yield Input(placeholder="Note for the action's history (optional)", id="note")
            yield Label("", classes="error", id="error")
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#status", Select).focus()

    def action_save(self) -> None:
        """Dismiss with the change, unless the task was emptied."""
        get = {f: self.query_one(f"#{f}", Input).value.strip()
               for f in ("owner", "task", "due", "note")}
        if not get["task"]:
            self.query_one("#error", Label).update("The task cannot be empty.")
            return
        clock = getattr(self.app, "clock", None)
        try:
            # The same due rule as the capture line, so that a date typed here can
            # fall overdue; a day without a year is after today, the meeting's clock.
            due = normalise_due(get["due"],
                                today=clock().astimezone().date() if clock else None)
        except ValueError as exc:
            self.query_one("#error", Label).update(f"Due: {exc}")
            return
        status = self.query_one("#status", Select).value
        self.dismiss(ActionChange(owner=get["owner"], task=get["task"], due=due,
                                  status=ActionStatus(status), note=get["note"]))
