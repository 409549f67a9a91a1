"""The meeting screen's transcript keys: F6 shows the current item's stretch of the
Teams transcript beside its minutes, F7 imports a transcript. A base of the meeting
screen (after :class:`~csp_tui.screens.meeting_edits.PaneEdits`), which adds the layout
and calls :meth:`TranscriptActions.show_transcript` whenever the item changes."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.binding import Binding, BindingType
from textual.css.query import NoMatches

from csp_tui.domain.models import AttendanceStatus
from csp_tui.screens.meeting_edits import PaneEdits
from csp_tui.screens.workers import DIALOG_WORKERS
from csp_tui.widgets.capture import CaptureLine

if TYPE_CHECKING:
    from csp_tui.widgets.transcript import TranscriptPane


class TranscriptActions(PaneEdits):
    """Shows, searches and imports the meeting's transcript."""

    #: The meeting screen lists these in its own BINDINGS (the help and the palette
    #: read a screen's own list): F6 and F7.
    TRANSCRIPT_BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f6", "transcript", "Transcript", priority=True, id="meeting.transcript"),
        Binding("f7", "import_transcript", "Import transcript", priority=True,
                id="meeting.import-transcript"),
    ]

    _transcript_search = ""

    @staticmethod
    def transcript_keys() -> list[type]:
        """The classes that own the pane's keys, for the help and the palette (a
        function: the pane's module loads when the pane is first shown)."""
        from csp_tui.widgets.transcript import TranscriptCues, TranscriptPane

        return [TranscriptPane, TranscriptCues]

    @property
    def transcript_shown(self) -> bool:
        """Whether the transcript pane is open."""
        return self.has_class("-transcript")

    async def action_transcript(self) -> None:
        """Show or hide the current item's transcript beside its minutes."""
        if not self.transcript_shown:
            await self._transcript_pane()
        self.toggle_class("-transcript")
        if self.transcript_shown:
            self.show_transcript()
            self.query_one("#transcript-cues").focus()
        else:
            self.query_one(CaptureLine).focus()

    async def _transcript_pane(self) -> TranscriptPane:
        """The pane, mounted beside the minutes the first time it is wanted: most
        meetings never open it, and the first frame need not build or import it."""
        from csp_tui.widgets.transcript import TranscriptPane

        try:
            return self.query_one("#transcript", TranscriptPane)
        except NoMatches:
            pane = TranscriptPane(id="transcript")
            await self.query_one("#panes").mount(pane, after="#minutes")
            return pane

    def show_transcript(self) -> None:
        """Fill the pane with the current item's cues (only while it is open)."""
        if not self.transcript_shown:
            return
        from csp_tui.services.transcript import (
            Filter,
            absent_speakers,
            cue_rows,
            item_labels,
            talk_by_item,
        )
        from csp_tui.widgets.transcript import TranscriptPane, TranscriptView

        pane = self.query_one("#transcript", TranscriptPane)
        stored = self.repo.transcripts.transcript(self.meeting_id)
        if stored is None or self.current_item_id is None:
            pane.view = TranscriptView("Transcript", empty=(
                "No transcript for this meeting: F7 imports one." if stored is None
                else "No current item."))
            return
        items = self.repo.meetings.items(self.meeting_id)
        # The item with its sub-items, as the minutes pane shows them.
        ids = {self.current_item_id} | {i.id for i in items if i.id is not None
                                        and i.parent_id == self.current_item_id}
        cues = self.repo.transcripts.transcript_cues(self.meeting_id, sorted(ids))
        # The note taker sees restricted minutes in the app; so too their transcript.
        rows = cue_rows(cues, items, Filter(item_ids=ids, search=self._transcript_search),
                        full=True)
        talk = [t for t in talk_by_item(cues, items, full=True)
                if t.where == item_labels(items).get(self.current_item_id)]
        label = item_labels(items).get(self.current_item_id, "")
        pane.view = TranscriptView(
            f"Transcript · item {label} · {len(cues)} cues", rows,
            talk[0] if talk else None,
            [(p.id, p.name) for p in absent_speakers(self.repo, self.meeting_id)
             if p.id is not None],
            empty="No cues under this item." if not cues else "")

    def on_transcript_pane_cue_chosen(self, event: TranscriptPane.CueChosen) -> None:
        """The cue's words go into the capture line to edit; nothing is minuted yet."""
        line = self.query_one(CaptureLine)
        line.value = event.text
        line.cursor_position = len(event.text)
        line.focus()

    def on_transcript_pane_searched(self, event: TranscriptPane.Searched) -> None:
        self._transcript_search = event.words
        self.show_transcript()

    def on_transcript_pane_mark_present(self, event: TranscriptPane.MarkPresent) -> None:
        def mark() -> None:
            with self.repo.transaction("mark the speakers present"):
                for pid in event.person_ids:
                    self.repo.people.set_attendance(self.meeting_id, pid,
                                                    status=AttendanceStatus.PRESENT)

        n = len(event.person_ids)
        self._do(mark, f"Marked {n} {'person' if n == 1 else 'people'} present "
                       "(ctrl+z undoes).")

    @work(group=DIALOG_WORKERS)
    async def action_import_transcript(self) -> None:
        """Import the meeting's Teams transcript (.vtt or .docx) from a file."""
        from csp_tui.screens.import_transcript import ImportTranscriptScreen

        if self.repo.path is None:
            self.notify("Import needs a database file.", severity="error")
            return
        summary = await self.app.push_screen_wait(
            ImportTranscriptScreen(self.repo.path, self.meeting_id))
        if summary is None:
            return
        # One message: the bar shows one at a time (its lines joined by " · ").
        self.notify("\n".join(summary), timeout=8)
        if not self.transcript_shown:
            await self.action_transcript()
        else:
            self.show_transcript()

    @work(group=DIALOG_WORKERS)
    async def offer_purge(self, meeting_id: int) -> None:
        """Minutes approved: ask whether to delete that meeting's transcript for good."""
        from csp_tui.screens.confirm import ConfirmScreen
        from csp_tui.services.transcript import purge_transcript

        stored = self.repo.transcripts.transcript(meeting_id)
        if stored is None:
            return
        day = self.repo.meetings.meeting(meeting_id).date
        if await self.app.push_screen_wait(ConfirmScreen(
                f"The minutes of {day:%d %B %Y} are approved. Delete that meeting's Teams "
                f"transcript ({stored.cues} cues) for good? This cannot be undone.")):
            self._do(lambda: purge_transcript(self.repo, meeting_id),
                     f"Transcript of {day:%d %B %Y} deleted for good.")
