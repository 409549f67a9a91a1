"""The agenda's fixed rules: the default board, the standard items and item numbers.

Standard library only: the ``csp actions`` fast path numbers items with this module.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

#: The board a meeting belongs to when none is named.
DEFAULT_BOARD = "Community Safety Partnership"


class StandardItem(StrEnum):
    """An agenda item the app and the minutes give their own content."""

    INTRODUCTIONS = "introductions"
    DECLARATIONS = "declarations"  # "No declarations of interest to note." when empty
    ACTION_LOG = "action log"  # earlier meetings' actions are reviewed here
    FORWARD_PLAN = "forward plan"  # the items captured with /forward
    NEXT_MEETING = "next meeting"  # the Date of Next Meeting block
    AOB = "any other business"  # forward-plan items go just before it


#: The items a meeting created without an agenda starts from: (title, minutes).
STANDARD_ITEMS: list[tuple[str, int]] = [
    ("Introductions and Apologies for Absence", 5),
    ("Declaration of Interests", 2),
    ("Minutes and Action Log", 10),
    ("Forward Plan", 5),
    ("Any Other Business", 10),
    ("Date of Next Meeting", 2),
]


def standard_kind(title: str) -> StandardItem | None:
    """Which standard item a title names, as boards word them ("Minutes and Action
    Log", "Action Log", "Declarations of Interest", "AOB and Date of Next Meeting");
    None for any other title.

    The order matters when a title names two: the Date of Next Meeting is often
    taken with Any Other Business, and its block must still be written.
    """
    t = " ".join(title.casefold().split())
    if "declaration" in t:
        return StandardItem.DECLARATIONS
    if "action log" in t or ("minutes" in t and "action" in t):
        return StandardItem.ACTION_LOG
    if "forward plan" in t:
        return StandardItem.FORWARD_PLAN
    if "next meeting" in t:
        return StandardItem.NEXT_MEETING
    if "any other business" in t or t.split()[:1] == ["aob"]:
        return StandardItem.AOB
    if "introductions" in t or "apologies" in t:
        return StandardItem.INTRODUCTIONS
    return None


#: The standard items that close an agenda: items added later go before them.
CLOSING_ITEMS = (StandardItem.AOB, StandardItem.NEXT_MEETING)


def closing_start(titles: list[str]) -> int:
    """Where items added to an agenda (top-level ``titles``, in order) go: before the
    closing standard items at its end (Any Other Business, Date of Next Meeting);
    ``len(titles)`` when it has none."""
    k = len(titles)
    while k and standard_kind(titles[k - 1]) in CLOSING_ITEMS:
        k -= 1
    return k


def item_kind(title: str, parent_id: int | None) -> StandardItem | None:
    """The standard item an agenda item is: only a top-level item can be one (a
    sub-item "Action Log" of a partner's update is that partner's own log)."""
    return standard_kind(title) if parent_id is None else None


# ---------------------------------------------------------------------- numbers

_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii",
          "xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx")


def roman(n: int) -> str:
    """1 -> "i" ... 20 -> "xx"; beyond that (or below 1) the number in digits."""
    return _ROMAN[n - 1] if 0 < n <= len(_ROMAN) else str(n)


def roman_value(text: str) -> int | None:
    """"ii", "II" -> 2; None when ``text`` is not a sub-item numeral (i to xx)."""
    key = text.strip().lower()
    return _ROMAN.index(key) + 1 if key in _ROMAN else None


def sub_number(k: int) -> str:
    """The k-th sub-item's own number: 2 -> "(ii)"."""
    return f"({roman(k)})"


def full_number(parent: str, sub: str) -> str:
    """A sub-item's number with its item's: ("14", "(ii)") -> "14(ii)"."""
    return f"{parent}{sub}"


def number_items(rows: Iterable[tuple[int, int | None]]) -> dict[int, str]:
    """Each item's own number from ``(id, parent_id)`` pairs in agenda order (position,
    then id), one meeting at a time: top-level items count 1, 2, 3...; each item's
    sub-items (i), (ii)... (see :func:`full_number` for "14(ii)")."""
    out: dict[int, str] = {}
    tops = 0
    subs: dict[int, int] = {}
    for item_id, parent_id in rows:
        if parent_id is None:
            tops += 1
            out[item_id] = str(tops)
        else:
            subs[parent_id] = subs.get(parent_id, 0) + 1
            out[item_id] = sub_number(subs[parent_id])
    return out


def item_heading(number: str, title: str, *, sub: bool = False) -> str:
    """An item's heading as the minutes print it: "4. Street Space Pilot"; a sub-item
    its own number, no full stop: "(ii) IVOLT"; an item with no number, the title."""
    if not number:
        return title
    return f"{number} {title}" if sub else f"{number}. {title}"


def item_ref(number: str, parent_number: str | None = None) -> str:
    """How messages name an item: "item 4"; a sub-item with its item's number,
    "item 14 (ii)" (``parent_number`` given for sub-items only)."""
    return " ".join(["item", *(n for n in (parent_number, number) if n)])
