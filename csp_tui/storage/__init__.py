"""Headless storage: the SQLite database, its migrations and the repository.

Nothing here imports textual: the command line, the exporters and the app all use it.
"""

from __future__ import annotations

from csp_tui.storage.db import StorageError, default_db_path, open_database
from csp_tui.storage.repository import Repository

__all__ = ["Repository", "StorageError", "default_db_path", "open_database"]
