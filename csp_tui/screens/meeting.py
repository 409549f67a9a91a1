"""The live meeting screen: the clock bar, the agenda and item panes, the capture line
and the footer. What the meeting's rules do with the repository (a line entered, a
key's command, undo, a pane's change, the draft, another program's commit) is the
:class:`~csp_tui.capture.live.LiveMeeting`'s; this screen composes the widgets, hands the
keys to it and shows the plain results it returns. The panes handle their own
messages (:class:`~csp_tui.screens.meeting_edits.MeetingPanes`, the transcript's
:class:`~csp_tui.screens.meeting_transcript.MeetingTranscript`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Static

from csp_tui.capture.live import Changed, LineResult, LiveMeeting
from csp_tui.domain.house_style import Style
from csp_tui.domain.lifecycle import frozen_message
from csp_tui.domain.models import AgendaItem, Meeting
from csp_tui.domain.timing import clock_figures
from csp_tui.screens import meeting_dialogs as dialogs
from csp_tui.screens.draft import DraftNotSaved, ScreenScheduler
from csp_tui.screens.errors import USER_ERRORS
from csp_tui.screens.meeting_edits import MeetingPanes, transcript_keys
from csp_tui.screens.meeting_export import Exported, check_names, show_exported
from csp_tui.screens.meeting_reminders import Reminded, remind_owners, reminders_said
from csp_tui.screens.workers import DIALOG_WORKERS
from csp_tui.storage.repository import Repository
from csp_tui.widgets.agenda import AgendaPane
from csp_tui.widgets.capture import CaptureLine, CaptureMessage, CaptureSuggester
from csp_tui.widgets.clock import ClockBar
from csp_tui.widgets.footer import KeysFooter
from csp_tui.widgets.keys import key_for
from csp_tui.widgets.message_bar import MessageBar
from csp_tui.widgets.minutes import LineRef, MinutesPane
from csp_tui.widgets.name_question import NameQuestionLine

if TYPE_CHECKING:
    from csp_tui.capture.context import Outcome
    from csp_tui.widgets.transcript import TranscriptPane


class MeetingScreen(Screen[None]):
    """Walk the agenda with per-item timers and capture the minutes."""

    # Its rules, in meeting.tcss, are loaded by the app (CspApp.CSS_PATH).
    AUTO_FOCUS = "#capture"
    # Priority bindings work while the capture line has the focus, so they use keys
    # the line does not need for typing (ctrl, function and page keys).
    BINDINGS = [
        Binding("escape", "focus_capture", "Capture", priority=True, id="meeting.focus-capture"),
        Binding("pagedown", "next_item", "Next item", priority=True, id="meeting.next-item"),
        Binding("pageup", "prev_item", "Prev item", priority=True, id="meeting.prev-item"),
        Binding("ctrl+g", "jump", "Jump", priority=True, id="meeting.jump"),
        Binding("ctrl+d", "defer", "Defer", priority=True, id="meeting.defer"),
        Binding("ctrl+t", "pause", "Pause timer", priority=True, id="meeting.pause-timer"),
        Binding("ctrl+z", "undo", "Undo", priority=True, id="meeting.undo"),
        Binding("ctrl+e", "export", "Export", priority=True, id="meeting.export"),
        Binding("f8", "export(True)", "Full export (RESTRICTED)", priority=True, show=False,
                id="meeting.export-restricted"),
        Binding("f2", "attendance", "Attendance", priority=True, id="meeting.attendance"),
        Binding("a", "attendance", "Attendance", show=False, id="meeting.attendance-alt"),
        Binding("f3", "edit_item", "Edit item", priority=True, id="meeting.edit-item"),
        Binding("f4", "import_agenda", "Import agenda", priority=True, id="meeting.import-agenda"),
        Binding("f5", "check_names", "Check names", priority=True, id="meeting.check-names"),
        Binding("f6", "transcript", "Transcript", priority=True, id="meeting.transcript"),
        Binding("f7", "import_transcript", "Import transcript", priority=True,
                id="meeting.import-transcript"),
        # F9 on the Minutes and Action Log item: reminders to the owners of its actions.
        Binding("f9", "remind_owners", "Reminders to the action owners", priority=True,
                show=False, id="meeting.remind-owners"),
        # Answers the name question shown above the capture area, which names the key.
        Binding("ctrl+y", "accept_name", "Use the name offered", priority=True, show=False,
                id="meeting.accept-name"),
        Binding("ctrl+r", "recall", "Bring back a refused line", priority=True, show=False,
                id="meeting.recall"),
    ]
    #: The footer shows the keys that fit, in this order; every key is in F1 and ctrl+p.
    FOOTER_ORDER: ClassVar = ("next_item", "prev_item", "export", "defer", "undo", "help",
                              "jump", "attendance", "pause", "edit_item", "focus_capture",
                              "messages")
    #: The panes' own keys, for the help and the command palette.
    KEY_GROUPS: ClassVar = [("Capture area", [CaptureLine]),
                            ("Agenda pane (tab to it)", [AgendaPane]),
                            ("Item pane (tab to it)", [MinutesPane]),
                            ("Transcript pane (F6)", transcript_keys)]

    #: The item shown in the item pane (the meeting's current item).
    current_item_id: reactive[int | None] = reactive(None, init=False)

    def __init__(self, repo: Repository, meeting_id: int, *, autosave: bool = True) -> None:
        super().__init__()
        self.repo = repo
        #: The meeting being minuted: every change goes through it.
        self.live = LiveMeeting(repo, meeting_id)
        self._autosave = autosave
        #: What reload just read, for the current item's watcher to show.
        self._shown: tuple[Meeting, list[AgendaItem]] | None = None

    @property
    def meeting_id(self) -> int:
        """The meeting shown."""
        return self.live.meeting_id

    @property
    def house_style(self) -> Style:
        """The meeting's house style (as Word prints it); one that no longer loads is
        said, and the default used."""
        style, warning = self.live.house_style()
        if warning:
            self.notify(warning, severity="warning")
        return style

    def compose(self) -> ComposeResult:
        yield ClockBar(id="clock")  # the approved banner goes under it when needed
        yield MeetingPanes(self.live, id="panes")
        yield NameQuestionLine(id="name-question")
        # What the app says: a row of its own, never over the panes or the capture area.
        yield MessageBar(id="messages")
        yield CaptureMessage(id="capture-error")
        yield CaptureLine(enter=self._entered, typed=self._key_typed, id="capture")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.live.keys = self.app.keymap  # type: ignore[attr-defined]  # messages name them
        capture = self.query_one(CaptureLine)
        # Named once the line is mounted, where key_for finds its own keys.
        brk, help_key = key_for(self.app, "capture.line-break"), key_for(self.app, "app.help")
        capture.placeholder = (f"Type the minutes (Enter adds, {brk} new line); "
                               f"/a OWNER to TASK; {help_key} help")
        capture.value = self.live.keep_drafts(ScreenScheduler(self), autosave=self._autosave)
        # After the draft is restored: completion starts with the first key typed.
        capture.suggester = CaptureSuggester(lambda: self.live.completions()[0],
                                             lambda: self.live.completions()[1],
                                             lambda: self.house_style)
        self.reload()
        # Figures come from stored timestamps each second; the tick only repaints.
        self.set_interval(1, self._tick)

    def on_screen_resume(self) -> None:
        # A toast given while a dialog was open would stay over the panes: the newest
        # message still in time is in the bar instead (and every one in the log).
        self.app.clear_notifications()
        live = [m for m in getattr(self.app, "messages", []) if m.live]
        bar = self.query_one(MessageBar)
        if live and bar.shown is not live[-1]:
            bar.say(live[-1])

    def show_meeting(self, meeting_id: int) -> None:
        """Show another meeting here, its own draft in the capture line (the app's bottom
        screen is reused rather than replaced)."""
        # What was kept aside stays in the old meeting's draft (saved now).
        draft = self.live.show(meeting_id)
        self.query_one(CaptureMessage).show_error(None)
        self._show_held()
        capture = self.query_one(CaptureLine)
        capture.remove_class("-error")
        capture.value = draft
        self.reload()

    def on_unmount(self) -> None:
        self.live.close(self._capture_text())

    # ------------------------------------------------------------------ showing

    def reload(self) -> None:
        """Re-read the meeting and show it: after every change."""
        meeting = self.repo.meetings.meeting(self.meeting_id)
        now = self.repo.clock()
        items = self.repo.meetings.items(self.meeting_id)
        panes = self.query_one(MeetingPanes)
        panes.show_agenda(meeting, items, now)
        frozen = frozen_message(meeting.state)
        banners = self.query("#frozen-banner")
        if frozen is None:
            banners.remove()
        elif banners:
            banners.first(Static).update(f"APPROVED MINUTES: {frozen}")
        else:
            # Mounted only for approved minutes: most meetings never show it, and each
            # widget composed costs start-up.
            self.mount(Static(f"APPROVED MINUTES: {frozen}", id="frozen-banner"),
                       after="#clock")
        if self.current_item_id != meeting.current_item_id:
            self._shown = (meeting, items)  # the watcher shows them without re-reading
            self.current_item_id = meeting.current_item_id
            panes.agenda.highlight_item(meeting.current_item_id)
        else:
            self._show_minutes(meeting, items)
        self._shown = None
        self.query_one(ClockBar).figures = clock_figures(self.repo, self.meeting_id, now)
        self.show_questions()

    def watch_current_item_id(self) -> None:
        self._show_minutes(*(self._shown or (None, None)))

    def _show_minutes(self, meeting: Meeting | None = None,
                      items: list[AgendaItem] | None = None) -> None:
        """Show the current item's minutes (``meeting`` and ``items`` as just read by
        :meth:`reload`, each read again otherwise) and its transcript."""
        self.query_one(MeetingPanes).show_minutes(self.current_item_id, self.house_style,
                                                  meeting, items)
        self.show_transcript()

    def show_outcome(self, outcome: Outcome) -> None:
        """Show what a line carried out changed, and the line it added, if any, in
        view (the note taker sees what was minuted, however long the item)."""
        panes = self.query_one(MeetingPanes)
        if panes.show_added(outcome, self.current_item_id):
            # One line added to the item shown: it is not read again; the figures are.
            self._show_figures(self.repo.clock())
            self.show_transcript()
        else:
            self.reload()  # anything but one line added: everything may have changed
        if outcome.added is not None and outcome.added.item_id == self.current_item_id:
            panes.minutes.reveal(LineRef.of(outcome.added).option_id)

    def _show_figures(self, now: dt.datetime) -> None:
        """The clock bar's figures, and the agenda's spent minutes when one changed."""
        self.query_one(ClockBar).figures = clock_figures(self.repo, self.meeting_id, now)
        self.query_one(MeetingPanes).show_spent(now)

    def show_changes_elsewhere(self) -> bool:
        """Show the meeting again if another program (``csp actions done``, an import,
        another window) has committed since the last look; the timer asks every second.
        Returns whether it did."""
        if not self.live.changed_elsewhere():
            return False
        self.reload()
        return True

    def _tick(self) -> None:
        now = self.repo.clock()
        self.save_unsaved_quietly()
        try:
            if not self.show_changes_elsewhere():
                self._show_figures(now)
        except USER_ERRORS:
            return  # the meeting was deleted under us; the next reload says so

    def show_questions(self) -> None:
        """Show the newest open name question above the capture area (after each
        change)."""
        self.query_one(NameQuestionLine).show_questions(self.live.questions())

    # ------------------------------------------------------------------ results

    def show_result(self, result: LineResult, *, quiet: bool = False) -> bool:
        """Show what a line or a key's command came to (``quiet``: retried on the tick,
        a database refusing it again says nothing). Returns whether it was done."""
        for earlier in result.earlier:
            self.show_result(earlier)
        if result.earlier:
            self._show_held()
        if result.refused:
            self.notify(result.refused, severity="error")
            return False
        if result.database_error:
            # Nothing was saved; the line is kept and the next Enter tries again.
            if not quiet:
                self.notify(result.database_error, severity="error", timeout=10)
            return False
        error = self.query_one(CaptureMessage)
        if result.error:
            error.show_error(result.error)
            # The error line goes with the next key; the log keeps what it said.
            self.app.remember(result.error, "error")  # type: ignore[attr-defined]
            self.query_one(CaptureLine).add_class("-error")
            return False
        outcome = result.outcome
        assert outcome is not None
        error.show_error(None)
        if result.typed:
            # The capture area let the entry go before calling: the draft saved now is
            # what is left in it, never the entry just stored.
            self._flush_draft(wait=True)
        if result.notice:
            self.notify(result.notice[0], severity=result.notice[1])
        if outcome.approved_meeting_id is not None:
            self.dialog(dialogs.offer_purge(self, outcome.approved_meeting_id))
        if outcome.show_help:
            self.app.action_help()  # type: ignore[attr-defined]
        self.show_outcome(outcome)
        return True

    def show_change(self, change: Changed) -> bool:
        """Say what a pane's change came to and, when made, show the meeting again."""
        if not change.done:
            self.notify(change.refused, severity="error")
            return False
        if change.said:
            self.notify(change.said)
        self.reload()
        return True

    def run_command(self, name: str, rest: str = "", *, item_id: int | None = None) -> bool:
        """Carry out the slash command ``name`` with its arguments ``rest`` for a key or
        a dialog, leaving the capture line as it is; returns whether it was done."""
        return self.show_result(self.live.run_command(name, rest, item_id=item_id))

    def go_to(self, item_id: int) -> None:
        """Make ``item_id`` current, out of order if need be; a deferred item taken
        after all loses its deferral (the repository's rule, as for ``/goto``)."""
        self.show_change(self.live.change(
            lambda: self.repo.meetings.set_current(self.meeting_id, item_id)))

    # ------------------------------------------------------------------ capture line

    def _entered(self, line: str) -> bool:
        """The capture area's Enter, called in turn with the keys (never after keys typed
        behind it): carry the entry out and show what it came to. Returns whether the
        capture area may let the text go."""
        entered = self.live.enter(line)
        for result in entered.results:
            self.show_result(result)
        self._show_held()
        if entered.kept:
            self._flush_draft(wait=True)
        return entered.taken

    def save_unsaved_quietly(self) -> None:
        """Try the unsaved entries again (the clock's tick, each second), saying nothing
        if the database still refuses them: they are saved within a second of it
        taking writes again, even if nothing more is typed."""
        if not self.live.unsaved:
            return
        for result in self.live.save_unsaved():
            self.show_result(result, quiet=True)
        self._show_held()

    def _show_held(self) -> None:
        self.query_one(CaptureMessage).show_held(self.live.held_notice())

    @on(CaptureLine.Changed, "#capture")
    def _typed(self, event: CaptureLine.Changed) -> None:
        self.live.typed(event.text_area.text)

    def _key_typed(self) -> None:
        # A mistake in the last entry is shown until the next key.
        self.query_one(CaptureMessage).show_error(None)
        self.query_one(CaptureLine).remove_class("-error")

    def _capture_text(self) -> str | None:
        """The capture area's text (None while it is being torn down: the draft has
        the last text typed)."""
        try:
            return self.query_one(CaptureLine).value
        except NoMatches:
            return None

    def _flush_draft(self, *, wait: bool = False) -> None:
        """Save the capture line's text as the draft now (``wait``: on this thread)."""
        self.live.save_draft(self._capture_text(), wait=wait)

    def on_draft_not_saved(self, event: DraftNotSaved) -> None:
        self.notify(f"Draft not saved: {event.error}", severity="error")

    # ------------------------------------------------------------------ keys

    def action_focus_capture(self) -> None:
        """Give the capture line the focus."""
        self.query_one(CaptureLine).focus()

    def action_recall(self) -> None:
        """Bring back the last entry refused (else the oldest unsaved) to correct it;
        what the capture area held is kept aside in its place."""
        field = self.query_one(CaptureLine)
        line = self.live.recall(field.value)
        if line is None:
            self.notify("No refused line to bring back.", severity="warning")
            return
        field.value = line
        field.focus()
        self._show_held()

    def action_next_item(self) -> None:
        """The current item is done; go to the next pending item."""
        self.run_command("next")

    def action_prev_item(self) -> None:
        """Back to the item before the current one."""
        self.run_command("prev")

    def action_pause(self) -> None:
        """Pause or resume the current item's timer."""
        self.run_command("pause")

    def action_undo(self) -> None:
        """Undo the last change; the agenda pane then highlights the item the undo
        brought back or changed, not wherever the highlight happened to be."""
        undone = self.live.undo()
        if self.show_result(undone.result):
            self.query_one(AgendaPane).highlight_item(undone.changed_item_id)

    def action_accept_name(self) -> None:
        """Answer the newest open name question with the roster person it offers; when
        it could be two people, the name check lists them to pick from."""
        questions = self.live.questions()
        if not questions:
            self.notify(f"No name to confirm: {key_for(self.app, 'meeting.accept-name')} "
                        "answers \"is it ...?\" above the capture area.", severity="warning")
            return
        newest = questions[-1]
        if len(newest.candidates) != 1:
            self.action_check_names()
            return
        # The name kept as typed is the one roster person offered (one undo step).
        self.show_change(self.live.answer(newest, newest.candidates[0][0]))

    def action_edit_item(self) -> None:
        """Edit the current item."""
        self.query_one(MeetingPanes).edit_item()

    def action_remind_owners(self) -> None:
        """Write the reminders for the owners of the actions the action log item shows:
        those carried from earlier meetings and those raised under it."""
        remind_owners(self, self.repo, self.meeting_id, self.current_item_id)

    def on_reminded(self, event: Reminded) -> None:
        message, severity = reminders_said(event)
        self.notify(message, severity=severity, timeout=10)  # type: ignore[arg-type]

    def action_export(self, full: bool = False) -> None:
        """Export the public minutes (``full``: the confidential file ``csp export --full``
        writes, 0600), after asking about any near-miss names."""
        if self.repo.path is None:
            self.notify("Export needs a database file.", severity="error")
            return
        check_names(self, self.repo, self.meeting_id, self.reload, then_export=True,
                    full=full)

    def action_check_names(self) -> None:
        """The name check on its own."""
        check_names(self, self.repo, self.meeting_id, self.reload, then_export=False)

    def on_exported(self, event: Exported) -> None:
        show_exported(self, event)

    # ------------------------------------------------------------------ transcript

    @property
    def transcript_shown(self) -> bool:
        """Whether the transcript pane is open."""
        return self.has_class("-transcript")

    async def action_transcript(self) -> None:
        """Show or hide the current item's transcript beside its minutes."""
        if not self.transcript_shown:
            await self.query_one(MeetingPanes).transcript()
        self.toggle_class("-transcript")
        if self.transcript_shown:
            self.show_transcript()
            self.query_one("#transcript-cues").focus()
        else:
            self.query_one(CaptureLine).focus()

    def show_transcript(self) -> None:
        """Fill the transcript pane with the current item's cues (only while open)."""
        if self.transcript_shown:
            self.query_one(MeetingPanes).show_transcript(self.current_item_id)

    def on_transcript_pane_cue_chosen(self, event: TranscriptPane.CueChosen) -> None:
        """The cue's words go into the capture line to edit; nothing is minuted yet."""
        line = self.query_one(CaptureLine)
        line.value = event.text
        line.cursor_position = len(event.text)
        line.focus()

    # ------------------------------------------------------------------ dialogs

    def dialog(self, flow: Coroutine[Any, Any, None]) -> None:
        """Run a key's dialog (:mod:`~csp_tui.screens.meeting_dialogs`) as a worker."""
        self.run_worker(flow, group=DIALOG_WORKERS)

    def action_defer(self) -> None:
        """Defer the current item, asking for the reason the minutes give."""
        self.dialog(dialogs.defer(self))

    def action_jump(self) -> None:
        """Go to any item, chosen by number or title."""
        self.dialog(dialogs.jump(self))

    def action_attendance(self) -> None:
        """The attendance screen; the names it adds join the completion."""
        self.dialog(dialogs.attendance(self))

    def action_import_agenda(self) -> None:
        """Append the items of an agenda file to this meeting."""
        self.dialog(dialogs.import_agenda(self))

    def action_import_transcript(self) -> None:
        """Import the meeting's Teams transcript (.vtt or .docx) from a file."""
        self.dialog(dialogs.import_transcript(self))
