"""The committee style in the app, at 80x24: the item pane shows the minute number
running on from the board's circulated meeting, resolutions numbered as a second one
is typed, the exempt item's exclusion resolution, and the attendance screen records a
substitute (ctrl+b) and prints the line the minutes will."""

from __future__ import annotations

from app_helpers import (  # noqa: F401 - utc_zone is an autouse fixture
    capture,
    enter_line,
    make_app,
    screen_lines,
    utc_zone,
)
from committee_board import two_meetings
from textual.widgets import Input

from csp_tui.screens.attendance import AttendanceScreen

SIZE = (80, 24)


def shown(app) -> str:
    return "\n".join(screen_lines(app))


async def test_the_item_pane_in_the_committee_style(repo, clock) -> None:
    _, second = two_meetings(repo)
    app = make_app(repo, second, clock)
    async with app.run_test(size=SIZE) as pilot:
        capture(app).focus()
        await enter_line(pilot, "/next")
        # The first meeting had minutes 1/18-6/18: this one's first item is 7/18.
        assert "7/18 Introductions" in shown(app)
        await enter_line(pilot, "/resolved The report be noted")
        assert "RESOLVED: that the report be noted." in shown(app)
        await enter_line(pilot, "/agreed the plan be approved")
        # The second numbers both: the first is shown afresh.
        await pilot.pause()
        text = shown(app)
        assert "RESOLVED: (1) that the report be noted." in text
        assert "(2) that the plan be approved." in text
        assert "RESOLVED: that the report" not in text
        await enter_line(pilot, "/goto 5")
        await enter_line(pilot, "/restricted 9")
        # A notice, the item restricted all the same; the line was carried out.
        assert capture(app).value == ""
        await enter_line(pilot, "/restricted 3")
        text = shown(app)
        assert "11/18 Any Other Business (exempt)" in text
        assert "RESOLVED: that under section 100A(4)" in text
    item = repo.meetings.items(second)[4]
    assert (item.restricted, item.exempt_paragraph) == (True, 3)


async def test_the_attendance_screen_records_a_substitute(repo, clock) -> None:
    _, second = two_meetings(repo)
    app = make_app(repo, second, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, AttendanceScreen)
        app.screen.query_one("#att-filter", Input).value = "Ann Lee"
        await pilot.pause()
        await pilot.press("ctrl+b")
        await pilot.pause()
        prompt = app.screen.query_one(Input)
        prompt.value = "Cllr Carol New"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AttendanceScreen)
        app.screen.query_one("#att-filter", Input).value = ""
        await pilot.pause()
        text = " ".join(shown(app).split())
        assert "Councillor Ann Lee attended as a substitute for Councillor Carol New." in text
    rows = {a.person_name: a for a in repo.people.attendance(second)}
    assert rows["Councillor Ann Lee"].substitute_for_name == "Councillor Carol New"
