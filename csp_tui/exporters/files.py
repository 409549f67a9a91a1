"""Writing export files safely: atomic replace, and refusing a target open elsewhere."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from csp_tui.exporters import ExportError


def lock_files(path: Path) -> list[Path]:
    """The lock files Word and LibreOffice leave next to a document they have open."""
    name = path.name
    # Word names its owner file ``~$`` + the name, dropping two leading characters
    # when the name is long; LibreOffice uses ``.~lock.NAME#``.
    candidates = [f"~${name}", f"~${name[2:]}", f".~lock.{name}#"]
    return [path.parent / c for c in candidates if (path.parent / c).exists()]


def check_target(path: Path) -> None:
    """Raise :class:`ExportError` if ``path`` cannot be written now."""
    parent = path.parent
    if not parent.is_dir():
        raise ExportError(f"cannot write {path}: the folder {parent} does not exist")
    if path.is_dir():
        raise ExportError(f"cannot write {path}: it is a folder")
    locks = lock_files(path)
    if locks:
        raise ExportError(f"cannot write {path}: it is open in another program "
                          f"(lock file {locks[0].name}); close it and try again")
    if path.exists() and not os.access(path, os.W_OK):
        raise ExportError(f"cannot write {path}: permission denied")


def atomic_write(path: Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp)`` on a temporary file beside ``path``, then rename it over
    ``path``: a reader never sees half a file, and a failure leaves nothing behind."""
    path = Path(path)
    check_target(path)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                        dir=path.parent)
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        # mkstemp makes the file 0600; an export is an ordinary document.
        with contextlib.suppress(OSError):
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def write_text(path: Path, text: str) -> Path:
    """Write ``text`` as UTF-8 atomically."""
    return atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
