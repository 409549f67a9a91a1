"""Every key's action in the command palette, read from the bindings in force."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode

from csp_tui.domain.key_names import key_label
from csp_tui.screens.help import key_groups
from csp_tui.widgets.keys import keys_of


class CspCommands(Provider):
    """Offers each described binding of the app, the screen under the palette and the
    panes with keys of their own (the help's groups), so pane keys work from anywhere,
    e.g. "Edit item"."""

    def _commands(self) -> Iterator[tuple[str, str, DOMNode, str]]:
        screen = self.screen
        nodes: list[DOMNode] = [self.app, screen]
        for _, classes in key_groups(self.app, screen)[1:]:
            for cls in classes:
                nodes += list(screen.query(cls))
        # The user's keys (their settings file), where they moved one.
        keymap = getattr(self.app, "keymap", {})
        seen: set[str] = set()
        for node in nodes:
            for binding in getattr(type(node), "BINDINGS", []):
                description = getattr(binding, "description", "")
                if not description or description in seen:
                    continue
                seen.add(description)
                yield (description, key_label(keys_of(binding, keymap)), node,
                       binding.action)

    def _run(self, action: str, node: DOMNode):  # noqa: ANN202 - an awaitable
        return self.app.run_action(action, node)

    async def discover(self) -> Hits:
        for description, keys, node, action in self._commands():
            yield DiscoveryHit(description, partial(self._run, action, node), help=keys)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for description, keys, node, action in self._commands():
            score = matcher.match(description)
            if score > 0:
                yield Hit(score, matcher.highlight(description),
                          partial(self._run, action, node), text=description, help=keys)
