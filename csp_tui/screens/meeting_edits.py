"""What the agenda and item panes' keys do to the meeting: the base of the meeting
screen, which adds the layout, the capture line and the screen's own keys."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import work
from textual.reactive import reactive
from textual.screen import Screen

from csp_tui.domain.lifecycle import frozen_message
from csp_tui.domain.models import Action, AgendaItem, Rag, error_message
from csp_tui.domain.wording import action_words, line_words
from csp_tui.screens.errors import USER_ERRORS
from csp_tui.screens.workers import DIALOG_WORKERS
from csp_tui.storage.repository import Repository
from csp_tui.widgets.agenda import AgendaPane
from csp_tui.widgets.minutes import LineKind, LineRef, MinutesPane

if TYPE_CHECKING:
    ScreenPart = Screen[None]
else:
    # The meeting screen's parts (this, the transcript's and the capture's) are plain
    # mixins at run time: each Screen subclass costs Textual a scan of its attributes
    # (about a millisecond) when the module loads, before the first frame.
    ScreenPart = object


class PaneEdits(ScreenPart):
    """Turns the panes' messages into repository changes, each one undo step; a user
    error is a notification, and after each change the screen shows the meeting again
    (:meth:`reload`). A part of the meeting screen."""

    repo: Repository
    meeting_id: int
    current_item_id: reactive[int | None] = reactive(None, init=False)

    def reload(self) -> None:
        """Show the meeting again after a change (the meeting screen draws it)."""
        raise NotImplementedError

    def run_command(self, name: str, rest: str = "", *, item_id: int | None = None) -> bool:
        """Carry out a slash command for a key (see :mod:`~csp_tui.screens.meeting_capture`)."""
        raise NotImplementedError

    @work(group=DIALOG_WORKERS)
    async def action_edit_item(self, item_id: int | None = None) -> None:
        """Edit an item (the current one unless ``item_id``)."""
        from csp_tui.screens.form_save import changes_to_save
        from csp_tui.screens.item_edit import ItemEditScreen

        item_id = item_id or self.current_item_id
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
            self, f"Item {current.number}", opened.model_dump(include=fields),
            item.model_dump(include=fields), current.model_dump(include=fields))
        if changes:  # None: kept the other change; {}: nothing changed
            self._do(lambda: self.repo.meetings.update_item(current.model_copy(update=changes)))

    def _do(self, what: Callable[[], Any], done: str = "") -> bool:
        """Run one repository change; a user error becomes a notification. Approved
        minutes are read-only: the change is refused, with how to reopen them."""
        frozen = frozen_message(self.repo.meetings.meeting(self.meeting_id).state)
        if frozen is not None:
            self.notify(frozen[:1].upper() + frozen[1:], severity="error")
            return False
        try:
            what()
        except USER_ERRORS as exc:
            self.notify(error_message(exc), severity="error")
            return False
        if done:
            self.notify(done)
        self.reload()
        return True


    def action_undo(self) -> None:
        """Undo the last change; the agenda pane then highlights the item the undo
        brought back or changed, not wherever the highlight happened to be."""
        before = {i.id: i for i in self.repo.meetings.items(self.meeting_id)}
        if self.run_command("undo"):
            after = self.repo.meetings.items(self.meeting_id)
            changed = next((i.id for i in after if before.get(i.id) != i), None)
            self.query_one(AgendaPane).highlight_item(changed)

    def go_to(self, item_id: int) -> None:
        """Make ``item_id`` current, out of order if need be; a deferred item taken
        after all loses its deferral (the repository's rule, as for ``/goto``)."""
        self._do(lambda: self.repo.meetings.set_current(self.meeting_id, item_id))

    def on_agenda_pane_item_chosen(self, event: AgendaPane.ItemChosen) -> None:
        self.go_to(event.item_id)

    def on_agenda_pane_edit_item(self, event: AgendaPane.EditItem) -> None:
        self.action_edit_item(event.item_id)

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
        if title and self._do(lambda: added.append(self.repo.meetings.add_item(
                self.meeting_id, AgendaItem(title=title),
                parent_id=top_id if event.sub else None,
                after_id=event.item_id if event.sub else top_id))):
            self.query_one(AgendaPane).highlight_item(added[0].id)

    @work(group=DIALOG_WORKERS)
    async def on_agenda_pane_remove_item(self, event: AgendaPane.RemoveItem) -> None:
        from csp_tui.screens.confirm import ConfirmScreen, removal_question

        item = self._agenda_item(event.item_id)
        if item is None or item.id is None:
            return
        item_id = item.id
        if await self.app.push_screen_wait(ConfirmScreen(removal_question(
                item, *self.repo.item_contents(item_id)))):
            self._do(lambda: self.repo.delete_item(item_id), "Item removed (ctrl+z undoes).")

    def on_agenda_pane_move_item(self, event: AgendaPane.MoveItem) -> None:
        item_id = event.item_id
        if item_id is not None:
            self._do(lambda: self.repo.meetings.move_item(item_id, event.delta))

    def on_agenda_pane_reopen_item(self, event: AgendaPane.ReopenItem) -> None:
        item_id = event.item_id
        if item_id is not None:
            self._do(lambda: self.repo.meetings.reopen_item(item_id), "Item reopened.")

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
            self.run_command("action", text, item_id=item_id)

    @work(group=DIALOG_WORKERS)
    async def on_agenda_pane_attach_paper(self, event: AgendaPane.AttachPaper) -> None:
        from csp_tui.screens.attach_paper import AttachPaperScreen

        item = self._agenda_item(event.item_id)
        if item is None or item.id is None or self.repo.path is None:
            return
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
        said = f"Deleted: {self._said(event.ref)} (ctrl+z undoes)."
        match event.ref.kind:
            case LineKind.ENTRY:
                self._do(lambda: self.repo.minutes.delete_entry(row_id), said)
            case LineKind.ACTION:
                self._do(lambda: self.repo.minutes.delete_action(row_id), said)
            case _:
                self._not_for_this_line()

    def on_minutes_pane_move_line(self, event: MinutesPane.MoveLine) -> None:
        if event.ref.kind is LineKind.CARRIED:
            self._not_for_this_line()
            return
        table = "entries" if event.ref.kind is LineKind.ENTRY else "actions"
        if self._do(lambda: self.repo.minutes.move_line(table, event.ref.id, event.delta)):
            self.query_one(MinutesPane).select_ref(event.ref)

    def on_minutes_pane_complete_action(self, event: MinutesPane.CompleteAction) -> None:
        if event.ref.kind is LineKind.ENTRY:
            self._not_for_this_line()
            return
        row_id = event.ref.id
        # An action of this meeting is done in its minutes too ("(COMPLETED)"), even
        # once circulated; an earlier meeting's, reviewed here, in the action log.
        own = event.ref.kind is LineKind.ACTION
        self._do(lambda: self.repo.minutes.complete_action(row_id, minuted=own),
                 f"Completed: {self._said(event.ref)} (ctrl+z undoes).")

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
            self._do(
                lambda: self.repo.minutes.update_entry(entry.model_copy(update={"text": text})),
                     f"Edited: {line_words(entry.kind.value, text)} (ctrl+z undoes).")
            self.query_one(MinutesPane).select_ref(LineRef(LineKind.ENTRY, entry_id))

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
            self, f"Action {action_id}", {f: getattr(action, f) for f in fields},
            {**{f: getattr(change, f) for f in fields},
             "rag": Rag(change.rag) if change.rag else None},
            {f: getattr(current, f) for f in fields})
        if changes is None:
            return
        owner = changes.get("owner")
        owner_ids = self.repo.people.owner_ids(self.meeting_id,
                                               owner) if owner is not None else None
        now = action_words(changes.get("owner", current.owner), changes.get("task", current.task))
        self._do(lambda: self.repo.minutes.update_action(
            action_id, status=changes.get("status"), due=changes.get("due"), owner=owner,
            owner_ids=owner_ids, task=changes.get("task"), note=change.note,
            rag=changes.get("rag", ""),  # "": left as it is
            # In its own meeting the edit is to the minutes as well as the action.
            minuted=action.meeting_id == self.meeting_id),
            f"Updated: {now} (ctrl+z undoes).")
