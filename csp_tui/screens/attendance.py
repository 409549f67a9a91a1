"""The attendance screen: the board's roster, who is present, their roles, and the
attendance lines exactly as the minutes will print them.

Keys work while typing in the filter (function keys and ctrl+letters never type text);
with the list focused (tab, or enter in the filter) single letters work too.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Input, Label, Select, Static

from csp_tui.domain.attendance import attendance_lines, sort_key
from csp_tui.domain.models import (
    Attendance,
    AttendanceStatus,
    Group,
    Person,
    Role,
    error_message,
)
from csp_tui.domain.names import match_name
from csp_tui.services.attendance_import import ImportPlan, Proposal, apply, propose
from csp_tui.storage.repository import Repository

_STATUS_TEXT = {
    AttendanceStatus.PRESENT: "present",
    AttendanceStatus.ATTENDEE: "attendee",
    AttendanceStatus.APOLOGIES: "apologies",
    AttendanceStatus.ABSENT: "absent",
}


def _input(placeholder: str, id: str, value: str = "") -> Input:
    field = Input(value, placeholder=placeholder, id=id, select_on_focus=False)
    # No blinking cursor: the screen looks the same in every snapshot.
    field.cursor_blink = False
    return field


class AddPersonScreen(ModalScreen[Person | None]):
    """Add someone to the roster on the fly, or edit someone already there: name, post
    title, organisation, e-mail, group. Dismisses with the (unsaved) Person or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

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
            yield _input("Full name, e.g. Fiona Taylor", "add-name", self._name)
            yield _input("Post title (optional)", "add-post", p.post_title)
            yield _input("Organisation (optional)", "add-org", p.organisation)
            yield _input("E-mail (optional)", "add-email", p.email)
            yield Select([(g.value, g) for g in Group], value=p.group, allow_blank=False,
                         id="add-group")
            yield Label(("Enter saves" if self._editing else "Enter adds") + " · Esc cancels",
                        classes="hint")

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

    def action_cancel(self) -> None:
        self.dismiss(None)


