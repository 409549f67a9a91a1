"""A named snapshot of every dialog, each opened by its key on the real app.

Deterministic as the screen snapshots are: a frozen clock, UTC, no cursor blink. Update
with ``pytest tests/tui/test_dialog_snapshots.py --snapshot-update`` and read the SVGs
before committing them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from app_helpers import (  # noqa: F401 - utc_zone is an autouse fixture
    DAY,
    make_app,
    small_meeting,
    utc_zone,
    wait_for_background,
)

from csp_tui.domain.models import Action, Entry, Meeting
from csp_tui.services.roster import import_roster
from csp_tui.widgets.minutes import LineKind, LineRef, MinutesPane

FIXTURES = Path(__file__).parent.parent / "fixtures"
SIZE = (100, 30)


@pytest.fixture
def meeting(repo) -> int:
    """The small meeting, its first item current with a line and an action."""
    mid = small_meeting(repo)
    first = repo.meetings.items(mid)[0]
    repo.meetings.set_current(mid, first.id)
    repo.minutes.add_entry(Entry(item_id=first.id, text="The chair welcomed everyone."))
    repo.minutes.add_action(Action(meeting_id=mid, item_id=first.id, owner="Jade Hodgson",
                                   task="circulate the slides", due="2021-04-30"))
    return mid


def keys(*pressed: str):
    """A run_before that presses ``pressed`` and lets the dialog settle."""
    async def run(pilot) -> None:
        await pilot.pause()
        await pilot.press(*pressed)
        await pilot.pause()
        await pilot.pause()
    return run


def test_confirm_remove_item(snap_compare, repo, clock, meeting):
    assert snap_compare(make_app(repo, meeting, clock), terminal_size=SIZE,
                        run_before=keys("tab", "delete"))


def test_prompt_defer_reason(snap_compare, repo, clock, meeting):
    assert snap_compare(make_app(repo, meeting, clock), terminal_size=SIZE,
                        run_before=keys("ctrl+d"))


def test_item_edit(snap_compare, repo, clock, meeting):
    assert snap_compare(make_app(repo, meeting, clock), terminal_size=SIZE,
                        run_before=keys("f3"))


def test_action_update(snap_compare, repo, clock, meeting):
    async def run(pilot) -> None:
        await pilot.pause()
        pane = pilot.app.screen.query_one(MinutesPane)
        pane.focus()
        pane.select_ref(LineRef(LineKind.ACTION, repo.minutes.actions(meeting)[0].id))
        await keys("u")(pilot)

    assert snap_compare(make_app(repo, meeting, clock), terminal_size=SIZE, run_before=run)


def test_jump(snap_compare, repo, clock, meeting):
    assert snap_compare(make_app(repo, meeting, clock), terminal_size=SIZE,
                        run_before=keys("ctrl+g", *"plan"))


def test_import_agenda(snap_compare, repo, clock, meeting):
    assert snap_compare(make_app(repo, meeting, clock), terminal_size=SIZE,
                        run_before=keys("f4"))


def test_name_check(snap_compare, repo, clock):
    import_roster(repo, FIXTURES / "roster.csv")
    m = repo.meetings.create_meeting(Meeting(date=DAY))
    item = repo.meetings.items(m.id)[0]
    repo.minutes.add_entry(Entry(item_id=item.id, text=(
        "Kevin McKambe presented the report; Steve Clayman thanked him.")))
    assert snap_compare(make_app(repo, m.id, clock), terminal_size=SIZE,
                        run_before=keys("f5"))


def test_person_form(snap_compare, repo, clock, meeting):
    assert snap_compare(make_app(repo, meeting, clock), terminal_size=SIZE,
                        run_before=keys("f2", *"Sam Okoro", "ctrl+n"))


def test_teams_review(snap_compare, repo, clock, teams_report_with_a_guess):
    import_roster(repo, FIXTURES / "roster.csv")
    mid = small_meeting(repo)

    async def run(pilot) -> None:
        await keys("f2", "ctrl+t")(pilot)
        field = pilot.app.focused
        # The copy with a guess in it (Brian Parrot), so the review shows one.
        field.value = str(teams_report_with_a_guess)
        await pilot.press("enter")
        await wait_for_background(pilot)
        # "Reading …" was shown while it read: a toast that expires in real time.
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(make_app(repo, mid, clock), terminal_size=SIZE, run_before=run)
