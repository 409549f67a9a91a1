"""The whole meeting as JSON, for backup and transfer, and loading it back.

The file is ``{"format": "csp-minutes meeting", "version": 1, "record": ...,
"earlier": [...]}`` where ``record`` is the :class:`MeetingRecord` dumped by pydantic.
Database ids are renumbered 1, 2, 3... in the record's own order (and positions
0, 1, 2... within each item), so the same meeting gives the same file from any
database: export -> import -> export is byte-identical. ``earlier`` names the earlier
meetings and items the carried actions were raised under, so an import into an empty
database can recreate them.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from csp_tui.domain.agenda import DEFAULT_BOARD
from csp_tui.domain.models import (
    Action,
    AgendaItem,
    Entry,
    ForwardPlanItem,
    LineOrder,
    Meeting,
    MeetingRecord,
    MeetingState,
    Person,
    line_order,
)
from csp_tui.domain.restriction import item_restricted, lookup
from csp_tui.domain.text import one_line
from csp_tui.services.input_files import read_input, shown

if TYPE_CHECKING:
    from csp_tui.storage.repository import Repository

FORMAT = "csp-minutes meeting"
VERSION = 1


def _null_last(v: int | None) -> tuple[bool, int]:
    # SQLite sorts NULL first, as the repository's ORDER BY item_id does.
    return (v is not None, v or 0)


def canonical(record: MeetingRecord, earlier: list[dict[str, Any]]) -> dict[str, Any]:
    """The record and its earlier meetings with ids renumbered; see the module doc."""
    people = {p.id: n for n, p in enumerate(record.people, 1)}
    meetings = {record.meeting.id: 1}
    for n, m in enumerate(earlier, 2):
        meetings[m["id"]] = n
    items: dict[int | None, int | None] = {None: None}
    for n, i in enumerate(record.items, 1):
        items[i.id] = n
    k = len(items)
    for m in earlier:
        for it in m["items"]:
            items[it["id"]] = k
            k += 1

    def item_id(old: int | None) -> int | None:
        return items.get(old)

    # Entries and actions of an item share one order: renumber it 0, 1, 2...
    lines: dict[int | None, list[tuple[LineOrder, str]]] = {}
    for e in record.entries:
        lines.setdefault(e.item_id, []).append((line_order(e), f"e{e.id}"))
    for a in record.actions:
        lines.setdefault(a.item_id, []).append((line_order(a), f"a{a.id}"))
    position: dict[str, int] = {}
    for group in lines.values():
        for n, (_, key) in enumerate(sorted(group)):
            position[key] = n
    carried_groups: dict[int | None, list[Action]] = {}
    for a in record.carried_actions:
        carried_groups.setdefault(a.item_id, []).append(a)
    for group_actions in carried_groups.values():
        for n, a in enumerate(sorted(group_actions, key=lambda a: (a.position, a.id or 0))):
            position[f"c{a.id}"] = n

    update_no = iter(range(1, 1_000_000_000))

    def action(a: Action, key: str, n: int) -> Action:
        return a.model_copy(update={
            "id": n, "meeting_id": meetings.get(a.meeting_id),
            "item_id": item_id(a.item_id), "position": position[key],
            "owner_ids": [people[i] for i in a.owner_ids if i in people],
            "updates": [u.model_copy(update={"id": next(update_no), "action_id": n})
                        for u in a.updates]})

    meeting = record.meeting.model_copy(update={
        "id": 1, "board_id": 1, "current_item_id": item_id(record.meeting.current_item_id)})
    sibling: dict[int | None, int] = {}
    new_items = []
    for i in record.items:
        pos = sibling.get(i.parent_id, 0)
        sibling[i.parent_id] = pos + 1
        new_items.append(i.model_copy(update={
            "id": items[i.id], "meeting_id": 1, "parent_id": item_id(i.parent_id),
            "position": pos}))
    entries = sorted((e.model_copy(update={
        "id": 0, "item_id": item_id(e.item_id), "position": position[f"e{e.id}"]})
        for e in record.entries), key=lambda e: (_null_last(e.item_id), e.position))
    entries = [e.model_copy(update={"id": n}) for n, e in enumerate(entries, 1)]
    actions = sorted(record.actions, key=lambda a: (
        _null_last(item_id(a.item_id)), position[f"a{a.id}"]))
    new_actions = [action(a, f"a{a.id}", n) for n, a in enumerate(actions, 1)]
    carried = sorted(record.carried_actions, key=lambda a: (
        meetings.get(a.meeting_id) or 0, _null_last(item_id(a.item_id)),
        position[f"c{a.id}"]))
    new_carried = [action(a, f"c{a.id}", n)
                   for n, a in enumerate(carried, len(new_actions) + 1)]
    out = MeetingRecord(
        meeting=meeting,
        people=[p.model_copy(update={"id": people[p.id], "board_id": 1})
                for p in record.people],
        attendance=[a.model_copy(update={"id": n, "meeting_id": 1,
                                         "person_id": people.get(a.person_id, 0)})
                    for n, a in enumerate(record.attendance, 1)],
        items=new_items, entries=entries, actions=new_actions, carried_actions=new_carried,
        forward_plan=[f.model_copy(update={"id": n, "meeting_id": 1})
                      for n, f in enumerate(record.forward_plan, 1)])
    new_earlier = [{
        "id": meetings[m["id"]], "date": m["date"],
        "items": [{"id": items[it["id"]], "title": it["title"],
                   "restricted": it["restricted"]} for it in m["items"]]}
        for m in earlier]
    return {"format": FORMAT, "version": VERSION,
            "record": out.model_dump(mode="json"), "earlier": new_earlier}


def earlier_of(repo: Repository, record: MeetingRecord) -> list[dict[str, Any]]:
    """The earlier meetings and items the carried actions come from, oldest first."""
    found: dict[int, dict[str, Any]] = {}
    items: dict[int, dict[int, dict[str, Any]]] = {}
    # Every earlier agenda in one query (one item at a time was thousands of queries).
    ids = {a.meeting_id for a in record.carried_actions if a.meeting_id is not None}
    item_of = lookup(repo.meetings.items_of(ids))
    dates = repo.meetings.meeting_dates(ids)  # and their dates in one more
    for a in record.carried_actions:
        if a.meeting_id is None:
            continue
        if a.meeting_id not in found:
            if a.meeting_id not in dates:
                raise LookupError(f"no meeting with id {a.meeting_id}")
            found[a.meeting_id] = {"id": a.meeting_id,
                                   "date": dates[a.meeting_id].isoformat(), "items": []}
            items[a.meeting_id] = {}
        if a.item_id is not None and a.item_id not in items[a.meeting_id]:
            it = item_of(a.item_id)
            if it is None:
                continue
            items[a.meeting_id][a.item_id] = {
                "id": it.id, "title": it.title, "restricted": item_restricted(it, item_of)}
    out = []
    for mid, m in sorted(found.items(), key=lambda kv: (kv[1]["date"], kv[0])):
        m["items"] = [items[mid][k] for k in sorted(items[mid])]
        out.append(m)
    return out


def export_json(repo: Repository, meeting_id: int) -> str:
    """The meeting as JSON text (stable key order, two-space indent, final newline)."""
    return record_json(repo, repo.record(meeting_id))


def record_json(repo: Repository, record: MeetingRecord) -> str:
    """``record`` as JSON text; ``repo`` answers for the earlier meetings (a frozen
    record answers for them as they stood)."""
    data = canonical(record, earlier_of(repo, record))
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def read_json(path: Path | str) -> dict[str, Any]:
    """Load a backup file; ValueError with one line if it is not JSON of an object (a
    folder, FIFO or device is refused before it is opened)."""
    raw = read_input(path, what="file")
    where = shown(path)
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ValueError(f"{where} is not a csp-minutes JSON file (not UTF-8 text)") from None
    except json.JSONDecodeError as exc:
        # The text ends inside a value: the file was cut short (a failed copy or
        # download), which says more to a person than the parser's complaint.
        ended = exc.pos >= len(raw.rstrip()) or exc.msg.startswith("Unterminated string")
        cut = " - the file looks cut short" if ended else ""
        raise ValueError(f"{where} is not valid JSON (line {exc.lineno}: {exc.msg}{cut})"
                         ) from None
    except RecursionError:
        raise ValueError(f"{where} is not a csp-minutes JSON file (nested too deeply)"
                         ) from None
    if not isinstance(data, dict):
        raise ValueError(f"{where} is not a csp-minutes JSON file")
    return data


class EarlierItem(BaseModel):
    """An item of an earlier meeting that a carried action was raised under."""

    model_config = ConfigDict(extra="forbid", strict=True)
    id: int
    title: str
    restricted: bool = False


class EarlierMeeting(BaseModel):
    """An earlier meeting named by the file's ``earlier`` list."""

    model_config = ConfigDict(extra="forbid")
    id: int = Field(strict=True)
    date: dt.date
    items: list[EarlierItem] = []


