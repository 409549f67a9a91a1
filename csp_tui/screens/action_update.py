"""The action form: owner, task, due, status, RAG and a note for its history, each
under its label."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.widgets import Input, Label, Select

from csp_tui.domain.action_line import read_due
from csp_tui.domain.models import Action, ActionStatus, Rag
from csp_tui.screens.dialog import FormDialog
from csp_tui.widgets.keys import key_for
from csp_tui.widgets.text_field import WrappedField

#: The RAG choices, "none" first: an action need not have one.
RAG_CHOICES = [("none", ""), ("R (red)", Rag.RED.value), ("A (amber)", Rag.AMBER.value),
               ("G (green)", Rag.GREEN.value)]


@dataclass(frozen=True)
class ActionChange:
    """What the note taker changed; the screen passes it to ``repo.minutes.update_action``."""

    owner: str
    task: str
    due: str
    status: ActionStatus
    note: str
    rag: str = ""  # "" for none, else R, A or G


class ActionUpdateScreen(FormDialog[ActionChange | None]):
    """Used from the item pane for this meeting's actions and, under Minutes and Action
    Log, for actions carried from earlier meetings. Each field has its label, so text
    cannot go into the wrong one unseen; the focus starts on the owner, the first."""

    def __init__(self, action: Action, meeting_date: dt.date | None = None) -> None:
        super().__init__()
        self._action = action
        # A due day without a year is read against the meeting, as on the capture line.
        self._meeting_date = meeting_date

    def compose(self) -> ComposeResult:
        a = self._action
        with Vertical(classes="dialog"):
            yield Label(f"Action (Enter or {key_for(self.app, 'form.save')} saves, "
                        f"{key_for(self.app, 'dialog.cancel')} cancels)", classes="title")
            with Grid(classes="fields"):
                yield Label("Owner")
                yield Input(a.owner, placeholder="people or bodies; empty for none",
                            id="owner", compact=True)
                yield Label("Task")
                # Wrapped as the capture area is: a long task is read and edited whole.
                yield WrappedField(a.task, line_breaks=False, compact=True, id="task",
                                   placeholder="what is to be done")
                yield Label("Due")
                yield Input(a.due, placeholder="2021-10-31, 31 October, ASAP, next board",
                            id="due", compact=True)
                yield Label("Status")
                yield Select([(s.value, s) for s in ActionStatus], value=a.status,
                             allow_blank=False, id="status", compact=True)
                yield Label("RAG")
                yield Select(RAG_CHOICES, value=a.rag.value if a.rag else "",
                             allow_blank=False, id="rag", compact=True)
                yield Label("Note")
                yield Input(placeholder="for the action's history (optional)", id="note",
                            compact=True)
            yield Label("", classes="error", id="error")
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#owner", Input).focus()

    def action_save(self) -> None:
        """Dismiss with the change, unless the task was emptied or the due is broken."""
        get = {f: self.query_one(f"#{f}", Input | WrappedField).value.strip()
               for f in ("owner", "task", "due", "note")}
        if not get["task"]:
            self.query_one("#error", Label).update("The task cannot be empty.")
            return
        try:
            # The same due rule as the capture line, so that a date typed here can
            # fall overdue.
            due = read_due(get["due"], self._meeting_date)
        except ValueError as exc:
            self.query_one("#error", Label).update(f"Due: {exc}")
            return
        status = self.query_one("#status", Select).value
        rag = self.query_one("#rag", Select).value
        self.dismiss(ActionChange(owner=get["owner"], task=get["task"], due=due,
                                  status=ActionStatus(status), note=get["note"],
                                  rag=str(rag)))
