"""A damaged database file: which tables and indexes ``csp check`` finds unreadable
(the one line every command says is :class:`csp_tui.storage.connection.DatabaseDamaged`;
``csp check --rebuild`` replays the journal, which holds every change). Standard
library only.
"""

from __future__ import annotations

import sqlite3


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def damaged_parts(conn: sqlite3.Connection) -> tuple[list[str], list[str]]:
    """(tables, indexes) of the file that cannot be read to the end. Each table is read
    row by row and each index in its own order: SQLite's own check stops at the first
    bad page and names none of them. A schema it cannot read at all raises."""
    tables, indexes = [], []
    schema = conn.execute("SELECT type, name, tbl_name FROM sqlite_master "
                          "WHERE type IN ('table', 'index') ORDER BY rowid").fetchall()
    for kind, name, table in schema:
        try:
            if kind == "table":
                for _ in conn.execute(f"SELECT * FROM {_quote(name)}"):
                    pass
                continue
            columns = [row[2] for row in conn.execute(f"PRAGMA index_info({_quote(name)})")]
            if not columns or None in columns:
                continue  # an index on expressions: the table's own read covers it
            cols = ", ".join(map(_quote, columns))
            for _ in conn.execute(f"SELECT {cols} FROM {_quote(table)} "
                                  f"INDEXED BY {_quote(name)} ORDER BY {cols}"):
                pass
        except sqlite3.DatabaseError:
            (tables if kind == "table" else indexes).append(name)
    return tables, indexes
