"""The base of every dialog: a box centred over the screen it was opened from."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Button, Input

from csp_tui.screens.workers import DIALOG_WORKERS

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from csp_tui.widgets.text_field import WrappedField

__all__ = ["DIALOG_WORKERS", "Dialog", "FormDialog"]

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    """A modal dialog. Its box is the child with the class ``dialog``; every dialog's
    look lives in ``dialog.tcss`` (the box, its title, hint and error lines, and the few
    dialogs that are wider or taller). Esc cancels: the dialog dismisses with None
    unless a subclass binds escape to an answer of its own."""

    # Absolute: Textual reads a relative CSS_PATH beside the subclass's module.
    CSS_PATH: ClassVar = Path(__file__).with_name("dialog.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel",
                                                     id="dialog.cancel")]

    def action_cancel(self) -> None:
        """Close without an answer."""
        self.dismiss(None)


class ImportDialog(Dialog[ResultType]):
    """A dialog that reads a file into the open meeting: in a worker thread, on a
    connection of its own to ``db_path`` (the agenda and the transcript imports)."""

    def __init__(self, db_path: Path, meeting_id: int) -> None:
        super().__init__()
        self._db_path = db_path
        self._meeting_id = meeting_id


class FormDialog(Dialog[ResultType]):
    """A dialog of fields ending in Save and Cancel buttons (:meth:`buttons`): Enter in
    any field, ctrl+s or Save calls :meth:`action_save`; Cancel or Esc closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+s", "save", "Save", id="form.save")]

    @staticmethod
    def buttons() -> ComposeResult:
        """The Save and Cancel row, at the foot of the form."""
        with Horizontal(classes="buttons"):
            yield Button("Save", variant="primary", id="save")
            yield Button("Cancel", id="cancel")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_wrapped_field_submitted(self, event: WrappedField.Submitted) -> None:
        # A wrapped field (an action's task) saves on Enter as a one-line one does.
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.dismiss(None)

    def action_save(self) -> None:
        """Check the fields; dismiss with the result, or say what is wrong."""
        raise NotImplementedError
