"""The capture line's draft: what is typed but not yet entered, kept in the database so
that a crash, a quit or opening another meeting loses none of it. Textual-free: the
screen lends it a timer and a worker thread (:class:`Scheduler`)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Protocol

from csp_tui.capture.errors import USER_ERRORS
from csp_tui.domain.models import error_message
from csp_tui.storage.repository import Repository


class Scheduler(Protocol):
    """What the draft needs of the screen it serves."""

    def later(self, seconds: float, then: Callable[[], None]) -> None:
        """Call ``then`` on the UI thread in ``seconds``."""

    def in_thread(self, work: Callable[[], None]) -> None:
        """Run ``work`` on a thread of its own."""

    def not_saved(self, error: str) -> None:
        """A write failed with ``error`` (called on whichever thread wrote)."""


class DraftWriter:
    """Saves the capture-line text of one screen as the draft of the meeting it shows.

    While typing, a throttle (not a debounce): at most one write a second, and the last
    key is saved at most one second after it was typed; those writes run in a worker
    thread on a connection of their own, so a commit waiting for the disk never holds up
    a key. :meth:`flush` with ``wait`` writes at once, on the caller's thread (Enter,
    leaving, opening another meeting). With ``autosave`` off only those writes happen.
    """

    #: Seconds between draft writes while typing.
    THROTTLE = 1.0

    def __init__(self, scheduler: Scheduler, repo: Repository, meeting_id: int, saved: str,
                 *, autosave: bool = True) -> None:
        self._scheduler = scheduler
        self._repo = repo
        self.meeting_id = meeting_id
        self._saved = self._pending = saved
        self._autosave = autosave
        # A meeting shown read-only (its lock not ours, or the file) keeps no draft: the
        # text stays in the line only. Judged when the meeting is shown, as the app is.
        self._keep = not repo.read_only
        self._waiting = False
        # Under the lock each write takes the newest text, so a late thread can never put
        # an older draft back over a newer one, nor write into another meeting.
        self._lock = threading.Lock()
        self._own_repo: Repository | None = None
        if repo.path is not None:
            # The file was checked when the app opened it.
            self._own_repo = Repository.open(repo.path, checked=True)

    def typed(self, text: str) -> None:
        """The line now reads ``text``: save it within :attr:`THROTTLE` seconds."""
        if not self._autosave:
            return
        # Kept here as well as in the line: when the app quits, the line may be gone
        # before the screen's unmount writes the last draft.
        self._pending = text
        if not self._waiting:
            self._waiting = True
            self._scheduler.later(self.THROTTLE, self.flush)

    def flush(self, text: str | None = None, *, wait: bool = False) -> None:
        """Save ``text`` (else the last text typed) if it is not saved yet: off the UI
        thread unless ``wait``."""
        self._waiting = False
        if text is not None:
            self._pending = text
        if self._pending == self._saved or not self._keep:
            return
        if wait or self._own_repo is None:
            self._write()
        else:
            self._scheduler.in_thread(self._write)

    def switch(self, meeting_id: int, saved: str) -> None:
        """Keep the draft of ``meeting_id`` from now on; the old meeting's is flushed."""
        self.flush(wait=True)
        with self._lock:
            # A write still queued for the old meeting now finds nothing to write.
            self.meeting_id = meeting_id
            self._saved = self._pending = saved
            self._keep = not self._repo.read_only

    def close(self) -> None:
        """Write what is left and close the writer's own connection."""
        self.flush(wait=True)
        with self._lock:
            if self._own_repo is not None:
                self._own_repo.close()
                self._own_repo = None

    def _write(self) -> None:
        with self._lock:
            text = self._pending
            if text == self._saved:
                return
            try:
                (self._own_repo or self._repo).meetings.save_draft(self.meeting_id, text)
            except USER_ERRORS as exc:
                self._scheduler.not_saved(error_message(exc))
                return
            self._saved = text
