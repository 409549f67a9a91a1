"""Every key of the app by its binding's id, and the user's keys over them.

Each :class:`~textual.binding.Binding` has a stable ``id`` ("meeting.next-item"); the
user's settings file maps ids to keys (:mod:`csp_tui.services.settings`) and the app
hands that map to Textual (``App.set_keymap``), which puts the user's keys in place of
the binding's own wherever it is in force. This module lists the bindings for
``csp keys`` and for checking a settings file's ids.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from textual.binding import Binding

from csp_tui.domain.key_names import key_label
from csp_tui.screens.attendance import AttendanceScreen
from csp_tui.screens.attendance_review import ReviewScreen
from csp_tui.screens.confirm import ConfirmScreen
from csp_tui.screens.dialog import Dialog, FormDialog
from csp_tui.screens.edit_text import EditTextScreen
from csp_tui.screens.help import HelpScreen
from csp_tui.screens.jump import JumpScreen
from csp_tui.screens.meeting import MeetingScreen
from csp_tui.screens.meetings import MeetingsScreen
from csp_tui.screens.message_log import MessageLogScreen
from csp_tui.screens.name_check import NameCheckScreen
from csp_tui.widgets.agenda import AgendaPane
from csp_tui.widgets.capture import CaptureLine
from csp_tui.widgets.keys import keys_of
from csp_tui.widgets.minutes import MinutesPane
from csp_tui.widgets.roster import RosterTable
from csp_tui.widgets.transcript import TranscriptCues, TranscriptPane


@dataclass(frozen=True)
class KeyEntry:
    """One binding: its id, what it does, where it works and its keys."""

    id: str
    description: str
    #: The class whose key it is (the screen, pane or dialog), e.g. "MeetingScreen".
    owner: str
    #: The binding's own keys, as written ("escape,q").
    default: str
    #: The keys in force: the user's where their keymap moves it, else the default.
    keys: str

    @property
    def changed(self) -> bool:
        """Whether the user's keymap moves this key."""
        return self.keys != self.default


def keyed_classes(app: type) -> list[type]:
    """``app`` and every screen, dialog and widget class with bindings of its own."""
    return [app, MeetingScreen, CaptureLine, AgendaPane, MinutesPane, TranscriptPane,
            TranscriptCues, AttendanceScreen, RosterTable, MeetingsScreen, Dialog,
            FormDialog, EditTextScreen, ConfirmScreen, JumpScreen, NameCheckScreen,
            ReviewScreen, MessageLogScreen, HelpScreen]


def own_bindings(cls: type) -> list[Binding]:
    """The bindings ``cls`` declares itself (not those it inherits)."""
    return [b for b in vars(cls).get("BINDINGS", []) if isinstance(b, Binding)]


def catalogue(app: type, keymap: Mapping[str, str] | None = None) -> list[KeyEntry]:
    """Every binding of ``app`` and its screens, with the keys ``keymap`` gives it."""
    return [KeyEntry(b.id or "", b.description, cls.__name__, b.key,
                     keys_of(b, keymap or {}))
            for cls in keyed_classes(app) for b in own_bindings(cls)]


def binding_ids(app: type) -> set[str]:
    """Every binding's id (what a keymap may name)."""
    return {entry.id for entry in catalogue(app)}


def _keys(entry: KeyEntry) -> list[str]:
    return [key.strip() for key in entry.keys.split(",")]


def clashes(app: type, keymap: Mapping[str, str]) -> list[str]:
    """A line for each key ``keymap`` gives a binding that another binding where it
    works (its own screen or pane, or the app's) has too: Textual gives the key to the
    moved binding, and the other loses it. (Textual's own clash check passes over a
    binding the keymap leaves alone.)"""
    entries = catalogue(app, keymap)
    everywhere = [e for e in entries if e.owner == app.__name__]
    said: dict[str, None] = {}
    for owner in dict.fromkeys(e.owner for e in entries):
        group = [e for e in entries if e.owner == owner]
        if owner != app.__name__:
            group += everywhere
        holders: dict[str, list[KeyEntry]] = {}
        for entry in group:
            for key in _keys(entry):
                holders.setdefault(key, []).append(entry)
        for key, held in holders.items():
            moved = [e for e in held if e.changed]
            for other in (e for e in held if moved and e is not moved[0]):
                said[f"Your keymap gives {key} to {moved[0].description} ({moved[0].id}), "
                     f"so {other.description} ({other.id}) has lost it."] = None
    return list(said)


def key_table(entries: list[KeyEntry]) -> list[str]:
    """``csp keys``: a line a key, its id, its keys and what it does; a moved key says
    its default too."""
    rows = [(e.id, key_label(e.keys), e.description
             + (f"  (yours; by default {key_label(e.default)})" if e.changed else ""))
            for e in entries]
    id_width = max(len(r[0]) for r in rows)
    key_width = min(max(len(r[1]) for r in rows), 18)
    return [f"{i:<{id_width}}  {k:<{key_width}}  {d}".rstrip() for i, k, d in rows]
