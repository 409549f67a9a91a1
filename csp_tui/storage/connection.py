"""Opening, checking and migrating the one database file.

Kept free of pydantic and sqlite-utils so that the fast ``csp actions`` path can
resolve and check the database with the standard library alone. Plain ``sqlite3``
here on purpose: every csp process opens a connection, and sqlite-utils would add
about 90 ms to each (it is used where it earns that: the migrations that rebuild a
table, in :mod:`csp_tui.storage.schema`, and maintenance through ``Repository.db``).
"""

from __future__ import annotations

import os
import sqlite3
import struct
from pathlib import Path

from csp_tui.domain.text import path_for_display as shown
from csp_tui.storage.schema import APPLICATION_ID, LATEST_VERSION, migrate

__all__ = ["APPLICATION_ID", "DatabaseDamaged", "StorageError", "check_file", "connect",
           "default_db_path", "is_damage", "is_read_only", "mark_closed", "open_database",
           "open_readonly", "quick_check", "set_query_only", "storage_error",
           "unclean_markers"]

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


class StorageError(Exception):
    """A database problem, with a one-line message fit for the user."""


#: What SQLite says of a file whose pages are not what they should be.
_DAMAGE_WORDS = ("database disk image is malformed", "file is not a database",
                 "database corruption")


class DatabaseDamaged(StorageError):
    """The database file is damaged: one line naming it and ``csp check``."""

    def __init__(self, path: Path | None) -> None:
        where = shown(path) if path is not None else "the database"
        super().__init__(f"{where} is damaged (database disk image is malformed); nothing "
                         "was saved; run csp check to see what can be recovered")
        self.path = path


def is_damage(exc: BaseException) -> bool:
    """Whether ``exc`` (an sqlite3 error, or one already put in words) says the file
    is damaged, as against locked, read-only or full."""
    if not isinstance(exc, sqlite3.DatabaseError | StorageError):
        return False
    text = str(exc)
    return any(words in text for words in _DAMAGE_WORDS)


def storage_error(exc: sqlite3.Error, path: Path | None = None) -> StorageError:
    """One line for the user naming what went wrong with a database write or read.

    The one place SQLite's errors are put in words, so that the app's notification and
    the command line's stderr say the same thing (and the original cause, not a
    follow-on error, is the one reported).
    """
    text = str(exc)
    where = "the database"
    if path is not None and not path.exists():
        return StorageError(f"the database {shown(path)} was removed or moved; nothing was saved")
    if is_damage(exc):
        return DatabaseDamaged(path)
    if "full" in text:
        return StorageError(f"{where}: the disk is full (database or disk is full); "
                            "nothing was saved")
    if "readonly" in text or "read-only" in text:
        return StorageError(f"{where} is read-only; nothing was saved")
    if "locked" in text or "busy" in text:
        return StorageError(f"{where} is locked by another program; nothing was saved, "
                            "try again")
    if "disk I/O" in text:
        return StorageError(f"{where}: cannot write to the disk ({text}; is it full?); "
                            "nothing was saved")
    return StorageError(f"{where}: {text}")


def is_read_only(conn: sqlite3.Connection) -> bool:
    """Whether SQLite refuses to write this database (a read-only file, folder or
    connection): asked once when the app opens it, so that it can say so at once.

    A write of the unchanged ``user_version`` inside a transaction rolled back: nothing
    is written. A database locked by another program is not read-only.
    """
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        conn.execute("BEGIN IMMEDIATE")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute(f"PRAGMA user_version = {version}")
    except sqlite3.OperationalError as exc:
        return "readonly" in str(exc)
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return False


def set_query_only(conn: sqlite3.Connection, on: bool) -> None:
    """Make ``conn`` refuse (``on``) or allow every write: a meeting whose one-writer
    lock could not be taken is shown read-only, each write refused as on a read-only
    file (:func:`storage_error` words it the same)."""
    conn.execute(f"PRAGMA query_only = {'ON' if on else 'OFF'}")


