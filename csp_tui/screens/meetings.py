"""The meeting list: open, create and close meetings."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from csp_tui.domain.dates import parse_day
from csp_tui.domain.lifecycle import LifecycleError
from csp_tui.domain.models import Meeting, MeetingState, error_message
from csp_tui.domain.text import terminal_safe
from csp_tui.screens.dialog import DIALOG_WORKERS
from csp_tui.storage.repository import Repository
from csp_tui.widgets.footer import KeysFooter
from csp_tui.widgets.keys import key_for


def meeting_label(m: Meeting) -> str:
    """"Wed 31 Mar 2021  10:00-13:00  Community Safety Partnership  LIVE"."""
    times = f"{m.start:%H:%M}-{m.end:%H:%M}" if m.start and m.end else "           "
    board = terminal_safe(m.board_name)  # shown, never acted on by the terminal
    return f"{m.date:%a %d %b %Y}  {times}  {board}  {m.state.value.upper()}"


class MeetingsScreen(Screen[None]):
    """Every meeting in the database, newest first."""

    DEFAULT_CSS = """
    MeetingsScreen Label#meetings-title { padding: 0 1; text-style: bold; }
    MeetingsScreen OptionList { height: 1fr; }
    """
    BINDINGS = [
        Binding("enter", "open", "Open", id="meetings.open"),
        Binding("n", "new", "New meeting", id="meetings.new"),
        Binding("c", "close_meeting", "Close meeting", id="meetings.close-meeting"),
        Binding("escape", "back", "Back", id="meetings.back"),
    ]

    def __init__(self, repo: Repository) -> None:
        super().__init__()
        self.repo = repo

    def compose(self) -> ComposeResult:
        yield Label(f"Meetings ({key_for(self.app, 'meetings.open')} opens, "
                    f"{key_for(self.app, 'meetings.new')} creates, "
                    f"{key_for(self.app, 'meetings.close-meeting')} closes)", id="meetings-title")
        yield OptionList(id="meetings")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.reload()
        self.query_one(OptionList).focus()

    def reload(self, select: int | None = None) -> None:
        """Re-read the list, keeping (or moving to) the highlighted meeting."""
        olist = self.query_one(OptionList)
        keep = select or self._selected()
        olist.set_options(Option(Content(meeting_label(m)), id=str(m.id))
                          for m in self.repo.meetings.meetings())
        if keep is not None:
            try:
                olist.highlighted = olist.get_option_index(str(keep))
            except Exception:  # noqa: BLE001 - it was deleted
                olist.highlighted = 0 if olist.option_count else None
        elif olist.option_count:
            olist.highlighted = 0

    def _selected(self) -> int | None:
        opt = self.query_one(OptionList).highlighted_option
        return int(opt.id) if opt and opt.id else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        mid = self._selected()
        if mid is None:
            self.notify(f"No meeting yet: press {key_for(self.app, 'meetings.new')} to create one.",
                        severity="warning")
            return
        self.app.open_meeting(mid)  # type: ignore[attr-defined]

    # Each dialog is awaited in a worker (push_screen_wait) and the action goes on,
    # rather than handing the rest to a callback.
    @work(group=DIALOG_WORKERS)
    async def action_new(self) -> None:
        # Seam: a dialog loads when it opens.
        from csp_tui.screens.prompt import PromptScreen

        today = self.repo.clock().astimezone().date()
        text = await self.app.push_screen_wait(PromptScreen(
            "New meeting: date (YYYY-MM-DD or DD/MM/YYYY)", today.isoformat()))
        if not text:
            return
        # The command line's date rule: 2021-10-31, 31/10/2021, 31 October 2021.
        day = parse_day(text, today=today)
        if day is None:
            self.notify(f"{terminal_safe(text.strip())!r} is not a date: write e.g. "
                        "2021-10-31, 31/10/2021 or 31 October 2021", severity="error",
                        markup=False)
            return
        try:
            meeting = self.repo.meetings.create_meeting(Meeting(date=day))
        except ValueError as exc:
            self.notify(error_message(exc), severity="error")
            return
        self.notify(f"Created the meeting of {meeting.date:%d %B %Y} with the standard "
                    "agenda.")
        self.reload(select=meeting.id)

    @work(group=DIALOG_WORKERS)
    async def action_close_meeting(self) -> None:
        mid = self._selected()
        if mid is None:
            return
        # Seam: a dialog loads when it opens.
        from csp_tui.screens.confirm import ConfirmScreen

        if not await self.app.push_screen_wait(
                ConfirmScreen("Close this meeting? Its timers stop.")):
            return
        try:
            # By the lifecycle's rule, as `csp minutes close`: approved or
            # circulated minutes are not "closed" by a key.
            self.repo.versions.move_minutes(mid, MeetingState.CLOSED)
        except LifecycleError as exc:
            self.notify(str(exc), severity="error")
            return
        self.notify(f"Meeting closed ({key_for(self.app, 'meeting.undo')} on the meeting screen "
                    "undoes).")
        self.reload()

    def action_back(self) -> None:
        # Back to the meeting underneath; the list is the only screen when there is no
        # meeting yet, and then it stays.
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
