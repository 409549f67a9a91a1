"""What the app treats as the user's error rather than a bug: one line to the user,
never a traceback. The live meeting (:mod:`csp_tui.capture.live`) and the screens
(through :mod:`csp_tui.screens.errors`) read these."""

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
