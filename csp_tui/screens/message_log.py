"""The message log (ctrl+l): everything the app has said since it started, newest
last, each with its time, wrapped to the box (a path at its separators). The message
bar shows one message for a few seconds; here they stay, to be read at leisure."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from csp_tui.domain.wording import wrap
from csp_tui.screens.dialog import Dialog
from csp_tui.widgets.keys import key_for

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from csp_tui.widgets.message_bar import Said

#: The time column: "10:04:31 " (local time).
TIME_WIDTH = 9
#: How a warning or an error is marked, so it reads without colour too.
_MARK = {"warning": "! ", "error": "✗ "}
_STYLE = {"warning": "bold $text-warning", "error": "bold $text-error"}


def log_text(messages: Sequence[Said], width: int) -> Content:
    """The log as text ``width`` columns wide: each message's time, then its text
    wrapped under itself (0: unwrapped)."""
    if not messages:
        return Content("Nothing said yet.")
    parts: list[Content | str | tuple[str, str]] = []
    room = max(20, width - TIME_WIDTH) if width else 10_000
    for said in messages:
        text = _MARK.get(said.severity, "") + said.text
        lines = wrap(text, room)
        parts.append((f"{said.at.astimezone():%H:%M:%S} ", "bold"))
        style = _STYLE.get(said.severity, "")
        body = ("\n" + " " * TIME_WIDTH).join(lines)
        parts.append((body, style) if style else body)
        parts.append("\n")
    return Content.assemble(*parts)


class LogText(Static):
    """The log's text, wrapped again whenever its width changes."""

    def __init__(self, messages: Sequence[Said], **kwargs: object) -> None:
        super().__init__(log_text(messages, 0), **kwargs)  # type: ignore[arg-type]
        self._messages = messages
        self._width = 0

    def on_resize(self) -> None:
        """Wrap for the new width (a scroll bar appearing narrows it too)."""
        width = self.content_size.width
        if width != self._width:
            self._width = width
            self.update(log_text(self._messages, width))


class MessageLogScreen(Dialog[None]):
    """What the app said, oldest first, opened at the newest."""

    # Every dialog's rules, then its own (Textual reads only the subclass's CSS_PATH).
    CSS_PATH: ClassVar = [Path(__file__).with_name("dialog.tcss"),
                         Path(__file__).with_name("message_log.tcss")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,ctrl+l", "cancel", "Close the messages", id="messages.close")]

    def __init__(self, messages: Sequence[Said]) -> None:
        super().__init__()
        # A copy: what is said while the log is open shows the next time it opens.
        self._messages = list(messages)

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="message-log") as scroll:
            scroll.border_title = f"Messages ({len(self._messages)}, newest last)"
            scroll.border_subtitle = (f"↑ ↓ PgUp PgDn scroll · "
                                      f"{key_for(self.app, 'messages.close')} closes")
            yield LogText(self._messages, id="log-text")

    def on_mount(self) -> None:
        scroll = self.query_one("#message-log", VerticalScroll)
        scroll.focus()
        # The newest message is the one the note taker came to read.
        self.call_after_refresh(scroll.scroll_end, animate=False)
