"""The live meeting without its screen (csp_tui/capture/live.py): what Enter, a key's
command, undo, a pane's edit and the draft do to a real database, with no Textual."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from app_helpers import write_locked

from csp_tui.capture.live import WAITING, LiveMeeting
from csp_tui.domain.models import Action, Entry, Meeting, MeetingState, Person
from csp_tui.storage.repository import Repository

DAY = dt.date(2021, 3, 31)


def new_meeting(repo: Repository, day: dt.date = DAY) -> int:
    """A meeting on the standard agenda with Jade Hodgson on the roster."""
    meeting = repo.meetings.create_meeting(Meeting(
        date=day, start=dt.time(10), end=dt.time(13), venue="MS Teams",
        board_name="Community Safety Partnership"))
    assert meeting.id is not None and meeting.board_id is not None
    if not repo.people.people(meeting.board_id):
        repo.people.add_person(Person(board_id=meeting.board_id, name="Jade Hodgson"))
    return meeting.id


@pytest.fixture
def live(repo: Repository) -> LiveMeeting:
    return LiveMeeting(repo, new_meeting(repo))


def lines(repo: Repository, meeting_id: int) -> list[str]:
    """Every line of the meeting's minutes as stored: entries' text, actions' tasks."""
    out = []
    for item in repo.meetings.items(meeting_id):
        out += [e.text for e in repo.minutes.entries(item.id or 0)]
        out += [a.task for a in repo.minutes.item_actions(item.id or 0)]
    return out


class Scheduler:
    """The screen's timer and worker thread, held here until the test runs them."""

    def __init__(self) -> None:
        self.timers: list[tuple[float, Callable[[], None]]] = []
        self.errors: list[str] = []

    def later(self, seconds: float, then: Callable[[], None]) -> None:
        self.timers.append((seconds, then))

    def in_thread(self, work: Callable[[], None]) -> None:
        work()

    def not_saved(self, error: str) -> None:
        self.errors.append(error)


# ---------------------------------------------------------------------- Enter


def test_enter_of_plain_text_stores_it_once_under_the_current_item(live: LiveMeeting) -> None:
    entered = live.enter("The chair welcomed everyone.")
    assert entered.taken and not entered.kept
    (result,) = entered.results
    assert isinstance(result.outcome.added, Entry)
    assert result.outcome.added.text == "The chair welcomed everyone."
    assert result.notice is None  # plain minutes where expected: nothing to say
    current = live.repo.meetings.meeting(live.meeting_id).current_item_id
    assert result.outcome.added.item_id == current  # the first item was made current
    assert lines(live.repo, live.meeting_id) == ["The chair welcomed everyone."]


def test_an_action_line_adds_an_action_for_the_roster_person(live: LiveMeeting) -> None:
    (result,) = live.enter("/a Jade to circulate the plan by 30 April").results
    action = result.outcome.added
    assert isinstance(action, Action)
    assert (action.owner, action.task, str(action.due)) == (
        "Jade Hodgson", "circulate the plan", "2021-04-30")
    assert result.notice == ("Action added for Jade Hodgson (due 30 April 2021)", "information")
    assert [a.task for a in live.repo.minutes.item_actions(action.item_id)] == [
        "circulate the plan"]


def test_a_slash_command_moves_and_says_so(live: LiveMeeting) -> None:
    live.enter("The chair welcomed everyone.")  # at item 1
    (result,) = live.enter("/next").results
    assert result.outcome.moved and result.outcome.added is None
    assert result.notice == ("Now at item 2: Declaration of Interests", "information")
    assert live.repo.meetings.meeting(live.meeting_id).current_item_id == live.repo.meetings.items(
        live.meeting_id)[1].id


def test_a_refused_line_is_held_aside_and_recalled(live: LiveMeeting) -> None:
    entered = live.enter("/nosuch thing")
    assert entered.taken and entered.kept  # the capture area lets it go...
    (result,) = entered.results
    assert result.error.startswith("unknown command /nosuch") and not result.done
    assert live.held == ["/nosuch thing"]  # ...kept here, and in the draft
    assert live.held_notice() == ("Kept aside: /nosuch thing · ctrl+r brings it back "
                                  "to correct")
    assert live.draft_text("half typed") == "/nosuch thing\nhalf typed"
    # ctrl+r: back to correct; what the capture area held is kept aside instead.
    assert live.recall("half typed") == "/nosuch thing"
    assert live.held == ["half typed"]
    assert lines(live.repo, live.meeting_id) == []


def test_a_database_error_keeps_the_line_until_the_database_takes_it(
        live: LiveMeeting, db_path: Path) -> None:
    with write_locked(live.repo, db_path):
        entered = live.enter("The chair welcomed everyone.")
        assert entered.taken and entered.kept
        assert "locked by another program" in entered.results[0].database_error
        assert live.unsaved == ["The chair welcomed everyone."]
        # A second line waits behind the first, in order.
        assert live.enter("Apologies were noted.").results[0].database_error
        assert live.held_notice() == ("2 lines not saved yet: kept, and saved in turn "
                                      "with the next Enter")
        assert live.draft_text("") == "The chair welcomed everyone.\nApologies were noted."
        # A key's command waits for the lines typed before it.
        result = live.run_command("next")
        assert result.refused == WAITING and result.earlier[0].database_error
        assert lines(live.repo, live.meeting_id) == []
    # The database takes writes again: an empty Enter saves them, oldest first.
    entered = live.enter("")
    assert not entered.taken and [r.done for r in entered.results] == [True, True]
    assert live.unsaved == [] and live.held_notice() is None
    assert lines(live.repo, live.meeting_id) == ["The chair welcomed everyone.",
                                                 "Apologies were noted."]


