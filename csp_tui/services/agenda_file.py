"""The agenda text file: parse it, create a meeting from it, or append it to one.

The format (see README, "Agenda file")::

    # a comment
    board: Community Safety Partnership
    date: 2021-03-31
    time: 10:00-13:00
    venue: MS Teams
    chair: Stephen Clayman
    note taker: Jade Hodgson
    style: council-word-2021

    1. Introductions and Apologies for Absence | Chair | 5 mins
    10. RESTRICTED: Partnership Delivery to VRU Serious Violence Plan | Andy Opie | 15 mins
        (i) RESTRICTED: MPS Update on Operational Wordwell | Stephen Clayman
    11. RESTRICTED: Prevent Update | 10 mins

A file with errors is rejected whole: :class:`AgendaError` lists every error with its
line number, and nothing is written to the database.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from csp_tui.domain.agenda import DEFAULT_BOARD, closing_start, roman_value
from csp_tui.domain.dates import format_day, parse_time_range
from csp_tui.domain.house_style import StyleError, builtin_path, load_style
from csp_tui.domain.models import AgendaItem, Meeting, error_message
from csp_tui.domain.restriction import restricted_title
from csp_tui.domain.text import path_for_display
from csp_tui.services.input_files import InputFileError, read_input, shown

if TYPE_CHECKING:
    from csp_tui.storage.repository import Repository

#: Header keys as written (lower case, spaces/hyphens/underscores folded) -> field name.
HEADERS = {
    "board": "board", "date": "date", "time": "time", "times": "time", "venue": "venue",
    "chair": "chair", "note taker": "note_taker", "notetaker": "note_taker",
    "style": "style", "house style": "style",
}

_ITEM = re.compile(r"(\d+)\s*[.)]\s*(.*)")
# "(i)", "(ii)" (also "ii)"): sub-items are numbered in lower-case roman numerals.
_SUB = re.compile(r"\(?\s*([ivxlIVXL]+)\s*\)\s*(.*)")
_HEADER = re.compile(r"([A-Za-z][A-Za-z _-]*?)\s*:\s*(.*)")
_MINUTES = re.compile(r"(-?\d+(?:[.,]\d+)?)\s*(?:m|min|mins|minute|minutes)?\.?", re.I)
_MINUTES_LIKE = re.compile(r"-?\s*\d[\d.,]*\s*(?:m|min|mins|minute|minutes)?\.?|"
                           r"[\w.-]+\s+(?:min|mins|minute|minutes)\.?", re.I)


class AgendaError(ValueError):
    """An agenda file that cannot be used; ``errors`` holds (line number, message)."""

    def __init__(self, errors: Sequence[tuple[int, str]] | str) -> None:
        if isinstance(errors, str):
            self.errors: list[tuple[int, str]] = [(0, errors)]
        else:
            self.errors = list(errors)
        super().__init__("\n".join(f"line {n}: {m}" if n else m for n, m in self.errors))


@dataclass
class ParsedAgenda:
    """What an agenda file says: the meeting's fields and its items with sub-items."""

    board: str = ""
    date: dt.date | None = None
    start: dt.time | None = None
    end: dt.time | None = None
    venue: str = ""
    chair: str = ""
    note_taker: str = ""
    #: The board's house style (a built-in's name or a style file), and its line.
    style: str = ""
    style_line: int = 0
    items: list[tuple[AgendaItem, list[AgendaItem]]] = field(default_factory=list)

    def meeting(self, board: str | None = None) -> Meeting:
        """The :class:`Meeting` to create (``board`` overrides the file's board)."""
        if self.date is None:
            raise AgendaError("the agenda has no date: add a line 'date: YYYY-MM-DD'")
        return Meeting(board_name=board or self.board or DEFAULT_BOARD, date=self.date,
                       start=self.start, end=self.end, venue=self.venue, chair=self.chair,
                       note_taker=self.note_taker)

    @property
    def count(self) -> int:
        """Items and sub-items together."""
        return sum(1 + len(subs) for _, subs in self.items)


def _strip_comment(line: str) -> str:
    # "#" starts a comment at the start of a line or after a space, so "Item #3" in a
    # title would be cut; the README says so.
    if line.lstrip().startswith("#"):
        return ""
    return re.split(r"\s#", line, maxsplit=1)[0].rstrip()


