"""Generate a large csp database for benchmarks: 500 meetings and 100,000 actions.

The schema is the real one (the file is created by ``Repository.open``, which runs the
migrations, triggers included); the rows are then written with plain sqlite3 in one
transaction, because going through the repository one action at a time would take
minutes. Deterministic: the same seed gives the same file.

    python bench/make_big_db.py /tmp/csp-bench.db
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sqlite3
import sys
import time
from pathlib import Path

MEETINGS = 500
ACTIONS = 100_000
BOARDS = ["Community Safety Partnership", "Safer Neighbourhood Board",
          "Violence Against Women and Girls Board", "Prevent Board", "Youth Justice Board"]
FIRST = ["Jade", "Stephen", "Chris", "Jonathan", "Sonia", "Mark", "April", "Hazel", "Jennie",
         "Antony", "Matthew", "Ioannis", "Aisha", "Tom", "Priya", "Grace", "Owen", "Ruth",
         "Kwame", "Fatima"]
LAST = ["Hodgson", "Clayman", "Lyons", "Woodhams", "Drozd", "Long", "Bald", "North",
        "Coombes", "Rose", "Cole", "Mathioudakis", "Begum", "Okafor", "Shah", "Evans"]
AGENCIES = ["MPS", "NPS", "CRC", "MOPAC", "NELFT", "LFB", "All partners", "Board chairs"]
VERBS = ["circulate", "report back on", "review", "bring", "share", "provide", "present",
         "confirm", "update the board on", "arrange a briefing on"]
TOPICS = ["the knife crime data", "the MARAC annual report", "the Prevent referral pathway",
          "the ward panel priorities", "the domestic abuse strategy", "the ASB case review",
          "the serious violence duty", "the information sharing agreement",
          "the hate crime figures", "the youth offending plan", "the CCTV upgrade",
          "the night-time economy plan", "the exploitation mapping", "the funding bid"]
ITEMS = ["Introductions and Apologies for Absence", "Declaration of Interests",
         "Minutes and Action Log", "Performance Report", "Domestic Abuse Update",
         "Serious Violence Update", "MPS Update", "Prevent Update", "Youth Justice Update",
         "Hate Crime Update", "Forward Plan", "Any Other Business", "Date of Next Meeting"]
RESTRICTED = {"MPS Update", "Prevent Update"}


def build(path: Path, *, meetings: int = MEETINGS, actions: int = ACTIONS,
          seed: int = 2021) -> Path:
    """Write the benchmark database at ``path`` (replacing it); returns ``path``."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from csp_tui.storage.repository import Repository

    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    Repository.open(path).close()  # creates the real schema

    rnd = random.Random(seed)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("BEGIN")
    people: dict[int, list[tuple[int, str]]] = {}
    for b, board in enumerate(BOARDS, 1):
        conn.execute("INSERT INTO boards (id, name) VALUES (?, ?)", (b, board))
        names = sorted({f"{rnd.choice(FIRST)} {rnd.choice(LAST)}" for _ in range(40)})
        if b == 1:
            names = sorted(set(names) | {"Jade Hodgson", "Chris Lyons", "Jonathan Woodhams"})
        people[b] = []
        for name in names:
            cur = conn.execute("INSERT INTO people (board_id, name) VALUES (?, ?)", (b, name))
            people[b].append((cur.lastrowid, name))

    # Meetings every ~6 weeks per board, the newest in late 2025.
    per_board = meetings // len(BOARDS)
    meeting_rows = []
    for b in range(1, len(BOARDS) + 1):
        day = dt.date(2025, 12, 1) - dt.timedelta(days=42 * per_board)
        for _ in range(per_board):
            day += dt.timedelta(days=42)
            meeting_rows.append((b, day))
    meeting_rows.sort(key=lambda r: r[1])
    per_meeting = actions // len(meeting_rows)
    newest = meeting_rows[-1][1]
    action_id = 0
    for b, day in meeting_rows:
        mid = conn.execute(
            "INSERT INTO meetings (board_id, date, start, \"end\", venue, chair, state, "
            "created) VALUES (?, ?, '10:00', '13:00', 'MS Teams', ?, 'closed', ?)",
            (b, day.isoformat(), people[b][0][1], f"{day.isoformat()}T09:00:00+00:00"),
        ).lastrowid
        item_ids = []
        for pos, title in enumerate(ITEMS):
            cur = conn.execute(
                "INSERT INTO items (meeting_id, position, title, restricted, state) "
                "VALUES (?, ?, ?, ?, 'done')", (mid, pos, title, int(title in RESTRICTED)))
            item_ids.append(cur.lastrowid)
        recent = (newest - day).days < 200
        for pos in range(per_meeting):
            action_id += 1
            if rnd.random() < 0.3:
                owner, owner_ids = rnd.choice(AGENCIES), []
            elif rnd.random() < 0.2:
                (p1, n1), (p2, n2) = rnd.sample(people[b], 2)
                owner, owner_ids = f"{n1} and {n2}", [p1, p2]
            else:
                pid, owner = rnd.choice(people[b])
                owner_ids = [pid]
            # Old boards' actions are mostly closed; the last few boards' mostly open.
            closed = rnd.random() < (0.3 if recent else 0.97)
            status = (rnd.choice(["completed"] * 9 + ["dropped"]) if closed
                      else rnd.choice(["open", "open", "in progress"]))
            due = (day + dt.timedelta(days=rnd.randint(14, 120))).isoformat() \
                if rnd.random() < 0.8 else rnd.choice(["ASAP", "next board"])
            conn.execute(
                "INSERT INTO actions (id, meeting_id, item_id, position, owner, task, due, "
                "status, rag, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (action_id, mid, rnd.choice(item_ids), pos, owner,
                 f"{rnd.choice(VERBS)} {rnd.choice(TOPICS)}", due, status,
                 rnd.choice(["R", "A", "G", None]), f"{day.isoformat()}T11:00:00+00:00"))
            conn.executemany("INSERT INTO action_owners (action_id, person_id) VALUES (?, ?)",
                             [(action_id, p) for p in owner_ids])
            if closed:
                # Closed between its own meeting and the board's next (six weeks on), as
                # an officer reports it done: each closing follows its own meeting, so
                # a meeting carries only what was closed since the one before it.
                at = dt.datetime.combine(day + dt.timedelta(days=rnd.randint(7, 41)),
                                         dt.time(9), dt.UTC).isoformat()
                conn.execute(
                    "INSERT INTO action_updates (action_id, at, status, note, change) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (action_id, at, status, "Reported at the board.",
                     f"status: open -> {status}"))
    conn.execute("COMMIT")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default="/tmp/csp-bench.db", type=Path)
    args = parser.parse_args()
    started = time.perf_counter()
    build(args.path)
    print(f"wrote {args.path} in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
