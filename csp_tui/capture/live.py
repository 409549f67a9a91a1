"""The live meeting, without its screen: what the meeting screen does with the
repository, as plain calls returning plain results the screen shows.

:meth:`LiveMeeting.enter` carries out a line typed (Enter), :meth:`~LiveMeeting.run_command`
a key's command (PgDn, ctrl+t, the agenda's A), :meth:`~LiveMeeting.undo` takes back
this session's last change (the journal's rule: never another session's change, never
across an approval), :meth:`~LiveMeeting.change` makes one edit of the panes, and the
draft keeps what is typed but not entered. A line refused on its own account is held
aside (ctrl+r brings it back); one the database did not take waits its turn and is
saved before anything else: nothing typed is ever lost. Textual-free: the unit tests
drive it with a real repository and no screen.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from csp_tui.capture.draft import DraftWriter, Scheduler
from csp_tui.capture.errors import DATABASE_ERRORS, USER_ERRORS
from csp_tui.domain.house_style import Style, StyleError, default_style
from csp_tui.domain.key_names import named_key
from csp_tui.domain.lifecycle import frozen_message
from csp_tui.domain.models import error_message
from csp_tui.domain.text import terminal_safe
from csp_tui.storage.repository import Repository

if TYPE_CHECKING:
    from csp_tui.capture.context import Outcome, Severity
    from csp_tui.capture.grammar import ParsedLine
    from csp_tui.domain.name_questions import NameQuestion

#: A key's command refused because lines typed before it still wait for the database.
WAITING = "Not done: the lines typed before it are not saved yet."


@dataclass(frozen=True)
class LineResult:
    """What carrying out one line (or a key's command) came to: its ``outcome`` when
    done, else why not, the line's own ``error`` (shown under the capture area) or the
    ``database_error`` (a notification; the line is kept to save later)."""

    outcome: Outcome | None = None
    error: str = ""
    database_error: str = ""
    #: A key's command not carried out: lines typed before it wait to be saved.
    refused: str = ""
    #: A line typed (its draft is saved once it is done), not a key's command.
    typed: bool = False
    #: The lines typed before a key's command, waiting for the database, carried out
    #: first, each with its own result (shown before this one's).
    earlier: tuple[LineResult, ...] = ()

    @property
    def done(self) -> bool:
        """Whether the line was carried out."""
        return self.outcome is not None

    @property
    def notice(self) -> tuple[str, Severity] | None:
        """The outcome's message and severity, when worth showing: plain minutes that
        went where expected say nothing."""
        outcome = self.outcome
        if outcome is None or not outcome.message or (
                outcome.severity == "information" and outcome.quiet):
            return None
        return outcome.message, outcome.severity


@dataclass(frozen=True)
class Entered:
    """What an Enter came to: whether the capture area may let its text go (``taken``),
    the result of each line carried out, in order, and whether the line was kept
    (held aside or waiting), so that the draft must be saved at once."""

    taken: bool
    results: tuple[LineResult, ...] = ()
    kept: bool = False


@dataclass(frozen=True)
class Undone:
    """The undo's result, and the agenda item it brought back or changed, if any."""

    result: LineResult
    changed_item_id: int | None = None


@dataclass(frozen=True)
class Changed:
    """One edit of the panes: ``refused`` says why nothing changed, else ``said`` is
    what to tell the note taker (may be empty)."""

    refused: str = ""
    said: str = ""

    @property
    def done(self) -> bool:
        """Whether the change was made."""
        return not self.refused


class LiveMeeting:
    """One meeting being minuted: the lines typed, the keys' commands, undo, the edits
    of the panes, the draft and whether another program changed the file."""

    def __init__(self, repo: Repository, meeting_id: int,
                 keys: Mapping[str, str] | None = None) -> None:
        self.repo = repo
        self.meeting_id = meeting_id
        #: The user's keymap (a binding's id to its keys): the keys messages name.
        self.keys: Mapping[str, str] = keys or {}
        #: Entries refused (a slash command with an error), newest last: ctrl+r brings
        #: them back to correct.
        self.held: list[str] = []
        #: Entries the database did not take (locked, full, removed), oldest first:
        #: saved, in turn, before anything else is carried out.
        self.unsaved: list[str] = []
        self.draft: DraftWriter | None = None
        self._completions: tuple[list[str], list[str]] | None = None
        self._style: Style | None = None

    def key(self, binding_id: str, default: str) -> str:
        """The key a message names for the binding ``binding_id`` (own key
        ``default``): the user's where their keymap moves it."""
        return named_key(self.keys, binding_id, default)

    # ------------------------------------------------------------------ the meeting

    def show(self, meeting_id: int) -> str:
        """Minute ``meeting_id`` from now on; returns its draft. What was kept aside
        stays in the old meeting's draft (saved now)."""
        saved = self.repo.meetings.meeting(meeting_id).draft
        if self.draft is not None:
            self.draft.switch(meeting_id, saved)
        self.meeting_id = meeting_id
        self._completions = None
        self._style = None  # each meeting prints in its own (a kept one, approved)
        self.held, self.unsaved = [], []
        return saved

    def house_style(self) -> tuple[Style, str]:
        """The board's house style, read once, and a warning when it no longer loads
        (the default is used then)."""
        if self._style is not None:
            return self._style, ""
        try:
            self._style = self.repo.settings.style_for(self.meeting_id)
        except (StyleError, sqlite3.Error) as exc:
            self._style = default_style()
            return self._style, f"the board's house style: {exc}; showing the default"
        return self._style, ""

    def changed_elsewhere(self) -> bool:
        """Whether another program (``csp actions done``, an import, another window)
        has committed since the last look: the screen then shows the meeting again."""
        if not self.repo.changed_elsewhere():
            return False
        self._completions = None
        return True

    def completions(self) -> tuple[list[str], list[str]]:
        """The names and phrases the capture line completes, read when first wanted."""
        if self._completions is None:
            from csp_tui.capture.completion import completion_names
            from csp_tui.domain.phrases import all_phrases

            self._completions = (completion_names(self.repo, self.meeting_id),
                                 all_phrases(self.repo, self.house_style()[0]))
        return self._completions

    def forget_completions(self) -> None:
        """The names or phrases have changed (attendance, the roster): read them again."""
        self._completions = None

    def questions(self) -> list[NameQuestion]:
        """The open questions about names kept as typed, oldest first."""
        return self.repo.names.name_questions(self.meeting_id)

    # ------------------------------------------------------------------ lines

    def enter(self, line: str) -> Entered:
        """The capture area's Enter. A refused entry is held aside, not left in the
        capture area (where keys typed behind its Enter would join it); one the
        database did not take waits its turn, behind those already waiting. An empty
        Enter tries the waiting lines again."""
        if not line.strip():
            return Entered(False, self.save_unsaved())
        if self.unsaved:
            self.unsaved.append(line)
            return Entered(True, self.save_unsaved())
        result = self.run_line(line)
        if not result.done:
            (self.unsaved if result.database_error else self.held).append(line)
        return Entered(True, (result,), kept=not result.done)

    def run_line(self, line: str, *, item_id: int | None = None) -> LineResult:
        """Parse and carry out one line typed (under ``item_id``, not gone to, if
        given)."""
        from csp_tui.capture.grammar import parse

        return self._carry_out(lambda: parse(line), item_id=item_id, typed=True)

    def run_command(self, name: str, rest: str = "", *,
                    item_id: int | None = None) -> LineResult:
        """Carry out the slash command ``name`` with its arguments ``rest`` for a key or
        a dialog, never a string to be parsed again; it waits for the lines typed
        before it."""
        from csp_tui.capture.grammar import command

        earlier: tuple[LineResult, ...] = ()
        if self.unsaved:
            earlier = self.save_unsaved()
            if self.unsaved:
                return LineResult(refused=WAITING, earlier=earlier)
        result = self._carry_out(lambda: command(name, rest), item_id=item_id, typed=False)
        return LineResult(result.outcome, result.error, result.database_error,
                          earlier=earlier) if earlier else result

    def save_unsaved(self) -> tuple[LineResult, ...]:
        """Carry out the lines the database did not take, oldest first, until one fails
        again; one refused on its own account is held aside instead."""
        results = []
        while self.unsaved:
            result = self.run_line(self.unsaved[0])
            results.append(result)
            if not result.done and result.database_error:
                break
            line = self.unsaved.pop(0)
            if not result.done:
                self.held.append(line)
        return tuple(results)

    def _carry_out(self, read: Callable[[], ParsedLine], *, item_id: int | None,
                   typed: bool) -> LineResult:
        from csp_tui.capture.handlers import execute

        try:
            outcome = execute(self.repo, self.meeting_id, read(), item_id=item_id,
                              keys=self.keys)
        except DATABASE_ERRORS as exc:
            # Locked, read-only, full, removed: nothing was saved.
            return LineResult(database_error=error_message(exc), typed=typed)
        except USER_ERRORS as exc:
            return LineResult(error=error_message(exc), typed=typed)
        if outcome.completions_changed:
            self._completions = None
        return LineResult(outcome, typed=typed)

    def held_notice(self) -> str | None:
        """What the capture area says about the lines kept: waiting, else held aside."""
        if self.unsaved:
            count = len(self.unsaved)
            return (f"{count} line{'s' if count != 1 else ''} not saved yet: kept, and "
                    "saved in turn with the next Enter")
        if self.held:
            first = terminal_safe(" ".join(self.held[-1].split()))
            if len(first) > 40:
                first = first[:39] + "…"
            more = f" (and {len(self.held) - 1} more)" if len(self.held) > 1 else ""
            return (f"Kept aside: {first}{more} · {self.key('meeting.recall', 'ctrl+r')} "
                    "brings it back to correct")
        return None

    def recall(self, text: str) -> str | None:
        """The last entry refused (else the oldest waiting) to correct, taken from the
        lines kept; ``text``, what the capture area holds, is kept aside in its place.
        None when there is none."""
        if not (self.held or self.unsaved):
            return None
        line = self.held.pop() if self.held else self.unsaved.pop(0)
        if text.strip():
            self.held.insert(0, text)
        return line

    # ------------------------------------------------------------------ changes

    def undo(self) -> Undone:
        """Undo this session's last change, and find the agenda item it brought back or
        changed (the agenda highlights it, not wherever the highlight happened to be)."""
        before = {i.id: i for i in self.repo.meetings.items(self.meeting_id)}
        result = self.run_command("undo")
        if not result.done:
            return Undone(result)
        after = self.repo.meetings.items(self.meeting_id)
        return Undone(result, next((i.id for i in after if before.get(i.id) != i), None))

    def change(self, what: Callable[[], Any], said: str = "") -> Changed:
        """Make one change of the panes (one undo step); a user error is its refusal.
        Approved minutes are read-only: refused, with how to reopen them."""
        frozen = frozen_message(self.repo.meetings.meeting(self.meeting_id).state)
        if frozen is not None:
            return Changed(refused=frozen[:1].upper() + frozen[1:])
        try:
            what()
        except USER_ERRORS as exc:
            return Changed(refused=error_message(exc))
        return Changed(said=said)

    def answer(self, question: NameQuestion, person_id: int) -> Changed:
        """The name kept as typed is roster person ``person_id``: correct the meeting
        (one undo step)."""
        name = dict(question.candidates).get(person_id, "")
        changed: list[int] = []
        done = self.change(lambda: changed.append(self.repo.names.answer_name(question.id,
                                                                              person_id)))
        if not done.done:
            return done
        lines = f" and {changed[0]} line{'s' if changed[0] != 1 else ''}" if changed[0] else ""
        self._completions = None
        return Changed(said=f"{question.typed!r} is {name}: attendance{lines} corrected "
                            f"({self.key('meeting.undo', 'ctrl+z')} undoes)")

    # ------------------------------------------------------------------ the draft

    def keep_drafts(self, scheduler: Scheduler, *, autosave: bool) -> str:
        """Keep the capture area's text as the meeting's draft, saved within a second
        of each key (``autosave``) and at once on Enter; returns the draft saved."""
        saved = self.repo.meetings.meeting(self.meeting_id).draft
        # A read-only database keeps no draft: no error each second while typing.
        self.draft = DraftWriter(scheduler, self.repo, self.meeting_id, saved,
                                 autosave=autosave and not self.repo.read_only)
        return saved

    def draft_text(self, text: str) -> str:
        """What the draft keeps for ``text`` in the capture area: the lines waiting or
        held aside too, one per line, so a restart brings them all back."""
        return "\n".join([*self.unsaved, *self.held, *([text] if text else [])])

    def typed(self, text: str) -> None:
        """The capture area now reads ``text``: the draft is saved within a second."""
        if self.draft is not None:
            self.draft.typed(self.draft_text(text))

    def save_draft(self, text: str | None, *, wait: bool = False) -> None:
        """Save the draft now (``wait``: on this thread), for ``text`` in the capture
        area (None: the last text typed, the area being gone)."""
        if self.draft is not None:
            self.draft.flush(None if text is None else self.draft_text(text), wait=wait)

    def close(self, text: str | None) -> None:
        """Save the last draft and close the draft's own connection."""
        if self.draft is not None:
            self.draft.flush(None if text is None else self.draft_text(text), wait=True)
            self.draft.close()
