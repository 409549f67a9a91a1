"""Worker groups the screens share, apart from the dialogs themselves: the meeting
screen imports this at start-up, and the dialog base (with textual's modal screen and
the dialog rules) loads only when a dialog first opens."""

from __future__ import annotations

#: The worker group of the screens' workers that wait for a dialog's answer
#: (``push_screen_wait``); they end only when the dialog does.
DIALOG_WORKERS = "dialog"
