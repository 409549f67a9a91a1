"""RFC 5545 content lines as csp writes and reads them (csp_tui/exporters/ical.py)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from csp_tui.exporters import ical

#: Text a task may hold, control characters aside (TEXT has no room for them).
PRINTABLE = st.text(st.characters(blacklist_categories=("Cc", "Cs")) | st.sampled_from(
    ["\n", ";", ",", "\\", '"', "^", ":", "é", "😀", "\u2028", "\x85"]),
    max_size=300)


@given(PRINTABLE)
def test_text_round_trips_through_folding(value: str) -> None:
    data = ical.join([f"SUMMARY:{ical.text(value)}"])
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    (line,) = ical.unfold(data) or [""]
    name, raw = ical.split(line)
    assert name == "SUMMARY" and ical.untext(raw) == value
    # Another reader agrees.
    cal = Calendar.from_ical(b"BEGIN:VCALENDAR\r\n" + data + b"END:VCALENDAR\r\n")
    assert str(cal["SUMMARY"]) == value


@given(PRINTABLE.filter(lambda v: v.strip()))
def test_a_board_with_a_comma_is_one_category(value: str) -> None:
    data = ical.join([f"CATEGORIES:{ical.text(value)}"])
    cal = Calendar.from_ical(b"BEGIN:VCALENDAR\r\n" + data + b"END:VCALENDAR\r\n")
    assert [str(c) for c in cal["CATEGORIES"].cats] == [value]


# Without backslashes: RFC 5545 gives a parameter value no backslash escapes (csp
# writes one as it is), but icalendar's reader takes them away.
@given(PRINTABLE.filter(lambda v: "\\" not in v))
def test_a_parameter_value_is_one_quoted_value(value: str) -> None:
    line = f"ORGANIZER;CN={ical.param(value)}:mailto:a@b.example"
    assert ical.split(line) == ("ORGANIZER", "mailto:a@b.example")
    cal = Calendar.from_ical(b"BEGIN:VCALENDAR\r\n" + ical.join([line]) + b"END:VCALENDAR\r\n")
    assert str(cal["ORGANIZER"]) == "mailto:a@b.example"
    assert cal["ORGANIZER"].params["CN"] == value


def test_control_characters_are_dropped_and_line_breaks_escaped() -> None:
    assert ical.text("a\x1b[2Jb\r\nc\rd\te") == "a[2Jb\\nc\\nd\te"
    assert "\x07" not in ical.param("x\x07y")


def test_folding_never_splits_a_character() -> None:
    line = "DESCRIPTION:" + "é" * 100 + "😀" * 30
    data = ical.fold(line)
    for part in data.split(b"\r\n"):
        assert len(part) <= 75
        part.decode("utf-8")
    assert ical.unfold(data + b"\r\n") == [line]


def test_values() -> None:
    assert ical.date(dt.date(2021, 3, 1)) == "20210301"
    moment = dt.datetime(2021, 3, 31, 11, 5, 9, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert ical.utc(moment) == "20210331T100509Z"
    assert ical.days_before(3) == "-P3D" and ical.days_before(0) == "PT0S"
