"""Reading the attendance report that Microsoft Teams downloads (standard library only).

Two layouts are understood:

* the current one: a ``1. Summary`` section (title, start and end time), a
  ``2. Participants`` section (Name, First Join, Last Leave, In-Meeting Duration, Email,
  Participant ID (UPN), Role) and ``3. In-Meeting Activities`` (one row per stretch in
  the meeting);
* the older one: a ``Full Name / User Action / Timestamp`` table with one row per
  ``Joined`` / ``Joined before`` / ``Left``.

Files are UTF-16 with a BOM (what Teams writes) or UTF-8, separated by tabs or commas.
Dates follow the organiser's locale: ``3/31/21, 9:58:12 AM`` or ``31/03/2021, 09:58:12``;
the day/month order is decided once per file from all its dates.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from csp_tui.services.input_files import InputFileError, read_input

#: Suffixes Teams adds to a display name, removed before matching.
_SUFFIX = re.compile(r"\s*\((external|unverified|guest|organi[sz]er|presenter)\)\s*$", re.I)
_PHONE = re.compile(r"^[+\d][\d\s().\-*]{6,}$")
_DATE = re.compile(
    r"^\s*(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*"
    r"([AaPp]\.?[Mm]\.?)?\s*$")


#: The sections of the current layout, each of which a whole report has.
SECTIONS = {"summary": "1. Summary", "participants": "2. Participants",
            "activities": "3. In-Meeting Activities"}


class ReportError(ValueError):
    """The file is not a Teams attendance report we can read."""


@dataclass
class Participant:
    """One person (or phone line) in the report, their stretches merged."""

    name: str  # display name without "(External)" / "(Unverified)"
    raw_name: str
    email: str = ""
    role: str = ""
    external: bool = False
    unverified: bool = False
    first_join: dt.datetime | None = None
    last_leave: dt.datetime | None = None
    stretches: list[tuple[dt.datetime | None, dt.datetime | None]] = field(default_factory=list)

    @property
    def is_phone(self) -> bool:
        """A dial-in caller, shown by Teams as a phone number."""
        return is_phone_number(self.name)


@dataclass
class TeamsReport:
    """What the report says: the meeting's times and who was there."""

    title: str = ""
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    layout: str = "participants"  # or "activities" (older "User Action" layout)
    participants: list[Participant] = field(default_factory=list)


def is_phone_number(name: str) -> bool:
    """"+44 20 7946 0000", "020 7946 0000", "07700 900123" -> True."""
    text = name.strip()
    return bool(_PHONE.match(text)) and sum(c.isdigit() for c in text) >= 7


def clean_name(raw: str) -> tuple[str, bool, bool]:
    """("Ifthahar Ahmed (External)") -> ("Ifthahar Ahmed", external, unverified)."""
    name, external, unverified = raw.strip().strip('"').strip(), False, False
    while True:
        m = _SUFFIX.search(name)
        if not m:
            break
        kind = m.group(1).lower()
        external |= kind in ("external", "guest")
        unverified |= kind == "unverified"
        name = name[: m.start()].strip()
    return " ".join(name.split()), external, unverified


def decode(data: bytes) -> str:
    """The report's text: UTF-16 (with BOM, or recognisable by its NUL bytes) or UTF-8."""
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16")
        if len(data) > 1 and data[1:2] == b"\x00" and data[0:1] != b"\x00":
            return data.decode("utf-16-le")
    except UnicodeDecodeError:
        raise ReportError("the file is cut short or damaged (not whole UTF-16 text); "
                          "download the attendance report from Teams again") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ReportError("the file is neither UTF-16 nor UTF-8 text; download the "
                          "attendance report from Teams again") from None


def read_report(path: Path | str) -> TeamsReport:
    """Parse the report at ``path``; ReportError (a ValueError) when it is not one."""
    try:
        data = read_input(Path(path), what="Teams attendance report")
    except InputFileError as exc:
        raise ReportError(str(exc)) from None
    return parse_report(data)


