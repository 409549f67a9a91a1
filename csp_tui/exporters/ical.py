"""RFC 5545 content lines, written and read here (the action calendars of issue 24).

The calendars csp writes are a handful of properties an entry, so they are written as
lines straight away: building them as icalendar objects and serialising those took
half of ``csp actions remind --ics`` on a hundred thousand actions, and parsing the
previous run's files back with icalendar took as long again. Each rule lives here once:
TEXT escaping (RFC 5545 3.3.11), parameter quoting (3.2, with RFC 6868's ``^``
escapes), line folding at 75 octets never inside a UTF-8 character (3.1), and the
reverse of each for reading a calendar back.
"""

from __future__ import annotations

import datetime as dt
import re

#: Control characters a TEXT value may not hold (RFC 5545 3.3.11: any CTL but HTAB);
#: line breaks are escaped as ``\n`` before this applies.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
#: A folded line's continuation: CRLF then one space or tab (RFC 5545 3.1).
_FOLD = re.compile(r"\r?\n[ \t]")
_LINES = re.compile(r"\r?\n")
_UNESCAPE = re.compile(r"\\([\\;,nN])")


def text(value: str) -> str:
    r"""A TEXT value escaped: ``\`` ``;`` ``,`` and line breaks (``\r\n``, ``\n`` or a
    lone ``\r`` as ``\n``), other control characters dropped."""
    value = (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
             .replace("\r\n", "\n").replace("\r", "\n"))
    return _CONTROLS.sub("", value.replace("\n", "\\n"))


def untext(value: str) -> str:
    r"""A TEXT value read back: ``\\``, ``\;``, ``\,``, ``\n`` and ``\N`` undone."""
    return _UNESCAPE.sub(lambda m: "\n" if m[1] in "nN" else m[1], value)


def param(value: str) -> str:
    """A parameter value, always quoted: a double quote, a caret and a line break in
    it written as RFC 6868's ``^'``, ``^^`` and ``^n``; control characters dropped."""
    value = value.replace("^", "^^").replace('"', "^'").replace("\r\n", "\n")
    value = value.replace("\r", "\n").replace("\n", "^n")
    return f'"{_CONTROLS.sub("", value)}"'


def date(day: dt.date) -> str:
    """A DATE value: ``20210331``."""
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def utc(moment: dt.datetime) -> str:
    """A DATE-TIME value in UTC: ``20210331T101500Z``."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return f"{date(moment)}T{moment.hour:02d}{moment.minute:02d}{moment.second:02d}Z"


def days_before(days: int) -> str:
    """A DURATION that many whole days earlier: ``-P3D`` (``PT0S`` for none)."""
    return f"-P{days}D" if days else "PT0S"


def fold(line: str) -> bytes:
    """One content line as UTF-8, folded: at most 75 octets a line, never inside a
    character; each continuation starts with a space, which counts."""
    raw = line.encode()
    if len(raw) <= 75:
        return raw
    parts = []
    start, limit = 0, 75
    while len(raw) - start > limit:
        end = start + limit
        while raw[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte
            end -= 1
        parts.append(raw[start:end])
        start, limit = end, 74
    parts.append(raw[start:])
    return b"\r\n ".join(parts)


def join(lines: list[str]) -> bytes:
    """The calendar's bytes: each line folded, each ended by CRLF."""
    return b"".join(fold(line) + b"\r\n" for line in lines)


def unfold(data: bytes) -> list[str]:
    """The content lines of a calendar's bytes, unfolded (a line break followed by a
    space or tab joins two lines); blank lines dropped. ValueError if not UTF-8."""
    source = data.decode("utf-8")
    # Not str.splitlines: it also breaks at U+2028 and U+0085, which TEXT may hold.
    return [line for line in _LINES.split(_FOLD.sub("", source)) if line.strip()]


def split(line: str) -> tuple[str, str]:
    """A content line's name (upper case, without its parameters) and its value: the
    value starts at the first colon outside a quoted parameter."""
    colon = line.find(":")
    start = line.find('"', 0, colon) if colon >= 0 else -1
    if start >= 0:  # a quoted parameter before the colon: the colon may be inside it
        colon = -1
        quoted = False
        for n in range(start, len(line)):
            if line[n] == '"':
                quoted = not quoted
            elif line[n] == ":" and not quoted:
                colon = n
                break
    if colon < 0:
        return line.strip().upper(), ""
    return line[:colon].split(";", 1)[0].strip().upper(), line[colon + 1:]


def read(lines: list[str]) -> tuple[dict[str, str], list[tuple[list[str], dict[str, str]]]]:
    """A calendar's own properties, and each VEVENT in it: its lines (``BEGIN:VEVENT``
    to ``END:VEVENT``, with the components nested in it) and its own properties (not
    its alarm's), by name, the first of each name; values as written (TEXT still
    escaped). One pass, each line split once."""
    head: dict[str, str] = {}
    events: list[tuple[list[str], dict[str, str]]] = []
    block: list[str] | None = None  # the VEVENT being read (None: not in one)
    props: dict[str, str] = {}
    depth = 0  # 1: in the calendar; 2: in an entry; 3 and more: in its alarms
    for line in lines:
        name, value = split(line)
        if name == "BEGIN":
            depth += 1
            if depth == 2 and value.strip().upper() == "VEVENT":
                block, props = [], {}
        elif name != "END":
            if depth == 1:
                head.setdefault(name, value)
            elif depth == 2 and block is not None:
                props.setdefault(name, value)
        if block is not None:
            block.append(line)
        if name == "END":
            depth -= 1
            if depth == 1 and block is not None:
                events.append((block, props))
                block = None
    return head, events
