"""The action line's one rule (csp_tui.domain.action_line.read_action), tested directly:
every ACTION example of the README, the due date read against the meeting's day, the
owners matched to the roster by a pure function."""

from __future__ import annotations

import datetime as dt

import pytest

from csp_tui.domain.action_line import ActionLineError, read_action
from csp_tui.domain.dates import parse_day
from csp_tui.domain.models import Person

MEETING = dt.date(2021, 3, 31)
ROSTER = [Person(id=n, board_id=1, name=name) for n, name in enumerate(
    ["Jade Hodgson", "Councillor Tim Worby", "Hazel North-Stephens", "Stephen Hall",
     "Stephen Cole"], start=1)]


def names(line) -> list[tuple[str, int | None]]:
    return [(r.name, r.person.id if r.person else None) for r in line.resolved]


def test_owners_to_task_by_due():
    line = read_action("Jade, Cllr Worby and MPS to map hotspots by 31 October", MEETING,
                       ROSTER)
    assert line.owners == ("Jade", "Cllr Worby", "MPS")
    assert names(line) == [("Jade Hodgson", 1), ("Councillor Tim Worby", 2), ("MPS", None)]
    assert line.owner == "Jade Hodgson, Councillor Tim Worby and MPS"
    assert line.owner_ids == [1, 2]
    assert (line.task, line.due_typed, line.due) == ("map hotspots", "31 October",
                                                     "2021-10-31")
    assert line.due_day == dt.date(2021, 10, 31)
    assert not line.completed
    assert line.warnings() == ["owner 'MPS' not on the roster: kept as written"]


def test_completed_is_a_status_not_words_of_the_task():
    line = read_action("Jade to circulate the slides (COMPLETED)", MEETING, ROSTER)
    assert (line.owner, line.task, line.due, line.completed) == (
        "Jade Hodgson", "circulate the slides", "", True)


def test_starting_with_to_has_no_owner():
    line = read_action("to review the ISA", MEETING, ROSTER)
    assert (line.owners, line.task) == ((), "review the ISA")


def test_no_to_has_no_owner():
    assert read_action("review the ISA", MEETING, ROSTER).owners == ()


def test_a_passive_action_naming_no_one_is_all_task():
    text = "Roadmap of structures, roles and responsibilities to be presented to the board"
    line = read_action(text, MEETING, ROSTER)
    assert (line.owners, line.task) == ((), text)


def test_a_passive_action_naming_people_keeps_its_owner():
    line = read_action("Jade to be briefed", MEETING, ROSTER)
    assert (line.owner, line.task) == ("Jade Hodgson", "be briefed")


@pytest.mark.parametrize("owners", ["Refuge/Hazel North-Stephens",
                                    "Hazel North-Stephens (Refuge)"])
def test_an_organisation_beside_a_name_is_the_person(owners):
    line = read_action(f"{owners} to refer", MEETING, ROSTER)
    assert names(line) == [("Hazel North-Stephens", 3)]


@pytest.mark.parametrize("owners", ["Jade, Hazel and MPS", "Jade, Hazel, and MPS",
                                    "Jade & Hazel and MPS"])
def test_names_are_separated_by_commas_and_or_ampersand(owners):
    assert read_action(f"{owners} to meet", MEETING, ROSTER).owners == ("Jade", "Hazel",
                                                                        "MPS")


def test_a_name_fitting_two_people_is_kept_as_written_and_said():
    line = read_action("Stephen to follow up", MEETING, ROSTER)
    assert line.owner_ids == []
    assert line.owner == "Stephen"
    assert "kept as written" in line.warnings()[0]


def test_names_fitting_nobody_are_kept_as_written():
    line = read_action("Board chairs to agree", MEETING, ROSTER)
    assert (line.owner, line.owner_ids) == ("Board chairs", [])


@pytest.mark.parametrize(("typed", "task", "due"), [
    ("Jade to circulate the slides by 30 April", "circulate the slides", "2021-04-30"),
    ("Jade to report by the next board", "report", "the next board"),
    ("Jade to report ASAP", "report", "ASAP"),
    ("Jade to report as soon as possible", "report", "ASAP"),
    ("Jade to have it signed off by the board", "have it signed off by the board", ""),
])
def test_the_due(typed, task, due):
    line = read_action(typed, MEETING, ROSTER)
    assert (line.task, line.due) == (task, due)


def test_a_date_that_is_no_date_is_refused():
    with pytest.raises(ActionLineError, match="is not a date"):
        read_action("Jade to report by 31/04/2021", MEETING, ROSTER)


def test_no_task_is_refused():
    with pytest.raises(ActionLineError, match="needs a task"):
        read_action("Jade to", MEETING, ROSTER)


# --- A due date without a year: the first such day on or after the meeting's -----------


def test_a_yearless_due_on_the_meetings_own_day_is_that_day():
    # "On or after": the meeting's own day is not a year away.
    assert read_action("Jade to report by 31 March", MEETING).due == "2021-03-31"
    assert parse_day("31 March", today=MEETING) == MEETING


def test_a_due_on_the_meetings_own_day_is_not_in_the_past():
    # The same "on or after": due the day it was raised is no past date to warn about.
    for typed in ("31 March", "31 March 2021", "2021-03-31"):
        line = read_action(f"Jade to report by {typed}", MEETING, ROSTER)
        assert (line.due_day, line.warnings()) == (MEETING, []), typed


def test_a_yearless_due_the_day_before_the_meeting_is_next_year():
    assert read_action("Jade to report by 30 March", MEETING).due == "2022-03-30"
    assert read_action("Jade to report by 1 April", MEETING).due == "2021-04-01"


def test_the_due_is_read_against_the_meeting_not_the_wall_clock():
    # A 2019 board typed up today: its "31 January" is January 2020.
    line = read_action("Jade to report by 31 January", dt.date(2019, 3, 31))
    assert line.due == "2020-01-31"


def test_a_due_before_the_meeting_is_said():
    line = read_action("Jade to report by 1 March 2021", MEETING, ROSTER)
    assert line.warnings() == ["the due date 1 March 2021 is in the past"]


def test_read_before_a_meeting_the_due_is_kept_as_typed():
    line = read_action("Jade to report by 31 March", None)
    assert (line.due_typed, line.due, line.due_day) == ("31 March", "31 March", None)
