"""Enter, as a note taker feels it: from the Enter key's arrival to the line stored
in SQLite and painted in the item pane, for a 600-character entry; and the highest
rate of keys a second at which no key waits more than 50 ms to be painted.

Each figure comes from the real app in a process of its own (``_enter_app.py``: the
app's real factory on a real database, driven by Textual's pilot, every frame
rendered to escape sequences as on a terminal and timed by ``_paint_driver.py``), on
the demo meeting (1x) and on the 100x database (100,000 actions over 500 meetings,
and a 3,000-line meeting in progress, as bench_scale.py builds it). The processes of
the two databases take turns. Per Enter: the wall clock, and the app process's CPU
time over the same span (which a busy machine disturbs less).

    .venv/bin/python bench/bench_enter.py [--processes 2] [--rounds 5] [--rates 10,20,...]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _proc import ENV, PYTHON, compile_package, machine  # noqa: E402

CACHE = Path("/tmp/csp-bench-enter")
LIMIT_MS = 50.0


def demo_db(folder: Path) -> tuple[Path, int]:
    from csp_tui.services.demo import write_demo

    path = folder / "demo.db"
    return path, write_demo(path)


def big_db(rebuild: bool) -> tuple[Path, int]:
    """100,000 actions and a 3,000-line meeting (built once, then cached)."""
    path, stamp = CACHE / "enter-100x.db", CACHE / "enter-100x.meeting"
    if rebuild or not path.exists() or not stamp.exists():
        from bench_scale import type_meeting
        from make_big_db import build

        CACHE.mkdir(parents=True, exist_ok=True)
        print(f"building {path} (100,000 actions, a 3,000-line meeting) ...", flush=True)
        build(path, meetings=500, actions=100_000)
        mid, _took = type_meeting(path, 3000)
        stamp.write_text(str(mid))
    return path, int(stamp.read_text())


def app_process(args: list[str], db: Path, folder: Path) -> dict:
    """One ``_enter_app.py`` process on a copy of ``db`` (the bench's lines stay off
    the cached database)."""
    copy = folder / f"copy-{db.name}"
    for suffix in ("-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    shutil.copy(db, copy)
    env = dict(ENV, TEXTUAL_DRIVER="_paint_driver:PaintDriver",
               PYTHONPATH=os.pathsep.join(filter(None, [str(HERE), ENV.get("PYTHONPATH")])))
    done = subprocess.run([PYTHON, str(HERE / "_enter_app.py"), args[0], str(copy),
                           *args[1:]], env=env, capture_output=True, text=True, timeout=1800)
    if done.returncode != 0:
        raise SystemExit(f"_enter_app.py {args[0]} failed: {done.stderr[-1500:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def spread(values: list[float]) -> str:
    return (f"{min(values):.1f} | {statistics.median(values):.1f} | {max(values):.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=2, help="app processes a database")
    parser.add_argument("--rounds", type=int, default=5, help="timed Enters a process")
    parser.add_argument("--rates", default="10,20,30,40,60")
    parser.add_argument("--keys", type=int, default=100, help="keys at each rate")
    parser.add_argument("--tries", type=int, default=2, help="runs of each rate")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--skip-rate", action="store_true")
    args = parser.parse_args()
    compile_package()
    print(machine())
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        dbs = {"1x (demo)": demo_db(folder), "100x": big_db(args.rebuild)}
        # The 100x meeting stands on its last item, Date of Next Meeting, whose pane
        # lists the next meeting after its lines (and is shown afresh after each
        # Enter): the Enters go to item 2 (225 lines), as in a meeting's middle.
        first = {"1x (demo)": "", "100x": "/goto 2"}
        got: dict[str, dict[str, list]] = {
            k: {"ms": [], "cpu_ms": [], "stored": [], "in_view": []} for k in dbs}
        for n in range(args.processes):
            names = list(dbs)[n % 2:] + list(dbs)[:n % 2]
            for name in names:
                db, mid = dbs[name]
                r = app_process(["enter", str(mid), str(args.rounds), first[name]], db,
                                folder)
                got[name]["ms"] += r["ms"]
                got[name]["cpu_ms"] += r["cpu_ms"]
                got[name]["stored"].append(r["stored"])
                got[name]["in_view"] += r["in_view"]
        print(f"\n### Enter to stored and shown, a 600-character entry "
              f"({args.processes} processes x {args.rounds} Enters each)\n")
        print("| database | fastest ms | median | slowest | CPU fastest | CPU median | "
              "stored every time | to its words in view: fastest, median (how many) |")
        print("|---|---:|---:|---:|---:|---:|---|---|")
        for name, g in got.items():
            print(f"| {name} | {spread(g['ms'])} | {min(g['cpu_ms']):.1f} | "
                  f"{statistics.median(g['cpu_ms']):.1f} | "
                  f"{'yes' if all(g['stored']) else 'NO'} | "
                  + (f"{min(g['in_view']):.1f}, {statistics.median(g['in_view']):.1f} "
                     if g["in_view"] else "")
                  + f"({len(g['in_view'])} of {len(g['ms'])}) |")
        ratio = min(got["100x"]["ms"]) / min(got["1x (demo)"]["ms"])
        print(f"\n100x / demo, fastest: {ratio:.2f}; CPU: "
              f"{min(got['100x']['cpu_ms']) / min(got['1x (demo)']['cpu_ms']):.2f}")
        if args.skip_rate:
            return
        rates = [float(r) for r in args.rates.split(",")]
        for name, (db, mid) in dbs.items():
            best: dict[str, dict] = {}
            for _ in range(args.tries):
                r = app_process(["rate", str(mid), ",".join(map(str, rates)),
                                 str(args.keys)], db, folder)
                for rate, w in r.items():
                    if rate not in best or w["max"] < best[rate]["max"]:
                        best[rate] = w
            print(f"\n### Keys a second on {name}: each key's wait from when it was due to "
                  f"the frame that shows it ({args.keys} keys a rate; the best of "
                  f"{args.tries} runs by its slowest key)\n")
            print("| keys/s | slowest key ms | 95th percentile | median |")
            print("|---:|---:|---:|---:|")
            for rate in rates:
                w = best[str(rate)]
                print(f"| {rate:g} | {w['max']:.1f} | {w['p95']:.1f} | {w['median']:.1f} |")
            ok = [r for r in rates if best[str(r)]["max"] <= LIMIT_MS]
            print(f"\nhighest rate with no key over {LIMIT_MS:g} ms on {name}: "
                  + (f"{max(ok):g} keys/s" if ok else "none of the rates tried"))


if __name__ == "__main__":
    main()
