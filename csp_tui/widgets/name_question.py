"""The line above the capture area that asks about the newest name kept as typed ("'Brian
Parrot' is not on the roster: is it Brian Parrott?"). It never takes the focus and
never stops typing: it stays until the question is answered (ctrl+y, or the name
check, F5, which lists every open one)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.content import Content
from textual.widgets import Static

from csp_tui.domain.name_questions import NameQuestion
from csp_tui.domain.text import terminal_safe
from csp_tui.widgets.keys import key_for


def question_line(questions: Sequence[NameQuestion], key: Callable[[str], str]) -> str:
    """What the line says about the open questions (the newest last): "" for none.
    ``key``: the key the user presses for a binding, by its id (:func:`key_for`)."""
    if not questions:
        return ""
    newest = questions[-1]
    answer = key("meeting.accept-name")
    says = f"{answer} picks" if newest.ambiguous or not newest.candidates else f"{answer} yes"
    more = (f" · {len(questions)} open: {key('meeting.check-names')} lists them"
            if len(questions) > 1 else "")
    return f"? {terminal_safe(newest.ask())} {says}{more}"


class NameQuestionLine(Static):
    """The newest open name question, on one or two lines; hidden when none is open."""

    DEFAULT_CSS = """
    NameQuestionLine { height: auto; max-height: 2; color: $text-warning; padding: 0 1;
                       display: none; }
    NameQuestionLine.-shown { display: block; }
    """

    #: The text shown ("" when hidden).
    shown_text = ""

    def show_questions(self, questions: Sequence[NameQuestion]) -> None:
        """Show the newest of ``questions`` (the oldest first), or hide the line."""
        text = question_line(questions, lambda binding_id: key_for(self.app, binding_id))
        # Asked after every change: no layout when nothing changed.
        if text == self.shown_text:
            return
        self.shown_text = text
        self.set_class(bool(text), "-shown")
        self.update(Content(text))
