"""The Textual app: opens the live (or latest) meeting at its current item."""

from __future__ import annotations

import gc
from dataclasses import dataclass
from typing import ClassVar

from textual import events, on
from textual.app import App
from textual.binding import Binding, BindingType
from textual.notifications import Notify, SeverityLevel
from textual.screen import Screen
from textual.widgets import Input

from csp_tui.domain.text import drop_controls, terminal_safe
from csp_tui.domain.wording import wrap
from csp_tui.screens.meeting import MeetingScreen
from csp_tui.services.settings import Settings, SettingsError, load_settings
from csp_tui.storage.connection import DatabaseDamaged, is_damage
from csp_tui.storage.meeting_lock import LockUnavailable, MeetingBusy, MeetingLock
from csp_tui.storage.repository import Repository
from csp_tui.widgets.capture import CaptureLine
from csp_tui.widgets.message_bar import MessageBar, Said

#: A toast (over a dialog or a screen without a message bar) is as wide as the screen
#: less these columns: its coloured edge, its padding and the rack's margin.
TOAST_EDGES = 6


@dataclass
class UiSettings:
    """Behaviour a note taker never changes but the tests and benchmarks hold still or
    switch off, on the app they build (:attr:`CspApp.settings`) before it runs."""

    #: Text cursors blink; the snapshot tests turn it off so every screenshot compares.
    cursor_blink: bool = True
    #: The capture line's text is saved as a draft while typing; bench_typing measures
    #: what that costs by comparing a run with it off.
    autosave: bool = True


