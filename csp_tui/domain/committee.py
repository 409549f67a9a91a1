"""The committee style's parts: resolutions, minute numbers, substitutes and the
exclusion of the public from an exempt item.

Every phrase and format of these parts is a field of :class:`CommitteeStyle`, so that
a house style (a TOML file) can change them; the rules that use them are the
functions below, pure and standard library only. Ordinary council committees minute
decisions as "RESOLVED: that ...", number their minutes on across a body's meetings in
a municipal year ("60/18", "E.70/23"), print substitutes ("X attended as a substitute
for Y") and exclude the public from exempt items under section 100A(4) of the Local
Government Act 1972, citing a paragraph of Part 1 of Schedule 12A.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

#: The paragraphs of Part 1 of Schedule 12A to the Local Government Act 1972.
SCHEDULE_12A = range(1, 8)


@dataclass(frozen=True, slots=True)
class CommitteeStyle:
    """The phrases and formats of the committee parts (a style's ``[committee]``)."""

    #: The bold lead-in of a resolution.
    resolved_label: str = "RESOLVED:"
    #: A resolution's words after the label; ``{text}`` is what was typed.
    resolution: str = "that {text}"
    #: The mark of each resolution where an item has several.
    resolution_number: str = "({n})"
    #: ``/agreed`` (a decision) prints as a resolution too.
    agreed_is_resolution: bool = False
    #: How a minute number prints: ``{n}`` the number, ``{yy}``/``{yyyy}`` the year the
    #: municipal year starts in; "" : items keep their agenda numbers.
    minute_number: str = ""
    #: An item's heading with a minute number: ``{number}`` and ``{title}``.
    minute_heading: str = "{number} {title}"
    #: The month a municipal year starts (minute numbers start again at 1).
    year_start_month: int = 5
    #: The sentence for a substitute.
    substitute: str = "{substitute} attended as a substitute for {member}."
    #: The resolution excluding the public from an exempt item (after the label).
    exclusion: str = (
        "that under section 100A(4) of the Local Government Act 1972, the public be "
        "excluded from the meeting for the following item of business on the grounds "
        "that it involves the likely disclosure of exempt information as defined in "
        "paragraph {paragraph} of Part 1 of Schedule 12A to the Act.")


#: The council's styles: resolutions only where typed as such, agenda numbers.
COUNCIL = CommitteeStyle()
#: The general committee style.
COMMITTEE = CommitteeStyle(agreed_is_resolution=True, minute_number="{n}/{yy}")


# ---------------------------------------------------------------------- resolutions

#: First words that lose their capital after "that" ("The report be noted" -> "that
#: the report be noted"); any other word (a name, an acronym) keeps it.
_LOWER = frozenset({"the", "a", "an", "this", "these", "those", "its", "all", "any",
                    "each", "no", "members", "officers", "further"})


def resolution_words(text: str) -> str:
    """What a resolution says, as stored: "The report be noted" -> "the report be
    noted."; a leading "that" is dropped (the style adds its own); a full stop ends it."""
    words = " ".join(text.split())
    words = re.sub(r"(?i)^(resolved\s*[:\-]?\s*)?(that\b\s*)?", "", words).strip()
    first = words.split(" ", 1)[0]
    if first.casefold() in _LOWER and first[:1].isupper() and (
            len(first) == 1 or first[1:].islower()):
        words = first.lower() + words[len(first):]
    if words and words[-1] not in ".!?":
        words += "."
    return words


def resolution_text(style: CommitteeStyle, text: str, index: int = 0,
                    count: int = 1) -> str:
    """A resolution as printed after the label: "that the report be noted.", or where
    the item has ``count`` > 1 of them, the ``index``-th (1-based) numbered: "(2) that
    ..."."""
    words = style.resolution.format(text=resolution_words(text))
    if count > 1 and index:
        return f"{style.resolution_number.format(n=index)} {words}"
    return words


# ---------------------------------------------------------------------- minute numbers

def municipal_year(day: dt.date, start_month: int) -> int:
    """The year the municipal year holding ``day`` starts in (May: 2019-03-01 is in
    2018's)."""
    return day.year if day.month >= start_month else day.year - 1


def minute_label(style: CommitteeStyle, n: int, day: dt.date) -> str:
    """A minute number as printed: "60/18" (``{n}/{yy}``) for minute 60 of the
    municipal year that holds ``day``."""
    year = municipal_year(day, style.year_start_month)
    return style.minute_number.format(n=n, yy=f"{year % 100:02d}", yyyy=year)


def number_minutes(items: Iterable[tuple[int, int | None]], base: int) -> dict[int, int]:
    """Each top-level item's minute number: ``items`` are (id, fixed number or None) in
    agenda order; a fixed number (stored at circulation) stays; the others count on
    after ``base`` (the last number of the year's earlier meetings) and after any fixed
    one before them."""
    out: dict[int, int] = {}
    last = base
    for item_id, fixed in items:
        if fixed is not None:
            out[item_id] = fixed
            last = max(last, fixed)
        else:
            last += 1
            out[item_id] = last
    return out


def last_minute(meetings: Iterable[Iterable[tuple[int, int | None]]]) -> int:
    """The last minute number used by a municipal year's meetings (each its top-level
    items as :func:`number_minutes` takes them), in date order."""
    last = 0
    for items in meetings:
        numbers = number_minutes(items, last)
        if numbers:
            last = max(last, *numbers.values())
    return last


# ---------------------------------------------------------------------- substitutes

def substitute_sentence(style: CommitteeStyle, substitute: str, member: str) -> str:
    """"Councillor Ali attended as a substitute for Councillor Brown."."""
    return style.substitute.format(substitute=substitute, member=member)


# ---------------------------------------------------------------------- exempt items

def schedule_12a(text: str) -> int | None:
    """The paragraph of Schedule 12A in what was typed ("3", "para 3", "paragraph 3"),
    None when it is not one of 1-7."""
    m = re.fullmatch(r"(?i)\s*(?:para(?:graph)?\.?\s*)?(\d+)\s*\.?\s*", text)
    if m is None:
        return None
    n = int(m.group(1))
    return n if n in SCHEDULE_12A else None


def exclusion_text(style: CommitteeStyle, paragraph: int) -> str:
    """The exclusion resolution's words after the label, citing ``paragraph``."""
    return style.exclusion.format(paragraph=paragraph)
