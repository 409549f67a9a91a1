"""What the slash command handlers share: the :class:`Outcome` they return, the meeting
they work on (:class:`Ctx`), where text goes, and the roster names resolve against."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from csp_tui.capture.grammar import CaptureError
from csp_tui.domain.agenda import item_ref
from csp_tui.domain.attendance import join_names
from csp_tui.domain.key_names import named_key
from csp_tui.domain.models import (
    Action,
    AgendaItem,
    Entry,
    Group,
    ItemState,
    Meeting,
    Person,
)
from csp_tui.domain.name_questions import NameQuestion
from csp_tui.domain.names import Resolved, close_person

if TYPE_CHECKING:
    from csp_tui.storage.repository import Repository

Severity = Literal["information", "warning"]


@dataclass(frozen=True)
class Outcome:
    """What a capture line did, so the meeting screen knows what to show and refresh
    without reading the line again."""

    message: str
    severity: Severity = "information"
    #: Plain minutes text went where expected: the message is worth showing only when
    #: it is a warning.
    quiet: bool = False
    entry_added: bool = False  # a line (text, decision, action...) was added
    #: The one line added, as stored (its id and position), when that is all the
    #: line did to the item: the screen appends it to the item pane rather than
    #: reading the whole item again. None when the line did more, or something else.
    added: Entry | Action | None = None
    moved: bool = False  # the current item changed
    changed_agenda: bool = False  # items (titles, states, restricted...) changed
    attendance_changed: bool = False  # who is present, attending, sent apologies
    roster_changed: bool = False  # people joined the board's roster
    phrases_changed: bool = False  # the phrase book grew
    show_help: bool = False  # /help: open the help screen
    #: /approve-minutes: the meeting whose minutes were approved (the screen then
    #: offers to purge its transcript).
    approved_meeting_id: int | None = None

    @property
    def completions_changed(self) -> bool:
        """The names or phrases the capture line completes may have changed (names are
        offered attendance first, so attendance counts too)."""
        return self.roster_changed or self.attendance_changed or self.phrases_changed


@dataclass
class Ctx:
    """The meeting a capture line is carried out on, read once per line."""

    repo: Repository
    meeting: Meeting
    today: dt.date
    items: list[AgendaItem]
    #: The item the line writes under when the note taker chose it (the agenda pane's
    #: A): it is not gone to, so a deferred item stays deferred.
    target_id: int | None = None
    #: The user's keys by binding id (their settings file's keymap; ``app.keymap``), so
    #: that a message names the key they press.
    keys: Mapping[str, str] = field(default_factory=dict)

    def key(self, binding_id: str, default: str) -> str:
        """The key a message names for the binding ``binding_id`` whose own key is
        ``default``: the user's where their keymap moves it."""
        return named_key(self.keys, binding_id, default)

    @property
    def mid(self) -> int:
        """The meeting's id."""
        assert self.meeting.id is not None
        return self.meeting.id

    @property
    def board_id(self) -> int:
        """The meeting's board's id (whose roster names resolve against)."""
        assert self.meeting.board_id is not None
        return self.meeting.board_id

    def current(self) -> AgendaItem | None:
        """The current item, if any."""
        return next((i for i in self.items if i.id == self.meeting.current_item_id), None)

    def ref(self, item: AgendaItem) -> str:
        """"item 14 (ii)" as the agenda numbers it."""
        if item.parent_id is None:
            return item_ref(item.number)
        parent = next((i for i in self.items if i.id == item.parent_id), None)
        return item_ref(item.number, parent.number if parent else "?")


def local_now(repo: Repository) -> dt.datetime:
    """The repository clock's time in the computer's local time zone."""
    return repo.clock().astimezone()


def writing_target(ctx: Ctx) -> tuple[AgendaItem, bool]:
    """The item text goes under: the current one, else the first pending one (to be
    made current). Returns (item, must_move)."""
    chosen = next((i for i in ctx.items if i.id == ctx.target_id), None)
    if chosen is not None:
        return chosen, False
    cur = ctx.current()
    if cur is not None:
        return cur, False
    first = next((i for i in ctx.items if i.state == ItemState.PENDING), None)
    if first is None:
        raise CaptureError("no item is current and none is pending: /goto N to reopen one")
    return first, True


