"""How long do ``csp actions remind --ics`` (a reminder draft and a calendar for every
owner) take on the 100,000-action database, next to ``csp actions --all --format csv``
(every action as CSV) on the same file, timed in the same run?

Both are whole processes, run in turn (paired, interleaved: a burst of load on a
shared machine slows both alike), the median of N runs each. The database is
``make_big_db.py``'s (500 meetings, 100,000 actions, 5 boards) with an address for every
roster person and a note taker at each meeting, copied to its own file. The reminders
go to the same folder each run, as a note taker's would: from the second run on, the
calendars are read back to find what to cancel. Target: a ratio of at most 3.

    .venv/bin/python bench/bench_chasing.py [--runs 11] [--rebuild]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DB = Path("/tmp/csp-bench-chasing.db")
TARGET = 3.0
#: As bench_actions.py: compiled bytecode, cached outside the work tree.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV["PYTHONPYCACHEPREFIX"] = "/tmp/csp-bench-pycache"


def prepare(path: Path) -> None:
    """The big database with addresses and note takers."""
    sys.path.insert(0, str(HERE))
    from make_big_db import build

    build(path)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE people SET email = lower(replace(name, ' ', '.')) || '.' || id "
                     "|| '@council.example'")
        conn.execute("UPDATE meetings SET note_taker = (SELECT name FROM people p WHERE "
                     "p.board_id = meetings.board_id ORDER BY id LIMIT 1)")
    conn.close()


def run(cmd: list[str]) -> tuple[float, bytes]:
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, check=False, env=ENV)
    took = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.decode().strip()}")
    return took, proc.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--rebuild", action="store_true", help="regenerate the database")
    args = parser.parse_args()
    if args.rebuild or not args.db.exists():
        print(f"building {args.db} (500 meetings, 100,000 actions) ...", flush=True)
        prepare(args.db)

    csp = str(Path(sys.executable).with_name("csp"))
    out = Path(tempfile.mkdtemp(prefix="csp-bench-reminders-"))
    cases = {
        "csp actions --all --format csv": [csp, "actions", "--db", str(args.db), "--all",
                                           "--format", "csv"],
        "csp actions remind --ics": [csp, "actions", "remind", "--db", str(args.db),
                                     "--out", str(out), "--ics"],
    }
    floor = next(iter(cases))
    try:
        for cmd in cases.values():
            run(cmd)  # warm the page cache, the bytecode cache and the folder
        times: dict[str, list[float]] = {name: [] for name in cases}
        said: dict[str, str] = {}
        for _ in range(args.runs):
            for name, cmd in cases.items():
                took, stdout = run(cmd)
                times[name].append(took * 1000)
                said[name] = stdout.decode().strip().splitlines()[-1][:70]
        files = sum(1 for _ in out.iterdir())
    finally:
        shutil.rmtree(out, ignore_errors=True)

    print(f"\nmedian of {args.runs} runs (paired, interleaved); {args.db} "
          f"({args.db.stat().st_size >> 20} MB); Python {sys.version.split()[0]}; "
          f"{os.cpu_count()} CPUs; {files} files written\n")
    print(f"{'command':<32} {'median ms':>9} {'min ms':>7} {'ratio':>6}  last line")
    base = statistics.median(times[floor])
    ratio = 0.0
    for name in cases:
        ms = statistics.median(times[name])
        ratio = ms / base
        print(f"{name:<32} {ms:>9.1f} {min(times[name]):>7.1f} {ratio:>6.2f}  {said[name]}")
    ok = ratio <= TARGET
    print(f"\nratio {ratio:.2f} (target <= {TARGET:g}): {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
