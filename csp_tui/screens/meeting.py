"""The live meeting screen: agenda, the current item's minutes, the clock bar and the
capture line. This screen owns every Repository call; its widgets only show what it
gives them and report keys upward with messages."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from csp_tui.domain.agenda import StandardItem, full_number, item_kind
from csp_tui.domain.house_style import Style, StyleError, default_style
from csp_tui.domain.lifecycle import frozen_message
from csp_tui.domain.models import AgendaItem, Meeting, error_message
from csp_tui.domain.restriction import item_restricted, lookup
from csp_tui.domain.text import terminal_safe
from csp_tui.domain.timing import clock_figures
from csp_tui.screens.draft import DraftNotSaved, DraftWriter
from csp_tui.screens.errors import USER_ERRORS
from csp_tui.screens.meeting_capture import CaptureCommands
from csp_tui.screens.meeting_reminders import ReminderCommands
from csp_tui.screens.workers import DIALOG_WORKERS
from csp_tui.storage.repository import Repository
from csp_tui.widgets.agenda import AgendaPane
from csp_tui.widgets.capture import CaptureLine, CaptureMessage, CaptureSuggester
from csp_tui.widgets.clock import ClockBar
from csp_tui.widgets.footer import KeysFooter
from csp_tui.widgets.message_bar import MessageBar
from csp_tui.widgets.minutes import (
    CarriedActions,
    ItemLines,
    LineRef,
    MinutesPane,
    MinutesView,
)
from csp_tui.widgets.name_question import NameQuestionLine

if TYPE_CHECKING:
    from csp_tui.capture.context import Outcome


class MeetingScreen(ReminderCommands, CaptureCommands, Screen[None]):
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
        *CaptureCommands.TRANSCRIPT_BINDINGS,
        # F9 on the Minutes and Action Log item: reminders to the owners of its actions.
        *ReminderCommands.REMINDER_BINDINGS,
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
                            ("Transcript pane (F6)", CaptureCommands.transcript_keys)]

    class Exported(Message):
        """The export worker's result: the path written and the pre-export check's
        warnings, or the error."""

        def __init__(self, path: Path | None, error: str = "",
                     warnings: tuple[str, ...] = ()) -> None:
            super().__init__()
            self.path = path
            self.error = error
            self.warnings = warnings

    def __init__(self, repo: Repository, meeting_id: int, *,
                 autosave: bool = True) -> None:
        super().__init__()
        self.repo = repo
        self.meeting_id = meeting_id
        self._autosave = autosave
        self._completions: tuple[list[str], list[str]] | None = None
        self._draft: DraftWriter | None = None
        self._agenda_signature: tuple = ()
        self._held: list[str] = []
        self._unsaved: list[str] = []
        #: What reload just read, for the current item's watcher to show.
        self._shown: tuple[Meeting, list[AgendaItem]] | None = None
        self._house_style: Style | None = None

    @property
    def house_style(self) -> Style:
        """The board's house style, read once: the item pane prints its lines in it,
        as Word will. One that no longer loads is said, and the default used."""
        if self._house_style is None:
            try:
                self._house_style = self.repo.settings.meeting_style(self.meeting_id)
            except (StyleError, sqlite3.Error) as exc:
                self._house_style = default_style()
                self.notify(f"the board's house style: {exc}; showing the default",
                            severity="warning")
        return self._house_style

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield ClockBar(id="clock")
        # The approved-minutes banner is mounted under it only when needed (reload).
        with Horizontal(id="panes"):
            yield AgendaPane(id="agenda")
            yield MinutesPane(id="minutes")
            # The transcript pane (F6) is mounted here when first shown.
        yield NameQuestionLine(id="name-question")
        # What the app says: a row of its own, never over the panes or the capture area.
        yield MessageBar(id="messages")
        yield CaptureMessage(id="capture-error")
        yield CaptureLine(enter=self._entered, typed=self._key_typed,
                          placeholder="Type the minutes (Enter adds, ctrl+j new line); "
                          "/a OWNER to TASK; F1 help", id="capture")
        yield KeysFooter()

    def on_mount(self) -> None:
        meeting = self.repo.meetings.meeting(self.meeting_id)
        # A read-only database keeps no draft: no error each second while typing.
        self._draft = DraftWriter(self, self.repo, self.meeting_id, meeting.draft,
                                  autosave=self._autosave and not self.repo.read_only)
        capture = self.query_one(CaptureLine)
        capture.value = meeting.draft
        # The suggester comes after the draft is restored: completion starts with the
        # first key typed, not while the first frame is being drawn.
        capture.suggester = CaptureSuggester(lambda: self._completion_lists()[0],
                                             lambda: self._completion_lists()[1])
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
        meeting = self.repo.meetings.meeting(meeting_id)
        if self._draft is not None:
            self._draft.switch(meeting_id, meeting.draft)
        self.meeting_id = meeting_id
        self._completions = None
        self.query_one(CaptureMessage).show_error(None)
        # Kept in the old meeting's draft (switch flushed it).
        self._held, self._unsaved = [], []
        self._show_held()
        capture = self.query_one(CaptureLine)
        capture.remove_class("-error")
        capture.value = meeting.draft
        self.reload()

    def on_unmount(self) -> None:
        if self._draft is not None:
            self._draft.flush(self._capture_text(), wait=True)
            self._draft.close()

    def _forget_completions(self) -> None:
        """Forget the completion names and phrases: they have changed."""
        self._completions = None

    def _completion_lists(self) -> tuple[list[str], list[str]]:
        # Read when the first completion is wanted, not while the first frame is drawn.
        if self._completions is None:
            from csp_tui.capture.completion import completion_names
            from csp_tui.domain.phrases import all_phrases

            self._completions = (completion_names(self.repo, self.meeting_id),
                                 all_phrases(self.repo, self.house_style))
        return self._completions

    # ------------------------------------------------------------------ showing

    def reload(self) -> None:
        """Re-read the meeting and show it: after every change."""
        meeting = self.repo.meetings.meeting(self.meeting_id)
        now = self.repo.clock()
        items = self.repo.meetings.items(self.meeting_id)
        agenda = self.query_one(AgendaPane)
        board = meeting.board_name
        if len(board) > 16:
            board = "".join(w[0] for w in board.split() if w[:1].isupper())
        agenda.border_title = Content(
            f"{terminal_safe(board)} · {meeting.date:%d %b %Y} · {meeting.state.value}")
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
        agenda.now = now
        agenda.items = items
        agenda.current_item_id = meeting.current_item_id
        self._agenda_signature = self._signature(items, now)
        if self.current_item_id != meeting.current_item_id:
            self._shown = (meeting, items)  # the watcher shows them without re-reading
            self.current_item_id = meeting.current_item_id
            agenda.highlight_item(meeting.current_item_id)
        else:
            self._show_minutes(meeting, items)
        self._shown = None
        self.query_one(ClockBar).figures = clock_figures(self.repo, self.meeting_id, now)
        self.show_questions()

    def watch_current_item_id(self) -> None:
        self._show_minutes(*(self._shown or (None, None)))

    def _show_minutes(self, meeting: Meeting | None = None,
                      items: list[AgendaItem] | None = None) -> None:
        """Show the current item's minutes; ``meeting`` and ``items`` as just read by
        :meth:`reload` (each read again otherwise). Reads only what the item shows:
        its lines a page at a time by the item's indexes (the pane asks for each page),
        not the whole meeting's, nor the whole of a long item."""
        pane = self.query_one(MinutesPane)
        if self.current_item_id is None:
            pane.view = None
            pane.border_title = "No current item: PgDn starts the meeting"
            return
        meeting = meeting or self.repo.meetings.meeting(self.meeting_id)
        items = items if items is not None else self.repo.meetings.items(self.meeting_id)
        item_of = lookup(items)
        item = item_of(self.current_item_id) or self.repo.meetings.item(self.current_item_id)
        people = self.repo.people.people(meeting.board_id) if meeting.board_id else []
        kind = item_kind(item.title, item.parent_id)
        carried = (CarriedActions(self.repo.minutes.carried_actions, self.meeting_id)
                   if kind is StandardItem.ACTION_LOG else None)
        forward = (self.repo.meetings.forward_plan(self.meeting_id)
                   if kind is StandardItem.FORWARD_PLAN else None)
        block = (meeting.next_meeting_lines(self.house_style)
                 if kind is StandardItem.NEXT_MEETING else [])
        style = self.house_style
        pane.view = MinutesView(item=item,
                                lines=ItemLines(self.repo.minutes.item_lines, item.id or 0),
                                carried=carried, forward=forward,
                                names={p.id: p.name for p in people if p.id},
                                restricted=item_restricted(item, item_of), next_meeting=block,
                                state=meeting.state, style=style,
                                minute=self.repo.committee.item_minute(self.meeting_id,
                                                                       item.id or 0,
                                                                       style),
                                resolutions=self.repo.committee.resolution_count(item.id or 0,
                                                                                 style))
        parent = item_of(item.parent_id) if item.parent_id else None
        number = full_number(parent.number, item.number) if parent else item.number
        pane.border_title = f"Item {number}: {item.state.value}"
        self.show_transcript()

    def show_outcome(self, outcome: Outcome) -> None:
        """Show what a line carried out changed, and the line it added, if any, in
        view (the note taker sees what was minuted, however long the item)."""
        if not self._show_added(outcome):
            self.reload()  # anything but one line added: everything may have changed
        if outcome.added is not None and outcome.added.item_id == self.current_item_id:
            self.query_one(MinutesPane).reveal(LineRef.of(outcome.added).option_id)

    def _show_added(self, outcome: Outcome) -> bool:
        """After a line that did nothing but add one line to the current item (an
        Enter's usual case): that line appended to the item pane and the figures
        brought up to date, the item not read again. False when anything else may have
        changed (a move, the agenda, attendance, the roster...): the caller reloads."""
        line = outcome.added
        if (line is None or outcome.moved or outcome.changed_agenda
                or outcome.attendance_changed or outcome.roster_changed
                or outcome.approved_meeting_id is not None
                or line.item_id != self.current_item_id
                or not self.query_one(MinutesPane).append_line(line)):
            return False
        self._show_figures(self.repo.clock())
        self.show_transcript()
        return True

    def _show_figures(self, now: dt.datetime) -> None:
        """The clock bar's figures, and the agenda's spent minutes when one changed."""
        self.query_one(ClockBar).figures = clock_figures(self.repo, self.meeting_id, now)
        items = self.repo.meetings.items(self.meeting_id)
        signature = self._signature(items, now)
        if signature != self._agenda_signature:
            # Only when a spent-minutes figure changes: no needless repaint per second.
            self._agenda_signature = signature
            agenda = self.query_one(AgendaPane)
            agenda.now = now
            agenda.items = items

    @staticmethod
    def _signature(items: list[AgendaItem], now: dt.datetime) -> tuple:
        return tuple((i.id, i.state, round(i.spent_seconds(now) / 60)) for i in items)

    def show_changes_elsewhere(self) -> bool:
        """Show the meeting again if another program (``csp actions done``, an import,
        another window) has committed since the last look; the timer asks every second.
        Returns whether it did."""
        if not self.repo.changed_elsewhere():
            return False
        self._forget_completions()
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

    # ------------------------------------------------------------------ capture line

    @on(CaptureLine.Changed, "#capture")
    def _typed(self, event: CaptureLine.Changed) -> None:
        if self._draft is not None:
            self._draft.typed(self._draft_text(event.text_area.text))

    def _key_typed(self) -> None:
        # A mistake in the last entry is shown until the next key.
        self.query_one(CaptureMessage).show_error(None)
        self.query_one(CaptureLine).remove_class("-error")

    def _capture_text(self) -> str | None:
        """What the draft keeps: the lines held aside, then the capture area's text."""
        try:
            text = self.query_one(CaptureLine).value
        except NoMatches:
            return None  # being torn down: the writer has the last text typed
        return self._draft_text(text)

    def _flush_draft(self, *, wait: bool = False) -> None:
        """Save the capture line's text as the draft now (``wait``: on this thread)."""
        if self._draft is not None:
            self._draft.flush(self._capture_text(), wait=wait)

    def on_draft_not_saved(self, event: DraftNotSaved) -> None:
        self.notify(f"Draft not saved: {event.error}", severity="error")

    # ------------------------------------------------------------------ keys

    def action_focus_capture(self) -> None:
        """Give the capture line the focus."""
        self.query_one(CaptureLine).focus()

    @work(group=DIALOG_WORKERS)
    async def action_jump(self) -> None:
        """Go to any item, chosen by number or title."""
        from csp_tui.screens.jump import JumpScreen

        item_id = await self.app.push_screen_wait(
            JumpScreen(self.repo.meetings.items(self.meeting_id)))
        if item_id is not None:
            self.go_to(item_id)

    @work(group=DIALOG_WORKERS)
    async def action_attendance(self) -> None:
        """The attendance screen; the names it adds join the completion."""
        from csp_tui.screens.attendance import AttendanceScreen

        await self.app.push_screen_wait(AttendanceScreen(self.repo, self.meeting_id))
        self._forget_completions()
        self.reload()

    @work(group=DIALOG_WORKERS)
    async def action_import_agenda(self) -> None:
        """Append the items of an agenda file to this meeting."""
        from csp_tui.screens.import_agenda import ImportAgendaScreen

        if self.repo.path is None:
            self.notify("Import needs a database file.", severity="error")
            return
        done = await self.app.push_screen_wait(
            ImportAgendaScreen(self.repo.path, self.meeting_id))
        if done is not None:
            note = f" Warning: {done[1]}." if done[1] else ""
            self.notify(f"Imported {done[0]} agenda items (ctrl+z undoes).{note}",
                        severity="warning" if note else "information")
            self.reload()

    def action_export(self, full: bool = False) -> None:
        """Export the public minutes (``full``: the confidential file ``csp export --full``
        writes, 0600), after asking about any near-miss names."""
        if self.repo.path is None:
            self.notify("Export needs a database file.", severity="error")
            return
        self._check_names(then_export=True, full=full)

    def action_check_names(self) -> None:
        """The name check on its own."""
        self._check_names(then_export=False)

    def _check_names(self, *, then_export: bool, full: bool = False) -> None:
        from csp_tui.services.name_check import NameIssue, find_name_issues

        issues: list[NameIssue] = find_name_issues(self.repo.record(self.meeting_id),
                                                   self.repo.people.accepted_names(self.meeting_id))
        if issues or self.repo.names.name_questions(self.meeting_id):
            self._ask_about_names(issues, then_export=then_export, full=full)
        elif then_export:
            self._start_export(full)
        else:
            self.notify("No names to check: every name matches the roster.")

    @work(group=DIALOG_WORKERS)
    async def _ask_about_names(self, issues: list, *, then_export: bool,
                               full: bool = False) -> None:
        from csp_tui.screens.name_check import NameCheckScreen

        check = NameCheckScreen(self.repo, self.meeting_id, issues)
        all_decided = await self.app.push_screen_wait(check)
        self.reload()
        if not then_export:
            return
        if all_decided:
            self._start_export(full)
        else:
            left = check.left
            self.notify(f"Not exported: {left} name{'s' if left != 1 else ''} still to "
                        "check (c corrects, a accepts as written).", severity="warning")

    def _start_export(self, full: bool = False) -> None:
        assert self.repo.path is not None
        # Said on the capture area's edge until the result comes: no toast to stack.
        self.query_one(CaptureLine).border_subtitle = (
            f"exporting the {'full (RESTRICTED) ' if full else ''}minutes…")
        self._export(self.repo.path, full)

    @work(thread=True, exclusive=True, group="export")
    def _export(self, db_path: Path, full: bool) -> None:
        # Blocking work on a connection of its own; python-docx is imported only here.
        try:
            from csp_tui.exporters.export import export_meeting
            from csp_tui.storage.repository import Repository as Repo

            # A connection of its own; the file was checked (header, schema, integrity)
            # when the app opened it, so no second quick_check on a big file.
            with Repo.open(db_path, checked=True) as repo:
                # The public minutes (restricted items withheld), or with ``full`` the
                # private file `csp export --full` writes, under the same default name,
                # in the folder csp was started from. Names were asked about already.
                result = export_meeting(repo, self.meeting_id, full=full, name_check=False)
        except Exception as exc:  # noqa: BLE001 - any failure is one line to the user
            self.post_message(self.Exported(None, error_message(exc)))
        else:
            self.post_message(self.Exported(Path(result.path),
                                            warnings=tuple(result.warnings)))

    def on_meeting_screen_exported(self, event: Exported) -> None:
        from csp_tui.screens.export_result import export_message

        self.query_one(CaptureLine).border_subtitle = ""
        # One message, the result and how many warnings: a toast per warning would run
        # past the space notifications have, over the capture area at 80x24.
        message, severity, timeout = export_message(event.path, event.error, event.warnings)
        self.notify(message, severity=severity, timeout=timeout)
