"""Benchmark (not a test): type a whole board meeting into the app through a real
terminal, at the speed of speech and faster, and check that every line was stored once,
under its item.

For each pace it builds a fresh database with the project's own command line
(``csp new --agenda``, ``csp roster import``), starts ``csp --db FILE open 2021-03-31``
in tmux at 80x24, types the meeting of ``bench/_replay_meeting.py`` with
``tmux send-keys`` (each line one burst followed by Enter, the given seconds between
lines; or ``key``: key by key, 60 ms a key, Enter included), waits until the database
holds what was typed and the capture area is empty (bounded), quits with ctrl+q and
reads the database (read-only). Each line typed is then one of:

- stored once: its entry (kind and text), action (owners and task), deferral reason,
  attendance or move (the item it goes to taken up once) is in the database once, under
  the item the meeting's own /next, /goto and /defer rules put it in;
- lost: not stored, and not found inside another stored line;
- doubled: stored more than once (whole, or once whole and again inside another line);
- merged: not stored by itself, but its text is inside another stored line (a move not
  taken whose text, "/next", is inside a stored line counts as merged);
- misfiled: stored once, under another item.

    .venv/bin/python bench/bench_replay.py [--paces 0.05,0.1,0.3,1,key] [--quick]
        [--csp PATH]

Exit 1 if any pace is not 100% / 0 / 0 / 0 / 0; exit 0 with a message where tmux is
missing. Standard library only: ``--csp`` runs it against another checkout's ``csp``.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _replay_meeting import MEETING, QUICK_LINES  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
DATE = "2021-03-31"
KEY_SECONDS = 0.06
#: What the empty capture area shows: the app has taken every key typed.
PLACEHOLDER = "Type the minutes"


@dataclass
class Expected:
    """One typed line and what it should leave in the database."""

    raw: str
    kind: str  # entry kind, "action", "present", "defer" or "move"
    item: str  # the agenda key ("6", "14.iii") it belongs to; "" for attendance
    text: str = ""  # entry text, action task, deferral reason, or the item moved to
    owners: frozenset[str] = frozenset()
    names: tuple[str, ...] = ()

    @property
    def needle(self) -> str:
        """What is looked for inside other stored lines when this one is not stored."""
        if self.kind in ("move", "present"):
            return self.raw
        return self.text


@dataclass
class Row:
    """One pace's figures."""

    pace: str
    lines: int
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    note: str = ""

    @property
    def perfect(self) -> bool:
        return self.counts.get("once", 0) == self.lines and not self.note


# ------------------------------------------------------------- the meeting's own rules


def _sentence(text: str) -> str:
    # /defer's reason as the minutes print it (the capture handlers' rule).
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def _names(text: str) -> list[str]:
    return [n.strip() for n in re.split(r",|\band\b|&", text) if n.strip()]


