"""What the screens treat as the user's error rather than a bug."""

from __future__ import annotations

from csp_tui.storage import StorageError

#: Errors a user can cause (a bad value, a row gone, a database refusing a change):
#: shown as one line, never a traceback.
USER_ERRORS = (ValueError, LookupError, StorageError)