def parse_report(data: bytes | str) -> TeamsReport:
    """Parse a report from its bytes (or already decoded text)."""
    text = decode(data) if isinstance(data, bytes) else data.lstrip("\ufeff")
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        raise ReportError("the Teams report is empty")
    delimiter = "\t" if any("\t" in line for line in lines) else ","
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        rows = [(reader.line_num, [c.strip() for c in row]) for row in reader]
    except csv.Error as exc:
        raise ReportError(f"line {reader.line_num + 1} of the Teams report cannot be read "
                          f"({exc}); download the report from Teams again") from None
    dayfirst = _day_first(c for _, row in rows for c in row)
    line_no = 0

    def when(value: str, column: str = "time") -> dt.datetime | None:
        moment = parse_timestamp(value, dayfirst=dayfirst)
        if moment is None and value.strip():
            # A date a spreadsheet turned into a number (44286.41) or reworded: taking
            # it as "no time" would mark people late or absent who were not.
            raise ReportError(f"line {line_no} of the Teams report: the {column} "
                              f"{value.strip()[:40]!r} is not a date and time; download the "
                              "report from Teams again rather than saving it from Excel")
        return moment

    report = TeamsReport()
    # Split into sections: a header row is recognised by its column names.
    section = ""
    header: list[str] = []
    by_key: dict[str, Participant] = {}
    activities: list[tuple[str, str, dt.datetime | None, dt.datetime | None, str, str]] = []
    numbered: set[str] = set()  # the sections of the current layout met so far
    for line_no, cells in rows:  # noqa: B007 - line_no is read by when()
        if not any(cells):
            continue
        first = cells[0].lower()
        keys = [_key(c) for c in cells]
        if re.match(r"^\d+\.\s*summary", first):
            section, header = "summary", []
            numbered.add(section)
            continue
        if re.match(r"^\d+\.\s*participants", first):
            section, header = "participants", []
            numbered.add(section)
            continue
        if re.match(r"^\d+\.\s*in-?meeting activities", first):
            section, header = "activities", []
            numbered.add(section)
            continue
        if "fullname" in keys and "useraction" in keys:
            section, header, report.layout = "old", keys, "activities"
            continue
        if "fullname" in keys and ("jointime" in keys or "firstjoin" in keys):
            # The 2021 layout: a "Full Name / Join Time / Leave Time" table, one row
            # per stretch, after an unnumbered "Meeting Summary".
            section, header = "activities", ["name" if k == "fullname" else k for k in keys]
            continue
        if section in ("participants", "activities") and "name" in keys and not header:
            header = keys
            continue
        if section in ("", "summary") and len(cells) >= 2:
            label = _key(cells[0])
            if label in ("meetingtitle", "title"):
                report.title = cells[1]
            elif label in ("starttime", "meetingstarttime"):
                report.start = when(cells[1], cells[0])
            elif label in ("endtime", "meetingendtime"):
                report.end = when(cells[1], cells[0])
            continue
        if not header:
            continue
        if len(cells) < len(header):
            raise ReportError(f"line {line_no} of the Teams report is cut short ({len(cells)} "
                              f"of {len(header)} columns): the file looks truncated; "
                              "download the report from Teams again")
        rec = dict(zip(header, cells, strict=False))
        if section == "old":
            action = rec.get("useraction", "").lower()
            at = when(rec.get("timestamp", ""), "Timestamp")
            name = rec.get("fullname", "")
            if not name:
                continue
            if action.startswith("join"):
                activities.append((name, "", at, None, "", "join"))
            elif action.startswith("left") or action.startswith("leave"):
                activities.append((name, "", None, at, "", "leave"))
            continue
        name = rec.get("name", "")
        if not name:
            continue
        email = rec.get("email", "") or _upn(rec.get("participantidupn", ""))
        if section == "participants":
            p = _participant(by_key, name, email, rec.get("role", ""))
            p.first_join = when(rec.get("firstjoin", "") or rec.get("jointime", ""),
                                "First Join")
            p.last_leave = when(rec.get("lastleave", "") or rec.get("leavetime", ""),
                                "Last Leave")
        elif section == "activities":
            activities.append((name, email, when(rec.get("jointime", ""), "Join Time"),
                               when(rec.get("leavetime", ""), "Leave Time"),
                               rec.get("role", ""), "span"))
    missing = [SECTIONS[s] for s in SECTIONS if numbered and s not in numbered]
    if missing:
        raise ReportError(f"the Teams report has no {' or '.join(repr(m) for m in missing)} "
                          "section: the file looks truncated or edited; download it from "
                          "Teams again")
    if report.layout == "activities":
        _old_layout_stretches(by_key, activities)
    else:
        for name, email, join, leave, role, _kind in activities:
            p = _participant(by_key, name, email, role)
            p.stretches.append((join, leave))
    for p in by_key.values():
        joins = [s[0] for s in p.stretches if s[0]]
        leaves = [s[1] for s in p.stretches if s[1]]
        if p.first_join is None and joins:
            p.first_join = min(joins)
        if p.last_leave is None and leaves:
            p.last_leave = max(leaves)
        if not p.stretches:
            p.stretches.append((p.first_join, p.last_leave))
    report.participants = list(by_key.values())
    if not report.participants:
        raise ReportError("no participants found: this does not look like a Teams "
                          "attendance report")
    if report.start is None:
        report.start = min((p.first_join for p in report.participants if p.first_join),
                           default=None)
    if report.end is None:
        report.end = max((p.last_leave for p in report.participants if p.last_leave),
                         default=None)
    return report