class CspApp(App[None]):
    """Take a board's minutes live.

    The current time is the repository's (``repo.clock``: a test freezes it by opening
    the repository with a frozen clock). :attr:`settings` holds the switches the tests
    and benchmarks set on the app they build, before it runs.
    """

    # The meeting screen's rules load with the app's: it is the default screen, and
    # Textual loads a CSS_PATH of its own only for screens pushed later.
    CSS_PATH: ClassVar = ["app.tcss", "screens/meeting.tcss"]
    TITLE = "csp minutes"
    COMMANDS: ClassVar = App.COMMANDS | {lambda: _csp_commands()}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help", priority=True, id="app.help"),
        Binding("question_mark", "help", "Help", show=False, id="app.help-alt"),
        Binding("ctrl+o", "meetings", "Meetings", priority=True, id="app.meetings"),
        Binding("ctrl+l", "messages", "Messages", priority=True, id="app.messages"),
        Binding("ctrl+q", "quit", "Quit", priority=True, id="app.quit"),
    ]

    def __init__(self, repo: Repository, meeting_id: int | None = None) -> None:
        super().__init__()
        self.repo = repo
        self.meeting_id = meeting_id
        self.settings = UiSettings()
        # One writer per meeting: the lock on the meeting shown (None: none held).
        self._meeting_lock: MeetingLock | None = None
        self._refused: str | None = None
        # Why the meeting shown is read-only (its lock could not be taken), if it is.
        self._read_only_why: str | None = None
        #: The damaged database the app ended on, if it did (raised by :func:`run`).
        self.damage: Exception | None = None
        #: What the app has said, oldest first (the message log, ctrl+l).
        self.messages: list[Said] = []
        #: The user's settings file (keys, default board, style, language); a bad entry
        #: is said once the app is up, and the app runs on the defaults.
        self.user_settings = Settings()
        self._settings_problem: str | None = None
        try:
            self.user_settings = load_settings(binding_ids=self._binding_ids)
        except SettingsError as exc:
            self._settings_problem = f"{exc}; the default keys and settings are in use."
        # Textual puts the user's keys in place of a binding's own (by its id) wherever
        # the binding is in force: the footer, the keys and the capture area's keys.
        self.set_keymap(self.user_settings.keymap)

    def _binding_ids(self) -> set[str]:
        # Seam: the keymap loads every screen; only a settings file with a keymap asks.
        from csp_tui.keymap import binding_ids

        return binding_ids(type(self))

    @property
    def keymap(self) -> dict[str, str]:
        """The user's keys by binding id (their settings file): what the help, the
        palette and the capture area show and take in place of a binding's own."""
        return dict(self.user_settings.keymap)

    async def _check_bindings(self, key: str, priority: bool = False) -> bool:
        # The app runs a priority binding (PgDn, ctrl+z, ctrl+d...) as the key arrives,
        # before the keys queued ahead of it in the capture area are handled: an Enter
        # followed at once by PgDn would store its line under the next item. While the
        # capture area has the focus it runs them itself, in turn with the characters
        # typed before them (CaptureLine._on_key calls run_key_in_order).
        if priority and isinstance(self.focused, CaptureLine):
            return False
        return await super()._check_bindings(key, priority)

    async def run_key_in_order(self, key: str) -> bool:
        """Run the priority binding of ``key``, if any (for the capture area, in turn
        with its keys). Returns whether one ran."""
        return await super()._check_bindings(key, priority=True)

    def on_ready(self) -> None:
        # The collector is off from `csp`'s start (cli/main.py) until the first frame:
        # what start-up built is frozen, never scanned again, and collection resumes.
        gc.freeze()
        gc.enable()

    def on_mount(self) -> None:
        # Said at once, not at the first save: the database will keep nothing typed.
        if self._read_only_why:
            self.notify(self._read_only_why, severity="warning", timeout=86400)
        elif self.repo.read_only:
            self.notify("This database is read-only: the minutes show, but nothing typed "
                        "or changed will be saved.", severity="warning", timeout=86400)
        if self._refused:
            self.notify(self._refused, severity="error", timeout=15)
        if self._settings_problem:
            self.notify(self._settings_problem, severity="error", timeout=30)
        if self.user_settings.keymap:
            # Seam: the keymap loads every screen; only a settings file with a keymap asks.
            from csp_tui.keymap import clashes

            for clash in clashes(type(self), self.user_settings.keymap):
                self.notify(clash, severity="warning", timeout=30)

    def on_unmount(self) -> None:
        if self._meeting_lock is not None:
            self._meeting_lock.release()
            self._meeting_lock = None

    def _lock_meeting(self, meeting_id: int) -> str | None:
        """Become the one writer of ``meeting_id`` (leaving the meeting shown before);
        the refusal, naming the other window's process, when it is open elsewhere.

        A lock that cannot be taken at all (a link or a folder at its path, another
        user's file, a full disk) shows the meeting read-only, never unguarded: the
        connection refuses every write until a meeting's lock is held again, and
        :attr:`_read_only_why` says why in one line."""
        if self.repo.path is None or (self._meeting_lock is not None
                                      and self._meeting_lock.meeting_id == meeting_id):
            return None
        lock: MeetingLock | None = None
        try:
            lock = MeetingLock.take(self.repo.path, meeting_id)
            self._read_only_why = None
        except MeetingBusy as exc:
            return f"Not opened: {exc}."
        except LockUnavailable as exc:
            self._read_only_why = (f"Read-only: the meeting's lock {exc}; nothing typed or "
                                   "changed will be saved.")
        if self._meeting_lock is not None:
            self._meeting_lock.release()
        self._meeting_lock = lock
        # The meeting screen's draft writer reads repo.read_only: no draft is kept
        # while the meeting is read-only.
        self.repo.refuse_writes(lock is None)
        return None

    def _handle_exception(self, error: Exception) -> None:
        # A damaged file met anywhere (a read no screen expects to fail): the app ends
        # with the one line every command says (printed by ``csp``), never a traceback.
        if is_damage(error):
            self.damage = DatabaseDamaged(self.repo.path)
            self.exit(return_code=2)
            return
        super()._handle_exception(error)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # Every text field of every screen and dialog passes here when it takes the
        # focus, the only time its cursor shows: one place for the cursor setting.
        if hasattr(event.widget, "cursor_blink") and not self.settings.cursor_blink:
            event.widget.cursor_blink = False

    def remember(self, message: str, severity: SeverityLevel = "information",
                 timeout: float = 0) -> Said:
        """Put ``message`` in the message log (ctrl+l) only: what is said elsewhere on
        the screen (the capture area's error line) is in the log too."""
        said = Said(self.repo.clock(), terminal_safe(message), severity, timeout)
        # A long meeting says a few hundred things; the oldest go past a thousand.
        self.messages = [*self.messages[-999:], said]
        return said

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """The one way a message reaches the screen. What it says (item titles, names,
        what was typed) is shown, never acted on by the terminal, and is plain text
        unless a caller asks for markup. It goes into the message log (ctrl+l), then on
        the meeting screen to its message bar, a row of the layout that covers nothing;
        over a dialog or another screen, to a toast, one at a time, as wide as the
        screen allows and wrapped at a path's separators."""
        said = self.remember(f"{title}: {message}" if title else message, severity,
                             self.NOTIFICATION_TIMEOUT if timeout is None else timeout)
        text = said.text
        bars = self.screen.query(MessageBar) if self.screen_stack else []
        if bars:
            bars[0].say(said)
            return
        # The toast's text column: the screen less the rack's and toast's edges.
        width = max(20, self.size.width - TOAST_EDGES)
        super().notify("\n".join(wrap(text, width)), severity=severity,
                       timeout=said.timeout, markup=markup)

    def _on_notify(self, event: Notify) -> None:
        # One toast at a time: the newest takes the place of any shown (Textual's own
        # handler adds it to those shown, which stack).
        self._notifications.clear()
        super()._on_notify(event)

    def action_messages(self) -> None:
        """The message log: everything the app said, with its time."""
        # Seam: a dialog loads when it opens.
        from csp_tui.screens.message_log import MessageLogScreen

        if not isinstance(self.screen, MessageLogScreen):
            self.push_screen(MessageLogScreen(self.messages))

    @on(Input.Changed)
    def _drop_pasted_controls(self, event: Input.Changed) -> None:
        """Every Input (every form field; the capture area does the same, keeping
        line breaks) loses the control characters typed or pasted into it: they are
        noise nobody meant to type, and would reach the terminal and the minutes.
        Setting the clean value posts one more Changed, which finds nothing to drop."""
        clean = drop_controls(event.value)
        if clean != event.value:
            event.input.value = clean

    def get_default_screen(self) -> Screen:
        """The first screen: the live (or latest) meeting, else the meeting list."""
        # The meeting screen is the bottom of the stack, not pushed over an empty default
        # screen: one screen to lay out and draw before the first frame, not two.
        if self.meeting_id is None:
            # The settings file's default board, when it has meetings.
            latest = self.repo.meetings.latest_meeting(self.user_settings.default_board)
            self.meeting_id = latest.id if latest else None
        if self.meeting_id is not None:
            # Open in another window: the meeting list instead, and a line saying why.
            self._refused = self._lock_meeting(self.meeting_id)
            if self._refused:
                self.meeting_id = None
        if self.meeting_id is None:
            # Seam: the meeting list (and the dialogs it opens) loads when it is shown.
            from csp_tui.screens.meetings import MeetingsScreen

            return MeetingsScreen(self.repo)
        return self._meeting_screen(self.meeting_id)

    def _meeting_screen(self, meeting_id: int) -> Screen:
        return MeetingScreen(self.repo, meeting_id, autosave=self.settings.autosave)

    def open_meeting(self, meeting_id: int) -> None:
        """Show ``meeting_id`` on the meeting screen, replacing whatever is shown."""
        refused = self._lock_meeting(meeting_id)
        if refused:
            self.notify(refused, severity="error", timeout=15)
            return
        if self._read_only_why:
            self.notify(self._read_only_why, severity="warning", timeout=86400)
        self.meeting_id = meeting_id
        while len(self.screen_stack) > 1:
            self.pop_screen()
        if isinstance(self.screen, MeetingScreen):
            self.screen.show_meeting(meeting_id)
        else:  # the meeting list, shown first when there was no meeting yet
            self.push_screen(self._meeting_screen(meeting_id))

    def action_meetings(self) -> None:
        """The meeting list."""
        # Seam: the meeting list (and the dialogs it opens) loads when it is shown.
        from csp_tui.screens.meetings import MeetingsScreen

        if not isinstance(self.screen, MeetingsScreen):
            self.push_screen(MeetingsScreen(self.repo))

    def action_help(self) -> None:
        """Every key of the screen shown, and the slash commands."""
        # Seam: a dialog loads when it opens.
        from csp_tui.screens.help import HelpScreen, key_groups

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(key_groups(self, self.screen), self.keymap))


def _csp_commands() -> type:
    # Seam: textual.command (~0.1 s) loads when the palette first opens.
    from csp_tui.palette import CspCommands

    return CspCommands


def run(repo: Repository, meeting_id: int | None) -> int:
    """Run the app on ``repo`` (the live or latest meeting unless ``meeting_id``)."""
    app = CspApp(repo, meeting_id)
    app.run()
    if app.damage is not None:
        raise app.damage
    return 0
