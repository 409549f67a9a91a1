"""Kill the real app with SIGKILL mid-meeting: every entry and the unsent draft survive."""

from __future__ import annotations

import fcntl
import os
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pytest
from app_helpers import capture, make_app, small_meeting, utc_zone  # noqa: F401

from csp_tui.domain.models import EntryKind
from csp_tui.storage.repository import Repository

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")


class PtyApp:
    """``python -m csp_tui --db PATH`` on a pseudo-terminal, its output drained."""

    def __init__(self, db: Path, cols: int = 100, rows: int = 30) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(cols),
               "LINES": str(rows), "TZ": "UTC"}
        env.pop("TEXTUAL", None)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "csp_tui", "--db", str(db)], stdin=slave, stdout=slave,
            stderr=slave, env=env, start_new_session=True, close_fds=True)
        os.close(slave)
        self.master = master
        self.output = bytearray()
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.output += chunk

    # The timeouts only bound a test that would otherwise hang: generous, as a machine
    # whose cores are busy elsewhere starts the app many times slower.
    def wait_for(self, text: str, timeout: float = 120) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if text.encode() in self.output:
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"{text!r} never shown; exit={self.proc.poll()}; "
                             f"output tail={bytes(self.output[-400:])!r}")

    def type(self, text: str) -> None:
        os.write(self.master, text.encode())

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)
        os.close(self.master)


def _wait_db(check, timeout: float = 120) -> None:
    end = time.monotonic() + timeout
    while not check():
        if time.monotonic() > end:
            raise AssertionError("the database never showed the change")
        time.sleep(0.1)


async def test_sigkill_loses_nothing(tmp_path):
    db = tmp_path / "minutes.db"
    repo = Repository.open(db)
    mid = small_meeting(repo)
    repo.close()

    app = PtyApp(db)
    try:
        app.wait_for("OWNER to TASK")
        check = Repository.open(db)
        try:
            def item() -> int | None:
                return check.meetings.meeting(mid).current_item_id

            # Each line is in the database before the next is typed, the unsent text
            # too (saved by the draft writer, no Enter), before the kill.
            steps = [("/next\r", lambda: item() is not None),
                     ("The chair welcomed everyone.\r",
                      lambda: len(check.minutes.entries(item())) == 1),
                     ("- a bullet point\r", lambda: len(check.minutes.entries(item())) == 2),
                     ("/a Jade Hodgson to circulate the slides\r",
                      lambda: len(check.minutes.actions(mid)) == 1),
                     ("unsent words", lambda: check.meetings.meeting(mid).draft == "unsent words")]
            for text, stored in steps:
                app.type(text)
                _wait_db(stored)
        finally:
            check.close()
    finally:
        app.kill()
    assert app.proc.returncode == -signal.SIGKILL

    repo = Repository.open(db)
    try:
        meeting = repo.meetings.meeting(mid)
        assert meeting.draft == "unsent words"
        entries = repo.minutes.entries(meeting.current_item_id)
        assert [(e.kind, e.text) for e in entries] == [
            (EntryKind.PARAGRAPH, "The chair welcomed everyone."),
            (EntryKind.BULLET, "a bullet point")]
        assert [(a.owner, a.task) for a in repo.minutes.actions(mid)] == [
            ("Jade Hodgson", "circulate the slides")]
        # Reopened (here in-process), the capture line holds the draft again.
        restarted = make_app(repo, None, repo.clock)
        async with restarted.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert capture(restarted).value == "unsent words"
            assert restarted.screen.current_item_id == meeting.current_item_id
    finally:
        repo.close()
