"""Writing export files safely: atomic replace, private modes, no writing through a
symbolic link, and refusing a target open elsewhere."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from csp_tui.domain.text import path_for_display, terminal_safe
from csp_tui.exporters import ExportError


def document_stem(board: str, day: dt.date, kind: str, *, full: bool) -> str:
    """A document's file name without its extension, the same for every document the
    board's meetings give: ``Community-Safety-Partnership-2021-03-31-minutes``, with
    ``-RESTRICTED`` on a full (confidential) version."""
    name = re.sub(r"[^A-Za-z0-9]+", "-", board).strip("-") or kind
    stem = f"{name}-{day.isoformat()}-{kind}"
    return f"{stem}-RESTRICTED" if full else stem

#: When this process began exporting: temporary files older than this are stale.
_STARTED = time.time()


def lock_files(path: Path) -> list[Path]:
    """The lock files Word and LibreOffice leave next to a document they have open."""
    name = path.name
    # Word names its owner file ``~$`` + the name, dropping two leading characters
    # when the name is long; LibreOffice uses ``.~lock.NAME#``.
    candidates = [f"~${name}", f"~${name[2:]}", f".~lock.{name}#"]
    return [path.parent / c for c in candidates if (path.parent / c).exists()]


def check_target(path: Path) -> None:
    """Raise :class:`ExportError` if ``path`` cannot be written now."""
    shown = path_for_display(path)
    parent = path.parent
    if not parent.is_dir():
        raise ExportError(f"cannot write {shown}: the folder {path_for_display(parent)} "
                          "does not exist")
    # Checked before anything that follows links: a link at the target may point at a
    # file the note taker never meant to overwrite (or at one another user planted).
    # Renaming over it would be safe (it replaces the link, not its target) but would
    # silently undo a link someone made on purpose; refusing says so and changes nothing.
    if path.is_symlink():
        raise ExportError(f"{shown} is a symbolic link; not following it")
    if path.is_dir():
        raise ExportError(f"cannot write {shown}: it is a folder")
    locks = lock_files(path)
    if locks:
        raise ExportError(f"cannot write {shown}: it is open in another program "
                          f"(lock file {terminal_safe(locks[0].name)}); close it and try "
                          "again")
    if path.exists() and not os.access(path, os.W_OK):
        raise ExportError(f"cannot write {shown}: permission denied")


def _umask() -> int:
    """The process's umask, read without changing it where the system allows: setting
    it to read it would, for that instant, change the mode of files other threads
    create (the app exports in a worker thread)."""
    with contextlib.suppress(OSError, ValueError):
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    umask = os.umask(0o077)
    os.umask(umask)
    return umask


def _is_temp_of(name: str, target: str) -> bool:
    """Whether ``name`` is a temporary file :func:`atomic_write` makes for ``target``
    (``.TARGET.XXXXXXXX.tmp``, the middle as mkstemp draws it)."""
    prefix = f".{target}."
    if not (name.startswith(prefix) and name.endswith(".tmp")):
        return False
    middle = name[len(prefix):-len(".tmp")]
    return bool(middle) and all(c.isascii() and (c.isalnum() or c == "_") for c in middle)


#: Per folder, its temporary-looking files last written before this process started
#: (candidates for :func:`sweep_stale_temps`): the folder is listed once, not once per
#: file written into it (458 reminder files listed a folder of 458 files 458 times).
#: Exact: a file written after the start is never stale, so a later listing would add
#: nothing.
_OLD_TEMPS: dict[str, set[str]] = {}


def _old_temps(folder: Path) -> set[str]:
    key = os.path.abspath(folder)
    found = _OLD_TEMPS.get(key)
    if found is not None:
        return found
    found = set()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return found  # not kept: the folder may be made or become readable later
    for entry in entries:
        if not (entry.name.startswith(".") and entry.name.endswith(".tmp")):
            continue
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISDIR(st.st_mode) and st.st_mtime < _STARTED:
            found.add(entry.name)
    _OLD_TEMPS[key] = found
    return found


def sweep_stale_temps(path: Path) -> list[Path]:
    """Remove the temporary files an export of ``path`` that was killed left behind
    (they may hold restricted text); returns those removed.

    Only files last written before this process started using this module are stale:
    an export running right now in another process writes its file as it goes, and
    this process's own exports in other threads are newer still.
    """
    removed: list[Path] = []
    old = _old_temps(path.parent)
    for name in [n for n in old if _is_temp_of(n, path.name)]:
        old.discard(name)
        try:
            os.unlink(path.parent / name)
        except OSError:
            continue  # gone already, or another user's in a shared folder
        removed.append(path.parent / name)
    return removed


def atomic_write(path: Path, write: Callable[[Path], None], *, private: bool,
                 sync_folder: bool = True) -> Path:
    """Call ``write(tmp)`` on a temporary file beside ``path``, then rename it over
    ``path``: a reader never sees half a file, and a failure (a full disk) leaves the
    old file as it was and nothing else behind.

    ``private`` (restricted text or personal data): the file is 0600, readable by its
    owner only; else it gets the mode the umask gives an ordinary file (0644 under
    umask 022). The temporary file is 0600 either way until it is complete. A symbolic
    link at ``path`` is refused (see :func:`check_target`); stale temporary files of
    ``path`` are removed first. ``sync_folder`` False: the caller writes more files
    into the same folder and calls :func:`sync_folder_of` on the folder after the last (the
    renames reach the disk together; each file's data still does before its rename).
    """
    path = Path(path)
    check_target(path)
    shown = path_for_display(path)
    sweep_stale_temps(path)
    try:
        # mkstemp: a new file (O_EXCL, never through a link), mode 0600.
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                        dir=path.parent)
    except OSError as exc:
        raise ExportError(f"cannot write {shown}: {exc.strerror or exc}") from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        # The writer may have made the file afresh; set the mode whatever it did.
        os.chmod(tmp, 0o600 if private else 0o666 & ~_umask())
        fd = os.open(tmp, os.O_RDONLY)
        try:
            # On disk before the rename, so a crash cannot leave an empty file under
            # the target's name (the rename can reach the disk before the data).
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExportError(f"cannot write {shown}: {exc.strerror or exc}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if sync_folder:
        sync_folder_of(path.parent)
    return path


def sync_folder_of(folder: Path) -> None:
    """The renames into ``folder`` on disk; best effort, as some systems cannot sync a
    folder."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_text(path: Path, text: str, *, private: bool) -> Path:
    """Write ``text`` as UTF-8 atomically (``private``: see :func:`atomic_write`)."""
    return atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"),
                        private=private)
