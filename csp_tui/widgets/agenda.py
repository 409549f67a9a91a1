"""The agenda pane: one line per item, sub-items indented under their parent."""

from __future__ import annotations

import datetime as dt

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from csp_tui.domain.models import AgendaItem, ItemState
from csp_tui.domain.restriction import item_restricted, lookup
from csp_tui.domain.text import terminal_safe

#: The state marks, one cell each so the columns line up.
MARKS = {ItemState.CURRENT: "▶", ItemState.DONE: "✓", ItemState.DEFERRED: "↷",
         ItemState.PENDING: " "}


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def item_line(item: AgendaItem, now: dt.datetime, width: int, *,
              restricted: bool | None = None) -> Content:
    """One agenda line: mark, restricted flag, number, title — presenter, spent/allowed.
    ``restricted`` is the item's effective flag (see :func:`item_restricted`: a sub-item
    of a restricted item is restricted too); without it, the item's own mark."""
    spent = item.spent_seconds(now)
    used = f"{round(spent / 60)}" if item.timings else "-"
    allowed = f"{item.minutes}" if item.minutes is not None else "-"
    minutes = f"{used}/{allowed}".rjust(5)
    number = f"   {item.number}" if item.parent_id else f"{item.number:>2}"
    flag = item.restricted if restricted is None else restricted
    head = f"{MARKS[item.state]}{'R' if flag else ' '}{number} "
    room = max(4, width - len(head) - len(minutes) - 1)
    # Stored text is shown, never acted on by the terminal (an ESC ] 0 ; title would
    # retitle the window); Content takes it as plain text, so markup stays text too.
    title = _fit(terminal_safe(item.title), room)
    presenter = ""
    if item.presenter and len(title) + 3 < room:
        presenter = _fit(f" — {terminal_safe(item.presenter)}", room - len(title))
    pad = " " * max(1, width - len(head) - len(title) - len(presenter) - len(minutes))
    over = item.minutes is not None and spent > item.minutes * 60
    mark_style = {ItemState.CURRENT: "bold $accent", ItemState.DONE: "$success",
                  ItemState.DEFERRED: "$warning"}.get(item.state, "")
    return Content.assemble(
        (head[0], mark_style), (head[1], "bold $error"), head[2:],
        (title, "bold" if item.state is ItemState.CURRENT else ""),
        (presenter, "dim"), pad, (minutes, "$error" if over else "dim"))


