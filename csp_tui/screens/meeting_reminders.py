"""The action log item's reminders key (issue 24): F9 writes a reminder draft (and a
calendar) for each owner of the actions the Minutes and Action Log item shows, as
``csp actions remind --ics`` would, in a worker thread; the result is one message.
A base of the meeting screen."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.binding import Binding, BindingType
from textual.message import Message

from csp_tui.domain.agenda import StandardItem, item_kind
from csp_tui.domain.models import error_message
from csp_tui.domain.text import path_for_display

if TYPE_CHECKING:
    from csp_tui.storage.repository import Repository


class ReminderCommands:
    """The reminders key and its worker (the meeting screen's ``repo``,
    ``meeting_id``, ``current_item_id``, ``notify`` and ``post_message``)."""

    repo: Repository
    meeting_id: int
    current_item_id: int | None

    REMINDER_BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f9", "remind_owners", "Reminders to the action owners", priority=True,
                show=False, id="meeting.remind-owners"),
    ]

    class Reminded(Message):
        """The reminders worker's result: the folder and what was written, or the error."""

        def __init__(self, folder: Path, done: dict | None, error: str = "") -> None:
            super().__init__()
            self.folder = folder
            self.done = done
            self.error = error

    def action_remind_owners(self) -> None:
        """Write the reminders for the owners of the actions the action log item shows:
        those carried from earlier meetings and those raised under it."""
        notify = self.notify  # type: ignore[attr-defined]
        item = self.repo.meetings.item(self.current_item_id) if self.current_item_id else None
        if item is None or item_kind(item.title, item.parent_id) is not StandardItem.ACTION_LOG:
            notify("Reminders go to the owners of the actions under Minutes and Action Log: "
                   "go to that item first (ctrl+g jumps).", severity="warning")
            return
        if self.repo.path is None:
            notify("Reminders need a database file.", severity="error")
            return
        shown = {a.id for a in self.repo.minutes.carried_actions(self.meeting_id)}
        shown |= {a.id for a in self.repo.minutes.item_actions(item.id or 0)}
        shown.discard(None)
        if not shown:
            notify("No actions shown here: nobody to remind.")
            return
        day = self.repo.meetings.meeting(self.meeting_id).date
        folder = Path.cwd() / f"reminders-{day.isoformat()}"
        self._write_reminders(self.repo.path, folder, shown, self.repo.clock().date())

    @work(thread=True, exclusive=True, group="reminders")
    def _write_reminders(self, db_path: Path, folder: Path, ids: set[int],
                         today: dt.date) -> None:
        # A connection of its own, in a thread: the note taker keeps typing meanwhile.
        try:
            from csp_tui.exporters.reminder_files import write_reminders
            from csp_tui.storage.repository import Repository as Repo

            with Repo.open(db_path, checked=True) as repo:
                done = write_reminders(repo, folder, ics=True, action_ids=ids, today=today)
        except Exception as exc:  # noqa: BLE001 - any failure is one line to the user
            self.post_message(self.Reminded(folder, None, error_message(exc)))  # type: ignore[attr-defined]
        else:
            self.post_message(self.Reminded(folder, done))  # type: ignore[attr-defined]

    def on_reminder_commands_reminded(self, event: Reminded) -> None:
        notify = self.notify  # type: ignore[attr-defined]
        if event.done is None:
            notify(f"Reminders not written: {event.error}", severity="error", timeout=10)
            return
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
        notify(text + ".", severity="warning" if notes else "information", timeout=10)
