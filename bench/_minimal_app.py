"""The baseline of bench_startup.py: a minimal Textual app (a header, a list, a text
area and a footer). ``python _minimal_app.py storage`` first imports what every csp
process imports (the pydantic models and the storage layer), to show that share."""

from __future__ import annotations

import sys

if sys.argv[1:] == ["storage"]:
    import csp_tui.domain.models  # noqa: F401
    import csp_tui.storage.repository  # noqa: F401

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, ListItem, ListView, Static, TextArea


class Minimal(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield ListView(*[ListItem(Static(f"Item {n}")) for n in range(15)])
        yield TextArea("minutes")
        yield Footer()


if __name__ == "__main__":
    Minimal().run()
