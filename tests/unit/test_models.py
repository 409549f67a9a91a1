"""Validation of the models: bad values give clear messages."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from csp_tui.domain.models import (
    Action,
    AgendaItem,
    Entry,
    Meeting,
    NextMeeting,
    Person,
    error_message,
)


def message(exc_info: pytest.ExceptionInfo[ValidationError]) -> str:
    return error_message(exc_info.value)


def test_bad_date_is_refused_with_a_clear_message() -> None:
    with pytest.raises(ValidationError) as exc:
        Meeting(date="2021-02-30")  # type: ignore[arg-type]
    assert message(exc).startswith("date: ")
    assert "\n" not in message(exc)


def test_end_before_start_is_refused() -> None:
    with pytest.raises(ValidationError) as exc:
        Meeting(date=dt.date(2021, 3, 31), start=dt.time(13), end=dt.time(10))
    assert message(exc) == "the end time must be after the start time"
    with pytest.raises(ValidationError):
        NextMeeting(date=dt.date(2021, 6, 30), start=dt.time(13), end=dt.time(13))


@pytest.mark.parametrize("title", ["", "   "])
def test_empty_title_is_refused(title: str) -> None:
    with pytest.raises(ValidationError) as exc:
        AgendaItem(title=title)
    assert message(exc).startswith("title: ")


def test_negative_minutes_are_refused() -> None:
    with pytest.raises(ValidationError) as exc:
        AgendaItem(title="PSPO Update", minutes=-5)
    assert message(exc) == "minutes: Input should be greater than or equal to 0"


def test_empty_texts_and_names_are_refused() -> None:
    with pytest.raises(ValidationError):
        Entry(item_id=1, text=" ")
    with pytest.raises(ValidationError):
        Action(meeting_id=1, task="")
    with pytest.raises(ValidationError):
        Person(name="")
    with pytest.raises(ValidationError) as exc:
        Person(name="Ann", group="chairman")  # type: ignore[arg-type]
    assert message(exc).startswith("group: ")


def test_assignment_is_validated_too() -> None:
    item = AgendaItem(title="AOB")
    with pytest.raises(ValidationError):
        item.minutes = -1
