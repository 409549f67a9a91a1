"""``csp actions --owner X`` as a whole process, at 1x, 10x and 100x the database
(1,000, 10,000 and 100,000 actions over 5, 50 and 500 meetings, built by
``make_big_db.py``), each paired in the same rounds with two floors:

- ``python -c "import sqlite3"``: the interpreter and the one module the lookup needs;
- ``_actions_floor.py``: a bare Python process running the very SQL csp runs (taken
  from csp's own query builder) on a read-only connection and printing the rows.

Output piped (a script, ``| less``); at 100x also on a pseudo-terminal of 120 columns,
where csp draws its box table. See ``_proc.py`` for how rounds are interleaved and
which figure is reported. Target: csp / ``import sqlite3`` <= 2.0, piped, at 100x.

    .venv/bin/python bench/bench_actions.py [--runs 21] [--owner jade] [--rebuild]
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _proc import (  # noqa: E402
    CSP,
    ENV,
    HERE,
    PYTHON,
    Case,
    child_cpu,
    compile_package,
    interleave,
    machine,
    run,
    table,
)

CACHE = Path("/tmp/csp-bench-actions")
#: (label, meetings, actions)
SCALES = (("1x", 5, 1_000), ("10x", 50, 10_000), ("100x", 500, 100_000))


def run_terminal(cmd: list[str]) -> tuple[float, float]:
    """Seconds for the whole process with stdout and stderr on a pseudo-terminal of
    120x40 (read to the end, as a terminal would)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    env = {**ENV, "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    env.pop("COLUMNS", None)
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, env=env,
                            close_fds=True)
    os.close(slave)
    while True:
        try:
            if not os.read(master, 65536):
                break
        except OSError:  # EIO: the child closed the terminal
            break
    code = proc.wait()
    took = time.perf_counter() - started
    os.close(master)
    if code != 0:
        raise SystemExit(f"{' '.join(cmd)} failed on a terminal ({code})")
    return took, child_cpu(proc)


def the_query(db: Path, owner: str, out: Path) -> Path:
    """Write csp's own SQL and arguments for ``--owner owner`` to ``out``."""
    sys.path.insert(0, str(HERE.parent))
    from csp_tui.storage.action_query import ActionRows, Filters
    from csp_tui.storage.connection import open_readonly

    conn = open_readonly(db)
    try:
        rows = ActionRows(conn, Filters(owner=owner))
        out.write_text(json.dumps([rows.sql, rows.args]), encoding="utf-8")
    finally:
        conn.close()
    return out


def database(label: str, meetings: int, actions: int, rebuild: bool) -> Path:
    path = CACHE / f"actions-{label}.db"
    if rebuild or not path.exists():
        from make_big_db import build

        CACHE.mkdir(parents=True, exist_ok=True)
        print(f"building {path} ({meetings} meetings, {actions:,} actions) ...", flush=True)
        build(path, meetings=meetings, actions=actions)
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--owner", default="jade")
    parser.add_argument("--rebuild", action="store_true", help="regenerate the databases")
    parser.add_argument("--scales", default="1x,10x,100x")
    parser.add_argument("--before", type=Path, metavar="DIR",
                        help="also time the csp_tui package in DIR (another checkout's "
                             "code, e.g. `git archive main csp_tui | tar -x -C DIR`), "
                             "both run as `python -c` so that only the code differs")
    args = parser.parse_args()
    compile_package()
    print(machine())
    wanted = args.scales.split(",")
    for label, meetings, actions in SCALES:
        if label not in wanted:
            continue
        db = database(label, meetings, actions, args.rebuild)
        query = the_query(db, args.owner, CACHE / f"query-{label}.json")
        tail = ["actions", "--db", str(db), "--owner", args.owner]
        rows = subprocess.run([CSP, *tail], capture_output=True, env=ENV, check=True
                              ).stdout.count(b"\n") - 1
        base = 'python -c "import sqlite3"'
        cases = [
            Case(base, lambda: run([PYTHON, "-c", "import sqlite3"])),
            Case("bare python: the same SQL, rows printed",
                 lambda: run([PYTHON, str(HERE / "_actions_floor.py"), str(db), str(query)]),
                 floor=base),
            Case(f"csp actions --owner {args.owner}", lambda: run([CSP, *tail]), floor=base),
        ]
        if args.before:
            run_main = [PYTHON, "-c", "import sys; from csp_tui.cli.main import main; "
                        "sys.exit(main())", *tail]
            older = dict(ENV, PYTHONPATH=str(args.before))
            cases += [Case("this code, python -c", lambda: run(run_main), floor=base),
                       Case(f"{args.before}, python -c", lambda: run(run_main, env=older),
                            floor=base)]
        if label == "100x":
            cases += [
                Case("import sqlite3, on a terminal",
                     lambda: run_terminal([PYTHON, "-c", "import sqlite3"])),
                Case(f"csp actions --owner {args.owner}, on a terminal",
                     lambda: run_terminal([CSP, *tail]), floor="import sqlite3, on a terminal"),
            ]
        interleave(cases, args.runs)
        print()
        print(table(f"{label}: {actions:,} actions, {rows} rows printed, piped; "
                    f"fastest of {args.runs}", cases,
                    {cases[2].name: "<= 2.0" if label == "100x" else ""}))
        # The share of the floor that is the query itself.
        sql_extra = cases[1].fastest - cases[0].fastest
        csp_extra = cases[2].fastest - cases[0].fastest
        cpu = [min(c.cpu) * 1000 for c in cases[:3]]
        print(f"\nbeyond `import sqlite3`: the bare query {sql_extra * 1000:.1f} ms, "
              f"csp {csp_extra * 1000:.1f} ms (CPU: {cpu[1] - cpu[0]:.1f} and "
              f"{cpu[2] - cpu[0]:.1f} ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
