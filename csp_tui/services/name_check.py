"""The name check before export: names in the minutes that nearly match a roster name
but are spelled differently ("Kevin McKambe" for Kevin Makambe). Headless (no
textual) so the exporter's pre-export check can call :func:`find_name_issues`.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field

from csp_tui.domain.models import Action, Entry, MeetingRecord, Person
from csp_tui.domain.names import roster_parts, similarity, split_name
from csp_tui.storage.repository import Repository

#: A run of capitalised words ("Kevin McKambe", "Hazel North-Stephens", "O'Neil").
_RUN = re.compile(r"(?<![\w'’-])[A-Z][\w'’]*(?:-[A-Z]?[\w'’]+)*"
                  r"(?:\s+[A-Z][\w'’]*(?:-[A-Z]?[\w'’]+)*)+")
_WORD = re.compile(r"[A-Z][\w'’]*(?:-[A-Z]?[\w'’]+)*")
#: Guesses of these kinds are worth a question; "same surname" (one side without a
#: first name) is too loose for running text.
_KINDS = ("close spelling", "short form")


@dataclass(frozen=True)
class Occurrence:
    """Where a name was written: an entry's text, or an action's owner or task."""

    kind: str  # "entry", "action owner", "action task"
    row_id: int
    item_id: int | None


@dataclass
class NameIssue:
    """A name in the minutes that is probably ``suggestion`` misspelled."""

    found: str
    suggestion: str
    person_id: int | None
    score: float
    kind: str
    occurrences: list[Occurrence] = field(default_factory=list)

    def describe(self) -> str:
        n = len(self.occurrences)
        return (f"{self.found} → {self.suggestion} ({self.kind}, "
                f"{n} place{'s' if n != 1 else ''})")


def _texts(record: MeetingRecord) -> list[tuple[Occurrence, str]]:
    out: list[tuple[Occurrence, str]] = []
    for e in record.entries:
        if e.id is not None:
            out.append((Occurrence("entry", e.id, e.item_id), e.text))
    actions: list[Action] = record.actions + record.carried_actions
    for a in actions:
        if a.id is None:
            continue
        if a.owner:
            out.append((Occurrence("action owner", a.id, a.item_id), a.owner))
        out.append((Occurrence("action task", a.id, a.item_id), a.task))
    return out


def _windows(text: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of every 2- and 3-word window of capitalised runs."""
    found: list[tuple[int, int, str]] = []
    for run in _RUN.finditer(text):
        words = [(m.start() + run.start(), m.end() + run.start())
                 for m in _WORD.finditer(run.group())]
        for size in (3, 2):
            for i in range(len(words) - size + 1):
                s, e = words[i][0], words[i + size - 1][1]
                found.append((s, e, text[s:e]))
    return found


def find_name_issues(record: MeetingRecord,
                     accepted: Collection[tuple[str, int | None]] = ()) -> list[NameIssue]:
    """Names in the minutes (entries, action owners and tasks) that nearly match a
    roster name but differ, with every place they occur. Exact roster names, names
    that are another roster person's, and the ``accepted`` (as written, person id)
    pairs (:meth:`PeopleStore.accepted_names`) are never reported."""
    people: list[Person] = [p for p in record.people if p.id is not None]
    parts = roster_parts(people)
    keys = {parts[p.name].key for p in people}
    issues: dict[tuple[str, int], NameIssue] = {}
    for where, text in _texts(record):
        windows = _windows(text)
        good = [(s, e) for s, e, w in windows if split_name(w).key in keys]
        taken: list[tuple[int, int]] = list(good)
        for s, e, w in windows:
            if any(s < ge and gs < e for gs, ge in taken):
                continue
            q = split_name(w)
            if not q.first:
                continue
            best: tuple[float, str, Person] | None = None
            for p in people:
                score, kind = similarity(q, parts[p.name])
                if kind in _KINDS and (best is None or score > best[0]):
                    best = (score, kind, p)
            if best is None:
                continue
            score, kind, person = best
            assert person.id is not None
            taken.append((s, e))
            issue = issues.setdefault((w, person.id), NameIssue(
                w, person.name, person.id, score, kind))
            if where not in issue.occurrences:
                issue.occurrences.append(where)
    return sorted((i for i in issues.values() if (i.found, i.person_id) not in accepted),
                  key=lambda i: (i.suggestion, i.found))


def _replace(text: str, found: str, right: str) -> str:
    return re.sub(r"(?<![\w'’-])" + re.escape(found) + r"(?![\w'’-])", right, text)


def correct(repo: Repository, issue: NameIssue) -> int:
    """Write the roster spelling over every occurrence, in one transaction (one undo
    step); returns how many texts changed."""
    changed = 0
    with repo.transaction(f"correct {issue.found} to {issue.suggestion}"):
        for occ in issue.occurrences:
            if occ.kind == "entry":
                row = repo.conn.execute("SELECT item_id, kind, text FROM entries WHERE id = ?",
                                        (occ.row_id,)).fetchone()
                if row is None:
                    continue
                new = _replace(row[2], issue.found, issue.suggestion)
                if new != row[2]:
                    repo.minutes.update_entry(Entry(id=occ.row_id, item_id=row[0], kind=row[1],
                                                    text=new))
                    changed += 1
            else:
                action = repo.minutes.action(occ.row_id)
                if occ.kind == "action owner":
                    new = _replace(action.owner, issue.found, issue.suggestion)
                    if new != action.owner:
                        repo.minutes.update_action(occ.row_id, owner=new, minuted=True)
                        changed += 1
                else:
                    new = _replace(action.task, issue.found, issue.suggestion)
                    if new != action.task:
                        repo.minutes.update_action(occ.row_id, task=new, minuted=True)
                        changed += 1
    return changed
