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
from csp_tui.domain.text import terminal_safe
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

    #: Entries refused (a slash command with an error), newest last: ctrl+r brings them
    #: back to correct. Set per screen in its ``__init__``.
    _held: list[str]
    #: Entries the database did not take (locked, full, removed), oldest first: saved,
    #: in turn, before anything else is carried out.
    _unsaved: list[str]
    #: Whether the last failure was the database's (else the entry's own).
    _database_failed = False
    #: While retrying unsaved entries on the tick: a refusal again says nothing.
    _quiet = False

    def _flush_draft(self, *, wait: bool = False) -> None:
        """Save the capture line's text as the draft now (the meeting screen's)."""
        raise NotImplementedError

    def _forget_completions(self) -> None:
        """Forget the completion names and phrases (the meeting screen's)."""
        raise NotImplementedError

    def show_outcome(self, outcome: Outcome) -> None:
        """Show what a line carried out changed (the meeting screen's)."""
        raise NotImplementedError

    def _entered(self, line: str) -> bool:
        """The capture area's Enter, called in turn with the keys (never after keys typed
        behind it): carry the entry out. A refused entry is held aside, not left in the
        capture area, where keys already typed behind its Enter would join it; one the
        database did not take waits its turn. Returns whether the capture area may let
        the text go."""
        if not line.strip():
            # An empty Enter tries the unsaved entries again.
            self._save_unsaved()
            return False
        if self._unsaved:
            self._unsaved.append(line)
            self._save_unsaved()
        elif not self.run_line(line):
            (self._unsaved if self._database_failed else self._held).append(line)
            self._show_held()
            self._flush_draft(wait=True)
        return True

    def save_unsaved_quietly(self) -> None:
        """Try the unsaved entries again (the clock's tick, each second), saying nothing
        if the database still refuses them: they are saved within a second of it
        taking writes again, even if nothing more is typed."""
        if not self._unsaved:
            return
        self._quiet = True
        try:
            self._save_unsaved()
        finally:
            self._quiet = False

    def _save_unsaved(self) -> bool:
        """Carry out the entries the database did not take, oldest first, until one
        fails again. Returns whether none is left."""
        while self._unsaved:
            if not self.run_line(self._unsaved[0]):
                if not self._database_failed:  # refused on its own account: held
                    self._held.append(self._unsaved.pop(0))
                    continue
                break
            self._unsaved.pop(0)
        self._show_held()
        return not self._unsaved

    def _show_held(self) -> None:
        notice = None
        if self._unsaved:
            count = len(self._unsaved)
            notice = (f"{count} line{'s' if count != 1 else ''} not saved yet: kept, and "
                      "saved in turn with the next Enter")
        elif self._held:
            first = terminal_safe(" ".join(self._held[-1].split()))
            if len(first) > 40:
                first = first[:39] + "…"
            more = f" (and {len(self._held) - 1} more)" if len(self._held) > 1 else ""
            notice = f"Kept aside: {first}{more} · ctrl+r brings it back to correct"
        self.query_one(CaptureMessage).show_held(notice)

    def _draft_text(self, text: str) -> str:
        """What the draft keeps for ``text`` in the capture area: the lines held aside or
        unsaved too, one per line, so a restart brings them all back."""
        return "\n".join([*self._unsaved, *self._held, *([text] if text else [])])

    def action_recall(self) -> None:
        """Bring back the last entry refused (else the oldest unsaved) to correct it;
        what the capture area held is kept aside in its place."""
        field = self.query_one(CaptureLine)
        if not (self._held or self._unsaved):
            self.notify("No refused line to bring back.", severity="warning")
            return
        line = self._held.pop() if self._held else self._unsaved.pop(0)
        if field.value.strip():
            self._held.insert(0, field.value)
        field.value = line
        field.focus()
        self._show_held()

    def run_line(self, line: str, *, item_id: int | None = None) -> bool:
        """Parse and execute one capture line (under ``item_id``, not gone to, if given);
        on error show it inline. Returns True when it worked (the capture area, which
        called this, then lets the line go)."""
        from csp_tui.capture.grammar import parse

        return self._carry_out(lambda: parse(line), flush=True, item_id=item_id)

    def run_command(self, name: str, rest: str = "", *, item_id: int | None = None) -> bool:
        """Carry out the slash command ``name`` with its arguments ``rest`` for a key or
        a dialog, as :meth:`run_line` does a line, leaving the capture line as it is."""
        return self._carry_out(_command(name, rest), flush=False, item_id=item_id)

    def _carry_out(self, read: Callable[[], ParsedLine], *, flush: bool,
                   item_id: int | None) -> bool:
        from csp_tui.capture.handlers import execute

        error = self.query_one(CaptureMessage)
        field = self.query_one(CaptureLine)
        self._database_failed = False
        if flush is False and self._unsaved and not self._save_unsaved():
            # A key's command waits for the entries typed before it.
            self.notify("Not done: the lines typed before it are not saved yet.",
                        severity="error")
            return False
        try:
            outcome = execute(self.repo, self.meeting_id, read(), item_id=item_id)
        except DATABASE_ERRORS as exc:
            # Locked, read-only, full, removed: nothing was saved; the line is kept and
            # the next Enter tries again.
            self._database_failed = True
            if not self._quiet:
                self.notify(error_message(exc), severity="error", timeout=10)
            return False
        except USER_ERRORS as exc:
            error.show_error(error_message(exc))
            # The error line goes with the next key; the log keeps what it said.
            self.app.remember(error_message(exc), "error")  # type: ignore[attr-defined]
            field.add_class("-error")
            return False
        error.show_error(None)
        if flush:
            # The capture area let the entry go before calling: the draft saved now is
            # what is left in it, never the entry just stored.
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
        nxt = self.repo.meetings.meeting(self.meeting_id).next_meeting
        board = f"the {nxt.date:%B %Y}" if nxt is not None else "the next"
        reason = await self.app.push_screen_wait(PromptScreen(
            "Defer the current item: reason, as the minutes will say it",
            placeholder=f"Item deferred to {board} board."))
        if reason:
            self.run_command("defer", reason)
