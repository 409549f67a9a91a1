"""What the item pane's lines show, and where they come from: the current item's
minutes as they will read in Word, its own lines and the carried actions read from the
database a page at a time.

The words of every line of the minutes come from the model the Word and Markdown
minutes are built from (:mod:`csp_tui.domain.minutes_lines`); :func:`para_content`
only styles them. What the pane adds of its own is said as such and never mistaken
for minutes: the presenter, what the public minutes print of a restricted item, the
placeholder of an empty item and the hints above the forward plan and the earlier
meetings' actions.

Each line that can be edited is an option named by a :class:`LineRef` (what it is and
its row id), so the screen can edit, move, delete or update it. Headings are disabled
options.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from textual.content import Content
from textual.widgets.option_list import Option

from csp_tui.domain.house_style import Style, default_style
from csp_tui.domain.lifecycle import minutes_action
from csp_tui.domain.minutes_lines import (
    Kind,
    Para,
    carried_line,
    closing_lines,
    deferral_line,
    heading_line,
    item_line,
    next_number,
    status_suffix,
    summary_line,
)
from csp_tui.domain.models import (
    Action,
    AgendaItem,
    Entry,
    ForwardPlanItem,
    LineOrder,
    MeetingState,
    line_order,
)
from csp_tui.domain.restriction import restricted_sentence
from csp_tui.domain.text import terminal_safe
from csp_tui.widgets.paged_options import LazyOption

#: Carried actions read from the database at a time: two-line actions enough to fill
#: a 40-line pane; a taller one reads the next page at once (PagedOptionList._fill).
CARRIED_PAGE = 20
#: An item's own lines read from the database at a time: more than the pane shows at
#: 80x24 or 120x40, so a short item is read whole, at once.
ITEM_PAGE = 50


class LineKind(StrEnum):
    """What a line of the item pane is."""

    ENTRY = "entry"
    ACTION = "action"
    #: An earlier meeting's action, under Minutes and Action Log.
    CARRIED = "carried"


@dataclass(frozen=True)
class LineRef:
    """One line of the item pane: its kind and the id of its row."""

    kind: LineKind
    id: int

    @property
    def option_id(self) -> str:
        """The line's option id in the pane ("entry:12")."""
        return f"{self.kind.value}:{self.id}"

    @classmethod
    def of(cls, line: Entry | Action) -> LineRef:
        """The item's own line ``line`` (an entry, or this meeting's action)."""
        return cls(LineKind.ACTION if isinstance(line, Action) else LineKind.ENTRY,
                   line.id or 0)

    @classmethod
    def from_option_id(cls, option_id: str) -> LineRef:
        """The reverse of :attr:`option_id`."""
        kind, _, row_id = option_id.partition(":")
        return cls(LineKind(kind), int(row_id))


@dataclass(frozen=True)
class CarriedActions:
    """The actions of earlier meetings a meeting reviews, read a page at a time as the
    pane shows them (there may be tens of thousands): ``fetch(meeting_id, offset,
    limit)`` is the repository's ``carried_actions``."""

    fetch: Callable[[int, int, int], list[Action]]
    meeting_id: int

    def page(self, offset: int, limit: int) -> list[Action]:
        """``limit`` actions from the ``offset``-th, in the order the minutes list them."""
        return self.fetch(self.meeting_id, offset, limit)


@dataclass(frozen=True)
class ItemLines:
    """An item's own lines (entries and actions, in the order the minutes print them),
    read a page at a time as the pane shows them (a long item holds thousands):
    ``fetch(item_id, after, limit)`` is the repository's ``item_lines``."""

    fetch: Callable[[int, LineOrder | None, int], list[Entry | Action]]
    item_id: int

    def page(self, after: LineOrder | None, limit: int) -> list[Entry | Action]:
        """``limit`` lines after the line at ``after`` (None: from the first)."""
        return self.fetch(self.item_id, after, limit)


@dataclass(frozen=True)
class MinutesView:
    """What the item pane shows; built by the screen from the repository."""

    item: AgendaItem
    #: The item's own lines (None: it has none).
    lines: ItemLines | None = None
    #: Open actions of earlier meetings (the Minutes and Action Log item), else None.
    carried: CarriedActions | None = None
    #: person id -> name, to tell matched owners from unmatched ones.
    names: dict[int, str] = field(default_factory=dict)
    #: Items for later boards (``/forward``), shown under the Forward Plan item.
    forward: list[ForwardPlanItem] | None = None
    #: The item is restricted, or sits under one that is (the screen asks the rule).
    restricted: bool = False
    #: The Date of Next Meeting block (``Meeting.next_meeting_lines``), under that item only.
    next_meeting: list[str] = field(default_factory=list)
    #: The meeting's lifecycle state: how its own actions print (``minutes_action``).
    state: MeetingState = MeetingState.LIVE
    #: The board's house style: every phrase and format of the lines, as Word prints them.
    style: Style = field(default_factory=default_style)


