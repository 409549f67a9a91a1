"""What the screens treat as the user's error rather than a bug."""

from __future__ import annotations

import sqlite3

from csp_tui.storage.connection import StorageError

#: Errors a user can cause (a bad value, a row gone, a database refusing a change):
#: shown as one line, never a traceback. ``sqlite3.Error``: a read failing under us
#: (the file removed, a disk error) is a notification too, never the app's end.
USER_ERRORS = (ValueError, LookupError, StorageError, sqlite3.Error)

#: Errors of the database itself (locked, read-only, full, removed): the app says so in
#: a notification and keeps what was typed, so that the next Enter retries.
DATABASE_ERRORS = (StorageError, sqlite3.Error)
