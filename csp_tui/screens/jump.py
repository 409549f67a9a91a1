"""Jump to any agenda item: type to filter, enter to go."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from csp_tui.domain.models import AgendaItem
from csp_tui.domain.text import terminal_safe
from csp_tui.screens.dialog import Dialog


class JumpScreen(Dialog[int | None]):
    """Pick an item by number or words of its title; dismisses with its id."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "move(1)", "Next match", show=False, id="jump.next-match"),
        Binding("up", "move(-1)", "Previous match", show=False, id="jump.previous-match"),
    ]

    def __init__(self, items: list[AgendaItem]) -> None:
        super().__init__()
        self._items = items

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Jump to item (number or title words; enter goes)")
            yield Input(placeholder="e.g. 14.ii or street", id="jump-filter")
            yield OptionList(id="jump-list")

    def on_mount(self) -> None:
        self._fill("")

    @staticmethod
    def _label(item: AgendaItem, parent: str) -> str:
        number = f"{parent}.{item.number.strip('()')}" if item.parent_id else item.number
        return f"{number:>6}  {item.title}  [{item.state.value}]"

    def _fill(self, query: str) -> None:
        words = query.casefold().split()
        parent = ""
        options = []
        for item in self._items:
            if not item.parent_id:
                parent = item.number
            label = self._label(item, parent)
            key = label.casefold()
            if all(w in key for w in words):
                options.append(Option(Content(terminal_safe(label)), id=str(item.id)))
        olist = self.query_one(OptionList)
        olist.set_options(options)
        olist.highlighted = 0 if options else None

    @on(Input.Changed, "#jump-filter")
    def _changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#jump-filter")
    def _submitted(self) -> None:
        opt = self.query_one(OptionList).highlighted_option
        self.dismiss(int(opt.id) if opt and opt.id else None)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id) if event.option.id else None)

    def action_move(self, delta: int) -> None:
        """Move the highlight through the matches, round at the ends."""
        olist = self.query_one(OptionList)
        if olist.option_count:
            olist.highlighted = ((olist.highlighted or 0) + delta) % olist.option_count
