"""Issue 20 through ``csp``'s own entry point: the draft follows the actions ("(COMPLETED)"
once done), approval freezes every export, and every writer asks the one lifecycle
rule: an approved meeting is refused with one line naming ``csp minutes reopen``,
exit 2, nothing changed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from transcript_meeting import VTT, fixture_meeting

from csp_tui.cli.main import main
from csp_tui.domain.models import Action, Entry, MeetingState
from csp_tui.exporters.docx_writer import read_docx_text
from csp_tui.services.transcript import import_transcript
from csp_tui.storage.repository import Repository
from tests.conftest import FIXTURES

COMPLETED = "ACTION: Jade Hodgson to report on the survivor panel by next board. (COMPLETED)"
OPEN = "ACTION: Jade Hodgson to report on the survivor panel by next board."


def csp(db: Path, *args: str) -> int:
    return main(["--db", str(db), *args])


def one_error_line(capsys) -> str:
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def dump(db: Path) -> dict[str, list[tuple]]:
    """Every row of every table (the journal too): what "nothing changed" compares."""
    conn = sqlite3.connect(db)
    try:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
            "'sqlite_%' AND name NOT LIKE 'actions_fts%'")]
        return {n: sorted(map(repr, conn.execute(f'SELECT * FROM "{n}"'))) for n in names}
    finally:
        conn.close()


def a_meeting(repo: Repository) -> tuple[int, int]:
    """The transcript fixture's meeting of 31 March 2021 (roster, attendance, timings),
    with its transcript, a paragraph and an action under Minutes and Action Log, closed."""
    mid = fixture_meeting(repo)
    import_transcript(repo, mid, FIXTURES / VTT, started="09:58:30")
    item = repo.meetings.items(mid)[2]
    assert item.id is not None
    repo.minutes.add_entry(Entry(item_id=item.id, text="The board noted the survivor panel."))
    action = repo.minutes.add_action(Action(meeting_id=mid, item_id=item.id, owner="Jade Hodgson",
                                            task="report on the survivor panel", due="next board"))
    assert action.id is not None
    repo.versions.move_minutes(mid, MeetingState.CLOSED)
    return mid, action.id


def exports(db: Path, mid: int, folder: Path) -> dict[str, bytes]:
    """Word and Markdown, public and full, and the JSON backup (full only: the meeting
    has a restricted item)."""
    folder.mkdir()
    for fmt, full in (("docx", ()), ("docx", ("--full",)), ("md", ()), ("md", ("--full",)),
                      ("json", ("--full",))):
        assert csp(db, "export", str(mid), *full, "--format", fmt, "-o", str(folder)) == 0
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_an_action_done_with_csp_shows_completed_in_the_drafts_word_and_markdown(
        repo: Repository, db_path: Path, tmp_path: Path, capsys) -> None:
    mid, aid = a_meeting(repo)
    before = exports(db_path, mid, tmp_path / "before")
    md = next(v for k, v in before.items() if k.endswith("RESTRICTED.md")).decode()
    assert OPEN in md and COMPLETED not in md
    assert csp(db_path, "actions", "done", str(aid)) == 0
    after = exports(db_path, mid, tmp_path / "after")
    for name, data in after.items():
        if name.endswith(".md"):
            assert f"**{COMPLETED}**" in data.decode(), name
        elif name.endswith(".docx"):
            assert COMPLETED in read_docx_text(tmp_path / "after" / name), name
    # The mark is the action's status, not words of its task.
    assert repo.minutes.action(aid).task == "report on the survivor panel"


def test_circulation_fixes_the_minutes_and_approval_freezes_every_export(
        repo: Repository, db_path: Path, tmp_path: Path, capsys) -> None:
    mid, aid = a_meeting(repo)
    item = repo.meetings.items(mid)[2]
    earlier = repo.minutes.add_action(Action(meeting_id=mid, item_id=item.id, owner="Andy Opie",
                                             task="book the room"))
    assert earlier.id is not None
    # Done before circulation: the version circulated says so, and keeps saying so.
    assert csp(db_path, "actions", "done", str(earlier.id)) == 0
    (tmp_path / "v1").mkdir()
    assert csp(db_path, "minutes", "circulate", "--meeting", str(mid), "-o",
               str(tmp_path / "v1")) == 0
    md = tmp_path / "m.md"
    assert csp(db_path, "export", str(mid), "--full", "-o", str(md)) == 0
    circulated = md.read_text(encoding="utf-8")
    # Done after circulation: the action log changes, the circulated minutes do not.
    assert csp(db_path, "actions", "done", str(aid)) == 0
    assert csp(db_path, "export", str(mid), "--full", "-o", str(md)) == 0
    assert md.read_text(encoding="utf-8") == circulated
    assert OPEN in circulated and COMPLETED not in circulated
    assert "ACTION: Andy Opie to book the room. (COMPLETED)" in circulated

    assert csp(db_path, "minutes", "approve", "--meeting", str(mid)) == 0
    before = exports(db_path, mid, tmp_path / "before")
    assert len(before) == 5
    # Later: the action log moves on, the roster is imported again, a backup of the
    # meeting is imported next to it, the transcript is purged (the one write allowed).
    assert csp(db_path, "actions", "update", str(aid), "--due", "31 January 2022",
               "--status", "open") == 0
    assert csp(db_path, "roster", "import", str(FIXTURES / "roster.csv")) == 0
    backup = tmp_path / "backup.json"
    assert csp(db_path, "export", str(mid), "--full", "--format", "json", "-o",
               str(backup)) == 0
    assert csp(db_path, "import", str(backup)) == 0
    assert csp(db_path, "transcript", "purge", "--meeting", str(mid)) == 0
    assert exports(db_path, mid, tmp_path / "after") == before


@pytest.mark.parametrize("args", [
    ("attendance", "import", str(FIXTURES / "teams-attendance-2021-03-31.csv"), "--meeting",
     "1", "--yes"),
    ("transcript", "import", str(FIXTURES / VTT), "--meeting", "1", "--started", "09:59:00",
     "--replace"),
    ("transcript", "shift", "--meeting", "1", "60"),
    ("minutes", "close", "--meeting", "1"),
    ("minutes", "circulate", "--meeting", "1"),
    ("minutes", "approve", "--meeting", "1"),
], ids=lambda a: " ".join(a[:2]))
def test_each_writer_refuses_an_approved_meeting_with_one_line_and_changes_nothing(
        repo: Repository, db_path: Path, tmp_path: Path, capsys,
        args: tuple[str, ...]) -> None:
    mid, _ = a_meeting(repo)
    assert mid == 1
    repo.versions.move_minutes(mid, MeetingState.APPROVED)
    before = dump(db_path)
    capsys.readouterr()
    assert csp(db_path, *args) == 2
    line = one_error_line(capsys)
    assert "csp minutes reopen" in line
    assert dump(db_path) == before


def test_after_reopening_the_writers_work_again(
        repo: Repository, db_path: Path, capsys) -> None:
    mid, _ = a_meeting(repo)
    repo.versions.move_minutes(mid, MeetingState.APPROVED)
    assert csp(db_path, "minutes", "reopen", "--meeting", str(mid), "--reason",
               "the attendance was imported late") == 0
    assert csp(db_path, "attendance", "import",
               str(FIXTURES / "teams-attendance-2021-03-31.csv"), "--meeting", "1",
               "--yes") == 0
    assert "attendance records written" in capsys.readouterr().out


def test_a_circulated_meeting_reviews_the_earlier_actions_as_circulated(
        repo: Repository, db_path: Path, tmp_path: Path, capsys) -> None:
    import datetime as dt

    from csp_tui.domain.models import Meeting

    earlier, aid = a_meeting(repo)
    nxt = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 6, 30),
                                               board_name="Community Safety Partnership"))
    assert nxt.id is not None
    repo.versions.move_minutes(nxt.id, MeetingState.CLOSED)
    md = tmp_path / "m.md"
    assert csp(db_path, "export", str(nxt.id), "-o", str(md)) == 0
    assert f"**{OPEN}**" in md.read_text(encoding="utf-8")  # the draft: as it stands
    (tmp_path / "v1").mkdir()
    assert csp(db_path, "minutes", "circulate", "--meeting", str(nxt.id), "-o",
               str(tmp_path / "v1")) == 0
    circulated = md.read_text(encoding="utf-8")
    # Reported done after the minutes went out: the action log says so, they do not.
    assert csp(db_path, "actions", "done", str(aid)) == 0
    assert csp(db_path, "export", str(nxt.id), "-o", str(md)) == 0
    assert md.read_text(encoding="utf-8") == circulated
