"""Update an action: owner, task, due, status, and a note for its history."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select

from csp_tui.domain.dates import normalise_due
from csp_tui.domain.models import Action, ActionStatus
from csp_tui.screens.dialog import Dialog


@dataclass(frozen=True)
class ActionChange:
    """What the note taker changed; the screen passes it to ``repo.update_action``."""

    owner: str
    task: str
    due: str
    status: ActionStatus
    note: str


class ActionUpdateScreen(Dialog[ActionChange | None]):
    """Used from the item pane for this meeting's actions and, under Minutes and Action
    Log, for actions carried from earlier meetings."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+s", "save", "Save")]

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
            with Horizontal(classes="buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#status", Select).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.dismiss(None)

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
