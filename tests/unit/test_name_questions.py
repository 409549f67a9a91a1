"""Open name questions: an attendance line keeps a near-miss name as typed, marked
unconfirmed in the database; answering corrects the meeting everywhere, one undo step."""

from __future__ import annotations

import csv
import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from test_capture import FIXTURES, TODAY, cap, item_at, lines, person_id

from csp_tui.domain.models import AttendanceStatus, EntryKind, Person, Role
from csp_tui.domain.name_questions import replace_name
from csp_tui.services.agenda_file import read_agenda_file
from csp_tui.storage.repository import Repository
from csp_tui.storage.schema import APPLICATION_ID, LATEST_VERSION, MIGRATIONS


@pytest.fixture
def mid(repo: Repository) -> int:
    """The 31 March 2021 board from the agenda fixture, with the roster fixture."""
    meeting = read_agenda_file(repo, FIXTURES / "agenda-2021-03-31.txt")
    with (FIXTURES / "roster.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            repo.people.add_person(Person(board_id=meeting.board_id, name=row["name"],
                                          group=row["group"]))
    assert meeting.id is not None
    return meeting.id


def run_line(repo: Repository, meeting_id: int, line: str):
    from csp_tui.capture.handlers import run

    return run(repo, meeting_id, line, today=TODAY)


def roster(repo: Repository, mid: int) -> list[str]:
    return [p.name for p in repo.people.people(repo.meetings.meeting(mid).board_id or 0)]


def test_a_misspelt_name_is_stored_at_once_and_marked_unconfirmed(repo, mid) -> None:
    out = cap(repo, mid, "/present Andy Opie, Brian Parrot and Jade Hodgson")
    assert out.severity == "warning"
    assert "'Brian Parrot' is not on the roster: is it Brian Parrott?" in out.message
    assert sorted(a.person_name for a in repo.people.attendance(mid)) == [
        "Andy Opie", "Brian Parrot", "Jade Hodgson"]
    (q,) = repo.names.name_questions(mid)
    assert (q.typed, q.name, q.candidates) == (
        "Brian Parrot", "Brian Parrot", ((person_id(repo, mid, "Brian Parrott"),
                                          "Brian Parrott"),))
    # The mark is in the file: another connection (a reopened app) sees it.
    assert repo.path is not None
    with Repository.open(repo.path, checked=True) as other:
        assert [x.typed for x in other.names.name_questions(mid)] == ["Brian Parrot"]
    # The name as typed is the stand-in: written again, it is the same, not asked again.
    cap(repo, mid, "/apologies Brian Parrot")
    assert len(repo.names.name_questions(mid)) == 1


def test_answering_corrects_attendance_owners_and_lines_in_one_undo_step(
        repo, mid, clock, london) -> None:
    clock.now = dt.datetime(2021, 3, 31, 9, 0, tzinfo=dt.UTC)
    cap(repo, mid, "/present Andy Opie, Brian Parrot")
    cap(repo, mid, "/goto 5")
    cap(repo, mid, "/a Brian Parrot and Andy Opie to circulate the figures to Brian Parrot")
    cap(repo, mid, "Brian Parrot thanked the board; Brian Parrott-Jones was not there.")
    clock.advance(minutes=30)
    cap(repo, mid, "/left Brian Parrot")
    item = item_at(repo, mid, 5).id
    before = (repo.people.attendance(mid), repo.minutes.actions(mid), lines(repo, item),
              roster(repo, mid))

    (q,) = repo.names.name_questions(mid)
    brian = person_id(repo, mid, "Brian Parrott")
    assert repo.names.answer_name(q.id, brian) == 3  # the action, and two lines
    att = {a.person_name: a for a in repo.people.attendance(mid)}
    assert sorted(att) == ["Andy Opie", "Brian Parrott"]
    assert att["Brian Parrott"].left == dt.time(10, 30)
    (action,) = repo.minutes.actions(mid)
    assert action.owner == "Brian Parrott and Andy Opie"
    assert action.owner_ids == [brian, person_id(repo, mid, "Andy Opie")]
    assert action.task == "circulate the figures to Brian Parrott"
    assert lines(repo, item) == [
        (EntryKind.PARAGRAPH,
         "Brian Parrott thanked the board; Brian Parrott-Jones was not there."),
        (EntryKind.PARAGRAPH, "Brian Parrott left the meeting.")]
    assert repo.names.name_questions(mid) == []
    assert "Brian Parrot" not in roster(repo, mid)  # the stand-in left the roster

    assert repo.undo() == "correct Brian Parrot to Brian Parrott"
    assert (repo.people.attendance(mid), repo.minutes.actions(mid), lines(repo, item),
            roster(repo, mid)) == before
    assert [x.typed for x in repo.names.name_questions(mid)] == ["Brian Parrot"]


def test_an_answer_joins_the_record_the_person_already_has(repo, mid, clock, london) -> None:
    clock.now = dt.datetime(2021, 3, 31, 9, 0, tzinfo=dt.UTC)
    cap(repo, mid, "/attendee Brian Parrott")
    cap(repo, mid, "/goto 5")
    clock.advance(minutes=47)
    cap(repo, mid, "/left Brian Parot")
    cap(repo, mid, "/chair brian.parrott@example.org")
    questions = repo.names.name_questions(mid)
    assert [q.typed for q in questions] == ["Brian Parot", "brian.parrott@example.org"]
    brian = person_id(repo, mid, "Brian Parrott")
    for q in questions:
        repo.names.answer_name(q.id, brian)
    (att,) = repo.people.attendance(mid)
    # Their own status stays; the time and the role the lines said join it.
    assert (att.person_name, att.status, att.left, att.role) == (
        "Brian Parrott", AttendanceStatus.ATTENDEE, dt.time(10, 47), Role.CHAIR)
    assert repo.meetings.meeting(mid).chair == "Brian Parrott"


