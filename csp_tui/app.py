"""The Textual app: opens the live (or latest) meeting at its current item."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from csp_tui.storage import Repository


class CspApp(App[None]):
    """Take a board's minutes live.

    ``clock`` returns the current UTC time (tests freeze it); it defaults to the
    repository's. ``autosave`` (the capture line's draft) and ``cursor_blink`` exist
    for the benchmarks and the snapshot tests.
    """

    CSS_PATH = "app.tcss"
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

    def on_mount(self) -> None:
        mid = self.meeting_id
        if mid is None:
            latest = self.repo.latest_meeting()
            mid = latest.id if latest else None
        if mid is None:
            self.action_meetings()
        else:
            self.open_meeting(mid)

    def open_meeting(self, meeting_id: int) -> None:
        """Show ``meeting_id`` on the meeting screen, replacing whatever is shown."""
        from csp_tui.screens.meeting import MeetingScreen

        self.meeting_id = meeting_id
        while len(self.screen_stack) > 1:
            self.pop_screen()
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
    from csp_tui.commands_palette import CspCommands

    return CspCommands


def run(db_path: Path, meeting_id: int | None) -> int:
    """Open the app on ``db_path`` (the live or latest meeting unless ``meeting_id``)."""
    repo = Repository.open(db_path)
    try:
        CspApp(repo, meeting_id).run()
    finally:
        repo.close()
    return 0
