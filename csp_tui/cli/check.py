"""``csp check``: check every page of the database file and say whether it is sound.

Opening a file checks it only after an unclean shutdown or before an upgrade (see
:mod:`csp_tui.storage.connection`); this is the check on demand.
"""

from __future__ import annotations

import argparse

from csp_tui.cli.common import CliError, db_parent, db_path


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``csp check`` to ``csp``."""
    p = sub.add_parser("check", parents=[db_parent()],
                       help="check the database file for damage (changes nothing)")
    p.set_defaults(run=run_check)


def run_check(args: argparse.Namespace) -> int:
    """``csp check``: "PATH: ok", or one line on stderr and exit 2."""
    import sqlite3

    from csp_tui.domain.text import path_for_display, terminal_safe
    from csp_tui.storage.connection import StorageError, open_readonly, quick_check

    path = db_path(args, must_exist=True)

    shown = path_for_display(path)  # absolute and on one line, as quick_check names it
    conn = open_readonly(path)
    try:
        quick_check(conn, path)
    except (StorageError, sqlite3.DatabaseError) as exc:
        detail = str(exc).split(" is corrupt ", 1)[-1] if isinstance(exc, StorageError) \
            else f"({exc}); restore it from a backup"
        raise CliError(f"{shown} is corrupt {terminal_safe(detail)}") from None
    finally:
        conn.close()
    print(f"{shown}: ok")
    return 0
