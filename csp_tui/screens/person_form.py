"""Add someone to the roster on the fly, or edit someone already there."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Select

from csp_tui.domain.models import Group, Person, error_message
from csp_tui.screens.dialog import Dialog
from csp_tui.widgets.keys import key_for


class PersonFormScreen(Dialog[Person | None]):
    """Name, post title, organisation, e-mail, group. Dismisses with the (unsaved)
    Person, or None."""

    def __init__(self, name: str = "", person: Person | None = None) -> None:
        super().__init__()
        self._person = person or Person(name=name.strip() or "?")
        self._name = person.name if person else name
        self._editing = person is not None

    def compose(self) -> ComposeResult:
        p = self._person
        with Vertical(classes="dialog"):
            yield Label(f"Edit {p.name}" if self._editing else "Add a person to the roster",
                        classes="title")
            yield _field("Full name, e.g. Fiona Taylor", "add-name", self._name)
            yield _field("Post title (optional)", "add-post", p.post_title)
            yield _field("Organisation (optional)", "add-org", p.organisation)
            yield _field("E-mail (optional)", "add-email", p.email)
            yield Select([(g.value, g) for g in Group], value=p.group, allow_blank=False,
                         id="add-group")
            yield Label(("Enter saves" if self._editing else "Enter adds")
                        + f" · {key_for(self.app, 'dialog.cancel')} cancels", classes="hint")

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        name = self.query_one("#add-name", Input).value.strip()
        if not name:
            self.notify("Type the person's name first", severity="error")
            self.query_one("#add-name", Input).focus()
            return
        group = self.query_one("#add-group", Select).value
        try:
            person = self._person.model_copy(update={
                "name": name, "post_title": self.query_one("#add-post", Input).value,
                "organisation": self.query_one("#add-org", Input).value,
                "email": self.query_one("#add-email", Input).value,
                "group": group if isinstance(group, Group) else Group.MEMBER})
            person = Person.model_validate(person.model_dump())
        except ValueError as exc:
            self.notify(error_message(exc), severity="error")
            return
        self.dismiss(person)


def _field(placeholder: str, id: str, value: str) -> Input:
    return Input(value, placeholder=placeholder, id=id, select_on_focus=False)
