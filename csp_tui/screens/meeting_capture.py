"""What the capture line's Enter and the meeting screen's item keys carry out: one path
into the capture language. Enter parses the line typed; a key (PgDn, PgUp, ctrl+t,
ctrl+d, ctrl+z, the agenda's A) hands over the typed command it stands for
(:func:`csp_tui.capture.grammar.command`), never a string to be parsed again. Either
way :func:`csp_tui.capture.handlers.execute` carries it out and its ``Outcome`` is
shown here. A base of the meeting screen, which adds the layout and the capture line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work

from csp_tui.screens.meeting_names import NameAnswers
from csp_tui.screens.workers import DIALOG_WORKERS
from csp_tui.widgets.capture import CaptureLine, CaptureMessage

if TYPE_CHECKING:
    from csp_tui.capture.context import Outcome
    from csp_tui.capture.live import LineResult, LiveMeeting


class CaptureCommands(NameAnswers):
    """Carries out capture lines and the keys' commands (through the screen's
    :class:`~csp_tui.capture.live.LiveMeeting`) and shows what they came to."""

    live: LiveMeeting

    def _flush_draft(self, *, wait: bool = False) -> None:
        """Save the capture line's text as the draft now (the meeting screen's)."""
        raise NotImplementedError

    def show_outcome(self, outcome: Outcome) -> None:
        """Show what a line carried out changed (the meeting screen's)."""
        raise NotImplementedError

    def _entered(self, line: str) -> bool:
        """The capture area's Enter, called in turn with the keys (never after keys typed
        behind it): carry the entry out and show what it came to. Returns whether the
        capture area may let the text go."""
        entered = self.live.enter(line)
        for result in entered.results:
            self._show_result(result)
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
            self._show_result(result, quiet=True)
        self._show_held()

    def _show_held(self) -> None:
        self.query_one(CaptureMessage).show_held(self.live.held_notice())

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

    def run_command(self, name: str, rest: str = "", *, item_id: int | None = None) -> bool:
        """Carry out the slash command ``name`` with its arguments ``rest`` for a key or
        a dialog, leaving the capture line as it is; returns whether it was done."""
        return self._show_result(self.live.run_command(name, rest, item_id=item_id))

    def _show_result(self, result: LineResult, *, quiet: bool = False) -> bool:
        """Show what a line or a key's command came to (``quiet``: retried on the tick,
        a database refusing it again says nothing). Returns whether it was done."""
        for earlier in result.earlier:
            self._show_result(earlier)
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
            self.offer_purge(outcome.approved_meeting_id)
        if outcome.show_help:
            self.app.action_help()  # type: ignore[attr-defined]
        self.show_outcome(outcome)
        return True

    def action_next_item(self) -> None:
        """The current item is done; go to the next pending item."""
        self.run_command("next")

    def action_prev_item(self) -> None:
        """Back to the item before the current one."""
        self.run_command("prev")

    def action_pause(self) -> None:
        """Pause or resume the current item's timer."""
        self.run_command("pause")

    # Each key that opens a dialog is a worker: it waits for the answer
    # (push_screen_wait) and goes on, rather than handing the rest to a callback.

    @work(group=DIALOG_WORKERS)
    async def action_defer(self) -> None:
        """Defer the current item, asking for the reason the minutes give."""
        from csp_tui.screens.prompt import PromptScreen

        if self.current_item_id is None:
            self.notify("No current item to defer.", severity="warning")
            return
        # The example names the board the meeting's Date of Next Meeting gives.
        nxt = self.repo.meeting(self.meeting_id).next_meeting
        board = f"the {nxt.date:%B %Y}" if nxt is not None else "the next"
        reason = await self.app.push_screen_wait(PromptScreen(
            "Defer the current item: reason, as the minutes will say it",
            placeholder=f"Item deferred to {board} board."))
        if reason:
            self.run_command("defer", reason)
