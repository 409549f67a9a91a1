"""The item pane: the current item's minutes as they will read in Word.

Each line that can be edited is an option named by a :class:`LineRef` (what it is and
its row id), so the screen can edit, move, delete or update it. Headings are disabled
options.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import StrEnum

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from csp_tui.domain.agenda import item_heading
from csp_tui.domain.models import (
    Action,
    ActionStatus,
    AgendaItem,
    Entry,
    EntryKind,
    ForwardPlanItem,
    ItemState,
    Person,
)
from csp_tui.domain.restriction import RESTRICTED_SENTENCE
from csp_tui.domain.text import terminal_safe
from csp_tui.widgets.paged_options import LazyOption, PagedOptionList

#: Carried actions read from the database at a time: two-line actions enough to fill
#: a 40-line pane; a taller one reads the next page at once (PagedOptionList._fill).
CARRIED_PAGE = 20


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
class MinutesView:
    """What the item pane shows; built by the screen from the repository."""

    item: AgendaItem
    entries: list[Entry] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
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


def owner_content(action: Action, names: dict[int, str]) -> Content:
    """The owner as written; each name that stands for none of the roster people the
    owner resolved to is marked."""
    # Loaded with the first action shown, not at start-up (names brings difflib and
    # its own regex and dataclasses); a meeting opens on an item often without one.
    from csp_tui.domain.names import split_names_keeping

    # Built, not validated: the first validation of a Person builds pydantic's
    # validator for it (18 ms, on the first frame of a meeting opening on an action).
    owners = [Person.model_construct(id=i, name=names[i])
              for i in action.owner_ids if i in names]
    pieces = split_names_keeping(action.owner)
    # Names and the separators between them alternate; only names are marked.
    parts: list[Content | str | tuple[str, str]] = [
        _owner_part(p, owners) if k % 2 == 0 else terminal_safe(p)
        for k, p in enumerate(pieces)]
    return Content.assemble(*parts)


def _owner_part(name: str, owners: list[Person]) -> tuple[str, str]:
    from csp_tui.domain.names import resolve_name

    if not name.strip() or resolve_name(name, owners).person is not None:
        return (terminal_safe(name), "")
    # Kept as written, flagged so the note taker can fix or add the person later.
    return (f"{terminal_safe(name)}?", "underline $warning")



def action_line(action: Action, names: dict[int, str], *, carried: bool = False) -> Content:
    """ "ACTION: owner to task (due)", bold, as the Word minutes print it."""
    from csp_tui.domain.dates import due_words  # with the first action, as names above

    parts: list[Content | str | tuple[str, str]] = ["ACTION: "]
    if action.owner:
        parts += [owner_content(action, names), " to "]
    parts.append(terminal_safe(action.task.rstrip(".")))
    parts.append(terminal_safe(due_words(action.due)))
    parts.append(".")
    line = Content.assemble(*parts).stylize("bold")
    if carried:
        done = action.status in (ActionStatus.COMPLETED, ActionStatus.DROPPED)
        tag = f" ({action.status.value.upper()})"
        line = Content.assemble(line, (tag, "$success" if done else "$warning"))
    return line


class LineMemo:
    """The options of an item's lines by what each shows, kept from one showing to the
    next: an Enter re-reads the item, but only its new line is made (and wrapped)."""

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


def minutes_options(view: MinutesView, carried: list[Action] | None = None,
                    memo: LineMemo | None = None) -> list[Option | LazyOption]:
    """The pane's lines in the order the minutes will print them; of the carried
    actions, those in ``carried`` (the first page: the pane asks for the others as they
    come into view)."""
    # Every stored text goes through terminal_safe (shown, never acted on by the
    # terminal) into Content as plain text (so "[b]" in a title is not markup).
    item = view.item
    out: list[Option | LazyOption] = []
    heading = item_heading(item.number, terminal_safe(item.title.upper()),
                           sub=item.parent_id is not None)
    out.append(Option(Content.styled(heading, "bold"), disabled=True))
    if item.presenter:
        out.append(Option(Content.styled(f"Presented by {terminal_safe(item.presenter)}",
                                         "dim italic"), disabled=True))
    if view.restricted:
        summary = item.public_summary or RESTRICTED_SENTENCE
        out.append(Option(Content.assemble(("RESTRICTED", "bold $error"),
                                           f" — public summary: {terminal_safe(summary)}"),
                          disabled=True))
    if item.state is ItemState.DEFERRED and item.deferred_reason:
        out.append(Option(Content.styled(terminal_safe(item.deferred_reason),
                                         "italic $warning"), disabled=True))
    lines: list[tuple[int, int, int, Entry | Action]] = (
        [(e.position, 0, e.id or 0, e) for e in view.entries]
        + [(a.position, 1, a.id or 0, a) for a in view.actions])
    memo = memo if memo is not None else LineMemo()
    names = names_key(view.names)
    number = 0
    for _, _, _, line in sorted(lines, key=lambda x: x[:3]):
        number = _next_number(line, number)
        out.append(line_option(line, number, view.names, names, memo))
    for line in view.next_meeting:
        out.append(Option(terminal_safe(line), disabled=True))
    if len(out) and not view.entries and not view.actions and not view.next_meeting:
        out.append(Option(Content.styled("(no minutes yet: type below)", "dim"),
                          disabled=True))
    if view.forward is not None:
        out.append(Option(Content.styled("Forward plan (/forward TITLE | PRESENTER | WHEN)",
                                         "bold $accent"), disabled=True))
        for f in view.forward:
            extra = ", ".join(x for x in (f.presenter, f.when) if x)
            out.append(Option(Content(terminal_safe(
                f"- {f.title}" + (f" ({extra})" if extra else ""))), disabled=True))
    if view.carried is not None:
        out.append(Option(Content.styled("Actions from earlier meetings "
                                         "(c: completed, u: update)", "bold $accent"),
                          disabled=True))
        if not carried:
            out.append(Option(Content.styled("(none outstanding)", "dim"), disabled=True))
        out += carried_options(carried or [], view.names)
    return out


def _next_number(line: Entry | Action, number: int) -> int:
    """The number a line shows after a line that showed ``number``: numbered points
    count up until any other line (a paragraph, an action) starts them again at 1."""
    return number + 1 if isinstance(line, Entry) and line.kind is EntryKind.NUMBERED else 0


def names_key(names: dict[int, str]) -> tuple:
    """The roster names as part of an action line's key (its owners are marked by them)."""
    return tuple(sorted(names.items()))


