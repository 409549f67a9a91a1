"""Headless storage: the SQLite database, its migrations and the repository.

Nothing here imports textual. The names are loaded lazily so that importing
``csp_tui.storage.connection`` (standard library only, used by the fast ``csp actions`` path)
does not drag in the repository's pydantic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from csp_tui.storage.connection import StorageError, default_db_path, open_database
    from csp_tui.storage.repository import Repository

__all__ = ["Repository", "StorageError", "default_db_path", "open_database"]


def __getattr__(name: str) -> Any:
    if name == "Repository":
        # Seam: `csp actions` loads only the standard library; this when it is needed.
        from csp_tui.storage.repository import Repository

        return Repository
    if name in ("StorageError", "default_db_path", "open_database"):
        # Seam: `csp actions` loads only the standard library; this when it is needed.
        from csp_tui.storage import connection as db

        return getattr(db, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
