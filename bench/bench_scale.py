"""Benchmark (not a test): does every path stay fast as ten years of boards pile up?

Builds 1x / 10x / 100x databases (1,000 / 10,000 / 100,000 actions over 5 / 50 / 500
meetings) with ``make_big_db.py``, then types a 3-hour meeting of ``--lines`` lines
(3,000 by default: paragraphs, an action every tenth line, ``/next`` now and then)
into each through the capture line's own code (``capture.handlers.run``), and times
each path against its baseline measured in the same run, as the ratios of the
targets table in the README. The databases are cached in /tmp (``--rebuild`` makes
them again).

    .venv/bin/python bench/bench_scale.py [--lines 3000] [--rounds 15] [--rebuild]
        [--cache DIR] [--skip-startup] [--instructions] [--app-only]

In-process figures (the app's, the export's) are CPU time of this process; start-up,
``csp import`` and ``csp actions`` are whole processes. Each pair being compared takes
turns, run by run, so a slow spell of a shared machine falls on both.

It also times going to an item that lists 20,000 carried actions (a database made
for it, in the run's temporary folder) against going to a 10-line item.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import gc
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stdout
from pathlib import Path
from typing import TYPE_CHECKING

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from make_big_db import build  # noqa: E402

from csp_tui.capture.handlers import run as capture_line  # noqa: E402
from csp_tui.domain.models import Meeting  # noqa: E402
from csp_tui.storage.repository import Repository  # noqa: E402

if TYPE_CHECKING:
    from csp_tui.app import CspApp

SCALES = {"1x": (5, 1_000), "10x": (50, 10_000), "100x": (500, 100_000)}
#: The clock of the in-process figures: this process's CPU time. On a shared machine
#: wall-clock time also counts whatever else ran meanwhile (it wandered by a fifth from
#: one run to the next); the app's idle waits for the next event are not work either.
cpu = time.process_time
#: And of many runs, the fastest, as timeit advises: the one least disturbed by the rest
#: of the machine (a CPU shared with other work slows even CPU time, through caches).
best = min
CACHE = Path("/tmp")
DAY = dt.date(2026, 1, 14)


class Clock:
    """The meeting's clock: 3.6 s a line, so 3,000 lines take three hours."""

    def __init__(self) -> None:
        self.now = dt.datetime.combine(DAY, dt.time(10), dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


def meeting_lines(n: int) -> list[str]:
    """What a note taker types in a meeting of ``n`` lines."""
    out = ["/next"]
    for k in range(1, n):
        if k % 250 == 0:
            out.append("/next")
        elif k % 10 == 0:
            out.append(f"/a Jade Hodgson to report back on point {k} by 2026-03-01")
        else:
            out.append(f"The board noted point {k} of the update and asked for the "
                       "figures by ward before the next meeting.")
    return out


def type_meeting(path: Path, lines: int) -> tuple[int, float]:
    """Type a meeting of ``lines`` lines into the database at ``path``; its id and
    the seconds it took."""
    clock = Clock()
    with Repository.open(path, clock=clock) as repo:
        mid = new_meeting(repo)
        started = time.perf_counter()
        for line in meeting_lines(lines):
            capture_line(repo, mid, line, today=DAY)
            clock.now += dt.timedelta(seconds=10_800 / lines)
        return mid, time.perf_counter() - started


def databases(lines: int, rebuild: bool) -> dict[str, tuple[Path, int]]:
    """Each scale's database with the typed meeting in it (built once, then cached)."""
    out = {}
    for name, (meetings, actions) in SCALES.items():
        path = CACHE / f"csp-scale-{name}-{lines}.db"
        stamp = Path(f"{path}.meeting")
        if rebuild or not stamp.exists() or not path.exists():
            print(f"building {path} ({actions:,} actions, a {lines:,}-line meeting) ...",
                  flush=True)
            build(path, meetings=meetings, actions=actions)
            mid, took = type_meeting(path, lines)
            print(f"  typed in {took:.1f} s", flush=True)
            stamp.write_text(str(mid))
        out[name] = (path, int(stamp.read_text()))
    return out


# ---------------------------------------------------------------------- the app


@contextmanager
def app_on_copy(path: Path, meeting_id: int) -> Iterator[CspApp]:
    """The real app on a copy of ``path`` (the bench's changes stay off the cached
    database), no cursor blink, no autosave; the copy's repository closed after."""
    from csp_tui.app import CspApp

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "copy.db"
        shutil.copy(path, copy)
        with contextlib.closing(Repository.open(copy)) as repo:
            app = CspApp(repo, meeting_id)
            app.settings.cursor_blink = False
            app.settings.autosave = False
            yield app


async def app_costs(path: Path, meeting_id: int, rounds: int) -> dict[str, list[float]]:
    """CPU ms of each Enter, /undo, /next and one key in the real app on a copy."""
    from csp_tui.widgets.capture import CaptureLine

    with app_on_copy(path, meeting_id) as app:
        times: dict[str, list[float]] = {"Enter": [], "/undo": [], "/next": [],
                                         "key": [], "run_line": []}
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            line = app.screen.query_one(CaptureLine)

            async def enter(text: str, what: str | None) -> None:
                line.value = text
                line.cursor_position = len(text)
                start = cpu()
                await pilot.press("enter")
                await pilot.pause()
                if what:
                    times[what].append((cpu() - start) * 1000)

            for k in range(rounds + 2):
                keep = k >= 2  # two rounds to warm up
                await enter("The board noted the report.", "Enter" if keep else None)
                await enter("/undo", "/undo" if keep else None)
                await enter("/next", "/next" if keep else None)
                await enter("/undo", None)
                line.value = ""
                for key in "xyz":  # three keys a round: a key is the shortest figure
                    start = cpu()
                    await pilot.press(key)
                    await pilot.pause()
                    if keep:
                        times["key"].append((cpu() - start) * 1000)
                line.value = ""
                # The screen's own work of an Enter (no drawing): carried out and
                # shown, the capture line left alone.
                start = cpu()
                app.screen.run_line("The board noted the report.")
                if keep:
                    times["run_line"].append((cpu() - start) * 1000)
                await pilot.pause()
                await enter("/undo", None)
    return times


def carried_db(path: Path, carried: int) -> tuple[int, int, int]:
    """A database whose newest meeting carries ``carried`` open actions of the board's
    earlier meeting (written in one statement: the repository's one-by-one path would
    take minutes), and has an item of 10 lines. Returns (meeting id, id of its Minutes
    and Action Log item, id of the 10-line item)."""
    from csp_tui.domain.models import Entry, EntryKind, Person

    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    with Repository.open(path, clock=Clock()) as repo:
        earlier = repo.meetings.create_meeting(Meeting(
            date=DAY - dt.timedelta(days=42), start=dt.time(10), end=dt.time(13),
            venue="MS Teams", board_name="Community Safety Partnership"))
        assert earlier.id is not None and earlier.board_id is not None
        jade = repo.people.add_person(Person(board_id=earlier.board_id, name="Jade Hodgson"))
        log = repo.meetings.items(earlier.id)[2].id
        with repo.transaction("carried actions"):
            repo.conn.executemany(
                "INSERT INTO actions (meeting_id, item_id, position, owner, task, due, "
                "status, created) VALUES (?, ?, ?, 'Jade Hodgson', ?, '2026-03-01', "
                "'open', '2025-12-03T11:00:00+00:00')",
                [(earlier.id, log, k, f"report back on point {k} of the update and the "
                  "figures by ward") for k in range(carried)])
            repo.conn.execute(
                "INSERT INTO action_owners (action_id, person_id) "
                "SELECT id, ? FROM actions WHERE meeting_id = ?", (jade.id, earlier.id))
        mid = new_meeting(repo)
        items = repo.meetings.items(mid)
        small = items[4].id  # Any Other Business
        assert small is not None and items[2].id is not None
        for k in range(10):
            repo.minutes.add_entry(Entry(item_id=small, kind=EntryKind.PARAGRAPH,
                                         text=f"The board noted point {k} of the update."))
        return mid, items[2].id, small


def new_meeting(repo: Repository) -> int:
    """An empty meeting on the standard agenda on :data:`DAY`; its id."""
    mid = repo.meetings.create_meeting(Meeting(
        date=DAY, start=dt.time(10), end=dt.time(13), venue="MS Teams",
        board_name="Community Safety Partnership")).id
    assert mid is not None
    return mid


async def open_item_costs(path: Path, meeting_id: int, big: int, small: int,
                          rounds: int) -> tuple[float, float]:
    """Fastest CPU ms from going to an item (the agenda's Enter) to idle, for the item
    ``big`` and the item ``small`` in turn, in the real app."""
    with app_on_copy(path, meeting_id) as app:
        times: dict[int, list[float]] = {big: [], small: []}
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            screen = app.screen
            for k in range(rounds + 1):
                for item in (big, small):
                    start = cpu()
                    screen.go_to(item)  # type: ignore[attr-defined]
                    await pilot.pause()
                    if k:  # the first round warms up
                        times[item].append((cpu() - start) * 1000)
    return best(times[big]), best(times[small])


def startups(paths: list[Path], runs: int = 9,
             instructions: bool = False) -> list[tuple[float, int | None]]:
    """For each database: the fastest launch to first complete frame of ``csp --db
    path`` in ms (bench_startup's measure; the databases take turns, run by run), and
    with ``instructions`` the CPU instructions to that frame (valgrind, exact)."""
    import bench_startup
    from bench_startup import MARKERS, measure

    # The clock bar says "projected" on the demo (today's meeting) and "no projection"
    # on the bench's meeting once its day has passed: wait for either.
    MARKERS["csp"] = MARKERS["csp"].replace("projected", "project")

    def clean(path: Path) -> Path:
        # The driver ends each measured process at its first frame, without closing
        # the database: an unclean shutdown, after which the next open rightly checks
        # the whole file. A user's start follows a clean close: clear its marker.
        for marker in path.parent.glob(f"{path.name}-open.*"):
            marker.unlink()
        return path

    for path in paths:
        measure("csp", clean(path))  # warm the file cache
    times: list[list[float]] = [[] for _ in paths]
    for _ in range(runs):
        for k, path in enumerate(paths):
            times[k].append(measure("csp", clean(path)) * 1000)
    counts = [bench_startup.instructions("csp", clean(p)) if instructions else None
              for p in paths]
    return [(min(t), n) for t, n in zip(times, counts, strict=True)]


# ---------------------------------------------------------------------- command line


def import_time(backup: Path, into: Path | None) -> float:
    """Seconds for ``csp import backup`` into a copy of ``into`` (None: an empty one),
    as a whole process (the console script, a user's environment: see _proc.py)."""
    from _proc import CSP, run

    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "t.db"
        if into is not None:
            shutil.copy(into, target)
        else:
            Repository.open(target).close()  # an empty database, schema made
        took, _cpu = run([CSP, "import", str(backup), "--db", str(target)])
    return took


_PLAIN = """
import csv, json, sqlite3, sys
conn = sqlite3.connect("file:{db}?mode=ro", uri=True)
cur = conn.execute({sql!r}, {args!r})
names = [c[0] for c in cur.description]
out = sys.stdout
if {fmt!r} == "csv":
    w = csv.writer(out, lineterminator="\\n")
    w.writerow(names)
    for row in cur:
        w.writerow(row)
else:
    out.write("[")
    sep = "\\n"
    for row in cur:
        out.write(sep + json.dumps(dict(zip(names, row))))
        sep = ",\\n"
    out.write("\\n]\\n")
"""


def run_process(cmd: list[str]) -> tuple[float, float]:
    """Seconds and peak RSS (MiB) of a whole process, its output read and dropped.

    The peak is taken by GNU time when there is one: a child forked from this (big)
    process would otherwise count this process's memory as its own."""
    gnu_time = shutil.which("time") or ("/usr/bin/time" if Path("/usr/bin/time").exists()
                                        else None)
    with tempfile.NamedTemporaryFile("r") as report:
        wrapped = [gnu_time, "-f", "%M", "-o", report.name, *cmd] if gnu_time else cmd
        start = time.perf_counter()
        proc = subprocess.Popen(wrapped, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        assert proc.stdout is not None
        while proc.stdout.read(1 << 16):
            pass
        _pid, status, usage = os.wait4(proc.pid, 0)
        took = time.perf_counter() - start
        assert os.waitstatus_to_exitcode(status) == 0, cmd
        proc.returncode = 0
        text = report.read().strip()
    peak_kib = int(text.splitlines()[-1]) if gnu_time and text else usage.ru_maxrss
    return took, peak_kib / 1024


def actions_all(path: Path, fmt: str, runs: int) -> tuple[float, float, float, float]:
    """``csp actions --all --format fmt`` and plain Python doing the same query and
    encoding, taking turns: (csp s, plain s, csp MiB, plain MiB), the fastest of
    ``runs`` and the highest peak."""
    from csp_tui.storage.action_query import ActionRows, Filters
    from csp_tui.storage.connection import open_readonly

    conn = open_readonly(path)
    rows = ActionRows(conn, Filters(include_closed=True))
    sql, args = rows.sql, rows.args
    conn.close()
    csp = [sys.executable, "-m", "csp_tui", "actions", "--all", "--format", fmt,
           "--db", str(path)]
    plain = [sys.executable, "-c", _PLAIN.format(db=path, sql=sql, args=args, fmt=fmt)]
    got: dict[str, list[tuple[float, float]]] = {"csp": [], "plain": []}
    for _ in range(runs):
        got["csp"].append(run_process(csp))
        got["plain"].append(run_process(plain))
    med = {k: (best(t for t, _ in v), max(m for _, m in v)) for k, v in got.items()}
    return med["csp"][0], med["plain"][0], med["csp"][1], med["plain"][1]


def export_times(meetings: list[tuple[Path, int]], runs: int,
                 action_log: bool = False) -> list[float]:
    """Fastest CPU seconds of the in-process export (full, Word) of each meeting, with
    its action log table (``--action-log``) or without; the meetings take turns, run
    by run, so a slow spell of the machine falls on all of them."""
    from csp_tui.exporters.export import export_meeting

    times: list[list[float]] = [[] for _ in meetings]
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        repos = [stack.enter_context(Repository.open(path)) for path, _ in meetings]
        for run in range(runs + 1):
            for k, (repo, (_, meeting_id)) in enumerate(zip(repos, meetings, strict=True)):
                start = cpu()
                export_meeting(repo, meeting_id, out=Path(tmp) / "m.docx", full=True,
                               name_check=False, action_log=action_log)
                if run:  # the first run warms up
                    times[k].append(cpu() - start)
    return [best(t) for t in times]


def size_ratio(lines: int) -> tuple[int, int]:
    """Bytes of a database holding one typed meeting (closed, so its journal is
    compacted) and of its entries and actions alone, both vacuumed."""
    from csp_tui.domain.models import MeetingState

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "one.db"
        mid, _ = type_meeting(path, lines)
        with Repository.open(path) as repo:
            repo.meetings.set_state(mid, MeetingState.CLOSED)
            repo.conn.execute(f"VACUUM INTO '{tmp}/whole.db'")
            alone = Path(tmp) / "alone.db"
            repo.conn.execute(f"ATTACH '{alone}' AS alone")
            for table in ("entries", "actions"):
                repo.conn.execute(f"CREATE TABLE alone.{table} AS SELECT * FROM {table}")
            repo.conn.execute("DETACH alone")
        vac = Path(tmp) / "alone-v.db"
        import sqlite3

        c = sqlite3.connect(alone)
        c.execute(f"VACUUM INTO '{vac}'")
        c.close()
        return (Path(tmp) / "whole.db").stat().st_size, vac.stat().st_size


# ---------------------------------------------------------------------- report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--skip-startup", action="store_true")
    parser.add_argument("--instructions", action="store_true",
                        help="also count start-up's CPU instructions (needs valgrind)")
    parser.add_argument("--app-only", action="store_true",
                        help="only the app's rows (Enter, /undo, /next, one key)")
    parser.add_argument("--cache", type=Path, default=CACHE,
                        help="folder of the cached databases (default /tmp)")
    args = parser.parse_args()
    globals()["CACHE"] = args.cache
    dbs = databases(args.lines, args.rebuild)
    rows: list[tuple[str, str, str, float, float | None]] = []

    def row(path: str, figures: str, ratio: float, target: float | None) -> None:
        rows.append((path, figures, f"{ratio:.2f}", ratio, target))
        print(f"{path:58} {figures:34} {ratio:6.2f}"
              + (f"  <= {target:g}" + ("" if ratio <= target else "  MISSED")
                 if target else ""), flush=True)

    from csp_tui.services.demo import write_demo

    with tempfile.TemporaryDirectory() as tmp:
        demo = Path(tmp) / "demo.db"
        demo_id = write_demo(demo)
        big, big_id = dbs["100x"]
        print(f"\n{args.lines:,}-line meeting; 100x = {big.stat().st_size >> 20} MB; "
              f"Python {sys.version.split()[0]}; {os.cpu_count()} CPUs\n")

        if not args.skip_startup:
            (s_big, n_big), (s_demo, n_demo) = startups([big, demo],
                                                        instructions=args.instructions)
            row("start-up to first frame, 100x database / demo",
                f"{s_big:.0f} / {s_demo:.0f} ms", s_big / s_demo, 1.10)
            if n_big and n_demo:
                row("  the same in CPU instructions (valgrind)",
                    f"{n_big / 1e9:.3f} / {n_demo / 1e9:.3f} G", n_big / n_demo, 1.10)

        gc.collect()
        # Two sessions each, in turn, so a slow spell of the machine falls on both.
        runs: dict[str, dict[str, list[float]]] = {"demo": {}, "big": {}}
        for _ in range(2):
            for name, (path, mid) in (("demo", (demo, demo_id)), ("big", (big, big_id))):
                for what, t in asyncio.run(app_costs(path, mid, args.rounds)).items():
                    runs[name].setdefault(what, []).extend(t)
        on_demo, on_big = ({k: best(v) for k, v in runs[name].items()}
                           for name in ("demo", "big"))
        for what in ("Enter", "/undo", "/next"):
            row(f"{what}, {args.lines:,}-line meeting in 100x / demo",
                f"{on_big[what]:.1f} / {on_demo[what]:.1f} ms",
                on_big[what] / on_demo[what], 1.3)
        row("one key, the same / demo", f"{on_big['key']:.1f} / {on_demo['key']:.1f} ms",
            on_big["key"] / on_demo["key"], 1.15)
        row("  the same Enter, the screen's own work (run_line)",
            f"{on_big['run_line']:.1f} / {on_demo['run_line']:.1f} ms",
            on_big["run_line"] / on_demo["run_line"], None)
        if args.app_only:
            return 0

        carried = Path(tmp) / "carried.db"
        c_mid, c_log, c_small = carried_db(carried, 20_000)
        t_log, t_small = asyncio.run(open_item_costs(carried, c_mid, c_log, c_small,
                                                     args.rounds))
        row("opening an item with 20,000 carried actions / a 10-line item",
            f"{t_log:.1f} / {t_small:.1f} ms", t_log / t_small, 1.5)
        row("  the same, in ms (target 150 ms)", f"{t_log:.1f} ms", t_log, 150)

        backup = Path(tmp) / "meeting.json"
        from csp_tui.cli.main import main as csp

        with redirect_stdout(io.StringIO()):
            assert csp(["export", str(big_id), "--format", "json", "--full", "--out",
                        str(backup), "--db", str(big)]) == 0
        turns = [(import_time(backup, big), import_time(backup, None)) for _ in range(5)]
        into_big = statistics.median(b for b, _ in turns)
        into_new = statistics.median(n for _, n in turns)
        row(f"csp import of the {args.lines:,}-line meeting, into 100x / into an empty one",
            f"{into_big * 1000:.0f} / {into_new * 1000:.0f} ms", into_big / into_new, 1.5)

        for fmt in ("csv", "json"):
            mem = {}
            for name in ("10x", "100x"):
                t_csp, t_plain, m_csp, m_plain = actions_all(dbs[name][0], fmt, 5)
                mem[name] = m_csp
            row(f"csp actions --all --format {fmt}, 100x / plain Python",
                f"{t_csp * 1000:.0f} / {t_plain * 1000:.0f} ms", t_csp / t_plain, 1.5)
            row("  peak memory of the same, 100x / 10x (flat: 1)",
                f"{mem['100x']:.0f} / {mem['10x']:.0f} MiB", mem["100x"] / mem["10x"], None)

        new_db = Path(tmp) / "alone.db"
        with redirect_stdout(io.StringIO()):
            assert csp(["import", str(backup), "--db", str(new_db)]) == 0
        with Repository.open(new_db) as repo:
            alone_id = repo.meetings.latest_meeting().id
        pair = [(big, big_id), (new_db, alone_id)]
        e_big, e_alone = export_times(pair, 9)
        row("export (--full, Word) of the meeting, in 100x / alone",
            f"{e_big * 1000:.0f} / {e_alone * 1000:.0f} ms", e_big / e_alone, 1.3)
        e_big, e_alone = export_times(pair, 5, action_log=True)
        row("  the same with --action-log, in 100x / alone",
            f"{e_big * 1000:.0f} / {e_alone * 1000:.0f} ms", e_big / e_alone, 1.3)

        whole, alone = size_ratio(args.lines)
        row(f"database after the {args.lines:,}-line meeting / its entries and actions",
            f"{whole / 1024:.0f} / {alone / 1024:.0f} KiB", whole / alone, 2.0)

    missed = [r for r in rows if r[4] is not None and r[3] > r[4]]
    print(f"\n{len(rows) - len(missed)} of {len(rows)} rows on target" if not missed
          else f"\nmissed: {', '.join(r[0] for r in missed)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
