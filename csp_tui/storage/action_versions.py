"""An action's version, and the database's identity (issue 24), standard library only.

An action's version is one more than the number of entries in its history: every change
made through the repository (the app, ``csp actions update``, a reply file) adds one, and
undo, which takes the entry back, takes the version back with it, so that the file is
left exactly as it was. A reminder stamps each action's version, and a reply made
against an older one is asked about (:mod:`csp_tui.services.action_replies`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable


def action_versions(conn: sqlite3.Connection,
                    ids: Iterable[int] | None = None) -> dict[int, int]:
    """Action id -> version, for the actions with any history (the rest are version 1);
    ``ids``: only these."""
    if ids is None:
        rows = conn.execute("SELECT action_id, count(*) + 1 FROM action_updates "
                            "GROUP BY action_id")
        return dict(rows)
    out: dict[int, int] = {}
    wanted = sorted(set(ids))
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        out.update(conn.execute(
            "SELECT action_id, count(*) + 1 FROM action_updates WHERE action_id IN "
            f"({','.join('?' for _ in chunk)}) GROUP BY action_id", chunk))
    return out


def action_version(conn: sqlite3.Connection, action_id: int) -> int:
    """The version of one action."""
    return action_versions(conn, [action_id]).get(action_id, 1)


def database_identity(conn: sqlite3.Connection) -> str:
    """The file's own random id (set once by its migration), for calendar UIDs that stay
    the same across runs; an unmigrated file read read-only has none: "csp"."""
    try:
        row = conn.execute("SELECT uuid FROM identity WHERE id = 1").fetchone()
    except sqlite3.OperationalError:
        return "csp"
    return row[0] if row else "csp"