def _minutes(text: str) -> tuple[int | None, str | None]:
    """("15 mins") -> (15, None); a bad value -> (None, message)."""
    m = _MINUTES.fullmatch(text.strip())
    if not m or not re.fullmatch(r"-?\d+", m.group(1)):
        return None, f"minutes must be a whole number, e.g. '15 mins' (not {text.strip()!r})"
    n = int(m.group(1))
    if n < 0:
        return None, f"minutes cannot be negative ({text.strip()!r})"
    if n > 24 * 60:
        return None, f"{n} minutes is more than a day"
    return n, None


def _item_fields(rest: str, what: str) -> tuple[AgendaItem | None, list[str]]:
    """"Title | Presenter | 15 mins" -> an AgendaItem, or the errors of the line."""
    parts = [p.strip() for p in rest.split("|")]
    errors: list[str] = []
    title, presenter, minutes_text = parts[0], "", None
    if len(parts) > 3:
        errors.append(f"{what} has {len(parts)} fields; write 'Title | Presenter | M mins'")
        return None, errors
    if len(parts) == 3:
        presenter, minutes_text = parts[1], parts[2]
    elif len(parts) == 2:
        # "Title | 10 mins" (no presenter) is common; tell it from "Title | Presenter".
        if _MINUTES_LIKE.fullmatch(parts[1]):
            minutes_text = parts[1]
        else:
            presenter = parts[1]
    title, restricted = restricted_title(title)
    if not title:
        errors.append(f"{what} has no title")
    minutes = None
    if minutes_text is not None and minutes_text != "":
        minutes, err = _minutes(minutes_text)
        if err:
            errors.append(err)
    if errors:
        return None, errors
    try:
        return AgendaItem(title=title, presenter=presenter, minutes=minutes,
                          restricted=restricted), []
    except ValidationError as exc:
        return None, [error_message(exc)]


def _describe(agenda: ParsedAgenda, text: str) -> None:
    """Add a line to the description of the last item or sub-item."""
    item, subs = agenda.items[-1]
    target = subs[-1] if subs else item
    joined = f"{target.description}\n{text}" if target.description else text
    described = target.model_copy(update={"description": joined})
    if subs:
        subs[-1] = described
    else:
        agenda.items[-1] = (described, subs)


