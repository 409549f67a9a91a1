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

Pure and cheap to import: the item pane's first frame uses it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from csp_tui.domain.agenda import StandardItem, item_kind, roman_value
from csp_tui.domain.committee import (
    committee_style,
    exclusion_text,
    resolution_text,
)
from csp_tui.domain.dates import due_words
from csp_tui.domain.house_style import Style, default_style, fill
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
from csp_tui.domain.names import resolve_name, split_names_keeping
from csp_tui.domain.restriction import (
    public_summary_note,
    restricted_action_line,
    restricted_heading,
)

# Every phrase and format of these lines is the house style's (``style``, the board's;
# None: the default, :mod:`csp_tui.domain.house_style`).


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


def cased(text: str, case: str) -> str:
    """``text`` in a house style's case: "upper", "title" or "as-typed"."""
    if case == "upper":
        return text.upper()
    if case == "title":
        return " ".join(w[:1].upper() + w[1:] for w in text.split(" "))
    return text


def sub_item_number(number: str, style: Style) -> str:
    """A sub-item's number as the style numbers them: "(ii)", "(b)" or "(2)" (the
    agenda stores roman numerals; any other number is printed as stored)."""
    k = roman_value(number.strip().strip("()"))
    if k is None or style.headings.subitem_numbers == "roman":
        return number
    if style.headings.subitem_numbers == "letter" and k <= 26:
        return f"({chr(ord('a') + k - 1)})"
    return f"({k})"


def heading_line(item: AgendaItem, restricted: bool, style: Style | None = None,
                 minute: str = "") -> Para:
    """"4. STREET SPACE PILOT", "(ii) PERFORMANCE REPORT", "11. RESTRICTED: PREVENT
    UPDATE" (``restricted``: the item is, or sits under one that is); with a minute
    number (``minute``, the committee style), "60/18 STREET SPACE PILOT"."""
    heads = (style or default_style()).headings
    title = cased(item.title, heads.case)
    if restricted:
        title = restricted_heading(title, style)
    sub = item.parent_id is not None
    if minute and not sub:
        return Para(Kind.ITEM, fill(committee_style(style).minute_heading, number=minute,
                                    title=title), item_id=item.id)
    if not item.number:
        text = fill(heads.unnumbered, title=title)
    elif sub:
        text = fill(heads.subitem, number=sub_item_number(item.number, style or default_style()),
                    title=title)
    else:
        text = fill(heads.item, number=item.number, title=title)
    return Para(Kind.SUBITEM if sub else Kind.ITEM, text, item_id=item.id)


def exclusion_line(item: AgendaItem, paragraph: int | None,
                   style: Style | None = None) -> Para | None:
    """The resolution excluding the public from an exempt item, citing its paragraph
    of Schedule 12A (None: no paragraph recorded; see
    :func:`csp_tui.domain.restriction.exclusion_paragraph`)."""
    if paragraph is None:
        return None
    return Para(Kind.DECISION, exclusion_text(style, paragraph), item_id=item.id)


def deferral_line(item: AgendaItem, style: Style | None = None) -> Para | None:
    """Why a deferred item was deferred (None: it was not)."""
    if item.state is not ItemState.DEFERRED:
        return None
    return Para(Kind.BODY, item.deferred_reason or (style or default_style()).deferral.bare,
                item_id=item.id)


def summary_line(item: AgendaItem, restricted: bool,
                 style: Style | None = None) -> Para | None:
    """In the full version, a restricted item's public summary, said to be one."""
    if not (restricted and item.public_summary):
        return None
    return Para(Kind.BODY, public_summary_note(item.public_summary, style), item_id=item.id)


# --- An item's own lines ------------------------------------------------------------


def next_number(line: Entry | Action, number: int) -> int:
    """The number ``line`` shows after a line that showed ``number`` (0: none):
    numbered points count up; any other line (a paragraph, a bullet, an action) starts
    them again at 1."""
    return number + 1 if isinstance(line, Entry) and line.kind is EntryKind.NUMBERED else 0


def item_line(line: Entry | Action, number: int = 0,
              names: Mapping[int, str] | None = None,
              state: MeetingState = MeetingState.LIVE, style: Style | None = None, *,
              resolution: tuple[int, int] = (0, 1)) -> Para:
    """An item's own line as its minutes print it; ``number`` is what
    :func:`next_number` gave it, ``resolution`` (which, of how many) what
    :func:`next_resolution` and :func:`resolution_count` give it. ``names`` (person id
    -> name): mark the owners of an action who matched nobody on the roster. An action
    is printed as the lifecycle says its own meeting's minutes print it in ``state``
    (the draft follows the action; circulation fixes it:
    :func:`csp_tui.domain.lifecycle.minutes_action`)."""
    if isinstance(line, Action):
        return action_line(minutes_action(line, state), names, style=style)
    return entry_line(line, number, style, resolution=resolution)


def is_resolution(line: Entry | Action, style: Style | None = None) -> bool:
    """Whether a line prints as a resolution: one typed with ``/resolved``, or a
    decision (``/agreed``) where the style says decisions are resolutions."""
    if not isinstance(line, Entry):
        return False
    return line.kind is EntryKind.RESOLUTION or (
        line.kind is EntryKind.DECISION and committee_style(style).agreed_is_resolution)


def resolution_count(lines: Iterable[Entry | Action], style: Style | None = None) -> int:
    """How many of an item's lines are resolutions (several: they are numbered)."""
    return sum(1 for line in lines if is_resolution(line, style))


def next_resolution(line: Entry | Action, index: int, style: Style | None = None) -> int:
    """The number the resolution ``line`` shows after ``index`` resolutions (lines
    that are not resolutions leave it as it was)."""
    return index + 1 if is_resolution(line, style) else index


