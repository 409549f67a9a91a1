"""The capture area, where the note taker types, and its completion as you type."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Static, TextArea

from csp_tui.domain.text import drop_controls

if TYPE_CHECKING:
    from csp_tui.domain.house_style import Style


class CaptureSuggester:
    """Offers the first completion of :func:`csp_tui.capture.completion.complete` (owners from the
    roster and attendance, slash commands, stock and user phrases), shown greyed after
    the cursor; the right arrow accepts it."""

    def __init__(self, names: Callable[[], list[str]], phrases: Callable[[], list[str]],
                 style: Callable[[], Style] | None = None) -> None:
        # The names and phrases change during the meeting: no cache.
        self._names = names
        self._phrases = phrases
        #: The meeting's house style (the words of ``/defer``'s preview).
        self._style = style
        self._latest = ""

    #: Wait this long for the next keystroke before working out a completion: while
    #: keys arrive faster than that, nobody can read a suggestion anyway.
    SETTLE = 0.06

    async def get_suggestion(self, value: str) -> str | None:
        """``value`` completed (the whole entry, longer than ``value``), or None."""
        if not value.strip():
            return None
        self._latest = value
        await asyncio.sleep(self.SETTLE)
        if self._latest != value:
            return None  # superseded by a later keystroke
        # Seam: the capture language loads when first used, not with the screen.
        from csp_tui.capture.completion import complete

        try:
            options = complete(value, names=self._names(), phrases=self._phrases(),
                               style=self._style() if self._style is not None else None)
        except Exception:  # noqa: BLE001 - completion must never break typing
            return None
        folded = value.casefold()
        for option in options:
            # Shown only when it extends what is typed.
            if len(option) > len(value) and option.casefold().startswith(folded):
                return value + option[len(value):]
        return None


class CaptureLine(TextArea):
    """The capture area: minutes and slash commands, typed into a wrapped area that grows
    with its text (one line when empty, up to a third of the screen, then it scrolls).

    Enter hands the entry to the ``enter`` callable it was given (the screen's), at
    once, in turn with the keys: the keys typed after an Enter are handled only after
    that entry is stored and the area cleared, so they can never join it. A refused
    entry (a slash command with a real error) stays, to be corrected. ``ctrl+j`` (or
    ``alt+enter``, or ``shift+enter`` where the terminal sends it) puts a line break
    inside the entry. Any other key first calls ``typed``, which is what takes a
    message about the last entry away.
    """

    DEFAULT_CSS = """
    CaptureLine { height: auto; min-height: 3; max-height: 33%; border: tall $accent 50%;
                  background: $surface; padding: 0 1; }
    CaptureLine:focus { border: tall $accent; }
    CaptureLine.-error { border: tall $error; }
    """

    # Enter adds the entry, so the line break needs a key of its own: ctrl+j is the
    # line feed every terminal sends; alt+enter and shift+enter only where the terminal
    # tells them from Enter.
    LINE_BREAK_KEYS = ("ctrl+j", "alt+enter", "shift+enter")
    #: For the help and the palette; the keys themselves are taken in :meth:`_on_key`.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(",".join(LINE_BREAK_KEYS), "line_break", "Line break inside the entry",
                show=False, id="capture.line-break"),
    ]

    def __init__(self, *, enter: Callable[[str], bool] | None = None,
                 typed: Callable[[], None] | None = None, placeholder: str = "",
                 id: str | None = None) -> None:  # noqa: A002
        super().__init__(soft_wrap=True, tab_behavior="focus", highlight_cursor_line=False,
                         placeholder=placeholder, id=id)
        # Callables, not messages: a message posted from a key is handled after the keys
        # already queued behind it (a burst from the terminal), which then joined the
        # entry before the screen cleared it. A call runs in turn with the keys.
        self._enter = enter
        self._typed = typed
        self.suggester: CaptureSuggester | None = None
        #: The text the suggestion shown (or being worked out) completes.
        self._suggested_for: str | None = None

    # ---------------------------------------------------------------- the text

    @property
    def value(self) -> str:
        """The entry as typed, line breaks and all."""
        return self.text

    @value.setter
    def value(self, text: str) -> None:
        # Whatever is put here (a draft, a transcript cue, a name taken) is edited from
        # its end.
        self.load_text(text)
        self.move_cursor(self.document.end)
        # Not a completion yet: that waits for the first key (nothing of the capture
        # language loads while a restored draft is first shown).
        self._suggested_for = text

    @property
    def cursor_position(self) -> int:
        """The cursor as an offset into :attr:`value`."""
        row, column = self.cursor_location
        lines = self.text.split("\n")
        return sum(len(line) + 1 for line in lines[:row]) + column

    @cursor_position.setter
    def cursor_position(self, offset: int) -> None:
        before = self.text[:max(0, offset)].split("\n")
        self.move_cursor((len(before) - 1, len(before[-1])))

    # ---------------------------------------------------------------- keys

    async def _on_key(self, event: events.Key) -> None:
        # Runs before TextArea's own key handler, which would put a line break for Enter.
        # Both keys are taken here, in turn with the characters typed, not as bindings:
        # a binding runs once the key has gone up to the app, after the keys typed just
        # after it (keys come in bursts over ssh and tmux).
        # The screen's and app's priority keys (PgDn, ctrl+z...) run here too, in turn
        # with the keys before them, not when they reach the app (see CspApp).
        run_in_order = getattr(self.app, "run_key_in_order", None)
        if run_in_order is not None and await run_in_order(event.key):
            event.stop()
            event.prevent_default()
            return
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.suggestion = ""
            self.enter()
            return
        self._key_typed()
        if self._is_line_break(event):
            event.stop()
            event.prevent_default()
            self.action_line_break()

    def _is_line_break(self, event: events.Key) -> bool:
        """Whether ``event`` is a line-break key: the user's (their keymap's
        ``capture.line-break``, read from the app) or :attr:`LINE_BREAK_KEYS`."""
        mine = getattr(self.app, "keymap", {}).get("capture.line-break")
        keys = [k.strip() for k in mine.split(",")] if mine else self.LINE_BREAK_KEYS
        # A keymap may name a key by its character ("?") or by its name.
        return event.key in keys or (event.character is not None and event.character in keys)

    def enter(self) -> bool:
        """Enter the text typed: hand it to the screen and clear the area when it was
        taken. Returns whether it was."""
        text = self.text
        if self._enter is None:
            return False
        # Cleared before the entry is stored, so the draft saved with it is what is left
        # (nothing), never the entry itself, which a restart would offer again.
        self.value = ""
        taken = False
        try:
            taken = self._enter(text)
        finally:
            # Refused (or failed): the entry comes back to be corrected, unless the
            # command put other text here (opening a meeting shows its draft).
            if not taken and not self.text:
                self.value = text
        return taken

    def _key_typed(self) -> None:
        if self._typed is not None:
            self._typed()

    def _on_paste(self, event: events.Paste) -> None:
        self._key_typed()

    def action_line_break(self) -> None:
        """A line break inside the entry (Enter adds the entry)."""
        # As a typed character: over any selection, the cursor after it.
        start, end = self.selection
        self.replace("\n", start, end, maintain_selection_offset=False)

    def _on_text_area_changed(self, event: TextArea.Changed) -> None:
        # Pasted control characters are noise nobody meant to type (the app drops them
        # from every field); line breaks are the entry's own and stay.
        clean = drop_controls(self.text, multiline=True)
        if clean != self.text:
            self.value = clean

    # ---------------------------------------------------------------- completion

    def update_suggestion(self) -> None:
        """Work out a completion for the text, shown greyed when the cursor is at its
        end (TextArea's hook, called after each edit)."""
        text = self.text
        if self.suggester is None or not text.strip() or self.cursor_location != self.document.end:
            self.suggestion = ""
            self._suggested_for = None
            return
        self._suggested_for = text
        # A suggestion still ahead of what is typed stays (TextArea keeps it) until the
        # new one is worked out.
        self.run_worker(self._suggest(self.suggester, text), group="completion")

    def _on_text_area_selection_changed(self, event: TextArea.SelectionChanged) -> None:
        # The completion is of the whole entry: offered only with the cursor at its end,
        # and again when it comes back there.
        if self.cursor_location != self.document.end:
            self.suggestion = ""
            self._suggested_for = None
        elif self._suggested_for != self.text:
            self.update_suggestion()

    async def _suggest(self, suggester: CaptureSuggester, text: str) -> None:
        full = await suggester.get_suggestion(text)
        # Only if nothing was typed or moved meanwhile.
        if self.text == text and self.cursor_location == self.document.end:
            self.suggestion = full[len(text):] if full else ""


class CaptureMessage(Static):
    """The line just above the capture area: what was wrong with the last entry (until
    the next key), else what is held aside (until it is brought back)."""

    DEFAULT_CSS = """
    CaptureMessage { height: auto; max-height: 2; color: $text-error; padding: 0 1;
                   display: none; }
    CaptureMessage.-held { color: $text-warning; }
    CaptureMessage.-shown { display: block; }
    """

    #: The error shown ("" when none).
    _shown_error = ""
    #: The held-aside notice ("" when none).
    _held = ""

    def show_error(self, message: str | None) -> None:
        """Show ``message``, or take the error away when None."""
        # Asked on every key: an update when nothing changes would lay the whole
        # screen out again each key (and repaint every pane with a scroll bar).
        if (message or "") == self._shown_error:
            return
        self._shown_error = message or ""
        self._show()

    def show_held(self, notice: str | None) -> None:
        """Show ``notice`` (what is held aside) whenever no error is shown."""
        if (notice or "") == self._held:
            return
        self._held = notice or ""
        self._show()

    def _show(self) -> None:
        text = self._shown_error or self._held
        self.set_class(bool(text), "-shown")
        self.set_class(not self._shown_error and bool(self._held), "-held")
        self.update(Content(text))
