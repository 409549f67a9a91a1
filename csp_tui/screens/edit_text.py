"""Editing a line of the minutes (a paragraph, a bullet, a decision...): its whole text
in a field that wraps as the capture area does, not a one-line box."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Label

from csp_tui.screens.dialog import Dialog
from csp_tui.widgets.keys import key_for
from csp_tui.widgets.text_field import WrappedField


class EditTextScreen(Dialog[str | None]):
    """Edit ``text``; dismisses with the text (stripped), or None on Esc or when it
    was emptied (deleting a line is the Del key's)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+s", "save", "Save", id="edit-text.save")]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self._title = title
        self._text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self._title, classes="title")
            yield WrappedField(self._text, id="edit-text")
            # The keys, as in the capture area (the line break is the field's own key).
            yield Label(f"Enter or {key_for(self.app, 'edit-text.save')} saves · ctrl+j line "
                        f"break · {key_for(self.app, 'dialog.cancel')} cancels", classes="hint")

    def on_mount(self) -> None:
        self.query_one(WrappedField).focus()

    def on_wrapped_field_submitted(self, event: WrappedField.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        """Dismiss with the text as edited."""
        text = self.query_one(WrappedField).text.strip()
        self.dismiss(text or None)
