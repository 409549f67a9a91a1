"""The help screen: every key (read from the bindings) and every slash command."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from csp_tui.domain.key_names import key_label
from csp_tui.screens.dialog import Dialog
from csp_tui.widgets.keys import key_for, keys_of


def binding_rows(classes: Iterable[type],
                 keymap: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
    """(keys, description) for every described binding of ``classes``, with the user's
    keys (``keymap``) where they moved one, merging the bindings of one action (e.g.
    f1 and ?) into one row."""
    rows: dict[str, tuple[list[str], str]] = {}
    for cls in classes:
        for b in getattr(cls, "BINDINGS", []):
            if not isinstance(b, Binding) or not b.description:
                continue
            keys, _ = rows.setdefault(f"{cls.__name__}.{b.action}", ([], b.description))
            keys.append(keys_of(b, keymap or {}))
    return [(key_label(",".join(k)), d) for k, d in rows.values()]


def key_groups(app: App, screen: Screen) -> list[tuple[str, Sequence[type]]]:
    """Where keys work, for the help and the command palette: everywhere (the app's and
    the screen's keys), then each pane of the screen that has keys of its own (the
    screen's ``KEY_GROUPS``: a title, and the widget classes that own the keys, or a
    function giving them for a pane whose module loads only when it is first shown)."""
    own = getattr(type(screen), "KEY_GROUPS", ())
    return [("Everywhere", [type(app), type(screen)]),
            *((title, classes() if callable(classes) else classes) for title, classes in own)]


def slash_commands() -> list[tuple[str, str]]:
    """(usage, what it does) for each slash command, from :mod:`csp_tui.capture.grammar`."""
    # Seam: the capture language loads when first used, not with the screen.
    from csp_tui.capture.grammar import SLASH_COMMANDS

    return [(c.usage, c.help + (f"  e.g. {c.example}" if c.example else ""))
            for c in SLASH_COMMANDS]


def _hang(text: str, indent: int, width: int) -> str:
    """``text`` wrapped to ``width`` columns with every line after the first indented by
    ``indent`` (the first line's indent is already written): Textual wraps a long line
    back to the left edge, under the keys. ``width`` 0 (not laid out yet): one line."""
    if not width:
        return text
    return ("\n" + " " * indent).join(
        textwrap.wrap(text, max(width - indent, 20), break_on_hyphens=False) or [""])


class HelpText(Static):
    """The help's text, wrapped to the box's width by :func:`_hang` whenever that
    changes, so that a wrapped description lines up under the description above."""

    def __init__(self, build: Callable[[int], Content], **kwargs: Any) -> None:
        super().__init__(build(0), **kwargs)
        self._build = build
        self._width = 0

    def on_resize(self) -> None:
        """Wrap again for the new width (a scrollbar appearing narrows it too)."""
        width = self.content_size.width
        if width != self._width:
            self._width = width
            self.update(self._build(width))


class HelpScreen(Dialog[None]):
    """Lists keys grouped by where they work, then the capture line's language."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,f1", "cancel", "Close help",
                                                     id="help.close")]

    #: The width of the keys' column; each description starts after it, and its
    #: wrapped lines start there too.
    KEY_COLUMN = 22

    def __init__(self, groups: Sequence[tuple[str, Sequence[type]]],
                 keymap: Mapping[str, str] | None = None) -> None:
        super().__init__()
        self._groups = groups
        #: The user's keys by binding id (their settings file), shown for the defaults.
        self._keymap = keymap or {}

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog") as scroll:
            scroll.border_title = f"Help ({key_for(self.app, 'help.close')} closes)"
            yield HelpText(self._text, id="help-text")

    def _text(self, width: int) -> Content:
        """The whole help, wrapped to ``width`` columns (0: unwrapped)."""
        parts: list[Content | str | tuple[str, str]] = []
        for title, classes in self._groups:
            parts.append((f"{title}\n", "bold $accent"))
            rows = binding_rows(classes, self._keymap)
            if title == self._groups[0][0]:
                rows.append((key_label(self.app.COMMAND_PALETTE_BINDING),
                             "Command palette: every action by name"))
            for keys, text in rows:
                key_cell = f"  {keys:<{self.KEY_COLUMN}}"
                parts.append(Content.assemble(
                    (key_cell, "bold"), f" {_hang(text, len(key_cell) + 1, width)}\n"))
            parts.append("\n")
        parts.append(("Capture area: entries\n", "bold $accent"))
        # The default keys' note on terminals holds only while the keymap leaves them.
        also = ("" if "capture.line-break" in self._keymap else " (alt+Enter and shift+Enter "
                "too, where the terminal tells them from Enter)")
        for line in ("Enter adds what is typed: plain text a paragraph; '- text' a bullet; "
                     "'1. text' a numbered point.",
                     f"{key_for(self.app, 'capture.line-break')} puts a line break inside the "
                     f"entry{also}: Word prints it inside the one paragraph; in a command it "
                     "reads as a space.",
                     "→ (right arrow) accepts the greyed completion.",
                     "A mistake shows just above the area, until the next key."):
            parts.append(f"  {_hang(line, 2, width)}\n")
        parts.append("\n")
        parts.append(("Slash commands\n", "bold $accent"))
        for usage, text in slash_commands():
            parts.append(Content.assemble((f"  {_hang(usage, 4, width)}", "bold"),
                                          f"\n      {_hang(text, 6, width)}\n" if text
                                          else "\n"))
        return Content.assemble(*parts)
