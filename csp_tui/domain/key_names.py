"""How a key is written for the user: "pagedown" is "PgDn", "ctrl+up" is "ctrl+↑".

Standard library only: the capture language's messages name keys too (with the user's
keymap, :attr:`csp_tui.capture.context.Ctx.keys`), as do the help and the footer.
"""

from __future__ import annotations

from collections.abc import Mapping

_KEY_NAMES = {"pagedown": "PgDn", "pageup": "PgUp", "escape": "Esc", "delete": "Del",
              "enter": "Enter", "question_mark": "?", "up": "↑", "down": "↓"}


def key_label(keys: str) -> str:
    """"K,ctrl+up" -> "K / ctrl+↑"."""
    out = []
    for key in keys.split(","):
        parts = key.strip().split("+")
        out.append("+".join(_KEY_NAMES.get(p, p) for p in parts))
    return " / ".join(out)


def named_key(keymap: Mapping[str, str], binding_id: str, default: str) -> str:
    """The key a message names for a binding: the first of the user's keys where their
    ``keymap`` moves it (Textual's keymap replaces a binding's keys), else ``default``,
    the binding's own."""
    return key_label(keymap.get(binding_id, default).split(",")[0])
