"""The meeting model: every record the app, the exporters and the storage share.

Pydantic v2 models, validated wherever data enters (files, command line, capture line).
Dates are ``datetime.date``; clock times are ``datetime.time``; timestamps are
timezone-aware UTC ``datetime``.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from csp_tui.domain.agenda import DEFAULT_BOARD
from csp_tui.domain.dates import day_words, due_date, format_times
from csp_tui.domain.house_style import Style, default_style, fill
from csp_tui.domain.text import one_line

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Text = Annotated[str, StringConstraints(strip_whitespace=True)]


class _Model(BaseModel):
    # defer_build: each model's validator is built when first used, not at import,
    # which keeps the app's start-up close to a bare Textual app's.
    model_config = ConfigDict(validate_assignment=True, extra="forbid", defer_build=True)


class Group(StrEnum):
    """How a person sits on the board."""

    MEMBER = "member"
    ADVISER = "adviser"
    OBSERVER = "observer"


class MeetingState(StrEnum):
    """Where a meeting's minutes are in their lifecycle (see domain/lifecycle.py)."""

    DRAFT = "draft"
    LIVE = "live"
    CLOSED = "closed"
    CIRCULATED = "circulated"
    APPROVED = "approved"


class AttendanceStatus(StrEnum):
    PRESENT = "present"
    ATTENDEE = "attendee"  # additional attendee
    APOLOGIES = "apologies"
    ABSENT = "absent"


class Role(StrEnum):
    CHAIR = "chair"
    DEPUTY_CHAIR = "deputy chair"
    NOTE_TAKER = "note taker"


class ItemState(StrEnum):
    PENDING = "pending"
    CURRENT = "current"
    DONE = "done"
    DEFERRED = "deferred"


class EntryKind(StrEnum):
    PARAGRAPH = "paragraph"
    BULLET = "bullet"
    NUMBERED = "numbered"
    DECISION = "decision"
    DECLARATION = "declaration"
    # A restricted sub-heading inside an item ("RESTRICTED MPS Update on ...").
    HEADING = "heading"
    # A committee's resolution ("RESOLVED: that ...", /resolved).
    RESOLUTION = "resolution"


class ActionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in progress"
    COMPLETED = "completed"
    DROPPED = "dropped"


class Rag(StrEnum):
    RED = "R"
    AMBER = "A"
    GREEN = "G"


class Board(_Model):
    """A board whose meetings are minuted, e.g. the Community Safety Partnership."""

    id: int | None = None
    name: NonEmpty


class Person(_Model):
    """Someone on a board's roster."""

    id: int | None = None
    board_id: int | None = None
    name: NonEmpty
    post_title: Text = ""
    organisation: Text = ""
    email: Text = ""
    group: Group = Group.MEMBER


class NextMeeting(_Model):
    """The "Date of Next Meeting" block."""

    date: dt.date
    start: dt.time | None = None
    end: dt.time | None = None
    venue: Text = ""
    chair: Text = ""

    @model_validator(mode="after")
    def _end_after_start(self) -> NextMeeting:
        if self.start and self.end and self.end <= self.start:
            raise ValueError("the end time must be after the start time")
        return self


class Meeting(_Model):
    """One board meeting."""

    id: int | None = None
    board_id: int | None = None
    board_name: Text = ""
    date: dt.date
    start: dt.time | None = None
    end: dt.time | None = None
    venue: Text = ""
    chair: Text = ""
    note_taker: Text = ""
    state: MeetingState = MeetingState.DRAFT
    next_meeting: NextMeeting | None = None
    current_item_id: int | None = None
    draft: str = ""

    @model_validator(mode="after")
    def _end_after_start(self) -> Meeting:
        if self.start and self.end and self.end <= self.start:
            raise ValueError("the end time must be after the start time")
        return self

    def next_meeting_lines(self, style: Style | None = None) -> list[str]:
        """The Date of Next Meeting block, a line each: the board, the day and times,
        the venue, the chair (none when no next meeting is set), as the house style
        writes them. The Word minutes and the app's item pane both print this, so they
        never differ."""
        nxt = self.next_meeting
        if nxt is None:
            return []
        st = (style or default_style())
        block = st.next_meeting
        board = self.board_name or DEFAULT_BOARD
        if block.add_board and not board.casefold().endswith("board"):
            board += " Board"
        times = format_times(nxt.start, nxt.end, st)
        day = day_words(nxt.date, block.day, st)
        lines = [board, fill(block.day_times, day=day, times=times) if times else day]
        if nxt.venue:
            lines.append(nxt.venue)
        if nxt.chair:
            lines.append(fill(block.chair, name=nxt.chair))
        return lines


class Attendance(_Model):
    """A person's attendance at one meeting."""

    id: int | None = None
    meeting_id: int | None = None
    person_id: int
    person_name: Text = ""
    status: AttendanceStatus = AttendanceStatus.PRESENT
    role: Role | None = None
    arrived: dt.time | None = None  # set when the person arrived late
    left: dt.time | None = None  # set when the person left early
    #: The member this person attended as a substitute for (a roster person's id).
    substitute_for: int | None = None
    substitute_for_name: Text = ""


class Timing(_Model):
    """One stretch of time an item was current; ``stopped`` is None while it runs."""

    started: dt.datetime
    stopped: dt.datetime | None = None

    def seconds(self, now: dt.datetime) -> float:
        return ((self.stopped or now) - self.started).total_seconds()


