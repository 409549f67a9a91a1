"""Benchmark (not a test): type 2,000 characters into the capture line one key at a time,
with the draft autosave on and off, and report keys per second and the ratio.

``pilot.press`` waits for idle twice per key (a ceiling near 16 keys/s whatever the app
does), so this posts each key event straight to the capture line and waits only until
that key has landed before sending the next: the app's own cost per key, nothing else.

    .venv/bin/python bench/bench_typing.py [--keys 2000] [--rounds 5]

Target: autosave-on time / autosave-off time <= 1.15.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from textual import events
from textual.keys import _character_to_key

from csp_tui.app import CspApp
from csp_tui.services.demo import build_demo
from csp_tui.storage.repository import Repository
from csp_tui.widgets.capture import CaptureLine

SAMPLE = ("Councillor Mullane asked that the ward panel dates are shared with the board "
          "before the summer, and the MPS agreed to circulate them. ")


async def type_keys(db: Path, n: int, autosave: bool) -> tuple[float, int]:
    """Seconds to type ``n`` characters; and how many drafts reached the database."""
    repo = Repository.open(db)
    try:
        latest = repo.meetings.latest_meeting()
        mid = latest.id if latest is not None else build_demo(repo)
        repo.meetings.save_draft(mid, "")
        app = CspApp(repo, mid)
        app.settings.autosave = autosave
        app.settings.cursor_blink = False
        text = (SAMPLE * (n // len(SAMPLE) + 1))[:n]
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            line = app.screen.query_one(CaptureLine)
            start = time.perf_counter()
            for k, ch in enumerate(text, 1):
                line.post_message(events.Key(_character_to_key(ch), ch))
                while len(line.value) < k:
                    await asyncio.sleep(0)
            elapsed = time.perf_counter() - start
            await pilot.pause(1.2)  # let the last draft save land
            assert line.value == text
        saved = repo.meetings.meeting(mid).draft
        return elapsed, len(saved)
    finally:
        repo.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        on, off = [], []
        await type_keys(db, 200, True)  # warm up imports and caches
        for _ in range(args.rounds):
            # Alternate so drift (CPU frequency, caches) hits both alike.
            t_off, _ = await type_keys(db, args.keys, False)
            t_on, saved = await type_keys(db, args.keys, True)
            assert saved == args.keys, "the autosave did not save the whole line"
            off.append(t_off)
            on.append(t_on)
    m_on, m_off = statistics.median(on), statistics.median(off)
    print(f"{dt.date.today()}  {args.keys} keys, median of {args.rounds} rounds")
    print(f"autosave on : {args.keys / m_on:8.0f} keys/s  ({m_on:.2f} s)")
    print(f"autosave off: {args.keys / m_off:8.0f} keys/s  ({m_off:.2f} s)")
    print(f"ratio on/off: {m_on / m_off:.3f}  (target <= 1.15)")


if __name__ == "__main__":
    asyncio.run(main())
