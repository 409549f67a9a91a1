"""The meeting screen's transcript pane (F6): the current item's stretch of the Teams
transcript beside its minutes. It searches its cues and marks the speakers present
itself; the screen mounts it the first time F6 is pressed (most meetings never open
it, so the first frame neither builds nor imports it) and tells it the item shown."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from csp_tui.domain.models import AttendanceStatus
from csp_tui.services.transcript import (
    Filter,
    absent_speakers,
    cue_rows,
    item_labels,
    talk_by_item,
)
from csp_tui.widgets.keys import key_for
from csp_tui.widgets.transcript import TranscriptPane, TranscriptView

if TYPE_CHECKING:
    from csp_tui.capture.live import LiveMeeting
    from csp_tui.screens.meeting import MeetingScreen


class MeetingTranscript(TranscriptPane):
    """The transcript pane of a live meeting."""

    def __init__(self, live: LiveMeeting, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.live = live
        self._search = ""
        self._item_id: int | None = None

    def show(self, item_id: int | None) -> None:
        """Fill the pane with item ``item_id``'s cues (with its sub-items')."""
        self._item_id = item_id
        repo, meeting_id = self.live.repo, self.live.meeting_id
        stored = repo.transcripts.transcript(meeting_id)
        if stored is None or item_id is None:
            self.view = TranscriptView("Transcript", empty=(
                f"No transcript for this meeting: "
                f"{key_for(self.app, 'meeting.import-transcript')} imports one." if stored is None
                else "No current item."))
            return
        items = repo.meetings.items(meeting_id)
        # The item with its sub-items, as the minutes pane shows them.
        ids = {item_id} | {i.id for i in items if i.id is not None and i.parent_id == item_id}
        cues = repo.transcripts.transcript_cues(meeting_id, sorted(ids))
        # The note taker sees restricted minutes in the app; so too their transcript.
        rows = cue_rows(cues, items, Filter(item_ids=ids, search=self._search), full=True)
        labels = item_labels(items)
        talk = [t for t in talk_by_item(cues, items, full=True)
                if t.where == labels.get(item_id)]
        self.view = TranscriptView(
            f"Transcript · item {labels.get(item_id, '')} · {len(cues)} cues", rows,
            talk[0] if talk else None,
            [(p.id, p.name) for p in absent_speakers(repo, meeting_id) if p.id is not None],
            empty="No cues under this item." if not cues else "")

    def on_transcript_pane_searched(self, event: TranscriptPane.Searched) -> None:
        self._search = event.words
        self.show(self._item_id)

    def on_transcript_pane_mark_present(self, event: TranscriptPane.MarkPresent) -> None:
        repo, meeting_id = self.live.repo, self.live.meeting_id

        def mark() -> None:
            with repo.transaction("mark the speakers present"):
                for pid in event.person_ids:
                    repo.people.set_attendance(meeting_id, pid, status=AttendanceStatus.PRESENT)

        n = len(event.person_ids)
        cast("MeetingScreen", self.screen).show_change(self.live.change(
            mark, f"Marked {n} {'person' if n == 1 else 'people'} present "
                  f"({key_for(self.app, 'meeting.undo')} undoes)."))
