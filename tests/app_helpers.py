"""Shared set-up for the app tests: a small real meeting and the real app factory."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from csp_tui.app import CspApp
from csp_tui.domain.models import Meeting, Person
from csp_tui.screens.dialog import DIALOG_WORKERS
from csp_tui.storage.repository import Repository
from csp_tui.widgets.capture import CaptureLine, CaptureMessage
from csp_tui.widgets.message_bar import MessageBar

DAY = dt.date(2021, 3, 31)


def small_meeting(repo: Repository, day: dt.date = DAY,
                  people: tuple[str, ...] = ("Jade Hodgson", "Andy Opie")) -> int:
    """A meeting on the standard agenda (10:00-13:00 on MS Teams) with ``people`` on
    the roster."""
    meeting = repo.meetings.create_meeting(Meeting(
        date=day, start=dt.time(10), end=dt.time(13), venue="MS Teams",
        board_name="Community Safety Partnership"))
    assert meeting.board_id is not None and meeting.id is not None
    for name in people:
        repo.people.add_person(Person(board_id=meeting.board_id, name=name))
    return meeting.id


def make_app(repo: Repository, meeting_id: int | None, clock=None) -> CspApp:
    """The real factory, with the cursor still so screens compare. The app tells the
    time by the repository's clock: a test freezes it by opening the repository with a
    FrozenClock (as the ``repo`` fixture does); ``clock``, when a test names the clock
    it moves, must be that one."""
    assert clock is None or clock is repo.clock, "open the repository with this clock"
    app = CspApp(repo, meeting_id)
    app.settings.cursor_blink = False
    return app


def capture(app: CspApp) -> CaptureLine:
    return app.screen.query_one(CaptureLine)


def capture_error(app: CspApp) -> str:
    widget = app.screen.query_one(CaptureMessage)
    return str(widget.render()) if widget.has_class("-shown") else ""


def screen_lines(app: CspApp) -> list[str]:
    """The screen's rows as the user reads them (what the terminal would show)."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def toasts(app: CspApp, severity: str | None = None) -> list[str]:
    """The messages on the screen now, as the user reads them: the meeting screen's
    message bar, or a toast over a dialog or another screen (the app must run with
    ``run_test(notifications=True)``); only those of ``severity`` if given."""
    shown = [str(bar.render()) for bar in app.screen.query(MessageBar)
             if bar.shown is not None and severity in (None, bar.shown.severity)]
    # By the widget's CSS name: Textual exports no Toast class.
    return shown + [str(toast.render()) for toast in app.screen.query("Toast")
                    if severity is None or toast.has_class(f"-{severity}")]


def said(app: CspApp, severity: str | None = None) -> list[str]:
    """Every message the app has given, whole, oldest first (its message log)."""
    return [m.text for m in app.messages if severity in (None, m.severity)]


async def wait_for_background(pilot) -> None:
    """Wait until the background work (export, imports, draft writes) is done; not for
    the workers waiting on an open dialog, which end only with it."""
    app = pilot.app
    while True:
        await pilot.pause()  # a dialog just answered may start more work
        busy = [w for w in app.workers if w.group != DIALOG_WORKERS and not w.is_finished]
        if not busy:
            return
        await app.workers.wait_for_complete(busy)


async def until(pilot, condition: Callable[[], bool], what: str,
                timeout: float = 120) -> None:
    """Wait until ``condition`` holds, the app's timers and workers running meanwhile
    (the draft writer's throttle, the clock's tick): a wait on the condition, never a
    fixed sleep. ``timeout`` only bounds a test that would otherwise hang: generous, as
    a machine whose cores are busy elsewhere may take many times as long."""
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, f"never happened: {what}"
        await pilot.pause(0.05)


async def enter_line(pilot, text: str) -> None:
    """Put ``text`` in the capture line and press enter (typing is tested apart)."""
    line = capture(pilot.app)
    line.value = text
    line.cursor_position = len(text)
    await pilot.press("enter")
    await pilot.pause()


@pytest.fixture(autouse=True)
def utc_zone():
    """Meeting times are local: run the app tests in UTC so figures are fixed."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if old is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = old
    time.tzset()


@contextmanager
def write_locked(repo: Repository, db_path: Path) -> Iterator[None]:
    """Another program holds the database's write lock meanwhile; ``repo``'s connection
    gives up at once (not after 5 s of waiting, in a test)."""
    repo.conn.execute("PRAGMA busy_timeout = 0")
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()