#: How the pane styles each kind of line (the rest are plain).
_STYLES: dict[Kind, str] = {
    Kind.ITEM: "bold", Kind.SUBITEM: "bold", Kind.HEADING: "bold", Kind.ACTION: "bold",
    Kind.DECISION: "italic $success",
}
#: An owner who matched nobody on the roster: marked, its words as Word prints them.
UNMATCHED = "underline $warning"


def para_content(para: Para) -> Content:
    """A line of the minutes as the pane shows it: the model's words, styled. Every
    stored text goes through terminal_safe (shown, never acted on by the terminal) into
    Content as plain text (so "[b]" in a title is not markup)."""
    parts: list[str | tuple[str, str]] = []
    if para.kind is Kind.BULLET:
        parts.append("- ")
    elif para.marker:
        parts.append(f"{para.marker} ")
    at = 0
    for start, end in para.unmatched:
        parts += [terminal_safe(para.text[at:start]),
                  (terminal_safe(para.text[start:end]), UNMATCHED)]
        at = end
    parts.append(terminal_safe(para.text[at:]))
    content = Content.assemble(*parts)
    style = _STYLES.get(para.kind)
    return content.stylize(style) if style else content


def _chrome(text: str, style: str) -> Option:
    """A line of the pane's own (not of the minutes), never highlighted."""
    return Option(Content.styled(terminal_safe(text), style), disabled=True)


class LineMemo:
    """The options of the pane's lines by what each shows, kept from one showing to
    the next (the pane keeps those of the last few items shown): when an item is shown
    afresh (``/undo``, ``/next`` back to it, an edit, going back to it), only the lines
    that changed are made again."""

    def __init__(self, last: dict[tuple, Option] | None = None) -> None:
        self.last = last or {}
        #: The options made or reused this time, by what they show.
        self.made: dict[tuple, Option] = {}

    def option(self, key: tuple, make: Callable[[], Option]) -> Option | LazyOption:
        """The option for the line ``key`` says: the last one if it showed the same,
        else one made when the pane is given it (see :class:`LazyOption`)."""
        option = self.last.get(key)
        if option is None:
            return LazyOption(key, lambda: self._keep(key, make()))
        self.made[key] = option
        return option

    def _keep(self, key: tuple, option: Option) -> Option:
        self.made[key] = option
        return option


def head_options(view: MinutesView) -> list[Option | LazyOption]:
    """The lines above the item's own: its heading, presenter, what the public minutes
    print of a restricted item, why it was deferred."""
    item = view.item
    out: list[Option | LazyOption] = [
        Option(para_content(heading_line(item, view.restricted, view.style)), disabled=True)]
    if item.presenter:
        out.append(_chrome(f"Presented by {item.presenter}", "dim italic"))
    summary = summary_line(item, view.restricted, view.style)
    if view.restricted and summary is None:
        # The pane shows the full minutes; what the public ones print instead is said.
        out.append(_chrome(f"Public minutes: {restricted_sentence(view.style)}",
                           "italic $error"))
    for para in (deferral_line(item, view.style), summary):
        if para is not None:
            out.append(Option(para_content(para), disabled=True))
    return out


class ItemPages:
    """The options of an item's own lines, read a page at a time: where the reading
    stopped (the last line read and the number it showed) is kept, so the next page,
    or a line an Enter adds, goes on from there (numbered points count on across
    pages)."""

    def __init__(self, view: MinutesView, memo: LineMemo) -> None:
        self.view = view
        self.memo = memo
        self._names = names_key(view.names)
        #: The last line read (None: none yet), its number and its memo key.
        self.after: LineOrder | None = None
        self.number = 0
        self.key: tuple = ()
        #: Lines read so far.
        self.count = 0
        #: Every line has been read.
        self.done = view.lines is None

    def next_page(self) -> list[Option | LazyOption]:
        """The options of the next page of lines ([] when every line is read)."""
        if self.done or self.view.lines is None:
            return []
        page = self.view.lines.page(self.after, ITEM_PAGE)
        self.done = len(page) < ITEM_PAGE
        return [self.option(line) for line in page]

    def carried(self, actions: list[Action]) -> list[Option | LazyOption]:
        """The options of earlier meetings' actions, each with its status."""
        return [self.memo.option(*_carried_parts(a, self.view.names, self._names,
                                                        self.view.style))
                for a in actions]

    def option(self, line: Entry | Action) -> Option | LazyOption:
        """The option of ``line``, the line after the last one read."""
        self.number = next_number(line, self.number)
        self.after = line_order(line)
        self.count += 1
        self.key, make = _line_parts(line, self.number, self.view.names, self._names,
                                     self.view.state, self.view.style)
        return self.memo.option(self.key, make)


