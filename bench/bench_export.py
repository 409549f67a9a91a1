"""Export timing, as whole processes: ``csp export --full`` of the demo meeting (1x)
and of generated meetings of about 10x and 100x its paragraphs, each paired in the same
rounds with its floors (see ``_proc.py`` for the rounds and the figures):

- python-docx alone, as a process (``_docx_floor.py``), adding the same paragraph
  texts to ``Document()`` and saving (target: csp at most 1.5x);
- what a user could do instead: ``csp export --format md`` then pandoc to .docx
  (target: csp faster), a row skipped with the reason where pandoc is missing;
- with ``--pdf``: ``csp export --format pdf`` against LibreOffice's own conversion of
  the same .docx (``soffice --headless --convert-to pdf``, a fresh temporary profile
  each side, as csp gives it): target at most 1.1x.

``--breakdown`` adds the in-process figures of the old benchmark (the export inside
this process, and the same with styles looked up by name), which show where the time
of the process goes, not what a user waits for.

    .venv/bin/python bench/bench_export.py [--runs 11] [--pdf] [--breakdown]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
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
from csp_tui.storage.repository import Repository

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _proc import (  # noqa: E402
    CSP,
    HERE,
    PYTHON,
    Case,
    add,
    compile_package,
    interleave,
    machine,
    run,
    table,
    which,
)


def big_meeting(path: Path, n_items: int = 200) -> int:
    """A meeting of ``n_items`` items (every tenth with three sub-items, every
    twentieth restricted), each with paragraphs, bullets, numbered points, a decision
    and an action."""
    repo = Repository.open(path)
    try:
        agenda = [(AgendaItem(title=f"Agenda item number {n}", restricted=n % 20 == 0),
                   [AgendaItem(title=f"Sub-item {k} of {n}") for k in range(3)]
                   if n % 10 == 0 else []) for n in range(1, n_items + 1)]
        m = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 3, 31), start=dt.time(10),
                                                 end=dt.time(13), venue="MS Teams"), agenda)
        assert m.id is not None
        text = ("The board discussed the update in detail and partners agreed the next "
                "steps, noting the risks and the funding position. ") * 2
        with repo.transaction("bench content"):
            for item in repo.meetings.items(m.id):
                assert item.id is not None
                for kind in (EntryKind.PARAGRAPH, EntryKind.BULLET, EntryKind.BULLET,
                             EntryKind.NUMBERED, EntryKind.NUMBERED, EntryKind.DECISION,
                             EntryKind.PARAGRAPH):
                    repo.minutes.add_entry(Entry(item_id=item.id, kind=kind, text=text))
                repo.minutes.add_action(
                    Action(meeting_id=m.id, item_id=item.id, owner="Jade Hodgson",
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


def docx_paragraphs(db: Path, meeting_id: int, out: Path) -> int:
    """Write the texts of the minutes' paragraphs to ``out`` (JSON); returns how many."""
    repo = Repository.open(db)
    try:
        _, minutes, _ = minutes_of(repo, meeting_id, full=True)
        texts = [p.text for p in minutes.paras]
    finally:
        repo.close()
    out.write_text(json.dumps(texts), encoding="utf-8")
    return len(texts)


def soffice_alone(soffice: str, docx: Path, folder: Path) -> tuple[float, float]:
    """LibreOffice's own conversion of ``docx`` to PDF, as csp runs it (a fresh
    temporary profile, headless, the same tagged-PDF filter)."""
    from csp_tui.exporters.pdf import FILTER

    with tempfile.TemporaryDirectory(prefix="bench-soffice-", dir=folder) as tmp:
        return run([soffice, f"-env:UserInstallation={(Path(tmp) / 'profile').as_uri()}",
                    "--headless", "--norestore", "--convert-to", FILTER, "--outdir",
                    str(Path(tmp) / "out"), str(docx)])


