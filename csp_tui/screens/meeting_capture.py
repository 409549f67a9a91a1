"""What the capture line's Enter and the meeting screen's item keys carry out: one path
into the capture language. Enter parses the line typed; a key (PgDn, PgUp, ctrl+t,
ctrl+d, ctrl+z, the agenda's A) hands over the typed command it stands for
(:func:`csp_tui.capture.grammar.command`), never a string to be parsed again. Either
way :func:`csp_tui.capture.handlers.execute` carries it out and its ``Outcome`` is
shown here. A base of the meeting screen, which adds the layout and the capture line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import work

from csp_tui.domain.models import error_message
from csp_tui.screens.errors import DATABASE_ERRORS, USER_ERRORS
from csp_tui.screens.meeting_names import NameAnswers
from csp_tui.screens.workers import DIALOG_WORKERS
from csp_tui.widgets.capture import CaptureLine, CaptureMessage

if TYPE_CHECKING:
    from csp_tui.capture.context import Outcome
    from csp_tui.capture.grammar import ParsedLine


def _command(name: str, rest: str = "") -> Callable[[], ParsedLine]:
    """Reads the typed command ``name`` when called (inside the error handling)."""
    from csp_tui.capture.grammar import command

    return lambda: command(name, rest)


class CaptureCommands(NameAnswers):
    """Carries out capture lines and the keys' commands, one undo step each."""

    def _flush_draft(self, *, wait: bool = False) -> None:
        """Save the capture line's text as the draft now (the meeting screen's)."""
        raise NotImplementedError

    def _forget_completions(self) -> None:
        """Forget the completion names and phrases (the meeting screen's)."""
        raise NotImplementedError

    def show_outcome(self, outcome: Outcome) -> None:
        """Show what a line carried out changed (the meeting screen's)."""
        raise NotImplementedError

    def run_line(self, line: str, *, clear: bool = True, item_id: int | None = None) -> bool:
        """Parse and execute one capture line (under ``item_id``, not gone to, if given);
        on error show it inline and keep the text. Returns True when it worked."""
        from csp_tui.capture.grammar import parse

        return self._carry_out(lambda: parse(line), clear=clear, item_id=item_id, line=line)

    def run_command(self, name: str, rest: str = "", *, item_id: int | None = None) -> bool:
        """Carry out the slash command ``name`` with its arguments ``rest`` for a key or
        a dialog, as :meth:`run_line` does a line, leaving the capture line as it is."""
        return self._carry_out(_command(name, rest), clear=False, item_id=item_id)

    def _carry_out(self, read: Callable[[], ParsedLine], *, clear: bool,
                   item_id: int | None, line: str = "") -> bool:
        from csp_tui.capture.handlers import execute

        error = self.query_one(CaptureMessage)
        field = self.query_one(CaptureLine)
        try:
            outcome = execute(self.repo, self.meeting_id, read(), item_id=item_id)
        except DATABASE_ERRORS as exc:
            # Locked, read-only, full, removed: nothing was saved; the line stays as
            # typed and the next Enter tries again.
            self.notify(error_message(exc), severity="error", timeout=10)
            return False
        except USER_ERRORS as exc:
            error.show_error(error_message(exc))
            field.add_class("-error")
            return False
        error.show_error(None)
        if clear:
            # Only the entry run: keys typed after its Enter, before this ran, stay.
            field.value = (field.value[len(line):] if line and field.value.startswith(line)
                           else "")
            self._flush_draft(wait=True)
        if outcome.message and (outcome.severity != "information" or not outcome.quiet):
            self.notify(outcome.message, severity=outcome.severity)
        if outcome.approved_meeting_id is not None:
            self.offer_purge(outcome.approved_meeting_id)
        if outcome.show_help:
            self.app.action_help()  # type: ignore[attr-defined]
        if outcome.completions_changed:
            self._forget_completions()
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
