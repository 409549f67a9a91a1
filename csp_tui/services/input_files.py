"""The files a person names as input (agenda, roster, Teams report, JSON backup, the
database): anything that is not a plain file of a sane size is refused with one line,
before it is opened for reading.

Standard library only and cheap to import: the fast ``csp actions`` path checks
``--db`` here. Why refuse before opening: opening a named pipe (FIFO) for reading
blocks until someone writes to it, so ``csp`` would hang; ``/dev/zero`` and
``/dev/urandom`` never end, so reading one fills the memory.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from csp_tui.domain.text import path_for_display

#: Far above any real agenda, roster, Teams report (a few KiB) or meeting backup (a few
#: hundred KiB): a file this big was named by mistake, and reading it would only hurt.
MAX_INPUT_BYTES = 64 * 1024 * 1024


class InputFileError(ValueError):
    """A named file that cannot be used as input: one line for the user."""


def shown(path: str | os.PathLike[str]) -> str:
    """``path`` as it appears in a message: absolute, on one line (newlines escaped)."""
    return path_for_display(path)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a plain file"


def check_regular(path: str | os.PathLike[str], *, what: str = "file",
                  must_exist: bool = True) -> os.stat_result | None:
    """The ``stat`` of ``path`` if it is a plain file (after symbolic links).

    Refuses a folder, FIFO, device or socket without opening it. A missing file is
    refused when ``must_exist``, else None comes back (it may be about to be created).
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if must_exist:
            raise InputFileError(f"{shown(path)}: no such {what}") from None
        return None
    except OSError as exc:
        raise InputFileError(f"cannot use {shown(path)}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(st.st_mode):
        raise InputFileError(f"{shown(path)} is {_kind(st.st_mode)}, not {with_article(what)}")
    return st


def read_input(path: str | os.PathLike[str], *, what: str = "file",
               max_bytes: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of the plain file at ``path``, at most ``max_bytes`` of them.

    Refuses, with one :class:`InputFileError` line, a missing file, anything that is not
    a plain file (checked before opening, and again on the opened file in case it was
    swapped meanwhile), and a file larger than ``max_bytes``.
    """
    st = check_regular(path, what=what)
    assert st is not None
    if st.st_size > max_bytes:
        raise InputFileError(f"{shown(path)} is {_size(st.st_size)}: too large for "
                             f"{with_article(what)} (at most {_size(max_bytes)})")
    try:
        # O_NONBLOCK: should a FIFO be put in the file's place after the check, opening
        # it returns at once instead of waiting for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise InputFileError(f"cannot read {shown(path)}: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as fh:
        mode = os.fstat(fh.fileno()).st_mode
        if not stat.S_ISREG(mode):
            raise InputFileError(f"{shown(path)} is {_kind(mode)}, not {with_article(what)}")
        try:
            data = fh.read(max_bytes + 1)
        except OSError as exc:
            raise InputFileError(f"cannot read {shown(path)}: {exc.strerror or exc}") from None
    if len(data) > max_bytes:  # it grew since the check
        raise InputFileError(f"{shown(path)} is too large for {with_article(what)} (at most "
                             f"{_size(max_bytes)})")
    return data


def check_database(path: Path, *, must_exist: bool) -> None:
    """Refuse, without opening or creating anything, a ``--db`` that cannot be one.

    ``must_exist``: the command only reads or changes what is there (``csp actions``,
    ``csp export``), so a missing (or empty) file is "no database at PATH" rather than
    a new empty database left behind at a mistyped path.
    """
    st = check_regular(path, what="csp database", must_exist=False)
    if must_exist and (st is None or st.st_size == 0):
        raise InputFileError(f"no database at {shown(path)}; create a meeting with csp new")


def with_article(what: str) -> str:
    """"agenda file" -> "an agenda file"; "roster file" -> "a roster file"."""
    return f"an {what}" if what[:1].lower() in "aeiou" else f"a {what}"


def _size(n: int) -> str:
    return f"{n // (1024 * 1024)} MiB" if n >= 1024 * 1024 else f"{n // 1024} KiB"
