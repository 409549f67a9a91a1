"""A Footer that rebuilds its keys only when the keys it shows change."""

from __future__ import annotations

from textual.widgets import Footer


class KeysFooter(Footer):
    """Textual's Footer, minus the needless rebuilds.

    The stock Footer recomposes every one of its keys each time the screen's
    bindings are signalled as updated: three times while the meeting screen first
    mounts (mount, focus, the capture line's bindings), with the same keys each time.
    Here a rebuild happens only when what the footer would show has changed, which
    takes about a tenth of a second off the start-up.
    """

    _shown: tuple | None = None

    def _signature(self) -> tuple:
        shown = tuple(
            (binding.key, binding.action, binding.description, enabled, tooltip)
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show
        )
        return shown, self.compact, self.show_command_palette, self._bindings_ready

    async def recompose(self) -> None:
        """Recompose, unless the keys are those already shown."""
        if not self.is_attached:
            return
        signature = self._signature()
        if signature == self._shown:
            return
        self._shown = signature
        await super().recompose()
