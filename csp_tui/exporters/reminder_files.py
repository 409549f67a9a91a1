"""Writing the reminders of ``csp actions remind`` into a folder (issue 24): a draft
(:mod:`csp_tui.exporters.reminders`) and, with ``ics``, a calendar
(:mod:`csp_tui.exporters.action_calendar`) for each owner, under one file name. The
command and the app's action log key both call :func:`write_reminders`.
"""

from __future__ import annotations

import datetime as dt
from email.headerregistry import Address
from pathlib import Path
from typing import Any

from csp_tui.domain.text import one_line, path_for_display
from csp_tui.exporters import ExportError
from csp_tui.exporters.action_calendar import owner_calendar, read_previous, write_calendar
from csp_tui.exporters.files import sync_folder_of
from csp_tui.exporters.reminders import (
    BadAddress,
    address,
    build_message,
    file_stems,
    parse_sender,
    write_message,
)
from csp_tui.services.chasing import Owner, gather


def _sender(given: str, note_taker: tuple[str, str],
            warnings: list[str]) -> Address | None:
    """``--from``, else the note taker's roster address, else None."""

    if given.strip():
        return parse_sender(given)  # BadAddress: the caller checked it first
    name, email = note_taker
    if email.strip():
        try:
            return address(name, email)
        except BadAddress as exc:
            warnings.append(f"the note taker's roster entry: {exc}; the drafts have no "
                            "From")
    return None


def write_reminders(repo: Any, out: Path, *, owner: str = "", board: str = "",
                    due_within: int | None = None, overdue: bool = False,
                    full: bool = False, sender: str = "", ics: bool = False,
                    remind_days: int = 3, today: dt.date | None = None,
                    action_ids: set[int] | None = None) -> dict[str, Any]:
    """Write the drafts (and calendars) into ``out``; returns what was done: counts,
    the files, the owners without an address and those skipped. ``action_ids``: only
    these actions (the app's action log). The command's and the app's."""
    today = today or dt.date.today()
    found = gather(repo.conn, owner=owner, board=board, due_within=due_within,
                   overdue=overdue, full=full, today=today)
    calendars = found.every if ics else []
    if action_ids is not None:
        for o in (*found.owners, *calendars):
            o.actions = [a for a in o.actions if a.id in action_ids]
        found.owners = [o for o in found.owners if o.actions]
        calendars = [o for o in calendars if o.actions]
        found.withheld &= action_ids
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot make {path_for_display(out)}: "
                          f"{exc.strerror or exc}") from None
    warnings: list[str] = []
    senders = {b: _sender(sender, nt, warnings) for b, nt in found.note_takers.items()}
    done: dict[str, Any] = {"drafts": [], "calendars": [], "no_address": [], "skipped": [],
                            "warnings": warnings,
                            "withheld": len(found.withheld), "cancelled": 0,
                            "no_sender": not any(senders.values())}

    def key(o: Any) -> tuple[int, int | None, str]:
        return (o.board_id, o.person_id, o.name)

    # One file name per owner, the same for the draft and the calendar.
    named = {key(o) for o in found.owners}
    everyone = found.owners + [o for o in calendars if key(o) not in named]
    stems = dict(zip(map(key, everyone), file_stems(everyone), strict=True))
    for o in found.owners:
        try:
            msg = build_message(o, sender=senders.get(o.board_id),
                                next_meeting=found.next_meetings.get(o.board_id),
                                full=full, today=today)
        except BadAddress as exc:
            done["skipped"].append(f"{one_line(o.name)}: {exc}")
            continue
        if not o.email.strip():
            done["no_address"].append(one_line(o.name))
        done["drafts"].append(write_message(msg, out / f"{stems[key(o)]}.eml",
                                            sync_folder=False))
    skipped = {line.split(":", 1)[0] for line in done["skipped"]}
    seen: set[Path] = set()
    for o in calendars:
        if one_line(o.name) in skipped:
            continue
        path = out / f"{stems[key(o)]}.ics"
        seen.add(path)
        title, previous = read_previous(path)
        made = owner_calendar(o, identity=found.identity, previous=previous,
                              keep=found.restricted, remind_days=remind_days,
                              organizer=senders.get(o.board_id))
        if made is not None:
            done["calendars"].append(write_calendar(made[0], path, sync_folder=False))
            done["cancelled"] += made[2]
    if ics and not owner.strip() and not board.strip() and action_ids is None:
        # An owner with nothing open left has no calendar this run, but the one the
        # folder holds from before still lists their entries: each is sent cancelled.
        # Only in a run for every owner: a file another run's filters left out is not
        # this run's to judge.
        for path in sorted(out.glob("*.ics")):
            if path in seen or path.is_symlink():
                continue
            title, previous = read_previous(path)
            gone = Owner(path.stem, "", None, "", 0)
            made = owner_calendar(gone, identity=found.identity, previous=previous,
                                  keep=found.restricted, remind_days=remind_days,
                                  title=title)
            if made is not None:
                done["calendars"].append(write_calendar(made[0], path, sync_folder=False))
                done["cancelled"] += made[2]
    # Every rename on disk at once: one sync of the folder, not one a file.
    sync_folder_of(out)
    return done