def default_db_path() -> Path:
    """``$CSP_DB``, else ``minutes.db`` in the user's data directory."""
    env = os.environ.get("CSP_DB")
    if env:
        return Path(env).expanduser()
    # Seam: `csp actions` loads only the standard library; this when it is needed.
    from platformdirs import user_data_dir

    return Path(user_data_dir("csp-minutes", appauthor=False)) / "minutes.db"


def check_file(path: Path) -> None:
    """Refuse, without writing a byte, a file that is not a csp database.

    An absent or empty file is fine: it becomes a new database.
    """
    if not path.exists():
        return
    if path.is_dir():
        raise StorageError(f"{shown(path)} is a folder, not a csp database")
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        raise StorageError(f"cannot read {shown(path)}: {exc.strerror or exc}") from None
    if not header:
        return
    if not header.startswith(SQLITE_MAGIC) or len(header) < 100:
        raise StorageError(f"{shown(path)} is not a csp database (not an SQLite file)")
    (app_id,) = struct.unpack(">I", header[68:72])
    if app_id != APPLICATION_ID and not _csp_in_wal(path):
        raise StorageError(f"{shown(path)} is an SQLite file but not a csp database")


def _csp_in_wal(path: Path) -> bool:
    """Whether SQLite, reading through the -wal file, sees a csp application id.

    While the app has a new database open, the first page (and the application id in
    its header) may still live only in the -wal file, not yet in the main file.
    """
    wal = Path(f"{path}-wal")
    if not wal.exists() or wal.stat().st_size == 0:
        return False
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        finally:
            conn.close()
    except sqlite3.Error:
        return False


def connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    """A connection with the pragmas every csp connection uses.

    Autocommit mode (``isolation_level=None``): the repository opens its own
    ``BEGIN IMMEDIATE`` transactions so that each change commits exactly once.
    """
    if readonly:
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None,
            timeout=BUSY_TIMEOUT_MS / 1000,
        )
    else:
        conn = sqlite3.connect(
            path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
        )
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _create_private(path: Path) -> None:
    """Create the file with mode 0600 (it holds safeguarding details)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


# ---------------------------------------------------------------------- open markers
#
# ``PRAGMA quick_check`` reads every page: 88 ms on a 47 MB file, against 0.6 ms for
# the rest of an open. It runs only when the file can have suffered: after a process
# that had it open died without closing it (its marker, ``<db>-open.<pid>``, is still
# there and that process is gone), before a migration, and when asked (``csp check``).


def _marker(path: Path, pid: int) -> Path:
    return path.with_name(f"{path.name}-open.{pid}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: alive, someone else's
        return True
    return True


def unclean_markers(path: Path) -> list[Path]:
    """Markers left by processes that had ``path`` open and died without closing it."""
    prefix = f"{path.name}-open."
    out = []
    try:
        names = os.listdir(path.parent)
    except OSError:
        return []
    for name in names:
        if name.startswith(prefix) and name[len(prefix):].isdigit():
            pid = int(name[len(prefix):])
            if pid != os.getpid() and not _alive(pid):
                out.append(path.parent / name)
    return out


#: How many open_database connections of this process are open on each path: the
#: marker goes when the last one closes.
_OPEN: dict[Path, int] = {}


def _mark_open(path: Path) -> None:
    key = path.resolve()
    if not _OPEN.get(key):
        try:
            fd = os.open(_marker(key, os.getpid()), os.O_CREAT | os.O_WRONLY, 0o600)
            os.close(fd)
        except OSError:
            pass  # a read-only folder: the file cannot be written either
    _OPEN[key] = _OPEN.get(key, 0) + 1


def mark_closed(path: Path) -> None:
    """The connection ``open_database`` gave for ``path`` was closed cleanly."""
    key = path.resolve()
    left = _OPEN.get(key, 0) - 1
    if left > 0:
        _OPEN[key] = left
        return
    _OPEN.pop(key, None)
    _marker(key, os.getpid()).unlink(missing_ok=True)


def quick_check(conn: sqlite3.Connection, path: Path) -> None:
    """Raise :class:`StorageError` unless SQLite finds the file sound."""
    # A row a problem (up to 100), and some rows hold several lines: a damaged page map
    # (auto_vacuum) is one problem a line under a "*** in database main ***" heading.
    rows = [r[0] for r in conn.execute("PRAGMA quick_check")]
    result = "\n".join(rows)
    if result != "ok":
        # One line to the user: the first problem says what it is, then how many more.
        problems = [p for p in result.splitlines() if p.strip() and not p.startswith("***")]
        more = f" and {len(problems) - 1} more" if len(problems) > 1 else ""
        raise StorageError(f"{shown(path)} is corrupt ({(problems or [result])[0]}{more}); "
                           "restore it from a backup")


def open_database(path: Path | str, *, check_integrity: bool | None = None
                  ) -> sqlite3.Connection:
    """Open (creating and migrating when needed) the csp database at ``path``.

    Raises :class:`StorageError` with a one-line message for a file that is not a
    csp database, is corrupt, is locked, or was written by a newer csp; such a file
    is left byte-for-byte unchanged. ``check_integrity``: True checks every page,
    None (the default) only after an unclean shutdown or before a migration. Close
    the connection with :func:`mark_closed` as well, or the next open checks.
    """
    path = Path(path).expanduser()
    check_file(path)
    try:
        if not path.exists():
            _create_private(path)
        conn = connect(path)
    except (OSError, sqlite3.Error) as exc:
        raise StorageError(f"cannot open {shown(path)}: "
                           f"{getattr(exc, 'strerror', None) or exc}") from None
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > LATEST_VERSION:
            raise StorageError(
                f"{shown(path)} was written by a newer csp-minutes (schema {version}, this one "
                f"knows {LATEST_VERSION}); upgrade csp-minutes to open it"
            )
        stale = unclean_markers(path)
        if check_integrity is None:
            check_integrity = bool(stale) or version < LATEST_VERSION
        if check_integrity and version > 0:
            quick_check(conn, path)
        for marker in stale:  # checked: that shutdown did no harm
            marker.unlink(missing_ok=True)
        if version == 0:
            # A new file: free pages (a compacted journal's) go back to the disk with
            # ``PRAGMA incremental_vacuum``. Only settable before the first table (and
            # before WAL, which writes the file's first page); an older file keeps
            # its free pages for its next rows.
            conn.execute("PRAGMA auto_vacuum = INCREMENTAL")
        # WAL lets `csp actions` read while the app writes. synchronous=FULL: measured
        # on this kind of machine at 0.23 ms a commit against 0.02 ms for NORMAL; the
        # app commits at most a few times a second, so we pay for surviving a power
        # cut (a laptop battery dying mid-meeting) with every committed line intact.
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        migrate(conn)
    except StorageError:
        conn.close()
        raise
    except sqlite3.OperationalError as exc:
        conn.close()
        if "locked" in str(exc) or "busy" in str(exc):
            raise StorageError(f"{shown(path)} is locked by another program; close it and "
                               "retry") from None
        raise StorageError(f"{shown(path)} cannot be used: {exc}") from None
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StorageError(f"{shown(path)} is corrupt or not a csp database ({exc})") from None
    _mark_open(path)
    return conn


def open_readonly(path: Path) -> sqlite3.Connection:
    """A connection that cannot change the database, safe beside a writing app.

    ``mode=ro`` first; SQLite refuses that for a WAL database in some setups (no
    ``-shm`` file and no right to create one), so then a normal connection with
    ``query_only`` so that nothing here can write.
    """
    if not path.exists() or path.stat().st_size == 0:
        raise StorageError(f"no database at {shown(path)}; create a meeting with csp new")
    check_file(path)  # also reads through the -wal file of a new database the app has open
    try:
        conn = connect(path, readonly=True)
        conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone()
    except sqlite3.Error:
        try:
            conn = connect(path)
            conn.execute("PRAGMA query_only = ON")
            conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone()
        except sqlite3.Error as exc:
            raise StorageError(f"cannot read {shown(path)}: {exc}") from None
    return conn
