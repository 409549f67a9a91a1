"""``csp keys``: every key of the app by its id, with the keys in force (the user's,
from their settings file, where they moved one) and what it does."""

from __future__ import annotations

import argparse
import sys

from csp_tui.keymap import binding_ids, catalogue, clashes, key_table
from csp_tui.services.settings import load_settings, settings_path


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``csp keys`` to ``csp``."""
    p = sub.add_parser("keys", help="list every key by its id, with your keys where your "
                                    "settings file moves them")
    p.set_defaults(run=run_keys)


def run_keys(args: argparse.Namespace) -> int:
    """Print the settings file's path, then a line a key: id, keys, what it does. A bad
    settings file is one line on stderr (exit 2), naming the entry; a key the keymap
    takes from another binding, a line on stderr each."""
    # Seam: Textual loads only when the app runs; the other commands never load it.
    from csp_tui.app import CspApp

    settings = load_settings(binding_ids=lambda: binding_ids(CspApp))
    path = settings_path()
    print(f"# keys by id; yours from {path}" + ("" if path.exists() else " (no such file)"))
    for line in key_table(catalogue(CspApp, settings.keymap)):
        print(line)
    for clash in clashes(CspApp, settings.keymap):
        print(f"csp: {clash}", file=sys.stderr)
    return 0
