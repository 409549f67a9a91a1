"""The key a message names for a binding, and the keys a binding answers to.

A message or hint that names a key ("ctrl+t takes it up", "press n to create one") asks
:func:`key_for` for the binding's key by its id, so it names the key the user presses:
their own where their settings file's keymap moves it (Textual's ``App.set_keymap``),
else the binding's. Light on purpose: the first frame's widgets use it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from weakref import WeakKeyDictionary

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode

from csp_tui.domain.key_names import named_key

#: Each app's bindings' own keys by id, as found (a keymap never changes while it runs).
_FOUND: WeakKeyDictionary[App, dict[str, str]] = WeakKeyDictionary()


def keys_of(binding: Binding, keymap: Mapping[str, str]) -> str:
    """The keys ``binding`` answers to: the user's (``keymap``, by the binding's id)
    where their settings move it, else its own."""
    return keymap.get(binding.id, binding.key) if binding.id else binding.key


def _nodes(app: App) -> Iterator[DOMNode]:
    """The app, the screens open and their widgets: every node whose class may hold
    the binding a message names."""
    yield app
    for screen in app.screen_stack:
        yield screen
        yield from screen.walk_children()


def _own_keys(app: App, binding_id: str) -> str | None:
    """The keys the binding ``binding_id`` declares (before any keymap), found on the
    classes of the app's nodes; None if none of them has it."""
    found = _FOUND.setdefault(app, {})
    if binding_id not in found:
        seen: set[type] = set()
        for node in _nodes(app):
            if type(node) in seen:
                continue
            seen.add(type(node))
            for cls in type(node).__mro__:
                for binding in vars(cls).get("BINDINGS", ()):
                    if isinstance(binding, Binding) and binding.id:
                        found.setdefault(binding.id, binding.key)
    return found.get(binding_id)


def key_for(app: App, binding_id: str) -> str:
    """The key a message names for the binding ``binding_id`` ("ctrl+t", "PgDn"): the
    first of the user's keys where their keymap (``app.keymap``) moves it, else of the
    binding's own. A binding no class on screen declares is named by its id."""
    keymap: Mapping[str, str] = getattr(app, "keymap", None) or {}
    own = None if binding_id in keymap else _own_keys(app, binding_id)
    if binding_id not in keymap and own is None:
        return binding_id
    return named_key(keymap, binding_id, own or "")
