"""The agenda and item panes, side by side: what they show of the meeting, and what
their keys do to it. Each key's message becomes one change of the meeting (one undo
step, through the screen's :class:`~csp_tui.capture.live.LiveMeeting`); a refusal is a
message, and after each change the screen shows the meeting again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.css.query import NoMatches

from csp_tui.domain.agenda import StandardItem, full_number, item_kind
from csp_tui.domain.house_style import Style
from csp_tui.domain.lifecycle import frozen_message
from csp_tui.domain.models import Action, AgendaItem, Meeting, Rag
from csp_tui.domain.restriction import item_restricted, lookup
from csp_tui.domain.text import terminal_safe
from csp_tui.domain.wording import action_words, line_words
from csp_tui.screens.workers import DIALOG_WORKERS
from csp_tui.widgets.agenda import AgendaPane
from csp_tui.widgets.keys import key_for
from csp_tui.widgets.minutes import (
    CarriedActions,
    ItemLines,
    LineKind,
    LineRef,
    MinutesPane,
    MinutesView,
)

if TYPE_CHECKING:
    from csp_tui.capture.context import Outcome
    from csp_tui.capture.live import LiveMeeting
    from csp_tui.screens.meeting import MeetingScreen
    from csp_tui.screens.meeting_transcript import MeetingTranscript
    from csp_tui.storage.repository import Repository


def transcript_keys() -> list[type]:
    """The classes that own the transcript pane's keys, for the help and the palette (a
    function: the pane's module loads when the pane is first shown)."""
    from csp_tui.widgets.transcript import TranscriptCues, TranscriptPane

    return [TranscriptPane, TranscriptCues]


