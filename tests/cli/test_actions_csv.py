"""``csp actions --format csv`` writes in bulk (chunks of rows through one writer and
one terminal-safe write) yet byte for byte as one row at a time did: every cell through
the terminal-safe rule and the CSV-injection rule, restricted actions withheld."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from csp_tui.cli import actions_output
from csp_tui.cli.common import TerminalSafeStream
from csp_tui.cli.main import main
from csp_tui.domain.models import Meeting
from csp_tui.storage.action_query import ActionRows, Filters
from csp_tui.storage.connection import open_readonly
from csp_tui.storage.repository import Repository

TODAY = dt.date(2021, 5, 1)

#: (owner, task, due) of hostile actions, as an imported or hand-edited file can hold
#: them (the repository's own writes drop control characters; these bypass it).
HOSTILE = [
    ("\x1b[2JJade Hodgson", "=cmd|' /C calc'!A0", "2021-04-30"),
    ("+44 20 7946 0000", "-5 members\r\nsecond line", "ASAP"),
    ("@SUM(A1)", "title\x1b]0;owned\x07 here", "\t2021-05-01"),
    ("Chris\x9bLyons", "reorder \u202eTXT.EXE", ""),
    ("Sonia, \"Drozd\"", "plain, with a comma and \"quotes\"\nand a newline", "2021-06-01"),
]

#: The CSV of hostile_db(), as csp wrote it one row at a time before it wrote in bulk.
M = "2021-03-31,1,Community Safety Partnership,"  # meeting_date, meeting_id, board
T = ",open,,2021-03-31T10:00:00+00:00,31,"  # status, rag, created, age_days
EXPECTED = "".join((
    'id,owner,action,meeting_date,meeting_id,board,item_number,item_title,due,status,rag,created,age_days,restricted\n',
    f"1,\\x1b[2JJade Hodgson,'=cmd|' /C calc'!A0,{M}2,Hostile,2021-04-30{T}False\n",
    '2,\'+44 20 7946 0000,"\'-5 members\n',
    f'second line",{M}2,Hostile,ASAP{T}False\n',
    f"3,'@SUM(A1),title\\x1b]0;owned\\x07 here,{M}2,Hostile,'\t2021-05-01{T}False\n",
    f'4,Chris\\x9bLyons,reorder \\u202eTXT.EXE,{M}2,Hostile,{T}False\n',
    '5,"Sonia, ""Drozd""","plain, with a comma and ""quotes""\n',
    f'and a newline",{M}2,Hostile,2021-06-01{T}False\n',
    f'6,[restricted],[restricted],{M}3,Secret =SUM(1),[restricted]{T}True\n',
))


def hostile_db(path: Path, filler: int = 0) -> Path:
    """One meeting: the HOSTILE actions under item 2, a restricted one under item 3
    (titled so that only its title is shown), then ``filler`` plain actions."""
    with Repository.open(path) as repo:
        meeting = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 3, 31)))
        items = repo.meetings.items(meeting.id)
        with repo.transaction("hostile"):
            repo.conn.execute("UPDATE items SET title = 'Hostile' WHERE id = ?",
                              (items[1].id,))
            repo.conn.execute("UPDATE items SET title = 'Secret =SUM(1)', restricted = 1 "
                              "WHERE id = ?", (items[2].id,))
            rows = [(items[1].id, n, *h) for n, h in enumerate(HOSTILE)]
            rows.append((items[2].id, 0, "=Chris", "=leak the name", "2021-04-01"))
            rows += [(items[3].id, n, "Jade Hodgson", f"task {n}", "") for n in range(filler)]
            repo.conn.executemany(
                "INSERT INTO actions (meeting_id, item_id, position, owner, task, due, "
                "status, created) VALUES (?, ?, ?, ?, ?, ?, 'open', "
                "'2021-03-31T10:00:00+00:00')", [(meeting.id, *r) for r in rows])
    return path


def as_csv(path: Path, *, full: bool = False, today: dt.date = TODAY) -> str:
    """All actions of ``path`` as CSV, written the way ``csp actions`` writes them:
    through the terminal-safe stream every command's output goes through."""
    conn = open_readonly(path)
    try:
        text = io.StringIO()
        actions_output.write_actions(
            ActionRows(conn, Filters(include_closed=True, full=full, today=today)), "csv",
            TerminalSafeStream(text))
    finally:
        conn.close()
    return text.getvalue()


def test_hostile_cells_are_escaped_quoted_and_withheld(tmp_path: Path) -> None:
    assert as_csv(hostile_db(tmp_path / "h.db")) == EXPECTED


def test_full_shows_restricted_text_still_guarded(tmp_path: Path) -> None:
    last = as_csv(hostile_db(tmp_path / "h.db"), full=True).splitlines()[-1]
    assert last.startswith("6,'=Chris,'=leak the name,") and ",'2021-04-01," not in last


def test_rows_across_chunks_are_the_same_rows(tmp_path: Path) -> None:
    # Enough plain rows after the hostile ones to fill several chunks: the hostile rows
    # come out as on their own, and every row once, in order.
    out = as_csv(hostile_db(tmp_path / "h.db", filler=2_500))
    assert out.startswith(EXPECTED)
    tail = out[len(EXPECTED):].splitlines()
    assert len(tail) == 2_500
    assert [line.split(",")[2] for line in tail] == [f"task {n}" for n in range(2_500)]


def test_the_command_prints_the_same(tmp_path: Path, capsys) -> None:
    path = hostile_db(tmp_path / "h.db", filler=1_500)
    assert main(["actions", "--db", str(path), "--all", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "=cmd" not in out.replace("'=cmd", "")
    assert out == as_csv(path, today=dt.date.today())


def test_rows_as_dicts_and_as_tuples_agree(tmp_path: Path) -> None:
    # The table and Markdown read dicts, CSV and JSON tuples of FIELDS: the same rows.
    conn = open_readonly(hostile_db(tmp_path / "h.db"))
    try:
        rows = ActionRows(conn, Filters(include_closed=True, today=TODAY))
        assert [tuple(d.items()) for d in rows] == [
            tuple(zip(actions_output.FIELDS, t, strict=True)) for t in rows.tuples()]
    finally:
        conn.close()