@dataclass(frozen=True)
class CheckedImport:
    """A backup whose every part has a place: what :func:`import_record` loads."""

    record: MeetingRecord
    earlier: list[EarlierMeeting]


def check_import(data: dict[str, Any]) -> CheckedImport:
    """Check a loaded backup without touching any database; ValueError (one line, or one
    line per problem) for anything the import could not place: an item that is its own
    parent or sits three levels deep, a line under an item the file lacks, a carried
    action whose earlier meeting the file does not name."""
    if "record" in data:
        if data.get("format") != FORMAT:
            raise ValueError("not a csp-minutes meeting file (its \"format\" is "
                             f"{data.get('format')!r})")
        version = data.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version > VERSION:
            raise ValueError(f"this file is version {version!r}; this csp "
                             f"reads version {VERSION} or older")
        raw, earlier_raw = data["record"], data.get("earlier") or []
    else:
        raw, earlier_raw = data, []  # a bare MeetingRecord dump
    if not isinstance(raw, dict):
        raise ValueError("the file's \"record\" is not a meeting (a JSON object)")
    if not isinstance(earlier_raw, list):
        raise ValueError("the file's \"earlier\" is not a list of meetings")
    _check_numbers({"record": raw, "earlier": earlier_raw})
    record = MeetingRecord.model_validate(raw)
    earlier = [EarlierMeeting.model_validate(m) for m in earlier_raw]
    problems = _placement_problems(record, earlier)
    if problems:
        if len(problems) == 1:
            raise ValueError(f"nothing was imported: {problems[0]}")
        raise ValueError(f"nothing was imported; {len(problems)} parts have no place:\n"
                         + "\n".join(f"  {p}" for p in problems))
    return CheckedImport(record, earlier)