class AgendaItem(_Model):
    """An agenda item, or a sub-item when ``parent_id`` is set."""

    id: int | None = None
    meeting_id: int | None = None
    parent_id: int | None = None
    position: int = 0
    number: Text = ""  # "4", or "(ii)" for a sub-item
    title: NonEmpty
    presenter: Text = ""
    minutes: int | None = Field(default=None, ge=0, le=24 * 60)
    restricted: bool = False
    public_summary: Text = ""
    #: The paragraph of Schedule 12A (1-7) that makes a restricted item exempt.
    exempt_paragraph: int | None = Field(default=None, ge=1, le=7)
    #: The minute number fixed when the minutes were circulated (None: not yet).
    minute_seq: int | None = Field(default=None, ge=1)
    #: The agenda's words under the title ("Verbal item"); the page export prints them.
    description: Text = ""
    state: ItemState = ItemState.PENDING
    deferred_reason: Text = ""
    timings: list[Timing] = Field(default_factory=list)

    def spent_seconds(self, now: dt.datetime) -> float:
        """Seconds this item has been current, from the stored timestamps."""
        return sum(t.seconds(now) for t in self.timings)

    @property
    def running(self) -> bool:
        return bool(self.timings) and self.timings[-1].stopped is None


class Entry(_Model):
    """One paragraph, bullet, numbered point, decision or declaration of an item."""

    id: int | None = None
    item_id: int
    position: int = 0
    kind: EntryKind = EntryKind.PARAGRAPH
    text: NonEmpty


class ActionUpdate(_Model):
    """One change to an action, kept in its history."""

    id: int | None = None
    action_id: int | None = None
    at: dt.datetime
    status: ActionStatus | None = None
    note: Text = ""
    change: Text = ""  # what changed, e.g. "due: ASAP -> 2021-06-30"


class MinutedAction(_Model):
    """An action as its meeting minuted it: what that meeting's minutes print, whatever
    later happens to the live action (its status, due date, owner, notes)."""

    owner: Text = ""
    task: NonEmpty
    due: Text = ""
    #: The status its minutes print once circulated (fixed then, see
    #: :func:`csp_tui.domain.lifecycle.minutes_action`); None: never fixed (open).
    status: ActionStatus | None = None


class Action(_Model):
    """An ACTION raised in a meeting, against the item where it was raised.

    The fields are the live action; ``minuted`` is the form agreed in its meeting
    (None: the same as the live one, e.g. in a backup written before the two parted).
    """

    id: int | None = None
    meeting_id: int | None = None
    item_id: int | None = None
    position: int = 0
    owner: Text = ""  # as written: "Jade Hodgson", "MPS", "Board chairs"
    owner_ids: list[int] = Field(default_factory=list)  # roster people it resolves to
    task: NonEmpty
    due: Text = ""  # "2021-10-31" or words such as "ASAP", "next board"
    status: ActionStatus = ActionStatus.OPEN
    rag: Rag | None = None
    created: dt.datetime | None = None
    updates: list[ActionUpdate] = Field(default_factory=list)
    minuted: MinutedAction | None = None

    @property
    def due_date(self) -> dt.date | None:
        return due_date(self.due)

    @property
    def is_open(self) -> bool:
        return self.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


#: Where a line sits in its item's minutes: ``(position, 0 for an entry or 1 for an
#: action, id)``; entries and actions share the positions, an entry before an action
#: at the same one.
LineOrder = tuple[int, int, int]


def line_order(line: Entry | Action) -> LineOrder:
    """The order an item's lines print in (the item pane and the minutes alike)."""
    return order_of(line.position, isinstance(line, Action), line.id or 0)


def order_of(position: int, is_action: bool, row_id: int) -> LineOrder:
    """:func:`line_order` from a line's stored fields (by position; at one position
    entries before actions; then by id), for code that reads the rows alone."""
    return (position, 1 if is_action else 0, row_id)


class ForwardPlanItem(_Model):
    """An item for a later board, captured with ``/forward``."""

    id: int | None = None
    meeting_id: int | None = None
    title: NonEmpty
    presenter: Text = ""
    when: Text = ""


class MeetingRecord(_Model):
    """A whole meeting with everything in it: what exporters and JSON backup use."""

    meeting: Meeting
    people: list[Person] = Field(default_factory=list)
    attendance: list[Attendance] = Field(default_factory=list)
    items: list[AgendaItem] = Field(default_factory=list)
    entries: list[Entry] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)
    # Open (and recently closed) actions of earlier meetings, reviewed under
    # "Minutes and Action Log".
    carried_actions: list[Action] = Field(default_factory=list)
    forward_plan: list[ForwardPlanItem] = Field(default_factory=list)

    def entries_of(self, item_id: int | None) -> list[Entry]:
        return [e for e in self.entries if e.item_id == item_id]

    def actions_of(self, item_id: int | None) -> list[Action]:
        return [a for a in self.actions if a.item_id == item_id]

    def children_of(self, item_id: int | None) -> list[AgendaItem]:
        return [i for i in self.items if i.parent_id == item_id]

    def item(self, item_id: int | None) -> AgendaItem | None:
        return next((i for i in self.items if i.id == item_id), None)


def error_message(exc: Exception) -> str:
    """One human line from a pydantic ValidationError (or any exception)."""
    if isinstance(exc, ValidationError):
        parts = []
        for err in exc.errors():
            # A key of the file read (a JSON key may hold a newline) stays on the line.
            loc = ".".join(one_line(str(p)) for p in err["loc"] if p != "__root__")
            msg = err["msg"].removeprefix("Value error, ")
            parts.append(f"{loc}: {msg}" if loc else msg)
        return "; ".join(parts)
    return str(exc)
