"""Each owner's dated actions as one ``.ics`` calendar (issue 24), written (and read
back) as RFC 5545 lines by :mod:`csp_tui.exporters.ical`.

An action is an all-day entry on its due date (the task, board, meeting and item) with
a reminder some days before. Its UID is the database's identity and the action's id, so
importing a later file updates the entry instead of adding a second one; SEQUENCE is
the action's version (never lower than what the folder's previous file said).

A completed, dropped or deleted action is sent as cancelled: the previous run's file in
the same folder says which entries the owner was given, and any of them no longer open
is written again with ``STATUS:CANCELLED`` and a higher SEQUENCE. The file is
``METHOD:PUBLISH`` (RFC 5546 allows a cancelled entry in it): it is the owner's own
calendar to import, not a scheduling message with attendees, which ``METHOD:CANCEL``
would need, and one file cannot carry two methods.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from email.headerregistry import Address
from pathlib import Path

from csp_tui.exporters import ical
from csp_tui.exporters.files import atomic_write
from csp_tui.services.chasing import ChaseAction, Owner

PRODID = "-//csp-minutes//Action reminders//EN"


def uid(identity: str, action_id: int) -> str:
    """The one UID of an action, the same in every run on the same database."""
    return f"action-{action_id}-{identity}@csp-minutes"


@dataclass(frozen=True)
class Previous:
    """An entry of the folder's previous calendar."""

    action_id: int | None
    sequence: int
    cancelled: bool
    lines: tuple[str, ...]  # its content lines, unfolded, BEGIN:VEVENT to END:VEVENT


def read_previous(path: Path) -> tuple[str, dict[str, Previous]]:
    """The calendar csp wrote at ``path`` before: its title and its entries by UID
    (none if there is no such file or it cannot be read: then nothing is cancelled)."""
    try:
        lines = ical.unfold(path.read_bytes())
    except (OSError, ValueError):
        return "", {}
    if not lines or ical.split(lines[0]) != ("BEGIN", "VCALENDAR"):
        return "", {}
    head, events = ical.read(lines)
    out: dict[str, Previous] = {}
    for block, props in events:
        aid = props.get("X-CSP-ACTION-ID")
        try:
            action_id = int(aid) if aid is not None else None
            seq = int(props.get("SEQUENCE", "0"))
        except ValueError:
            continue
        status = props.get("STATUS", "").strip().upper()
        out[ical.untext(props.get("UID", ""))] = Previous(
            action_id, seq, status == "CANCELLED", tuple(block))
    return ical.untext(head.get("X-WR-CALNAME", "")), out


def _event(a: ChaseAction, identity: str, sequence: int, remind_days: int,
           stamp: str, organizer: Address | None) -> list[str]:
    """An open action's VEVENT, as content lines (unfolded)."""
    day = a.due_day
    assert day is not None
    where = f"{a.board}, meeting of {a.meeting_date}" + (f", item {a.item}" if a.item else "")
    lines = ["BEGIN:VEVENT",
             f"SUMMARY:{ical.text(f'Action due: {a.task}')}",
             f"DTSTART;VALUE=DATE:{ical.date(day)}",
             f"DTEND;VALUE=DATE:{ical.date(day + dt.timedelta(days=1))}",
             f"DTSTAMP:{stamp}",
             f"UID:{ical.text(uid(identity, a.id))}",
             f"SEQUENCE:{sequence}",
             "CATEGORIES:" + ical.text(a.board),
             "DESCRIPTION:" + ical.text(f"{a.task}\n{where}\nAction {a.id}, version "
                                        f"{a.version}; status {a.status}."),
             "STATUS:CONFIRMED",
             "TRANSP:TRANSPARENT",
             f"X-CSP-ACTION-ID:{a.id}"]
    if organizer is not None:
        cn = f";CN={ical.param(organizer.display_name)}" if organizer.display_name else ""
        lines.append(f"ORGANIZER{cn}:mailto:{organizer.addr_spec}")
    lines += ["BEGIN:VALARM",
              "ACTION:DISPLAY",
              "DESCRIPTION:" + ical.text(f"Action due in {remind_days} days: {a.task}"),
              f"TRIGGER:{ical.days_before(remind_days)}",
              "END:VALARM",
              "END:VEVENT"]
    return lines


def _cancelled(before: Previous, stamp: str) -> list[str]:
    """A previous entry sent again as it was, cancelled: an importing calendar matches
    it by UID and takes the higher SEQUENCE as the newer."""
    new = {"SEQUENCE": f"SEQUENCE:{before.sequence + 1}", "STATUS": "STATUS:CANCELLED",
           "DTSTAMP": f"DTSTAMP:{stamp}"}
    lines: list[str] = []
    depth = 0
    for line in before.lines:
        name, _ = ical.split(line)
        if name == "BEGIN":
            depth += 1
        elif name == "END":
            depth -= 1
        if depth == 1 and name in ("SEQUENCE", "STATUS", "DTSTAMP"):
            continue  # the entry's own, not its alarm's: replaced
        if depth == 2 and name == "BEGIN" or depth == 0 and name == "END":
            lines += new.values()  # before the first nested component, else the end
            new = {}
        lines.append(line)
    return lines


def owner_calendar(owner: Owner, *, identity: str, previous: dict[str, Previous],
                   keep: Collection[int], remind_days: int = 3,
                   organizer: Address | None = None, title: str = "",
                   stamp: dt.datetime | None = None) -> tuple[bytes, int, int] | None:
    """The owner's calendar as bytes, with how many entries are live and cancelled;
    None when there is nothing to write. ``owner.actions``: the open ones (others are
    skipped); ``keep``: ids of actions left out of this run on purpose (restricted,
    without ``--full``), whose entries are neither sent nor cancelled; ``title``: the
    calendar's name (default: the board's and the owner's)."""
    when = ical.utc(stamp or dt.datetime.now(dt.UTC).replace(microsecond=0))
    lines = ["BEGIN:VCALENDAR",
             "VERSION:2.0",
             f"PRODID:{PRODID}",
             "METHOD:PUBLISH",
             "X-WR-CALNAME:" + ical.text(title or f"{owner.board}: actions of {owner.name}")]
    live = cancelled = 0
    sent: set[str] = set()
    for a in owner.actions:
        if not a.is_open or a.due_day is None:
            continue
        key = uid(identity, a.id)
        before = previous.get(key)
        sequence = max(a.version, before.sequence if before else 0)
        lines += _event(a, identity, sequence, remind_days, when, organizer)
        sent.add(key)
        live += 1
    for key, before in previous.items():
        if key in sent or before.cancelled or before.action_id in keep:
            continue
        lines += _cancelled(before, when)
        cancelled += 1
    if not live and not cancelled:
        return None
    lines.append("END:VCALENDAR")
    return ical.join(lines), live, cancelled


def write_calendar(data: bytes, path: Path, *, sync_folder: bool = True) -> Path:
    """Write a calendar atomically, readable by its owner only (``sync_folder``: see
    :func:`~csp_tui.exporters.files.atomic_write`)."""
    return atomic_write(path, lambda tmp: tmp.write_bytes(data), private=True,
                        sync_folder=sync_folder)
