"""A yes/no question before something destructive (undo remains available)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label

from csp_tui.domain.models import AgendaItem
from csp_tui.screens.dialog import Dialog
from csp_tui.widgets.keys import key_for


def removal_question(item: AgendaItem, entries: int, actions: int) -> str:
    """"Remove item 10 Prevent Update with its 3 entries and 1 action?" (what goes)."""
    held = [f"{n} {word if n == 1 else words}" for n, word, words in (
        (entries, "entry", "entries"), (actions, "action", "actions")) if n]
    what = f"with its {' and '.join(held)}" if held else "(it holds no minutes)"
    return f"Remove item {item.number} {item.title} {what}?"


class ConfirmScreen(Dialog[bool]):
    """Dismisses with True for yes (y / enter on Yes), False for no (n / escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self._question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog -warning"):
            yield Label(self._question, markup=False)
            with Horizontal(classes="buttons"):
                yield Button(f"Yes ({key_for(self.app, 'confirm.yes')})", variant="warning",
                             id="yes")
                yield Button(f"No ({key_for(self.app, 'confirm.no')})", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        """Answer the question."""
        self.dismiss(yes)
