"""The base of every dialog: a box centred over the screen it was opened from."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar, TypeVar

from textual.binding import Binding, BindingType
from textual.screen import ModalScreen

ResultType = TypeVar("ResultType")

#: The worker group of the screens' workers that wait for a dialog's answer
#: (``push_screen_wait``); they end only when the dialog does.
DIALOG_WORKERS = "dialog"


class Dialog(ModalScreen[ResultType]):
    """A modal dialog. Its box is the child with the class ``dialog``; every dialog's
    look lives in ``dialog.tcss`` (the box, its title, hint and error lines, and the few
    dialogs that are wider or taller). Esc cancels: the dialog dismisses with None
    unless a subclass binds escape to an answer of its own."""

    # Absolute: Textual reads a relative CSS_PATH beside the subclass's module.
    CSS_PATH: ClassVar = Path(__file__).with_name("dialog.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def action_cancel(self) -> None:
        """Close without an answer."""
        self.dismiss(None)
