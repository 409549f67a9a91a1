"""The Textual app: opens the live (or latest) meeting at its current item."""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from csp_tui.storage import Repository


class CspApp(App[None]):
    """Take a board's minutes live.

    ``clock`` returns the current UTC time (tests freeze it); it defaults to the
    repository's. ``autosave`` (the capture line's draft) and ``cursor_blink`` exist
    for the benchmarks and the snapshot tests.
    """

    # The meeting screen's rules load with the app's: it is the default screen, and
    # Textual loads a CSS_PATH of its own only for screens pushed later.
    CSS_PATH: ClassVar = ["app.tcss", "screens/meeting.tcss"]
    TITLE = "csp minutes"
    COMMANDS: ClassVar = App.COMMANDS | {lambda: _csp_commands()}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help", priority=True),
        Binding("question_mark", "help", "Help", show=False),
        Binding("ctrl+o", "meetings", "Meetings", priority=True),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(self, repo: Repository, meeting_id: int | None = None, *,
                 clock: Callable | None = None, autosave: bool = True,
                 cursor_blink: bool = True) -> None:
        super().__init__()
        self.repo = repo
        self.meeting_id = meeting_id
        self.clock = clock or repo.clock
        self.autosave = autosave
        self.cursor_blink_enabled = cursor_blink

    def run(self, *args: Any, **kwargs: Any) -> None:
        """Textual's ``App.run``, with the garbage collector kept out of the start-up."""
        # Start-up builds objects that live as long as the app (modules, the screen's
        # widgets and styles) and next to no garbage, so collecting then only delays the
        # first frame (by tens of ms). The collector is off until that frame has been drawn
        # (on_ready), and what the imports built is frozen: never scanned again.
        gc.freeze()
        gc.disable()
        try:
            return super().run(*args, **kwargs)
        finally:
            gc.enable()

    def on_ready(self) -> None:
        gc.enable()

    def get_default_screen(self) -> Screen:
        """The first screen: the live (or latest) meeting, else the meeting list."""
        # The meeting screen is the bottom of the stack, not pushed over an empty default
        # screen: one screen to lay out and draw before the first frame, not two.
        if self.meeting_id is None:
            latest = self.repo.latest_meeting()
            self.meeting_id = latest.id if latest else None
        if self.meeting_id is None:
            from csp_tui.screens.meetings import MeetingsScreen

            return MeetingsScreen(self.repo)
        from csp_tui.screens.meeting import MeetingScreen

        return MeetingScreen(self.repo, self.meeting_id, clock=self.clock)

    def open_meeting(self, meeting_id: int) -> None:
        """Show ``meeting_id`` on the meeting screen, replacing whatever is shown."""
        from csp_tui.screens.meeting import MeetingScreen

        self.meeting_id = meeting_id
        while len(self.screen_stack) > 1:
            self.pop_screen()
        if isinstance(self.screen, MeetingScreen):
            self.screen.show_meeting(meeting_id)
        else:  # the meeting list, shown first when there was no meeting yet
            self.push_screen(MeetingScreen(self.repo, meeting_id, clock=self.clock))

    def action_meetings(self) -> None:
        from csp_tui.screens.meetings import MeetingsScreen

        if not isinstance(self.screen, MeetingsScreen):
            self.push_screen(MeetingsScreen(self.repo))

    def action_help(self) -> None:
        from csp_tui.screens.help import HelpScreen
        from csp_tui.screens.meeting import MeetingScreen
        from csp_tui.widgets.agenda import AgendaPane
        from csp_tui.widgets.minutes import MinutesPane

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen([
            ("Everywhere", [type(self), MeetingScreen]),
            ("Agenda pane (tab to it)", [AgendaPane]),
            ("Item pane (tab to it)", [MinutesPane]),
        ]))


def _csp_commands() -> type:
    # textual.command costs ~0.1 s to import: only when the palette first opens.
    from csp_tui.palette import CspCommands

    return CspCommands


def run(db_path: Path, meeting_id: int | None) -> int:
    """Open the app on ``db_path`` (the live or latest meeting unless ``meeting_id``)."""
    with Repository.open(db_path) as repo:
        CspApp(repo, meeting_id).run()
    return 0
