"""Benchmark (not a test): time from launch to the first painted frame of the meeting
screen, as a ratio to a minimal Textual app (a header, a list, a text area and a
footer) measured the same way in the same run.

Each measurement is a whole fresh process, started the way a user starts it: ``csp
--db demo.db`` through the real command line, and ``python _minimal_app.py``. The clock
runs from just before the process is started until the frame that shows the whole
screen has been written to the terminal. Textual's ``TEXTUAL_DRIVER`` setting swaps in
the driver of ``_first_frame.py``, which takes the frames as a terminal would and ends
the process once the screen's marker texts (the last agenda item, the clock bar, the
footer) have all been written; neither app knows it is being measured.

    .venv/bin/python bench/bench_startup.py [--rounds 20] [--instructions]

Target: csp / minimal <= 1.2.

On a shared machine wall-clock times wander by a third from one minute to the next,
so the ratio is taken from the fastest run of each. ``--instructions`` adds a figure
that does not wander at all: the CPU instructions each process executes up to the
frame, counted by valgrind's callgrind (needs valgrind; about 30 s a process).
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _proc import ENV, child_cpu, child_cpu_reset, machine  # noqa: E402

#: Text each app's first complete frame shows; the frame counts once all are written.
MARKERS = {
    "minimal": "Item 14|palette",
    "minimal+storage": "Item 14|palette",
    "csp": "Date of Next Meeting|projected|Undo|palette",
}


#: CPU seconds (user + system) of each measured process, by kind.
CPU: dict[str, list[float]] = {kind: [] for kind in MARKERS}


def command(kind: str, db: Path) -> list[str]:
    if kind == "csp":
        # The `csp` console script itself, as a user starts it.
        return [str(Path(sys.executable).with_name("csp")), "--db", str(db)]
    return [sys.executable, str(HERE / "_minimal_app.py")] + (
        ["storage"] if kind == "minimal+storage" else [])


def _env(kind: str) -> dict[str, str]:
    # A user's environment (no PYTHONUNBUFFERED, bytecode cached): see _proc.py.
    return dict(ENV, TEXTUAL_DRIVER="_first_frame:FirstFrameDriver",
               PYTHONPATH=os.pathsep.join(filter(None, [str(HERE), os.environ.get("PYTHONPATH")])),
               BENCH_MARKERS=MARKERS[kind], COLUMNS="120", LINES="40")


def measure(kind: str, db: Path) -> float:
    start = time.time()
    done = subprocess.run(command(kind, db), env=_env(kind), capture_output=True,
                          text=True, timeout=60)
    painted = [line for line in done.stderr.splitlines() if line.startswith("PAINTED")]
    if not painted:
        raise SystemExit(f"{kind}: no complete frame was written\n{done.stderr[-2000:]}")
    CPU[kind].append(child_cpu(None))  # the process's CPU time up to that frame
    return float(painted[0].split()[1]) - start


def instructions(kind: str, db: Path) -> int:
    """CPU instructions executed up to the complete first frame (valgrind callgrind)."""
    done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                           *command(kind, db)], env=_env(kind), capture_output=True,
                          text=True, timeout=600)
    if "PAINTED" not in done.stderr:
        raise SystemExit(f"{kind}: no complete frame under valgrind\n{done.stderr[-2000:]}")
    counted = [line for line in done.stderr.splitlines() if "Collected :" in line]
    return int(counted[-1].split(":")[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--instructions", action="store_true",
                        help="also count instructions with valgrind (slow, exact)")
    args = parser.parse_args()
    from csp_tui.services.demo import write_demo

    # The project's own modules must be byte-compiled, as `pip install` leaves them and
    # as any second run finds them; otherwise (PYTHONDONTWRITEBYTECODE, a fresh clone)
    # every run would pay to compile csp_tui from source and the minimal app would not.
    compileall.compile_dir(HERE.parent / "csp_tui", quiet=1)
    kinds = ("minimal", "minimal+storage", "csp")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.db"
        write_demo(db)
        for kind in kinds:
            measure(kind, db)  # warm the OS file cache
        times: dict[str, list[float]] = {kind: [] for kind in kinds}
        child_cpu_reset()
        for kind in kinds:
            CPU[kind].clear()
        for n in range(args.rounds):
            # Each round runs the three back to back, in a rotating order, so a slow
            # spell on a shared machine hits all three of a round.
            for kind in kinds[n % 3:] + kinds[:n % 3]:
                times[kind].append(measure(kind, db))
        counts = {kind: instructions(kind, db) for kind in kinds} if args.instructions else {}

    def ratios(kind: str) -> tuple[float, float]:
        per_round = statistics.median(
            k / m for k, m in zip(times[kind], times["minimal"], strict=True))
        return min(times[kind]) / min(times["minimal"]), per_round

    fast = {kind: min(t) * 1000 for kind, t in times.items()}
    med = {kind: statistics.median(t) * 1000 for kind, t in times.items()}
    print(f"launch to first complete frame, {args.rounds} rounds of fresh processes, "
          "120x40")
    print(machine())
    print(f"{'':42} {'fastest':>8} {'median':>8} {'slowest':>8} {'ratio':>6} "
          f"{'median ratio':>13}")
    for kind, label in (("minimal", "minimal textual app"),
                        ("minimal+storage", "minimal + csp models and storage imports"),
                        ("csp", "csp --db demo.db (meeting screen)")):
        best, per_round = ratios(kind)
        print(f"{label:42} {fast[kind]:6.0f}ms {med[kind]:6.0f}ms "
              f"{max(times[kind]) * 1000:6.0f}ms {best:6.2f} "
              f"{per_round:13.2f}")
    for kind in kinds:
        print(f"CPU time to the frame, {kind:16} fastest {min(CPU[kind]) * 1000:6.0f}ms  "
              f"median {statistics.median(CPU[kind]) * 1000:6.0f}ms  ratio "
              f"{min(CPU[kind]) / min(CPU['minimal']):.2f}")
    print("ratio = fastest csp / fastest minimal (timeit's advice: the fastest run is the "
          "one least disturbed by the rest of the machine); target <= 1.2")
    for kind, count in counts.items():
        print(f"instructions to the frame, {kind:16} {count / 1e9:6.3f} G  "
              f"ratio {count / counts['minimal']:.2f}")


if __name__ == "__main__":
    main()
