"""Attach a paper (.docx, .odt or .pdf) to the highlighted agenda item (issue 27): the
same as ``csp agenda attach``, from the agenda pane's ``p``."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Label

from csp_tui.domain.models import error_message
from csp_tui.domain.text import terminal_safe
from csp_tui.screens.dialog import ImportDialog
from csp_tui.screens.errors import USER_ERRORS
from csp_tui.services.papers import attach_file
from csp_tui.storage.repository import Repository


class AttachPaperScreen(ImportDialog[str | None]):
    """Asks for a path and an optional title; reads, checks and stores the file in a
    worker thread on a connection of its own; dismisses with what was attached. A file
    that is not a document is refused here, with the path kept to correct."""

    class Done(Message):
        """The worker's result: the paper's description, or the one-line error."""

        def __init__(self, attached: str | None, error: str = "") -> None:
            super().__init__()
            self.attached = attached
            self.error = error

    def __init__(self, db_path: Path, meeting_id: int, item_id: int, item_label: str) -> None:
        super().__init__(db_path, meeting_id)
        self._item_id = item_id
        self._item_label = item_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"Attach a paper (.docx, .odt or .pdf) to "
                        f"{terminal_safe(self._item_label)}")
            yield Input(placeholder="path/to/paper.docx", id="path")
            yield Input(placeholder="title (default: the file's name)", id="title")
            yield Label("", id="error", classes="error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        path = self.query_one("#path", Input).value.strip()
        if not path:
            self.query_one("#path", Input).focus()
            return
        self.query_one("#error", Label).update("Attaching…")
        self._store_paper(Path(path).expanduser(), self.query_one("#title", Input).value)

    @work(thread=True, exclusive=True)
    def _store_paper(self, path: Path, title: str) -> None:
        # Reading up to 200 MB and writing it to the database: off the UI thread.
        try:
            with Repository.open(self._db_path, checked=True) as repo:
                paper = attach_file(repo, self._item_id, path, title=title)
        except USER_ERRORS as exc:
            self.post_message(self.Done(None, error_message(exc)))
        else:
            self.post_message(self.Done(f"{paper.title} ({paper.kind})"))

    def on_attach_paper_screen_done(self, event: Done) -> None:
        if event.attached is None:
            self.query_one("#error", Label).update(terminal_safe(event.error))
        else:
            self.dismiss(event.attached)
