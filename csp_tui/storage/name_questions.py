"""Open name questions (:mod:`csp_tui.domain.name_questions`): asked when an attendance
line keeps a name as typed, answered by saying who it is (or that it is a new person).

Answering is one journaled transaction, so one undo takes all of it back: the
attendance moves to the roster person (what the name as typed said, its role and
times, joins theirs), the meeting's chair or note taker named so becomes them, the
meeting's actions they own become theirs, and every line of the meeting that writes
the name as typed writes the roster name instead. The roster person that stood in for
the name leaves the roster when nothing else refers to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from csp_tui.domain.name_questions import NameQuestion, replace_name
from csp_tui.storage.journal import Journal, Store
from csp_tui.storage.minutes import MinutesStore
from csp_tui.storage.people import PeopleStore

#: The tables whose rows name a person: a stand-in still named by one stays.
_REFERENCES = ("attendance", "action_owners", "name_questions", "accepted_names",
               "transcript_cues")


class NameQuestionsStore(Store):
    """Open name questions; answering one corrects the roster (``people``) and the
    meeting's actions (``minutes``)."""

    def __init__(self, journal: Journal, *, minutes: MinutesStore,
                 people: PeopleStore) -> None:
        super().__init__(journal)
        self.minutes = minutes
        self.people = people

    def ask_about_name(self, meeting_id: int, person_id: int, typed: str,
                       candidate_ids: Sequence[int]) -> None:
        """Mark the roster person ``person_id`` (the name ``typed`` kept as written) as
        unconfirmed in this meeting: it may be one of ``candidate_ids``. Call inside
        the line's transaction, so that undoing the line takes the question back."""
        with self.journal.transaction(f"ask who {typed} is"):
            if self.conn.execute(
                    "SELECT 1 FROM name_questions WHERE meeting_id = ? AND person_id = ?",
                    (meeting_id, person_id)).fetchone():
                return
            self.journal.insert("name_questions", {
                "meeting_id": meeting_id, "person_id": person_id, "typed": typed,
                "candidates": " ".join(str(i) for i in dict.fromkeys(candidate_ids))})

    def name_questions(self, meeting_id: int) -> list[NameQuestion]:
        """The meeting's open name questions, the oldest first."""
        rows = self.conn.execute(
            "SELECT q.id, q.person_id, people.name, q.typed, q.candidates FROM "
            "name_questions AS q JOIN people ON people.id = q.person_id "
            "WHERE q.meeting_id = ? ORDER BY q.id", (meeting_id,)).fetchall()
        if not rows:
            return []
        names = dict(self.conn.execute(
            "SELECT id, name FROM people WHERE board_id = (SELECT board_id FROM meetings "
            "WHERE id = ?)", (meeting_id,)).fetchall())
        return [NameQuestion(qid, meeting_id, pid, name, typed, tuple(
                    (int(c), names[int(c)]) for c in candidates.split()
                    if int(c) in names and int(c) != pid))
                for qid, pid, name, typed, candidates in rows]

    def unconfirmed_people(self, person_ids: Sequence[int]) -> dict[int, tuple[int, ...]]:
        """Of ``person_ids``, those standing in for a name still unconfirmed in any
        meeting, each with the roster ids it may be."""
        if not person_ids:
            return {}
        marks = ",".join("?" for _ in person_ids)
        out: dict[int, tuple[int, ...]] = {}
        for pid, candidates in self.conn.execute(
                f"SELECT person_id, candidates FROM name_questions WHERE person_id IN "
                f"({marks}) ORDER BY id", tuple(person_ids)):
            out.setdefault(pid, tuple(int(c) for c in candidates.split()))
        return out

    def name_question(self, question_id: int) -> NameQuestion:
        """One open question (LookupError when it has been answered or undone)."""
        row = self.journal.row("name_questions", question_id)
        found = next((q for q in self.name_questions(row["meeting_id"])
                      if q.id == question_id), None) if row else None
        if found is None:
            raise LookupError("that name question has been answered already")
        return found

    def keep_name(self, question_id: int) -> None:
        """The name as typed is right: a new person, who stays on the roster."""
        q = self.name_question(question_id)
        with self.journal.transaction(f"keep {q.typed} as written"):
            self.journal.delete("name_questions", question_id)

    def answer_name(self, question_id: int, person_id: int) -> int:
        """The name as typed is the roster person ``person_id``: correct the meeting's
        attendance, roles, action owners and lines, in one transaction (one undo).
        Returns how many lines and actions were rewritten."""
        q = self.name_question(question_id)
        right = self.people.person(person_id)
        if person_id == q.person_id:
            self.keep_name(question_id)
            return 0
        mid, stand_in = q.meeting_id, q.person_id
        with self.journal.transaction(f"correct {q.typed} to {right.name}"):
            self.journal.delete("name_questions", question_id)
            self._move_attendance(mid, stand_in, person_id)
            meeting = self.journal.row("meetings", mid)
            assert meeting is not None
            self.journal.update("meetings", mid, {
                col: right.name for col in ("chair", "note_taker")
                if " ".join(meeting[col].split()).casefold() == q.name.casefold()})
            changed = self._correct_actions(mid, q.name, stand_in, right.name, person_id)
            for entry_id, text in self.conn.execute(
                    "SELECT entries.id, text FROM entries JOIN items ON items.id = item_id "
                    "WHERE items.meeting_id = ?", (mid,)).fetchall():
                new = replace_name(text, q.name, right.name)
                if new != text:
                    self.journal.update("entries", entry_id, {"text": new})
                    changed += 1
            if not any(self.conn.execute(f"SELECT 1 FROM {t} WHERE person_id = ? LIMIT 1",
                                         (stand_in,)).fetchone() for t in _REFERENCES):
                self.journal.delete("people", stand_in)
        return changed

    def _move_attendance(self, meeting_id: int, stand_in: int, person_id: int) -> None:
        """The stand-in's attendance becomes the person's: their own record, if they
        have one, takes its role and times (what the line said) and keeps its status."""
        def row(pid: int) -> dict[str, Any] | None:
            found = self.conn.execute(
                "SELECT id FROM attendance WHERE meeting_id = ? AND person_id = ?",
                (meeting_id, pid)).fetchone()
            return self.journal.row("attendance", found[0]) if found else None

        said, own = row(stand_in), row(person_id)
        if said is None:
            return
        if own is None:
            self.journal.update("attendance", said["id"], {"person_id": person_id})
            return
        self.journal.delete("attendance", said["id"])
        self.journal.update("attendance", own["id"], {
            col: said[col] for col in ("role", "arrived", "left_at") if said[col] is not None})

    def _correct_actions(self, meeting_id: int, name: str, stand_in: int, right: str,
                         person_id: int) -> int:
        """The meeting's actions: owned by the stand-in, they are the person's; the
        name as typed, in an owner or a task, is written as the roster name."""
        changed = 0
        for action in self.minutes.actions(meeting_id):
            assert action.id is not None
            owner = replace_name(action.owner, name, right)
            task = replace_name(action.task, name, right)
            ids = [person_id if i == stand_in else i for i in action.owner_ids]
            if owner != action.owner:
                ids.append(person_id)  # an owner kept as written before the question
            ids = list(dict.fromkeys(ids))
            if owner == action.owner and task == action.task and ids == action.owner_ids:
                continue
            self.minutes.update_action(action.id, owner=owner, task=task, minuted=True,
                                       owner_ids=ids if ids != action.owner_ids else None)
            changed += 1
        return changed
