"""Import an agenda file into the open meeting (the format of ``csp new --agenda``)."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Label

from csp_tui.domain.models import error_message
from csp_tui.domain.text import path_for_display
from csp_tui.screens.dialog import ImportDialog
from csp_tui.screens.errors import USER_ERRORS
from csp_tui.services.agenda_file import date_note, import_agenda_into, read_text
from csp_tui.storage.repository import Repository


class ImportAgendaScreen(ImportDialog[tuple[int, str] | None]):
    """Asks for a path, imports in a thread, dismisses with the number of items added
    and a warning ("" for none: the file's date is another day's).

    A file with errors is rejected whole; its errors (with line numbers) are shown here
    and the path stays in the field to fix and retry.
    """

    class Done(Message):
        """The worker's result: items added, or the one-line (or per-line) error."""

        def __init__(self, added: int | None, error: str = "", note: str = "") -> None:
            super().__init__()
            self.added = added
            self.error = error
            self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Import agenda items from a file (added before Any Other Business)")
            yield Input(placeholder="path/to/agenda.txt", id="path")
            yield Label("", id="error", classes="error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.query_one("#error", Label).update("Importing…")
            self._import(Path(event.value.strip()).expanduser())

    @work(thread=True, exclusive=True)
    def _import(self, path: Path) -> None:
        # Blocking file and database work off the UI thread, on a connection of its own.
        try:
            text = read_text(path)
            # A connection of its own; the file was checked when the app opened it.
            with Repository.open(self._db_path, checked=True) as repo:
                added = import_agenda_into(repo, self._meeting_id, text)
                note = date_note(repo.meetings.meeting(self._meeting_id), text)
        except OSError as exc:
            self.post_message(self.Done(None, f"cannot read {path_for_display(path)}: "
                                                 f"{exc.strerror or exc}"))
        except USER_ERRORS as exc:
            self.post_message(self.Done(None, error_message(exc)))
        else:
            self.post_message(self.Done(len(added), note=note))

    def on_import_agenda_screen_done(self, event: Done) -> None:
        if event.added is None:
            self.query_one("#error", Label).update(event.error)
        else:
            self.dismiss((event.added, event.note))
