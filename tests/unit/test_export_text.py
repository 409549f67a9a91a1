"""Any text survives the export: only characters a Word file cannot hold are dropped."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csp_tui.domain.models import (
    Action,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Entry,
    EntryKind,
    ForwardPlanItem,
    Meeting,
    MeetingRecord,
    NextMeeting,
    Person,
)
from csp_tui.exporters.document import build_document
from csp_tui.exporters.docx_writer import build_docx, read_docx_text
from csp_tui.exporters.export import export_meeting
from csp_tui.exporters.json_io import canonical
from csp_tui.exporters.markdown import to_markdown
from csp_tui.exporters.text import xml_safe
from csp_tui.storage.repository import Repository

AWKWARD = ("tab\there, vertical\x0btab, form\x0cfeed, NUL\x00, zero\u200bwidth, "
           "\u201csmart\u201d \u2018quotes\u2019, emoji \U0001f600\U0001f3f3\ufe0f\u200d"
           "\U0001f308, RTL \u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627 "
           "\u202eoverride\u202c, line\nbreak, bell\x07, escape\x1b, <b>&amp;</b> ]]>")


def test_xml_safe_drops_only_what_xml_cannot_hold():
    assert xml_safe("plain text") == "plain text"
    assert xml_safe(AWKWARD) == (AWKWARD.replace("\x0b", "").replace("\x0c", "")
                                 .replace("\x00", "").replace("\x07", "").replace("\x1b", ""))
    assert xml_safe("a\ud800b\ufffe\uffffc") == "abc"
    assert xml_safe("keep\t\n\r\u200b\u202e\U0001f600") == "keep\t\n\r\u200b\u202e\U0001f600"


def test_awkward_and_huge_text_exports(repo: Repository, tmp_path: Path):
    m = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 3, 31), venue=AWKWARD))
    assert m.id is not None
    item = repo.meetings.items(m.id)[0]
    assert item.id is not None
    huge = " ".join(f"word{n}" for n in range(10_000))
    repo.minutes.add_entry(Entry(item_id=item.id, text=AWKWARD))
    repo.minutes.add_entry(Entry(item_id=item.id, kind=EntryKind.BULLET, text=huge))
    repo.minutes.add_action(
        Action(meeting_id=m.id, item_id=item.id, owner="\u05e9\u05dc\u05d5\u05dd",
               task=AWKWARD))
    path = export_meeting(repo, m.id, out=tmp_path).path
    texts = [p.text for p in Document(str(path)).paragraphs]
    safe = xml_safe(AWKWARD)
    # python-docx reads <w:br/> back as "\n": what was typed is what prints.
    assert safe in texts
    assert huge in texts  # a Word list item: Word draws the "•"
    assert any(t.startswith("ACTION: \u05e9\u05dc\u05d5\u05dd to") for t in texts)
    md = export_meeting(repo, m.id, out=tmp_path, fmt="md").path.read_text(encoding="utf-8")
    assert "word9999" in md and "\x00" not in md


# Text as a user might paste it: any Unicode at all, including control characters and
# lone surrogates; the models strip surrounding whitespace and need non-empty text.
SECRET = "\ue000restricted\ue001"
anything = st.text(min_size=1, max_size=60).filter(lambda s: s.strip() != "")
maybe = st.text(max_size=30)


@st.composite
def records(draw) -> MeetingRecord:
    day = dt.date(2021, 3, 31)
    people = [Person(id=n, board_id=1, name=draw(anything)) for n in (1, 2)]
    restricted = draw(st.booleans())
    items = [
        AgendaItem(id=1, meeting_id=1, number="1", title=draw(anything),
                   presenter=draw(maybe), public_summary=draw(maybe)),
        AgendaItem(id=2, meeting_id=1, number="2", title=draw(anything), restricted=restricted,
                   public_summary=draw(maybe)),
        AgendaItem(id=3, meeting_id=1, parent_id=2, number="(i)", title=draw(anything)),
        AgendaItem(id=4, meeting_id=1, number="3", title="Declaration of Interests",
                   state="deferred", deferred_reason=draw(maybe)),
    ]
    entries = []
    for n in range(1, 6):
        item_id = draw(st.sampled_from([1, 2, 3]))
        # Text under item 2 (and its sub-item 3) carries a mark no other field has, so
        # the public check below can look for it.
        mark = SECRET if item_id in (2, 3) else ""
        entries.append(Entry(id=n, item_id=item_id, position=n,
                             kind=draw(st.sampled_from(list(EntryKind))),
                             text=mark + draw(anything)))
    actions = [Action(id=n, meeting_id=1, item_id=draw(st.sampled_from([1, 2, 3])),
                      position=10 + n, owner=draw(maybe), task=draw(anything),
                      due=draw(maybe)) for n in (1, 2)]
    return MeetingRecord(
        meeting=Meeting(id=1, board_id=1, board_name=draw(maybe), date=day,
                        venue=draw(maybe), chair=draw(maybe),
                        next_meeting=NextMeeting(date=day, venue=draw(maybe),
                                                 chair=draw(maybe))),
        people=people,
        attendance=[Attendance(id=1, meeting_id=1, person_id=1, person_name=people[0].name,
                               status=AttendanceStatus.PRESENT),
                    Attendance(id=2, meeting_id=1, person_id=2, person_name=people[1].name,
                               status=AttendanceStatus.APOLOGIES)],
        items=items, entries=entries, actions=actions,
        carried_actions=[Action(id=9, meeting_id=0, item_id=99, task=draw(anything),
                                owner=draw(maybe))],
        forward_plan=[ForwardPlanItem(id=1, meeting_id=1, title=draw(anything),
                                      presenter=draw(maybe), when=draw(maybe))])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(record=records(), full=st.booleans())
def test_any_unicode_in_every_field_exports(tmp_path_factory, record: MeetingRecord,
                                            full: bool):
    tmp = tmp_path_factory.mktemp("prop")
    minutes = build_document(record, full=full, restricted_actions={9})
    path = tmp / "m.docx"
    build_docx(minutes).save(str(path))
    text = read_docx_text(path)  # it opens again: the XML is well formed
    for p in minutes.paras:
        for line in p.text.splitlines():
            assert line.strip() in text
    assert to_markdown(minutes)
    json.dumps(canonical(record, []), ensure_ascii=False)
    if not full and record.items[1].restricted:
        assert SECRET not in text


# What the database can store: any Unicode but lone surrogates (UTF-8 cannot encode
# them, so the capture line can never hand one over).
storable = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1,
                   max_size=40).filter(lambda s: s.strip() != "")


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(title=storable, text=storable, owner=storable, task=storable, name=storable,
       venue=storable, summary=storable)
def test_any_text_through_the_database_exports_and_round_trips(
        tmp_path_factory, title, text, owner, task, name, venue, summary):
    from csp_tui.exporters.json_io import export_json, import_record

    folder = tmp_path_factory.mktemp("db")
    repo = Repository.open(folder / "a.db")
    other = Repository.open(folder / "b.db")
    try:
        m = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 3, 31), venue=venue), [
            (AgendaItem(title=title), []),
            (AgendaItem(title=title + " 2", restricted=True, public_summary=summary), [])])
        assert m.id is not None
        board = repo.meetings.board()
        assert board.id is not None
        person = repo.people.add_person(Person(board_id=board.id, name=name))
        assert person.id is not None
        repo.people.set_attendance(m.id, person.id, status=AttendanceStatus.PRESENT)
        for item in repo.meetings.items(m.id):
            repo.minutes.add_entry(Entry(item_id=item.id or 0, text=text))
            repo.minutes.add_action(
                Action(meeting_id=m.id, item_id=item.id, owner=owner, task=task))
        for full in (False, True):
            path = export_meeting(repo, m.id, out=folder, full=full, action_log=True).path
            read_docx_text(path)
            export_meeting(repo, m.id, out=folder, fmt="md", full=full)
        first = export_json(repo, m.id)
        assert export_json(other, import_record(other, json.loads(first))) == first
    finally:
        repo.close()
        other.close()
