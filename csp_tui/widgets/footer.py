"""A Footer that shows the keys that matter most and fit, rebuilt only when they change."""

from __future__ import annotations

from collections.abc import Iterator

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class KeysFooter(Footer):
    """Textual's Footer, showing whole keys only, the most important first, and minus
    the needless rebuilds.

    The stock Footer lays every shown key side by side and cuts the row at the screen's
    edge ("f2 Atte▏" at 80 columns). Here the focused pane's own keys come first, then
    the screen's in its ``FOOTER_ORDER`` (actions, most important first; other shown
    keys after them), and only those that fit whole are shown; the rest are in the
    help (F1) and the command palette, as every key is. A rebuild happens only when
    what the footer would show has changed (the stock Footer recomposes each time the
    screen's bindings are signalled as updated, three times while the meeting screen
    first mounts), which takes about a tenth of a second off the start-up.
    """

    _shown: tuple | None = None

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
        shown = self._fitting()
        self.styles.grid_size_columns = len(shown)
        for binding, enabled, tooltip in shown:
            yield FooterKey(binding.key, self.app.get_key_display(binding),
                            binding.description, binding.action, disabled=not enabled,
                            tooltip=tooltip).data_bind(compact=Footer.compact)
        palette = self._palette()
        if palette is not None:
            binding, enabled, tooltip = palette
            yield FooterKey(binding.key, self.app.get_key_display(binding),
                            binding.description, binding.action,
                            classes="-command-palette", disabled=not enabled,
                            tooltip=binding.tooltip or binding.description)

    def _signature(self) -> tuple:
        shown = tuple((binding.key, binding.action, binding.description, enabled, tooltip)
                      for (binding, enabled, tooltip) in self._fitting())
        return shown, self.compact, self.show_command_palette, self._bindings_ready

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