def tail_options(view: MinutesView, pages: ItemPages,
                 carried: list[Action] | None) -> list[Option | LazyOption]:
    """The lines after the item's own (read whole: ``pages.done``): what the minutes
    print after them (no declarations, the forward plan, the next meeting's block),
    else "(no minutes yet)", and, of the carried actions, those in ``carried`` (the
    first page: the pane asks for the others as they come into view)."""
    closing = closing_lines(view.item, wrote=bool(pages.count), forward=view.forward or (),
                            next_meeting=view.next_meeting, style=view.style)
    out: list[Option | LazyOption] = []
    if not pages.count and not closing:
        out.append(_chrome("(no minutes yet: type below)", "dim"))
    if view.forward is not None:
        out.append(_chrome("Forward plan (/forward TITLE | PRESENTER | WHEN)", "bold $accent"))
    out += [Option(para_content(p), disabled=True) for p in closing]
    if view.carried is not None:
        out.append(_chrome("Actions from earlier meetings (c: completed, u: update)",
                           "bold $accent"))
        if not carried:
            out.append(_chrome("(none outstanding)", "dim"))
        out += pages.carried(carried or [])
    return out


def names_key(names: dict[int, str]) -> tuple:
    """The roster names as part of an action line's key (its owners are marked by them)."""
    return tuple(sorted(names.items()))


def _line_parts(line: Entry | Action, number: int, names: dict[int, str],
                key: tuple, state: MeetingState = MeetingState.LIVE,
                style: Style | None = None) -> tuple[tuple, Callable[[], Option]]:
    """What a line of the item shows (its memo key) and how to make its option."""
    def make() -> Option:
        return Option(para_content(item_line(line, number, names, state, style)),
                      id=LineRef.of(line).option_id)

    if isinstance(line, Action):
        # Shown as the lifecycle says its minutes print it: the key is that form.
        m = minutes_action(line, state)
        return (("action", line.id, m.owner, m.task, m.due, m.status,
                 tuple(line.owner_ids), key), make)
    return (("entry", line.id, line.kind, line.text, number), make)


def _carried_parts(action: Action, names: dict[int, str],
                   key: tuple, style: Style | None = None
                   ) -> tuple[tuple, Callable[[], Option]]:
    """What an earlier meeting's action shows, with its status (its memo key), and how
    to make its option."""
    def make() -> Option:
        content = para_content(carried_line(action, names=names, style=style))
        if suffix := status_suffix(action.status, style):
            # Done with: its status (the words the minutes print) in the success colour.
            end = len(content.plain)
            content = content.stylize("$success", end - len(suffix), end)
        return Option(content, id=LineRef(LineKind.CARRIED, action.id or 0).option_id)

    return (("carried", action.id, action.status, action.owner, action.task, action.due,
             tuple(action.owner_ids), key), make)


#: Options the pane is given together: made, or waiting to be made (see LazyOption).
Lines = list[Option | LazyOption]


def pane_lines(view: MinutesView, pages: ItemPages) -> tuple[Lines, Callable[[], Lines] | None]:
    """The pane's first lines (the heading and the first page of the item's own lines,
    then, if that was all of them, what follows), and where the rest come from: a page
    each call, [] at the end (None: there is no more)."""
    out = [*head_options(view), *pages.next_page()]
    carried = view.carried
    if not pages.done:
        rest = _rest(view, pages)
    else:
        first = carried.page(0, CARRIED_PAGE) if carried else None
        out += tail_options(view, pages, first)
        if carried is None or first is None or len(first) < CARRIED_PAGE:
            return out, None
        rest = _carried_pages(carried, pages, CARRIED_PAGE)
    return out, lambda: next(rest, [])


def _rest(view: MinutesView, pages: ItemPages) -> Iterator[list[Option | LazyOption]]:
    """The item's lines after its first page, then what follows them."""
    while not pages.done:
        if page := pages.next_page():
            yield page
    carried = view.carried
    first = carried.page(0, CARRIED_PAGE) if carried else None
    if tail := tail_options(view, pages, first):
        yield tail
    if carried is not None and first is not None and len(first) == CARRIED_PAGE:
        yield from _carried_pages(carried, pages, CARRIED_PAGE)


def _carried_pages(carried: CarriedActions, pages: ItemPages,
                   offset: int) -> Iterator[list[Option | LazyOption]]:
    """The carried actions from the ``offset``-th, a page at a time."""
    while page := carried.page(offset, CARRIED_PAGE):
        offset += len(page)
        yield pages.carried(page)
