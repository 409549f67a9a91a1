"""The meeting screen's keys that open a dialog: each runs as a worker that waits for
the answer (``push_screen_wait``) and goes on, rather than handing the rest to a
callback. The screen's actions start them (:meth:`MeetingScreen.dialog`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from csp_tui.widgets.keys import key_for

if TYPE_CHECKING:
    from pathlib import Path

    from csp_tui.screens.meeting import MeetingScreen


async def defer(screen: MeetingScreen) -> None:
    """Defer the current item, asking for the reason the minutes give."""
    from csp_tui.screens.prompt import PromptScreen

    if screen.current_item_id is None:
        screen.notify("No current item to defer.", severity="warning")
        return
    # The example names the board the meeting's Date of Next Meeting gives.
    nxt = screen.repo.meetings.meeting(screen.meeting_id).next_meeting
    board = f"the {nxt.date:%B %Y}" if nxt is not None else "the next"
    reason = await screen.app.push_screen_wait(PromptScreen(
        "Defer the current item: reason, as the minutes will say it",
        placeholder=f"Item deferred to {board} board."))
    if reason:
        screen.run_command("defer", reason)


async def jump(screen: MeetingScreen) -> None:
    """Go to any item, chosen by number or title."""
    from csp_tui.screens.jump import JumpScreen

    item_id = await screen.app.push_screen_wait(
        JumpScreen(screen.repo.meetings.items(screen.meeting_id)))
    if item_id is not None:
        screen.go_to(item_id)


async def attendance(screen: MeetingScreen) -> None:
    """The attendance screen; the names it adds join the completion."""
    from csp_tui.screens.attendance import AttendanceScreen

    await screen.app.push_screen_wait(AttendanceScreen(screen.repo, screen.meeting_id))
    screen.live.forget_completions()
    screen.reload()


def _database_file(screen: MeetingScreen) -> Path | None:
    """The file an import writes to (on a connection of its own); None, and said, for
    a database that has none."""
    if screen.repo.path is None:
        screen.notify("Import needs a database file.", severity="error")
    return screen.repo.path


async def import_agenda(screen: MeetingScreen) -> None:
    """Append the items of an agenda file to this meeting."""
    from csp_tui.screens.import_agenda import ImportAgendaScreen

    if (path := _database_file(screen)) is None:
        return
    done = await screen.app.push_screen_wait(ImportAgendaScreen(path, screen.meeting_id))
    if done is not None:
        note = f" Warning: {done[1]}." if done[1] else ""
        undo = key_for(screen.app, "meeting.undo")
        screen.notify(f"Imported {done[0]} agenda items ({undo} undoes).{note}",
                      severity="warning" if note else "information")
        screen.reload()


async def import_transcript(screen: MeetingScreen) -> None:
    """Import the meeting's Teams transcript (.vtt or .docx) from a file."""
    from csp_tui.screens.import_transcript import ImportTranscriptScreen

    if (path := _database_file(screen)) is None:
        return
    summary = await screen.app.push_screen_wait(ImportTranscriptScreen(path, screen.meeting_id))
    if summary is None:
        return
    # One message: the bar shows one at a time (its lines joined by " · ").
    screen.notify("\n".join(summary), timeout=8)
    if not screen.transcript_shown:
        await screen.action_transcript()
    else:
        screen.show_transcript()


async def offer_purge(screen: MeetingScreen, meeting_id: int) -> None:
    """Minutes approved: ask whether to delete that meeting's transcript for good."""
    from csp_tui.screens.confirm import ConfirmScreen
    from csp_tui.services.transcript import purge_transcript

    repo = screen.repo
    stored = repo.transcripts.transcript(meeting_id)
    if stored is None:
        return
    day = repo.meetings.meeting(meeting_id).date
    if await screen.app.push_screen_wait(ConfirmScreen(
            f"The minutes of {day:%d %B %Y} are approved. Delete that meeting's Teams "
            f"transcript ({stored.cues} cues) for good? This cannot be undone.")):
        screen.show_change(screen.live.change(lambda: purge_transcript(repo, meeting_id),
                                              f"Transcript of {day:%d %B %Y} deleted for good."))
