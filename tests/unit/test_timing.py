"""The clock bar's figures, from stored timestamps, with a frozen clock."""

from __future__ import annotations

import datetime as dt

import pytest

from csp_tui.domain.models import AgendaItem, Meeting, Timing
from csp_tui.domain.timing import (
    clock_figures,
    fmt_local,
    fmt_mmss,
    item_elapsed,
    item_fraction,
    level,
    meeting_elapsed,
    overrun,
    projected_finish,
    scheduled_end,
    scheduled_start,
)
from csp_tui.storage.repository import Repository

UTC = dt.UTC
NINE = dt.datetime(2021, 3, 31, 9, 0, tzinfo=UTC)  # 10:00 in London (BST)


@pytest.fixture
def board(repo, clock, london):
    """A 10:00-11:00 meeting: A 15 min, B 10 min with a sub-item, C 20 min, D 5 min."""
    clock.now = NINE
    m = repo.meetings.create_meeting(
        Meeting(date=dt.date(2021, 3, 31), start=dt.time(10), end=dt.time(11)),
        [(AgendaItem(title="A", minutes=15), []),
         (AgendaItem(title="B", minutes=10), [AgendaItem(title="B sub")]),
         (AgendaItem(title="C", minutes=20), []),
         (AgendaItem(title="D", minutes=5), [])])
    items = repo.meetings.items(m.id)
    return m.id, {i.title: i.id for i in items}


def test_level_thresholds():
    assert [level(f) for f in (None, 0.0, 0.79, 0.8, 0.95, 1.0, 1.01, float("inf"))] == [
        "ok", "ok", "ok", "warning", "warning", "warning", "error", "error"]


def test_fmt_mmss():
    assert [fmt_mmss(s) for s in (0, 5.9, 65, 725, 3599, 3600, 3725, -30)] == [
        "00:00", "00:05", "01:05", "12:05", "59:59", "1:00:00", "1:02:05", "-00:30"]


def test_item_figures_from_timings():
    item = AgendaItem(title="A", minutes=10, timings=[
        Timing(started=NINE, stopped=NINE + dt.timedelta(minutes=3)),
        Timing(started=NINE + dt.timedelta(minutes=5))])
    now = NINE + dt.timedelta(minutes=10)
    assert item_elapsed(item, now) == 8 * 60
    assert item_fraction(item, now) == pytest.approx(0.8)
    assert item_fraction(AgendaItem(title="no allowance"), now) is None
    assert item_fraction(AgendaItem(title="zero", minutes=0), now) == 0.0
    assert item_fraction(AgendaItem(title="zero", minutes=0, timings=item.timings), now) \
        == float("inf")
    assert meeting_elapsed(None, now) == 0
    assert meeting_elapsed(NINE, now) == 600


def test_projected_finish_counts_pending_allowances_only():
    now = NINE
    items = [
        AgendaItem(id=1, title="done", minutes=30, state="done"),
        AgendaItem(id=2, title="current", minutes=10, state="current",
                   timings=[Timing(started=NINE - dt.timedelta(minutes=4))]),
        AgendaItem(id=3, title="pending", minutes=15),
        AgendaItem(id=4, parent_id=3, title="sub without minutes"),
        AgendaItem(id=5, title="deferred", minutes=20, state="deferred"),
        AgendaItem(id=6, title="pending 2", minutes=5)]
    assert projected_finish(items, 2, now) == now + dt.timedelta(minutes=6 + 15 + 5)
    # Over time: what remains of the current item is 0, not negative.
    later = now + dt.timedelta(minutes=30)
    assert projected_finish(items, 2, later) == later + dt.timedelta(minutes=20)
    # Before the meeting starts: every pending allowance.
    assert projected_finish(items, None, now) == now + dt.timedelta(minutes=20)


def test_overrun():
    end = NINE + dt.timedelta(hours=3)
    assert overrun(end, end) is None
    assert overrun(end - dt.timedelta(minutes=1), end) is None
    assert overrun(end + dt.timedelta(minutes=7), end) == dt.timedelta(minutes=7)
    assert overrun(end, None) is None


def test_scheduled_times_are_local(repo, board):
    mid, _ = board
    meeting = repo.meetings.meeting(mid)
    assert scheduled_start(meeting) == NINE  # 10:00 BST
    assert scheduled_end(meeting) == NINE + dt.timedelta(hours=1)
    assert fmt_local(scheduled_end(meeting)) == "11:00"
    assert scheduled_end(Meeting(date=dt.date(2021, 3, 31))) is None


def test_a_walk_through_the_meeting(repo, clock, board, db_path):
    mid, ids = board
    before = clock_figures(repo, mid)
    assert before.current is None and before.meeting_elapsed == 0
    assert before.projected_finish == NINE + dt.timedelta(minutes=50)
    assert before.overrun is None

    repo.meetings.set_current(mid, ids["A"])
    clock.advance(minutes=12)
    f = clock_figures(repo, mid)
    assert (f.item_elapsed, f.item_allowance, f.item_level, f.running) == (
        720, 900, "warning", True)
    assert f.item_fraction == pytest.approx(0.8)
    assert f.meeting_started == NINE and f.meeting_elapsed == 720
    assert f.projected_finish == clock() + dt.timedelta(minutes=3 + 10 + 20 + 5)
    assert f.overrun is None

    clock.advance(minutes=4)  # 16 of 15 minutes
    f = clock_figures(repo, mid)
    assert f.item_level == "error"
    assert f.projected_finish == clock() + dt.timedelta(minutes=35)  # 09:51 UTC
    assert f.overrun is None

    # Paused for 10 minutes: the item's time stands still, the meeting's does not.
    assert repo.meetings.toggle_pause(mid) is False
    clock.advance(minutes=10)
    f = clock_figures(repo, mid)
    assert (f.item_elapsed, f.running, f.meeting_elapsed) == (960, False, 26 * 60)
    assert f.overrun == dt.timedelta(minutes=1)  # 10:26 + 35 min = 11:01 BST
    assert repo.meetings.toggle_pause(mid) is True
    clock.advance(minutes=1)
    assert clock_figures(repo, mid).item_elapsed == 1020

    repo.meetings.set_current(mid, ids["B"])
    clock.advance(minutes=2)
    repo.meetings.defer_item(ids["C"], "Later.")
    f = clock_figures(repo, mid)
    assert f.current.title == "B" and f.item_elapsed == 120
    # B's 8 minutes left + D's 5; A is done, C deferred, B's sub-item has no minutes.
    assert f.projected_finish == clock() + dt.timedelta(minutes=13)

    # Quit and reopen (a new Repository on the same file): the same figures.
    repo.close()
    again = Repository.open(db_path, clock=clock)
    try:
        assert clock_figures(again, mid) == f
    finally:
        again.close()


def test_a_second_connection_sees_the_same_figures(repo, clock, board, db_path):
    mid, ids = board
    repo.meetings.set_current(mid, ids["A"])
    clock.advance(minutes=5)
    other = Repository.open(db_path, clock=clock)
    try:
        assert clock_figures(other, mid) == clock_figures(repo, mid)
    finally:
        other.close()


def test_restart_mid_item_resumes_the_running_timer(repo, clock, board, db_path):
    mid, ids = board
    repo.meetings.set_current(mid, ids["A"])
    clock.advance(minutes=5)
    repo.close()  # the app is killed
    clock.advance(minutes=2)
    reopened = Repository.open(db_path, clock=clock)
    try:
        f = clock_figures(reopened, mid)
        assert f.running and f.item_elapsed == 7 * 60 and f.meeting_elapsed == 7 * 60
    finally:
        reopened.close()