#: SQLite's largest integer: a bigger id, position or count cannot be stored.
_MAX_INT = 2**63 - 1


def _check_numbers(data: Any) -> None:
    """ValueError (one line) at the first whole number no database column can hold
    (``"position": 10**20``), naming where it is; read without recursion, as the parser
    already limits how deep the file goes."""
    todo: list[tuple[str, Any]] = [("", data)]
    while todo:
        where, value = todo.pop()
        if isinstance(value, dict):
            todo.extend((f"{where}.{key}" if where else str(key), v)
                        for key, v in reversed(value.items()))
        elif isinstance(value, list):
            todo.extend((f"{where}.{i}", v) for i, v in reversed(list(enumerate(value))))
        elif isinstance(value, int) and not -_MAX_INT - 1 <= value <= _MAX_INT:
            shown = str(value) if value.bit_length() < 200 else f"{value.bit_length()} bits"
            raise ValueError(f"nothing was imported: {one_line(where)} is {shown}, out of the "
                             f"database's range (whole numbers up to {_MAX_INT})")


def _placement_problems(record: MeetingRecord, earlier: list[EarlierMeeting]) -> list[str]:
    """What in the record :func:`import_record` could not put anywhere."""
    problems: list[str] = []
    items = {i.id: i for i in record.items}
    if len(items) < len(record.items):
        problems.append("two items share one id")

    def named(i: AgendaItem) -> str:
        return f"item {i.id} ({i.title[:40]!r})"

    for i in record.items:
        parent = items.get(i.parent_id) if i.parent_id is not None else None
        if i.parent_id is None:
            continue
        if i.parent_id == i.id:
            problems.append(f"{named(i)} is its own parent")
        elif parent is None:
            problems.append(f"{named(i)} is under item {i.parent_id}, which is not in the file")
        elif parent.parent_id is not None:
            problems.append(f"{named(i)} is a sub-item of a sub-item; items go two levels "
                            "deep (item and sub-item)")
    for kind, lines in (("entry", record.entries), ("action", record.actions)):
        for line in lines:
            if line.item_id is not None and line.item_id not in items:
                problems.append(f"{kind} {line.id} is under item {line.item_id}, which is "
                                "not in the file")
    people = {p.id for p in record.people}
    for a in record.attendance:
        if a.person_id not in people:
            problems.append(f"attendance {a.id} is of person {a.person_id}, who is not in "
                            "the file")
    earlier_ids = {m.id for m in earlier}
    for a in record.carried_actions:
        if a.meeting_id not in earlier_ids:
            problems.append(f"carried action {a.id} was raised at meeting {a.meeting_id}, "
                            "which the file's \"earlier\" list does not name")
    return problems


