"""A text field that wraps its text to its width, as the capture area does: for the
edit dialogs (a paragraph, an action's task), where a one-line box made a long line
a walk of Home and sixty presses of Right."""

from __future__ import annotations

from textual import events
from textual.message import Message
from textual.widgets import TextArea

from csp_tui.domain.text import drop_controls

#: As in the capture area: Enter saves, so the line break has keys of its own.
LINE_BREAK_KEYS = ("ctrl+j", "alt+enter", "shift+enter")


class WrappedField(TextArea):
    """A wrapped, growing text field. Enter posts :class:`Submitted`; with
    ``line_breaks`` ctrl+j (alt+enter, shift+enter) puts a line break in the text,
    else the text stays one line (a pasted line break becomes a space)."""

    DEFAULT_CSS = """
    WrappedField { height: auto; min-height: 1; max-height: 12; padding: 0 1;
                   border: tall $border-blurred; background: $surface; }
    WrappedField:focus { border: tall $border; }
    WrappedField.-compact { border: none; padding: 0; max-height: 6; }
    """

    class Submitted(Message):
        """Enter: the text is done (the dialog saves it)."""

        def __init__(self, field: WrappedField, value: str) -> None:
            super().__init__()
            self.field = field
            self.value = value

        @property
        def control(self) -> WrappedField:
            """The field (for ``@on(..., "#id")``)."""
            return self.field

    def __init__(self, text: str = "", *, line_breaks: bool = True, compact: bool = False,
                 placeholder: str = "", id: str | None = None) -> None:  # noqa: A002
        super().__init__(text, soft_wrap=True, tab_behavior="focus", show_line_numbers=False,
                         highlight_cursor_line=False, placeholder=placeholder, id=id,
                         classes="-compact" if compact else "")
        self.line_breaks = line_breaks
        # Edited from the end, where a correction usually goes on.
        self.move_cursor(self.document.end)

    @property
    def value(self) -> str:
        """The text, read and set as an Input's value is (by the forms, the tests)."""
        return self.text

    @value.setter
    def value(self, text: str) -> None:
        self.text = text
        self.cursor_location = self.document.end

    async def _on_key(self, event: events.Key) -> None:
        # Before TextArea's own handler, which would put a line break for Enter.
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(self.Submitted(self, self.text))
        elif event.key in LINE_BREAK_KEYS:
            event.stop()
            event.prevent_default()
            if self.line_breaks:
                start, end = self.selection
                self.replace("\n", start, end, maintain_selection_offset=False)

    def _on_text_area_changed(self, event: TextArea.Changed) -> None:
        # Typed or pasted noise is dropped, as from every field; a field without line
        # breaks keeps a pasted one as a space.
        clean = drop_controls(self.text, multiline=True)
        if not self.line_breaks:
            clean = clean.replace("\n", " ")
        if clean != self.text:
            self.load_text(clean)
            self.move_cursor(self.document.end)