def expectations(lines: Sequence[str], order: Sequence[str]) -> tuple[list[Expected], str]:
    """Each line's expected record, by the README's rules: text with no current item goes
    to the first pending one; /next and /defer go to the next *pending* item after the
    current one (then from the top); /goto N to item N; the item left is done (deferred
    for /defer). Returns the expectations and the item current at the end."""
    state = dict.fromkeys(order, "pending")
    current = ""
    taken: set[str] = set()

    def go(key: str, leave: str = "done") -> None:
        nonlocal current
        assert key not in taken, f"the replay takes item {key} up twice"
        taken.add(key)
        if current:
            state[current] = leave
        state[key], current = "current", key

    def next_pending() -> str:
        i = order.index(current) + 1 if current else 0
        return next(k for k in list(order[i:]) + list(order[:i]) if state[k] == "pending")

    out: list[Expected] = []
    for raw in lines:
        assert ";" not in raw, raw
        word, _, rest = raw.partition(" ")
        if word == "/present":
            out.append(Expected(raw, "present", "", names=tuple(_names(rest))))
            continue
        if word in ("/next", "/goto", "/defer"):
            if word == "/defer":
                out.append(Expected(raw, "defer", current, _sentence(rest)))
            target = next_pending() if word != "/goto" else rest.replace("(", ".").strip(")")
            go(target, "deferred" if word == "/defer" else "done")
            if word != "/defer":
                out.append(Expected(raw, "move", target, target))
            continue
        if not current:
            go(next_pending())
        if word in ("/a", "/action"):
            owner, _, task = rest.partition(" to ")
            task = re.sub(r" by [^ ].*$", "", task) if " by " in task else task
            out.append(Expected(raw, "action", current, task.strip(),
                                owners=frozenset(_names(owner))))
        elif word == "/agreed":
            out.append(Expected(raw, "decision", current, rest.strip()))
        elif m := re.fullmatch(r"- (.*)", raw):
            out.append(Expected(raw, "bullet", current, m.group(1).strip()))
        elif m := re.fullmatch(r"\d+\. (.*)", raw):
            out.append(Expected(raw, "numbered", current, m.group(1).strip()))
        else:
            out.append(Expected(raw, "paragraph", current, raw.strip()))
    # Moves are told by the item they go to, not by their text ("/next" is typed often).
    needles = [e.needle for e in out if e.kind != "move"]
    for i, a in enumerate(needles):
        clash = [b for j, b in enumerate(needles) if j != i and a in b]
        assert not clash, f"{a!r} is found inside {clash[0]!r}: the replay cannot tell them"
    return out, current


# ------------------------------------------------------------------------ the terminal


class Terminal:
    """A tmux server of our own (its own socket) running one app at 80x24."""

    def __init__(self, command: str) -> None:
        self.socket = f"csp-replay-{os.getpid()}"
        self._tmux("new-session", "-d", "-s", "app", "-x", "80", "-y", "24", command)
        self._path = self._tmux("display-message", "-p", "#{socket_path}").strip()

    def _tmux(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True,
                              text=True, check=False)
        if check and done.returncode:
            raise RuntimeError(f"tmux {args[0]}: {done.stderr.strip()}")
        return done.stdout

    def text(self, *, check: bool = True) -> str:
        """The screen as it stands."""
        return self._tmux("capture-pane", "-p", "-t", "app", check=check)

    def burst(self, line: str) -> None:
        """The line as one burst and Enter, in one tmux command (nothing between them)."""
        self._tmux("send-keys", "-t", "app", "-l", "--", line, ";",
                   "send-keys", "-t", "app", "Enter")

    def key(self, key: str, literal: bool = True) -> None:
        """One key: a character, or a tmux key name (``Enter``, ``C-q``)."""
        self._tmux("send-keys", "-t", "app", *(("-l", "--") if literal else ()), key)

    def alive(self) -> bool:
        return subprocess.run(["tmux", "-L", self.socket, "has-session", "-t", "app"],
                              capture_output=True, check=False).returncode == 0

    def close(self) -> None:
        """Stop the server we started (only ours: its own socket)."""
        self._tmux("kill-server", check=False)
        # tmux leaves its socket file behind.
        if self._path:
            Path(self._path).unlink(missing_ok=True)


def wait_for(condition: Callable[[], bool], bound: float) -> bool:
    """Poll ``condition`` until it holds or ``bound`` seconds have gone."""
    end = time.monotonic() + bound
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


# --------------------------------------------------------------------- the database


def read_only(db: Path) -> closing[sqlite3.Connection]:
    """The database opened read-only, as another program would read it."""
    return closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5))


def agenda_keys(conn: sqlite3.Connection) -> dict[int, str]:
    """Item id -> agenda key ("14", "14.iii"), in agenda order."""
    romans = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x")
    keys: dict[int, str] = {}
    tops = conn.execute("SELECT id FROM items WHERE parent_id IS NULL ORDER BY position")
    for n, (top,) in enumerate(tops.fetchall(), 1):
        keys[top] = str(n)
        subs = conn.execute("SELECT id FROM items WHERE parent_id = ? ORDER BY position",
                            (top,)).fetchall()
        for k, (sub,) in enumerate(subs):
            keys[sub] = f"{n}.{romans[k]}"
    return keys