def parse_agenda(text: str, *, require_date: bool = False) -> ParsedAgenda:
    """Parse an agenda file's text; raises :class:`AgendaError` listing every error.

    With ``require_date`` a missing ``date:`` header is one of the errors (creating a
    meeting needs a date; appending items to an existing meeting does not).
    """
    agenda = ParsedAgenda()
    errors: list[tuple[int, str]] = []
    seen_headers: dict[str, int] = {}
    last_number = 0
    numbers: dict[int, int] = {}  # item number -> line where it was given
    last_sub = 0
    for lineno, raw in enumerate(text.removeprefix("\ufeff").splitlines(), 1):
        line = _strip_comment(raw)
        if not line.strip():
            continue
        stripped = line.strip()
        if stripped.startswith(">"):
            # "> Verbal item": the agenda's words under the item (or sub-item) above.
            if not agenda.items:
                errors.append((lineno, "a '>' description line comes before any item"))
            else:
                _describe(agenda, stripped[1:].strip())
            continue
        m_item = _ITEM.fullmatch(stripped)
        m_sub = None if m_item else _SUB.fullmatch(stripped)
        if m_item:
            n = int(m_item.group(1))
            if n in numbers:
                errors.append((lineno, f"item {n} is numbered twice (also line {numbers[n]})"))
            elif n < last_number:
                errors.append((lineno, f"item {n} comes after item {last_number}: "
                                       "number the items in order"))
            elif n == 0:
                errors.append((lineno, "item numbers start at 1"))
            numbers.setdefault(n, lineno)
            last_number = max(last_number, n)
            last_sub = 0
            item, errs = _item_fields(m_item.group(2), f"item {n}")
            errors.extend((lineno, e) for e in errs)
            # Keep a placeholder for a bad item so its sub-items attach somewhere.
            agenda.items.append((item or AgendaItem(title="?"), []))
            continue
        k = roman_value(m_sub.group(1)) if m_sub else None
        if m_sub and k is not None:
            label = f"({m_sub.group(1).lower()})"
            if not agenda.items:
                errors.append((lineno, f"sub-item {label} comes before any item; "
                                       "put it under the item it belongs to"))
                continue
            if k <= last_sub:
                errors.append((lineno, f"sub-item {label} is out of order or numbered twice"))
            last_sub = max(last_sub, k)
            sub, errs = _item_fields(m_sub.group(2), f"sub-item {label}")
            errors.extend((lineno, e) for e in errs)
            if sub is not None:
                # A sub-item of a restricted item is restricted by the restriction rule
                # (domain/restriction.py); copying the flag here would outlive
                # un-restricting the parent.
                agenda.items[-1][1].append(sub)
            continue
        m_head = _HEADER.fullmatch(stripped)
        if m_head and not agenda.items:
            key = re.sub(r"[\s_-]+", " ", m_head.group(1).strip().lower())
            value = m_head.group(2).strip()
            name = HEADERS.get(key)
            if name is None:
                errors.append((lineno, f"unknown header {m_head.group(1).strip()!r} (use board, "
                                       "date, time, venue, chair, note taker or style)"))
                continue
            if name in seen_headers:
                errors.append((lineno, f"'{key}:' is given twice (also line "
                                       f"{seen_headers[name]})"))
                continue
            seen_headers[name] = lineno
            if name == "date":
                try:
                    agenda.date = dt.date.fromisoformat(value)
                except ValueError:
                    errors.append((lineno, f"date must be YYYY-MM-DD, e.g. 2021-03-31 "
                                           f"(not {value!r})"))
            elif name == "time":
                rng = parse_time_range(value)
                if rng is None:
                    try:
                        agenda.start = dt.time.fromisoformat(value)
                    except ValueError:
                        errors.append((lineno, f"time must be HH:MM-HH:MM, e.g. 10:00-13:00 "
                                               f"(not {value!r})"))
                elif rng[1] <= rng[0]:
                    errors.append((lineno, f"the end time {rng[1]:%H:%M} is not after the "
                                           f"start time {rng[0]:%H:%M}"))
                else:
                    agenda.start, agenda.end = rng
            else:
                setattr(agenda, name, value)
                if name == "style":
                    agenda.style_line = lineno
            continue
        if m_head and agenda.items and HEADERS.get(
                re.sub(r"[\s_-]+", " ", m_head.group(1).strip().lower())):
            errors.append((lineno, "header lines go before the first item"))
            continue
        errors.append((lineno, f"not an agenda line: {stripped[:40]!r}; expected "
                               "'N. Title | Presenter | M mins'"))
    if not agenda.items and not errors:
        errors.append((0, "the agenda has no items (one a line: 'N. Title | Presenter | "
                          "M mins')"))
    if require_date and agenda.date is None and "date" not in seen_headers:
        errors.append((0, "the agenda has no date: add a line 'date: YYYY-MM-DD'"))
    if errors:
        raise AgendaError(sorted(errors, key=lambda e: e[0]))
    return agenda


def read_text(path: Path | str) -> str:
    """The file's text (UTF-8, with or without a BOM); AgendaError with one line if not
    (also for a folder, FIFO or device, refused before it is opened)."""
    try:
        data = read_input(path, what="agenda file")
    except InputFileError as exc:
        raise AgendaError(str(exc)) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise AgendaError(f"{shown(path)} is not UTF-8 text; save it as UTF-8 (plain text) "
                          "and try again") from None


def _with_file(exc: AgendaError, path: Path | str) -> AgendaError:
    n = len(exc.errors)
    if n == 1:
        return AgendaError(f"{path_for_display(path)}: {exc}")
    lines = "\n".join(f"  {line}" for line in str(exc).splitlines())
    err = AgendaError(f"{path_for_display(path)}: {n} errors, nothing was imported:\n{lines}")
    err.errors = exc.errors
    return err


