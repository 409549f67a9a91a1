"""The capture line, where the note taker types, and its completion as you type."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual.content import Content
from textual.suggester import Suggester
from textual.widgets import Input, Static


class CaptureSuggester(Suggester):
    """Offers the first completion of :func:`csp_tui.capture.completion.complete` (owners from the
    roster and attendance, slash commands, stock and user phrases), shown greyed after
    the cursor; the right arrow accepts it."""

    def __init__(self, names: Callable[[], list[str]], phrases: Callable[[], list[str]]) -> None:
        # The names and phrases change during the meeting: no cache.
        super().__init__(use_cache=False, case_sensitive=True)
        self._names = names
        self._phrases = phrases
        self._latest = ""

    #: Wait this long for the next keystroke before working out a completion: while
    #: keys arrive faster than that, nobody can read a suggestion anyway.
    SETTLE = 0.06

    async def get_suggestion(self, value: str) -> str | None:
        if not value.strip():
            return None
        self._latest = value
        await asyncio.sleep(self.SETTLE)
        if self._latest != value:
            return None  # superseded by a later keystroke
        from csp_tui.capture.completion import complete

        try:
            options = complete(value, names=self._names(), phrases=self._phrases())
        except Exception:  # noqa: BLE001 - completion must never break typing
            return None
        folded = value.casefold()
        for option in options:
            # Input shows a suggestion only when it extends what is typed.
            if len(option) > len(value) and option.casefold().startswith(folded):
                return value + option[len(value):]
        return None


class CaptureLine(Input):
    """An :class:`~textual.widgets.Input` for minutes and slash commands.

    Enter posts ``Input.Submitted``; the screen executes it and clears the line only
    when the command worked, so a malformed command is never lost.
    """

    DEFAULT_CSS = """
    CaptureLine { border: tall $accent 50%; }
    CaptureLine:focus { border: tall $accent; }
    CaptureLine.-error { border: tall $error; }
    """


class CaptureMessage(Static):
    """One line under the capture line saying what was wrong with the last command."""

    DEFAULT_CSS = """
    CaptureMessage { height: auto; max-height: 2; color: $text-error; padding: 0 1;
                   display: none; }
    CaptureMessage.-shown { display: block; }
    """

    def show_error(self, message: str | None) -> None:
        """Show ``message``, or hide the line when None."""
        self.set_class(bool(message), "-shown")
        self.update(Content(message or ""))


class CapturePreview(Static):
    """The whole of a long entry, wrapped, just above the capture line: a paragraph
    longer than the line is proofread before Enter rather than seen only by its tail.
    Hidden while the text fits the line; at most about a third of the screen."""

    DEFAULT_CSS = """
    CapturePreview { height: auto; max-height: 33%; padding: 0 1; display: none;
                     background: $boost; overflow-y: auto; }
    CapturePreview.-shown { display: block; }
    """

    def show_text(self, text: str, room: int) -> None:
        """Show ``text`` when it is longer than ``room`` cells (the line's width)."""
        long = len(text) > room
        self.set_class(long, "-shown")
        self.update(Content(text if long else ""))