def _old_layout_stretches(by_key: dict[str, Participant],
                          events: list[tuple[str, str, dt.datetime | None,
                                             dt.datetime | None, str, str]]) -> None:
    """Pair each Joined with the next Left of the same person."""
    open_join: dict[str, dt.datetime | None] = {}
    for name, email, join, leave, role, kind in events:
        p = _participant(by_key, name, email, role)
        key = p.name.casefold()
        if kind == "join":
            if key in open_join:  # joined twice without leaving: keep the first stretch open
                continue
            open_join[key] = join
        elif kind == "leave":
            p.stretches.append((open_join.pop(key, None), leave))
        else:
            p.stretches.append((join, leave))
    for key, join in open_join.items():
        by_key[key].stretches.append((join, None))


def _participant(by_key: dict[str, Participant], raw: str, email: str,
                 role: str) -> Participant:
    name, external, unverified = clean_name(raw)
    key = name.casefold()
    p = by_key.get(key)
    if p is None:
        p = by_key[key] = Participant(name=name, raw_name=raw.strip(), external=external,
                                      unverified=unverified)
    if email and not p.email:
        p.email = email.strip()
    if role and not p.role:
        p.role = role.strip()
    return p


def _upn(value: str) -> str:
    return value.strip() if "@" in value else ""


def _key(cell: str) -> str:
    """"Participant ID (UPN)" -> "participantidupn": headers compared without case,
    spaces or punctuation, because Teams has changed their capitalisation."""
    return re.sub(r"[^a-z0-9]", "", cell.lower())


def _day_first(cells) -> bool:
    """Whether dates in this file are D/M: decided from all of them at once."""
    saw_ampm = False
    for cell in cells:
        m = _DATE.match(cell)
        if not m or len(m.group(1)) == 4:
            continue
        a, b = int(m.group(1)), int(m.group(2))
        if a > 12:
            return True
        if b > 12:
            return False
        saw_ampm |= bool(m.group(7))
    # Ambiguous throughout: a 12-hour clock means a US-style organiser locale.
    return not saw_ampm


def parse_timestamp(value: str, *, dayfirst: bool = False) -> dt.datetime | None:
    """"3/31/21, 9:58:12 AM" / "31/03/2021, 09:58:12" / ISO -> naive local datetime."""
    value = value.strip()
    if not value:
        return None
    m = _DATE.match(value)
    if not m:
        try:
            return dt.datetime.fromisoformat(value).replace(tzinfo=None)
        except ValueError:
            return None
    a, b, c = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if len(m.group(1)) == 4:
        year, month, day = a, b, c
    else:
        day, month = (a, b) if dayfirst else (b, a)
        year = c + 2000 if c < 100 else c
    hour, minute, second = int(m.group(4)), int(m.group(5)), int(m.group(6) or 0)
    ampm = (m.group(7) or "").lower().replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    try:
        return dt.datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