def stored_count(db: Path) -> tuple[int, str]:
    """Entries and actions stored, and the current item's key."""
    with read_only(db) as conn:
        n = conn.execute("SELECT (SELECT count(*) FROM entries) + "
                         "(SELECT count(*) FROM actions)").fetchone()[0]
        cur = conn.execute("SELECT current_item_id FROM meetings").fetchone()[0]
        return n, agenda_keys(conn).get(cur, "")


def classify(db: Path, expected: Sequence[Expected]) -> tuple[dict[str, int], list[str], str]:
    """Each expected line's fate, the problem lines described, and any text left in
    the capture area (the meeting's saved draft)."""
    with read_only(db) as conn:
        keys = agenda_keys(conn)
        entries = [(keys[i], k, t) for i, k, t in
                   conn.execute("SELECT item_id, kind, text FROM entries")]
        actions = [(keys.get(i, ""), o, t) for i, o, t in
                   conn.execute("SELECT item_id, owner, task FROM actions")]
        deferred = [(keys[i], r) for i, r in
                    conn.execute("SELECT id, deferred_reason FROM items "
                                 "WHERE deferred_reason != ''")]
        timings: dict[str, int] = {}
        for (i,) in conn.execute("SELECT item_id FROM timings"):
            timings[keys[i]] = timings.get(keys[i], 0) + 1
        present = {n for (n,) in conn.execute(
            "SELECT p.name FROM attendance a JOIN people p ON p.id = a.person_id "
            "WHERE a.status = 'present'")}
        draft = conn.execute("SELECT draft FROM meetings").fetchone()[0]
    texts = [t for _, _, t in entries] + [t for _, _, t in actions] + \
        [o for _, o, _ in actions] + [r for _, r in deferred]
    counts = dict.fromkeys(("once", "lost", "doubled", "merged", "misfiled"), 0)
    problems: list[str] = []
    for e in expected:
        if e.kind == "action":
            hits = [k for k, o, t in actions if t == e.text and frozenset(_names(o)) == e.owners]
            own = [t for k, o, t in actions if t == e.text and frozenset(_names(o)) == e.owners]
        elif e.kind == "defer":
            hits = [k for k, r in deferred if r == e.text]
            own = [e.text] * len(hits)
        elif e.kind == "move":
            hits = [e.item] * timings.get(e.item, 0)
            own = []
        elif e.kind == "present":
            hits = [""] if present.issuperset(e.names) else []
            own = []
        else:
            hits = [k for k, kind, t in entries if kind == e.kind and t == e.text]
            own = [e.text] * len(hits)
        inside = sum(1 for t in texts if e.needle in t and t not in own)
        if e.kind == "move" and hits:
            # "/next" glued into a line cannot be told from the other /next lines: a
            # move taken counts as doubled only when its item was taken up twice.
            inside = 0
        if len(hits) > 1 or (hits and inside):
            fate = "doubled"
        elif hits:
            fate = "once" if hits[0] == e.item else "misfiled"
        else:
            fate = "merged" if inside else "lost"
        counts[fate] += 1
        if fate != "once":
            where = f" (under {', '.join(hits)}, expected {e.item})" if hits else ""
            problems.append(f"{fate}{where}: {e.raw[:70]}")
    return counts, problems, draft


# ------------------------------------------------------------------------- one pace


def build_db(csp: str, folder: Path) -> Path:
    """A fresh database: the 31 March 2021 agenda and the board's roster."""
    db = folder / "minutes.db"
    for args in (["new", "--agenda", str(FIXTURES / "agenda-2021-03-31.txt")],
                 ["roster", "import", str(FIXTURES / "roster.csv")]):
        subprocess.run([csp, "--db", str(db), *args], check=True, capture_output=True)
    return db


def type_meeting(term: Terminal, lines: Sequence[str], pace: str) -> None:
    """Each line as a burst and Enter with ``pace`` seconds between lines, or key by key
    at :data:`KEY_SECONDS` a key (the next key's time is kept to, whatever tmux costs)."""
    if pace != "key":
        for line in lines:
            term.burst(line)
            time.sleep(float(pace))
        return
    due = time.monotonic()
    for line in lines:
        for key in [*line, "Enter"]:
            term.key(key, literal=key != "Enter")
            due += KEY_SECONDS
            time.sleep(max(0.0, due - time.monotonic()))


