"""Reading dates and times as note takers write them (standard library only)."""

from __future__ import annotations

import datetime as dt
import re

from csp_tui.domain.house_style import Style, default_style, fill, ordinal

_MONTHS = {m.lower(): i for i, m in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August",
     "September", "October", "November", "December"], 1)}
_MONTHS.update({k[:3]: v for k, v in list(_MONTHS.items())})
_MONTHS["sept"] = 9


def parse_day(text: str, *, today: dt.date | None = None) -> dt.date | None:
    """2021-10-31, 31/10/2021, 31/10/21, 31 October 2021, 31 Oct, October 31 -> date.

    A date without a year takes the next such date on or after ``today``.
    Returns None when ``text`` is not a date.
    """
    s = text.strip().lower().rstrip(".")
    s = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", s)
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        pass
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})", s)
    if m:
        d, mo, y = (int(g) for g in m.groups())
        y = y + 2000 if y < 100 else y
        return _safe(y, mo, d)
    m = re.fullmatch(r"(?:\w+day,? )?(\d{1,2}) ([a-z]+),? ?(\d{4})?", s) or None
    if m:
        d, mon, y = int(m.group(1)), m.group(2), m.group(3)
    else:
        m = re.fullmatch(r"([a-z]+) (\d{1,2}),? ?(\d{4})?", s)
        if not m:
            return None
        mon, d, y = m.group(1), int(m.group(2)), m.group(3)
    if mon not in _MONTHS:
        return None
    if y:
        return _safe(int(y), _MONTHS[mon], d)
    today = today or dt.date.today()
    found = _safe(today.year, _MONTHS[mon], d)
    if found and found < today:
        found = _safe(today.year + 1, _MONTHS[mon], d)
    return found


def _safe(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


#: Due text shaped like a date that is not one ("31/04/2021", "30 Apirl 2021").
_DATE_LIKE = re.compile(
    r"\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}|\d{1,2}(st|nd|rd|th)? [A-Za-z]+( \d{4})?", re.I)


def normalise_due(text: str, *, today: dt.date | None = None) -> str:
    """A due date as stored, wherever it is typed (capture line, action form, command
    line, demo): a date becomes YYYY-MM-DD, so that ``csp actions --overdue`` can
    judge it; "as soon as possible" becomes "ASAP"; other words ("next board", "end
    of June", "Q3 2021") are kept as written. A day without a year is the next such
    day on or after ``today``.

    Raises ValueError for text shaped like a date that is not one ("31/04/2021"):
    kept as words it would never fall due.
    """
    text = " ".join(text.split())
    if not text:
        return ""
    day = parse_day(text, today=today)
    if day is not None:
        return day.isoformat()
    if text.casefold().rstrip(".") in ("asap", "as soon as possible"):
        return "ASAP"
    if _DATE_LIKE.fullmatch(text):
        raise ValueError(f"{text!r} is not a date: write e.g. 30/04/2021, 2021-04-30 "
                         "or 30 April")
    return text


def due_date(due: str) -> dt.date | None:
    """A stored due as a date, when it is one ("2021-10-31"); None for words ("ASAP",
    "next board"), which cannot fall due on a day."""
    try:
        return dt.date.fromisoformat(due)
    except ValueError:
        return None


def parse_time_range(text: str) -> tuple[dt.time, dt.time] | None:
    """"10:00-13:00" (also 10.00-13.00, 10:00 - 13:00) -> (start, end); None if not."""
    m = re.fullmatch(r"\s*(\d{1,2})[:.](\d{2})\s*[-–to]+\s*(\d{1,2})[:.](\d{2})\s*", text)
    if not m:
        return None
    try:
        start = dt.time(int(m.group(1)), int(m.group(2)))
        end = dt.time(int(m.group(3)), int(m.group(4)))
    except ValueError:
        return None
    return start, end


def _style(style: Style | None) -> Style:
    return style if style is not None else default_style()


def day_words(day: dt.date, template: str, style: Style | None = None) -> str:
    """``day`` written by ``template`` ("{weekday}, {day} {month} {year}") as the house
    style writes a day: "8" or "08", with an ordinal ("8th") where it says so."""
    st = _style(style)

    number = f"{day.day:02d}" if st.dates.day_zero_pad else str(day.day)
    if st.dates.ordinals != "none":
        number += ordinal(day.day)
    return fill(template, weekday=f"{day:%A}", day=number, month=f"{day:%B}",
                year=f"{day:%Y}")


def format_day(day: dt.date, style: Style | None = None) -> str:
    """"Wednesday, 31 March 2021" as the house style writes the meeting date."""
    st = _style(style)
    return day_words(day, st.title.date, st)


def format_time(time: dt.time, style: Style | None = None) -> str:
    """"10:00", "10.00" or "9:30", as the house style writes a time."""
    st = _style(style).times
    hour = f"{time.hour:02d}" if st.hour_zero_pad else str(time.hour)
    return f"{hour}{st.separator}{time.minute:02d}"


def format_times(start: dt.time | None, end: dt.time | None,
                 style: Style | None = None) -> str:
    """"10:00-13:00" (or as the house style writes times: "10.00-13.00")."""
    if start and end:
        st = _style(style)
        return f"{format_time(start, st)}{st.times.range}{format_time(end, st)}"
    return format_time(start, style) if start else ""


def due_words(due: str, style: Style | None = None) -> str:
    """How the minutes word an action's due, after its task: " by 30 April 2021",
    " ASAP", " by next board" (words already starting "by" are kept as typed). The
    Word minutes and the app's item pane both print this, so they never differ."""
    due = due.strip()
    if not due:
        return ""
    st = _style(style)
    try:
        day = dt.date.fromisoformat(due)
    except ValueError:
        if due.casefold() == "asap":
            return st.actions.due_asap
        return f" {due}" if due.casefold().startswith("by ") \
            else fill(st.actions.due_words, due=due)
    return fill(st.actions.due_date, date=day_words(day, st.dates.due, st))