def writing_item(ctx: Ctx, target: tuple[AgendaItem, bool]) -> tuple[AgendaItem, bool]:
    """Make the target of :func:`writing_target` current if it must be (call inside
    the slash command's transaction, so one /undo takes back both)."""
    item, move = target
    if move:
        assert item.id is not None
        ctx.repo.meetings.set_current(ctx.mid, item.id)
    return item, move


def resolve_all(ctx: Ctx, names: Sequence[str]) -> list[Resolved]:
    """Each typed name matched to the board's roster, those attending first."""
    return ctx.repo.people.resolve_names(ctx.mid, names)


def resolve_people(ctx: Ctx, names: Sequence[str]) -> list[Resolved]:
    """Resolve names that must each be one person. A name that fits two roster people
    ("Stephen"), or is not on the roster but close to one person (a misspelling,
    "Surname, First", a short form, an e-mail address), comes back unmatched with the
    people it may be as ``candidates``: :func:`person_for` keeps it as typed and asks
    who it is. A name written with ``+`` before it is a new person, never asked about."""
    new = {n.lstrip("+").strip() for n in names if n.startswith("+")}
    resolved = resolve_all(ctx, [n.lstrip("+").strip() for n in names])
    unknown = [r for r in resolved
               if r.person is None and not r.candidates and r.typed not in new]
    # A name kept as typed in an earlier line or meeting, still unconfirmed, is asked
    # about here too: matching it is no answer.
    unsure = ctx.repo.names.unconfirmed_people(
        [r.person.id for r in resolved if r.person is not None and r.person.id is not None
         and r.typed not in new])
    # The whole roster is read only for a name the roster does not have.
    roster = ctx.repo.people.people(ctx.board_id) if unknown or unsure else []
    by_id = {p.id: p for p in roster}
    out = []
    for r in resolved:
        if r.typed in new and r.person is None:
            r = Resolved(r.typed)
        elif r in unknown and (offered := close_person(r.typed, roster)) is not None:
            r = Resolved(r.typed, None, (offered,))
        elif r.person is not None and r.person.id in unsure:
            r = Resolved(r.typed, r.person, tuple(
                by_id[i] for i in unsure[r.person.id] if i in by_id))
        out.append(r)
    return out


@dataclass
class NewNames:
    """What an attendance line did to the roster: names that ``joined`` it, and names
    kept as typed with a question open about them (``asked``, the questions)."""

    joined: list[str] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)

    def note(self, ctx: Ctx) -> str:
        """"; new to the roster: A and B" and the first question, if any, with the
        user's key that answers it, for the line's message on ``ctx`` (the open
        questions stay shown above the capture area)."""
        out = f"; new to the roster: {join_names(self.joined)}" if self.joined else ""
        if self.asked:
            more = f" (+{len(self.asked) - 1} more)" if len(self.asked) > 1 else ""
            answer = ctx.key("meeting.accept-name", "ctrl+y")
            out += f"; kept as typed: {self.asked[0]}{more} {answer} answers"
        return out

    @property
    def severity(self) -> Severity:
        """A warning when the roster grew or a name waits for an answer."""
        return "warning" if self.joined or self.asked else "information"


def person_for(ctx: Ctx, r: Resolved, group: Group, new: NewNames) -> Person:
    """The roster person for a resolved name. Any other name joins the roster as typed;
    one that may be someone on it (``r.candidates``) stands in for them, marked
    unconfirmed, until the note taker says who it is (call inside the line's
    transaction: one undo takes the line and its question back)."""
    if r.person is not None and not r.candidates:
        return r.person
    person = r.person or ctx.repo.people.add_person(Person(board_id=ctx.board_id, name=r.name,
                                                           group=group))
    assert person.id is not None
    if r.candidates:
        ids = [p.id for p in r.candidates if p.id is not None]
        ctx.repo.names.ask_about_name(ctx.mid, person.id, person.name, ids)
        question = NameQuestion(0, ctx.mid, person.id, person.name, person.name,
                                tuple((p.id or 0, p.name) for p in r.candidates))
        if question.ask() not in new.asked:
            new.asked.append(question.ask())
    elif person.name not in new.joined:
        new.joined.append(person.name)
    return person
