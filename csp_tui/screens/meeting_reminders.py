"""The action log item's reminders key (issue 24): F9 writes a reminder draft (and a
calendar) for each owner of the actions the Minutes and Action Log item shows, as
``csp actions remind --ics`` would, in a worker thread; the result is one message.
The meeting screen's F9 calls :func:`remind_owners`."""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path

from textual.message import Message
from textual.screen import Screen

from csp_tui.domain.agenda import StandardItem, item_kind
from csp_tui.domain.models import error_message
from csp_tui.domain.text import path_for_display
from csp_tui.storage.repository import Repository
from csp_tui.widgets.keys import key_for


class Reminded(Message):
    """The reminders worker's result: the folder and what was written, or the error."""

    def __init__(self, folder: Path, done: dict | None, error: str = "") -> None:
        super().__init__()
        self.folder = folder
        self.done = done
        self.error = error


def remind_owners(screen: Screen, repo: Repository, meeting_id: int,
                  item_id: int | None) -> None:
    """Write the reminders for the owners of the actions item ``item_id`` (the action
    log) shows: those carried from earlier meetings and those raised under it. The
    worker posts :class:`Reminded` to ``screen``."""
    item = repo.meetings.item(item_id) if item_id else None
    if item is None or item_kind(item.title, item.parent_id) is not StandardItem.ACTION_LOG:
        screen.notify("Reminders go to the owners of the actions under Minutes and Action "
                      f"Log: go to that item first ({key_for(screen.app, 'meeting.jump')} "
                      "jumps).", severity="warning")
        return
    if repo.path is None:
        screen.notify("Reminders need a database file.", severity="error")
        return
    shown = {a.id for a in repo.minutes.carried_actions(meeting_id)}
    shown |= {a.id for a in repo.minutes.item_actions(item.id or 0)}
    shown.discard(None)
    if not shown:
        screen.notify("No actions shown here: nobody to remind.")
        return
    folder = Path.cwd() / f"reminders-{repo.meetings.meeting(meeting_id).date.isoformat()}"
    screen.run_worker(partial(_write_reminders, screen, repo.path, folder, shown,
                              repo.clock().date()),
                      thread=True, exclusive=True, group="reminders")


def _write_reminders(screen: Screen, db_path: Path, folder: Path, ids: set[int],
                     today: dt.date) -> None:
    # A connection of its own, in a thread: the note taker keeps typing meanwhile.
    try:
        from csp_tui.exporters.reminder_files import write_reminders

        with Repository.open(db_path, checked=True) as repo:
            done = write_reminders(repo, folder, ics=True, action_ids=ids, today=today)
    except Exception as exc:  # noqa: BLE001 - any failure is one line to the user
        screen.post_message(Reminded(folder, None, error_message(exc)))
    else:
        screen.post_message(Reminded(folder, done))


def reminders_said(event: Reminded) -> tuple[str, str]:
    """What the screen says about the reminders written: the message and its severity."""
    if event.done is None:
        return f"Reminders not written: {event.error}", "error"
    done = event.done
    drafts = len(done["drafts"])
    text = (f"Wrote {drafts} reminder draft{'s' if drafts != 1 else ''} and "
            f"{len(done['calendars'])} calendars to {path_for_display(event.folder)}")
    notes = []
    if done["no_address"]:
        notes.append(f"no address for {', '.join(done['no_address'])}")
    if done["skipped"]:
        notes.append(f"skipped {len(done['skipped'])} (a bad address)")
    if done["withheld"]:
        notes.append(f"{done['withheld']} restricted left out")
    if notes:
        text += " (" + "; ".join(notes) + ")"
    return text + ".", "warning" if notes else "information"
