"""The one rule for saving a form over a record that may have changed since it opened.

A form saves only the fields the note taker changed. A field someone else changed in
the meantime (another window, ``csp actions done`` in another shell) is never
overwritten silently: it is a :class:`Conflict` the form shows and asks about.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Conflict:
    """A field changed both here and elsewhere since the form opened."""

    field: str
    theirs: Any
    yours: Any

    def describe(self) -> str:
        """``status: completed (changed elsewhere) -> open (yours)``."""
        return (f"{self.field}: {_shown(self.theirs)} (changed elsewhere) -> "
                f"{_shown(self.yours)} (yours)")


def _shown(value: Any) -> str:
    value = getattr(value, "value", value)
    return str(value) if value not in ("", None) else "-"


def form_changes(opened: Mapping[str, Any], edited: Mapping[str, Any],
                 current: Mapping[str, Any]) -> tuple[dict[str, Any], list[Conflict]]:
    """The fields to save and the conflicts to ask about.

    ``opened``: the record as the form showed it; ``edited``: the form's fields at save;
    ``current``: the record as stored now. Only fields where ``edited`` differs from
    ``opened`` are saved; among them, one whose stored value also moved away from
    ``opened`` (to something other than what was typed) is a conflict.
    """
    changes = {k: v for k, v in edited.items() if v != opened.get(k)}
    conflicts = [Conflict(k, current.get(k), v) for k, v in changes.items()
                 if current.get(k) != opened.get(k) and current.get(k) != v]
    return changes, conflicts


def conflict_question(what: str, conflicts: list[Conflict]) -> str:
    """The question a form asks before saving over another's change."""
    lines = "\n".join(f"  {c.describe()}" for c in conflicts)
    return (f"{what} was changed elsewhere since you opened it:\n{lines}\n"
            "Save your values over theirs?")
