"""The app beside other programs on the same file: its undo is its own, a form never
overwrites a change made elsewhere, it shows what others commit, and a database error
keeps the line typed. Other programs are real ``csp`` processes."""

from __future__ import annotations

import datetime as dt
import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from app_helpers import (  # noqa: F401 - utc_zone is an autouse fixture
    capture,
    capture_error,
    enter_line,
    make_app,
    said,
    small_meeting,
    toasts,
    until,
    utc_zone,
    write_locked,
)

from csp_tui.domain.models import Action, ActionStatus, AgendaItem, Meeting
from csp_tui.screens.confirm import ConfirmScreen
from csp_tui.storage.repository import Repository
from csp_tui.widgets.minutes import LineKind, LineRef, MinutesPane

SIZE = (120, 40)


def csp(db: Path, *args: str) -> subprocess.CompletedProcess:
    """``csp`` in another process: another shell on the same database."""
    done = subprocess.run([sys.executable, "-m", "csp_tui", "--db", str(db), *args],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done


def pane_text(app) -> str:
    pane = app.screen.query_one(MinutesPane)
    return "\n".join(str(pane.get_option_at_index(i).prompt) for i in range(pane.option_count))


def with_action(repo: Repository) -> tuple[int, int]:
    mid = small_meeting(repo)
    item = repo.meetings.items(mid)[1]
    action = repo.minutes.add_action(Action(meeting_id=mid, item_id=item.id, owner="Jade Hodgson",
                                            task="circulate the figures"))
    assert action.id is not None
    return mid, action.id


async def open_action_form(pilot, action_id: int) -> None:
    pane = pilot.app.screen.query_one(MinutesPane)
    pane.focus()
    pane.select_ref(LineRef(LineKind.ACTION, action_id))
    await pilot.press("u")
    await pilot.pause()


async def test_ctrl_z_undoes_the_apps_line_not_csp_actions_done_in_another_shell(
        repo: Repository, clock, db_path: Path) -> None:
    mid, action_id = with_action(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await enter_line(pilot, "/goto 2")
        await enter_line(pilot, "The board noted the figures.")
        item_id = repo.meetings.meeting(mid).current_item_id or 0
        csp(db_path, "actions", "done", str(action_id))
        await pilot.press("ctrl+z")
        await pilot.pause()
        # The app's own line is gone; the update made in the other shell stays.
        assert repo.minutes.entries(item_id) == []
        action = repo.minutes.action(action_id)
        assert action.status is ActionStatus.COMPLETED
        assert [u.change for u in action.updates] == ["status: open -> completed"]
        assert any("was made elsewhere and stays" in t for t in toasts(app, "warning"))


async def test_ctrl_z_never_deletes_a_meeting_csp_import_brought_in(
        repo: Repository, clock, db_path: Path, tmp_path: Path) -> None:
    mid = small_meeting(repo)
    source = tmp_path / "source.db"
    with Repository.open(source, clock=clock) as other:
        done = other.meetings.create_meeting(Meeting(date=dt.date(2021, 6, 30)),
                                             [(AgendaItem(title="Welcome"), [])])
    backup = tmp_path / "june.json"
    csp(source, "export", str(done.id), "--format", "json", "--full",
        "-o", str(backup))
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await enter_line(pilot, "/next")
        csp(db_path, "import", str(backup))
        await pilot.press("ctrl+z")  # takes back the app's /next, and no more
        await pilot.pause()
        assert sorted(m.date for m in repo.meetings.meetings()) == [dt.date(2021, 3, 31),
                                                     dt.date(2021, 6, 30)]
        assert repo.meetings.meeting(mid).current_item_id is None
        assert any("Undone: go to item 1 (the newest change, import the meeting of "
                   "2021-06-30, was made elsewhere and stays)" in t
                   for t in toasts(app, "warning")), toasts(app)


async def test_a_note_added_in_the_form_after_done_elsewhere_does_not_reopen_the_action(
        repo: Repository, clock, db_path: Path) -> None:
    mid, action_id = with_action(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await enter_line(pilot, "/goto 2")
        await open_action_form(pilot, action_id)
        csp(db_path, "actions", "done", str(action_id))  # while the form is open
        app.screen.query_one("#note").value = "figures sent to the chair"
        await pilot.press("ctrl+s")
        await pilot.pause()
    action = repo.minutes.action(action_id)
    assert action.status is ActionStatus.COMPLETED
    assert [(u.change, u.note) for u in action.updates] == [
        ("status: open -> completed", ""), ("", "figures sent to the chair")]


async def test_a_status_changed_here_and_elsewhere_shows_the_other_value_and_asks(
        repo: Repository, clock, db_path: Path) -> None:
    mid, action_id = with_action(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await enter_line(pilot, "/goto 2")
        await open_action_form(pilot, action_id)
        csp(db_path, "actions", "done", str(action_id))
        app.screen.query_one("#status").value = ActionStatus.IN_PROGRESS
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        question = str(app.screen.query_one("Label").render())
        assert "status: completed (changed elsewhere) -> in progress (yours)" in question
        await pilot.press("n")
        await pilot.pause()
        assert repo.minutes.action(action_id).status is ActionStatus.COMPLETED
        # Asked again and answered yes, the note taker's value is saved.
        await open_action_form(pilot, action_id)
        app.screen.query_one("#status").value = ActionStatus.IN_PROGRESS
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert repo.minutes.action(action_id).status is ActionStatus.IN_PROGRESS


async def test_an_action_closed_with_csp_actions_done_no_longer_shows_open(
        repo: Repository, clock, db_path: Path) -> None:
    earlier = repo.meetings.create_meeting(Meeting(date=dt.date(2020, 12, 9)),
                                           [(AgendaItem(title="Performance"), [])])
    assert earlier.id is not None
    action = repo.minutes.add_action(
        Action(meeting_id=earlier.id, item_id=repo.meetings.items(earlier.id)[0].id,
               owner="MPS", task="send the ward plan"))
    now = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 3, 31)), [
        (AgendaItem(title="Welcome"), []), (AgendaItem(title="Action Log"), [])])
    app = make_app(repo, now.id, clock)
    async with app.run_test(size=SIZE) as pilot:
        await enter_line(pilot, "/goto 2")
        # Open: the words the minutes print (no status after them).
        assert "ACTION: MPS to send the ward plan." in pane_text(app).splitlines()
        assert not app.screen.show_changes_elsewhere()  # nothing new: no reload
        csp(db_path, "actions", "done", str(action.id))
        # What the once-a-second timer does.
        assert app.screen.show_changes_elsewhere()
        await pilot.pause()
        assert "send the ward plan. (COMPLETED)" in pane_text(app)


async def test_a_locked_database_keeps_the_line_and_the_next_enter_saves_it(
        repo: Repository, clock, db_path: Path) -> None:
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await enter_line(pilot, "/next")
        item_id = repo.meetings.meeting(mid).current_item_id or 0
        with write_locked(repo, db_path):
            await enter_line(pilot, "The board noted the figures.")
            assert "1 line not saved yet" in capture_error(app)
            assert any("locked by another program" in t for t in toasts(app, "error"))
        await pilot.press("enter")
        # Saved by that Enter, or (had the draft writer's own connection taken the
        # write lock first) by the tick's retry a second later.
        await until(pilot, lambda: [e.text for e in repo.minutes.entries(item_id)] == [
            "The board noted the figures."], "the kept line saved")
        assert capture(app).value == ""


async def test_a_line_the_database_refused_is_saved_within_a_second_of_it_writing_again(
        repo: Repository, clock, db_path: Path) -> None:
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await enter_line(pilot, "/next")
        item_id = repo.meetings.meeting(mid).current_item_id or 0
        with write_locked(repo, db_path):
            await enter_line(pilot, "The board noted the figures.")
            await enter_line(pilot, "It asked for the next quarter's too.")
            assert "2 lines not saved yet" in capture_error(app)
            errors = len(toasts(app, "error"))
            app.screen._tick()  # still locked
            assert len(toasts(app, "error")) == errors  # a retry that fails says nothing
        # Nothing more typed: the clock's tick saves them, in order.
        await until(pilot, lambda: [e.text for e in repo.minutes.entries(item_id)] == [
            "The board noted the figures.", "It asked for the next quarter's too."],
            "the kept lines saved")
        await until(pilot, lambda: capture_error(app) == "", "the notice gone")


async def test_a_full_disk_keeps_the_line_and_the_next_enter_saves_it(
        repo: Repository, clock) -> None:
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    line = "The board noted the figures. " * 4000
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await enter_line(pilot, "/next")
        item_id = repo.meetings.meeting(mid).current_item_id or 0
        pages = repo.conn.execute("PRAGMA page_count").fetchone()[0]
        repo.conn.execute(f"PRAGMA max_page_count = {pages}")
        await enter_line(pilot, line)
        assert "1 line not saved yet" in capture_error(app)
        assert any("the disk is full" in t for t in toasts(app, "error"))
        assert not any("cannot rollback" in t for t in toasts(app))
        repo.conn.execute(f"PRAGMA max_page_count = {pages * 100}")
        await pilot.press("enter")
        await pilot.pause()
        assert capture(app).value == ""
        assert [e.text for e in repo.minutes.entries(item_id)] == [line.strip()]


HOLD_LOCK = ("import sys\nfrom pathlib import Path\n"
             "from csp_tui.storage.meeting_lock import MeetingLock\n"
             "lock = MeetingLock.take(Path(sys.argv[1]), int(sys.argv[2]))\n"
             "print('held', flush=True)\nsys.stdin.read()\n")


async def test_a_meeting_open_in_another_window_is_refused_with_its_pid_until_it_ends(
        repo: Repository, clock, db_path: Path) -> None:
    from csp_tui.screens.meeting import MeetingScreen
    from csp_tui.screens.meetings import MeetingsScreen

    mid = small_meeting(repo)
    other = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(db_path), str(mid)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout is not None and other.stdout.readline() == "held\n"
        app = make_app(repo, mid, clock)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await pilot.pause()
            # Not a second writer: the meeting list, and who has the meeting.
            assert isinstance(app.screen, MeetingsScreen)
            assert any(f"open in another window (process {other.pid})" in t
                       for t in toasts(app, "error")), toasts(app)
            # The other window dies without a word: its lock goes with it.
            other.kill()
            other.wait(timeout=60)
            app.open_meeting(mid)
            await pilot.pause()
            assert isinstance(app.screen, MeetingScreen)
            await enter_line(pilot, "/next")
            assert repo.meetings.meeting(mid).current_item_id is not None
    finally:
        other.kill()
        other.wait(timeout=60)


def plant(kind: str, lock: Path, tmp_path: Path, monkeypatch) -> Path | None:
    """Put at the meeting's lock path what a tester (or an attacker) leaves there; the
    canary file a link points at, if any, whose bytes must not change."""
    canary = tmp_path / "canary.txt"
    canary.write_text("CANARY\n")
    if kind == "link to a file":
        lock.symlink_to(canary)
        return canary
    if kind == "dangling link":
        lock.symlink_to(tmp_path / "made-by-the-link")
    elif kind == "FIFO":
        os.mkfifo(lock)
    elif kind == "folder":
        lock.mkdir()
    elif kind == "another user's file":
        lock.write_text("4242")
        os.chown(lock, os.getuid() + 1, os.getgid())  # the tests run as root
        lock.chmod(0o600)
    elif kind == "full disk":
        def full(*_args, **_kwargs):
            raise OSError(errno.ENOSPC, "No space left on device")
        monkeypatch.setattr(os, "open", _failing_lock_open(os.open, full))
    return None


def _failing_lock_open(real_open, fail):
    """``os.open`` that fails (ENOSPC: a full disk cannot create the lock file) for the
    meeting's lock file only."""
    def fake(path, *args, **kwargs):
        return fail() if str(path).endswith(".lock") else real_open(path, *args, **kwargs)
    return fake


PLANTED = ["link to a file", "dangling link", "FIFO", "folder", "another user's file",
           "full disk"]


@pytest.mark.parametrize("kind", PLANTED)
async def test_a_lock_that_cannot_be_taken_opens_the_meeting_read_only(
        repo: Repository, clock, db_path: Path, tmp_path: Path, monkeypatch,
        kind: str) -> None:
    from csp_tui.screens.meeting import MeetingScreen
    from csp_tui.storage.meeting_lock import lock_path

    mid = small_meeting(repo)
    lock = lock_path(db_path, mid)
    canary = plant(kind, lock, tmp_path, monkeypatch)
    before = sorted(p.name for p in tmp_path.iterdir())
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        # The meeting shows, and one line says why nothing will be saved.
        assert isinstance(app.screen, MeetingScreen)
        said = [t for t in toasts(app) if "lock" in t]
        assert len(said) == 1 and said[0].startswith("Read-only: the meeting's lock "), toasts(app)
        assert "\n" not in said[0]
        await enter_line(pilot, "/next")
        await enter_line(pilot, "The board noted the figures.")
        # Both kept, in turn, for when the file can be written.
        assert "2 lines not saved yet" in capture_error(app)
        assert any("read-only; nothing was saved" in t for t in toasts(app, "error"))
    meeting = repo.meetings.meeting(mid)
    assert (meeting.current_item_id, meeting.draft) == (None, "")
    assert all(repo.minutes.entries(i.id) == [] for i in repo.meetings.items(mid))
    if canary is not None:
        assert canary.read_text() == "CANARY\n"
    # Nothing was made where a link pointed (nor anywhere else).
    assert sorted(p.name for p in tmp_path.iterdir()) == before


async def test_a_meeting_opened_from_the_list_with_a_link_at_its_lock_is_read_only(
        repo: Repository, clock, db_path: Path, tmp_path: Path) -> None:
    from csp_tui.screens.meeting import MeetingScreen
    from csp_tui.storage.meeting_lock import lock_path

    first = small_meeting(repo)
    second = small_meeting(repo, dt.date(2021, 6, 30), people=())
    canary = tmp_path / "canary.txt"
    canary.write_text("CANARY\n")
    lock_path(db_path, second).symlink_to(canary)
    app = make_app(repo, first, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await enter_line(pilot, "/next")  # the first meeting is ours: saved
        app.open_meeting(second)
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen) and app.screen.meeting_id == second
        assert any(t.startswith("Read-only: the meeting's lock ") for t in toasts(app))
        await enter_line(pilot, "/next")
        capture(app).value = "typed while read-only"
        await pilot.pause()
        app.open_meeting(first)  # back to a meeting whose lock is ours: writes again
        await pilot.pause()
        await enter_line(pilot, "/next")
    assert repo.meetings.meeting(first).current_item_id == repo.meetings.items(first)[1].id
    assert (repo.meetings.meeting(second).current_item_id,
            repo.meetings.meeting(second).draft) == (None, "")
    assert canary.read_text() == "CANARY\n"


def test_a_system_without_a_file_lock_is_read_only_not_unguarded(db_path: Path,
                                                                  monkeypatch) -> None:
    from csp_tui.storage import meeting_lock

    monkeypatch.setattr(meeting_lock, "fcntl", None)
    monkeypatch.setattr(meeting_lock, "msvcrt", None)
    with pytest.raises(meeting_lock.LockUnavailable, match="this system offers no file lock"):
        meeting_lock.MeetingLock.take(db_path, 1)


def test_a_full_disk_loses_the_pid_not_the_lock(db_path: Path, monkeypatch) -> None:
    from csp_tui.storage.meeting_lock import MeetingBusy, MeetingLock

    def full(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    lock = MeetingLock.take(db_path, 1)
    monkeypatch.undo()
    try:
        with pytest.raises(MeetingBusy, match="another process"):
            MeetingLock.take(db_path, 1)
    finally:
        lock.release()
    MeetingLock.take(db_path, 1).release()


async def test_a_read_only_database_says_so_at_once_and_keeps_the_line(
        db_path: Path, repo: Repository, clock) -> None:
    from csp_tui.storage.connection import connect

    mid = small_meeting(repo)
    # What SQLite gives for a file this user may not write (the tests run as root,
    # whom file modes do not stop): a connection that refuses every write.
    readonly = Repository(connect(db_path, readonly=True), clock=clock, path=db_path)
    app = make_app(readonly, mid, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert any("This database is read-only" in t for t in toasts(app, "warning"))
        assert not app.screen.query("Toast")  # on the message bar, over no pane
        await enter_line(pilot, "The board noted the figures.")
        assert "1 line not saved yet" in capture_error(app)
        assert any("is read-only; nothing was saved" in t for t in toasts(app, "error"))
        # Not lost: ctrl+r brings it back into the capture area.
        await pilot.press("ctrl+r")
        assert capture(app).value == "The board noted the figures."
    readonly.close()
    assert repo.meetings.meeting(mid).current_item_id is None


async def test_the_database_file_removed_underneath_is_named_and_the_line_stays(
        repo: Repository, clock, db_path: Path) -> None:
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await enter_line(pilot, "/next")
        db_path.unlink()
        await enter_line(pilot, "The board noted the figures.")
        assert "1 line not saved yet" in capture_error(app)
        assert any("minutes.db was removed or moved" in t
                   for t in toasts(app, "error")), toasts(app)
        # Named whole in the message log.
        assert any(f"the database {db_path} was removed or moved" in t
                   for t in said(app, "error")), said(app)


async def test_the_item_form_saves_only_its_own_change_over_one_made_elsewhere(
        repo: Repository, clock, db_path: Path) -> None:
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await enter_line(pilot, "/next")
        item_id = repo.meetings.meeting(mid).current_item_id or 0
        await pilot.press("f3")
        await pilot.pause()
        # Another window (a session of its own) sets the presenter meanwhile.
        with Repository.open(db_path, clock=clock, session="other window") as other:
            other.meetings.update_item(
                other.meetings.item(item_id).model_copy(update={"presenter": "MPS"}))
        app.screen.query_one("#title").value = "Welcome and introductions"
        await pilot.press("ctrl+s")
        await pilot.pause()
    item = repo.meetings.item(item_id)
    assert (item.title, item.presenter) == ("Welcome and introductions", "MPS")


async def test_the_person_form_saves_only_its_own_change_over_one_made_elsewhere(
        repo: Repository, clock, db_path: Path) -> None:
    mid = small_meeting(repo)
    board_id = repo.meetings.meeting(mid).board_id or 0
    jade = repo.people.find_person(board_id, "Jade Hodgson")
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press(*"jade hodgson", "ctrl+r")
        await pilot.pause()
        with Repository.open(db_path, clock=clock, session="other window") as other:
            other.people.update_person(jade.model_copy(update={"email": "jade@council.invalid"}))
        app.screen.query_one("#add-post").value = "Community Safety Manager"
        await pilot.press("enter")
        await pilot.pause()
    saved = repo.people.find_person(board_id, "Jade Hodgson")
    assert (saved.post_title, saved.email) == ("Community Safety Manager",
                                               "jade@council.invalid")


async def test_a_damaged_database_ends_the_app_with_one_line_naming_it(
        tmp_path: Path, clock) -> None:
    from csp_tui.services.demo import build_demo
    from csp_tui.storage.connection import DatabaseDamaged

    db = tmp_path / "minutes.db"
    with Repository.open(db, clock=clock) as repo:
        build_demo(repo)
    data = bytearray(db.read_bytes())
    data[5 * 4096:9 * 4096] = b"\xa5" * 4 * 4096  # pages 6-9, as a failing disk leaves them
    db.write_bytes(bytes(data))
    with Repository.open(db, clock=clock) as repo:
        app = make_app(repo, None, clock)
        async with app.run_test(size=SIZE):
            pass  # the first screen reads the meetings: the app ends there
        assert app.return_code == 2
        assert isinstance(app.damage, DatabaseDamaged)
        assert str(app.damage) == (f"{db} is damaged (database disk image is malformed); "
                                   "nothing was saved; run csp check to see what can be "
                                   "recovered")
    assert db.read_bytes() == bytes(data)
