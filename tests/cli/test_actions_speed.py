"""``csp actions`` as a separate process: what it imports, and how it behaves beside
the app (a WAL database with and without the app running, and while it writes)."""

from __future__ import annotations

import datetime as dt
import os
import pty
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from csp_tui.domain.models import Action, Meeting, Person
from csp_tui.storage.repository import Repository

HEAVY = ("textual", "docx", "pydantic", "sqlite_utils", "typer")
ROOT = Path(__file__).resolve().parents[2]


def make_db(path: Path, *, close: bool = True) -> Repository | None:
    repo = Repository.open(path)
    board = repo.meetings.board("Community Safety Partnership")
    jade = repo.people.add_person(Person(board_id=board.id, name="Jade Hodgson"))
    meeting = repo.meetings.create_meeting(
        Meeting(board_name=board.name, date=dt.date(2021, 3, 31)))
    item = repo.meetings.items(meeting.id)[2]
    repo.minutes.add_action(Action(meeting_id=meeting.id, item_id=item.id, owner="Jade Hodgson",
                                   task="circulate the terms of reference", owner_ids=[jade.id]))
    if close:
        repo.close()
        return None
    return repo


def run_csp(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "csp_tui", *args], capture_output=True,
                          text=True, timeout=60, cwd=ROOT, env=env)


# ---------------------------------------------------------------------- imports

_PROBE = textwrap.dedent("""
    import sys
    sys.argv = ["csp", *sys.argv[1:]]
    from csp_tui.cli.main import main
    code = main()
    sys.stdout.flush()
    loaded = sorted({m.split(".")[0] for m in sys.modules})
    sys.stderr.write("\\nMODULES " + " ".join(loaded) + "\\n")
    raise SystemExit(code)
""")


def loaded_modules(stderr: str) -> set[str]:
    line = next(x for x in stderr.splitlines() if x.startswith("MODULES "))
    return set(line.split()[1:])


@pytest.mark.parametrize("args", [
    ["--owner", "jade"],
    ["--format", "json", "--all"],
    ["--search", "terms"],
    ["show", "1"],
])
def test_lookup_imports_nothing_heavy_when_piped(tmp_path, args):
    db = tmp_path / "m.db"
    make_db(db)
    proc = subprocess.run([sys.executable, "-c", _PROBE, "actions", "--db", str(db), *args],
                          capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert "terms of reference" in proc.stdout
    loaded = loaded_modules(proc.stderr)
    assert not loaded & {*HEAVY, "rich"}, loaded & {*HEAVY, "rich"}


def test_lookup_imports_nothing_heavy_on_a_terminal(tmp_path):
    db = tmp_path / "m.db"
    make_db(db)
    # The child's stdout is a terminal; its stderr (the module list) a pipe.
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-c", _PROBE, "actions", "--db", str(db),
                             "--owner", "jade"], stdout=slave, stderr=subprocess.PIPE,
                            cwd=ROOT, text=True)
    os.close(slave)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    _, err = proc.communicate(timeout=60)
    os.close(master)
    assert proc.returncode == 0, err
    assert "╭" in shown.decode() and "\x1b[" in shown.decode()
    loaded = loaded_modules(err)
    assert not loaded & set(HEAVY), loaded & set(HEAVY)


def test_python_m_csp_tui_path_with_importtime(tmp_path):
    """The real entry point, as ``python -X importtime`` reports it."""
    db = tmp_path / "m.db"
    make_db(db)
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "csp_tui", "actions",
                           "--db", str(db), "--owner", "jade"],
                          capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    imported = {line.rsplit("|", 1)[-1].strip().split(".")[0]
                for line in proc.stderr.splitlines() if line.startswith("import time:")}
    assert "csp_tui" in imported and "sqlite3" in imported
    assert not imported & {*HEAVY, "rich"}


# ---------------------------------------------------------------------- beside the app


