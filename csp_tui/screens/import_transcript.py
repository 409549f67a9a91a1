"""Import a Teams transcript into the open meeting (as ``csp transcript import``)."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Label

from csp_tui.domain.attendance import join_names
from csp_tui.domain.models import error_message
from csp_tui.screens.dialog import ImportDialog
from csp_tui.screens.errors import USER_ERRORS
from csp_tui.services.transcript import TranscriptExists, import_transcript
from csp_tui.storage.repository import Repository
from csp_tui.widgets.keys import key_for


class ImportTranscriptScreen(ImportDialog[list[str] | None]):
    """Asks for the file (and, optionally, when the recording started), imports in a
    thread and dismisses with the lines to tell the note taker. A meeting that has a
    transcript already is asked about before it is replaced."""

    class Done(Message):
        """The worker's result: the summary lines, or the error; ``exists`` when the
        meeting has a transcript and replacing it must be asked."""

        def __init__(self, lines: list[str] | None, error: str = "",
                     exists: bool = False) -> None:
            super().__init__()
            self.lines = lines
            self.error = error
            self.exists = exists

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Import the Teams transcript of this meeting (.vtt or .docx)",
                        classes="title")
            yield Input(placeholder="path/to/transcript.vtt", id="path")
            yield Input(placeholder="recording started at HH:MM:SS (optional: else the "
                                    ".docx header or the first item)", id="started")
            yield Label("Kept only in the database; never exported. Enter imports · "
                        f"{key_for(self.app, 'dialog.cancel')} cancels", classes="hint")
            yield Label("", id="error", classes="error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.query_one("#path", Input).value.strip():
            self._start(replace=False)

    def _start(self, *, replace: bool) -> None:
        path = Path(self.query_one("#path", Input).value.strip()).expanduser()
        started = self.query_one("#started", Input).value.strip() or None
        self.query_one("#error", Label).update("Importing…")
        self._import(path, started, replace)

    @work(thread=True, exclusive=True)
    def _import(self, path: Path, started: str | None, replace: bool) -> None:
        # Reading and filing 3,000 cues is blocking work: off the UI thread, on a
        # connection of its own (the file was checked when the app opened it).
        try:
            with Repository.open(self._db_path, checked=True) as repo:
                result = import_transcript(repo, self._meeting_id, path, started=started,
                                           replace=replace)
        except TranscriptExists as exc:
            self.post_message(self.Done(None, str(exc), exists=True))
            return
        except USER_ERRORS as exc:
            self.post_message(self.Done(None, error_message(exc)))
            return
        lines = [f"Imported {result.cues} cues (recording from "
                 f"{result.start.at.astimezone():%H:%M:%S}, {result.start.source})."]
        if result.start.warning:
            lines.append(result.start.warning)
        if result.unmatched:
            lines.append(f"Not on the roster, kept as written: {join_names(result.unmatched)}")
        self.post_message(self.Done(lines))

    @work(group="dialog")
    async def on_import_transcript_screen_done(self, event: Done) -> None:
        # Seam: a dialog loads when it opens.
        from csp_tui.screens.confirm import ConfirmScreen

        if event.exists:
            self.query_one("#error", Label).update("")
            if await self.app.push_screen_wait(ConfirmScreen(
                    "This meeting has a transcript already. Replace it with this file?")):
                self._start(replace=True)
            return
        if event.lines is None:
            self.query_one("#error", Label).update(event.error)
        else:
            self.dismiss(event.lines)
