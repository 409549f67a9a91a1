"""``csp actions updates FILE``: owners' replies (the reply sheet of ``csp actions export
--format csv``) as CSV or .xlsx back into the action log, and bad input as one line
with nothing half-applied (issue 24)."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

import pytest
from openpyxl import Workbook

from csp_tui.cli.main import main
from csp_tui.services.demo import write_demo
from csp_tui.storage.minutes import MinutesStore


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    path = tmp_path / "demo.db"
    write_demo(path)
    return path


def csp(db: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["actions", "--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


def state(db: Path) -> list[tuple]:
    """Every action and history row: what "nothing changed" compares."""
    conn = sqlite3.connect(db)
    try:
        return (conn.execute("SELECT id, status, rag, due FROM actions ORDER BY id").fetchall()
                + conn.execute("SELECT * FROM action_updates ORDER BY id").fetchall())
    finally:
        conn.close()


def sheet(db: Path, capsys, *extra: str) -> tuple[list[str], dict[int, dict[str, str]]]:
    """The reply sheet as exported: its header and rows by id."""
    code, out, err = csp(db, "export", "--format", "csv", *extra, capsys=capsys)
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    return list(rows[0]), {int(r["id"]): r for r in rows}


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]], *,
              encoding: str = "utf-8", delimiter: str = ",") -> Path:
    out = io.StringIO()
    writer = csv.DictWriter(out, header, delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def replies(db: Path, capsys) -> tuple[list[str], list[dict[str, str]]]:
    """An owner's answers (the sheet lists the open actions, ids 3 to 14 on lines 2
    to 13): three good rows, a malformed one, an unknown id, a change to
    a restricted action, and one whose action changes after the sheet was made."""
    header, rows = sheet(db, capsys)
    rows[4].update({"status": "completed", "note": "Report circulated."})
    rows[5].update({"rag": "G", "new due": "30/04/2027"})
    rows[8].update({"note": "Funding options drafted."})
    rows[6].update({"new due": "31/04/2027"})  # no such day
    rows[13].update({"status": "completed"})  # restricted (Prevent Update)
    rows[9].update({"status": "in progress"})
    unknown = dict(rows[4], id="999", status="completed")
    return header, [*rows.values(), unknown]


def test_the_sheet_carries_id_and_version_and_withholds_restricted_text(demo, capsys):
    header, rows = sheet(demo, capsys)
    assert header[:2] == ["id", "version"]
    assert header[-4:] == ["status", "rag", "new due", "note"]
    assert rows[3]["version"] == "2"  # one update in its history
    assert rows[13]["action"] == rows[13]["owner"] == "[restricted]"


def test_a_csv_reply_is_shown_then_applied_once_with_its_source(demo, tmp_path, capsys):
    header, rows = replies(demo, capsys)
    path = write_csv(tmp_path / "replies.csv", header, rows)
    # Action 9 changes after the reminder was made.
    assert csp(demo, "update", "9", "--note", "Chased by phone.", capsys=capsys)[0] == 0
    before = state(demo)

    code, out, err = csp(demo, "updates", str(path), capsys=capsys)
    assert state(demo) == before  # shown, not applied
    assert code == 1  # some rows refused
    assert "line 3: action 4 (Antony Rose): status: open -> completed; note: Report " \
           "circulated." in out
    assert "nothing applied: 3 changes shown (add --yes to apply)" in out
    refused = err.splitlines()
    assert "csp: line 5: refused: '31/04/2027' is not a date" in refused[0]
    assert any("line 12: refused: action 13 is restricted (add --full" in r for r in refused)
    assert any("refused: no action with id 999" in r for r in refused)
    assert any("line 8: skipped: action 9 changed since the reminder (version 1, now 2)"
               in r for r in refused)

    code, out, err = csp(demo, "updates", str(path), "--yes", capsys=capsys)
    assert "applied 3 changes from" in out
    conn = sqlite3.connect(demo)
    got = dict(conn.execute("SELECT id, status FROM actions"))
    assert got[4] == "completed" and got[9] == "open" and got[13] == "open"
    assert conn.execute("SELECT rag, due FROM actions WHERE id = 5").fetchone() == \
        ("G", "2027-04-30")
    sources = conn.execute("SELECT action_id, source FROM action_updates WHERE source != '' "
                           "ORDER BY action_id").fetchall()
    assert sources == [(4, "reply file replies.csv"), (5, "reply file replies.csv"),
                       (8, "reply file replies.csv")]
    # One transaction: one undo step takes the whole file back.
    labels = {r[0] for r in conn.execute(
        "SELECT label FROM journal WHERE label LIKE 'updates from %'")}
    assert labels == {"updates from reply file replies.csv"}
    conn.close()
    code, out, _ = csp(demo, "show", "4", capsys=capsys)
    assert "Report circulated. (from reply file replies.csv)" in out

    # The same file again changes nothing (the notes are in the history already).
    after = state(demo)
    code, out, _ = csp(demo, "updates", str(path), "--yes", capsys=capsys)
    assert "nothing to apply" in out and state(demo) == after


def test_an_xlsx_reply_and_full_for_a_restricted_action(demo, tmp_path, capsys):
    header, rows = replies(demo, capsys)
    book = Workbook()
    ws = book.active
    ws.append(header)
    for row in rows:
        # Ids and versions come back as numbers, as Excel keeps them.
        ws.append([int(row[h]) if h in ("id", "version") else row[h] for h in header])
    path = tmp_path / "replies.xlsx"
    book.save(path)
    code, out, err = csp(demo, "updates", str(path), "--yes", "--full", capsys=capsys)
    assert "applied 5 changes" in out, err
    conn = sqlite3.connect(demo)
    assert conn.execute("SELECT status FROM actions WHERE id = 13").fetchone() == ("completed",)
    conn.close()
    assert "restricted" not in err


def test_utf16_tab_separated_csv_from_excel_is_read(demo, tmp_path, capsys):
    header, rows = sheet(demo, capsys)
    rows[6]["note"] = "Café meeting held – next steps agreed"
    path = write_csv(tmp_path / "excel.txt", header, [rows[6]], encoding="utf-16",
                     delimiter="\t")
    code, out, err = csp(demo, "updates", str(path), "--yes", capsys=capsys)
    assert code == 0, err
    conn = sqlite3.connect(demo)
    assert conn.execute("SELECT note FROM action_updates WHERE action_id = 6").fetchone() == \
        ("Café meeting held – next steps agreed",)
    conn.close()


@pytest.mark.parametrize("case", ["huge", "formula", "control", "binary", "empty", "no id",
                                  "not xlsx"])
def test_bad_input_is_one_line_and_changes_nothing(demo, tmp_path, capsys, case):
    header, rows = sheet(demo, capsys)
    good = dict(rows[4], status="completed")
    path = tmp_path / "reply.csv"
    if case == "huge":
        filler = dict(rows[5], note="x" * 1000)
        write_csv(path, header, [good] + [filler] * 10_500)
        assert path.stat().st_size > 10 * 2**20
    elif case == "formula":
        write_csv(path, header, [good, dict(rows[5], note="=cmd|' /C calc'!A0")])
    elif case == "control":
        write_csv(path, header, [good, dict(rows[5], note="done \x1b[2J\x1b]0;pwned\x07")])
    elif case == "binary":
        path.write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    elif case == "empty":
        path.write_bytes(b"")
    elif case == "no id":
        write_csv(path, [h for h in header if h != "id"],
                  [{k: v for k, v in good.items() if k != "id"}])
    else:
        path = tmp_path / "reply.xlsx"
        path.write_text("id,status\n4,completed\n")
    before = state(demo)
    code, out, err = csp(demo, "updates", str(path), "--yes", capsys=capsys)
    lines = err.strip().splitlines()
    assert "Traceback" not in err
    if case in ("formula", "control"):
        # The bad row is refused, one line; the good one applies.
        assert code == 1 and len(lines) == 1 and lines[0].startswith("csp: line 3: refused")
        assert "\x1b" not in err
        assert "applied 1 change" in out
    else:
        assert code == 2 and len(lines) == 1, err
        assert state(demo) == before


def test_a_failure_while_applying_applies_nothing(demo, tmp_path, capsys, monkeypatch):
    header, rows = sheet(demo, capsys)
    path = write_csv(tmp_path / "reply.csv", header, [
        dict(rows[4], status="completed"), dict(rows[5], status="completed")])
    real = MinutesStore.update_action
    calls = []

    def failing(self, action_id, **kwargs):
        calls.append(action_id)
        if len(calls) == 2:
            raise sqlite3.OperationalError("disk I/O error")
        return real(self, action_id, **kwargs)

    monkeypatch.setattr(MinutesStore, "update_action", failing)
    before = state(demo)
    code, out, err = csp(demo, "updates", str(path), "--yes", capsys=capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert calls == [4, 5]
    assert state(demo) == before
