"""``csp actions`` reads a short answer from the database once: the table measures
its columns and draws from the same rows (the query and the agenda numbering were
half the time of ``csp actions --owner`` on ten years of boards), while an answer
longer than a batch is read again, so memory stays flat (test_actions_stream.py)."""

from __future__ import annotations

from pathlib import Path

from csp_tui.cli import actions_output
from csp_tui.storage.action_query import ActionRows, Filters
from csp_tui.storage.connection import open_readonly
from tests.cli.test_actions_stream import Sink, board_with


def queries(path: Path, *, owner: str = "") -> tuple[int, str]:
    """How many times the listing's query ran while the table was printed, and the
    table printed."""
    conn = open_readonly(path)
    ran: list[str] = []
    conn.set_trace_callback(lambda sql: ran.append(sql) if "FROM actions a" in sql else None)

    class Keep(Sink):
        text = ""

        def write(self, text: str) -> int:
            self.text += text
            return len(text)

    out = Keep()
    try:
        actions_output.write_actions(
            ActionRows(conn, Filters(include_closed=True, owner=owner)), "table", out)
    finally:
        conn.close()
    return len(ran), out.text


def test_a_short_answer_is_read_once_and_printed_whole(tmp_path: Path) -> None:
    runs, text = queries(board_with(tmp_path / "m.db", 40), owner="jade")
    assert runs == 1
    lines = text.splitlines()
    assert len(lines) == 41 and lines[0].split()[:2] == ["ID", "Owner"]
    assert "circulate report number 39" in lines[-1]


def test_an_answer_longer_than_a_batch_is_read_again(tmp_path: Path) -> None:
    runs, text = queries(board_with(tmp_path / "m.db", ActionRows.BATCH + 1))
    assert runs == 2
    assert len(text.splitlines()) == ActionRows.BATCH + 2


def test_the_lookup_loads_no_other_command(tmp_path: Path) -> None:
    """``csp`` once imported the app's command module for every command; the lookup
    loads only its own (cli.actions, and cli.chasing, whose sub-commands it registers)."""
    import subprocess
    import sys

    from tests.cli.test_actions_speed import ROOT

    probe = ("import sys; sys.argv = ['csp', *sys.argv[1:]]\n"
             "from csp_tui.cli.main import main\n"
             "code = main(); sys.stdout.flush()\n"
             "print('CLI', *sorted(m for m in sys.modules if m.startswith('csp_tui.cli.')),"
             " file=sys.stderr)\n"
             "raise SystemExit(code)\n")
    db = board_with(tmp_path / "m.db", 3)
    proc = subprocess.run([sys.executable, "-c", probe, "actions", "--db", str(db),
                           "--owner", "jade"], capture_output=True, text=True, timeout=60,
                          cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert "circulate report number 0" in proc.stdout
    line = next(x for x in proc.stderr.splitlines() if x.startswith("CLI "))
    assert set(line.split()[1:]) == {"csp_tui.cli.actions", "csp_tui.cli.actions_output",
                                     "csp_tui.cli.chasing", "csp_tui.cli.common",
                                     "csp_tui.cli.main"}
