"""Headless storage: the SQLite database, its migrations and the repository.

Nothing here imports textual. The package itself loads nothing, so that importing
``csp_tui.storage.connection`` (standard library only, used by the fast ``csp actions``
path) does not drag in the repository's pydantic: import the names from their modules
(``csp_tui.storage.repository.Repository``, ``csp_tui.storage.connection.StorageError``).
"""
