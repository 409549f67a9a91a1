"""A footer that shows the keys that matter most and fit, rebuilt only when they change.

Built on Textual's public API (a scrollable container, the screen's ``active_bindings``
and ``bindings_updated_signal``), with the stock Footer's look: its own key widget and
stylesheet, not ``textual.widgets._footer``, which a Textual upgrade may change.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import ScrollableContainer
from textual.screen import Screen
from textual.widget import Widget


class FooterKey(Widget):
    """One key in the footer: the key, then what it does (" ^e Export "). A click
    presses the key."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {"footer-key--key", "footer-key--description"}
    # The stock footer's key, in the theme's footer colours.
    DEFAULT_CSS = """
    FooterKey {
        width: auto;
        height: 1;
        text-wrap: nowrap;
        background: $footer-item-background;
        .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
            padding: 0 1;
        }
        .footer-key--description {
            padding: 0 1 0 0;
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        &:hover {
            pointer: pointer;
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        &.-disabled { text-style: dim; }
        /* The palette's key, at the right-hand end, is the stock compact one. */
        &.-command-palette {
            dock: right;
            padding-right: 1;
            border-left: vkey $foreground 20%;
            .footer-key--key { padding: 0; }
            .footer-key--description { padding: 0 0 0 1; }
        }
    }
    """

    def __init__(self, binding: Binding, key_display: str, *, enabled: bool = True,
                 tooltip: str = "", classes: str = "") -> None:
        super().__init__(classes=f"{classes} -disabled" if not enabled else classes)
        self.key = binding.key
        self.key_display = key_display
        self.description = binding.description
        self.action = binding.action
        self._enabled = enabled
        # Never narrowed: a key shows whole or not at all (the footer picks which fit).
        self.set_reactive(Widget.shrink, False)
        if tooltip:
            self.tooltip = tooltip

    def render(self) -> Text:
        """" key description ", each part in its component's style and padding."""
        key_padding = self.get_component_styles("footer-key--key").padding
        description_padding = self.get_component_styles("footer-key--description").padding
        text = Text.assemble(
            (" " * key_padding.left + self.key_display + " " * key_padding.right,
             self.get_component_rich_style("footer-key--key")),
            (" " * description_padding.left + self.description
             + " " * description_padding.right,
             self.get_component_rich_style("footer-key--description")))
        text.stylize_before(self.rich_style)
        return text

    def on_mouse_down(self) -> None:
        """A click presses the key (a disabled one rings the bell)."""
        if self._enabled:
            self.app.simulate_key(self.key)
        else:
            self.app.bell()


class KeysFooter(ScrollableContainer, can_focus=False, can_focus_children=False):
    """The screen's keys at its foot, like Textual's Footer, showing whole keys only,
    the most important first, and without needless rebuilds.

    The stock Footer lays every shown key side by side and cuts the row at the screen's
    edge ("f2 Atte▏" at 80 columns). Here the focused pane's own keys come first, then
    the screen's in its ``FOOTER_ORDER`` (actions, most important first; other shown
    keys after them), and only those that fit whole are shown; the rest are in the
    help (F1) and the command palette, as every key is. A rebuild happens only when
    what the footer would show has changed (the stock Footer recomposes each time the
    screen's bindings are signalled as updated, three times while the meeting screen
    first mounts), which takes about a tenth of a second off the start-up.
    """

    ALLOW_SELECT = False
    DEFAULT_CSS = """
    KeysFooter {
        layout: horizontal;
        color: $footer-foreground;
        background: $footer-background;
        dock: bottom;
        height: 1;
        scrollbar-size: 0 0;
    }
    """

    _shown: tuple | None = None
    #: Whether the screen has said its bindings are in place (nothing to show before).
    _bindings_ready = False
    #: The command palette's key is shown at the right-hand end.
    show_command_palette = True

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self.call_after_refresh(self.recompose)

    def _keys(self) -> Iterator[tuple[Binding, bool, str]]:
        """Each action shown in the footer once, most important first: the focused
        pane's own keys, then the screen's in its ``FOOTER_ORDER``, then the rest."""
        order = {action: n for n, action in enumerate(getattr(self.screen, "FOOTER_ORDER", ()))}
        ranked: dict[str, tuple[tuple[bool, int], tuple[Binding, bool, str]]] = {}
        for (node, binding, enabled, tooltip) in self.screen.active_bindings.values():
            if binding.show and binding.action not in ranked:
                general = node is self.screen or node is self.app
                rank = (general, order.get(binding.action, len(order)))
                ranked[binding.action] = (rank, (binding, enabled, tooltip))
        for _, key in sorted(ranked.values(), key=lambda r: r[0]):
            yield key

    def _width(self, binding: Binding) -> int:
        # A key is drawn " key description " (the key padded 0 1, the description 0 1 0 0).
        return cell_len(self.app.get_key_display(binding)) + cell_len(binding.description) + 3

    def _fitting(self) -> list[tuple[Binding, bool, str]]:
        """The keys that fit whole beside the command palette's key."""
        room = self.size.width
        palette = self._palette()
        if palette is not None:
            room -= self._width(palette[0]) + 1  # and its left border
        shown = []
        for key in self._keys():
            # A key too wide for what is left gives way to shorter ones after it.
            if self._width(key[0]) <= room:
                room -= self._width(key[0])
                shown.append(key)
        return shown

    def _palette(self) -> tuple[Binding, bool, str] | None:
        if not (self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE):
            return None
        found = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        return None if found is None else found[1:]

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        for binding, enabled, tooltip in self._fitting():
            yield FooterKey(binding, self.app.get_key_display(binding), enabled=enabled,
                            tooltip=tooltip)
        palette = self._palette()
        if palette is not None:
            binding, enabled, _ = palette
            yield FooterKey(binding, self.app.get_key_display(binding), enabled=enabled,
                            tooltip=binding.tooltip or binding.description,
                            classes="-command-palette")

    def _signature(self) -> tuple:
        shown = tuple((binding.key, binding.action, binding.description, enabled, tooltip)
                      for (binding, enabled, tooltip) in self._fitting())
        return shown, self.show_command_palette, self._bindings_ready

    def on_resize(self) -> None:
        # Another width fits other keys.
        self.call_later(self.recompose)

    async def recompose(self) -> None:
        """Recompose, unless the keys are those already shown."""
        if not self.is_attached:
            return
        signature = self._signature()
        if signature == self._shown:
            return
        self._shown = signature
        await super().recompose()
