"""``csp new --next``: the board's next meeting from the latest one."""

from __future__ import annotations

import datetime as dt

import pytest

from csp_tui.cli.main import main
from csp_tui.domain.agenda import STANDARD_ITEMS
from csp_tui.domain.models import ActionStatus, ForwardPlanItem, Meeting, NextMeeting
from csp_tui.services.demo import build_demo
from csp_tui.services.next_meeting import create_next_meeting
from csp_tui.storage.repository import Repository


@pytest.fixture
def demo(repo: Repository) -> int:
    return build_demo(repo)


def test_next_from_the_demo_meeting(repo, demo):
    march = repo.meetings.meeting(demo)
    nxt = march.next_meeting
    assert nxt is not None
    june = create_next_meeting(repo)
    assert june.date == nxt.date == dt.date(2021, 6, 30)
    assert (june.start, june.end) == (dt.time(10), dt.time(13))
    assert june.venue == "MS Teams" and june.chair == "Councillor Mullane"
    assert june.board_name == march.board_name and june.state.value == "draft"
    assert june.next_meeting is None

    titles = [(i.number, i.title, i.presenter) for i in repo.meetings.items(june.id)]
    assert titles == [
        ("1", "Introductions and Apologies for Absence", ""),
        ("2", "Declaration of Interests", ""),
        ("3", "Minutes and Action Log", ""),
        ("4", "Forward Plan", ""),
        ("5", "Serious Violence Duty readiness", "Mark Long"),
        ("6", "Community Safety Plan refresh", "Jennie Coombes"),
        ("7", "Any Other Business", ""),
        ("8", "Date of Next Meeting", ""),
    ]
    minutes = {i.title: i.minutes for i in repo.meetings.items(june.id)}
    assert all(minutes[t] == m for t, m in STANDARD_ITEMS)


def test_open_actions_are_carried_to_the_next_meeting(repo, demo):
    open_ids = {
        a.id for m in repo.meetings.meetings() for a in repo.minutes.actions(m.id) if a.is_open}
    june = create_next_meeting(repo)
    record = repo.record(june.id)
    carried = {a.id: a for a in record.carried_actions}
    assert open_ids <= set(carried)
    # Actions closed since the March board are reviewed too; older closed ones are not.
    assert all(a.is_open or a.updates for a in carried.values())
    assert record.actions == []
    # The March board's own actions are there (raised at the meeting before).
    march_ids = {a.id for a in repo.minutes.actions(demo)}
    assert march_ids & set(carried)


def test_a_change_made_between_boards_shows_at_the_next(repo, demo):
    june = create_next_meeting(repo)
    action = next(a for a in repo.minutes.actions(demo) if a.is_open)
    repo.minutes.complete_action(action.id, note="Done in May.")
    carried = {a.id: a for a in repo.minutes.carried_actions(june.id)}
    assert carried[action.id].status is ActionStatus.COMPLETED
    assert carried[action.id].updates[-1].note == "Done in May."


def test_cli_new_next(db_path, capsys):
    repo = Repository.open(db_path)
    try:
        build_demo(repo)
        nxt = repo.meetings.latest_meeting().next_meeting
    finally:
        repo.close()
    assert main(["new", "--next", "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("created meeting ") and nxt.date.isoformat() in out
    # The new meeting has no Date of Next Meeting yet: a second --next says so.
    assert main(["new", "--next", "--db", str(db_path)]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1
    assert f"the meeting of {nxt.date.isoformat()} has no Date of Next Meeting" in err


def test_latest_meeting_of_a_named_board(repo):
    repo.meetings.create_meeting(Meeting(board_name="Community Safety Partnership",
                                         date=dt.date(2021, 3, 31), chair="Stephen Clayman",
                                         next_meeting=NextMeeting(date=dt.date(2021, 6, 30))))
    snb = repo.meetings.create_meeting(Meeting(
        board_name="Safer Neighbourhood Board", date=dt.date(2021, 4, 20),
        next_meeting=NextMeeting(date=dt.date(2021, 7, 20), venue="Town Hall")))
    repo.meetings.add_forward(ForwardPlanItem(meeting_id=snb.id, title="Ward panel review"))
    made = create_next_meeting(repo, board="community safety partnership")
    assert made.date == dt.date(2021, 6, 30)
    assert made.board_name == "Community Safety Partnership"
    # No chair in the block: the chair stays the board's chair.
    assert made.chair == "Stephen Clayman"
    assert "Ward panel review" not in [i.title for i in repo.meetings.items(made.id)]
    other = create_next_meeting(repo, board="Safer Neighbourhood Board")
    assert (other.date, other.venue) == (dt.date(2021, 7, 20), "Town Hall")
    assert [i.title for i in repo.meetings.items(other.id)][4] == "Ward panel review"


@pytest.mark.parametrize("setup, board, message", [
    ("none", None, "there are no meetings yet"),
    ("no-next", None, "has no Date of Next Meeting"),
    ("no-next", "Parish Council", "no board called 'Parish Council'"),
])
def test_errors(repo, setup, board, message):
    if setup == "no-next":
        repo.meetings.create_meeting(Meeting(date=dt.date(2021, 3, 31)))
    with pytest.raises((LookupError, ValueError), match=message):
        create_next_meeting(repo, board=board)
    assert len(repo.meetings.meetings()) == (0 if setup == "none" else 1)


def test_cli_errors_are_one_line(db_path, capsys):
    # Nothing to follow, and no database is left behind at the path.
    assert main(["new", "--next", "--db", str(db_path)]) == 2
    err = capsys.readouterr().err
    assert err.strip() == f"csp: no database at {db_path}; create a meeting with csp new"
    assert not db_path.exists()
    Repository.open(db_path).close()
    assert main(["new", "--next", "--db", str(db_path)]) == 2
    err = capsys.readouterr().err
    assert err.strip() == "csp: there are no meetings yet; create one with `csp new`"
