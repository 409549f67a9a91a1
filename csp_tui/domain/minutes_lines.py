"""The minutes' lines: one model that the item pane, the Word and the Markdown minutes
all render from, so that what the note taker proofreads is what Word prints.

Each line is a :class:`Para`: what it is (:class:`Kind`), its words, a list marker
("2." for a numbered point; numbering counts up over numbered points and starts again
at 1 after any other line), and which stretches of its text name an action owner who
matched nobody on the roster. Renderers only style a :class:`Para`: Word maps its kind
to a named style, Markdown to markup, the item pane to colours. None of them adds or
changes a word.

Here are the rules for the words: the action sentence (owned, ownerless, passive, a
task stored as "to ..."), declarations, deferrals, an item's heading (restricted or
not), the forward plan, the earlier meetings' actions. What the *public* version of a
restricted item withholds is decided by the document builder
(:mod:`csp_tui.exporters.document`), which asks these functions only for what it
publishes.

Pure and cheap to import: the item pane's first frame uses it (roster-name matching and
due-date words are loaded with the first action shown).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from csp_tui.domain.agenda import StandardItem, item_heading, item_kind
from csp_tui.domain.committee import (
    AnyStyle,
    committee_style,
    exclusion_text,
    resolution_text,
)
from csp_tui.domain.house_style import fill
from csp_tui.domain.lifecycle import minutes_action, status_mark
from csp_tui.domain.models import (
    Action,
    ActionStatus,
    AgendaItem,
    Entry,
    EntryKind,
    ForwardPlanItem,
    ItemState,
    MeetingState,
    Person,
)

NO_DECLARATIONS = "No declarations of interest to note."
OUTSTANDING = "The following actions remain outstanding."
#: What the minutes say of a deferred item whose reason was not given.
ITEM_DEFERRED = "Item deferred."
#: What the public minutes print for an earlier meeting's action raised under a
#: restricted item (its status follows).
RESTRICTED_ACTION = "ACTION: Restricted."


class Kind(StrEnum):
    """What a line is; each kind has one named Word style."""

    TITLE = "title"
    DATE = "date"
    ATTENDANCE = "attendance"
    ITEM = "item"
    SUBITEM = "subitem"
    HEADING = "heading"  # a sub-heading inside an item
    BODY = "body"
    BULLET = "bullet"
    NUMBERED = "numbered"
    DECISION = "decision"
    ACTION = "action"


#: A stretch ``(start, end)`` of a line's text.
Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Para:
    """One line (paragraph) of the minutes.

    ``label`` is a bold lead-in ("Members Present:"); ``marker`` is a list number
    ("2.") for numbered points; ``item_id`` is the agenda item it belongs to;
    ``unmatched`` are the stretches of ``text`` naming an action owner who matched
    nobody on the roster (only worked out when asked for: the item pane marks them).
    """

    kind: Kind
    text: str
    label: str = ""
    marker: str = ""
    item_id: int | None = None
    unmatched: tuple[Span, ...] = ()


# --- An item's head: its heading, why it was deferred, its public summary ------------


def heading_line(item: AgendaItem, restricted: bool, minute: str = "",
                 style: AnyStyle = None) -> Para:
    """"4. STREET SPACE PILOT", "(ii) PERFORMANCE REPORT", "11. RESTRICTED: PREVENT
    UPDATE" (``restricted``: the item is, or sits under one that is); with a minute
    number (``minute``, the committee style), "60/18 STREET SPACE PILOT"."""
    title = item.title.upper()
    if restricted:
        title = f"RESTRICTED: {title}"
    sub = item.parent_id is not None
    if minute and not sub:
        return Para(Kind.ITEM, fill(committee_style(style).minute_heading, number=minute,
                                    title=title), item_id=item.id)
    return Para(Kind.SUBITEM if sub else Kind.ITEM, item_heading(item.number, title, sub=sub),
                item_id=item.id)


def exclusion_line(item: AgendaItem, paragraph: int | None,
                   style: AnyStyle = None) -> Para | None:
    """The resolution excluding the public from an exempt item, citing its paragraph
    of Schedule 12A (None: no paragraph recorded; see
    :func:`csp_tui.domain.restriction.exclusion_paragraph`)."""
    if paragraph is None:
        return None
    return Para(Kind.DECISION, exclusion_text(style, paragraph), item_id=item.id)


def deferral_line(item: AgendaItem) -> Para | None:
    """Why a deferred item was deferred (None: it was not)."""
    if item.state is not ItemState.DEFERRED:
        return None
    return Para(Kind.BODY, item.deferred_reason or ITEM_DEFERRED, item_id=item.id)


def summary_line(item: AgendaItem, restricted: bool) -> Para | None:
    """In the full version, a restricted item's public summary, said to be one."""
    if not (restricted and item.public_summary):
        return None
    return Para(Kind.BODY, f"Public summary: {item.public_summary}", item_id=item.id)


