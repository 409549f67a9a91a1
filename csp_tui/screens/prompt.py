"""A one-line prompt: a defer reason, a new item's title, an edited line, a date."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label


class PromptScreen(ModalScreen[str | None]):
    """Ask for one line of text; dismisses with the text (stripped) or None on escape.

    An empty answer counts as cancel unless ``allow_empty``.
    """

    DEFAULT_CSS = """
    PromptScreen { align: center middle; }
    PromptScreen > Vertical { width: 80%; max-width: 100; height: auto;
                              border: thick $accent; background: $surface; padding: 0 1; }
    PromptScreen .hint { color: $text-muted; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, value: str = "", *, placeholder: str = "",
                 hint: str = "Enter saves · Esc cancels", allow_empty: bool = False) -> None:
        super().__init__()
        self._title = title
        self._value = value
        self._placeholder = placeholder
        self._hint = hint
        self._allow_empty = allow_empty

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self._title, classes="title")
            field = Input(self._value, placeholder=self._placeholder, id="prompt-input",
                          select_on_focus=False)
            field.cursor_blink = getattr(self.app, "cursor_blink_enabled", True)
            yield field
            yield Label(self._hint, classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        self.dismiss(text if text or self._allow_empty else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
