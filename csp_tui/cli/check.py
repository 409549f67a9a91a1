"""``csp check``: check every page of the database file and say whether it is sound;
for a damaged file, which tables cannot be read and how to recover (``--rebuild NEW``
writes what the journal holds into a new file).

Opening a file checks it only after an unclean shutdown or before an upgrade (see
:mod:`csp_tui.storage.connection`); this is the check on demand.
"""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path

from csp_tui.cli.common import CliError, db_parent, db_path
from csp_tui.domain.text import path_for_display, terminal_safe
from csp_tui.domain.text import path_for_display as shown
from csp_tui.storage.connection import StorageError, connect, open_readonly, quick_check
from csp_tui.storage.damage import damaged_parts
from csp_tui.storage.repository import Repository


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``csp check`` to ``csp``."""
    p = sub.add_parser("check", parents=[db_parent()],
                       help="check the database file for damage (changes nothing)")
    p.add_argument("--rebuild", metavar="NEW", type=Path,
                   help="write what the damaged file's journal holds into the new file NEW")
    p.set_defaults(run=run_check)


def run_check(args: argparse.Namespace) -> int:
    """``csp check``: "PATH: ok", or what is damaged and how to recover, exit 2."""
    path = db_path(args, must_exist=True)
    if args.rebuild is not None:
        return _rebuild(path, args.rebuild)

    shown = path_for_display(path)  # absolute and on one line, as quick_check names it
    conn = open_readonly(path)
    try:
        quick_check(conn, path)
    except (StorageError, sqlite3.DatabaseError) as exc:
        detail = str(exc).split(" is corrupt ", 1)[-1].removesuffix(
            "; restore it from a backup") if isinstance(exc, StorageError) else f"({exc})"
        raise CliError(f"{shown} is corrupt {terminal_safe(detail)}\n"
                       f"{_recovery(conn, shown)}") from None
    finally:
        conn.close()
    print(f"{shown}: ok")
    return 0


def _recovery(conn, shown: str) -> str:  # conn: sqlite3.Connection
    """Which tables cannot be read, and the ways back, one per line (indented)."""
    try:
        tables, indexes = damaged_parts(conn)
    except sqlite3.DatabaseError:
        tables, indexes = ["the list of tables itself"], []
    lines = [f"  tables that cannot be read: {', '.join(tables) or 'none'}",
             f"  indexes that cannot be read: {', '.join(indexes) or 'none'}"]
    if not tables and indexes:
        lines.append("  the rows are whole: csp check --rebuild NEW.db copies them out")
    if "journal" in tables or "the list of tables itself" in tables:
        lines.append("  the journal is damaged: recover each meeting from its last JSON backup "
                     "(csp import BACKUP.json --db NEW.db)")
    else:
        lines.append(f"  recover from the journal: csp --db {shown} check --rebuild NEW.db "
                     "(every change not undone); or from each meeting's last JSON backup: "
                     "csp import BACKUP.json --db NEW.db")
    return "\n".join(lines)


def _rebuild(path: Path, target: Path) -> int:
    """``csp check --rebuild NEW``: what the journal of the damaged ``path`` holds (every
    change not undone, in order) written into the new file ``NEW``; ``path`` is only
    read. Refused, and ``NEW`` removed, when the journal itself cannot be read."""
    target = target.expanduser()
    if target.exists():
        raise CliError(f"{shown(target)} already exists; name a new file to rebuild into")
    source = Repository(connect(path, readonly=True), path=path)
    try:
        with Repository.open(target) as rebuilt:
            replayed = source.replay_journal_into(rebuilt)
    except (sqlite3.DatabaseError, StorageError) as exc:
        for left in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
            left.unlink(missing_ok=True)
        raise CliError(f"the journal of {shown(path)} cannot be read either ({exc}); "
                       "recover each meeting from its last JSON backup") from None
    finally:
        source.conn.close()
    print(f"{shown(target)}: rebuilt from the journal of {shown(path)} ({replayed} changes); "
          "check it, then use it with --db")
    return 0