class MeetingPanes(Horizontal):
    """The agenda pane and the current item's pane (the transcript pane, F6, is mounted
    beside them when first wanted); handles their messages."""

    def __init__(self, live: LiveMeeting, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.live = live
        self._agenda_signature: tuple = ()

    def compose(self) -> ComposeResult:
        yield AgendaPane(id="agenda")
        yield MinutesPane(id="minutes")
        # The transcript pane (F6) is mounted here when first shown.

    @property
    def repo(self) -> Repository:
        """The meeting's database."""
        return self.live.repo

    @property
    def meeting_id(self) -> int:
        """The meeting shown."""
        return self.live.meeting_id

    @property
    def meeting(self) -> MeetingScreen:
        """The meeting screen these panes are on."""
        return cast("MeetingScreen", self.screen)

    @property
    def agenda(self) -> AgendaPane:
        """The agenda pane."""
        return self.query_one(AgendaPane)

    @property
    def minutes(self) -> MinutesPane:
        """The current item's pane."""
        return self.query_one(MinutesPane)

    # ------------------------------------------------------------------ showing

    def show_agenda(self, meeting: Meeting, items: list[AgendaItem], now: dt.datetime) -> None:
        """The agenda as just read: its title, items, spent minutes and current item."""
        agenda = self.agenda
        board = meeting.board_name
        if len(board) > 16:
            board = "".join(w[0] for w in board.split() if w[:1].isupper())
        agenda.border_title = Content(
            f"{terminal_safe(board)} · {meeting.date:%d %b %Y} · {meeting.state.value}")
        agenda.now = now
        agenda.items = items
        agenda.current_item_id = meeting.current_item_id
        self._agenda_signature = self._signature(items, now)

    def show_spent(self, now: dt.datetime) -> None:
        """The agenda's spent minutes, when one changed."""
        items = self.repo.meetings.items(self.meeting_id)
        signature = self._signature(items, now)
        if signature != self._agenda_signature:
            # Only when a spent-minutes figure changes: no needless repaint per second.
            self._agenda_signature = signature
            agenda = self.agenda
            agenda.now = now
            agenda.items = items

    @staticmethod
    def _signature(items: list[AgendaItem], now: dt.datetime) -> tuple:
        return tuple((i.id, i.state, round(i.spent_seconds(now) / 60)) for i in items)

    def show_minutes(self, item_id: int | None, style: Style, meeting: Meeting | None = None,
                     items: list[AgendaItem] | None = None) -> None:
        """Show item ``item_id``'s minutes in ``style``; ``meeting`` and ``items`` as
        just read (each read again otherwise). Reads only what the item shows: its lines
        a page at a time by the item's indexes (the pane asks for each page), not the
        whole meeting's, nor the whole of a long item."""
        pane = self.minutes
        if item_id is None:
            pane.view = None
            next_key = key_for(self.app, "meeting.next-item")
            pane.border_title = f"No current item: {next_key} starts the meeting"
            return
        repo, meeting_id = self.repo, self.meeting_id
        meeting = meeting or repo.meetings.meeting(meeting_id)
        items = items if items is not None else repo.meetings.items(meeting_id)
        item_of = lookup(items)
        item = item_of(item_id) or repo.meetings.item(item_id)
        people = repo.people.people(meeting.board_id) if meeting.board_id else []
        kind = item_kind(item.title, item.parent_id)
        carried = (CarriedActions(repo.minutes.carried_actions, meeting_id)
                   if kind is StandardItem.ACTION_LOG else None)
        forward = (repo.meetings.forward_plan(meeting_id)
                   if kind is StandardItem.FORWARD_PLAN else None)
        block = (meeting.next_meeting_lines(style)
                 if kind is StandardItem.NEXT_MEETING else [])
        pane.view = MinutesView(item=item, lines=ItemLines(repo.minutes.item_lines, item.id or 0),
                                carried=carried, forward=forward,
                                names={p.id: p.name for p in people if p.id},
                                restricted=item_restricted(item, item_of), next_meeting=block,
                                state=meeting.state, style=style,
                                minute=repo.committee.item_minute(meeting_id, item.id or 0, style),
                                resolutions=repo.committee.resolution_count(item.id or 0, style))
        parent = item_of(item.parent_id) if item.parent_id else None
        number = full_number(parent.number, item.number) if parent else item.number
        pane.border_title = f"Item {number}: {item.state.value}"

    def show_added(self, outcome: Outcome, item_id: int | None) -> bool:
        """After a line that did nothing but add one line to item ``item_id``, the item
        shown (an Enter's usual case): that line appended to the item pane, the item not
        read again. False when anything else may have changed (a move, the agenda,
        attendance, the roster...): the screen shows the meeting afresh."""
        line = outcome.added
        return not (line is None or outcome.moved or outcome.changed_agenda
                    or outcome.attendance_changed or outcome.roster_changed
                    or outcome.approved_meeting_id is not None
                    or line.item_id != item_id or not self.minutes.append_line(line))

    async def transcript(self) -> MeetingTranscript:
        """The transcript pane, mounted beside the minutes the first time it is wanted:
        most meetings never open it, and the first frame need not build or import it."""
        from csp_tui.screens.meeting_transcript import MeetingTranscript

        try:
            return self.query_one("#transcript", MeetingTranscript)
        except NoMatches:
            pane = MeetingTranscript(self.live, id="transcript")
            await self.mount(pane, after="#minutes")
            return pane

    def show_transcript(self, item_id: int | None) -> None:
        """Show item ``item_id``'s stretch of the transcript in its pane."""
        from csp_tui.screens.meeting_transcript import MeetingTranscript

        self.query_one("#transcript", MeetingTranscript).show(item_id)

    # ------------------------------------------------------------------ the keys

    @property
    def _undo_key(self) -> str:
        """The undo key the messages name (the user's, where their keymap moves it)."""
        return key_for(self.app, "meeting.undo")

    def _change(self, what: Callable[[], Any], done: str = "") -> bool:
        """Make one change (see :meth:`LiveMeeting.change`) and show what it came to."""
        return self.meeting.show_change(self.live.change(what, done))

    @work(group=DIALOG_WORKERS)
    async def edit_item(self, item_id: int | None = None) -> None:
        """Edit an item (the current one unless ``item_id``): the screen's F3."""
        from csp_tui.screens.form_save import changes_to_save
        from csp_tui.screens.item_edit import ItemEditScreen

        item_id = item_id or self.meeting.current_item_id
        if item_id is None:
            self.notify("No item to edit.", severity="warning")
            return
        opened = self.repo.meetings.item(item_id)
        item = await self.app.push_screen_wait(ItemEditScreen(opened))
        if item is None:
            return
        fields = {"title", "presenter", "minutes", "restricted", "public_summary"}
        # As the action form: save only what changed here, ask about a change elsewhere.
        current = self.repo.meetings.item(item_id)
        changes = await changes_to_save(
            self.meeting, f"Item {current.number}", opened.model_dump(include=fields),
            item.model_dump(include=fields), current.model_dump(include=fields))
        if changes:  # None: kept the other change; {}: nothing changed
            self._change(lambda: self.repo.meetings.update_item(current.model_copy(update=changes)))

    def _refused_as_approved(self) -> bool:
        """Whether the meeting's minutes may not change (the lifecycle's one rule);
        if so the note taker is told, with how to reopen them."""
        frozen = frozen_message(self.repo.meetings.meeting(self.meeting_id).state)
        if frozen is not None:
            self.notify(frozen[:1].upper() + frozen[1:], severity="error")
        return frozen is not None

    def on_agenda_pane_item_chosen(self, event: AgendaPane.ItemChosen) -> None:
        self.meeting.go_to(event.item_id)

    def on_agenda_pane_edit_item(self, event: AgendaPane.EditItem) -> None:
        self.edit_item(event.item_id)

    @work(group=DIALOG_WORKERS)
    async def on_agenda_pane_add_item(self, event: AgendaPane.AddItem) -> None:
        from csp_tui.screens.prompt import PromptScreen

        item = self._agenda_item(event.item_id)
        top_id = (item.parent_id or item.id) if item else None
        if event.sub and top_id is None:
            self.notify("Highlight the item to add a sub-item to.", severity="warning")
            return
        title = await self.app.push_screen_wait(PromptScreen(
            "New sub-item: title" if event.sub else "New item: title"))
        added: list[AgendaItem] = []
        if title and self._change(lambda: added.append(self.repo.meetings.add_item(
                self.meeting_id, AgendaItem(title=title),
                parent_id=top_id if event.sub else None,
                after_id=event.item_id if event.sub else top_id))):
            self.agenda.highlight_item(added[0].id)

    @work(group=DIALOG_WORKERS)
    async def on_agenda_pane_remove_item(self, event: AgendaPane.RemoveItem) -> None:
        from csp_tui.screens.confirm import ConfirmScreen, removal_question

        item = self._agenda_item(event.item_id)
        if item is None or item.id is None:
            return
        item_id = item.id
        if await self.app.push_screen_wait(ConfirmScreen(removal_question(
                item, *self.repo.item_contents(item_id)))):
            self._change(lambda: self.repo.delete_item(item_id),
                         f"Item removed ({self._undo_key} undoes).")

    def on_agenda_pane_move_item(self, event: AgendaPane.MoveItem) -> None:
        item_id = event.item_id
        if item_id is not None:
            self._change(lambda: self.repo.meetings.move_item(item_id, event.delta))

    def on_agenda_pane_reopen_item(self, event: AgendaPane.ReopenItem) -> None:
        item_id = event.item_id
        if item_id is not None:
            self._change(lambda: self.repo.meetings.reopen_item(item_id), "Item reopened.")

    @work(group=DIALOG_WORKERS)
    async def on_agenda_pane_add_action(self, event: AgendaPane.AddAction) -> None:
        from csp_tui.screens.prompt import PromptScreen

        item = self._agenda_item(event.item_id)
        if item is None or item.id is None:
            return
        item_id = item.id
        text = await self.app.push_screen_wait(PromptScreen(
            "New action on the highlighted item: owner to task by date",
            placeholder="Jade Hodgson to circulate the plan by 31 January"))
        if text:
            # The capture line's /a, with its owner and due-date rules: one rule.
            self.meeting.run_command("action", text, item_id=item_id)

    @work(group=DIALOG_WORKERS)
    async def on_agenda_pane_attach_paper(self, event: AgendaPane.AttachPaper) -> None:
        from csp_tui.screens.attach_paper import AttachPaperScreen

        item = self._agenda_item(event.item_id)
        if item is None or item.id is None or self.repo.path is None:
            return
        if self._refused_as_approved():
            return  # an approved meeting's papers are its record's: asked before a path
        attached = await self.app.push_screen_wait(AttachPaperScreen(
            self.repo.path, self.meeting_id, item.id, f"item {item.number} {item.title}"))
        if attached:
            self.notify(f"Attached {attached} to item {item.number}; `csp agenda pack` "
                        "numbers it in the pack.")

    def _agenda_item(self, item_id: int | None) -> AgendaItem | None:
        return next((i for i in self.repo.meetings.items(self.meeting_id) if i.id == item_id), None)

    def _not_for_this_line(self) -> None:
        self.notify("Not for this line: c or u update an action.", severity="warning")

    def on_minutes_pane_edit_line(self, event: MinutesPane.EditLine) -> None:
        if event.ref.kind is LineKind.ENTRY:
            self._edit_entry(event.ref.id)
        else:
            self._update_action(self.repo.minutes.action(event.ref.id))

    def on_minutes_pane_update_action(self, event: MinutesPane.UpdateAction) -> None:
        if event.ref.kind is LineKind.ENTRY:
            self._not_for_this_line()
        else:
            self._update_action(self.repo.minutes.action(event.ref.id))

    def _said(self, ref: LineRef) -> str:
        """The line ``ref`` in the note taker's words, for a confirmation: an action as
        the minutes say it ("Jade Hodgson to map the hotspots"), else its kind and
        first words; "" when it has gone meanwhile (another window)."""
        try:
            if ref.kind is LineKind.ENTRY:
                entry = self.repo.minutes.entry(ref.id)
                return line_words(entry.kind.value, entry.text)
            action = self.repo.minutes.action(ref.id)
        except LookupError:
            return ""
        return action_words(action.owner, action.task)

    def on_minutes_pane_delete_line(self, event: MinutesPane.DeleteLine) -> None:
        row_id = event.ref.id
        said = f"Deleted: {self._said(event.ref)} ({self._undo_key} undoes)."
        match event.ref.kind:
            case LineKind.ENTRY:
                self._change(lambda: self.repo.minutes.delete_entry(row_id), said)
            case LineKind.ACTION:
                self._change(lambda: self.repo.minutes.delete_action(row_id), said)
            case _:
                self._not_for_this_line()

    def on_minutes_pane_move_line(self, event: MinutesPane.MoveLine) -> None:
        if event.ref.kind is LineKind.CARRIED:
            self._not_for_this_line()
            return
        table = "entries" if event.ref.kind is LineKind.ENTRY else "actions"
        if self._change(lambda: self.repo.minutes.move_line(table, event.ref.id, event.delta)):
            self.minutes.select_ref(event.ref)

    def on_minutes_pane_complete_action(self, event: MinutesPane.CompleteAction) -> None:
        if event.ref.kind is LineKind.ENTRY:
            self._not_for_this_line()
            return
        row_id = event.ref.id
        # An action of this meeting is done in its minutes too ("(COMPLETED)"), even
        # once circulated; an earlier meeting's, reviewed here, in the action log.
        own = event.ref.kind is LineKind.ACTION
        self._change(lambda: self.repo.minutes.complete_action(row_id, minuted=own),
                 f"Completed: {self._said(event.ref)} ({self._undo_key} undoes).")

    @work(group=DIALOG_WORKERS)
    async def _edit_entry(self, entry_id: int) -> None:
        from csp_tui.screens.edit_text import EditTextScreen

        try:
            entry = self.repo.minutes.entry(entry_id)  # the line alone, not its whole item
        except LookupError:
            return  # deleted meanwhile (another window)
        text = await self.app.push_screen_wait(
            EditTextScreen(f"Edit the {entry.kind.value}", entry.text))
        if text and text != entry.text:
            self._change(
                lambda: self.repo.minutes.update_entry(entry.model_copy(update={"text": text})),
                     f"Edited: {line_words(entry.kind.value, text)} ({self._undo_key} undoes).")
            self.minutes.select_ref(LineRef(LineKind.ENTRY, entry_id))

    @work(group=DIALOG_WORKERS)
    async def _update_action(self, action: Action) -> None:
        """The action form; saves only what was changed in it (see domain.edits)."""
        from csp_tui.screens.action_update import ActionUpdateScreen
        from csp_tui.screens.form_save import changes_to_save

        meeting = self.repo.meetings.meeting(self.meeting_id)
        change = await self.app.push_screen_wait(ActionUpdateScreen(action, meeting.date))
        if change is None or action.id is None:
            return
        action_id = action.id
        fields = ("owner", "task", "due", "status", "rag")
        # Only what was changed in the form is saved, and a field changed elsewhere
        # meanwhile (csp actions done in another shell) is asked about, never overwritten.
        current = self.repo.minutes.action(action_id)
        changes = await changes_to_save(
            self.meeting, f"Action {action_id}", {f: getattr(action, f) for f in fields},
            {**{f: getattr(change, f) for f in fields},
             "rag": Rag(change.rag) if change.rag else None},
            {f: getattr(current, f) for f in fields})
        if changes is None:
            return
        owner = changes.get("owner")
        owner_ids = self.repo.people.owner_ids(self.meeting_id,
                                               owner) if owner is not None else None
        now = action_words(changes.get("owner", current.owner), changes.get("task", current.task))
        self._change(lambda: self.repo.minutes.update_action(
            action_id, status=changes.get("status"), due=changes.get("due"), owner=owner,
            owner_ids=owner_ids, task=changes.get("task"), note=change.note,
            rag=changes.get("rag", ""),  # "": left as it is
            # In its own meeting the edit is to the minutes as well as the action.
            minuted=action.meeting_id == self.meeting_id),
            f"Updated: {now} ({self._undo_key} undoes).")