def load_agenda_file(path: Path | str, board: str | None = None,
                     ) -> tuple[Meeting, list[tuple[AgendaItem, list[AgendaItem]]]]:
    """Read and check an agenda file, creating nothing: the meeting and its items
    (each with its sub-items); ``board`` overrides the file's ``board:``. Raises
    :class:`AgendaError` when the file has errors."""

    meeting, items, _ = load_agenda_and_style(path, board)
    return meeting, items


def load_agenda_and_style(path: Path | str, board: str | None = None
                          ) -> tuple[Meeting, list[tuple[AgendaItem, list[AgendaItem]]], str]:
    """:func:`load_agenda_file`, and the house style its ``style:`` names ("" for
    none; a style file's path is taken from the agenda's folder; checked: a bad one
    is an error of its line). :func:`create_from_agenda` creates them."""
    text = read_text(path)
    try:
        agenda = parse_agenda(text, require_date=True)
        meeting = agenda.meeting(board)
        style = _style_of(agenda, Path(path).parent)
    except AgendaError as exc:
        raise _with_file(exc, shown(path)) from None
    except ValidationError as exc:
        raise AgendaError(f"{shown(path)}: {error_message(exc)}") from None
    return meeting, agenda.items, style


def _style_of(agenda: ParsedAgenda, folder: Path) -> str:
    """The style the agenda's ``style:`` names ("" for none), as a built-in's name or
    a style file's path; AgendaError naming its line when it is no good style."""
    if not agenda.style or builtin_path(agenda.style) is not None:
        return agenda.style
    path = (folder / Path(agenda.style).expanduser())
    try:
        load_style(path)
    except StyleError as exc:
        raise AgendaError([(agenda.style_line, f"style: {exc}")]) from None
    return str(path)


def read_agenda_file(repo: Repository, path: Path | str, board: str | None = None) -> Meeting:
    """Create a meeting (with its agenda) from an agenda file; ``board`` overrides the
    file's ``board:``; its ``style:`` becomes the board's house style. Raises
    :class:`AgendaError` (or StyleError) and creates nothing when the file has errors."""
    return create_from_agenda(repo, *load_agenda_and_style(path, board))


def create_from_agenda(repo: Repository, meeting: Meeting,
                       items: Sequence[tuple[AgendaItem, Sequence[AgendaItem]]],
                       style: str = "") -> Meeting:
    """Create the meeting an agenda file gave, in one transaction with its board's
    house style (``style``, already checked; "": the board's is left as it is)."""
    with repo.transaction("create a meeting from an agenda file"):
        made = repo.meetings.create_meeting(meeting, items)
        if style and made.board_id is not None:
            repo.settings.set_board_style(made.board_id, style)
    return made


def import_agenda_into(repo: Repository, meeting_id: int, text: str) -> list[AgendaItem]:
    """Add an agenda file's items (and sub-items) to an existing meeting in one
    transaction (one /undo removes them all), before its closing standard items (Any
    Other Business, Date of Next Meeting). Header lines are checked but the meeting's
    own fields are left as they are. Returns the items added."""
    agenda = parse_agenda(text)
    repo.meetings.meeting(meeting_id)  # a bad id fails here, before anything is written
    top = [i for i in repo.meetings.items(meeting_id) if i.parent_id is None]
    at = closing_start([i.title for i in top])
    # After the item before the closing ones; at the end when there are none (or
    # nothing but them, where the end is as good a place as any).
    after = top[at - 1].id if 0 < at < len(top) else None
    added: list[AgendaItem] = []
    with repo.transaction(f"import {agenda.count} agenda items"):
        for item, subs in agenda.items:
            parent = repo.meetings.add_item(meeting_id, item, after_id=after)
            after = parent.id if after is not None else None
            added.append(parent)
            for sub in subs:
                added.append(repo.meetings.add_item(meeting_id, sub, parent_id=parent.id))
    return added


def date_note(meeting: Meeting, text: str) -> str:
    """A warning when an agenda file is dated for another day than ``meeting`` ("" when
    it agrees or gives no date), so another board's agenda is not imported unnoticed."""
    day = parse_agenda(text).date
    if day is None or day == meeting.date:
        return ""
    return (f"the file's agenda is for {format_day(day)}, not this meeting's "
            f"{format_day(meeting.date)}: check it is the right one")