def test_keeping_the_name_as_written_closes_the_question(repo, mid) -> None:
    cap(repo, mid, "/present Brian Parrot")
    (q,) = repo.names.name_questions(mid)
    repo.names.keep_name(q.id)
    assert repo.names.name_questions(mid) == []
    assert "Brian Parrot" in roster(repo, mid)  # a new person now
    with pytest.raises(LookupError, match="answered already"):
        repo.names.answer_name(q.id, person_id(repo, mid, "Brian Parrott"))
    repo.undo()
    assert [x.typed for x in repo.names.name_questions(mid)] == ["Brian Parrot"]


def test_questions_go_and_come_back_with_their_meeting_and_replay(repo, mid, tmp_path) -> None:
    cap(repo, mid, "/present Brian Parrot, Stephen")
    assert [q.typed for q in repo.names.name_questions(mid)] == ["Brian Parrot", "Stephen"]
    with Repository.open(tmp_path / "rebuilt.db") as rebuilt:
        repo.replay_journal_into(rebuilt)
        assert [q.typed for q in rebuilt.names.name_questions(mid)] == ["Brian Parrot", "Stephen"]
    repo.delete_meeting(mid)
    assert repo.conn.execute("SELECT count(*) FROM name_questions").fetchone()[0] == 0
    repo.undo()
    assert [q.typed for q in repo.names.name_questions(mid)] == ["Brian Parrot", "Stephen"]


def test_merging_the_stand_in_by_hand_answers_it(repo, mid) -> None:
    cap(repo, mid, "/present Brian Parrot")
    (q,) = repo.names.name_questions(mid)
    repo.people.merge_people(person_id(repo, mid, "Brian Parrott"), q.person_id)
    assert repo.names.name_questions(mid) == []
    repo.undo()
    assert [x.typed for x in repo.names.name_questions(mid)] == ["Brian Parrot"]


@pytest.mark.parametrize("text, name, right, expected", [
    ("Stephen left the meeting.", "Stephen", "Stephen Clayman",
     "Stephen Clayman left the meeting."),
    ("Stephen Thompson agreed; Peter Stephen too.", "Stephen", "Stephen Clayman",
     "Stephen Thompson agreed; Peter Stephen too."),
    ("Brian Parrott and Brian Parrot", "Brian Parrot", "Brian Parrott",
     "Brian Parrott and Brian Parrott"),
    ("Thanks to Stephen, Jade", "Stephen", "Stephen Clayman", "Thanks to Stephen Clayman, Jade"),
])
def test_replace_name_only_where_it_stands_alone(text, name, right, expected) -> None:
    assert replace_name(text, name, right) == expected


def test_a_version_8_database_gains_the_name_questions(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript("".join(m for m in MIGRATIONS[:8] if isinstance(m, str))
                       + f"PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = 8;")
    conn.close()
    with Repository.open(path) as repo:
        assert repo.conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION >= 9
        keys = {r[3]: (r[2], r[6]) for r in repo.conn.execute(
            "PRAGMA foreign_key_list(name_questions)")}
        assert keys == {"meeting_id": ("meetings", "CASCADE"),
                        "person_id": ("people", "CASCADE")}
        assert repo.names.name_questions(1) == []


def test_export_warns_about_names_still_unconfirmed(repo, mid, tmp_path) -> None:
    from csp_tui.exporters.export import export_meeting

    cap(repo, mid, "/present Brian Parrot, Stephen")
    warnings = export_meeting(repo, mid, out=tmp_path / "m.md", fmt="md").warnings
    assert [w for w in warnings if "unconfirmed" in w] == [
        "name check: 'Brian Parrot' kept as written, unconfirmed (is it Brian Parrott?)",
        "name check: 'Stephen' kept as written, unconfirmed (Stephen Clayman or "
        "Stephen Thompson?)"]
    # Printed as typed until answered.
    assert "Brian Parrot" in (tmp_path / "m.md").read_text(encoding="utf-8")


def test_a_name_still_unconfirmed_is_never_offered_as_a_completion(repo, mid) -> None:
    from csp_tui.capture.completion import completion_names

    cap(repo, mid, "/present Brian Parrot")
    names = completion_names(repo, mid)
    assert "Brian Parrott" in names and "Brian Parrot" not in names


def test_a_name_unconfirmed_elsewhere_is_asked_about_again(repo, mid) -> None:
    from csp_tui.domain.models import Meeting

    cap(repo, mid, "/present Brian Parrot")
    board = repo.meetings.meeting(mid).board_name
    later = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 6, 30), board_name=board))
    assert later.id is not None and later.board_id == repo.meetings.meeting(mid).board_id
    # The stand-in matches the name, but matching it is no answer: asked here too.
    out = run_line(repo, later.id, "/present Brian Parrot")
    assert "is it Brian Parrott?" in out.message
    (q,) = repo.names.name_questions(later.id)
    repo.names.answer_name(q.id, person_id(repo, mid, "Brian Parrott"))
    assert [a.person_name for a in repo.people.attendance(later.id)] == ["Brian Parrott"]
    # The first meeting's question stays open, and so does its stand-in.
    assert [x.typed for x in repo.names.name_questions(mid)] == ["Brian Parrot"]
    assert [a.person_name for a in repo.people.attendance(mid)] == ["Brian Parrot"]
