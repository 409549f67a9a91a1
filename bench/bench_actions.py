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


def median_ms(runner, cmd: list[str], runs: int) -> tuple[float, int]:  # noqa: ANN001
    runner(cmd)  # warm the page cache and the .pyc files
    times, lines = [], 0
    for _ in range(runs):
        took, lines = runner(cmd)
        times.append(took)
    return statistics.median(times) * 1000, lines


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
    baseline_cmd = [python, "-c", "import sqlite3"]
    commands = {
        "csp actions (console script)": [csp, *tail],
        "python -m csp_tui actions": [python, "-m", "csp_tui", *tail],
    }
    results = []
    base_pipe, _ = median_ms(run_piped, baseline_cmd, args.runs)
    base_tty, _ = median_ms(run_terminal, baseline_cmd, args.runs)
    results.append(("python -c 'import sqlite3'", "piped", base_pipe, 1.0, 0, None))
    results.append(("python -c 'import sqlite3'", "terminal", base_tty, 1.0, 0, None))
    for name, cmd in commands.items():
        for where, runner, base in (("piped", run_piped, base_pipe),
                                    ("terminal", run_terminal, base_tty)):
            ms, lines = median_ms(runner, cmd, args.runs)
            results.append((name, where, ms, ms / base, lines, TARGETS[where]))

    print(f"\nmedian of {args.runs} runs; {args.db} ({args.db.stat().st_size >> 20} MB); "
          f"--owner {args.owner}; Python {sys.version.split()[0]}\n")
    print(f"{'command':<30} {'output':<9} {'median ms':>9} {'ratio':>6} {'target':>6} "
          f"{'lines':>6}")
    missed = False
    for name, where, ms, ratio, lines, target in results:
        verdict = ""
        if target is not None:
            ok = ratio <= target
            missed |= not ok
            verdict = f"<={target:g}" + ("" if ok else " MISSED")
        print(f"{name:<30} {where:<9} {ms:>9.1f} {ratio:>6.2f} {verdict:>6} "
              f"{lines if target else '':>6}")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
