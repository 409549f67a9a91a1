"""Text stored in the minutes never acts on the terminal: every command and format
prints escape, bell, C1 and bidi-override characters escaped (``\\x1b``), never raw."""

from __future__ import annotations

import datetime as dt
import os
import pty
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from csp_tui.cli.main import main
from csp_tui.domain.models import Action, AgendaItem, Entry, Meeting, Person
from csp_tui.storage.repository import Repository

CLEAR = "\x1b[2J"  # clears the screen
RETITLE = "\x1b]0;pwned\x07"  # sets the window title, ends with BEL
CSI = "\x9b31m"  # a one-byte CSI (C1)
RLO = "\u202e"  # right-to-left override: "gpj.exe" reads "exe.jpg"
HOSTILE = (CLEAR, RETITLE, CSI, RLO)
#: What no output may hold raw: C0 but tab and newline, DEL, C1, bidi overrides.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def hostile_db(db_path: Path, clock) -> Path:
    """A meeting whose every kind of text holds terminal controls. The text is put in
    with SQL, as another program (or an older csp) might have left it."""
    with Repository.open(db_path, clock=clock) as repo:
        board = repo.meetings.board("Community Safety Partnership")
        person = repo.people.add_person(Person(board_id=board.id, name="Jade Hodgson"))
        m = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 3, 31)), [
            (AgendaItem(title="Street Space"), []), (AgendaItem(title="Idle"), [])])
        item = repo.meetings.items(m.id)[0]
        repo.minutes.add_entry(Entry(item_id=item.id, text="Line"))
        action = repo.minutes.add_action(Action(meeting_id=m.id, item_id=item.id, owner="",
                                                task="fix the lights"))
        repo.minutes.update_action(action.id, note="called")
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("UPDATE items SET title = ? WHERE id = ?", (f"Street{RETITLE}", item.id))
        conn.execute("UPDATE entries SET text = ?", (f"Line{CLEAR}",))
        conn.execute("UPDATE actions SET task = ?, due = ?",
                     (f"fix{CLEAR} the lights{RLO}", f"soon{CSI}"))
        conn.execute("UPDATE action_updates SET note = ?", (f"called{RETITLE}",))
        conn.execute("UPDATE people SET name = ? WHERE id = ?", (f"Jade{CLEAR}", person.id))
        conn.execute("UPDATE boards SET name = ?", (f"CSP{RLO}",))
    conn.close()
    return db_path


def run(capsys, *args: str) -> str:
    main(list(args))
    out = capsys.readouterr()
    return out.out + out.err


def assert_clean(text: str) -> None:
    assert RAW.search(text) is None, repr(RAW.search(text))


def test_the_owner_repro_prints_escaped_in_every_format(hostile_db: Path, capsys):
    db = str(hostile_db)
    # The repro: csp actions update 7 --owner $'\e[2J', then csp actions.
    said = run(capsys, "actions", "update", "1", "--owner", CLEAR, "--db", db)
    assert_clean(said)
    for fmt in ("table", "csv", "json", "md"):
        for full in ((), ("--full",)):
            out = run(capsys, "actions", "--all", "--format", fmt, *full, "--db", db)
            assert_clean(out)
            if fmt != "json":  # JSON escapes it its own way (\u001b)
                assert "\\x1b[2J" in out, (fmt, out)
    for fmt in ("text", "json"):
        assert_clean(run(capsys, "actions", "show", "1", "--format", fmt, "--db", db))
    assert "\\x1b]0;pwned\\x07" in run(capsys, "actions", "show", "1", "--db", db)


def test_every_other_command_prints_escaped(hostile_db: Path, tmp_path: Path, capsys):
    db = str(hostile_db)
    outputs = [
        run(capsys, "export", "--check", "--db", db),  # the title, the action's task
        run(capsys, "export", "--format", "md", "--out", str(tmp_path), "--db", db),
        run(capsys, "roster", "list", "--board", f"CSP{RLO}", "--db", db),
        run(capsys, "new", "--date", "2021-06-30", "--board", f"New{CLEAR}", "--db", db),
        run(capsys, "actions", "--search", f"x{CLEAR}", "--db", db),
        run(capsys, "actions", "--meeting", f"{RETITLE}", "--db", db),  # an error line
    ]
    for out in outputs:
        assert_clean(out)
    assert "Street\\x1b]0;pwned\\x07" in outputs[0]
    assert "Jade\\x1b[2J" in outputs[2]


def test_the_table_on_a_terminal_keeps_its_colours_but_not_stored_escapes(hostile_db: Path):
    controller, terminal = pty.openpty()
    env = {**os.environ, "COLUMNS": "160"}
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen([sys.executable, "-m", "csp_tui", "actions", "--all",
                             "--db", str(hostile_db)], stdout=terminal, stderr=terminal,
                            stdin=subprocess.DEVNULL, env=env)
    os.close(terminal)
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(controller)
    assert proc.wait(timeout=60) == 0
    out = b"".join(chunks).decode()
    assert "╭" in out and "\x1b[" in out  # the box and colours of a terminal
    # Its own escapes are colours (SGR, "ESC [ ... m"); the stored ones are shown.
    assert re.sub(r"\x1b\[[0-9;]*m", "", out).find("\x1b") == -1
    assert "\\x1b[2J" in out and "\\u202e" in out
    assert_clean(re.sub(r"\x1b\[[0-9;]*m", "", out).replace("\r", ""))
