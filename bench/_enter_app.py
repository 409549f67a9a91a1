"""One process of bench_enter.py: the real app (its real factory, a real database),
driven by Textual's pilot, its frames timed by ``_paint_driver.PaintDriver``.

    python _enter_app.py enter DB MEETING_ID ROUNDS [LINE]  # Enter to stored, shown
    python _enter_app.py rate DB MEETING_ID RATES KEYS   # keys a second vs key wait

Prints one JSON object on stdout.

enter: each round puts a 600-character entry in the capture line (setup, not timed)
and lets the app settle; then the clock starts as the Enter key event arrives
at the app (posted to it as the terminal driver posts a key it has read) and stops
at the first frame written to the terminal once the capture line is empty and the
item pane's last line is the entry; apart, the time to the first frame whose text
holds the entry's first or last words (the pane scrolls a new line into view after a
refresh, and on a long item not at all, within 2 s); the
database is then read on a connection of its own to check that the line is stored.

rate: a thread of its own (as the terminal driver's reader is) posts printable keys
at a steady rate; a key's wait is from the moment it was due until the first frame
written once the capture line holds it. The highest rate whose slowest key waits at
most 50 ms is the figure.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import statistics
import sys
import threading
import time
from pathlib import Path

from _paint_driver import PaintDriver
from textual import events
from textual.keys import _character_to_key

from csp_tui.app import CspApp
from csp_tui.storage.repository import Repository
from csp_tui.widgets.capture import CaptureLine
from csp_tui.widgets.minutes import MinutesPane

WORDS = ("the board noted the update from the partnership and asked officers to bring "
         "the figures by ward to the next meeting with the funding position ")


def entry(n: int) -> tuple[str, str, str]:
    """A 600-character line for round ``n``, and the opening and closing words that
    mark it."""
    start, end = f"zq{n:03d}start", f"zq{n:03d}end"
    body = (f"{start} " + WORDS * 6)[:600 - len(end) - 1]
    return f"{body} {end}", start, end


def key(ch: str) -> events.Key:
    return events.Key(_character_to_key(ch), ch)


async def settle(app: CspApp, line: CaptureLine, text: str) -> None:
    """Put ``text`` in the capture line key by key (not timed) and let the app idle."""
    for k, ch in enumerate(text, 1):
        app.post_message(key(ch))
        while len(line.text) < k:
            await asyncio.sleep(0)


def what_shows(app: CspApp, db: Path, mark: str, seen: list, shown: list) -> str:
    """What the app shows and the database holds when a line did not reach the pane
    (for the report: which part of the way it stopped at)."""
    from csp_tui.widgets.capture import CaptureMessage

    pane = app.screen.query_one(MinutesPane)
    check = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    stored = check.execute("SELECT count(*), group_concat(item_id) FROM entries "
                           "WHERE text LIKE ?", (f"%{mark}",)).fetchone()
    check.close()
    last = [str(pane.get_option_at_index(i).prompt)[-50:]
            for i in range(max(0, pane.option_count - 2), pane.option_count)]
    pages = pane._pages
    held = app.screen.query_one(CaptureMessage)
    return (f"stored (count, item) {stored}; item shown {app.screen.current_item_id}, "
            f"pane's item {pane.view and pane.view.item.id}; capture line "
            f"{app.screen.query_one(CaptureLine).text[:30]!r}; focus {app.focused!r}; "
            f"pane: {pane.option_count} options, last {last}, pages read whole "
            f"{pages and pages.done}, waiting {len(pane._waiting)}, more "
            f"{pane._more is not None}, scroll {pane.scroll_y}/{pane.max_scroll_y}; "
            f"held {getattr(app.screen, '_held', None)!r:.80} unsaved "
            f"{getattr(app.screen, '_unsaved', None)!r:.80}; notice {held.render()!r:.120}; "
            f"frames seen {seen}, in view {shown}")


async def enter_rounds(app: CspApp, db: Path, rounds: int, first: str) -> dict:
    times: list[float] = []
    cpu: list[float] = []
    stored: list[bool] = []
    in_view: list[float] = []
    async with app.run_test(headless=False, size=(120, 40)) as pilot:
        await pilot.pause()
        line = app.screen.query_one(CaptureLine)
        if first:  # e.g. "/goto 2": off an item whose pane lists more after its lines
            await settle(app, line, first)
            app.post_message(events.Key("enter", "\r"))
            await pilot.pause()
        # The item pane at the end of the item, as it is while the note taker adds to
        # it (a long item's later pages are read only when shown; End shows them).
        app.screen.query_one(MinutesPane).action_last()
        await pilot.pause()
        line.focus()
        await pilot.pause()
        for n in range(rounds + 2):  # two rounds to warm up
            text, start_mark, mark = entry(n)
            line.text = text  # setup, not timed: as if typed
            line.move_cursor(line.document.end)
            await pilot.pause()
            seen: list[float] = []

            pane = app.screen.query_one(MinutesPane)
            shown: list[float] = []

            def on_frame(at: float, frame: str, marks: tuple = (start_mark, mark)) -> None:
                # seen: the first frame painted once the line is the item pane's last;
                # shown: the first frame whose text holds the line's first or last
                # words, the capture line empty (the pane scrolls it into view after
                # the next refresh, if it does).
                if line.text:
                    return
                if not shown and (marks[0] in frame or marks[1] in frame):
                    shown.append(at)
                if seen or not pane.option_count:
                    return
                last = pane.get_option_at_index(pane.option_count - 1)
                if marks[1] in str(last.prompt):
                    seen.extend((at, time.process_time()))

            PaintDriver.on_frame = on_frame
            start, start_cpu = time.perf_counter(), time.process_time()
            app.post_message(events.Key("enter", "\r"))
            while not (seen and shown):
                await asyncio.sleep(0)
                if seen and time.perf_counter() - seen[0] > 2:
                    break  # painted in the pane, never scrolled into view
                if time.perf_counter() - start > 60:  # a machine at a load of 20
                    raise SystemExit(f"round {n}: the line was not in the pane within 60 s: "
                                     + what_shows(app, db, mark, seen, shown))
            PaintDriver.on_frame = None
            if n >= 2:
                times.append((seen[0] - start) * 1000)
                cpu.append((seen[1] - start_cpu) * 1000)
                if shown:
                    in_view.append((shown[0] - start) * 1000)
                check = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
                (count,) = check.execute("SELECT count(*) FROM entries WHERE text LIKE ?",
                                         (f"%{mark}",)).fetchone()
                check.close()
                stored.append(count == 1)
            await pilot.pause()
    return {"ms": times, "cpu_ms": cpu, "stored": all(stored), "in_view": in_view}


async def rate_rounds(app: CspApp, rates: list[float], keys: int) -> dict:
    out = {}
    async with app.run_test(headless=False, size=(120, 40)) as pilot:
        await pilot.pause()
        line = app.screen.query_one(CaptureLine)
        loop = asyncio.get_running_loop()
        text = (WORDS * (keys // len(WORDS) + 1))[:keys]
        for rate in rates:
            line.text = ""
            await pilot.pause()
            due: list[float] = []
            shown: dict[int, float] = {}

            def on_frame(at: float, frame: str) -> None:
                have = len(line.text)
                for k in range(len(shown) + 1, have + 1):
                    shown[k] = at

            PaintDriver.on_frame = on_frame

            def feed(rate: float = rate) -> None:
                start = time.perf_counter()
                for k, ch in enumerate(text):
                    when = start + k / rate
                    while (pause := when - time.perf_counter()) > 0:
                        time.sleep(pause)
                    due.append(when)
                    loop.call_soon_threadsafe(app.post_message, key(ch))

            feeder = threading.Thread(target=feed, daemon=True)
            feeder.start()
            while len(shown) < keys:
                await asyncio.sleep(0.005)
            feeder.join()
            PaintDriver.on_frame = None
            waits = sorted((shown[k + 1] - due[k]) * 1000 for k in range(keys))
            out[str(rate)] = {"max": waits[-1], "p95": waits[int(0.95 * (keys - 1))],
                              "median": statistics.median(waits)}
    return out


def main() -> None:
    mode, db, mid = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    repo = Repository.open(db)
    try:
        app = CspApp(repo, mid)  # the real factory, as csp builds it
        app.settings.cursor_blink = False
        if mode == "enter":
            first = sys.argv[5] if len(sys.argv) > 5 else ""
            result = asyncio.run(enter_rounds(app, db, int(sys.argv[4]), first))
        else:
            rates = [float(r) for r in sys.argv[4].split(",")]
            result = asyncio.run(rate_rounds(app, rates, int(sys.argv[5])))
    finally:
        repo.close()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
