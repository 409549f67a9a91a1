"""The one lifecycle rule (csp_tui/domain/lifecycle.py) asked by the repository for
every row it writes: approved minutes refuse, with one line naming `csp minutes
reopen`, and nothing is changed; what the minutes print for an action in each state;
the deferral sentence."""

from __future__ import annotations

import datetime as dt

import pytest

from csp_tui.domain.deferral import deferral_sentence
from csp_tui.domain.lifecycle import FrozenError, minutes_action
from csp_tui.domain.models import (
    Action,
    ActionStatus,
    AttendanceStatus,
    Entry,
    Meeting,
    MeetingState,
    MinutedAction,
    Person,
)
from csp_tui.storage.repository import Repository


def _approved(repo: Repository) -> tuple[int, int, int]:
    m = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 3, 31)))
    assert m.id is not None and m.board_id is not None
    person = repo.people.add_person(Person(board_id=m.board_id, name="Jade Hodgson"))
    assert person.id is not None
    repo.people.set_attendance(m.id, person.id, status=AttendanceStatus.PRESENT)
    item = repo.meetings.items(m.id)[0]
    assert item.id is not None
    repo.minutes.add_entry(Entry(item_id=item.id, text="Noted."))
    repo.versions.move_minutes(m.id, MeetingState.CLOSED)
    repo.versions.move_minutes(m.id, MeetingState.APPROVED)
    return m.id, item.id, person.id


def _rows(repo: Repository) -> list:
    return [repo.conn.execute(f'SELECT * FROM "{t}"').fetchall() for t in (
        "meetings", "items", "entries", "attendance", "people", "journal", "actions")]


@pytest.mark.parametrize("write", [
    "add_entry", "edit_item", "delete_meeting", "attendance", "rename", "delete_person",
    "add_action", "defer_item",
])
def test_every_repository_write_to_approved_minutes_is_refused(repo: Repository,
                                                               write: str) -> None:
    mid, item_id, pid = _approved(repo)
    other = repo.people.add_person(
        Person(board_id=repo.meetings.meeting(mid).board_id, name="Jade H"))
    assert other.id is not None
    before = _rows(repo)
    writes = {
        "add_entry": lambda: repo.minutes.add_entry(Entry(item_id=item_id, text="Late.")),
        "edit_item": lambda: repo.meetings.update_item(repo.meetings.item(item_id).model_copy(
            update={"title": "Other"})),
        "delete_meeting": lambda: repo.delete_meeting(mid),
        "attendance": lambda: repo.people.set_attendance(mid, pid,
                                                         status=AttendanceStatus.APOLOGIES),
        "rename": lambda: repo.people.update_person(repo.people.person(pid).model_copy(
            update={"name": "Jade Hodgson-Smith"})),
        "delete_person": lambda: repo.people.merge_people(other.id or 0, pid),
        "add_action": lambda: repo.minutes.add_action(Action(meeting_id=mid, item_id=item_id,
                                                             task="do it")),
        "defer_item": lambda: repo.meetings.defer_item(item_id, "Item deferred."),
    }
    with pytest.raises(FrozenError, match="csp minutes reopen") as err:
        writes[write]()
    assert "\n" not in str(err.value) and "31 March 2021" in str(err.value)
    assert _rows(repo) == before


def test_the_action_log_of_an_approved_meeting_still_moves(repo: Repository) -> None:
    mid, item_id, _ = _approved(repo)
    repo.versions.move_minutes(mid, MeetingState.CLOSED, reason="an action was missed")
    action = repo.minutes.add_action(Action(meeting_id=mid, item_id=item_id, task="do it"))
    repo.versions.move_minutes(mid, MeetingState.APPROVED)
    assert action.id is not None
    done = repo.minutes.complete_action(action.id, note="done")
    assert done.status is ActionStatus.COMPLETED
    assert done.minuted is not None and done.minuted.status is ActionStatus.OPEN


def test_what_the_minutes_print_for_an_action_in_each_state() -> None:
    action = Action(owner="Jade Hodgson", task="circulate", due="ASAP",
                    status=ActionStatus.COMPLETED,
                    minuted=MinutedAction(owner="Jade", task="circulate the slides",
                                          due="next board", status=ActionStatus.OPEN))
    for state in (MeetingState.DRAFT, MeetingState.LIVE, MeetingState.CLOSED):
        shown = minutes_action(action, state)
        assert (shown.owner, shown.task, shown.due, shown.status) == (
            "Jade Hodgson", "circulate the slides", "ASAP", ActionStatus.COMPLETED)
    for state in (MeetingState.CIRCULATED, MeetingState.APPROVED):
        shown = minutes_action(action, state)
        assert (shown.owner, shown.task, shown.due, shown.status) == (
            "Jade", "circulate the slides", "next board", ActionStatus.OPEN)


@pytest.mark.parametrize(("typed", "minuted"), [
    ("to the March board", "Item deferred to the March board."),
    ("until the June 2021 board", "Item deferred until the June 2021 board."),
    ("next board", "Item deferred to next board."),
    ("presenter was not present", "Item deferred as presenter was not present."),
    ("Item deferred to March CSP Board as presenter was not present.",
     "Item deferred to March CSP Board as presenter was not present."),
    ("Representative sent apologies so item deferred to later board",
     "Representative sent apologies so item deferred to later board."),
    ("Carry item forward to December 2021 CSP Board.",
     "Carry item forward to December 2021 CSP Board."),
    ("The presenter sent apologies.", "The presenter sent apologies."),
])
def test_a_deferral_reason_becomes_a_house_style_sentence(typed: str, minuted: str) -> None:
    assert deferral_sentence(typed) == minuted