def line_option(line: Entry | Action, number: int, names: dict[int, str], key: tuple,
                memo: LineMemo) -> Option | LazyOption:
    """The option of one of the item's own lines (``number``: a numbered point's;
    ``key``: :func:`names_key` of ``names``), kept in ``memo`` under what it shows."""
    return memo.option(*_line_parts(line, number, names, key))


def _line_parts(line: Entry | Action, number: int, names: dict[int, str],
                key: tuple) -> tuple[tuple, Callable[[], Option]]:
    """What a line of the item shows (its memo key) and how to make its option."""
    if isinstance(line, Action):
        # This meeting's own action, as its minutes print it (minuted, not live).
        m = line.minuted or line
        return (("action", line.id, m.owner, m.task, m.due, tuple(line.owner_ids), key),
                lambda: Option(action_line(line.as_minuted(), names),
                               id=LineRef(LineKind.ACTION, line.id or 0).option_id))
    return (("entry", line.id, line.kind, line.text, number),
            lambda: Option(_entry_content(line, number),
                           id=LineRef(LineKind.ENTRY, line.id or 0).option_id))


def carried_options(actions: list[Action], names: dict[int, str]) -> list[Option]:
    """The lines of earlier meetings' actions, each with its status."""
    return [Option(action_line(a, names, carried=True),
                   id=LineRef(LineKind.CARRIED, a.id or 0).option_id) for a in actions]


def _entry_content(entry: Entry, number: int) -> Content:
    text = terminal_safe(entry.text)
    match entry.kind:
        case EntryKind.BULLET:
            return Content(f"- {text}")
        case EntryKind.NUMBERED:
            return Content(f"{number}. {text}")
        case EntryKind.DECISION:
            return Content.styled(text, "italic $success")
        case EntryKind.DECLARATION:
            return Content.styled(text, "$secondary")
        case EntryKind.HEADING:
            return Content.styled(text, "bold")
        case _:
            return Content(text)


def _line_key(option: Option) -> tuple:
    """What a line of the pane shows: its id, whether it is a heading, its text and
    styles (Content's own equality looks at the text alone)."""
    prompt = option.prompt
    if isinstance(prompt, Content):
        return (option.id, option.disabled, prompt.plain, tuple(prompt.spans))
    return (option.id, option.disabled, str(prompt), ())


