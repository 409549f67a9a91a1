"""The live meeting screen: agenda, the current item's minutes, the clock bar and the
capture line. This screen owns every Repository call; its widgets only show what it
gives them and report keys upward with messages."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.css.query import NoMatches
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input

from csp_tui.domain.agenda import StandardItem, item_kind
from csp_tui.domain.models import Action, AgendaItem, ItemState, error_message
from csp_tui.domain.phrases import all_phrases
from csp_tui.domain.restriction import item_restricted
from csp_tui.domain.timing import clock_figures
from csp_tui.storage import Repository, StorageError
from csp_tui.widgets.agenda import AgendaPane
from csp_tui.widgets.capture import CaptureLine, CaptureMessage, CaptureSuggester
from csp_tui.widgets.clock import ClockBar
from csp_tui.widgets.footer import KeysFooter
from csp_tui.widgets.minutes import MinutesPane, MinutesView

#: Errors a user can cause; shown as a notification, never a traceback.
USER_ERRORS = (ValueError, LookupError, StorageError)


class MeetingScreen(Screen[None]):
    """Walk the agenda with per-item timers and capture the minutes."""

    # Its rules, in meeting.tcss, are loaded by the app (CspApp.CSS_PATH).
    AUTO_FOCUS = "#capture"
    # Priority bindings work while the capture line has the focus, so they use keys
    # the line does not need for typing (ctrl, function and page keys).
    BINDINGS = [
        Binding("escape", "focus_capture", "Capture", priority=True),
        Binding("pagedown", "next_item", "Next item", priority=True),
        Binding("pageup", "prev_item", "Prev item", priority=True),
        Binding("ctrl+g", "jump", "Jump", priority=True),
        Binding("ctrl+d", "defer", "Defer", priority=True),
        Binding("ctrl+t", "pause", "Pause timer", priority=True),
        Binding("ctrl+z", "undo", "Undo", priority=True),
        Binding("ctrl+e", "export", "Export", priority=True),
        Binding("f2", "attendance", "Attendance", priority=True),
        Binding("a", "attendance", "Attendance", show=False),
        Binding("f3", "edit_item", "Edit item", priority=True),
        Binding("f4", "import_agenda", "Import agenda", priority=True),
        Binding("f5", "check_names", "Check names", priority=True),
    ]

    current_item_id: reactive[int | None] = reactive(None, init=False)

    class Exported(Message):
        """The export worker's result: the path written, or the error."""

        def __init__(self, path: Path | None, error: str = "") -> None:
            super().__init__()
            self.path = path
            self.error = error

    def __init__(self, repo: Repository, meeting_id: int, *,
                 clock: Callable[[], dt.datetime] | None = None) -> None:
        super().__init__()
        self.repo = repo
        self.meeting_id = meeting_id
        self.clock = clock or repo.clock
        self._completions: tuple[list[str], list[str]] | None = None
        self._saved_draft = ""
        self._pending_draft = ""
        self._draft_timer: Timer | None = None
        self._draft_lock = threading.Lock()
        # Drafts are written on a connection of their own, from a worker thread.
        self._draft_repo: Repository | None = None
        if repo.path is not None:
            self._draft_repo = Repository.open(repo.path, checked=True)
        self._agenda_signature: tuple = ()

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield ClockBar(id="clock")
        with Horizontal(id="panes"):
            yield AgendaPane(id="agenda")
            yield MinutesPane(id="minutes")
        yield CaptureMessage(id="capture-error")
        line = CaptureLine(placeholder="Type the minutes; /action OWNER to TASK; F1 help",
                           id="capture", select_on_focus=False)
        line.cursor_blink = getattr(self.app, "cursor_blink_enabled", True)
        yield line
        yield KeysFooter()

    def on_mount(self) -> None:
        meeting = self.repo.meeting(self.meeting_id)
        self._saved_draft = meeting.draft
        capture = self.query_one(CaptureLine)
        capture.value = meeting.draft
        capture.cursor_position = len(meeting.draft)
        # The suggester comes after the draft is restored: completion starts with the
        # first key typed, not while the first frame is being drawn.
        capture.suggester = CaptureSuggester(lambda: self._completion_lists()[0],
                                             lambda: self._completion_lists()[1])
        self.reload()
        # Figures come from stored timestamps each second; the tick only repaints.
        self.set_interval(1, self._tick)

    def show_meeting(self, meeting_id: int) -> None:
        """Show another meeting here, its own draft in the capture line (the app's bottom
        screen is reused rather than replaced)."""
        self._flush_draft(wait=True)
        meeting = self.repo.meeting(meeting_id)
        with self._draft_lock:
            # Under the lock, so that a draft write still queued for the old meeting
            # finds nothing to write rather than writing into this one.
            self.meeting_id = meeting_id
            self._saved_draft = self._pending_draft = meeting.draft
        self._completions = None
        self.query_one(CaptureMessage).show_error(None)
        capture = self.query_one(CaptureLine)
        capture.remove_class("-error")
        capture.value = meeting.draft
        capture.cursor_position = len(meeting.draft)
        self.reload()

    def on_unmount(self) -> None:
        self._flush_draft(wait=True)
        if self._draft_repo is not None:
            with self._draft_lock:
                self._draft_repo.close()
                self._draft_repo = None

    def _forget_completions(self) -> None:
        """Forget the completion names and phrases: they have changed."""
        self._completions = None

    def _completion_lists(self) -> tuple[list[str], list[str]]:
        # Read when the first completion is wanted, not while the first frame is drawn.
        if self._completions is None:
            from csp_tui.capture.completion import completion_names

            self._completions = (completion_names(self.repo, self.meeting_id),
                                 all_phrases(self.repo))
        return self._completions

    # ------------------------------------------------------------------ showing

    def reload(self) -> None:
        """Re-read the meeting and show it: after every change."""
        meeting = self.repo.meeting(self.meeting_id)
        now = self.clock()
        items = self.repo.items(self.meeting_id)
        agenda = self.query_one(AgendaPane)
        board = meeting.board_name
        if len(board) > 16:
            board = "".join(w[0] for w in board.split() if w[:1].isupper())
        agenda.border_title = f"{board} · {meeting.date:%d %b %Y} · {meeting.state.value}"
        agenda.now = now
        agenda.items = items
        agenda.current_item_id = meeting.current_item_id
        self._agenda_signature = self._signature(items, now)
        if self.current_item_id != meeting.current_item_id:
            self.current_item_id = meeting.current_item_id
            agenda.highlight_item(meeting.current_item_id)
        else:
            self._show_minutes()
        self.query_one(ClockBar).figures = clock_figures(self.repo, self.meeting_id, now)

    def watch_current_item_id(self) -> None:
        self._show_minutes()

    def _show_minutes(self) -> None:
        pane = self.query_one(MinutesPane)
        if self.current_item_id is None:
            pane.view = None
            pane.border_title = "No current item: PgDn starts the meeting"
            return
        item = self.repo.item(self.current_item_id)
        meeting = self.repo.meeting(self.meeting_id)
        people = self.repo.people(meeting.board_id) if meeting.board_id else []
        actions = [a for a in self.repo.actions(self.meeting_id) if a.item_id == item.id]
        kind = item_kind(item.title, item.parent_id)
        carried = (self.repo.carried_actions(self.meeting_id)
                   if kind is StandardItem.ACTION_LOG else None)
        forward = (self.repo.forward_plan(self.meeting_id)
                   if kind is StandardItem.FORWARD_PLAN else None)
        pane.view = MinutesView(item=item, entries=self.repo.entries(item.id or 0),
                                actions=actions, carried=carried, forward=forward,
                                names={p.id: p.name for p in people if p.id},
                                restricted=item_restricted(item, self.repo.item))
        pane.border_title = f"Item {item.number}: {item.state.value}"

    @staticmethod
    def _signature(items: list[AgendaItem], now: dt.datetime) -> tuple:
        return tuple((i.id, i.state, round(i.spent_seconds(now) / 60)) for i in items)

    def _tick(self) -> None:
        now = self.clock()
        try:
            self.query_one(ClockBar).figures = clock_figures(self.repo, self.meeting_id, now)
            items = self.repo.items(self.meeting_id)
        except USER_ERRORS:
            return  # the meeting was deleted under us; the next reload says so
        signature = self._signature(items, now)
        if signature != self._agenda_signature:
            # Only when a spent-minutes figure changes: no needless repaint per second.
            self._agenda_signature = signature
            agenda = self.query_one(AgendaPane)
            agenda.now = now
            agenda.items = items

    # ------------------------------------------------------------------ capture line

    @on(Input.Changed, "#capture")
    def _typed(self, event: Input.Changed) -> None:
        self.query_one(CaptureLine).remove_class("-error")
        if not getattr(self.app, "autosave", True):
            return
        # Kept here as well as in the line: when the app quits, the line may be gone
        # before this screen's unmount writes the last draft.
        self._pending_draft = event.value
        # Throttle, not debounce: at most one write a second while typing, and the last
        # keystroke is saved at most one second after it was typed.
        if self._draft_timer is None:
            self._draft_timer = self.set_timer(1.0, self._flush_draft)

    def _flush_draft(self, *, wait: bool = False) -> None:
        """Save the capture line's text as the draft: off the UI thread while typing
        (a commit waits for the disk), on it when ``wait`` (Enter, leaving)."""
        self._draft_timer = None
        try:
            self._pending_draft = self.query_one(CaptureLine).value
        except NoMatches:
            pass  # being torn down: the last text typed is in _pending_draft (_typed)
        if self._pending_draft == self._saved_draft:
            return
        if wait or self._draft_repo is None:
            self._write_draft()
        else:
            self._write_draft_in_thread()

    @work(thread=True, group="draft")
    def _write_draft_in_thread(self) -> None:
        self._write_draft()

    def _write_draft(self) -> None:
        # Under the lock, each write takes the newest text: a late thread can never
        # put an older draft back over a newer one.
        with self._draft_lock:
            text = self._pending_draft
            if text == self._saved_draft:
                return
            try:
                (self._draft_repo or self.repo).save_draft(self.meeting_id, text)
            except USER_ERRORS as exc:
                message = f"Draft not saved: {error_message(exc)}"
                if threading.current_thread() is threading.main_thread():
                    self.notify(message, severity="error")
                else:
                    self.app.call_from_thread(self.notify, message, severity="error")
                return
            self._saved_draft = text

    @on(Input.Submitted, "#capture")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        line = event.value
        if not line.strip():
            return
        self.run_line(line)

    def run_line(self, line: str, *, clear: bool = True) -> bool:
        """Parse and execute one capture line; on error show it inline and keep the
        text. Returns True when it worked."""
        from csp_tui.capture.handlers import run

        error = self.query_one(CaptureMessage)
        field = self.query_one(CaptureLine)
        try:
            outcome = run(self.repo, self.meeting_id, line)
        except USER_ERRORS as exc:
            error.show_error(error_message(exc))
            field.add_class("-error")
            return False
        error.show_error(None)
        if clear:
            field.value = ""
            self._flush_draft(wait=True)
        if outcome.message and (outcome.severity != "information" or not outcome.quiet):
            self.notify(outcome.message, severity=outcome.severity)
        if outcome.show_help:
            self.app.action_help()  # type: ignore[attr-defined]
        if outcome.completions_changed:
            self._forget_completions()
        self.reload()
        return True

    # ------------------------------------------------------------------ keys

    def _command(self, line: str) -> None:
        """Run a slash command for a key, leaving the capture line as it is."""
        self.run_line(line, clear=False)

    def action_focus_capture(self) -> None:
        self.query_one(CaptureLine).focus()

    def action_next_item(self) -> None:
        self._command("/next")

    def action_prev_item(self) -> None:
        self._command("/prev")

    def action_pause(self) -> None:
        self._command("/pause")

    def action_undo(self) -> None:
        self._command("/undo")

    def _do(self, what: Callable[[], Any], done: str = "") -> bool:
        """Run one repository change; a user error becomes a notification."""
        try:
            what()
        except USER_ERRORS as exc:
            self.notify(error_message(exc), severity="error")
            return False
        if done:
            self.notify(done)
        self.reload()
        return True

    def action_defer(self) -> None:
        from csp_tui.screens.prompt import PromptScreen

        if self.current_item_id is None:
            self.notify("No current item to defer.", severity="warning")
            return

        def reason(text: str | None) -> None:
            if text:
                self._command(f"/defer {text}")

        self.app.push_screen(PromptScreen(
            "Defer the current item: reason, as the minutes will say it",
            placeholder="Item deferred to the December 2021 board."), reason)

    def action_jump(self) -> None:
        from csp_tui.screens.jump import JumpScreen

        def chosen(item_id: int | None) -> None:
            if item_id is not None:
                self.go_to(item_id)

        self.app.push_screen(JumpScreen(self.repo.items(self.meeting_id)), chosen)

    def action_attendance(self) -> None:
        try:
            from csp_tui.screens.attendance import AttendanceScreen
        except ImportError:
            self.notify("The attendance screen is not available.", severity="warning")
            return
        self.app.push_screen(AttendanceScreen(self.repo, self.meeting_id),
                             lambda _=None: (self._forget_completions(), self.reload()))

    def action_edit_item(self, item_id: int | None = None) -> None:
        from csp_tui.screens.item_edit import ItemEditScreen

        item_id = item_id or self.current_item_id
        if item_id is None:
            self.notify("No item to edit.", severity="warning")
            return

        def edited(item: AgendaItem | None) -> None:
            if item is not None:
                self._do(lambda: self.repo.update_item(item))

        self.app.push_screen(ItemEditScreen(self.repo.item(item_id)), edited)

    def action_import_agenda(self) -> None:
        from csp_tui.screens.import_agenda import ImportAgendaScreen

        if self.repo.path is None:
            self.notify("Import needs a database file.", severity="error")
            return

        def imported(count: int | None) -> None:
            if count is not None:
                self.notify(f"Imported {count} agenda items (ctrl+z undoes).")
                self.reload()

        self.app.push_screen(ImportAgendaScreen(self.repo.path, self.meeting_id), imported)

    def action_export(self) -> None:
        """Export the public minutes, after asking about any near-miss names."""
        if self.repo.path is None:
            self.notify("Export needs a database file.", severity="error")
            return
        self._check_names(then_export=True)

    def action_check_names(self) -> None:
        self._check_names(then_export=False)

    def _check_names(self, *, then_export: bool) -> None:
        from csp_tui.screens.name_check import NameCheckScreen
        from csp_tui.services.name_check import find_name_issues

        issues = find_name_issues(self.repo.record(self.meeting_id),
                                  self.repo.accepted_names(self.meeting_id))
        if not issues:
            if then_export:
                self._start_export()
            else:
                self.notify("No names to check: every name matches the roster.")
            return
        check = NameCheckScreen(self.repo, self.meeting_id, issues)

        def decided(all_decided: bool | None) -> None:
            self.reload()
            if not then_export:
                return
            if all_decided:
                self._start_export()
            else:
                left = len(check.issues)
                self.notify(f"Not exported: {left} name{'s' if left != 1 else ''} still to "
                            "check (c corrects, a accepts as written).", severity="warning")

        self.app.push_screen(check, decided)

    def _start_export(self) -> None:
        assert self.repo.path is not None
        self.notify("Exporting the minutes…")
        self._export(self.repo.path)

    @work(thread=True, exclusive=True, group="export")
    def _export(self, db_path: Path) -> None:
        # Blocking work on a connection of its own; python-docx is imported only here.
        try:
            from csp_tui.exporters.export import export_meeting
            from csp_tui.storage import Repository as Repo

            # A connection of its own; the file was checked (header, schema, integrity)
            # when the app opened it, so no second quick_check on a big file.
            with Repo.open(db_path, checked=True) as repo:
                # The public minutes (restricted items withheld), under the same default
                # name `csp export` uses, in the folder csp was started from.
                # Names were asked about before the export started.
                result = export_meeting(repo, self.meeting_id, name_check=False)
            path = result.path
            for warning in result.warnings:
                self.app.call_from_thread(self.notify, warning, severity="warning",
                                          timeout=8)
        except Exception as exc:  # noqa: BLE001 - any failure is one line to the user
            self.post_message(self.Exported(None, error_message(exc)))
        else:
            self.post_message(self.Exported(Path(path)))

    def on_meeting_screen_exported(self, event: Exported) -> None:
        if event.path is None:
            self.notify(f"Export failed: {event.error}", severity="error", timeout=10)
        else:
            self.notify(f"Minutes written to {event.path}", timeout=10)

    # ------------------------------------------------------------------ pane messages

    def go_to(self, item_id: int) -> None:
        """Make ``item_id`` current, out of order if need be; a deferred item taken
        after all loses its deferral, as ``/goto`` does."""
        def go() -> None:
            with self.repo.transaction("go to an item"):
                if self.repo.item(item_id).state is ItemState.DEFERRED:
                    self.repo.reopen_item(item_id)
                self.repo.set_current(self.meeting_id, item_id)

        self._do(go)

    def on_agenda_pane_item_chosen(self, event: AgendaPane.ItemChosen) -> None:
        self.go_to(event.item_id)

    def on_agenda_pane_item_command(self, event: AgendaPane.ItemCommand) -> None:
        from csp_tui.screens.prompt import PromptScreen

        item_id = event.item_id
        items = self.repo.items(self.meeting_id)
        item = next((i for i in items if i.id == item_id), None)
        top_id = (item.parent_id or item.id) if item else None
        match event.command:
            case "edit":
                self.action_edit_item(item_id)
            case "add" | "add_sub":
                sub = event.command == "add_sub"
                if sub and top_id is None:
                    self.notify("Highlight the item to add a sub-item to.", severity="warning")
                    return

                def add(title: str | None) -> None:
                    added: list[AgendaItem] = []
                    if title and self._do(lambda: added.append(self.repo.add_item(
                            self.meeting_id, AgendaItem(title=title),
                            parent_id=top_id if sub else None,
                            after_id=item_id if sub else top_id))):
                        self.query_one(AgendaPane).highlight_item(added[0].id)

                self.app.push_screen(PromptScreen(
                    "New sub-item: title" if sub else "New item: title"), add)
            case "remove" if item is not None:
                from csp_tui.screens.confirm import ConfirmScreen

                def answered(yes: bool | None) -> None:
                    if yes and item_id is not None:
                        self._do(lambda: self.repo.delete_item(item_id),
                                 "Item removed (ctrl+z undoes).")

                self.app.push_screen(ConfirmScreen(
                    f"Remove item {item.number} {item.title} with its minutes?"), answered)
            case "move" if item_id is not None:
                self._do(lambda: self.repo.move_item(item_id, event.delta))
            case "reopen" if item_id is not None:
                self._do(lambda: self.repo.reopen_item(item_id), "Item reopened.")

    def on_minutes_pane_line_command(self, event: MinutesPane.LineCommand) -> None:
        kind, _, raw = event.ref.partition(":")
        row_id = int(raw)
        pane = self.query_one(MinutesPane)
        match (event.command, kind):
            case ("edit", "entry"):
                self._edit_entry(row_id)
            case ("edit" | "update", "action" | "carried"):
                self._update_action(self.repo.action(row_id))
            case ("delete", "entry"):
                self._do(lambda: self.repo.delete_entry(row_id), "Line deleted (ctrl+z undoes).")
            case ("delete", "action"):
                self._do(lambda: self.repo.delete_action(row_id),
                         "Action deleted (ctrl+z undoes).")
            case ("move", "entry" | "action"):
                table = "entries" if kind == "entry" else "actions"
                if self._do(lambda: self.repo.move_line(table, row_id, event.delta)):
                    pane.select_ref(event.ref)
            case ("complete", "action" | "carried"):
                self._do(lambda: self.repo.complete_action(row_id), "Action completed.")
            case _:
                self.notify("Not for this line: c or u update an action.", severity="warning")

    def _edit_entry(self, entry_id: int) -> None:
        from csp_tui.screens.prompt import PromptScreen

        entry = next((e for e in self.repo.entries(self.current_item_id or 0)
                      if e.id == entry_id), None)
        if entry is None:
            return

        def edited(text: str | None) -> None:
            if text and text != entry.text:
                self._do(lambda: self.repo.update_entry(entry.model_copy(update={"text": text})))
                self.query_one(MinutesPane).select_ref(f"entry:{entry_id}")

        self.app.push_screen(PromptScreen(f"Edit {entry.kind.value}", entry.text), edited)

    def _update_action(self, action: Action) -> None:
        from csp_tui.screens.action_update import ActionChange, ActionUpdateScreen

        def changed(change: ActionChange | None) -> None:
            if change is None or action.id is None:
                return
            owner_ids = None
            if change.owner != action.owner:
                owner_ids = self._resolve_owners(change.owner)
            self._do(lambda: self.repo.update_action(
                action.id, status=change.status, due=change.due, owner=change.owner,
                owner_ids=owner_ids, task=change.task, note=change.note), "Action updated.")

        self.app.push_screen(ActionUpdateScreen(action), changed)

    def _resolve_owners(self, owner: str) -> list[int]:
        """The roster people named in an owner, by the capture line's rule."""
        from csp_tui.domain.attendance import attending_ids
        from csp_tui.domain.names import person_ids, resolve_names

        meeting = self.repo.meeting(self.meeting_id)
        if meeting.board_id is None:
            return []
        return person_ids(resolve_names(owner, self.repo.people(meeting.board_id),
                                        attending_ids(self.repo.attendance(self.meeting_id))))
