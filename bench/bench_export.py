"""Export timing: the demo meeting and a generated 200-item meeting.

    .venv/bin/python bench/bench_export.py [--runs N]

For each meeting: the whole process (``csp export`` in a subprocess), in-process
(``export_meeting``: read the database, build the view, write the .docx), the same with
styles passed by name (python-docx then looks each one up per paragraph: the "before"
of resolving styles once), and python-docx alone building and saving a document with
the same paragraphs (the baseline, measured in this run). Target: in-process / baseline
at most 2. Not a pytest test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from docx import Document

from csp_tui.domain.models import Action, AgendaItem, Entry, EntryKind, Meeting
from csp_tui.exporters.docx_writer import build_docx
from csp_tui.exporters.export import export_meeting, minutes_of
from csp_tui.services.demo import write_demo
from csp_tui.storage import Repository

CSP = Path(sys.executable).with_name("csp")


def big_meeting(path: Path, n_items: int = 200) -> int:
    """A meeting of ``n_items`` items (every tenth with three sub-items, every
    twentieth restricted), each with paragraphs, bullets, numbered points, a decision
    and an action."""
    repo = Repository.open(path)
    try:
        agenda = [(AgendaItem(title=f"Agenda item number {n}", restricted=n % 20 == 0),
                   [AgendaItem(title=f"Sub-item {k} of {n}") for k in range(3)]
                   if n % 10 == 0 else []) for n in range(1, n_items + 1)]
        m = repo.create_meeting(Meeting(date=dt.date(2021, 3, 31), start=dt.time(10),
                                        end=dt.time(13), venue="MS Teams"), agenda)
        assert m.id is not None
        text = ("The board discussed the update in detail and partners agreed the next "
                "steps, noting the risks and the funding position. ") * 2
        with repo.transaction("bench content"):
            for item in repo.items(m.id):
                assert item.id is not None
                for kind in (EntryKind.PARAGRAPH, EntryKind.BULLET, EntryKind.BULLET,
                             EntryKind.NUMBERED, EntryKind.NUMBERED, EntryKind.DECISION,
                             EntryKind.PARAGRAPH):
                    repo.add_entry(Entry(item_id=item.id, kind=kind, text=text))
                repo.add_action(Action(meeting_id=m.id, item_id=item.id, owner="Jade Hodgson",
                                       task="circulate the paper", due="2021-04-30"))
        return m.id
    finally:
        repo.close()


def best(fn: Callable[[], object], runs: int) -> float:
    """Median wall time of ``runs`` calls, in milliseconds."""
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def measure(name: str, db: Path, meeting_id: int, out: Path, runs: int) -> dict[str, object]:
    repo = Repository.open(db)
    try:
        _, minutes, _ = minutes_of(repo, meeting_id, full=True)
        texts = [p.text for p in minutes.paras]

        def baseline() -> None:
            doc = Document()
            for t in texts:
                doc.add_paragraph(t)
            doc.save(str(out / "baseline.docx"))

        def ours() -> None:
            export_meeting(repo, meeting_id, out=out / "ours.docx", full=True)

        def by_name() -> None:
            r, m, _ = minutes_of(repo, meeting_id, full=True)
            build_docx(m, by_name=True).save(str(out / "byname.docx"))

        def whole() -> None:
            subprocess.run([str(CSP), "--db", str(db), "export", str(meeting_id), "--full",
                            "--out", str(out / "cli.docx")], check=True,
                           capture_output=True)

        ours()  # warm up imports and caches
        base_ms = best(baseline, runs)
        ours_ms = best(ours, runs)
        name_ms = best(by_name, runs)
        whole_ms = best(whole, max(3, runs // 2))
    finally:
        repo.close()
    return {"meeting": name, "paragraphs": len(texts), "process": whole_ms,
            "in-process": ours_ms, "styles by name": name_ms, "python-docx alone": base_ms,
            "ratio": ours_ms / base_ms}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        demo_db = folder / "demo.db"
        demo_id = write_demo(demo_db)
        big_db = folder / "big.db"
        big_id = big_meeting(big_db)
        rows = [measure("demo (15 items)", demo_db, demo_id, folder, args.runs),
                measure("200 items", big_db, big_id, folder, args.runs)]
    cols = list(rows[0])
    print("| " + " | ".join(cols) + " |")
    print("|" + "---|" * len(cols))
    for r in rows:
        cells = [f"{v:.0f} ms" if isinstance(v, float) and k != "ratio" else
                 f"{v:.2f}" if isinstance(v, float) else str(v) for k, v in r.items()]
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
