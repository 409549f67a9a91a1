"""One writer per meeting: an app window holds an OS lock on a side file beside the
database (``DB.meeting-N.lock``) while it shows meeting N.

``flock`` rather than a lock row in the database: the kernel drops it when the process
ends however it ends (a crash, SIGKILL, a laptop lid), so a dead window's lock is
simply free again, with no heartbeat and no stale row to judge. The file holds the
holder's process id, for the refusal message. Commands (``csp actions done``...) take
no lock: they make one change each and the window sees it (``data_version``).
"""

from __future__ import annotations

import os
from pathlib import Path

from csp_tui.storage.connection import StorageError

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: no lock, as before
    fcntl = None  # type: ignore[assignment]


class MeetingBusy(StorageError):
    """The meeting is open in another window; ``pid`` is that window's process."""

    def __init__(self, pid: int | None) -> None:
        who = f"process {pid}" if pid else "another process"
        super().__init__(f"this meeting is open in another window ({who}); close it there "
                         "first")
        self.pid = pid


def lock_path(db_path: Path, meeting_id: int) -> Path:
    """The side file whose lock says who writes ``meeting_id``."""
    return db_path.with_name(f"{db_path.name}.meeting-{meeting_id}.lock")


class MeetingLock:
    """The lock on one meeting, held until :meth:`release` (or the process ends)."""

    def __init__(self, fd: int, meeting_id: int) -> None:
        self._fd: int | None = fd
        self.meeting_id = meeting_id

    @classmethod
    def take(cls, db_path: Path, meeting_id: int) -> MeetingLock | None:
        """Take the meeting's lock, or raise :class:`MeetingBusy` with the holder's pid.

        None when no lock can be kept (no ``fcntl``, or a folder we may not write in,
        where the database is read-only anyway).
        """
        if fcntl is None:
            return None
        try:
            fd = os.open(lock_path(db_path, meeting_id), os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            return None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.read(fd, 32).decode("ascii", "replace").strip()
            os.close(fd)
            raise MeetingBusy(int(holder) if holder.isdigit() else None) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        return cls(fd, meeting_id)

    def release(self) -> None:
        """Let another window have the meeting. The file stays: removing it could let
        two windows lock two different files of the same name."""
        if self._fd is not None:
            os.close(self._fd)  # closing drops the flock
            self._fd = None
