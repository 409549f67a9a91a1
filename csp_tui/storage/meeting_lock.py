"""One writer per meeting: an app window holds an OS lock on a side file beside the
database (``DB.meeting-N.lock``) while it shows meeting N.

An OS lock rather than a lock row in the database: the kernel drops it when the
process ends however it ends (a crash, SIGKILL, a laptop lid), so a dead window's lock
is simply free again, with no heartbeat and no stale row to judge. The file holds the
holder's process id, for the refusal message. Commands (``csp actions done``...) take
no lock: they make one change each and the window sees it (``data_version``).

The platform's own call, not a library: ``flock`` on POSIX, ``msvcrt.locking`` on
Windows, both in the standard library. filelock opens (and truncates) the file itself,
which is the very thing this module must do carefully; portalocker would only wrap the
same two calls. The file is opened without following a link, then checked on the open
descriptor (a regular file of ours, with one name) before anything is written to it,
so a link or a file planted at the lock's path is never written through.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from csp_tui.domain.text import path_for_display
from csp_tui.storage.connection import StorageError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]
try:
    import msvcrt
except ImportError:
    msvcrt = None  # type: ignore[assignment]

#: Where Windows' lock sits: one byte past the pid, so that a second window can still
#: read the pid (a Windows lock also stops reads of the bytes it covers).
_WINDOWS_LOCK_AT = 64


class MeetingBusy(StorageError):
    """The meeting is open in another window; ``pid`` is that window's process."""

    def __init__(self, pid: int | None) -> None:
        who = f"process {pid}" if pid else "another process"
        super().__init__(f"this meeting is open in another window ({who}); close it there "
                         "first")
        self.pid = pid


class LockUnavailable(StorageError):
    """The meeting's lock cannot be taken for a reason other than another window
    holding it (a link or folder at its path, another user's file, a full disk): the
    window shows the meeting read-only rather than write it unguarded."""


def lock_path(db_path: Path, meeting_id: int) -> Path:
    """The side file whose lock says who writes ``meeting_id``."""
    return db_path.with_name(f"{db_path.name}.meeting-{meeting_id}.lock")


def _why(exc: OSError) -> str:
    """What stopped the lock file from opening, in words."""
    if exc.errno == errno.ELOOP:
        return "is a symbolic link"
    if exc.errno == errno.EISDIR:
        return "is a folder"
    if exc.errno == errno.ENOSPC:
        return "cannot be written: the disk is full"
    return f"cannot be opened: {exc.strerror or exc}"


def _open_checked(path: Path) -> int:
    """The lock file opened for writing, never through a link, checked to be a
    regular file this user owns with no other name; :class:`LockUnavailable` if not."""
    nofollow = getattr(os, "O_NOFOLLOW", 0)
    if not nofollow and path.is_symlink():  # Windows: no O_NOFOLLOW, look first
        raise LockUnavailable(f"{path_for_display(path)} is a symbolic link")
    # O_NONBLOCK: a FIFO planted there must not hang the open.
    flags = (os.O_RDWR | os.O_CREAT | nofollow | getattr(os, "O_NONBLOCK", 0)
             | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    try:
        fd = os.open(path, flags, 0o600)
    except OSError as exc:
        raise LockUnavailable(f"{path_for_display(path)} {_why(exc)}") from None
    info = os.fstat(fd)
    problem = None
    if not stat.S_ISREG(info.st_mode):
        problem = "is not a regular file"
    elif hasattr(os, "getuid") and info.st_uid != os.getuid():
        problem = f"belongs to another user (uid {info.st_uid})"
    elif info.st_nlink > 1:
        problem = "has other names (hard links)"
    if problem:
        os.close(fd)
        raise LockUnavailable(f"{path_for_display(path)} {problem}")
    return fd


def _holder(fd: int) -> int | None:
    """The pid the holder wrote, if it could."""
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, 32).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def _try_lock(fd: int) -> bool:
    """Take the OS lock without waiting: False when another process holds it."""
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        elif msvcrt is not None:  # pragma: no cover - Windows
            os.lseek(fd, _WINDOWS_LOCK_AT, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:  # pragma: no cover - neither: say so rather than write unguarded
            raise LockUnavailable("this system offers no file lock")
    except OSError as exc:
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES,
                         getattr(errno, "EDEADLOCK", errno.EDEADLK)):
            return False
        raise LockUnavailable(f"the meeting's lock cannot be taken: "
                              f"{exc.strerror or exc}") from None
    return True


class MeetingLock:
    """The lock on one meeting, held until :meth:`release` (or the process ends)."""

    def __init__(self, fd: int, meeting_id: int) -> None:
        self._fd: int | None = fd
        self.meeting_id = meeting_id

    @classmethod
    def take(cls, db_path: Path, meeting_id: int) -> MeetingLock:
        """Take the meeting's lock. :class:`MeetingBusy` (with the holder's pid) when
        another window has it; :class:`LockUnavailable` when it cannot be taken at all.
        """
        fd = _open_checked(lock_path(db_path, meeting_id))
        try:
            if not _try_lock(fd):
                raise MeetingBusy(_holder(fd))
        except StorageError:
            os.close(fd)
            raise
        # Ours and locked: only now is the file emptied and given our pid. The pid is
        # for the other window's message only, so a full disk loses the pid, not the lock.
        try:
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, str(os.getpid()).encode())
        except OSError:
            pass
        return cls(fd, meeting_id)

    def release(self) -> None:
        """Let another window have the meeting. The file stays: removing it could let
        two windows lock two different files of the same name."""
        if self._fd is not None:
            if fcntl is None and msvcrt is not None:  # pragma: no cover - Windows
                try:
                    os.lseek(self._fd, _WINDOWS_LOCK_AT, os.SEEK_SET)
                    msvcrt.locking(self._fd, msvcrt.LK_UNLCK, 1)
                except OSError:
                    pass
            os.close(self._fd)  # closing drops the flock
            self._fd = None
