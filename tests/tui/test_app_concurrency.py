"""The app beside other programs on the same file: its undo is its own, a form never
overwrites a change made elsewhere, it shows what others commit, and a database error
keeps the line typed. Other programs are real ``csp`` processes."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
from pathlib import Path

from app_helpers import (  # noqa: F401 - utc_zone is an autouse fixture
    capture,
    enter_line,
    make_app,
    said,
    small_meeting,
    toasts,
    utc_zone,
)

from csp_tui.domain.models import Action, ActionStatus, AgendaItem, Meeting
from csp_tui.screens.confirm import ConfirmScreen
from csp_tui.storage import Repository
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
    item = repo.items(mid)[1]
    action = repo.add_action(Action(meeting_id=mid, item_id=item.id, owner="Jade Hodgson",
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
        item_id = repo.meeting(mid).current_item_id or 0
        csp(db_path, "actions", "done", str(action_id))
        await pilot.press("ctrl+z")
        await pilot.pause()
        # The app's own line is gone; the update made in the other shell stays.
        assert repo.entries(item_id) == []
        action = repo.action(action_id)
        assert action.status is ActionStatus.COMPLETED
        assert [u.change for u in action.updates] == ["status: open -> completed"]
        assert any("was made elsewhere and stays" in t for t in toasts(app, "warning"))


async def test_ctrl_z_never_deletes_a_meeting_csp_import_brought_in(
        repo: Repository, clock, db_path: Path, tmp_path: Path) -> None:
    mid = small_meeting(repo)
    source = tmp_path / "source.db"
    with Repository.open(source, clock=clock) as other:
        done = other.create_meeting(Meeting(date=dt.date(2021, 6, 30)),
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
        assert sorted(m.date for m in repo.meetings()) == [dt.date(2021, 3, 31),
                                                     dt.date(2021, 6, 30)]
        assert repo.meeting(mid).current_item_id is None
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
    action = repo.action(action_id)
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
        assert repo.action(action_id).status is ActionStatus.COMPLETED
        # Asked again and answered yes, the note taker's value is saved.
        await open_action_form(pilot, action_id)
        app.screen.query_one("#status").value = ActionStatus.IN_PROGRESS
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert repo.action(action_id).status is ActionStatus.IN_PROGRESS


async def test_an_action_closed_with_csp_actions_done_no_longer_shows_open(
        repo: Repository, clock, db_path: Path) -> None:
    earlier = repo.create_meeting(Meeting(date=dt.date(2020, 12, 9)),
                                  [(AgendaItem(title="Performance"), [])])
    assert earlier.id is not None
    action = repo.add_action(Action(meeting_id=earlier.id, item_id=repo.items(earlier.id)[0].id,
                                    owner="MPS", task="send the ward plan"))
    now = repo.create_meeting(Meeting(date=dt.date(2021, 3, 31)), [
        (AgendaItem(title="Welcome"), []), (AgendaItem(title="Action Log"), [])])
    app = make_app(repo, now.id, clock)
    async with app.run_test(size=SIZE) as pilot:
        await enter_line(pilot, "/goto 2")
        assert "send the ward plan. (OPEN)" in pane_text(app)
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
        item_id = repo.meeting(mid).current_item_id or 0
        repo.conn.execute("PRAGMA busy_timeout = 0")  # not 5 s of waiting in a test
        holder = sqlite3.connect(db_path, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        try:
            await enter_line(pilot, "The board noted the figures.")
            assert capture(app).value == "The board noted the figures."
            assert any("locked by another program" in t for t in toasts(app, "error"))
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        await pilot.press("enter")
        await pilot.pause()
        assert capture(app).value == ""
        assert [e.text for e in repo.entries(item_id)] == ["The board noted the figures."]


async def test_a_full_disk_keeps_the_line_and_the_next_enter_saves_it(
        repo: Repository, clock) -> None:
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    line = "The board noted the figures. " * 4000
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await enter_line(pilot, "/next")
        item_id = repo.meeting(mid).current_item_id or 0
        pages = repo.conn.execute("PRAGMA page_count").fetchone()[0]
        repo.conn.execute(f"PRAGMA max_page_count = {pages}")
        await enter_line(pilot, line)
        assert capture(app).value == line
        assert any("the disk is full" in t for t in toasts(app, "error"))
        assert not any("cannot rollback" in t for t in toasts(app))
        repo.conn.execute(f"PRAGMA max_page_count = {pages * 100}")
        await pilot.press("enter")
        await pilot.pause()
        assert capture(app).value == ""
        assert [e.text for e in repo.entries(item_id)] == [line.strip()]


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
            assert repo.meeting(mid).current_item_id is not None
    finally:
        other.kill()
        other.wait(timeout=60)


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
        assert capture(app).value == "The board noted the figures."
        assert any("is read-only; nothing was saved" in t for t in toasts(app, "error"))
    readonly.close()
    assert repo.meeting(mid).current_item_id is None


async def test_the_database_file_removed_underneath_is_named_and_the_line_stays(
        repo: Repository, clock, db_path: Path) -> None:
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await enter_line(pilot, "/next")
        db_path.unlink()
        await enter_line(pilot, "The board noted the figures.")
        assert capture(app).value == "The board noted the figures."
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
        item_id = repo.meeting(mid).current_item_id or 0
        await pilot.press("f3")
        await pilot.pause()
        # Another window (a session of its own) sets the presenter meanwhile.
        with Repository.open(db_path, clock=clock, session="other window") as other:
            other.update_item(other.item(item_id).model_copy(update={"presenter": "MPS"}))
        app.screen.query_one("#title").value = "Welcome and introductions"
        await pilot.press("ctrl+s")
        await pilot.pause()
    item = repo.item(item_id)
    assert (item.title, item.presenter) == ("Welcome and introductions", "MPS")


async def test_the_person_form_saves_only_its_own_change_over_one_made_elsewhere(
        repo: Repository, clock, db_path: Path) -> None:
    mid = small_meeting(repo)
    board_id = repo.meeting(mid).board_id or 0
    jade = repo.find_person(board_id, "Jade Hodgson")
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press(*"jade hodgson", "ctrl+r")
        await pilot.pause()
        with Repository.open(db_path, clock=clock, session="other window") as other:
            other.update_person(jade.model_copy(update={"email": "jade@council.invalid"}))
        app.screen.query_one("#add-post").value = "Community Safety Manager"
        await pilot.press("enter")
        await pilot.pause()
    saved = repo.find_person(board_id, "Jade Hodgson")
    assert (saved.post_title, saved.email) == ("Community Safety Manager",
                                               "jade@council.invalid")