class PathScreen(ModalScreen[str | None]):
    """Ask for a file path (the Teams report) or a name (for a phone number)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, placeholder: str, value: str = "") -> None:
        super().__init__()
        self._title, self._placeholder, self._value = title, placeholder, value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self._title, classes="title")
            yield _input(self._placeholder, "path-input", self._value)
            yield Label("Enter goes on · Esc cancels", classes="hint")

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ReviewScreen(ModalScreen[ImportPlan | None]):
    """Review what a Teams report would do: confirm each guess with one key."""

    BINDINGS = [
        Binding("y", "accept(True)", "Yes"),
        Binding("n", "accept(False)", "No"),
        Binding("e", "name_it", "Name phone"),
        Binding("m", "missing", "Did not join"),
        Binding("ctrl+s", "apply", "Apply"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, plan: ImportPlan, people: list[Person]) -> None:
        super().__init__()
        self.plan = plan
        self.people = people
        self.missing_mode = 0  # 0 as proposed, 1 all absent, 2 leave unrecorded
        self._missing = list(plan.missing)
        self._rows: list[tuple[str, Proposal | int]] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog review"):
            yield Label("Teams report: confirm each guess", classes="title")
            yield Static(id="review-summary")
            yield DataTable(id="review-table", cursor_type="row", zebra_stripes=True)
            yield Label("y yes · n no · e name a phone number · m did-not-join · "
                        "ctrl+s apply · esc cancel", classes="hint")

    def on_mount(self) -> None:
        table = self.query_one("#review-table", DataTable)
        table.add_columns("Apply", "Teams name", "Proposed")
        self._fill()
        table.focus()

    def _fill(self) -> None:
        table = self.query_one("#review-table", DataTable)
        row = table.cursor_row
        table.clear()
        self._rows = []
        for g in self.plan.guesses:
            assert g.match is not None
            self._rows.append(("guess", g))
            table.add_row("yes" if g.accepted else "no", g.participant.name,
                          f"is {g.match.describe()}?")
        for a in self.plan.additional:
            self._rows.append(("new", a))
            table.add_row("yes" if a.accepted else "no", a.participant.name,
                          "additional attendee (new to the roster)")
        for i, u in enumerate(self.plan.unmatched):
            self._rows.append(("unmatched", i))
            table.add_row("drop", u.name,
                          "phone number: e to name" if u.is_phone else "unmatched")
        for m in self.plan.matched:
            assert m.person is not None
            self._rows.append(("sure", m))
            table.add_row("sure", m.participant.name, f"{m.person.name}: {m.status.value}"
                          + (f" ({m.times()})" if m.times() else ""))
        if self._rows:
            table.move_cursor(row=min(row, len(self._rows) - 1))
        missing = {0: "apologies", 1: "absent", 2: "left unrecorded"}[self.missing_mode]
        self.query_one("#review-summary", Static).update(
            f"{len(self.plan.matched)} sure matches · {len(self._missing)} members "
            f"did not join ({missing})")

    def _current(self) -> tuple[str, Proposal | int] | None:
        table = self.query_one("#review-table", DataTable)
        if not self._rows or table.cursor_row >= len(self._rows):
            return None
        return self._rows[table.cursor_row]

    def action_accept(self, yes: bool) -> None:
        cur = self._current()
        if cur is None or cur[0] not in ("guess", "new") or not isinstance(cur[1], Proposal):
            self.notify("Only guesses and new people take y / n", severity="error")
            return
        cur[1].accepted = yes
        table = self.query_one("#review-table", DataTable)
        self._fill()
        if table.cursor_row < len(self._rows) - 1:
            table.move_cursor(row=table.cursor_row + 1)

    def action_name_it(self) -> None:
        cur = self._current()
        if cur is None or cur[0] != "unmatched":
            self.notify("Choose a phone number or unmatched name first", severity="error")
            return
        index = cur[1]
        assert isinstance(index, int)
        part = self.plan.unmatched[index]

        def named(name: str | None) -> None:
            if not name:
                return
            match = match_name(name, self.people)
            part.name = name
            self.plan.unmatched.pop(index)
            claimed = {p.person.id for p in self.plan.matched + self.plan.guesses if p.person}
            if match and match.confident and match.person.id not in claimed:
                prop = Proposal(part, match.person, match,
                                AttendanceStatus.PRESENT if match.person.group is Group.MEMBER
                                else AttendanceStatus.ATTENDEE)
                self.plan.matched.append(prop)
                self._missing = [(p, s) for p, s in self._missing
                                 if p.id != match.person.id]
                self.plan.missing = [(p, s) for p, s in self.plan.missing
                                     if p.id != match.person.id]
            else:
                self.plan.additional.append(Proposal(part, None, None,
                                                     AttendanceStatus.ATTENDEE))
            self._fill()

        self.app.push_screen(PathScreen(f"Who is {part.name}?", "Full name"), named)

    def action_missing(self) -> None:
        self.missing_mode = (self.missing_mode + 1) % 3
        status = AttendanceStatus.ABSENT if self.missing_mode == 1 else \
            AttendanceStatus.APOLOGIES
        self.plan.missing = [] if self.missing_mode == 2 else [
            (p, status if self.missing_mode == 1 else s) for p, s in self._missing]
        self._fill()

    def action_apply(self) -> None:
        self.dismiss(self.plan)

    def action_cancel(self) -> None:
        self.dismiss(None)


class AttendanceScreen(Screen[None]):
    """The roster with each person's attendance and role at one meeting."""

    CSS_PATH = "attendance.tcss"
    BINDINGS = [
        Binding("f2", "mark('present')", "Present"),
        Binding("f3", "mark('attendee')", "Attendee"),
        Binding("f4", "mark('apologies')", "Apologies"),
        Binding("f5", "mark('absent')", "Absent"),
        Binding("f6", "role('chair')", "Chair"),
        Binding("f7", "role('deputy chair')", "Deputy"),
        Binding("f8", "role('note taker')", "Note taker"),
        Binding("f9", "clear", "Clear"),
        Binding("ctrl+n", "add_person", "Add person"),
        Binding("ctrl+r", "edit_person", "Edit person"),
        Binding("ctrl+g", "merge_person", "Merge into…"),
        Binding("ctrl+t", "import_report", "Teams report"),
        Binding("escape", "back", "Back"),
        Binding("down", "cursor(1)", "Next", show=False),
        Binding("up", "cursor(-1)", "Previous", show=False),
    ]

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
        self.meeting = repo.meeting(meeting_id)
        assert self.meeting.board_id is not None
        self.board_id: int = self.meeting.board_id
        self.people: list[Person] = []
        self.attendance: dict[int, Attendance] = {}
        self._shown: list[int] = []

    def compose(self) -> ComposeResult:
        yield Label(f"Attendance · {self.meeting.board_name} · "
                    f"{self.meeting.date:%d %B %Y}", id="att-title")
        yield _input("Type to filter the roster; F2-F9 mark, Tab to the list", "att-filter")
        yield Static(id="att-summary")
        yield DataTable(id="att-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="att-preview"):
            yield Static(id="att-lines")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#att-table", DataTable)
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
        self.people = self.repo.people(self.board_id)
        self.attendance = {a.person_id: a for a in self.repo.attendance(self.meeting_id)}
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
        table = self.query_one("#att-table", DataTable)
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
            table.add_row(p.name, p.group.value, _STATUS_TEXT[a.status] if a else "·",
                          a.role.value if a and a.role else "", times.strip(), key=str(p.id))
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
        self.query_one("#att-summary", Static).update(
            f"[b]{present_members} of {len(members)} members present[/b] · "
            f"{counts[AttendanceStatus.PRESENT]} present · "
            f"{counts[AttendanceStatus.ATTENDEE]} attending · "
            f"{counts[AttendanceStatus.APOLOGIES]} apologies · "
            f"{counts[AttendanceStatus.ABSENT]} absent · {unmarked} not marked")
        lines = attendance_lines(self.attendance.values())
        text = Text()
        for i, (label, names) in enumerate(lines):
            if i:
                text.append("\n")
            text.append(label, style="bold")
            text.append(" " + names)
        if not lines:
            text.append("No attendance recorded yet.", style="italic")
        self.query_one("#att-lines", Static).update(text)

    def current_person_id(self) -> int | None:
        """The highlighted roster person, if any."""
        table = self.query_one("#att-table", DataTable)
        if not self._shown or table.cursor_row < 0 or table.cursor_row >= len(self._shown):
            return None
        return self._shown[table.cursor_row]

    def _current(self) -> Person | None:
        pid = self.current_person_id()
        if pid is None:
            self.notify("No one is selected: clear the filter or add a person (ctrl+n)",
                        severity="error")
            return None
        return next(p for p in self.people if p.id == pid)

    # ------------------------------------------------------------------ filter

    @on(Input.Changed, "#att-filter")
    def _filter(self) -> None:
        self._refill(keep=None)
        table = self.query_one("#att-table", DataTable)
        if self._shown and self.current_person_id() is None:
            table.move_cursor(row=0)

    @on(Input.Submitted, "#att-filter")
    def _to_list(self) -> None:
        self.query_one("#att-table", DataTable).focus()

    async def on_key(self, event: events.Key) -> None:
        # Single letters for the same actions when the list (not the filter) has focus.
        if not isinstance(self.focused, DataTable) or self.focused.id != "att-table":
            return
        action = {"p": "mark('present')", "t": "mark('attendee')",
                  "a": "mark('apologies')", "x": "mark('absent')", "c": "role('chair')",
                  "d": "role('deputy chair')", "n": "role('note taker')"}.get(event.key)
        if action:
            event.stop()
            await self.run_action(action)
        elif event.character and event.character.isprintable() and len(event.key) == 1:
            # Any other letter starts a new search in the filter.
            event.stop()
            field = self.query_one("#att-filter", Input)
            field.value = event.character
            field.cursor_position = len(field.value)
            field.focus()

    # ------------------------------------------------------------------ actions

    def action_cursor(self, delta: int) -> None:
        table = self.query_one("#att-table", DataTable)
        if self._shown:
            table.move_cursor(row=max(0, min(len(self._shown) - 1, table.cursor_row + delta)))

    def action_mark(self, status: str) -> None:
        person = self._current()
        if person is None or person.id is None:
            return
        self.repo.set_attendance(self.meeting_id, person.id, status=AttendanceStatus(status))
        self.reload()

    def action_role(self, role: str) -> None:
        person = self._current()
        if person is None or person.id is None:
            return
        had = self.attendance.get(person.id)
        wanted = Role(role)
        self.repo.set_attendance(self.meeting_id, person.id,
                                 role=None if had and had.role is wanted else wanted)
        self.reload()

    def action_clear(self) -> None:
        person = self._current()
        if person is None or person.id is None:
            return
        self.repo.remove_attendance(self.meeting_id, person.id)
        self.reload()

    def action_add_person(self) -> None:
        def added(person: Person | None) -> None:
            if person is None:
                return
            if self.repo.find_person(self.board_id, person.name):
                self.notify(f"{person.name} is already on the roster", severity="error")
                return
            saved = self.repo.add_person(person.model_copy(update={"board_id": self.board_id}))
            assert saved.id is not None
            status = AttendanceStatus.PRESENT if saved.group is Group.MEMBER else \
                AttendanceStatus.ATTENDEE
            self.repo.set_attendance(self.meeting_id, saved.id, status=status)
            self.query_one("#att-filter", Input).value = ""
            self.reload()
            self._refill(keep=saved.id)
            self.notify(f"{saved.name} added to the roster as {status.value}")

        self.app.push_screen(AddPersonScreen(self.query_one("#att-filter", Input).value),
                             added)

    def action_edit_person(self) -> None:
        person = self._current()
        if person is None:
            return

        def edited(changed: Person | None) -> None:
            if changed is None:
                return
            clash = self.repo.find_person(self.board_id, changed.name)
            if clash is not None and clash.id != changed.id:
                self.notify(f"{clash.name} is already on the roster: merge instead "
                            "(ctrl+g)", severity="error")
                return
            self.repo.update_person(changed)
            self.reload()
            self.notify(f"Saved {changed.name}")

        self.app.push_screen(AddPersonScreen(person=person), edited)

    def action_merge_person(self) -> None:
        drop = self._current()
        if drop is None:
            return

        def chosen(name: str | None) -> None:
            if not name:
                return
            others = [p for p in self.people if p.id != drop.id]
            match = match_name(name, others)
            if match is None or not match.confident:
                hint = f" (did you mean {match.person.name}?)" if match else ""
                self.notify(f"No one on the roster is called {name!r}{hint}",
                            severity="error")
                return
            keep = match.person
            assert keep.id is not None and drop.id is not None
            self.repo.merge_people(keep.id, drop.id)
            self.reload()
            self._refill(keep=keep.id)
            self.notify(f"{drop.name} merged into {keep.name} (undo takes it back)")

        self.app.push_screen(PathScreen(f"Merge {drop.name} into whom? (their attendance "
                                        "and actions move over)", "Full name on the roster"),
                             chosen)

    def action_import_report(self) -> None:
        def chosen(path: str | None) -> None:
            if path:
                self.notify(f"Reading {Path(path).name}…")
                self.read_report(path)

        self.app.push_screen(PathScreen("Import a Teams attendance report",
                                        "Path to the downloaded .csv"), chosen)

    @work(thread=True, exclusive=True, group="teams-import")
    def read_report(self, path: str) -> None:
        """Parse the report and work out the plan off the UI thread."""
        from csp_tui.services.teams import read_report

        try:
            report = read_report(Path(path).expanduser())
            plan = propose(self.repo, self.meeting_id, report)
        except OSError as exc:
            self.post_message(self.ReportReady(None, f"Cannot read {path}: "
                                                     f"{exc.strerror or exc}"))
        except (ValueError, LookupError) as exc:
            self.post_message(self.ReportReady(None, str(exc)))
        else:
            self.post_message(self.ReportReady(plan))

    def on_attendance_screen_report_ready(self, message: ReportReady) -> None:
        if message.plan is None:
            self.notify(message.error, severity="error")
            return
        for extra in message.plan.additional:
            extra.accepted = True
        self.app.push_screen(ReviewScreen(message.plan, self.people), self._apply_plan)

    def _apply_plan(self, plan: ImportPlan | None) -> None:
        if plan is None:
            return
        try:
            done = apply(self.repo, plan)
        except (ValueError, LookupError) as exc:
            self.notify(error_message(exc), severity="error")
            return
        self.reload()
        self.notify(f"Teams report: {len(done)} attendance records written")

    def action_back(self) -> None:
        # dismiss (not pop_screen) so the meeting screen's callback reloads its names.
        self.dismiss(None)

