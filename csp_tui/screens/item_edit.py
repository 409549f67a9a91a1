"""Edit an agenda item: title, presenter, minutes allowed, restricted, public summary."""

from __future__ import annotations

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Checkbox, Input, Label

from csp_tui.domain.models import AgendaItem, error_message
from csp_tui.screens.dialog import FormDialog
from csp_tui.widgets.keys import key_for


class ItemEditScreen(FormDialog[AgendaItem | None]):
    """Dismisses with the edited (validated) item, or None when cancelled.

    Bad values (an empty title, negative minutes) are reported inline and the form
    stays open with what was typed.
    """

    def __init__(self, item: AgendaItem) -> None:
        super().__init__()
        self._item = item

    def compose(self) -> ComposeResult:
        item = self._item
        with Vertical(classes="dialog"):
            yield Label(f"Edit item {item.number} (Enter or {key_for(self.app, 'form.save')} "
                        f"saves, {key_for(self.app, 'dialog.cancel')} cancels)")
            yield Input(item.title, placeholder="Title", id="title")
            yield Input(item.presenter, placeholder="Presenter", id="presenter")
            yield Input("" if item.minutes is None else str(item.minutes),
                        placeholder="Minutes allowed", id="minutes", restrict=r"\d*")
            yield Checkbox("Restricted", item.restricted, id="restricted")
            yield Input(item.public_summary, placeholder="Public summary (restricted items)",
                        id="summary")
            yield Label("", classes="error", id="error")
            yield from self.buttons()

    def action_save(self) -> None:
        """Validate the form; dismiss with the item, or show what is wrong."""
        value = {f: self.query_one(f"#{f}", Input).value for f in
                 ("title", "presenter", "minutes", "summary")}
        try:
            edited = AgendaItem.model_validate({
                **self._item.model_dump(),
                "title": value["title"], "presenter": value["presenter"],
                "minutes": int(value["minutes"]) if value["minutes"].strip() else None,
                "restricted": self.query_one("#restricted", Checkbox).value,
                "public_summary": value["summary"]})
        except (ValidationError, ValueError) as exc:
            self.query_one("#error", Label).update(error_message(exc))
            return
        self.dismiss(edited)