def run_pace(csp: str, lines: Sequence[str], pace: str) -> Row:
    """Replay the meeting at one pace into a fresh database; its row."""
    row = Row(pace if pace == "key" else f"{float(pace):g} s", len(lines))
    with tempfile.TemporaryDirectory(prefix="csp-replay-") as tmp:
        db = build_db(csp, Path(tmp))
        with read_only(db) as conn:
            order = list(agenda_keys(conn).values())
        expected, last = expectations(lines, order)
        want = sum(e.kind not in ("move", "present", "defer") for e in expected)
        term = Terminal(f"exec {csp} --db {db} open {DATE}")
        try:
            if not wait_for(lambda: PLACEHOLDER in term.text(), 60):
                row.note = "the app did not start"
                return row
            started = time.monotonic()
            type_meeting(term, lines, pace)
            typed = time.monotonic() - started

            def settled() -> bool:
                n, cur = stored_count(db)
                return n >= want and cur == last and PLACEHOLDER in term.text(check=False)

            if not wait_for(settled, 30 + typed / 2):
                row.note = "still not all stored when the wait ran out"
            term.key("C-q", literal=False)
            if not wait_for(lambda: not term.alive(), 20):
                row.note += " (the app did not quit on ctrl+q)"
        finally:
            term.close()
        row.counts, row.problems, draft = classify(db, expected)
        if draft.strip():
            row.problems.append(f"left in the capture area: {draft[:70]!r}")
    return row


# ----------------------------------------------------------------------------- main


def table(rows: Sequence[Row]) -> str:
    """The rows as a Markdown table."""
    out = ["| pace | lines | stored once | lost | doubled | merged | misfiled |",
           "|---|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        c = r.counts
        share = 100 * c.get("once", 0) / r.lines if r.lines else 0
        pace = "key by key, 60 ms a key" if r.pace == "key" else f"{r.pace} between lines"
        out.append(f"| {pace} | {r.lines} | {share:.0f}% | {c.get('lost', 0)} | "
                   f"{c.get('doubled', 0)} | {c.get('merged', 0)} | {c.get('misfiled', 0)} |")
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    """Replay at each pace, print the table and what went wrong; exit 1 unless all are
    stored once."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--paces", default="0.05,0.1,0.3,1,key",
                        help="seconds between lines, comma-separated; 'key' types key by "
                             "key at 60 ms a key (default: %(default)s)")
    parser.add_argument("--quick", action="store_true",
                        help=f"type the first {QUICK_LINES} lines only")
    parser.add_argument("--csp", default=str(Path(sys.executable).with_name("csp")),
                        help="the csp to run (default: this Python's, %(default)s)")
    parser.add_argument("--show", type=int, default=12,
                        help="problem lines to print for each pace (default: %(default)s)")
    args = parser.parse_args(argv)
    if shutil.which("tmux") is None:
        print("bench_replay: skipped: tmux is not installed (apt-get install tmux)")
        return 0
    if not Path(args.csp).exists():
        print(f"bench_replay: {args.csp}: no such program (--csp PATH)", file=sys.stderr)
        return 2
    lines = MEETING[:QUICK_LINES] if args.quick else MEETING
    rows: list[Row] = []
    for pace in [p.strip() for p in args.paces.split(",") if p.strip()]:
        rows.append(row := run_pace(args.csp, lines, pace))
        print(f"{row.pace}: {row.counts} {row.note}".rstrip(), file=sys.stderr, flush=True)
    print(table(rows))
    for r in rows:
        problems = ([r.note.strip()] if r.note else []) + r.problems
        for problem in problems[:args.show]:
            print(f"  {r.pace}: {problem}")
        if len(problems) > args.show:
            print(f"  {r.pace}: ... and {len(problems) - args.show} more (--show N)")
    return 0 if all(r.perfect for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
