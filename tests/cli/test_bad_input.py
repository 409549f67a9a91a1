"""Bad input at every entry point of ``csp``: one line on stderr, exit code 2, never a
traceback or a hang, and the database unchanged (or, where there was none, not created).

Each test feeds the command what a person (or a damaged download) really gives it: ids
past SQLite's range, a 140 KiB CSV cell, hostile or cut-short JSON, a FIFO or /dev/zero
where a file belongs, a path with a newline in it, a Teams report cut short or saved
from Excel.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from csp_tui.cli.main import main

FIXTURES = Path(__file__).parent.parent / "fixtures"
AGENDA = FIXTURES / "agenda-2021-03-31.txt"
ROSTER = FIXTURES / "roster.csv"
REPORT = FIXTURES / "teams-attendance-2021-03-31.csv"
BAD = FIXTURES / "bad"
BIG_IDS = [str(2**63), "99999999999999999999", "9" * 5000]


# ---------------------------------------------------------------------- helpers


def state(db: Path) -> str | None:
    """Everything the database holds, as SQL text; None when there is no file."""
    if not db.exists():
        return None
    conn = sqlite3.connect(db)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def refused(err: str, code: int) -> str:
    """The one error line of a refused command (asserting it was refused properly)."""
    assert code == 2, err
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("csp: "), err
    return lines[0]


def csp(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str]:
    """Run ``csp ARGS`` in this process; (exit code, stderr)."""
    capsys.readouterr()
    code = main([str(a) for a in args])
    return code, capsys.readouterr().err


def csp_process(*args: str | Path, cwd: Path | None = None,
                timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """Run the real ``csp`` in a child process; the timeout proves it does not hang."""
    return subprocess.run([sys.executable, "-m", "csp_tui", *map(str, args)],
                          capture_output=True, text=True, timeout=timeout, cwd=cwd)


@pytest.fixture
def board_db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A database with the roster and the meeting of 31 March 2021."""
    db = tmp_path / "minutes.db"
    assert csp(capsys, "roster", "import", ROSTER, "--db", db)[0] == 0
    assert csp(capsys, "new", "--agenda", AGENDA, "--db", db)[0] == 0
    return db