# --- An item's own lines ------------------------------------------------------------


def next_number(line: Entry | Action, number: int) -> int:
    """The number ``line`` shows after a line that showed ``number`` (0: none):
    numbered points count up; any other line (a paragraph, a bullet, an action) starts
    them again at 1."""
    return number + 1 if isinstance(line, Entry) and line.kind is EntryKind.NUMBERED else 0


def item_line(line: Entry | Action, number: int = 0,
              names: Mapping[int, str] | None = None,
              state: MeetingState = MeetingState.LIVE, *,
              resolution: tuple[int, int] = (0, 1),
              style: AnyStyle = None) -> Para:
    """An item's own line as its minutes print it; ``number`` is what
    :func:`next_number` gave it, ``resolution`` (which, of how many) what
    :func:`next_resolution` and :func:`resolution_count` give it. ``names`` (person id
    -> name): mark the owners of an action who matched nobody on the roster. An action
    is printed as the lifecycle says its own meeting's minutes print it in ``state``
    (the draft follows the action; circulation fixes it:
    :func:`csp_tui.domain.lifecycle.minutes_action`)."""
    if isinstance(line, Action):
        return action_line(minutes_action(line, state), names)
    return entry_line(line, number, resolution=resolution, style=style)


def is_resolution(line: Entry | Action, style: AnyStyle = None) -> bool:
    """Whether a line prints as a resolution: one typed with ``/resolved``, or a
    decision (``/agreed``) where the style says decisions are resolutions."""
    if not isinstance(line, Entry):
        return False
    return line.kind is EntryKind.RESOLUTION or (
        line.kind is EntryKind.DECISION and committee_style(style).agreed_is_resolution)


def resolution_count(lines: Iterable[Entry | Action], style: AnyStyle = None) -> int:
    """How many of an item's lines are resolutions (several: they are numbered)."""
    return sum(1 for line in lines if is_resolution(line, style))


def next_resolution(line: Entry | Action, index: int, style: AnyStyle = None) -> int:
    """The number the resolution ``line`` shows after ``index`` resolutions (lines
    that are not resolutions leave it as it was)."""
    return index + 1 if is_resolution(line, style) else index


def entry_line(entry: Entry, number: int = 0, *, resolution: tuple[int, int] = (0, 1),
               style: AnyStyle = None) -> Para:
    """A paragraph, bullet, numbered point (``number``), decision, resolution (which of
    how many: ``resolution``), declaration or sub-heading."""
    item_id = entry.item_id
    if is_resolution(entry, style):
        index, count = resolution
        label = committee_style(style).resolved_label if index <= 1 or count <= 1 else ""
        return Para(Kind.DECISION, resolution_text(style, entry.text, index, count),
                    label=label, item_id=item_id)
    match entry.kind:
        case EntryKind.BULLET:
            return Para(Kind.BULLET, entry.text, item_id=item_id)
        case EntryKind.NUMBERED:
            return Para(Kind.NUMBERED, entry.text, marker=f"{number}.", item_id=item_id)
        case EntryKind.DECISION:
            return Para(Kind.DECISION, entry.text, item_id=item_id)
        case EntryKind.DECLARATION:
            return Para(Kind.BODY, declaration_text(entry.text), item_id=item_id)
        case EntryKind.HEADING:
            return Para(Kind.HEADING, entry.text, item_id=item_id)
        case _:
            return Para(Kind.BODY, entry.text, item_id=item_id)


def declaration_text(text: str) -> str:
    """"Councillor Worby: trustee of X" -> "Declaration of interest: Councillor Worby -
    trustee of X"."""
    name, sep, interest = text.partition(":")
    if sep and name.strip() and interest.strip():
        return f"Declaration of interest: {name.strip()} - {interest.strip()}"
    return f"Declaration of interest: {text}"


# --- The action sentence --------------------------------------------------------------