def entry_line(entry: Entry, number: int = 0, style: Style | None = None, *,
               resolution: tuple[int, int] = (0, 1)) -> Para:
    """A paragraph, bullet, numbered point (``number``), decision, resolution (which of
    how many: ``resolution``), declaration or sub-heading."""
    st = style or default_style()
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
            return Para(Kind.NUMBERED, entry.text, marker=fill(st.lists.number, n=number),
                        item_id=item_id)
        case EntryKind.DECISION:
            return Para(Kind.DECISION, fill(st.decisions.single, text=entry.text),
                        item_id=item_id)
        case EntryKind.DECLARATION:
            return Para(Kind.BODY, declaration_text(entry.text, st), item_id=item_id)
        case EntryKind.HEADING:
            return Para(Kind.HEADING, entry.text, item_id=item_id)
        case _:
            return Para(Kind.BODY, entry.text, item_id=item_id)


def declaration_text(text: str, style: Style | None = None) -> str:
    """"Councillor Worby: trustee of X" -> "Declaration of interest: Councillor Worby -
    trustee of X"."""
    words = (style or default_style()).sentences
    name, sep, interest = text.partition(":")
    if sep and name.strip() and interest.strip():
        return fill(words.declaration, name=name.strip(), interest=interest.strip())
    return fill(words.declaration_plain, text=text)


# --- The action sentence --------------------------------------------------------------


def action_line(action: Action, names: Mapping[int, str] | None = None,
                status: ActionStatus | None = None, style: Style | None = None) -> Para:
    """The one action sentence: "ACTION: Jade Hodgson to circulate the slides by 30
    April 2021." and its status suffix (``status``, else the action's own).

    An owner starts the sentence, then "to" and the task (a task stored as "to ..."
    is not given a second "to"); an action with no owner, or a passive one ("Roadmap
    ... to be presented to the board"), is its task with a capital. ``names`` (person
    id -> name): mark the owner's names that stand for none of the roster people the
    action was matched to."""
    st = style or default_style()
    task = action.task.strip().rstrip(".").strip()
    if task[:3].casefold() == "to " and task[3:].strip():
        task = task[3:].strip()  # "to review the ISA": the sentence says "to" itself
    owner = action.owner.strip()
    head = st.actions.prefix
    if owner:
        body = fill(st.actions.owned, owner=owner, task=task)
    else:
        body = task[:1].upper() + task[1:]
    stop = "." if st.actions.full_stop else ""
    text = (f"{head}{body}{due_words(action.due, st)}{stop}"
            f"{status_suffix(status or action.status, st)}")
    marks = _unmatched(owner, action.owner_ids, names, len(head)) if names is not None else ()
    return Para(Kind.ACTION, text, item_id=action.item_id, unmatched=marks)


def action_sentence(action: Action, status: ActionStatus | None = None,
                    style: Style | None = None) -> str:
    """The words of :func:`action_line`."""
    return action_line(action, status=status, style=style).text


#: The status an action sentence ends with: one rule, the lifecycle's.
status_suffix = status_mark


def _unmatched(owner: str, owner_ids: Iterable[int], names: Mapping[int, str],
               start: int) -> tuple[Span, ...]:
    """Where, in a sentence whose owner begins at ``start``, the owner's names stand
    for none of the roster people ``owner_ids`` (an organisation, a name kept as
    typed)."""
    if not owner:
        return ()

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
                 names: Mapping[int, str] | None = None, style: Style | None = None) -> Para:
    """An earlier meeting's action under Minutes and Action Log, as it stands now (its
    status said); ``hidden``: raised under a restricted item, in the public version."""
    st = style or default_style()
    if hidden:
        return Para(Kind.ACTION, f"{restricted_action_line(st)}{status_suffix(action.status, st)}")
    return action_line(action, names, style=st)


def outstanding_line(item_id: int | None, style: Style | None = None) -> Para:
    """"The following actions remain outstanding." (before the earlier meetings' open
    actions)."""
    return Para(Kind.BODY, (style or default_style()).sentences.outstanding, item_id=item_id)


def forward_line(item: ForwardPlanItem) -> Para:
    """An item for a later board: "Knife crime (MPS, June)"."""
    extra = ", ".join(s for s in (item.presenter, item.when) if s)
    return Para(Kind.BULLET, f"{item.title} ({extra})" if extra else item.title)


def closing_lines(item: AgendaItem, *, wrote: bool,
                  forward: Iterable[ForwardPlanItem] = (),
                  next_meeting: Iterable[str] = (), style: Style | None = None) -> list[Para]:
    """What the minutes print after an item's own lines (``wrote``: it has some),
    by the standard item it is: "No declarations of interest to note." under a
    Declaration of Interests with none (and not deferred), the forward plan under
    Forward Plan, the next meeting's block under Date of Next Meeting. (The earlier
    meetings' actions under Minutes and Action Log: :func:`carried_line`.)"""
    kind = item_kind(item.title, item.parent_id)
    if kind is StandardItem.DECLARATIONS:
        if wrote or item.state is ItemState.DEFERRED:
            return []
        return [Para(Kind.BODY, (style or default_style()).sentences.no_declarations,
                     item_id=item.id)]
    if kind is StandardItem.FORWARD_PLAN:
        return [_in(forward_line(f), item.id) for f in forward]
    if kind is StandardItem.NEXT_MEETING:
        return [Para(Kind.BODY, line, item_id=item.id) for line in next_meeting]
    return []


def _in(para: Para, item_id: int | None) -> Para:
    return Para(para.kind, para.text, para.label, para.marker, item_id, para.unmatched)
