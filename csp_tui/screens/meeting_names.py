"""The meeting screen's name questions: an attendance line keeps a name it cannot be
sure of as typed and stores a question about it (:mod:`csp_tui.domain.name_questions`);
the line above the capture area shows the newest, ctrl+y answers it, and the name check
(F5) lists them all. Nothing here ever stops the note taker typing. A base of the
meeting screen (after :class:`~csp_tui.screens.meeting_transcript.TranscriptActions`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from csp_tui.screens.meeting_transcript import TranscriptActions
from csp_tui.widgets.name_question import NameQuestionLine

if TYPE_CHECKING:
    from csp_tui.domain.name_questions import NameQuestion


class NameAnswers(TranscriptActions):
    """Shows the open name questions and answers them, one undo step each."""

    def _forget_completions(self) -> None:
        """Forget the completion names and phrases (the meeting screen's)."""
        raise NotImplementedError

    def action_check_names(self) -> None:
        """The name check (the meeting screen's)."""
        raise NotImplementedError

    def show_questions(self) -> None:
        """Show the newest open question above the capture area (after each change)."""
        self.query_one(NameQuestionLine).show_questions(
            self.repo.names.name_questions(self.meeting_id))

    def action_accept_name(self) -> None:
        """Answer the newest open name question with the roster person it offers; when
        it could be two people, the name check lists them to pick from."""
        questions = self.repo.names.name_questions(self.meeting_id)
        if not questions:
            self.notify("No name to confirm: ctrl+y answers \"is it ...?\" above the "
                        "capture area.", severity="warning")
            return
        newest = questions[-1]
        if len(newest.candidates) != 1:
            self.action_check_names()
            return
        self.answer_question(newest, newest.candidates[0][0])

    def answer_question(self, question: NameQuestion, person_id: int) -> bool:
        """The name kept as typed is roster person ``person_id``: correct the meeting
        (one undo step) and say so; refused, with why, for approved minutes. Returns
        whether it worked."""
        name = dict(question.candidates).get(person_id, "")
        changed: list[int] = []
        if not self._do(lambda: changed.append(self.repo.names.answer_name(question.id,
                                                                           person_id))):
            return False
        lines = f" and {changed[0]} line{'s' if changed[0] != 1 else ''}" if changed[0] else ""
        self.notify(f"{question.typed!r} is {name}: attendance{lines} corrected "
                    "(ctrl+z undoes)")
        self._forget_completions()
        return True