def whole_process(folder: Path, meetings: list[tuple[str, Path, int]], runs: int,
                  pdf: bool) -> None:
    """The whole-process tables."""
    pandoc = which("pandoc")
    for label, db, mid in meetings:
        paras = folder / f"{mid}-{db.stem}.json"
        count = docx_paragraphs(db, mid, paras)
        head = [CSP, "--db", str(db), "export", str(mid)]
        docx_out, md_out = folder / f"{db.stem}-cli.docx", folder / f"{db.stem}-cli.md"
        floor = "python-docx alone (process)"
        cases = [
            Case(floor, lambda: run([PYTHON, str(HERE / "_docx_floor.py"), str(paras),
                                     str(folder / "floor.docx")])),
            Case("csp export --full", lambda: run([*head, "--full", "--out", str(docx_out)]),
                 floor=floor),
            Case("csp export --full --format md",
                 lambda: run([*head, "--full", "--format", "md", "--out", str(md_out)]),
                 floor=floor),
        ]
        # Where the process's time goes, as processes too: the imports alone.
        cases += [
            Case('python -c "import docx"',
                 lambda: run([PYTHON, "-c", "import docx"]), floor=floor),
            Case('python -c "import docx, csp_tui.storage.repository"',
                 lambda: run([PYTHON, "-c", "import docx, csp_tui.storage.repository"]),
                 floor=floor),
        ]
        if pandoc:
            cases.append(Case(
                "csp export --format md, then pandoc to .docx",
                lambda: add(run([*head, "--full", "--format", "md", "--out", str(md_out)]),
                            run([pandoc, str(md_out), "-o", str(folder / "pandoc.docx")])),
                floor=floor))
        interleave(cases, runs)
        print()
        print(table(f"{label}: {count:,} paragraphs, fastest of {runs}", cases,
                    {"csp export --full": "<= 1.5"}))
        if not pandoc:
            print("\n(md + pandoc row skipped: pandoc is not installed on this machine)")
        else:
            by = {c.name: c for c in cases}
            faster = by["csp export --full"].fastest / by[cases[-1].name].fastest
            print(f"\ncsp export / (md + pandoc): {faster:.2f} (target < 1)")
        if pdf and label.startswith("1x"):
            pdf_table(folder, label, db, mid, head, max(3, runs // 3))


def pdf_table(folder: Path, label: str, db: Path, mid: int, head: list[str],
              runs: int) -> None:
    """``csp export --format pdf`` against LibreOffice converting the same .docx."""
    soffice = which("soffice") or which("libreoffice")
    if not soffice:
        print(f"\n(PDF rows of {label} skipped: LibreOffice is not installed)")
        return
    docx = folder / f"{db.stem}-same.docx"
    run([*head, "--full", "--out", str(docx)])
    floor = "soffice --convert-to pdf of the same .docx"
    cases = [Case(floor, lambda: soffice_alone(soffice, docx, folder)),
             Case("csp export --full --format pdf",
                  lambda: run([*head, "--full", "--format", "pdf", "--out",
                               str(folder / f"{db.stem}-cli.pdf")]), floor=floor)]
    interleave(cases, runs)
    print()
    print(table(f"{label}: PDF, fastest of {runs}", cases,
                {"csp export --full --format pdf": "<= 1.1"}))


def breakdown(meetings: list[tuple[str, Path, int]], folder: Path, runs: int) -> None:
    """The old in-process table: where the time of the process goes."""
    rows = [measure(label, db, mid, folder, runs) for label, db, mid in meetings]
    cols = list(rows[0])
    print("\nin-process breakdown (median ms; not what a user waits for)")
    print("| " + " | ".join(cols) + " |")
    print("|" + "---|" * len(cols))
    for r in rows:
        cells = [f"{v:.0f} ms" if isinstance(v, float) and k != "ratio" else
                 f"{v:.2f}" if isinstance(v, float) else str(v) for k, v in r.items()]
        print("| " + " | ".join(cells) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--pdf", action="store_true", help="also the PDF rows (slow)")
    parser.add_argument("--breakdown", action="store_true",
                        help="also the in-process figures")
    parser.add_argument("--scales", default="1x,10x,100x")
    args = parser.parse_args()
    compile_package()
    print(machine())
    wanted = args.scales.split(",")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        meetings = []
        if "1x" in wanted:
            demo_db = folder / "demo.db"
            meetings.append(("1x: the demo meeting (15 items)", demo_db, write_demo(demo_db)))
        # big_meeting(n) writes about 11.7 paragraphs an item: 10x and 100x the demo's 89.
        for scale, items in (("10x", 76), ("100x", 760)):
            if scale in wanted:
                db = folder / f"big{items}.db"
                meetings.append((f"{scale}: a generated meeting of {items} items", db,
                                 big_meeting(db, items)))
        whole_process(folder, meetings, args.runs, args.pdf)
        if args.breakdown:
            breakdown(meetings, folder, max(3, args.runs // 2))


if __name__ == "__main__":
    main()