def import_record(repo: Repository, data: dict[str, Any] | CheckedImport) -> int:
    """Load a JSON backup into ``repo`` as a new meeting; returns its id.

    People are matched by name on the board and added when missing. The earlier
    meetings of carried actions are recreated (closed, with only the items those
    actions were raised under) unless the board already has a meeting on that date.
    The whole import is one transaction: one undo step, nothing half-loaded. A file
    with parts that have no place is refused first (:func:`check_import`).
    """
    checked = data if isinstance(data, CheckedImport) else check_import(data)
    record, earlier = checked.record, checked.earlier
    m = record.meeting
    board_name = m.board_name or DEFAULT_BOARD
    with repo.transaction(f"import the meeting of {m.date.isoformat()}"):
        board = repo.meetings.board(board_name)
        assert board.id is not None
        people: dict[int | None, int] = {}
        for p in record.people:
            person = repo.people.find_person(board.id, p.name) or repo.people.add_person(
                Person(board_id=board.id, name=p.name, post_title=p.post_title,
                       organisation=p.organisation, email=p.email, group=p.group))
            assert person.id is not None
            people[p.id] = person.id
        old_items = _restore_earlier(repo, record, earlier, board_name, board.id, people)
        tops = [i for i in record.items if i.parent_id is None]
        agenda = [(_blank(i), [_blank(s) for s in record.children_of(i.id)]) for i in tops]
        meeting = repo.meetings.create_meeting(
            Meeting(board_name=board_name, date=m.date, start=m.start, end=m.end,
                    venue=m.venue, chair=m.chair, note_taker=m.note_taker,
                    state=_imported_state(m.state), next_meeting=m.next_meeting), agenda)
        mid = meeting.id
        assert mid is not None
        new_items = repo.meetings.items(mid)
        ordered = [x for top in tops for x in (top, *record.children_of(top.id))]
        for old, new in zip(ordered, new_items, strict=True):
            old_items[old.id] = new.id
            if old.timings:
                assert new.id is not None
                repo.restore_timings(new.id, old.timings)
        if m.current_item_id is not None:
            repo.restore_current_item(mid, old_items.get(m.current_item_id))
        for a in record.attendance:
            if a.person_id in people:
                repo.people.set_attendance(mid, people[a.person_id], status=a.status, role=a.role,
                                           arrived=a.arrived, left=a.left,
                                           substitute_for=people.get(a.substitute_for or 0))
        for line in sorted([*record.entries, *record.actions], key=line_order):
            if isinstance(line, Entry):
                repo.minutes.add_entry(Entry(item_id=old_items[line.item_id], kind=line.kind,
                                             text=line.text))
            else:
                repo.minutes.restore_action(_moved(line, mid, old_items, people))
        for f in record.forward_plan:
            repo.meetings.add_forward(ForwardPlanItem(meeting_id=mid, title=f.title,
                                                      presenter=f.presenter, when=f.when))
    if m.draft:
        repo.meetings.save_draft(mid, m.draft)  # its own small transaction, by design
    return mid


def _imported_state(state: MeetingState) -> MeetingState:
    """A backup holds no versions (they stay in the database that circulated or approved
    the minutes): circulated or approved minutes come back closed, not frozen without a
    frozen record."""
    if state in (MeetingState.CIRCULATED, MeetingState.APPROVED):
        return MeetingState.CLOSED
    return state


def _blank(item: AgendaItem) -> AgendaItem:
    return item.model_copy(update={"id": None, "meeting_id": None, "parent_id": None,
                                   "number": "", "timings": []})


def _moved(a: Action, meeting_id: int, items: dict[int | None, int | None],
           people: dict[int | None, int]) -> Action:
    return a.model_copy(update={
        "id": None, "meeting_id": meeting_id, "item_id": items.get(a.item_id),
        "owner_ids": [people[i] for i in a.owner_ids if i in people],
        "updates": [u.model_copy(update={"id": None, "action_id": None}) for u in a.updates]})


def _restore_earlier(repo: Repository, record: MeetingRecord, earlier: list[EarlierMeeting],
                     board_name: str, board_id: int,
                     people: dict[int | None, int]) -> dict[int | None, int | None]:
    """Recreate the earlier meetings (and their carried actions) the board lacks."""
    items: dict[int | None, int | None] = {None: None}
    have = {mt.date for mt in repo.meetings.meetings(board_id)}
    for em in earlier:
        if em.date in have:
            continue  # the board has that meeting: its actions are already there
        stub = repo.meetings.create_meeting(
            Meeting(board_name=board_name, date=em.date, state=MeetingState.CLOSED),
            [(AgendaItem(title=it.title, restricted=it.restricted), []) for it in em.items])
        assert stub.id is not None
        for it, new in zip(em.items, repo.meetings.items(stub.id), strict=True):
            items[it.id] = new.id
        for a in sorted((a for a in record.carried_actions if a.meeting_id == em.id),
                        key=lambda a: (a.item_id or 0, a.position)):
            repo.minutes.restore_action(_moved(a, stub.id, items, people))
    return items
