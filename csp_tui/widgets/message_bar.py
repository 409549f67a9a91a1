"""The meeting screen's message bar: one row of the layout, between the panes and the
capture area, where the app says what it did. Being part of the layout, it covers
nothing: not the item pane's last lines (the line just entered), not the capture area.
Every message is also kept in the app's message log (ctrl+l), with its time."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field

from textual.content import Content
from textual.widgets import Static

from csp_tui.domain.wording import one_line
from csp_tui.widgets.keys import key_for

#: Where the bar says a message was cut: the key of the message log, which has it whole.


@dataclass(frozen=True)
class Said:
    """One message the app gave: when (the repository's clock), how serious, what."""

    at: dt.datetime
    text: str
    severity: str = "information"
    #: Seconds it is shown for in the bar (or its toast).
    timeout: float = 5.0
    #: When it was said, on the monotonic clock (when its time in the bar is up).
    said: float = field(default_factory=time.monotonic)

    @property
    def live(self) -> bool:
        """Still to be shown: its time is not up."""
        return time.monotonic() < self.said + self.timeout


class MessageBar(Static):
    """The newest message whose time is not up, on one line (cut with "…" and the
    log's key when longer); blank otherwise. One message at a time: a new one takes
    the place of the one shown; when its time is up, an older one still in time (the
    read-only warning, say) comes back."""

    DEFAULT_CSS = """
    MessageBar { height: 1; padding: 0 1; color: $text; }
    MessageBar.-warning { color: $text-warning; text-style: bold; }
    MessageBar.-error { color: $text-error; text-style: bold; }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__("", id=id, markup=False)
        self._messages: list[Said] = []
        self.shown: Said | None = None

    def say(self, said: Said) -> None:
        """Show ``said`` now, in place of what was shown."""
        self._messages = [m for m in self._messages if m.live][-10:] + [said]
        self._show()
        self.set_timer(said.timeout + 0.05, self._show)

    def _show(self) -> None:
        live = [m for m in self._messages if m.live]
        self._messages = live
        shown = live[-1] if live else None
        self.shown = shown
        for severity in ("information", "warning", "error"):
            self.set_class(shown is not None and shown.severity == severity, f"-{severity}")
        self._draw()

    def _draw(self) -> None:
        width = self.content_size.width or max(20, self.app.size.width - 2)
        # A message cut short ends with the key of the log that holds it whole.
        more = f" ({key_for(self.app, 'app.messages')})"
        self.update(Content(one_line(self.shown.text, width, more) if self.shown else ""))

    def on_resize(self) -> None:
        # Another width fits more (or less) of the message.
        self._draw()
