"""The capture line's draft: what is typed but not yet entered, kept in the database so
that a crash, a quit or opening another meeting loses none of it."""

from __future__ import annotations

import threading

from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer

from csp_tui.domain.models import error_message
from csp_tui.screens.errors import USER_ERRORS
from csp_tui.storage.repository import Repository


class DraftNotSaved(Message):
    """A draft write failed; posted to the screen, which tells the user."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class DraftWriter:
    """Saves one screen's capture-line text as the draft of the meeting it shows.

    While typing, a throttle (not a debounce): at most one write a second, and the last
    key is saved at most one second after it was typed; those writes run in a worker
    thread on a connection of their own, so a commit waiting for the disk never holds up
    a key. :meth:`flush` with ``wait`` writes at once, on the caller's thread (Enter,
    leaving, opening another meeting). With ``autosave`` off only those writes happen.
    """

    #: Seconds between draft writes while typing.
    THROTTLE = 1.0

    def __init__(self, screen: Screen, repo: Repository, meeting_id: int, saved: str, *,
                 autosave: bool = True) -> None:
        self._screen = screen
        self._repo = repo
        self.meeting_id = meeting_id
        self._saved = self._pending = saved
        self._autosave = autosave
        # A meeting shown read-only (its lock not ours, or the file) keeps no draft: the
        # text stays in the line only. Judged when the meeting is shown, as the app is.
        self._keep = not repo.read_only
        self._timer: Timer | None = None
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
        if self._timer is None:
            self._timer = self._screen.set_timer(self.THROTTLE, self.flush)

    def flush(self, text: str | None = None, *, wait: bool = False) -> None:
        """Save ``text`` (else the last text typed) if it is not saved yet: off the UI
        thread unless ``wait``."""
        self._timer = None
        if text is not None:
            self._pending = text
        if self._pending == self._saved or not self._keep:
            return
        if wait or self._own_repo is None:
            self._write()
        else:
            self._screen.run_worker(self._write, thread=True, group="draft")

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
                self._screen.post_message(DraftNotSaved(error_message(exc)))
                return
            self._saved = text
