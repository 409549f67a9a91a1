"""How fast is ``csp actions --owner X``, as a whole process, next to ``python -c
"import sqlite3"`` timed in the same run?

Builds (or reuses) the 500-meeting / 100,000-action database of ``make_big_db.py`` in
/tmp, then times the median of N runs of each command, with its output piped and on a
terminal (a pseudo-terminal of 120 columns, so that the colour table is drawn).
Targets: a ratio of at most 3 piped and 6 on a terminal.

    .venv/bin/python bench/bench_actions.py [--runs 21] [--owner jade] [--rebuild]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import statistics
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_DB = Path("/tmp/csp-bench.db")
TARGETS = {"piped": 3.0, "terminal": 6.0}
#: Every command runs with compiled bytecode, as an installed csp does (pip compiles
#: on install): the cache goes to /tmp so that the work tree is not touched, and a
#: PYTHONDONTWRITEBYTECODE in the caller's environment does not make each run
#: recompile every module.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV["PYTHONPYCACHEPREFIX"] = "/tmp/csp-bench-pycache"


def run_piped(cmd: list[str]) -> tuple[float, int]:
    """Seconds for the whole process with stdout to a pipe (read to the end)."""
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, check=False, env=ENV)
    took = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.decode().strip()}")
    return took, proc.stdout.count(b"\n")


def run_terminal(cmd: list[str]) -> tuple[float, int]:
    """Seconds for the whole process with stdout and stderr on a pseudo-terminal."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    env = {**ENV, "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    env.pop("COLUMNS", None)
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, env=env,
                            close_fds=True)
    os.close(slave)
    out = bytearray()
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    code = proc.wait()
    took = time.perf_counter() - started
    os.close(master)
    if code != 0:
        raise SystemExit(f"{' '.join(cmd)} failed on a terminal: {out.decode()[-300:]}")
    return took, out.count(b"\n")


def measure(cases: list[tuple[str, str, list[str]]], runs: int) -> dict[tuple[str, str], list]:
    """Time every case ``runs`` times, round-robin: a burst of load on a shared machine
    then slows every command alike instead of one of them."""
    runners = {"piped": run_piped, "terminal": run_terminal}
    for _name, where, cmd in cases:
        runners[where](cmd)  # warm the page cache and the bytecode cache
    times: dict[tuple[str, str], list] = {(n, w): [] for n, w, _ in cases}
    lines: dict[tuple[str, str], int] = {}
    for _ in range(runs):
        for name, where, cmd in cases:
            took, count = runners[where](cmd)
            times[(name, where)].append(took * 1000)
            lines[(name, where)] = count
    return {k: [statistics.median(v), min(v), lines[k]] for k, v in times.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--owner", default="jade")
    parser.add_argument("--rebuild", action="store_true", help="regenerate the database")
    args = parser.parse_args()

    if args.rebuild or not args.db.exists():
        sys.path.insert(0, str(HERE))
        from make_big_db import build

        print(f"building {args.db} (500 meetings, 100,000 actions) ...", flush=True)
        build(args.db)

    python = sys.executable
    csp = str(Path(python).with_name("csp"))
    tail = ["actions", "--db", str(args.db), "--owner", args.owner]
    base = "python -c 'import sqlite3'"
    commands = {
        base: [python, "-c", "import sqlite3"],
        "csp actions (console script)": [csp, *tail],
        "python -m csp_tui actions": [python, "-m", "csp_tui", *tail],
    }
    cases = [(name, where, cmd) for where in ("piped", "terminal")
             for name, cmd in commands.items()]
    results = measure(cases, args.runs)

    print(f"\nmedian of {args.runs} runs (round-robin); {args.db} "
          f"({args.db.stat().st_size >> 20} MB); --owner {args.owner}; "
          f"Python {sys.version.split()[0]}; {os.cpu_count()} CPUs\n")
    print(f"{'command':<30} {'output':<9} {'median ms':>9} {'min ms':>7} {'ratio':>6} "
          f"{'target':>6} {'min ratio':>9} {'lines':>6}")
    missed = False
    for name, where, _cmd in cases:
        ms, best, lines = results[(name, where)]
        ratio = ms / results[(base, where)][0]
        best_ratio = best / results[(base, where)][1]
        verdict = ""
        if name != base:
            target = TARGETS[where]
            ok = ratio <= target
            missed |= not ok
            verdict = f"<={target:g}" + ("" if ok else " MISSED")
        print(f"{name:<30} {where:<9} {ms:>9.1f} {best:>7.1f} {ratio:>6.2f} {verdict:>6} "
              f"{best_ratio:>9.2f} {lines if name != base else '':>6}")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
