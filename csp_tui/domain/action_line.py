"""The action line: ``OWNERS to TASK [by DUE] [(COMPLETED)]`` read whole, in one place.

:func:`read_action` is the rule. Text and the meeting's date in; the owners (each matched
to the roster, or not), the task, the due date and the status out. The capture line's
``/action`` (and ``/a``) reads its line here, and so does the handler that stores it: a
due date without a year is read against the meeting's own day, never the wall clock.
Owners are resolved by :func:`csp_tui.domain.names.resolve_name`, a pure function over
the roster. Pure: no database, no clock.

:func:`read_due` is the rule of which day a due without a year is read against, for every
place a due is typed: the action line, the action form, ``csp actions update --due``, the
reply sheet and the demo all call it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from csp_tui.domain.attendance import join_names
from csp_tui.domain.dates import normalise_due, parse_day
from csp_tui.domain.models import Person
from csp_tui.domain.names import Resolved, person_ids, resolve_name, split_names

_MONTHS = ("january|february|march|april|may|june|july|august|september|october|"
           "november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
#: Due words kept as written ("by the end of June"): anything else after " by " stays
#: part of the task ("to be signed off by the board").
_DUE_WORDS = re.compile(
    r"(asap|as soon as possible|tbc|ongoing|(the )?next (csp )?(board|meeting)|"
    r"(the )?(end|start|beginning|middle) of .+|(early|mid|late)[- ].+|"
    rf"(the )?(next|this) (week|month|quarter|year)|q[1-4]( \d{{4}})?|"
    rf"(spring|summer|autumn|winter)( \d{{4}})?|({_MONTHS})( \d{{4}})?|"
    rf"(the )?({_MONTHS}) (csp )?(board|meeting)|"
    r"(next |this )?(monday|tuesday|wednesday|thursday|friday)|close of play)\.?", re.I)
#: The house-style mark of an action done ("... by 30 April. (COMPLETED)").
_COMPLETED_MARK = re.compile(r"[\s.]*\(\s*completed\s*\)[\s.]*$", re.I)
#: The " to " that ends the owners (a line ending "... to" has owners and no task yet).
_TO = re.compile(r"(?:^|\s)to(?:\s+|$)", re.I)


class ActionLineError(ValueError):
    """An action line that cannot be read: one line for the user."""


@dataclass(frozen=True)
class ActionLine:
    """An action line read: what :func:`read_action` gives."""

    #: The owners as typed, one a name ("Jade", "MPS").
    owners: tuple[str, ...]
    task: str
    #: The due as typed ("30 April", "the next board"), and as stored ("2021-04-30").
    due_typed: str
    due: str
    #: The due as a day, when it is one.
    due_day: dt.date | None
    #: Typed with "(COMPLETED)": done by the time it was minuted.
    completed: bool
    #: Each owner matched to the roster (``person`` None: kept as written).
    resolved: tuple[Resolved, ...]
    #: The meeting's day, which a due without a year is read against.
    meeting_day: dt.date | None = None

    @property
    def owner(self) -> str:
        """The owners as the minutes name them ("Jade Hodgson and MPS"), each once."""
        return join_names(list(dict.fromkeys(r.name for r in self.resolved)))

    @property
    def owner_ids(self) -> list[int]:
        """The roster people among the owners, each once."""
        return person_ids(self.resolved)

    def warnings(self) -> list[str]:
        """What the note taker should know: an owner matching two people or nobody on
        the roster (kept as written), a due day before the meeting."""
        out = []
        for r in self.resolved:
            if r.ambiguous:
                out.append(f"owner {r.ambiguity()}: kept as written")
            elif r.person is None:
                out.append(f"owner {r.name!r} not on the roster: kept as written")
        if self.due_day is not None and self.meeting_day and self.due_day < self.meeting_day:
            out.append(f"the due date {self.due_day.day} {self.due_day:%B %Y} is in the past")
        return out


def read_due(text: str, meeting_day: dt.date | None) -> str:
    """A typed due as stored (:func:`csp_tui.domain.dates.normalise_due`: a date as
    YYYY-MM-DD, "ASAP", or words kept as written), a day without a year read against
    ``meeting_day``: the first such day on or after the day of the meeting where it is
    said (the meeting's own day included). Outside a meeting (``csp actions update``, a
    reply sheet between boards) ``meeting_day`` is None and it is read against today,
    the day it is said.

    Raises ValueError for text shaped like a date that is not one ("31/04/2021").
    """
    return normalise_due(text, today=meeting_day)


def read_action(text: str, meeting_day: dt.date | None, roster: Sequence[Person] = (),
                attending: Iterable[int] = ()) -> ActionLine:
    """Read ``OWNERS to TASK [by DUE] [(COMPLETED)]`` (the words after ``/action``).

    The owners are everything before the first " to ", split at commas and "and";
    a passive line whose subject names no one ("Roadmap ... to be presented") has no
    owner and is all task. The due is what follows the last " by " when it is a date or
    due words ("the next board"), or a trailing ASAP. A due without a year is the first
    such day on or after ``meeting_day`` (the meeting's own day included); with
    ``meeting_day`` None (the line checked as it is typed, before any meeting) the due
    is kept as typed. Owners are matched to ``roster``, those ``attending`` (person ids)
    first.

    Raises :class:`ActionLineError` for a line without a task, or a due shaped like a
    date that is not one ("31/04/2021").
    """
    completed = _COMPLETED_MARK.search(text) is not None
    rest = _COMPLETED_MARK.sub("", text) if completed else text
    m = _TO.search(rest)
    subject = rest[:m.start()].strip() if m else ""
    if m and not (re.match(r"be\s", rest[m.end():], re.I) and not _names_people(subject)):
        owner_text, task = subject, rest[m.end():]
    else:
        owner_text, task = "", rest
    task, due_typed = _split_due(task.strip())
    if not task:
        raise ActionLineError("/action needs a task after ' to ', e.g. "
                              "/action Jade to circulate the slides by 30 April")
    owners = tuple(split_names(owner_text))
    due, day = due_typed, None
    if meeting_day is not None:
        due = read_due(due_typed, meeting_day)
        day = parse_day(due) if due else None
    here = list(attending)
    resolved = tuple(resolve_name(n, roster, here) for n in owners)
    return ActionLine(owners, task, due_typed, due, day, completed, resolved, meeting_day)


def _names_people(text: str) -> bool:
    """Whether a passive action's subject reads as names ("Jade", "MPS and Refuge"):
    each part capitalised and short, unlike "Roadmap around ... roles"."""
    parts = split_names(text)
    return bool(parts) and all(p[:1].isupper() and len(p.split()) <= 3 for p in parts)


def _is_date(text: str) -> bool:
    # Whether it is a date does not hang on the day it is read against (any will do).
    return parse_day(text, today=dt.date(2000, 1, 1)) is not None


def _split_due(task: str) -> tuple[str, str]:
    """("circulate the slides by 30 April") -> ("circulate the slides", "30 April")."""
    body = " " + task.rstrip().rstrip(".").rstrip()
    i = body.lower().rfind(" by ")
    if i >= 0:
        due = body[i + 4:].strip()
        if _is_date(due) or _DUE_WORDS.fullmatch(due):
            return body[:i].strip(), due
        try:
            normalise_due(due, today=dt.date(2000, 1, 1))
        except ValueError as exc:
            # Looks like a date but is not one (31/04/2021): say so rather than
            # quietly keeping it as part of the task.
            raise ActionLineError(str(exc)) from None
    body = body.strip()
    # A task ending in ASAP without "by" has it as its due: normalise_due decides what
    # counts as ASAP ("as soon as possible" is four words, "asap" one).
    for n in (4, 1):
        head, *tail = body.rsplit(None, n) if len(body.split()) > n else [body]
        if tail and _is_asap(" ".join(tail)):
            return head.strip(), " ".join(tail)
    return task.strip(), ""


def _is_asap(text: str) -> bool:
    try:
        return normalise_due(text, today=dt.date(2000, 1, 1)) == "ASAP"
    except ValueError:  # date-shaped words are not ASAP
        return False
