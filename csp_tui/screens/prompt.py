"""A one-line prompt: a defer reason, a new item's title, an edited line, a date, a
file path, a name."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label

from csp_tui.screens.dialog import Dialog
from csp_tui.widgets.keys import key_for


class PromptScreen(Dialog[str | None]):
    """Ask for one line of text; dismisses with the text (stripped) or None on escape.

    An empty answer counts as cancel unless ``allow_empty``.
    """

    def __init__(self, title: str, value: str = "", *, placeholder: str = "",
                 hint: str = "Enter saves", allow_empty: bool = False) -> None:
        super().__init__()
        self._title = title
        self._value = value
        self._placeholder = placeholder
        self._hint = hint
        self._allow_empty = allow_empty

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self._title, classes="title")
            yield Input(self._value, placeholder=self._placeholder, id="prompt-input",
                        select_on_focus=False)
            # The hint says what Enter does; the cancel key is the user's.
            yield Label(f"{self._hint} · {key_for(self.app, 'dialog.cancel')} cancels",
                        classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        self.dismiss(text if text or self._allow_empty else None)