class AgendaPane(OptionList):
    """The meeting's agenda. The screen sets :attr:`items`, :attr:`current_item_id` and
    :attr:`now`; the pane reports choices upward with messages."""

    BINDINGS = [
        Binding("e", "edit", "Edit item", id="agenda.edit-item"),
        Binding("n", "add", "Add item", id="agenda.add-item"),
        Binding("s", "add(True)", "Add sub-item", id="agenda.add-sub-item"),
        Binding("delete", "remove", "Remove item", id="agenda.remove-item"),
        Binding("K,ctrl+up", "move(-1)", "Move up", show=False, id="agenda.move-up"),
        Binding("J,ctrl+down", "move(1)", "Move down", show=False, id="agenda.move-down"),
        Binding("o", "reopen", "Reopen", id="agenda.reopen"),
        Binding("A", "add_action", "Add action (a deferred item stays deferred)",
                id="agenda.add-action"),
        Binding("p", "attach_paper", "Attach paper to item (agenda pack)",
                id="agenda.attach-paper"),
    ]

    items: var[list[AgendaItem]] = var(list, always_update=True)
    current_item_id: var[int | None] = var(None)
    now: var[dt.datetime | None] = var(None)

    class ItemChosen(Message):
        """Enter on an item: make it the current item."""

        def __init__(self, item_id: int) -> None:
            super().__init__()
            self.item_id = item_id

    class ItemKey(Message):
        """A key on the highlighted item (None when the agenda is empty)."""

        def __init__(self, item_id: int | None) -> None:
            super().__init__()
            self.item_id = item_id

    class EditItem(ItemKey):
        """Edit the item."""

    class AddItem(ItemKey):
        """Add an item after it, or a sub-item under it when ``sub``."""

        def __init__(self, item_id: int | None, *, sub: bool) -> None:
            super().__init__(item_id)
            self.sub = sub

    class RemoveItem(ItemKey):
        """Remove the item (after asking)."""

    class MoveItem(ItemKey):
        """Move the item ``delta`` places (-1 up, 1 down)."""

        def __init__(self, item_id: int | None, delta: int) -> None:
            super().__init__(item_id)
            self.delta = delta

    class ReopenItem(ItemKey):
        """Put a done or deferred item back to pending."""

    class AddAction(ItemKey):
        """Add an ACTION under the item, leaving its state (deferred stays deferred)."""

    class AttachPaper(ItemKey):
        """Attach a paper (.docx, .odt, .pdf) to the item, for the agenda pack."""

    _built_width = -1

    def watch_items(self) -> None:
        self._rebuild()

    def watch_current_item_id(self) -> None:
        self._rebuild()

    def on_resize(self) -> None:
        # Lines are fitted to the width: rebuild only when the width changed.
        if self.scrollable_content_region.width != self._built_width:
            self._rebuild()

    def _rebuild(self) -> None:
        # Lines are fitted to the width: none until the first layout gives one, which
        # saves building (and laying out) the whole agenda twice at start-up.
        if not self.is_mounted or not self.scrollable_content_region.width:
            return
        keep = self.highlighted_option.id if self.highlighted_option else None
        now = self.now or dt.datetime.now(dt.UTC)
        region = self.scrollable_content_region
        self._built_width = region.width
        # Fit the lines to the scrollbar these items will have, which may not be the
        # one shown now (none yet at start-up; another meeting's agenda).
        bar = self.styles.scrollbar_size_vertical
        width = region.width + (bar if self.show_vertical_scrollbar else 0)
        if len(self.items) > region.height:
            width -= bar
        width = max(20, width - 1)
        item_of = lookup(self.items)
        self.set_options(Option(item_line(i, now, width, restricted=item_restricted(i, item_of)),
                                id=str(i.id)) for i in self.items)
        target = keep or (str(self.current_item_id) if self.current_item_id else None)
        if target is not None:
            try:
                self.highlighted = self.get_option_index(target)
            except Exception:  # noqa: BLE001 - the item was deleted: keep the default
                pass
        if self.highlighted is None and self.option_count:
            self.highlighted = 0

    def highlight_item(self, item_id: int | None) -> None:
        """Move the highlight to ``item_id`` (e.g. when it becomes current)."""
        if item_id is None:
            return
        try:
            self.highlighted = self.get_option_index(str(item_id))
        except Exception:  # noqa: BLE001 - not in the list
            pass

    @property
    def selected_item_id(self) -> int | None:
        opt = self.highlighted_option
        return int(opt.id) if opt and opt.id else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.ItemChosen(int(event.option.id)))

    def action_edit(self) -> None:
        """Edit the highlighted item."""
        self.post_message(self.EditItem(self.selected_item_id))

    def action_add(self, sub: bool = False) -> None:
        """Add an item after the highlighted one (a sub-item under it when ``sub``)."""
        self.post_message(self.AddItem(self.selected_item_id, sub=sub))

    def action_remove(self) -> None:
        """Remove the highlighted item."""
        self.post_message(self.RemoveItem(self.selected_item_id))

    def action_move(self, delta: int) -> None:
        """Move the highlighted item up (-1) or down (1)."""
        self.post_message(self.MoveItem(self.selected_item_id, delta))

    def action_reopen(self) -> None:
        """Reopen the highlighted item."""
        self.post_message(self.ReopenItem(self.selected_item_id))

    def action_add_action(self) -> None:
        """Add an ACTION to the highlighted item without going to it."""
        self.post_message(self.AddAction(self.selected_item_id))

    def action_attach_paper(self) -> None:
        """Attach a paper to the highlighted item."""
        self.post_message(self.AttachPaper(self.selected_item_id))
