"""The item pane: the current item's minutes as they will read in Word (the lines
themselves are made in :mod:`csp_tui.widgets.minutes_lines`), read and wrapped a page
at a time as they come into view.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.strip import Strip
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from csp_tui.domain.models import Action, Entry, line_order
from csp_tui.widgets.minutes_lines import (
    CARRIED_PAGE,
    ITEM_PAGE,
    CarriedActions,
    ItemLines,
    ItemPages,
    LineKind,
    LineMemo,
    LineRef,
    MinutesView,
    pane_lines,
)
from csp_tui.widgets.paged_options import LazyOption, PagedOptionList

#: Drawn in the left padding of the highlighted line's first row: the line picked reads
#: without colour too (a monochrome terminal, a screen reader's cursor, a photocopy).
MARKER = "▶"

#: Options of lines shown kept for going back to an item: a few screenfuls of each of
#: the last several items (a line that changed is keyed anew, so none shows stale).
KEPT = 1_000

# What the screen and the tests name from the pane's module.
__all__ = ["CARRIED_PAGE", "ITEM_PAGE", "CarriedActions", "ItemLines", "LineKind", "LineRef",
           "MinutesPane", "MinutesView"]


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
        Binding("enter,e", "edit", "Edit line", id="minutes.edit-line"),
        Binding("delete", "delete", "Delete line", id="minutes.delete-line"),
        Binding("K,ctrl+up", "move(-1)", "Line up", id="minutes.line-up"),
        Binding("J,ctrl+down", "move(1)", "Line down", id="minutes.line-down"),
        Binding("c", "complete", "Action completed", id="minutes.complete-action"),
        Binding("u", "update", "Update action", id="minutes.update-action"),
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
    #: a changed item; empty while lines are still to be read.
    _shown: list[tuple] = []
    #: The lines' options as last shown, by what they show (see :class:`LineMemo`).
    _memo: LineMemo = LineMemo()
    #: And those of the items shown before, the oldest dropped first past :data:`KEPT`.
    _kept: dict[tuple, Option] | None = None
    #: The item's own lines as read so far for the view shown.
    _pages: ItemPages | None = None

    def watch_view(self, view: MinutesView | None) -> None:
        keep = self.selected_ref
        # The item shown again (a reload: another program's change, an edit) stays
        # where the note taker had scrolled it; another item starts at its top.
        shown_before = self._pages.view.item.id if self._pages is not None else None
        same_item = view is not None and view.item.id == shown_before
        memo = LineMemo(self._keep(self._memo.made))
        self._memo = memo
        if view is None:
            self._pages = None
            options: list[Option | LazyOption] = []
            more = None
        else:
            # The first page of the item's own lines is read now; the rest as the view
            # or the highlight comes near it, then what follows them.
            self._pages = ItemPages(view, memo)
            options, more = pane_lines(view, self._pages)
        # A line made again only if what it shows changed: its key is what it shows.
        known = {id(o): k for k, o in memo.made.items()}
        keys = [o.key if isinstance(o, LazyOption) else known.get(id(o)) or _line_key(o)
                for o in options]
        shown = self._shown
        if (more is None and shown and len(keys) > len(shown)
                and keys[:len(shown)] == shown):
            # Lines added at the end (another window's Enter): add those alone. Setting
            # every option again would wrap every line once more.
            self.append_options(options[len(shown):])
        else:
            self.show_options(options, more, keep_scroll=same_item)
        # Known whole only when nothing is left to read.
        self._shown = keys if more is None else []
        scroll_y = self.scroll_y
        if keep:
            self.select_ref(keep)
            if same_item:
                # The highlight is kept, but the view stays where it was: bringing an
                # off-screen highlight into view would move it at each reload.
                self.scroll_to(y=scroll_y, animate=False, immediate=True)

    def _keep(self, made: dict[tuple, Option]) -> dict[tuple, Option]:
        """The options kept for the next showing: ``made`` (the last one's) newest."""
        kept = self._kept if self._kept is not None else {}
        for key, option in made.items():
            kept.pop(key, None)
            kept[key] = option
        for key in list(kept)[:max(0, len(kept) - KEPT)]:
            del kept[key]
        self._kept = kept
        return kept

    def append_line(self, line: Entry | Action) -> bool:
        """Show ``line``, just added after the last line of the item shown, without the
        item read or compared again (an Enter on a long item costs what a short one
        does). While some of the item's lines are still to be read, it is left to be
        read in its place with them (shown once, where it belongs: the last line).
        False, changing nothing, when the line would not simply go last (another item;
        lines shown after the item's own; none yet): then the caller shows the item
        afresh."""
        view, pages = self.view, self._pages
        if (view is None or pages is None or view.item.id != line.item_id
                or view.carried is not None or view.forward is not None
                or view.next_meeting or not pages.count or pages.after is None
                or line_order(line) <= pages.after):
            return False
        if not pages.done:
            return True  # its page reads it: given now, it would show twice
        option = pages.option(line)
        if self._shown:
            self._shown = [*self._shown, pages.key]
        # Every line read, but the last ones may not have been given to the list yet
        # (after a reload they wait until the view comes near them): given now, so
        # the new line is given too and can be brought into view, not left waiting
        # below it until the note taker scrolls. No read: they are all in memory.
        self.load_all()
        self.append_options([option])
        return True

    # Picking a line: no wrap-around, and the first key picks a line in view.

    def action_cursor_up(self) -> None:
        """The line above; at the first line, stays there (no wrap to the last)."""
        self._step(-1)

    def action_cursor_down(self) -> None:
        """The line below; at the last line, stays there (no wrap to the first)."""
        self._step(1)

    def _step(self, direction: int) -> None:
        if self.highlighted is None:
            # Coming into the pane: the first line in view, not the item's last line
            # (an Up would otherwise pick it, scrolled to, far from where one looked).
            self.highlighted = self._first_in_view()
            return
        found = self._next_line(self.highlighted + direction, direction)
        while found is None and direction > 0 and self._next_page():
            found = self._next_line(self.highlighted + direction, direction)
        if found is not None:
            self.highlighted = found

    def _next_line(self, start: int, direction: int) -> int | None:
        """The first line (not a heading) from ``start`` on in ``direction``; None at
        the end of what the list has been given: no wrap-around."""
        options = self.options
        index = start
        while 0 <= index < len(options):
            if not options[index].disabled:
                return index
            index += direction
        return None

    def _first_in_view(self) -> int | None:
        """The first line (not a heading) whose first row is in view."""
        self._update_lines()
        top = int(self.scroll_y)
        rows = self._lines[top:top + max(1, self.scrollable_content_region.height)]
        start = next((index for index, row in rows if row == 0), None)
        return None if start is None else self._next_line(start, 1)

    def render_line(self, y: int) -> Strip:
        """A row of the pane; the highlighted line's first row starts with the marker."""
        strip = super().render_line(y)
        row = self.scroll_offset.y + y
        if (self.highlighted is not None and row < len(self._lines)
                and self._lines[row] == (self.highlighted, 0) and strip.cell_length > 1):
            segments = list(strip)
            style = segments[0].style if segments else None
            strip = Strip.join([Strip([Segment(MARKER, style)]), strip.crop(1)])
        return strip

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
