"""Snapshots of the meeting screen, an item over its time, help (120x40 and 80x24)
and the meeting list.

Deterministic: a frozen clock (the demo is built and shown at the same instant), UTC,
no cursor blink. Update with ``pytest tests/test_snapshots.py --snapshot-update`` and
look at the SVGs before committing them.
"""

from __future__ import annotations

import datetime as dt

import pytest
from app_helpers import make_app, small_meeting, utc_zone  # noqa: F401 - autouse fixture

from csp_tui.services.demo import build_demo


@pytest.fixture
def demo_app(repo, clock):
    def make():
        mid = build_demo(repo)
        return make_app(repo, mid, clock)
    return make


async def _settle(pilot) -> None:
    await pilot.pause()
    await pilot.pause()


def test_meeting_screen_80x24(snap_compare, demo_app):
    assert snap_compare(demo_app(), terminal_size=(80, 24), run_before=_settle)


def test_meeting_screen_120x40(snap_compare, demo_app):
    assert snap_compare(demo_app(), terminal_size=(120, 40), run_before=_settle)


def test_item_over_its_time(snap_compare, repo, clock):
    mid = small_meeting(repo)
    first = repo.meetings.items(mid)[0]
    repo.meetings.set_current(mid, first.id)
    from csp_tui.capture.handlers import run

    run(repo, mid, "The chair welcomed everyone.")
    run(repo, mid, "/a Jade Hodgson to circulate the slides by 2021-04-30")
    run(repo, mid, "/a Fred Nobody to check the venue")
    # Item 1 allows 5 minutes; 40 have gone: the bar is in the error colour, and the
    # projected finish passes the scheduled end: OVERRUN.
    clock.advance(minutes=40)
    assert snap_compare(make_app(repo, mid, clock), terminal_size=(100, 30),
                        run_before=_settle)


def test_help_screen(snap_compare, repo, clock):
    mid = small_meeting(repo)
    assert snap_compare(make_app(repo, mid, clock), press=["f1"], terminal_size=(120, 40),
                        run_before=_settle)


def test_help_screen_80x24(snap_compare, repo, clock):
    """At 80 columns the slash commands' descriptions wrap, each line under the one
    above (not back at the left edge)."""
    mid = small_meeting(repo)
    assert snap_compare(make_app(repo, mid, clock), press=["f1", "pagedown", "pagedown"],
                        terminal_size=(80, 24), run_before=_settle)


def test_meeting_list(snap_compare, repo, clock):
    small_meeting(repo)
    from csp_tui.domain.models import Meeting

    repo.meetings.create_meeting(Meeting(date=dt.date(2020, 12, 9), start=dt.time(10),
                                end=dt.time(13), board_name="Community Safety Partnership"))
    assert snap_compare(make_app(repo, None, clock), press=["ctrl+o"], terminal_size=(100, 24),
                        run_before=_settle)


def test_meeting_screen_notification_and_three_line_paragraph_80x24(snap_compare, repo,
                                                                    clock):
    """The issue's screen: a notification showing (at the top) while a paragraph of
    three wrapped lines is proofread in the capture area, its completion and the
    message line clear of it."""
    mid = small_meeting(repo, dt.date(2019, 12, 11), ("Brian Parrott", "Jade Hodgson"))
    paragraph = ("Councillor Mullane asked that the ward panel dates are shared with the "
                 "board before the next meeting, so that members can attend; the Community "
                 "Safety Manager agreed to circulate them.")

    async def run(pilot) -> None:
        from app_helpers import capture, enter_line

        await pilot.press("pagedown")
        await enter_line(pilot, "/a Nobody Known to circulate the slides by 31 January")
        capture(pilot.app).value = paragraph
        await _settle(pilot)
        assert capture(pilot.app).region.height == 5  # three lines between its borders

    assert snap_compare(make_app(repo, mid, clock), terminal_size=(80, 24), run_before=run)


def test_item_pane_with_a_scroll_bar_and_long_wrapped_entries_80x24(snap_compare, repo, clock):
    """The item pane at 80x24 with a scroll bar, reopened on an item of long wrapped
    entries and scrolled a little down: every row of each is there (the bullet's last
    word "offender.", the paragraph's "new year.", the action's "April 2021.")."""
    from csp_tui.capture.handlers import run

    mid = small_meeting(repo)
    item = repo.meetings.items(mid)[4]
    repo.meetings.set_current(mid, item.id)
    for line in (
            "The chair welcomed everyone to the meeting.",
            "- The community safety team will work with the police to identify the repeat "
            "locations where anti-social behaviour is reported, and will follow up with "
            "every offender.",
            "Members discussed the contextual safeguarding pilot at length; the chair noted "
            "that the results from the first quarter were encouraging and asked the board "
            "to receive a fuller report in the new year.",
            "/a Jade Hodgson to circulate the report to every member of the board by "
            "2021-04-30",
            "1. The partnership adopts the violence reduction plan as drafted and reviews "
            "it each quarter with the police and the youth offending service.",
            "2. Each partner names a lead for the plan before the next board.",
            "/a to review the information sharing agreement with every partner",
            "/a MPS and Refuge to report back on the referral pathway by next board"):
        run(repo, mid, line)

    async def run_before(pilot) -> None:
        from csp_tui.widgets.minutes import MinutesPane

        await _settle(pilot)
        pane = pilot.app.screen.query_one(MinutesPane)
        assert pane.show_vertical_scrollbar
        pane.scroll_to(y=2, animate=False, immediate=True)
        await _settle(pilot)

    assert snap_compare(make_app(repo, mid, clock), terminal_size=(80, 24),
                        run_before=run_before)
