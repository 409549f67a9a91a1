"""The attendance screen: the board's roster, who is present, their roles, and the
attendance lines exactly as the minutes will print them.

Keys work while typing in the filter (function keys and ctrl+letters never type text);
with the list focused (tab, or enter in the filter) single letters work too (the
list's own keys: :class:`csp_tui.widgets.roster.RosterTable`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Label, Static

from csp_tui.domain.attendance import (
    attendance_lines,
    deputy_chairing,
    role_of,
    sort_key,
    substitute_lines,
)
from csp_tui.domain.house_style import StyleError, default_style
from csp_tui.domain.lifecycle import frozen_message
from csp_tui.domain.models import (
    Attendance,
    AttendanceStatus,
    Group,
    Person,
    Role,
    error_message,
)
from csp_tui.domain.names import match_name
from csp_tui.domain.text import path_for_display, terminal_safe
from csp_tui.screens.dialog import DIALOG_WORKERS
from csp_tui.screens.errors import USER_ERRORS
from csp_tui.screens.form_save import changes_to_save
from csp_tui.services.attendance_import import ImportPlan, apply, propose
from csp_tui.services.teams import read_report
from csp_tui.storage.repository import Repository
from csp_tui.widgets.footer import KeysFooter
from csp_tui.widgets.keys import key_for
from csp_tui.widgets.roster import RosterTable

#: The key that toggles each role, for the message that names it.
ROLE_KEYS = {Role.CHAIR: "attendance.chair", Role.DEPUTY_CHAIR: "attendance.deputy",
             Role.NOTE_TAKER: "attendance.note-taker"}

_STATUS_TEXT = {
    AttendanceStatus.PRESENT: "present",
    AttendanceStatus.ATTENDEE: "attendee",
    AttendanceStatus.APOLOGIES: "apologies",
    AttendanceStatus.ABSENT: "absent",
}


class AttendanceScreen(Screen[None]):
    """The roster with each person's attendance and role at one meeting."""

    CSS_PATH = "attendance.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "mark('present')", "Present", id="attendance.present"),
        Binding("f3", "mark('attendee')", "Attendee", id="attendance.attendee"),
        Binding("f4", "mark('apologies')", "Apologies", id="attendance.apologies"),
        Binding("f5", "mark('absent')", "Absent", id="attendance.absent"),
        Binding("f6", "role('chair')", "Chair", id="attendance.chair"),
        Binding("f7", "role('deputy chair')", "Deputy", id="attendance.deputy"),
        Binding("f8", "role('note taker')", "Note taker", id="attendance.note-taker"),
        Binding("f9", "clear", "Clear", id="attendance.clear"),
        Binding("ctrl+n", "add_person", "Add person", id="attendance.add-person"),
        Binding("ctrl+r", "edit_person", "Edit person", id="attendance.edit-person"),
        Binding("ctrl+g", "merge_person", "Merge into…", id="attendance.merge-person"),
        Binding("ctrl+b", "substitute", "Substitute for…", id="attendance.substitute",
                tooltip="The highlighted person attended as a substitute for a member"),
        Binding("ctrl+t", "import_report", "Teams report", id="attendance.teams-report"),
        Binding("escape", "back", "Back", id="attendance.back"),
        Binding("down", "cursor(1)", "Next", show=False, id="attendance.next"),
        Binding("up", "cursor(-1)", "Previous", show=False, id="attendance.previous"),
    ]
    #: Keys of the list, for the help and the command palette.
    KEY_GROUPS: ClassVar = [("Roster list (enter or tab to it)", [RosterTable])]

    class ReportReady(Message):
        """The import worker's result: a plan to review, or an error line."""

        def __init__(self, plan: ImportPlan | None, error: str = "") -> None:
            super().__init__()
            self.plan = plan
            self.error = error

    def __init__(self, repo: Repository, meeting_id: int) -> None:
        super().__init__()
        self.repo = repo
        self.meeting_id = meeting_id
        self.meeting = repo.meetings.meeting(meeting_id)
        assert self.meeting.board_id is not None
        self.board_id: int = self.meeting.board_id
        self.people: list[Person] = []
        self.attendance: dict[int, Attendance] = {}
        self._shown: list[int] = []

    def compose(self) -> ComposeResult:
        yield Label(f"Attendance · {terminal_safe(self.meeting.board_name)} · "
                    f"{self.meeting.date:%d %B %Y}", id="att-title", markup=False)
        yield Input(placeholder="Type to filter the roster; F2-F9 mark, Tab to the list",
                    id="att-filter", select_on_focus=False)
        yield Static(id="att-summary")
        yield RosterTable(id="att-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="att-preview"):
            yield Static(id="att-lines")
        yield KeysFooter()

    def on_mount(self) -> None:
        table = self.query_one("#att-table", RosterTable)
        table.add_column("Name", key="name", width=24)
        table.add_column("Group", key="group", width=8)
        table.add_column("Status", key="status", width=9)
        table.add_column("Role", key="role", width=12)
        table.add_column("Times", key="times")
        self.reload()
        self.query_one("#att-filter", Input).focus()

    # ------------------------------------------------------------------ data

    def reload(self) -> None:
        """Read the roster and attendance again and redraw everything."""
        self.people = self.repo.people.people(self.board_id)
        self.attendance = {a.person_id: a for a in self.repo.people.attendance(self.meeting_id)}
        try:  # the lines as the minutes will print them: the board's house style
            self.house_style = self.repo.settings.style_for(self.meeting_id)
        except (StyleError, sqlite3.Error):
            self.house_style = default_style()
        meeting = self.repo.meetings.meeting(self.meeting_id)
        #: The meeting's chair and note taker, which mark roles too (role_of).
        self._named = (meeting.chair, meeting.note_taker)
        #: Names lines kept as typed, unconfirmed (roster person id -> question).
        self._asked = {q.person_id: q for q in self.repo.names.name_questions(self.meeting_id)}
        self._refill()
        self._summarise()

    def _matches(self, person: Person, needle: str) -> bool:
        if not needle:
            return True
        a = self.attendance.get(person.id or -1)
        hay = " ".join([person.name, person.organisation, person.post_title,
                        person.group.value, a.status.value if a else "",
                        a.role.value if a and a.role else ""]).casefold()
        return all(word in hay for word in needle.casefold().split())

    def _refill(self, keep: int | None = None) -> None:
        table = self.query_one("#att-table", RosterTable)
        if keep is None:
            keep = self.current_person_id()
        needle = self.query_one("#att-filter", Input).value
        shown = sorted((p for p in self.people if self._matches(p, needle)),
                       key=lambda p: sort_key(p.name))
        table.clear()
        self._shown = []
        for p in shown:
            assert p.id is not None
            a = self.attendance.get(p.id)
            times = ""
            if a and a.arrived:
                times += f"in {a.arrived:%H:%M} "
            if a and a.left:
                times += f"out {a.left:%H:%M}"
            # A Text, not a str: a name is shown as written, never read as markup.
            role = role_of(a, *self._named) if a else None
            # "?" marks a name kept as typed that may be someone else on the roster.
            mark = " ?" if p.id in self._asked else ""
            table.add_row(Text(terminal_safe(p.name) + mark), p.group.value,
                          _STATUS_TEXT[a.status] if a else "·",
                          role.value if role else "", times.strip(), key=str(p.id))
            self._shown.append(p.id)
        if keep in self._shown:
            table.move_cursor(row=self._shown.index(keep))

    def _summarise(self) -> None:
        by_id = {p.id: p for p in self.people}
        members = [p for p in self.people if p.group is Group.MEMBER]
        counts = dict.fromkeys(AttendanceStatus, 0)
        for a in self.attendance.values():
            counts[a.status] += 1
        present_members = sum(
            1 for a in self.attendance.values()
            if a.status is AttendanceStatus.PRESENT and by_id.get(a.person_id)
            and by_id[a.person_id].group is Group.MEMBER)
        unmarked = sum(1 for p in members if p.id not in self.attendance)
        summary = Text()
        summary.append(f"{present_members} of {len(members)} members present", style="bold")
        summary.append(f" · {counts[AttendanceStatus.PRESENT]} present · "
                       f"{counts[AttendanceStatus.ATTENDEE]} attending · "
                       f"{counts[AttendanceStatus.APOLOGIES]} apologies · "
                       f"{counts[AttendanceStatus.ABSENT]} absent · {unmarked} not marked")
        # Every open name question, above the list: the "?" rows are these names.
        for q in self._asked.values():
            summary.append("\n? ", style="bold")
            summary.append(terminal_safe(q.ask()))
        if self._asked:
            summary.append(f" (in the meeting: {key_for(self.app, 'meeting.accept-name')} answers "
                           f"the newest, {key_for(self.app, 'meeting.check-names')} all)")
        self.query_one("#att-summary", Static).update(summary)
        lines = attendance_lines(self.attendance.values(), *self._named,
                                 style=self.house_style)
        text = Text()
        for i, (label, names) in enumerate(lines):
            if i:
                text.append("\n")
            text.append(label, style="bold")
            text.append(" " + terminal_safe(names))
        for line in substitute_lines(self.attendance.values(),
                                     self.repo.settings.style_for(self.meeting_id)):
            text.append("\n" + terminal_safe(line))
        if not lines:
            text.append("No attendance recorded yet.", style="italic")
        # Said in item 1's text, not in the lines: shown here so the roles can be checked.
        if chaired := deputy_chairing(self.attendance.values(), *self._named):
            text.append("\nItem 1: ", style="bold")
            text.append(terminal_safe(chaired))
        self.query_one("#att-lines", Static).update(text)

    def current_person_id(self) -> int | None:
        """The highlighted roster person, if any."""
        table = self.query_one("#att-table", RosterTable)
        if not self._shown or table.cursor_row < 0 or table.cursor_row >= len(self._shown):
            return None
        return self._shown[table.cursor_row]

    def _current(self) -> Person | None:
        pid = self.current_person_id()
        if pid is None:
            self.notify("No one is selected: clear the filter or add a person "
                        f"({key_for(self.app, 'attendance.add-person')})", severity="error")
            return None
        return next(p for p in self.people if p.id == pid)

    # ------------------------------------------------------------------ filter

    @on(Input.Changed, "#att-filter")
    def _filter(self) -> None:
        self._refill(keep=None)
        table = self.query_one("#att-table", RosterTable)
        if self._shown and self.current_person_id() is None:
            table.move_cursor(row=0)

    @on(Input.Submitted, "#att-filter")
    def _to_list(self) -> None:
        self.query_one("#att-table", RosterTable).focus()

    def on_roster_table_mark(self, event: RosterTable.Mark) -> None:
        self.action_mark(event.status.value)

    def on_roster_table_toggle_role(self, event: RosterTable.ToggleRole) -> None:
        self.action_role(event.role.value)

    @on(RosterTable.Search)
    def _search(self, event: RosterTable.Search) -> None:
        field = self.query_one("#att-filter", Input)
        field.value = event.text
        field.cursor_position = len(field.value)
        field.focus()

    # ------------------------------------------------------------------ actions

    def action_cursor(self, delta: int) -> None:
        table = self.query_one("#att-table", RosterTable)
        if self._shown:
            table.move_cursor(row=max(0, min(len(self._shown) - 1, table.cursor_row + delta)))

    def action_mark(self, status: str) -> None:
        person = self._current()
        if person is None or person.id is None:
            return
        pid = person.id
        self._write(lambda: self.repo.people.set_attendance(self.meeting_id, pid,
                                                            status=AttendanceStatus(status)))

    def action_role(self, role: str) -> None:
        person = self._current()
        if person is None or person.id is None:
            return
        had = self.attendance.get(person.id)
        wanted = Role(role)
        held = role_of(had, *self._named) if had else None
        if held is not None and held is not wanted:
            # Each role is its own toggle: F7 on the chair never takes the chair away.
            self.notify(f"{person.name} is the {held.value}: take that role off "
                        f"first ({key_for(self.app, ROLE_KEYS[held])}).", severity="warning")
            return
        pid = person.id
        self._write(lambda: self.repo.people.set_attendance(self.meeting_id, pid,
                                                     role=None if held is wanted else wanted))

    def action_clear(self) -> None:
        person = self._current()
        if person is None or person.id is None:
            return
        pid = person.id
        self._write(lambda: self.repo.people.remove_attendance(self.meeting_id, pid))

    @work(group=DIALOG_WORKERS)
    async def action_add_person(self) -> None:
        """Add a person to the roster (the filter text is their name) and mark them."""
        # Seam: a dialog loads when it opens.
        from csp_tui.screens.person_form import PersonFormScreen

        if self._refused():  # asked first: nothing typed into the form is lost
            return
        person = await self.app.push_screen_wait(
            PersonFormScreen(self.query_one("#att-filter", Input).value))
        if person is None:
            return
        if self.repo.people.find_person(self.board_id, person.name):
            self.notify(f"{person.name} is already on the roster", severity="error")
            return
        saved = self.repo.people.add_person(person.model_copy(update={"board_id": self.board_id}))
        assert saved.id is not None
        status = AttendanceStatus.PRESENT if saved.group is Group.MEMBER else \
            AttendanceStatus.ATTENDEE
        self.repo.people.set_attendance(self.meeting_id, saved.id, status=status)
        self.query_one("#att-filter", Input).value = ""
        self.reload()
        self._refill(keep=saved.id)
        self.notify(f"{saved.name} added to the roster as {status.value}")

    @work(group=DIALOG_WORKERS)
    async def action_edit_person(self) -> None:
        """Edit the highlighted person's roster details."""
        # Seam: a dialog loads when it opens.
        from csp_tui.screens.person_form import PersonFormScreen

        person = self._current()
        if person is None:
            return
        changed = await self.app.push_screen_wait(PersonFormScreen(person=person))
        if changed is None or person.id is None:
            return
        # Only the fields changed in the form; one changed elsewhere meanwhile is asked about.
        fields = {"name", "post_title", "organisation", "email", "group"}
        current = self.repo.people.person(person.id)
        changes = await changes_to_save(self, current.name, person.model_dump(include=fields),
                                        changed.model_dump(include=fields),
                                        current.model_dump(include=fields))
        if changes is None:
            return
        changed = current.model_copy(update=changes)
        clash = self.repo.people.find_person(self.board_id, changed.name)
        if clash is not None and clash.id != changed.id:
            self.notify(f"{clash.name} is already on the roster: merge instead "
                        f"({key_for(self.app, 'attendance.merge-person')})", severity="error")
            return
        # A rename changes the attendance lines of every meeting they attended: the
        # lifecycle rule refuses it while one of those is approved.
        self._write(lambda: self.repo.people.update_person(changed), f"Saved {changed.name}")

    @work(group=DIALOG_WORKERS)
    async def action_merge_person(self) -> None:
        """Merge the highlighted person into another roster person."""
        # Seam: a dialog loads when it opens.
        from csp_tui.screens.prompt import PromptScreen

        drop = self._current()
        if drop is None:
            return
        name = await self.app.push_screen_wait(PromptScreen(
            f"Merge {drop.name} into whom? (their attendance and actions move over)",
            placeholder="Full name on the roster", hint="Enter goes on"))
        if not name:
            return
        others = [p for p in self.people if p.id != drop.id]
        match = match_name(name, others)
        if match is None or not match.confident:
            hint = f" (did you mean {match.person.name}?)" if match else ""
            self.notify(f"No one on the roster is called {name!r}{hint}", severity="error")
            return
        keep = match.person
        assert keep.id is not None and drop.id is not None
        if not self._write(lambda: self.repo.people.merge_people(keep.id or 0, drop.id or 0)):
            return
        self._refill(keep=keep.id)
        self.notify(f"{drop.name} merged into {keep.name} (undo takes it back)")

    @work(group=DIALOG_WORKERS)
    async def action_substitute(self) -> None:
        """The highlighted person attended as a substitute for a member: the capture
        line's ``/substitute`` (one rule: a name the roster lacks joins it)."""
        # Seam: the capture language loads when first used, not with the screen.
        from csp_tui.capture.grammar import command
        from csp_tui.capture.handlers import execute
        from csp_tui.screens.prompt import PromptScreen

        sub = self._current()
        if sub is None or self._refused():
            return
        name = await self.app.push_screen_wait(PromptScreen(
            f"{sub.name} attended as a substitute for whom?",
            placeholder="The member's name", hint="Enter goes on"))
        if not name:
            return
        try:
            outcome = execute(self.repo, self.meeting_id,
                              command("substitute", f"{sub.name} for {name}"),
                              keys=self.app.keymap)  # type: ignore[attr-defined]
        except USER_ERRORS as exc:  # a CaptureError is a ValueError
            self.notify(error_message(exc), severity="error")
            return
        self.reload()
        self.notify(outcome.message, severity=outcome.severity)

    @work(group=DIALOG_WORKERS)
    async def action_import_report(self) -> None:
        """Read a Teams attendance report and review what it would record."""
        # Seam: a dialog loads when it opens.
        from csp_tui.screens.prompt import PromptScreen

        path = await self.app.push_screen_wait(PromptScreen(
            "Import a Teams attendance report", placeholder="Path to the downloaded .csv",
            hint="Enter goes on"))
        if path:
            self.notify(f"Reading {Path(path).name}…")
            self.read_report(path)

    @work(thread=True, exclusive=True, group="teams-import")
    def read_report(self, path: str) -> None:
        """Parse the report and work out the plan off the UI thread."""
        try:
            report = read_report(Path(path).expanduser())
            plan = propose(self.repo, self.meeting_id, report)
        except OSError as exc:
            self.post_message(self.ReportReady(None, f"Cannot read {path_for_display(path)}: "
                                                     f"{exc.strerror or exc}"))
        except (ValueError, LookupError) as exc:
            self.post_message(self.ReportReady(None, str(exc)))
        else:
            self.post_message(self.ReportReady(plan))

    @work(group=DIALOG_WORKERS)
    async def on_attendance_screen_report_ready(self, message: ReportReady) -> None:
        # Seam: a dialog loads when it opens.
        from csp_tui.screens.attendance_review import ReviewScreen

        if message.plan is None:
            self.notify(message.error, severity="error")
            return
        for extra in message.plan.additional:
            extra.accepted = True
        plan = await self.app.push_screen_wait(ReviewScreen(message.plan, self.people))
        if plan is None:
            return
        try:
            done = apply(self.repo, plan)
        except (ValueError, LookupError) as exc:
            self.notify(error_message(exc), severity="error")
            return
        self.reload()
        self.notify(f"Teams report: {len(done)} attendance records written")

    def _refused(self) -> bool:
        """Whether the meeting's minutes may not change (approved): said, and True."""
        meeting = self.repo.meetings.meeting(self.meeting_id)
        frozen = frozen_message(meeting.state, meeting.date)
        if frozen is not None:
            self.notify(frozen[:1].upper() + frozen[1:], severity="error")
        return frozen is not None

    def _write(self, change: Callable[[], object], done: str = "") -> bool:
        """Make one change; a change the lifecycle (or the database) refuses is a
        notification, nothing changed, never the app's end."""
        try:
            change()
        except USER_ERRORS as exc:
            self.notify(error_message(exc), severity="error")
            return False
        self.reload()
        if done:
            self.notify(done)
        return True

    def action_back(self) -> None:
        """Back to the meeting screen."""
        # dismiss (not pop_screen): the meeting screen waits for it to reload its names.
        self.dismiss(None)