# ---------------------------------------------------------------------- undo


def test_undo_takes_back_the_last_line_and_names_the_item(live: LiveMeeting) -> None:
    live.enter("The chair welcomed everyone.")
    live.enter("/next")
    undone = live.undo()
    assert undone.result.notice == ("Undone: go to item 2", "information")
    first = live.repo.meetings.items(live.meeting_id)[0]
    assert undone.changed_item_id == first.id  # current again: the agenda shows it
    undone = live.undo()
    assert undone.result.done and lines(live.repo, live.meeting_id) == []


def test_undo_never_takes_back_another_programs_change(live: LiveMeeting,
                                                      db_path: Path) -> None:
    live.enter("The chair welcomed everyone.")
    item_id = live.repo.meetings.meeting(live.meeting_id).current_item_id
    with Repository.open(db_path, session="another window") as other:
        other.minutes.add_entry(Entry(item_id=item_id or 0, text="Added in another window."))
    undone = live.undo()
    message, severity = undone.result.notice
    assert "was made elsewhere and stays" in message and severity == "warning"
    assert lines(live.repo, live.meeting_id) == ["Added in another window."]


def test_undo_never_unapproves_minutes(repo: Repository) -> None:
    earlier = new_meeting(repo, dt.date(2021, 1, 27))
    repo.versions.move_minutes(earlier, MeetingState.CLOSED)
    live = LiveMeeting(repo, new_meeting(repo))
    assert live.enter("/approve-minutes").results[0].done
    assert repo.meetings.meeting(earlier).state is MeetingState.APPROVED
    undone = live.undo()
    assert repo.meetings.meeting(earlier).state is MeetingState.APPROVED
    assert not undone.result.done
    assert "undo never crosses a circulation, approval or reopening" in undone.result.error


# ---------------------------------------------------------------------- edits


def test_a_change_to_approved_minutes_is_refused_with_how_to_reopen(
        repo: Repository) -> None:
    mid = new_meeting(repo)
    repo.versions.move_minutes(mid, MeetingState.CLOSED)
    repo.versions.move_minutes(mid, MeetingState.APPROVED)
    called = []
    changed = LiveMeeting(repo, mid).change(lambda: called.append(1), "Done.")
    assert not changed.done and changed.refused.startswith("These minutes are approved")
    assert called == []


def test_a_change_that_fails_is_refused_and_one_that_works_is_said(
        live: LiveMeeting) -> None:
    assert live.change(lambda: live.repo.minutes.delete_entry(999)).refused
    item = live.repo.meetings.items(live.meeting_id)[2]
    changed = live.change(lambda: live.repo.meetings.set_current(live.meeting_id, item.id or 0),
                          "Moved.")
    assert changed.done and changed.said == "Moved."


def test_another_programs_commit_is_seen_once(live: LiveMeeting, db_path: Path) -> None:
    live.repo.changed_elsewhere()  # the last look
    assert not live.changed_elsewhere()
    item = live.repo.meetings.items(live.meeting_id)[0]
    with Repository.open(db_path, session="another window") as other:
        other.minutes.add_entry(Entry(item_id=item.id, text="From another window."))
    assert live.changed_elsewhere()
    assert not live.changed_elsewhere()


def test_the_draft_saved_on_its_own_connection_is_no_change_to_show(
        live: LiveMeeting, db_path: Path) -> None:
    """The capture line's draft is saved each second on a connection of its own: that
    is not a change to the minutes, and the screen does not read the meeting again."""
    live.repo.changed_elsewhere()  # the last look
    with Repository.open(db_path, checked=True) as own:
        own.meetings.save_draft(live.meeting_id, "what is being typed")
    assert not live.changed_elsewhere()


# ---------------------------------------------------------------------- the draft


def test_the_draft_is_saved_within_a_second_of_typing(live: LiveMeeting) -> None:
    scheduler = Scheduler()
    assert live.keep_drafts(scheduler, autosave=True) == ""
    live.typed("The chair")
    live.typed("The chair welcomed")
    (seconds, then), = scheduler.timers  # one write for both keys...
    assert seconds <= 1.0  # ...within a second
    assert live.repo.meetings.meeting(live.meeting_id).draft == ""
    then()
    assert live.repo.meetings.meeting(live.meeting_id).draft == "The chair welcomed"
    # A refused line goes into the draft at once, before what is typed after it.
    live.enter("/nosuch")
    live.save_draft("", wait=True)
    assert live.repo.meetings.meeting(live.meeting_id).draft == "/nosuch"
    live.close("and more")
    assert live.repo.meetings.meeting(live.meeting_id).draft == "/nosuch\nand more"


def test_another_meeting_keeps_its_own_draft(live: LiveMeeting) -> None:
    live.keep_drafts(Scheduler(), autosave=True)
    live.enter("/nosuch")
    live.save_draft("typed", wait=True)
    first = live.meeting_id
    second = new_meeting(live.repo, dt.date(2021, 6, 30))
    live.repo.meetings.save_draft(second, "its own")
    assert live.show(second) == "its own"
    assert live.held == [] and live.meeting_id == second
    assert live.repo.meetings.meeting(first).draft == "/nosuch\ntyped"
