"""The storage layer: round trips, migrations, refusals, file mode, undo, concurrency."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from csp_tui.cli.main import main
from csp_tui.domain.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    AgendaItem,
    AttendanceStatus,
    Entry,
    EntryKind,
    ForwardPlanItem,
    Group,
    ItemState,
    Meeting,
    NextMeeting,
    Person,
    Rag,
    Role,
    line_order,
)
from csp_tui.storage.connection import StorageError
from csp_tui.storage.repository import Repository
from csp_tui.storage.schema import LATEST_VERSION


def _meeting(repo: Repository) -> Meeting:
    return repo.meetings.create_meeting(
        Meeting(board_name="Community Safety Partnership", date=dt.date(2021, 3, 31),
                start=dt.time(10), end=dt.time(13), venue="MS Teams", chair="Stephen Clayman",
                note_taker="Jade Hodgson",
                next_meeting=NextMeeting(date=dt.date(2021, 6, 30), start=dt.time(10),
                                         end=dt.time(13), venue="MS Teams",
                                         chair="Councillor Mullane")),
        [(AgendaItem(title="Introductions", minutes=5), []),
         (AgendaItem(title="Prevent Update", minutes=10, restricted=True,
                     public_summary="An update was given."), []),
         (AgendaItem(title="AOB", presenter="All", minutes=15),
          [AgendaItem(title="Performance Report", presenter="Daniel James"),
           AgendaItem(title="IVOLT")])])


def test_migrations_from_an_empty_file(db_path: Path) -> None:
    db_path.touch()
    repo = Repository.open(db_path)
    assert repo.conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    assert repo.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert repo.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert {"meetings", "items", "entries", "actions", "journal"} <= set(repo.db.table_names())
    repo.close()
    Repository.open(db_path).close()  # reopening migrates nothing and fails nothing


def test_new_file_is_private(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "minutes.db"
    Repository.open(path).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_meeting_round_trip(repo: Repository) -> None:
    meeting = _meeting(repo)
    again = repo.meetings.meeting(meeting.id)
    assert again == meeting
    assert again.next_meeting == NextMeeting(date=dt.date(2021, 6, 30), start=dt.time(10),
                                             end=dt.time(13), venue="MS Teams",
                                             chair="Councillor Mullane")
    items = repo.meetings.items(meeting.id)
    assert [(i.number, i.title) for i in items] == [
        ("1", "Introductions"), ("2", "Prevent Update"), ("3", "AOB"),
        ("(i)", "Performance Report"), ("(ii)", "IVOLT")]
    assert items[1].restricted and items[1].public_summary == "An update was given."
    assert items[3].parent_id == items[2].id


def test_people_attendance_entries_actions_round_trip(repo: Repository, clock) -> None:
    meeting = _meeting(repo)
    board = repo.meetings.board("Community Safety Partnership")
    jade = repo.people.add_person(Person(board_id=board.id, name="Jade Hodgson",
                                         post_title="Policy Officer", organisation="LBBD",
                                         email="jade@example.gov.uk", group=Group.ADVISER))
    assert repo.people.person(jade.id) == jade
    att = repo.people.set_attendance(meeting.id, jade.id, status=AttendanceStatus.PRESENT,
                                     role=Role.NOTE_TAKER, arrived=dt.time(10, 9))
    assert att.role is Role.NOTE_TAKER and att.arrived == dt.time(10, 9)
    assert repo.people.attendance(meeting.id) == [att]
    item = repo.meetings.items(meeting.id)[0]
    entry = repo.minutes.add_entry(Entry(item_id=item.id, kind=EntryKind.DECISION, text="Agreed."))
    assert repo.minutes.entries(item.id) == [entry]
    action = repo.minutes.add_action(Action(meeting_id=meeting.id, item_id=item.id,
                                            owner="Jade Hodgson", owner_ids=[jade.id],
                                            task="circulate the slides", due="ASAP", rag=Rag.AMBER))
    clock.advance(days=3)
    done = repo.minutes.complete_action(action.id, note="Sent.")
    assert done.status is ActionStatus.COMPLETED
    assert done.owner_ids == [jade.id] and done.rag is Rag.AMBER
    assert [(u.status, u.note, u.at) for u in done.updates] == [
        (ActionStatus.COMPLETED, "Sent.", clock.now)]
    forward = repo.meetings.add_forward(ForwardPlanItem(meeting_id=meeting.id, title="SV Duty",
                                                        presenter="Mark Long", when="June"))
    assert repo.meetings.forward_plan(meeting.id) == [forward]
    record = repo.record(meeting.id)
    assert record.entries == [entry] and record.actions == [done]


def test_an_items_lines_are_read_a_page_at_a_time_in_the_minutes_order(
        repo: Repository, clock) -> None:
    meeting = _meeting(repo)
    item, other = repo.meetings.items(meeting.id)[:2]
    for k in range(7):
        repo.minutes.add_entry(Entry(item_id=item.id, text=f"Point {k}."))
        if k % 3 == 0:
            repo.minutes.add_action(Action(meeting_id=meeting.id, item_id=item.id, owner="MPS",
                                           task=f"report on point {k}"))
    # Two actions at the position of an entry (a restored backup can hold them): the
    # entry comes first, then the actions by id; the second carries its history.
    for task in ("restored first", "restored second"):
        repo.minutes.restore_action(Action(
            meeting_id=meeting.id, item_id=item.id, position=2, owner="MPS", task=task,
            updates=[ActionUpdate(at=clock.now, note="Started.")]))
    repo.minutes.add_entry(Entry(item_id=other.id, text="Another item's line."))
    whole = sorted([*repo.minutes.entries(item.id), *repo.minutes.item_actions(item.id)],
                   key=line_order)
    assert [line_order(x)[:2] for x in whole[2:6]] == [(2, 0), (2, 1), (2, 1), (3, 0)]
    for size in (1, 2, 3, 50):
        got: list = []
        after = None
        while page := repo.minutes.item_lines(item.id, after, size):
            assert len(page) <= size
            got += page
            after = line_order(page[-1])
        # The same lines, in the same order, as whole as the full reads give them.
        assert got == whole, size
    assert repo.minutes.item_lines(item.id, line_order(whole[-1])) == []
    assert repo.minutes.item_lines(other.id)[0].text == "Another item's line."


def test_timers_come_from_stored_timestamps(db_path: Path, clock) -> None:
    repo = Repository.open(db_path, clock=clock)
    meeting = _meeting(repo)
    first, second = repo.meetings.items(meeting.id)[:2]
    repo.meetings.set_current(meeting.id, first.id)
    clock.advance(minutes=4)
    assert repo.meetings.toggle_pause(meeting.id) is False  # paused
    clock.advance(minutes=10)
    assert repo.meetings.toggle_pause(meeting.id) is True  # resumed
    clock.advance(minutes=2)
    repo.meetings.set_current(meeting.id, second.id)
    clock.advance(minutes=1)
    repo.close()
    reopened = Repository.open(db_path, clock=clock)  # as after a crash
    items = reopened.meetings.items(meeting.id)
    assert items[0].state is ItemState.DONE
    assert items[0].spent_seconds(clock.now) == 6 * 60
    assert items[1].state is ItemState.CURRENT and items[1].spent_seconds(clock.now) == 60
    reopened.close()


def test_going_to_a_deferred_item_lifts_its_deferral(repo: Repository) -> None:
    """The one place the rule lives: every way of going to an item goes through it."""
    meeting = _meeting(repo)
    first, second = repo.meetings.items(meeting.id)[:2]
    repo.meetings.defer_item(first.id, "Presenter away.")
    repo.meetings.set_current(meeting.id, first.id)
    taken = repo.meetings.item(first.id)
    assert (taken.state, taken.deferred_reason) == (ItemState.CURRENT, "")
    repo.meetings.set_current(meeting.id, second.id)
    assert repo.meetings.item(first.id).state is ItemState.DONE
    repo.undo()
    repo.undo()
    back = repo.meetings.item(first.id)
    assert (back.state, back.deferred_reason) == (ItemState.DEFERRED, "Presenter away.")


def test_undo_goes_back_more_than_one_step(repo: Repository) -> None:
    meeting = _meeting(repo)
    first, second = repo.meetings.items(meeting.id)[:2]
    repo.meetings.set_current(meeting.id, first.id)
    repo.minutes.add_entry(Entry(item_id=first.id, text="One."))
    repo.minutes.add_entry(Entry(item_id=first.id, text="Two."))
    repo.delete_item(second.id)
    assert len(repo.meetings.items(meeting.id)) == 4
    assert repo.undo() == "delete item Prevent Update"
    assert [i.title for i in repo.meetings.items(meeting.id)][1] == "Prevent Update"
    assert repo.undo() == "add a paragraph"
    assert repo.undo() == "add a paragraph"
    assert repo.minutes.entries(first.id) == []
    assert repo.undo() == "go to Introductions"
    assert repo.meetings.meeting(meeting.id).current_item_id is None


def test_non_database_file_is_refused_unchanged(tmp_path: Path, capsys) -> None:
    path = tmp_path / "minutes.db"
    path.write_bytes(b"Minutes of the board\n" * 20)
    before = path.read_bytes()
    with pytest.raises(StorageError, match="not a csp database"):
        Repository.open(path)
    assert main(["new", "--date", "2021-03-31", "--db", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a csp database" in err
    assert path.read_bytes() == before


def test_other_sqlite_database_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE x (y)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StorageError, match="not a csp database"):
        Repository.open(path)
    assert path.read_bytes() == before
    assert not Path(f"{path}-wal").exists()


def test_corrupt_database_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "minutes.db"
    Repository.open(path).close()
    # A process that had the file open died without closing it: the next open checks.
    subprocess.run([sys.executable, "-c", "import os, sys; from csp_tui.storage.repository import "
                    f"Repository; Repository.open({str(path)!r}); os._exit(0)"], check=True)
    data = bytearray(path.read_bytes())
    data[4096:8192] = b"\xff" * 4096  # wreck the second page
    path.write_bytes(bytes(data))
    with pytest.raises(StorageError, match="corrupt"):
        Repository.open(path)
    assert path.read_bytes() == bytes(data)


def test_newer_schema_is_refused_unchanged(tmp_path: Path, capsys) -> None:
    path = tmp_path / "minutes.db"
    Repository.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StorageError, match="newer csp-minutes"):
        Repository.open(path)
    assert main(["new", "--date", "2021-03-31", "--db", str(path)]) == 2
    assert "newer csp-minutes" in capsys.readouterr().err
    assert path.read_bytes() == before


def test_a_reader_never_sees_database_is_locked(tmp_path: Path) -> None:
    """One process writes in a loop while another reads: no lock errors."""
    path = tmp_path / "minutes.db"
    repo = Repository.open(path)
    meeting = _meeting(repo)
    item = repo.meetings.items(meeting.id)[0]
    repo.close()
    writer = textwrap.dedent(f"""
        import time
        from csp_tui.domain.models import Action, Entry
        from csp_tui.storage.repository import Repository
        repo = Repository.open({str(path)!r})
        for n in range(40):  # a count, not a time: the same work on a busy machine
            repo.minutes.add_entry(Entry(item_id={item.id}, text=f"line {{n}}"))
            repo.minutes.add_action(Action(meeting_id={meeting.id}, item_id={item.id},
                                           task=f"t{{n}}"))
        print(n + 1)
    """)
    proc = subprocess.Popen([sys.executable, "-c", writer], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    reads = 0
    reader = Repository.open(path)
    while proc.poll() is None:
        reader.record(meeting.id)
        reads += 1
    out, err = proc.communicate()
    assert proc.returncode == 0, err
    assert int(out) == 40 and reads > 0
    assert len(reader.minutes.entries(item.id)) == int(out)
    reader.close()


def test_env_var_and_flag_choose_the_database(tmp_path: Path, monkeypatch, capsys) -> None:
    env_db = tmp_path / "env.db"
    flag_db = tmp_path / "flag.db"
    monkeypatch.setenv("CSP_DB", str(env_db))
    assert main(["new", "--date", "2021-03-31"]) == 0
    assert env_db.exists() and not flag_db.exists()
    assert main(["new", "--date", "2021-06-30", "--db", str(flag_db)]) == 0
    assert flag_db.exists()
    assert os.environ["CSP_DB"] == str(env_db)


def test_undo_restores_an_actions_owners(repo: Repository) -> None:
    meeting = _meeting(repo)
    board = repo.meetings.board("Community Safety Partnership")
    jade = repo.people.add_person(Person(board_id=board.id, name="Jade Hodgson"))
    mark = repo.people.add_person(Person(board_id=board.id, name="Mark Long"))
    action = repo.minutes.add_action(
        Action(meeting_id=meeting.id, owner="Jade Hodgson and Mark Long",
               owner_ids=[jade.id, mark.id], task="meet"))
    repo.minutes.delete_action(action.id)
    assert repo.minutes.actions(meeting.id) == []
    assert repo.undo() == "delete Jade Hodgson and Mark Long's action"
    assert repo.minutes.action(action.id).owner_ids == [jade.id, mark.id]
    repo.minutes.update_action(action.id, owner="Mark Long", owner_ids=[mark.id])
    assert repo.minutes.action(action.id).owner_ids == [mark.id]
    repo.undo()
    assert repo.minutes.action(action.id).owner_ids == [jade.id, mark.id]
    assert repo.minutes.action(action.id).owner == "Jade Hodgson and Mark Long"


def test_merging_people_moves_attendance_and_actions(repo: Repository) -> None:
    meeting = _meeting(repo)
    board = repo.meetings.board("Community Safety Partnership")
    brian = repo.people.add_person(Person(board_id=board.id, name="Brian Parrott"))
    typo = repo.people.add_person(Person(board_id=board.id, name="Brian Parrot"))
    repo.people.set_attendance(meeting.id, typo.id, status=AttendanceStatus.PRESENT)
    action = repo.minutes.add_action(Action(meeting_id=meeting.id, owner="Brian Parrot",
                                            owner_ids=[typo.id], task="check the alarms"))
    repo.people.merge_people(brian.id, typo.id)
    assert [a.person_name for a in repo.people.attendance(meeting.id)] == ["Brian Parrott"]
    assert repo.minutes.action(action.id).owner_ids == [brian.id]
    assert [p.name for p in repo.people.people(board.id)] == ["Brian Parrott"]
    repo.undo()
    assert [a.person_name for a in repo.people.attendance(meeting.id)] == ["Brian Parrot"]
    assert repo.minutes.action(action.id).owner_ids == [typo.id]


def test_the_minutes_can_be_rebuilt_from_the_journal(repo: Repository, tmp_path: Path) -> None:
    from csp_tui.services.demo import build_demo

    mid = build_demo(repo)
    first = repo.meetings.items(mid)[0]
    repo.minutes.add_entry(Entry(item_id=first.id, text="Undone later."))
    repo.undo()
    target = Repository.open(tmp_path / "rebuilt.db")
    assert repo.replay_journal_into(target) > 100
    for table in ("boards", "people", "meetings", "attendance", "items", "timings", "entries",
                  "actions", "action_owners", "action_updates", "forward_plan", "phrases"):
        query = f"SELECT * FROM {table} ORDER BY 1, 2"
        rows = repo.conn.execute(query).fetchall()
        again = target.conn.execute(query).fetchall()
        if table == "meetings":  # the unsent draft is not a change: it is not journalled
            rows = [r[:-2] + r[-1:] for r in rows]
            again = [r[:-2] + r[-1:] for r in again]
        assert again == rows, table
    assert target.record(mid).model_dump(exclude={"meeting": {"draft"}}) == \
        repo.record(mid).model_dump(exclude={"meeting": {"draft"}})
    target.close()


def test_a_second_process_opens_a_new_database_the_app_holds_open(tmp_path: Path) -> None:
    """The header of a brand-new database may still be only in the -wal file."""
    path = tmp_path / "minutes.db"
    app = Repository.open(path)  # stays open, as the app does; nothing checkpointed yet
    _meeting(app)
    other = Repository.open(path)
    assert len(other.meetings.meetings()) == 1
    other.close()
    app.close()


def test_models_read_back_are_fully_typed(repo: Repository) -> None:
    # Rows come back through model_construct (no second validation), so the repository
    # itself must give every field its type: an enum left as text, or a date as a
    # string, makes pydantic warn when the model is serialised.
    import warnings

    from csp_tui.domain.models import MeetingRecord
    from csp_tui.services.demo import build_demo

    mid = build_demo(repo)
    record = repo.record(mid)
    assert record.actions and record.carried_actions and record.attendance
    assert any(u for a in record.carried_actions for u in a.updates)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        dumped = record.model_dump(mode="json")
        record.model_dump_json()
    assert MeetingRecord.model_validate(dumped).model_dump(mode="json") == dumped


def test_a_database_locked_by_another_writer_is_one_line_and_exit_2(tmp_path: Path) -> None:
    # Another program holds the write lock for longer than the 5 s busy timeout: the
    # change is refused in one line, and made once the lock is gone.
    path = tmp_path / "minutes.db"
    repo = Repository.open(path)
    meeting = _meeting(repo)
    action = repo.minutes.add_action(Action(meeting_id=meeting.id, task="circulate the slides"))
    repo.close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        done = subprocess.run([sys.executable, "-m", "csp_tui", "--db", str(path), "actions",
                               "done", str(action.id)], capture_output=True, text=True,
                              timeout=60)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert done.returncode == 2
    assert done.stderr == "csp: the database is locked by another program; nothing was " \
        "saved, try again\n"
    again = Repository.open(path)
    assert again.minutes.action(action.id).status is ActionStatus.OPEN
    assert main(["--db", str(path), "actions", "done", str(action.id)]) == 0
    assert again.minutes.action(action.id).status is ActionStatus.COMPLETED
    again.close()


def test_a_version_1_database_is_migrated_with_its_minutes_kept(tmp_path: Path) -> None:
    from csp_tui.storage.connection import APPLICATION_ID
    from csp_tui.storage.schema import MIGRATIONS

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript(MIGRATIONS[0] + f"PRAGMA application_id = {APPLICATION_ID};"
                       "PRAGMA user_version = 1;"
                       "INSERT INTO boards (name) VALUES ('CSP');"
                       "INSERT INTO meetings (board_id, date, created) "
                       "VALUES (1, '2021-03-31', '2021-03-01T09:00:00+00:00');")
    conn.close()
    repo = Repository.open(path)
    assert repo.conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    assert repo.meetings.meeting(1).date == dt.date(2021, 3, 31)
    repo.people.accept_name(1, "Brian Parrot", None)
    assert repo.people.accepted_names(1) == {("Brian Parrot", None)}
    repo.close()


def test_an_item_read_alone_is_the_agendas_item_numbers_and_timings_included(tmp_path):
    from csp_tui.services.demo import write_demo

    mid = write_demo(tmp_path / "demo.db")
    with Repository.open(tmp_path / "demo.db") as repo:
        agenda = repo.meetings.items(mid)
        assert any(i.parent_id for i in agenda) and any(i.timings for i in agenda)
        for item in agenda:
            assert repo.meetings.item(item.id) == item


def test_moving_a_line_changes_two_positions_not_the_items_every_line(
        repo: Repository) -> None:
    # K/J on a long item: the line and its neighbour trade places; the other lines
    # (and the journal) are left alone, gaps in the positions included.
    m = _meeting(repo)
    item = repo.meetings.items(m.id)[4]
    ids = [repo.minutes.add_entry(Entry(item_id=item.id, text=f"Point {k}.")).id for k in range(40)]
    repo.minutes.delete_entry(ids[10])  # a gap, as deletions leave
    action = repo.minutes.add_action(Action(meeting_id=m.id, item_id=item.id, owner="MPS",
                                            task="report back"))
    before = dict(repo.conn.execute(
        "SELECT id, position FROM entries WHERE item_id = ?", (item.id,)).fetchall())
    journal = repo.conn.execute("SELECT count(*) FROM journal").fetchone()[0]
    repo.minutes.move_line("entries", ids[20], -1)
    after = dict(repo.conn.execute(
        "SELECT id, position FROM entries WHERE item_id = ?", (item.id,)).fetchall())
    assert {k for k in before if before[k] != after[k]} == {ids[19], ids[20]}
    assert repo.conn.execute("SELECT count(*) FROM journal").fetchone()[0] - journal <= 3
    texts = [line.text if isinstance(line, Entry) else "ACTION"
             for line in repo.minutes.item_lines(item.id, limit=100)]
    assert texts[18:21] == ["Point 20.", "Point 19.", "Point 21."]
    # Across the gap, and an action moved above the last entry.
    repo.minutes.move_line("entries", ids[11], -1)
    repo.minutes.move_line("actions", action.id, -1)
    texts = [line.text if isinstance(line, Entry) else "ACTION"
             for line in repo.minutes.item_lines(item.id, limit=100)]
    assert texts[8:11] == ["Point 8.", "Point 11.", "Point 9."]
    assert texts[-2:] == ["ACTION", "Point 39."]


def test_moving_a_line_among_lines_sharing_a_position_moves_it_one_place(
        repo: Repository) -> None:
    # An import keeps an action's position while its entries take the next free ones,
    # so two lines can share a position: a move still goes exactly one place.
    m = _meeting(repo)
    item = repo.meetings.items(m.id)[4]
    a, b, c = (repo.minutes.add_entry(Entry(item_id=item.id, text=t)) for t in "ABC")
    for row, position in ((a, 1), (b, 1), (c, 0)):
        repo.conn.execute("UPDATE entries SET position = ? WHERE id = ?",
                          (position, row.id))

    def texts() -> list[str]:
        return [line.text for line in repo.minutes.item_lines(item.id)]

    assert texts() == ["C", "A", "B"]
    repo.minutes.move_line("entries", c.id, 1)
    assert texts() == ["A", "C", "B"]
    repo.minutes.move_line("entries", c.id, -1)
    assert texts() == ["C", "A", "B"]


def test_the_clock_set_on_the_repository_is_the_one_every_store_reads(tmp_path: Path) -> None:
    """One clock: the demo sets ``repo.clock`` to lay out its meeting's past, and the
    stores (through the one journal) stamp their rows with it."""
    at = dt.datetime(2021, 3, 31, 10, 5, tzinfo=dt.UTC)
    with Repository.open(tmp_path / "clock.db") as repo:
        repo.clock = lambda: at
        meeting = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 3, 31)))
        assert meeting.id is not None
        item = repo.meetings.items(meeting.id)[0]
        assert item.id is not None
        repo.meetings.set_current(meeting.id, item.id)
        assert [t.started for t in repo.meetings.item(item.id).timings] == [at]
        assert repo.journal.clock() == repo.clock() == at
