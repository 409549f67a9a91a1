"""The app's own settings: behaviour a note taker never changes, but that the tests and
benchmarks hold still or switch off (they set it on the app they build)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class UiSettings:
    """Switches of one running app (:attr:`csp_tui.app.CspApp.settings`)."""

    #: Text cursors blink; the snapshot tests turn it off so every screenshot compares.
    cursor_blink: bool = True
    #: The capture line's text is saved as a draft while typing; bench_typing measures
    #: what that costs by comparing a run with it off.
    autosave: bool = True