def test_app_not_running_no_wal_file(tmp_path):
    db = tmp_path / "m.db"
    make_db(db)
    assert not Path(f"{db}-wal").exists()
    before = db.read_bytes()
    proc = run_csp("actions", "--db", str(db), "--owner", "jade")
    assert proc.returncode == 0, proc.stderr
    assert "circulate the terms of reference" in proc.stdout
    assert db.read_bytes() == before  # looking never writes


def test_app_running_with_a_new_database(tmp_path):
    """The app has the file open and its latest writes are only in the -wal file
    (a new database: even the header with the csp application id is there)."""
    db = tmp_path / "m.db"
    repo = make_db(db, close=False)
    try:
        assert Path(f"{db}-wal").exists()
        meeting = repo.meetings.meetings()[0]
        repo.minutes.add_action(Action(meeting_id=meeting.id, owner="Chris Lyons",
                                       task="brief the Prevent panel"))
        proc = run_csp("actions", "--db", str(db), "--format", "csv")
        assert proc.returncode == 0, proc.stderr
        assert "brief the Prevent panel" in proc.stdout
        assert "circulate the terms of reference" in proc.stdout
        # And the app goes on writing afterwards.
        repo.minutes.add_action(
            Action(meeting_id=meeting.id, owner="Sonia Drozd", task="report back"))
    finally:
        repo.close()


_WRITER = textwrap.dedent("""
    import os, sys
    from csp_tui.domain.models import Action
    from csp_tui.storage.repository import Repository
    repo = Repository.open(sys.argv[1])
    meeting = repo.meetings.meetings()[0]
    print("ready", flush=True)
    n = 0
    while not os.path.exists(sys.argv[2]):  # until the test has seen what it needs
        a = repo.minutes.add_action(Action(meeting_id=meeting.id, owner="Jade Hodgson",
                                   task=f"writer action {n}"))
        repo.minutes.update_action(a.id, note=f"progress {n}")
        n += 1
    repo.close()
    print(n, flush=True)
""")


def test_lookups_and_updates_while_the_app_writes(tmp_path):
    db = tmp_path / "m.db"
    make_db(db)
    stop = tmp_path / "stop"
    writer = subprocess.Popen([sys.executable, "-c", _WRITER, str(db), str(stop)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              cwd=ROOT)
    try:
        assert writer.stdout.readline().strip() == "ready"
        seen: list[int] = []
        runs = 0
        # Until the lookups have seen the writer's actions grow past ten, however
        # slowly a busy machine runs either side: a condition, not a time.
        while runs < 5 or seen[-1] < 1 + 1 + 11 or seen[-1] <= seen[0]:
            assert runs < 1000, "the writer never got ten actions in"
            proc = run_csp("actions", "--db", str(db), "--owner", "jade", "--format", "csv")
            assert proc.returncode == 0, proc.stderr
            assert "locked" not in proc.stderr and "busy" not in proc.stderr
            seen.append(len(proc.stdout.splitlines()))
            if runs % 3 == 0:
                # A write from the terminal while the app writes: waits its turn.
                upd = run_csp("actions", "--db", str(db), "update", "1", "--note",
                              f"checked {runs}")
                assert upd.returncode == 0, upd.stderr
            runs += 1
        stop.touch()
        out, err = writer.communicate(timeout=60)
    finally:
        if writer.poll() is None:
            writer.kill()
    assert writer.returncode == 0, err
    written = int(out.split()[-1])
    assert written > 10
    assert seen == sorted(seen)  # each lookup sees a consistent, growing log
    assert seen[-1] > seen[0]
    final = run_csp("actions", "--db", str(db), "--format", "csv")
    assert len(final.stdout.splitlines()) == 1 + 1 + written
    repo = Repository.open(db)
    try:
        notes = [u.note for u in repo.minutes.action(1).updates]
    finally:
        repo.close()
    assert notes and all(n.startswith("checked ") for n in notes)


def test_done_while_the_app_has_a_new_database_open(tmp_path):
    db = tmp_path / "m.db"
    repo = make_db(db, close=False)
    try:
        proc = run_csp("actions", "--db", str(db), "done", "1")
        assert proc.returncode == 0, proc.stderr
    finally:
        repo.close()
