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
from functools import cache

from csp_tui.domain.house_style import Style, default_style, fill

#: The paragraphs of Part 1 of Schedule 12A to the Local Government Act 1972.
SCHEDULE_12A = range(1, 8)


@dataclass(frozen=True, slots=True)
class CommitteeStyle:
    """The committee parts' phrases and formats, gathered from a house style
    (:func:`committee_style`): its ``[committee]`` table, ``[minute_numbers]``,
    ``[exempt]`` and ``attendance.substitute``. No phrase is written here."""

    resolved_label: str
    resolution: str
    resolution_number: str
    agreed_is_resolution: bool
    #: "" when the style numbers no minutes (items keep their agenda numbers).
    minute_number: str
    minute_heading: str
    year_start_month: int
    substitute: str
    exclusion: str
    exempt_summary: str


@cache
def _parts(style: Style) -> CommitteeStyle:
    c = style.committee
    numbers = style.minute_numbers
    return CommitteeStyle(
        resolved_label=c.resolved_label, resolution=c.resolution,
        resolution_number=c.resolution_number, agreed_is_resolution=c.agreed_is_resolution,
        minute_number=numbers.format if numbers.enabled else "",
        minute_heading=c.minute_heading, year_start_month=numbers.year_start_month,
        substitute=style.attendance.substitute, exclusion=style.exempt.exclusion,
        exempt_summary=style.exempt.summary)


#: A house style, its committee parts, or None (the default style).
AnyStyle = Style | CommitteeStyle | None


def committee_style(style: AnyStyle = None) -> CommitteeStyle:
    """The committee parts of the house style ``style`` (None: the default style)."""
    if isinstance(style, CommitteeStyle):
        return style
    return _parts(style or default_style())


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


def resolution_text(style: AnyStyle, text: str, index: int = 0,
                    count: int = 1) -> str:
    """A resolution as printed after the label: "that the report be noted.", or where
    the item has ``count`` > 1 of them, the ``index``-th (1-based) numbered: "(2) that
    ..."."""
    style = committee_style(style)
    words = fill(style.resolution, text=resolution_words(text))
    if count > 1 and index:
        return f"{fill(style.resolution_number, n=index)} {words}"
    return words


# ---------------------------------------------------------------------- minute numbers

def municipal_year(day: dt.date, start_month: int) -> int:
    """The year the municipal year holding ``day`` starts in (May: 2019-03-01 is in
    2018's)."""
    return day.year if day.month >= start_month else day.year - 1


def minute_label(style: AnyStyle, n: int, day: dt.date) -> str:
    """A minute number as printed: "60/18" (``{n}/{yy}``) for minute 60 of the
    municipal year that holds ``day``."""
    style = committee_style(style)
    year = municipal_year(day, style.year_start_month)
    return fill(style.minute_number, n=n, yy=f"{year % 100:02d}", yyyy=year)


def number_minutes(items: Iterable[tuple[int, int | None]], base: int) -> dict[int, int]:
    """Each top-level item's minute number: ``items`` are (id, fixed number or None) in
    agenda order; a fixed number (stored at circulation) stays; the others count on, in
    agenda order, after ``base`` (the last number of the year's earlier meetings) and
    after every fixed one, so that an item added after circulation never takes a
    number that was circulated."""
    items = list(items)
    last = max([base, *(fixed for _, fixed in items if fixed is not None)])
    out: dict[int, int] = {}
    for item_id, fixed in items:
        if fixed is None:
            last += 1
        out[item_id] = fixed if fixed is not None else last
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

def substitute_sentence(style: AnyStyle, substitute: str, member: str) -> str:
    """"Councillor Ali attended as a substitute for Councillor Brown."."""
    return fill(committee_style(style).substitute, name=substitute, absent=member)


# ---------------------------------------------------------------------- exempt items

def schedule_12a(text: str) -> int | None:
    """The paragraph of Schedule 12A in what was typed ("3", "para 3", "paragraph 3"),
    None when it is not one of 1-7."""
    m = re.fullmatch(r"(?i)\s*(?:para(?:graph)?\.?\s*)?(\d+)\s*\.?\s*", text)
    if m is None:
        return None
    n = int(m.group(1))
    return n if n in SCHEDULE_12A else None


def exclusion_text(style: AnyStyle, paragraph: int) -> str:
    """The exclusion resolution, citing ``paragraph``."""
    return fill(committee_style(style).exclusion, paragraph=paragraph)
