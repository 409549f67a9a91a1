"""Benchmark (not a test): time from launch to the first painted frame of the meeting
screen, as a ratio to a minimal Textual app (Header, Footer, a ListView and a TextArea)
measured the same way in the same run.

Each measurement is a whole fresh process (interpreter start and imports included):
the parent notes the time, starts ``python bench_startup.py --child KIND DB``, and the
child runs the app headless, prints the wall-clock time once the first screen has been
composed, laid out and painted (the first idle after mount), and exits.

    .venv/bin/python bench/bench_startup.py [--rounds 10]

Target: csp / minimal <= 1.3.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def child(kind: str, db: str) -> None:
    """Run one app headless; print the time its first frame was painted."""
    if kind.startswith("minimal"):
        if kind == "minimal+storage":
            # The same minimal app, plus the imports every csp process pays for
            # (pydantic models, sqlite-utils): what is left is the screen itself.
            import csp_tui.models  # noqa: F401
            import csp_tui.storage  # noqa: F401
        from textual.app import App
        from textual.widgets import Footer, Header, ListItem, ListView, Static, TextArea

        class Minimal(App[None]):
            def compose(self):
                yield Header()
                yield ListView(*[ListItem(Static(f"Item {n}")) for n in range(15)])
                yield TextArea("minutes")
                yield Footer()

        app: object = Minimal()
        ready = lambda a: True  # noqa: E731
    else:
        from csp_tui.app import CspApp
        from csp_tui.storage import Repository

        app = CspApp(Repository.open(db))

        def ready(a) -> bool:
            return type(a.screen).__name__ == "MeetingScreen"

    async def auto_pilot(pilot) -> None:
        while not ready(pilot.app):
            await pilot.pause(0.001)
        await pilot.pause()  # the screen's first refresh has been painted
        print(f"PAINTED {time.time():.6f}", flush=True)
        pilot.app.exit()

    app.run(headless=True, size=(120, 40), auto_pilot=auto_pilot)  # type: ignore[attr-defined]


def measure(kind: str, db: Path) -> float:
    start = time.time()
    out = subprocess.run([sys.executable, __file__, "--child", kind, str(db)],
                         capture_output=True, text=True, check=True).stdout
    painted = float(next(line for line in out.splitlines() if line.startswith("PAINTED"))
                    .split()[1])
    return painted - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--child", nargs=2, metavar=("KIND", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    from csp_tui.demo import write_demo

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.db"
        write_demo(db)
        measure("minimal", db), measure("csp", db)  # warm the OS file cache
        csp, minimal, storage = [], [], []
        for _ in range(args.rounds):
            minimal.append(measure("minimal", db))
            storage.append(measure("minimal+storage", db))
            csp.append(measure("csp", db))
    m_csp, m_min = statistics.median(csp), statistics.median(minimal)
    m_sto = statistics.median(storage)
    print(f"launch to first painted frame, median of {args.rounds} fresh processes")
    print(f"minimal textual app : {m_min * 1000:6.0f} ms")
    print(f"minimal + csp models and storage imports: {m_sto * 1000:6.0f} ms "
          f"(ratio {m_sto / m_min:.2f})")
    print(f"csp meeting screen  : {m_csp * 1000:6.0f} ms  (demo meeting, 15 items)")
    print(f"ratio csp/minimal   : {m_csp / m_min:.2f}  (target <= 1.3)")


if __name__ == "__main__":
    main()
