"""The draft's Textual side: the timer and worker thread the screen lends the draft
(:class:`csp_tui.capture.draft.DraftWriter`), and the message a failed write posts."""

from __future__ import annotations

from collections.abc import Callable

from textual.message import Message
from textual.screen import Screen


class DraftNotSaved(Message):
    """A draft write failed; posted to the screen, which tells the user."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class ScreenScheduler:
    """A screen's timers and workers, for the draft (a
    :class:`csp_tui.capture.draft.Scheduler`)."""

    def __init__(self, screen: Screen) -> None:
        self._screen = screen

    def later(self, seconds: float, then: Callable[[], None]) -> None:
        """Call ``then`` in ``seconds``, on the UI thread."""
        self._screen.set_timer(seconds, then)

    def in_thread(self, work: Callable[[], None]) -> None:
        """Run ``work`` in a worker thread."""
        self._screen.run_worker(work, thread=True, group="draft")

    def not_saved(self, error: str) -> None:
        """Tell the screen a write failed (posting is safe from any thread)."""
        self._screen.post_message(DraftNotSaved(error))
