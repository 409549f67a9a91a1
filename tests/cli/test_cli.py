"""The `csp` command line as a user meets it."""

from __future__ import annotations

import subprocess
import sys

from csp_tui import __version__


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "csp_tui", *args], capture_output=True,
                          text=True, timeout=60)


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"csp-minutes {__version__}"


def test_help_lists_the_commands() -> None:
    # Only the command named is built (cli.COMMANDS); help must still list them all.
    from csp_tui.cli.main import COMMANDS

    for args in (("--help",), ("--db", "x.db", "-h")):
        result = run(*args)
        assert result.returncode == 0
        listed = result.stdout.split("commands:")[1].split()
        assert set(COMMANDS) <= set(listed)
    result = run("--db", "x.db", "minutse")
    assert result.returncode == 2
    assert "invalid choice: 'minutse' (choose from 'open', 'demo', 'new', 'actions', " \
        "'export', 'import', 'roster', 'attendance', 'minutes', 'check', 'transcript', " \
        "'style', 'board', 'agenda', 'keys')" \
        in result.stderr


def test_each_command_is_found_after_the_database_option(tmp_path) -> None:
    db = str(tmp_path / "m.db")
    assert run("--db", db, "new", "--date", "2021-03-31").returncode == 0
    listed = run("--db", db, "actions")
    assert listed.returncode == 0 and "no open actions match" in listed.stderr
    assert run("--db", db, "roster", "list").returncode == 0
    assert "usage: csp attendance" in run("--db", db, "attendance", "-h").stdout


def test_bad_date_is_one_line_and_exit_2(tmp_path) -> None:
    result = run("new", "--date", "31/02/2021", "--db", str(tmp_path / "m.db"))
    assert result.returncode == 2
    assert result.stderr == "csp: '31/02/2021' is not a date (use YYYY-MM-DD)\n"


def test_unwritable_database_path_is_one_line(tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run("new", "--date", "2021-03-31", "--db", str(blocker / "m.db"))
    assert result.returncode == 2
    assert result.stderr.startswith("csp: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
