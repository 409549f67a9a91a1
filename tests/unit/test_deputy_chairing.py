"""House style: roles in capitals in brackets after the name, (CHAIR) and (NOTE TAKER);
a deputy chairing is said in item 1's text ("The board was chaired by the deputy chair,
Fiona Taylor."). One rule (``domain.attendance.deputy_chairing``), in Word and Markdown."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from docx import Document

from csp_tui.domain.attendance import attendance_lines, deputy_chairing
from csp_tui.domain.models import Attendance, AttendanceStatus, Meeting, Person, Role
from csp_tui.exporters.export import export_meeting
from csp_tui.storage.repository import Repository

P, A, X = AttendanceStatus.PRESENT, AttendanceStatus.APOLOGIES, AttendanceStatus.ABSENT
SENTENCE = "The board was chaired by the deputy chair, Fiona Taylor."


def att(pid: int, name: str, status: AttendanceStatus, role: Role | None = None
        ) -> Attendance:
    return Attendance(person_id=pid, person_name=name, status=status, role=role)


@pytest.mark.parametrize("rows, chair, said", [
    # The chair sent apologies: the deputy chaired.
    ([att(1, "Stephen Clayman", A, Role.CHAIR), att(2, "Fiona Taylor", P, Role.DEPUTY_CHAIR)],
     "", SENTENCE),
    # The meeting's chair (from the agenda header) is absent: the deputy chaired.
    ([att(1, "Stephen Clayman", X), att(2, "Fiona Taylor", P, Role.DEPUTY_CHAIR)],
     "Stephen Clayman", SENTENCE),
    # No chair at all.
    ([att(2, "Fiona Taylor", P, Role.DEPUTY_CHAIR)], "", SENTENCE),
    # The chair is here: the deputy did not chair.
    ([att(1, "Stephen Clayman", P, Role.CHAIR), att(2, "Fiona Taylor", P, Role.DEPUTY_CHAIR)],
     "", ""),
    ([att(1, "Stephen Clayman", P), att(2, "Fiona Taylor", P, Role.DEPUTY_CHAIR)],
     "Stephen Clayman", ""),
    # The deputy is not here either.
    ([att(1, "Stephen Clayman", A, Role.CHAIR), att(2, "Fiona Taylor", A, Role.DEPUTY_CHAIR)],
     "", ""),
    # The meeting names a chair whose attendance was never recorded: nothing minuted
    # says who chaired, so nothing is said.
    ([att(2, "Fiona Taylor", P, Role.DEPUTY_CHAIR)], "Stephen Clayman", ""),
    # No deputy chair.
    ([att(1, "Stephen Clayman", A, Role.CHAIR), att(2, "Fiona Taylor", P)], "", ""),
])
def test_the_deputy_chaired_when_here_and_no_chair_is(rows, chair, said):
    assert deputy_chairing(rows, chair) == said


def test_the_attendance_lines_mark_no_deputy_chair():
    rows = [att(1, "Stephen Clayman", A, Role.CHAIR), att(2, "Fiona Taylor", P, Role.DEPUTY_CHAIR),
            att(3, "Jade Hodgson", P, Role.NOTE_TAKER)]
    assert attendance_lines(rows) == [
        ("Members Present:", "Fiona Taylor and Jade Hodgson (NOTE TAKER)."),
        ("Apologies:", "Stephen Clayman (CHAIR).")]


@pytest.fixture
def deputy_meeting(repo: Repository) -> int:
    meeting = repo.meetings.create_meeting(Meeting(
        board_name="Community Safety Partnership", date=dt.date(2019, 12, 11),
        start=dt.time(10), end=dt.time(13), chair="Stephen Clayman",
        note_taker="Jade Hodgson"))
    assert meeting.id is not None and meeting.board_id is not None
    # "" leaves the role as the meeting has it (None would take the chair away).
    for name, status, role in [("Stephen Clayman", A, ""),
                               ("Fiona Taylor", P, Role.DEPUTY_CHAIR),
                               ("Jade Hodgson", P, ""), ("Andy Opie", P, "")]:
        person = repo.people.add_person(Person(board_id=meeting.board_id, name=name))
        assert person.id is not None
        repo.people.set_attendance(meeting.id, person.id, status=status, role=role)
    from csp_tui.capture.handlers import run

    first = repo.meetings.items(meeting.id)[0]
    repo.meetings.set_current(meeting.id, first.id)
    run(repo, meeting.id, "The deputy chair welcomed everyone.")
    return meeting.id


def paragraphs(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs if p.text.strip()]


def test_word_minutes_say_it_in_item_1(repo: Repository, deputy_meeting: int, tmp_path: Path):
    path = export_meeting(repo, deputy_meeting, out=tmp_path / "m.docx").path
    paras = paragraphs(path)
    assert "Members Present: Andy Opie, Fiona Taylor and Jade Hodgson (NOTE TAKER)." in paras
    assert "Apologies: Stephen Clayman (CHAIR)." in paras
    assert not any("DEPUTY" in p for p in paras)
    first = next(i for i, p in enumerate(paras) if p.startswith("1. "))
    assert paras[first + 1:first + 3] == [SENTENCE, "The deputy chair welcomed everyone."]
    assert paras.count(SENTENCE) == 1


def test_markdown_minutes_say_it_in_item_1(repo: Repository, deputy_meeting: int,
                                           tmp_path: Path):
    path = export_meeting(repo, deputy_meeting, out=tmp_path / "m.md", fmt="md").path
    text = path.read_text(encoding="utf-8")
    assert "DEPUTY" not in text
    lines = [line for line in text.splitlines() if line.strip()]
    first = next(i for i, line in enumerate(lines) if "1. INTRODUCTIONS" in line.upper())
    assert lines[first + 1] == SENTENCE


def test_nothing_is_said_when_the_chair_is_here(repo: Repository, deputy_meeting: int,
                                                tmp_path: Path):
    clayman = next(
        p for p in repo.people.people(repo.meetings.board().id) if p.name == "Stephen Clayman")
    assert clayman.id is not None
    repo.people.set_attendance(deputy_meeting, clayman.id, status=P)
    paras = paragraphs(export_meeting(repo, deputy_meeting, out=tmp_path / "m.docx").path)
    assert SENTENCE not in paras
    assert ("Members Present: Andy Opie, Fiona Taylor, Jade Hodgson (NOTE TAKER) and "
            "Stephen Clayman (CHAIR).") in paras
