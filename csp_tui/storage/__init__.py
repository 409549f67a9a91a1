"""Headless storage: the SQLite database, its migrations and the repository.

Nothing here imports textual. The names are loaded lazily so that importing
``csp_tui.storage.connection`` (standard library only, used by the fast ``csp actions`` path)
does not drag in the repository's pydantic.
"""

from __future__ import annotations

# Not `from typing import ...`: typing costs milliseconds, and the fast path imports
# this package (annotations are strings, so the names matter only to type checkers).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from csp_tui.storage.connection import StorageError, default_db_path, open_database
    from csp_tui.storage.repository import Repository

__all__ = ["Repository", "StorageError", "default_db_path", "open_database"]


def __getattr__(name: str) -> Any:
    if name == "Repository":
        from csp_tui.storage.repository import Repository

        return Repository
    if name in ("StorageError", "default_db_path", "open_database"):
        from csp_tui.storage import connection as db

        return getattr(db, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