@pytest.fixture
def backup(board_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> dict:
    """The meeting of 31 March 2021 as a JSON backup (items and a sub-item)."""
    out = tmp_path / "backup.json"
    assert csp(capsys, "export", "--format", "json", "--full", "-o", out, "--db",
               board_db)[0] == 0
    return json.loads(out.read_text())


# ---------------------------------------------------------------------- ids


@pytest.mark.parametrize("big", BIG_IDS, ids=["2^63", "20 digits", "5000 digits"])
@pytest.mark.parametrize("command", [
    ["actions", "show", "{id}"],
    ["actions", "done", "{id}"],
    ["actions", "update", "{id}", "--note", "done"],
    ["actions", "--meeting", "{id}"],
    ["actions", "export", "--meeting", "{id}", "--docx", "out.docx"],
    ["export", "{id}"],
    ["export", "{id}", "--check"],
    ["open", "{id}"],
    ["attendance", "import", str(REPORT), "--meeting", "{id}", "--yes"],
])
def test_ids_out_of_range(board_db: Path, capsys, monkeypatch, command: list[str],
                          big: str) -> None:
    monkeypatch.chdir(board_db.parent)  # where out.docx would go, were it written
    before = state(board_db)
    code, err = csp(capsys, *[a.replace("{id}", big) for a in command], "--db", board_db)
    line = refused(err, code)
    assert line.startswith("csp: no ") and "ids go up to 9223372036854775807" in line
    assert len(line) < 200
    assert state(board_db) == before


# ---------------------------------------------------------------------- CSV cells


def test_oversized_csv_field(board_db: Path, tmp_path: Path, capsys) -> None:
    before = state(board_db)
    roster = tmp_path / "roster.csv"
    roster.write_text("name,post_title,organisation,email,group\n"
                      + "A" * (140 * 1024) + ",Officer,Council,a@example.org,member\n")
    code, err = csp(capsys, "roster", "import", roster, "--db", board_db)
    assert "field larger than field limit" in refused(err, code)

    report = tmp_path / "teams.csv"
    text = REPORT.read_bytes().decode("utf-16")
    report.write_text(text.replace("Community Safety Partnership Board", "B" * 140 * 1024),
                      encoding="utf-16")
    code, err = csp(capsys, "attendance", "import", report, "--yes", "--db", board_db)
    assert "field larger than field limit" in refused(err, code)
    assert state(board_db) == before


def test_a_roster_header_cell_over_the_field_limit(board_db: Path, tmp_path: Path,
                                                   capsys) -> None:
    before = state(board_db)
    roster = tmp_path / "roster.csv"
    roster.write_text("A" * 200_000 + ",post_title,organisation,email,group\n"
                      "Ann Lee,Officer,Council,a@example.org,member\n")
    code, err = csp(capsys, "roster", "import", roster, "--db", board_db)
    assert refused(err, code) == (f"csp: {roster} is not valid CSV: field larger than "
                                  "field limit (131072)")
    assert state(board_db) == before


# ---------------------------------------------------------------------- JSON


@pytest.mark.parametrize(("name", "content", "message"), [
    ("earlier-x", lambda b: json.dumps({**b, "earlier": "x"}), "\"earlier\" is not a list"),
    ("earlier-date", lambda b: json.dumps({**b, "earlier": [{"id": 2, "date": "x"}]}),
     "date"),
    ("nested", lambda b: '{"record": ' + "[" * 100_000 + "]" * 100_000 + "}",
     "nested too deeply"),
    ("truncated", lambda b: json.dumps(b, indent=2)[:5000], "the file looks cut short"),
    ("record-list", lambda b: json.dumps({**b, "record": []}), "\"record\" is not a meeting"),
    ("not-utf8", lambda b: "{\"record\": \"\udcff\"}", "not UTF-8"),
    ("position-10^20", lambda b: json.dumps(
        {**b, "record": {**b["record"], "items": [
            {**b["record"]["items"][0], "position": 10**20}, *b["record"]["items"][1:]]}}),
     "record.items.0.position is 100000000000000000000, out of the database's range"),
    ("newline-in-key", lambda b: json.dumps({**b, "record": {**b["record"], "bad\nkey": 1}}),
     "csp: bad\\nkey: Extra inputs are not permitted"),
])
def test_hostile_json_for_import(backup: dict, tmp_path: Path, capsys, name: str,
                                 content, message: str) -> None:
    bad = tmp_path / f"{name}.json"
    bad.write_bytes(content(backup).encode("utf-8", "surrogateescape"))
    db = tmp_path / "new.db"
    code, err = csp(capsys, "import", bad, "--db", db)
    assert message in refused(err, code)
    assert state(db) is None


def test_import_refuses_what_it_cannot_place(backup: dict, board_db: Path, tmp_path: Path,
                                             capsys) -> None:
    items = backup["record"]["items"]
    sub = next(i for i in items if i["parent_id"] is not None)

    def attempt(data: dict) -> tuple[int, str]:
        path = tmp_path / "bad.json"
        path.write_text(json.dumps(data))
        return csp(capsys, "import", path, "--db", board_db)

    before = state(board_db)
    # An item that is its own parent (once "csp: 4"): the item is named.
    own = json.loads(json.dumps(backup))
    own["record"]["items"][3]["parent_id"] = own["record"]["items"][3]["id"]
    code, err = attempt(own)
    assert refused(err, code) == ("csp: nothing was imported: item 4 ('Street Space Pilot') "
                                  "is its own parent")
    # A third level, which was silently dropped.
    deep = json.loads(json.dumps(backup))
    deep["record"]["items"].append({**sub, "id": 999, "parent_id": sub["id"],
                                    "title": "A third level"})
    code, err = attempt(deep)
    assert "item 999 ('A third level') is a sub-item of a sub-item" in refused(err, code)
    # Carried actions whose earlier meeting the file does not name: one line each.
    carried = json.loads(json.dumps(backup))
    carried["record"]["carried_actions"] = [
        {"id": n, "meeting_id": 7, "owner": "Ann Lee", "task": f"task {n}"}
        for n in (40, 41)]
    code, err = attempt(carried)
    assert code == 2 and "Traceback" not in err
    assert err.splitlines() == [
        "csp: nothing was imported; 2 parts have no place:",
        "  carried action 40 was raised at meeting 7, which the file's \"earlier\" list "
        "does not name",
        "  carried action 41 was raised at meeting 7, which the file's \"earlier\" list "
        "does not name"]
    assert state(board_db) == before
    # The untouched backup still imports.
    code, err = attempt(backup)
    assert code == 0, err


# ---------------------------------------------------------------------- special files


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("special", ["fifo", "/dev/zero"])
@pytest.mark.parametrize("command", [
    ["new", "--agenda", "{f}"],
    ["roster", "import", "{f}"],
    ["attendance", "import", "{f}", "--yes"],
    ["import", "{f}"],
    ["export", "--template", "{f}"],
])
def test_special_file_as_input(board_db: Path, fifo: Path, command: list[str],
                               special: str) -> None:
    target = str(fifo) if special == "fifo" else special
    before = state(board_db)
    result = csp_process(*[a.replace("{f}", target) for a in command], "--db", board_db,
                         cwd=board_db.parent)
    line = refused(result.stderr, result.returncode)
    assert "named pipe (FIFO)" in line if special == "fifo" else "is a device" in line
    assert state(board_db) == before
    assert sorted(p.name for p in board_db.parent.iterdir()
                  if not p.name.startswith("minutes.db")) == ["pipe"]


@pytest.mark.parametrize("special", ["fifo", "/dev/zero"])
@pytest.mark.parametrize("command", [
    ["actions"], ["actions", "show", "1"], ["export"], ["roster", "list"],
    ["new", "--date", "2021-03-31"], ["open", "1"],
])
def test_special_file_as_database(fifo: Path, command: list[str], special: str) -> None:
    target = str(fifo) if special == "fifo" else special
    result = csp_process("--db", target, *command)
    line = refused(result.stderr, result.returncode)
    assert line.endswith("not a csp database")


# ---------------------------------------------------------------------- paths


def test_paths_with_newlines_stay_on_one_line(board_db: Path, tmp_path: Path,
                                              capsys) -> None:
    odd = tmp_path / "evil\nname"
    cases = [
        (["roster", "import", odd, "--db", board_db], "no such roster file"),
        (["new", "--agenda", odd, "--db", board_db], "no such agenda file"),
        (["attendance", "import", odd, "--db", board_db], "no such Teams attendance report"),
        (["import", odd, "--db", board_db], "no such file"),
        (["actions", "--db", odd], "no database at"),
        (["export", "--db", odd], "no database at"),
    ]
    for args, message in cases:
        code, err = csp(capsys, *args)
        line = refused(err, code)
        assert message in line and "evil\\nname" in line, line
    odd.mkdir()
    code, err = csp(capsys, "new", "--date", "2021-03-31", "--db", odd)
    assert refused(err, code).endswith("evil\\nname is a folder, not a csp database")


# ---------------------------------------------------------------------- no new database


@pytest.mark.parametrize("command", [
    ["actions"], ["actions", "--all", "--format", "json"], ["actions", "show", "1"],
    ["actions", "done", "1"], ["actions", "update", "1", "--note", "x"],
    ["actions", "export", "--docx", "out.docx"], ["export"], ["export", "--check"],
    ["roster", "list"], ["roster", "export", "out.csv"], ["open", "2021-03-31"],
    ["new", "--next"], ["attendance", "import", str(REPORT), "--yes"],
])
def test_read_only_commands_create_no_database(tmp_path: Path, capsys, monkeypatch,
                                               command: list[str]) -> None:
    monkeypatch.chdir(tmp_path)  # so that out.docx, out.csv would show below
    db = tmp_path / "mistyped.db"
    code, err = csp(capsys, *command, "--db", db)
    assert refused(err, code) == (f"csp: no database at {db}; create a meeting with "
                                  "csp new")
    assert not db.exists() and list(tmp_path.iterdir()) == []


def test_a_bad_input_file_creates_no_database(tmp_path: Path, capsys) -> None:
    db = tmp_path / "new.db"
    bad = tmp_path / "bad.txt"
    bad.write_text("date: 2021-02-30\n1. Item\n")
    for command in (["new", "--agenda", bad], ["roster", "import", bad], ["import", bad],
                    ["new", "--date", "31/02/2021"]):
        code, err = csp(capsys, *command, "--db", db)
        assert code == 2 and "Traceback" not in err
        assert not db.exists(), command


# ---------------------------------------------------------------------- Teams report


@pytest.mark.parametrize(("report", "message"), [
    (BAD / "teams-truncated.csv", "line 18 of the Teams report is cut short (2 of 7 columns)"),
    (BAD / "teams-excel-dates.csv",
     "the First Join '44286.4375' is not a date and time"),
    (BAD / "teams-no-participants.csv", "has no '2. Participants' section"),
    (BAD / "teams-no-date.csv", "the Teams report gives no date"),
])
def test_damaged_teams_report_is_refused(board_db: Path, capsys, report: Path,
                                         message: str) -> None:
    before = state(board_db)
    code, err = csp(capsys, "attendance", "import", report, "--yes", "--db", board_db)
    assert message in refused(err, code)
    assert state(board_db) == before


def test_teams_report_of_another_day(board_db: Path, tmp_path: Path, capsys) -> None:
    from csp_tui.services.attendance_import import propose
    from csp_tui.services.teams import ReportError, read_report
    from csp_tui.storage.repository import Repository

    other = tmp_path / "teams-2021-04-01.csv"
    other.write_text(REPORT.read_bytes().decode("utf-16").replace("3/31/21", "4/1/21"),
                     encoding="utf-16")
    before = state(board_db)
    # The meeting screen imports into the meeting open on it: a report of another day
    # is refused there (the command line picks the meeting by the report's date).
    repo = Repository.open(board_db)
    try:
        with pytest.raises(ReportError, match="the Teams report is of 2021-04-01, the "
                                              "meeting of 2021-03-31"):
            propose(repo, 1, read_report(other))
    finally:
        repo.close()
    code, err = csp(capsys, "attendance", "import", other, "--yes", "--db", board_db)
    assert "no meeting on 2021-04-01" in refused(err, code)
    assert state(board_db) == before
    # Naming the meeting takes it anyway.
    code, err = csp(capsys, "attendance", "import", other, "--yes", "--meeting", "1",
                    "--db", board_db)
    assert code == 0, err


# ---------------------------------------------------------------------- damaged files


@pytest.fixture(scope="module")
def damaged_bytes(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, bytes]:
    """(a demo database with pages 6-9 overwritten, as a failing disk leaves it; a JSON
    backup of its meeting made before)."""
    here = tmp_path_factory.mktemp("damaged")
    db = here / "demo.db"
    assert main(["demo", "--create-only", "--db", str(db)]) == 0
    assert main(["export", "--format", "json", "--full", "-o", str(here / "b.json"),
                 "--db", str(db)]) == 0
    data = bytearray(db.read_bytes())
    data[5 * 4096:9 * 4096] = b"\xa5" * 4 * 4096
    return bytes(data), (here / "b.json").read_bytes()


@pytest.fixture
def damaged_db(tmp_path: Path, damaged_bytes: tuple[bytes, bytes]) -> Path:
    db = tmp_path / "minutes.db"
    db.write_bytes(damaged_bytes[0])
    (tmp_path / "backup.json").write_bytes(damaged_bytes[1])
    return db


DAMAGED_COMMANDS = [
    ["actions"], ["actions", "--all", "--format", "json"], ["actions", "show", "3"],
    ["actions", "done", "3"], ["actions", "update", "3", "--note", "x"],
    ["actions", "export", "--docx", "out.docx"], ["export"], ["export", "--check"],
    ["export", "--format", "json", "-o", "out.json"], ["import", "backup.json"],
    ["roster", "list"], ["roster", "export", "out.csv"], ["roster", "import", str(ROSTER)],
    ["attendance", "import", str(REPORT), "--yes"], ["minutes", "status"],
    ["minutes", "close"], ["minutes", "history"], ["minutes", "diff"],
    ["minutes", "circulate"], ["minutes", "approve"], ["new", "--date", "2021-05-01"],
    ["new", "--next"], ["open", "1"], ["transcript", "show"], ["transcript", "stats"],
]


@pytest.mark.parametrize("command", DAMAGED_COMMANDS, ids=" ".join)
def test_a_damaged_database_is_one_line_naming_it_and_csp_check(
        damaged_db: Path, capsys, monkeypatch, command: list[str]) -> None:
    monkeypatch.chdir(damaged_db.parent)  # where out.docx, out.csv would go
    before = damaged_db.read_bytes()
    code, err = csp(capsys, *command, "--db", damaged_db)
    assert refused(err, code) == (f"csp: {damaged_db} is damaged (database disk image is "
                                  "malformed); nothing was saved; run csp check to see "
                                  "what can be recovered")
    assert damaged_db.read_bytes() == before
    # Nothing else written: no file but SQLite's own (an empty -wal, its -shm index).
    left = {p.name: p.stat().st_size for p in damaged_db.parent.iterdir()}
    assert left.pop("minutes.db-shm", None) is not None or "minutes.db-wal" not in left
    assert left.pop("minutes.db-wal", 0) == 0
    assert sorted(left) == ["backup.json", "minutes.db"]


def test_csp_check_names_the_damaged_tables_and_rebuilds_from_the_journal(
        damaged_db: Path, capsys) -> None:
    before = damaged_db.read_bytes()
    code, err = csp(capsys, "check", "--db", damaged_db)
    assert code == 2 and "Traceback" not in err
    assert err.splitlines() == [
        f"csp: {damaged_db} is corrupt (database disk image is malformed)",
        "  tables that cannot be read: attendance, meetings",
        "  indexes that cannot be read: sqlite_autoindex_people_1, "
        "sqlite_autoindex_accepted_names_1",
        f"  recover from the journal: csp --db {damaged_db} check --rebuild NEW.db (every "
        "change not undone); or from each meeting's last JSON backup: csp import "
        "BACKUP.json --db NEW.db"]
    assert damaged_db.read_bytes() == before
    # The way back it names works: every action and attendance line, from the journal.
    rebuilt = damaged_db.parent / "rebuilt.db"
    code, err = csp(capsys, "check", "--db", damaged_db, "--rebuild", rebuilt)
    assert code == 0, err
    assert csp(capsys, "check", "--db", rebuilt) == (0, "")
    conn = sqlite3.connect(rebuilt)
    try:
        assert conn.execute("SELECT count(*) FROM attendance").fetchone()[0] > 10
        assert conn.execute("SELECT count(*) FROM actions").fetchone()[0] == 14
    finally:
        conn.close()
    # Into a file that exists: refused, nothing written.
    code, err = csp(capsys, "check", "--db", damaged_db, "--rebuild", rebuilt)
    assert "rebuilt.db already exists" in refused(err, code)


# ---------------------------------------------------------------------- C1 and DEL


def test_c1_controls_and_del_stay_out_of_minutes_diff_and_its_docx(
        tmp_path: Path, capsys) -> None:
    import zipfile

    from csp_tui.domain.models import Entry
    from csp_tui.exporters.diff import diff_lines, minutes_at, paragraph_diff
    from csp_tui.storage.repository import Repository

    db = tmp_path / "minutes.db"
    assert main(["demo", "--create-only", "--db", str(db)]) == 0
    assert main(["minutes", "close", "--db", str(db)]) == 0
    assert main(["minutes", "circulate", "--out", str(tmp_path), "--db", str(db)]) == 0
    odd = "CSI \x9b31m, DEL \x7f and NEL \x85 in a line"
    with Repository.open(db) as repo:
        meeting = repo.meetings.latest_meeting()
        assert meeting is not None and meeting.id is not None
        repo.minutes.add_entry(Entry(item_id=repo.meetings.items(meeting.id)[2].id, text=odd))
        changes = paragraph_diff(minutes_at(repo, meeting.id, 1, full=False).paras,
                                 minutes_at(repo, meeting.id, None, full=False).paras)
    code, out = csp_out(capsys, "minutes", "diff", "--db", db)
    assert code == 0
    coloured = "\n".join(diff_lines(changes, colour=True))
    for shown in (out, coloured):
        assert not any(ch in shown for ch in "\x7f\x85\x9b"), repr(shown)
    # One rule for both: the minutes' paragraphs hold no C1 or DEL (xml_safe drops them),
    # and what prints passes terminal_safe besides.
    assert "+ CSI 31m, DEL  and NEL  in a line" in out
    docx = tmp_path / "changes.docx"
    assert main(["minutes", "diff", "--docx", str(docx), "--db", str(db)]) == 0
    xml = zipfile.ZipFile(docx).read("word/document.xml").decode("utf-8")
    assert "CSI 31m, DEL  and NEL  in a line" in xml
    assert not any(chr(c) in xml for c in range(0x7f, 0xa0))


def csp_out(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str]:
    """Run ``csp ARGS`` in this process; (exit code, stdout)."""
    capsys.readouterr()
    code = main([str(a) for a in args])
    return code, capsys.readouterr().out


# ---------------------------------------------------------------------- transcript times


def test_a_transcript_cue_31_years_on_is_filed_outside_the_meeting(
        tmp_path: Path, capsys) -> None:
    from transcript_meeting import fixture_meeting

    from csp_tui.storage.repository import Repository

    db = tmp_path / "minutes.db"
    with Repository.open(db) as repo:
        fixture_meeting(repo)
    vtt = tmp_path / "late.vtt"
    vtt.write_text((FIXTURES / "teams-transcript-2021-03-31.vtt").read_text(encoding="utf-8")
                   + "\nlate/1-0\n271740:00:00.000 --> 271740:00:05.000\n"
                   "<v Stephen Clayman>Said 31 years on.</v>\n", encoding="utf-8")
    code = main(["--db", str(db), "transcript", "import", str(vtt), "--started", "09:58:30"])
    assert code == 0, capsys.readouterr().err
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT item_id, place FROM transcript_cues WHERE text = "
                            "'Said 31 years on.'").fetchall() == [(None, "outside")]
    finally:
        conn.close()
    capsys.readouterr()
    assert main(["--db", str(db), "transcript", "show", "--full"]) == 0
    out = capsys.readouterr().out
    assert "outside the meeting" in out and "Said 31 years on." in out
