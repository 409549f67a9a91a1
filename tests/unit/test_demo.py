"""The demo board: what `csp demo --create-only` writes."""

from __future__ import annotations

import datetime as dt

from csp_tui.cli.main import main
from csp_tui.domain.attendance import attendance_lines
from csp_tui.domain.models import ItemState, MeetingState
from csp_tui.services.demo import build_demo
from csp_tui.storage.repository import Repository


def test_demo_is_a_realistic_live_board(repo: Repository) -> None:
    mid = build_demo(repo)
    record = repo.record(mid)
    meeting = record.meeting
    assert meeting.date == dt.date(2021, 3, 31)
    assert (meeting.start, meeting.end) == (dt.time(10), dt.time(13))
    assert meeting.state is MeetingState.LIVE
    assert meeting.next_meeting and meeting.next_meeting.date == dt.date(2021, 6, 30)
    tops = [i for i in record.items if i.parent_id is None]
    assert len(tops) == 15
    aob = next(i for i in tops if i.title == "AOB")
    assert len(record.children_of(aob.id)) == 8
    assert aob.state is ItemState.CURRENT and meeting.current_item_id == aob.id
    assert sum(i.restricted for i in tops) == 3
    earlier = record.carried_actions[0].meeting_id
    assert len(record.actions) + len(repo.minutes.actions(earlier)) >= 12
    assert {a.status.value for a in record.carried_actions} >= {"open", "completed"}
    kinds = {e.kind.value for e in record.entries}
    assert {"paragraph", "bullet", "numbered", "decision", "declaration"} <= kinds
    labels = [label for label, _ in attendance_lines(record.attendance)]
    assert labels == ["Members Present:", "Additional Attendees:", "Apologies:"]
    assert meeting.draft  # the capture line has unsent text to resume


def test_demo_create_only_prints_the_path_and_resets(tmp_path, capsys) -> None:
    path = tmp_path / "demo.db"
    assert main(["demo", "--create-only", "--db", str(path)]) == 0
    assert capsys.readouterr().out.strip() == str(path)
    assert main(["demo", "--create-only", "--db", str(path)]) == 0  # reset, not doubled
    repo = Repository.open(path)
    assert len(repo.meetings.meetings()) == 2
    repo.close()


def test_demo_refuses_to_reset_a_foreign_file(tmp_path, capsys) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"my own notes")
    assert main(["demo", "--create-only", "--db", str(path)]) == 2
    assert "not a csp database" in capsys.readouterr().err
    assert path.read_bytes() == b"my own notes"


def test_demo_never_destroys_real_minutes(tmp_path, capsys) -> None:
    # The repro: `csp --db real.db demo --create-only` deleted an existing database.
    real = tmp_path / "real.db"
    assert main(["new", "--date", "2021-03-31", "--db", str(real)]) == 0
    before = real.read_bytes()
    capsys.readouterr()
    assert main(["--db", str(real), "demo", "--create-only"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "holds minutes, not a demo" in err
    assert real.read_bytes() == before
    with Repository.open(real) as repo:
        assert [m.date.isoformat() for m in repo.meetings.meetings()] == ["2021-03-31"]


def test_demo_writes_a_new_path_or_an_empty_file(tmp_path, capsys) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    assert main(["demo", "--create-only", "--db", str(empty)]) == 0
    assert main(["demo", "--create-only", "--db", str(empty)]) == 0  # its own demo again
    with Repository.open(empty) as repo:
        assert len(repo.meetings.meetings()) == 2
