"""The roster of each board, who attended each meeting, and the names the note taker
accepted as written in a meeting's name check."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from csp_tui.domain.attendance import attending_ids
from csp_tui.domain.models import Attendance, AttendanceStatus, Group, Person, Role
from csp_tui.domain.names import Resolved, person_ids, resolve_name, split_names
from csp_tui.storage.convert import hm, parse_hm
from csp_tui.storage.journal import Store


class PeopleStore(Store):
    """The boards' rosters, attendance and the names accepted as written."""

    # ------------------------------------------------------------------ people

    @staticmethod
    def _person(r: dict[str, Any]) -> Person:
        return Person.model_construct(
            id=r["id"], board_id=r["board_id"], name=r["name"], post_title=r["post_title"],
            organisation=r["organisation"], email=r["email"], group=Group(r["grp"]))

    def people(self, board_id: int) -> list[Person]:
        """The board's roster, by name."""
        return [self._person(r) for r in self.journal.query(
            "SELECT * FROM people WHERE board_id = ? ORDER BY name COLLATE NOCASE", [board_id])]

    def person(self, person_id: int) -> Person:
        row = self.journal.row("people", person_id)
        if row is None:
            raise LookupError(f"no person with id {person_id}")
        return self._person(row)

    def find_person(self, board_id: int, name: str) -> Person | None:
        """The roster person with exactly this name (case-insensitive)."""
        rows = list(self.journal.query(
            "SELECT * FROM people WHERE board_id = ? AND name = ? COLLATE NOCASE",
            [board_id, name.strip()]))
        return self._person(rows[0]) if rows else None

    def add_person(self, person: Person) -> Person:
        """Add to the roster; a person already there by name is returned unchanged."""
        assert person.board_id is not None
        existing = self.find_person(person.board_id, person.name)
        if existing:
            return existing
        with self.journal.transaction(f"add {person.name} to the roster"):
            pid = self.journal.insert("people", {
                "board_id": person.board_id, "name": person.name,
                "post_title": person.post_title, "organisation": person.organisation,
                "email": person.email, "grp": person.group.value})
        return person.model_copy(update={"id": pid})

    def update_person(self, person: Person) -> Person:
        assert person.id is not None
        with self.journal.transaction(f"edit {person.name}"):
            self.journal.update("people", person.id, {
                "name": person.name, "post_title": person.post_title,
                "organisation": person.organisation, "email": person.email,
                "grp": person.group.value})
        return person

    def merge_people(self, keep_id: int, drop_id: int) -> None:
        """Fold ``drop_id`` into ``keep_id``: attendance and action owners move over."""
        keep = self.person(keep_id)
        with self.journal.transaction(f"merge into {keep.name}"):
            for r in list(self.journal.query(
                    "SELECT id, meeting_id FROM attendance WHERE person_id = ?", [drop_id])):
                clash = self.conn.execute(
                    "SELECT 1 FROM attendance WHERE meeting_id = ? AND person_id = ?",
                    (r["meeting_id"], keep_id)).fetchone()
                if clash:
                    self.journal.delete("attendance", r["id"])
                else:
                    self.journal.update("attendance", r["id"], {"person_id": keep_id})
            for (aid,) in self.conn.execute(
                    "SELECT action_id FROM action_owners WHERE person_id = ?",
                    (drop_id,)).fetchall():
                self.journal.set_owners(
                    aid, [keep_id if p == drop_id else p for p in self.journal.owners(aid)])
            # A name kept as typed, merged by hand into the person it was: answered.
            for (qid,) in self.conn.execute(
                    "SELECT id FROM name_questions WHERE person_id = ?", (drop_id,)).fetchall():
                self.journal.delete("name_questions", qid)
            self.journal.delete("people", drop_id)

    def resolve_names(self, meeting_id: int, names: str | Sequence[str]) -> list[Resolved]:
        """Typed names matched to the roster of the meeting's board by
        :func:`~csp_tui.domain.names.resolve_name`, those attending the meeting looked
        at first. A string is an owner list (split by
        :func:`~csp_tui.domain.names.split_names`); a sequence is names already split."""
        typed = split_names(names) if isinstance(names, str) else names
        roster, attending = self.roster_of(meeting_id)
        return [resolve_name(n, roster, attending) for n in typed]

    def roster_of(self, meeting_id: int) -> tuple[list[Person], list[int]]:
        """What names typed in the meeting are matched against: the roster of its
        board, and the ids of those attending (looked at first)."""
        row = self.journal.row("meetings", meeting_id)
        if row is None:
            raise LookupError(f"no meeting with id {meeting_id}")
        roster = self.people(row["board_id"]) if row["board_id"] is not None else []
        return roster, attending_ids(self.attendance(meeting_id))

    def owner_ids(self, meeting_id: int, owner: str) -> list[int]:
        """The roster people named in an action's owner text, each once: the one rule
        the capture line, the action form and ``csp actions update --owner`` share."""
        return person_ids(self.resolve_names(meeting_id, owner))

    # ------------------------------------------------------------------ attendance

    def attendance(self, meeting_id: int) -> list[Attendance]:
        return [Attendance.model_construct(
                    id=r["id"], meeting_id=r["meeting_id"], person_id=r["person_id"],
                    person_name=r["name"], status=AttendanceStatus(r["status"]),
                    role=Role(r["role"]) if r["role"] else None,
                    arrived=parse_hm(r["arrived"]), left=parse_hm(r["left_at"]),
                    substitute_for=r["substitute_for"], substitute_for_name=r["sub_name"] or "")
                for r in self.journal.query(
                    "SELECT attendance.*, people.name, member.name AS sub_name FROM attendance "
                    "JOIN people ON people.id = person_id LEFT JOIN people AS member ON "
                    "member.id = substitute_for WHERE meeting_id = ? ORDER BY people.name",
                    [meeting_id])]

    def set_attendance(self, meeting_id: int, person_id: int, *,
                       status: AttendanceStatus | None = None,
                       role: Role | None | str = "", arrived: dt.time | None | str = "",
                       left: dt.time | None | str = "",
                       substitute_for: int | None | str = "") -> Attendance:
        """Record or change one person's attendance. "" leaves a field as it is;
        ``substitute_for``: the roster person they attended as a substitute for."""
        row = self.conn.execute(
            "SELECT id FROM attendance WHERE meeting_id = ? AND person_id = ?",
            (meeting_id, person_id)).fetchone()
        values: dict[str, Any] = {}
        if status is not None:
            values["status"] = AttendanceStatus(status).value
        if role != "":
            values["role"] = Role(role).value if role else None
        if arrived != "":
            values["arrived"] = hm(arrived) if isinstance(arrived, dt.time) else None
        if left != "":
            values["left_at"] = hm(left) if isinstance(left, dt.time) else None
        if substitute_for != "":
            values["substitute_for"] = substitute_for
        name = self.person(person_id).name
        with self.journal.transaction(f"attendance of {name}"):
            if role not in ("", None):
                # One chair, one note taker: the role moves from whoever had it.
                for (other,) in self.conn.execute(
                        "SELECT id FROM attendance WHERE meeting_id = ? AND role = ? AND "
                        "person_id != ?", (meeting_id, values["role"], person_id)).fetchall():
                    self.journal.update("attendance", other, {"role": None})
            self._role_is_the_meetings(meeting_id, person_id, role)
            if row:
                self.journal.update("attendance", row[0], values)
            else:
                values.setdefault("status", AttendanceStatus.PRESENT.value)
                self.journal.insert("attendance", {"meeting_id": meeting_id, "person_id": person_id,
                                                   **values})
        return next(a for a in self.attendance(meeting_id) if a.person_id == person_id)

    def _role_is_the_meetings(self, meeting_id: int, person_id: int,
                              role: Role | None | str) -> None:
        """The chair and note taker marked in the attendance are the meeting's chair
        and note taker (one fact): giving the role names them; taking it from the
        person who holds it leaves the meeting without one."""
        if role == "":
            return
        name = self.person(person_id).name
        row = self.conn.execute("SELECT chair, note_taker FROM meetings WHERE id = ?",
                                (meeting_id,)).fetchone()
        changes: dict[str, str] = {}
        for field_name, held, said in (("chair", Role.CHAIR, row[0]),
                                       ("note_taker", Role.NOTE_TAKER, row[1])):
            if role and Role(role) is held:
                changes[field_name] = name
            elif " ".join(said.split()).casefold() == " ".join(name.split()).casefold():
                changes[field_name] = ""  # the person no longer holds this role
        if changes:
            self.journal.update("meetings", meeting_id, changes)

    def remove_attendance(self, meeting_id: int, person_id: int) -> None:
        row = self.conn.execute(
            "SELECT id FROM attendance WHERE meeting_id = ? AND person_id = ?",
            (meeting_id, person_id)).fetchone()
        if row:
            with self.journal.transaction("remove from attendance"):
                self.journal.delete("attendance", row[0])

    # ------------------------------------------------------------------ name check

    def accept_name(self, meeting_id: int, found: str, person_id: int | None) -> None:
        """Remember that ``found`` is right as written in this meeting's minutes, though
        it nearly matches roster person ``person_id``: the name check leaves it alone."""
        if (found, person_id) in self.accepted_names(meeting_id):
            return
        with self.journal.transaction(f"accept {found} as written"):
            self.journal.insert("accepted_names", {"meeting_id": meeting_id, "found": found,
                                                   "person_id": person_id})

    def accepted_names(self, meeting_id: int) -> set[tuple[str, int | None]]:
        """(as written, roster person id) of every name accepted in this meeting."""
        return {(found, pid) for found, pid in self.conn.execute(
            "SELECT found, person_id FROM accepted_names WHERE meeting_id = ?", (meeting_id,))}