def action_line(action: Action, names: Mapping[int, str] | None = None,
                status: ActionStatus | None = None) -> Para:
    """The one action sentence: "ACTION: Jade Hodgson to circulate the slides by 30
    April 2021." and its status suffix (``status``, else the action's own).

    An owner starts the sentence, then "to" and the task (a task stored as "to ..."
    is not given a second "to"); an action with no owner, or a passive one ("Roadmap
    ... to be presented to the board"), is its task with a capital. ``names`` (person
    id -> name): mark the owner's names that stand for none of the roster people the
    action was matched to."""
    from csp_tui.domain.dates import due_words  # with the first action, not at start-up

    task = action.task.strip().rstrip(".").strip()
    if task[:3].casefold() == "to " and task[3:].strip():
        task = task[3:].strip()  # "to review the ISA": the sentence says "to" itself
    owner = action.owner.strip()
    head = "ACTION: "
    if owner:
        body = f"{owner} to {task}"
    else:
        body = task[:1].upper() + task[1:]
    text = f"{head}{body}{due_words(action.due)}.{status_suffix(status or action.status)}"
    marks = _unmatched(owner, action.owner_ids, names, len(head)) if names is not None else ()
    return Para(Kind.ACTION, text, item_id=action.item_id, unmatched=marks)


def action_sentence(action: Action, status: ActionStatus | None = None) -> str:
    """The words of :func:`action_line`."""
    return action_line(action, status=status).text


#: The status an action sentence ends with: one rule, the lifecycle's.
status_suffix = status_mark


def _unmatched(owner: str, owner_ids: Iterable[int], names: Mapping[int, str],
               start: int) -> tuple[Span, ...]:
    """Where, in a sentence whose owner begins at ``start``, the owner's names stand
    for none of the roster people ``owner_ids`` (an organisation, a name kept as
    typed)."""
    if not owner:
        return ()
    # Loaded with the first action shown, not at start-up (names brings difflib and
    # its own regexes).
    from csp_tui.domain.names import resolve_name, split_names_keeping

    # Built, not validated: the first validation of a Person builds pydantic's
    # validator for it (18 ms, on the first frame of a meeting opening on an action).
    people = [Person.model_construct(id=i, name=names[i]) for i in owner_ids if i in names]
    marks: list[Span] = []
    at = start
    # Names and the separators between them alternate; only names are looked up.
    for k, piece in enumerate(split_names_keeping(owner)):
        name = piece.strip()
        if k % 2 == 0 and name and resolve_name(name, people).person is None:
            lead = len(piece) - len(piece.lstrip())
            marks.append((at + lead, at + lead + len(name)))
        at += len(piece)
    return tuple(marks)


# --- What follows an item's own lines -------------------------------------------------


def carried_line(action: Action, *, hidden: bool = False,
                 names: Mapping[int, str] | None = None) -> Para:
    """An earlier meeting's action under Minutes and Action Log, as it stands now (its
    status said); ``hidden``: raised under a restricted item, in the public version."""
    if hidden:
        return Para(Kind.ACTION, f"{RESTRICTED_ACTION}{status_suffix(action.status)}")
    return action_line(action, names)


def forward_line(item: ForwardPlanItem) -> Para:
    """An item for a later board: "Knife crime (MPS, June)"."""
    extra = ", ".join(s for s in (item.presenter, item.when) if s)
    return Para(Kind.BULLET, f"{item.title} ({extra})" if extra else item.title)


def closing_lines(item: AgendaItem, *, wrote: bool,
                  forward: Iterable[ForwardPlanItem] = (),
                  next_meeting: Iterable[str] = ()) -> list[Para]:
    """What the minutes print after an item's own lines (``wrote``: it has some),
    by the standard item it is: "No declarations of interest to note." under a
    Declaration of Interests with none (and not deferred), the forward plan under
    Forward Plan, the next meeting's block under Date of Next Meeting. (The earlier
    meetings' actions under Minutes and Action Log: :func:`carried_line`.)"""
    kind = item_kind(item.title, item.parent_id)
    if kind is StandardItem.DECLARATIONS:
        if wrote or item.state is ItemState.DEFERRED:
            return []
        return [Para(Kind.BODY, NO_DECLARATIONS, item_id=item.id)]
    if kind is StandardItem.FORWARD_PLAN:
        return [_in(forward_line(f), item.id) for f in forward]
    if kind is StandardItem.NEXT_MEETING:
        return [Para(Kind.BODY, line, item_id=item.id) for line in next_meeting]
    return []


def _in(para: Para, item_id: int | None) -> Para:
    return Para(para.kind, para.text, para.label, para.marker, item_id, para.unmatched)
