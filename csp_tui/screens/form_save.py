"""Saving a form over a record that may have changed since it opened: the screens' side
of :func:`csp_tui.domain.edits.form_changes` (only the fields changed; a change made
elsewhere shown and asked about, never overwritten silently)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from textual.screen import Screen

from csp_tui.domain.edits import conflict_question, form_changes


async def changes_to_save(screen: Screen, what: str, opened: Mapping[str, Any],
                          edited: Mapping[str, Any],
                          current: Mapping[str, Any]) -> dict[str, Any] | None:
    """The fields to save, or None when the note taker chose to keep a change made
    elsewhere (and is told nothing was saved). Runs in a dialog worker: it may ask."""
    # Seam: a dialog loads when it opens.
    from csp_tui.screens.confirm import ConfirmScreen

    changes, conflicts = form_changes(opened, edited, current)
    if conflicts and not await screen.app.push_screen_wait(
            ConfirmScreen(conflict_question(what, conflicts))):
        screen.notify(f"Not saved: {what} keeps the change made elsewhere.",
                      severity="warning")
        return None
    return changes