class MinutesPane(PagedOptionList):
    """The current item's minutes; the screen sets :attr:`view`."""

    BINDINGS = [
        Binding("enter,e", "edit", "Edit line"),
        Binding("delete", "delete", "Delete line"),
        Binding("K,ctrl+up", "move(-1)", "Line up"),
        Binding("J,ctrl+down", "move(1)", "Line down"),
        Binding("c", "complete", "Action completed"),
        Binding("u", "update", "Update action"),
    ]

    view: var[MinutesView | None] = var(None, always_update=True)

    class LineKey(Message):
        """A key on the highlighted line."""

        def __init__(self, ref: LineRef) -> None:
            super().__init__()
            self.ref = ref

    class EditLine(LineKey):
        """Edit the line: its text, or an action's form."""

    class DeleteLine(LineKey):
        """Delete the line."""

    class MoveLine(LineKey):
        """Move the line ``delta`` places (-1 up, 1 down)."""

        def __init__(self, ref: LineRef, delta: int) -> None:
            super().__init__(ref)
            self.delta = delta

    class CompleteAction(LineKey):
        """Mark the action on the line completed."""

    class UpdateAction(LineKey):
        """Change the action's status and add a note to its history."""

    #: What each shown line says (see :func:`_line_key`), to tell an added line from
    #: a changed item.
    _shown: list[tuple] = []
    #: The lines' options as last shown, by what they show (see :class:`LineMemo`).
    _memo: LineMemo = LineMemo()

    def watch_view(self, view: MinutesView | None) -> None:
        keep = self.selected_ref
        carried = view.carried if view else None
        # Only the first page of carried actions is read now; the rest as it is shown.
        first = carried.page(0, CARRIED_PAGE) if carried else None
        memo = LineMemo(self._memo.made)
        options = minutes_options(view, first, memo) if view else []
        self._memo = memo
        # A line made again only if what it shows changed: its key is what it shows.
        known = {id(o): k for k, o in memo.made.items()}
        keys = [o.key if isinstance(o, LazyOption) else known.get(id(o)) or _line_key(o)
                for o in options]
        shown = self._shown
        if shown and len(keys) > len(shown) and keys[:len(shown)] == shown:
            # An Enter added lines at the end: add those alone. Setting every option
            # again would wrap every line of a long item once more.
            self.append_options(options[len(shown):])
        else:
            more = None
            if carried is not None and first is not None and len(first) == CARRIED_PAGE:
                more = self._carried_pages(carried, view.names if view else {})
            self.show_options(options, more)
        self._shown = keys
        if keep:
            self.select_ref(keep)

    def append_line(self, line: Entry | Action) -> bool:
        """Show ``line``, just added at the end of the item shown, as one more line,
        without the item read or compared again (an Enter on a long item costs what a
        short one does). False, changing nothing, when the line would not simply go
        last (another item; lines shown after the item's own; none yet): then the
        caller shows the item afresh."""
        view = self.view
        if (view is None or view.item.id != line.item_id or view.carried is not None
                or view.forward is not None or view.next_meeting
                or not (view.entries or view.actions) or not self._shown):
            return False
        if any(x.position >= line.position for x in [*view.entries, *view.actions]):
            return False
        # The last line shown is one of the item's own (nothing follows them here).
        before = self._shown[-1]
        number = _next_number(line, before[4] if before[0] == "entry" else 0)
        key, make = _line_parts(line, number, view.names, names_key(view.names))
        option = self._memo.option(key, make)
        self._shown = [*self._shown, key]
        if isinstance(line, Action):
            view = replace(view, actions=[*view.actions, line])
        else:
            view = replace(view, entries=[*view.entries, line])
        self.set_reactive(MinutesPane.view, view)  # shown already: no watcher
        self.append_options([option])
        return True

    @staticmethod
    def _carried_pages(carried: CarriedActions,
                       names: dict[int, str]) -> Callable[[], list[Option]]:
        """The carried actions after the first page, a page each call."""
        offset = CARRIED_PAGE

        def more() -> list[Option]:
            nonlocal offset
            page = carried.page(offset, CARRIED_PAGE)
            offset += len(page)
            return carried_options(page, names)

        return more

    def select_ref(self, ref: LineRef) -> None:
        """Highlight the line ``ref`` if it is shown (or still to be shown)."""
        index = self.option_index(ref.option_id)
        if index is not None:  # else the line has gone (deleted, or another item)
            self.highlighted = index

    @property
    def selected_ref(self) -> LineRef | None:
        """The highlighted line, unless it is a heading."""
        opt = self.highlighted_option
        return LineRef.from_option_id(opt.id) if opt and opt.id and not opt.disabled else None

    def _send(self, message: type[LineKey], *args: int) -> None:
        ref = self.selected_ref
        if ref is None:
            self.app.bell()
            return
        self.post_message(message(ref, *args))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()

    def action_edit(self) -> None:
        """Edit the highlighted line."""
        self._send(self.EditLine)

    def action_delete(self) -> None:
        """Delete the highlighted line."""
        self._send(self.DeleteLine)

    def action_move(self, delta: int) -> None:
        """Move the highlighted line up (-1) or down (1)."""
        self._send(self.MoveLine, delta)

    def action_complete(self) -> None:
        """Mark the highlighted action completed."""
        self._send(self.CompleteAction)

    def action_update(self) -> None:
        """Update the highlighted action."""
        self._send(self.UpdateAction)
