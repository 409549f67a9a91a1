"""What the screens treat as the user's error rather than a bug: the rule lives with
the live meeting (:mod:`csp_tui.capture.errors`), which the screens sit on."""

from __future__ import annotations

from csp_tui.capture.errors import DATABASE_ERRORS, USER_ERRORS

__all__ = ["DATABASE_ERRORS", "USER_ERRORS"]
