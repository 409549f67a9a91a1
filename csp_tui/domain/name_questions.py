"""Open name questions: a name in an attendance line that is not on the roster but is
close to one roster person ("Brian Parrot": is it Brian Parrott?), or that fits two
("Stephen": Stephen Clayman or Stephen Thompson?).

The line is never refused for it: the name is kept as typed (a roster person of that
name, standing in until the question is answered) and the question stays open, stored
with the meeting, until the note taker answers it. Answering writes the roster name
over the name as typed wherever the meeting says it (:func:`replace_name`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class NameQuestion:
    """One open question: ``typed`` was kept as the roster person ``person_id`` (named
    ``name``, the name as typed); it may be one of ``candidates`` ((id, name), the
    likeliest first)."""

    id: int
    meeting_id: int
    person_id: int
    name: str
    typed: str
    candidates: tuple[tuple[int, str], ...]

    @property
    def ambiguous(self) -> bool:
        """Two or more roster people fit the name: the answer has to say which."""
        return len(self.candidates) > 1

    def guess(self) -> str:
        """"is it Brian Parrott?", "Stephen Clayman or Stephen Thompson?", or "" when
        no one on the roster is left to offer."""
        names = [n for _, n in self.candidates]
        if len(names) <= 1:
            return f"is it {names[0]}?" if names else ""
        return ", ".join(names[:-1]) + " or " + names[-1] + "?"

    def ask(self) -> str:
        """"'Brian Parrot' is not on the roster: is it Brian Parrott?" or "'Stephen'
        could be Stephen Clayman or Stephen Thompson: which?"."""
        if self.ambiguous:
            return f"{self.typed!r} could be {self.guess()[:-1]}: which?"
        if self.candidates:
            return f"{self.typed!r} is not on the roster: {self.guess()}"
        return f"{self.typed!r} is not on the roster: kept as written"

    def describe(self) -> str:
        """For the export's warnings: "'Brian Parrot' kept as written, unconfirmed (is it
        Brian Parrott?)"."""
        guess = f" ({self.guess()})" if self.candidates else ""
        return f"{self.typed!r} kept as written, unconfirmed{guess}"


def replace_name(text: str, name: str, right: str) -> str:
    """``text`` with the whole name ``name`` written as ``right``: only where it stands
    as a name of its own, not as part of a longer one ("Stephen" becomes "Stephen
    Clayman" in "Stephen left the meeting." but not in "Stephen Thompson agreed", nor
    in "Peter Stephen"; "Brian Parrot" is not found inside "Brian Parrott")."""
    if not name:
        return text
    pattern = re.compile(r"(?<![\w'’-])" + re.escape(name) + r"(?![\w'’-])(?! [A-Z])")

    def swap(m: re.Match[str]) -> str:
        # Python's look-behind is fixed-width: a capitalised word just before is
        # looked for here ("Peter Stephen").
        if re.search(r"[A-Z][\w'’-]* $", text[:m.start()]):
            return m.group()
        return right

    return pattern.sub(swap, text)
