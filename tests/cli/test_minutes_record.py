"""The minutes as a record: states, circulate, approve (frozen, byte-identical exports),
reopen, history, the diff and its tracked changes, and /approve-minutes with its undo."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document

from csp_tui.capture.grammar import CaptureError
from csp_tui.capture.handlers import run
from csp_tui.cli.main import main
from csp_tui.domain.models import Action, Entry, Meeting, MeetingState, Person
from csp_tui.exporters.diff import diff_lines, paragraph_diff
from csp_tui.exporters.docx_writer import read_docx_text
from csp_tui.storage.repository import Repository

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _meeting(repo: Repository, day: dt.date = dt.date(2021, 3, 31)) -> tuple[int, int]:
    """A closed meeting with a paragraph and an action due "next board"."""
    m = repo.meetings.create_meeting(Meeting(date=day, board_name="Community Safety Partnership"))
    assert m.id is not None and m.board_id is not None
    item = repo.meetings.items(m.id)[2]  # Minutes and Action Log
    assert item.id is not None
    repo.minutes.add_entry(Entry(item_id=item.id, text="The board noted the survivor panel."))
    action = repo.minutes.add_action(Action(meeting_id=m.id, item_id=item.id, owner="Jade Hodgson",
                                            task="report on the survivor panel", due="next board"))
    assert action.id is not None
    repo.versions.move_minutes(m.id, MeetingState.CLOSED)
    return m.id, action.id


def _csp(db: Path, *args: str) -> int:
    return main(["--db", str(db), *args])


def _exports(db: Path, folder: Path) -> dict[str, bytes]:
    folder.mkdir()
    for fmt in ("docx", "md", "json"):
        assert _csp(db, "export", "1", "--full", "--format", fmt, "-o", str(folder)) == 0
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_approved_minutes_export_the_same_bytes_whatever_happens_later(
        repo: Repository, db_path: Path, tmp_path: Path, capsys) -> None:
    mid, aid = _meeting(repo)
    # Approved at the test clock's time (12:00:00), which the files will carry.
    repo.versions.move_minutes(mid, MeetingState.APPROVED, approved_on=dt.date(2021, 6, 30))
    before = _exports(db_path, tmp_path / "a")
    assert len(before) == 3
    # Later: the live action moves on, the roster grows.
    assert _csp(db_path, "actions", "update", str(aid), "--due", "31 January 2020") == 0
    assert _csp(db_path, "actions", "done", str(aid)) == 0
    assert repo.meetings.meeting(mid).board_id is not None
    repo.people.add_person(Person(board_id=repo.meetings.meeting(mid).board_id, name="Mark Long"))
    after = _exports(db_path, tmp_path / "b")
    assert after == before
    text = read_docx_text(tmp_path / "b" / next(n for n in after if n.endswith(".docx")))
    assert "ACTION: Jade Hodgson to report on the survivor panel by next board." in text
    assert "DRAFT" not in text
    docx = next((tmp_path / "b").glob("*.docx"))
    props = Document(str(docx)).core_properties
    assert (props.version, props.content_status) == ("1", "Approved")
    # The file's times are the approval's (the test clock's), not the export's, so that
    # an export a second or a year later is the same file.
    approved = repo.versions.history(mid)[-1].at
    assert props.created == props.modified == approved
    with zipfile.ZipFile(docx) as z:
        assert {i.date_time for i in z.infolist()} == {approved.timetuple()[:6]}


def test_csp_actions_update_changes_the_live_action_not_the_circulated_minutes(
        repo: Repository, db_path: Path, tmp_path: Path, capsys) -> None:
    mid, aid = _meeting(repo)
    # Circulation fixes the version (until then the draft follows the action).
    repo.versions.move_minutes(mid, MeetingState.CIRCULATED)
    assert _csp(db_path, "actions", "update", str(aid), "--due", "sometime") == 0
    assert repo.minutes.action(aid).due == "sometime"
    assert _csp(db_path, "export", str(mid), "-o", str(tmp_path / "m.md")) == 0
    text = (tmp_path / "m.md").read_text(encoding="utf-8")
    assert text.startswith("**DRAFT**")
    assert "ACTION: Jade Hodgson to report on the survivor panel by next board." in text
    assert "sometime" not in text


@pytest.mark.parametrize(("args", "message"), [
    (("approve", "--meeting", "2"), "cannot approve a live meeting; close it first"),
    (("diff", "--meeting", "1", "--from", "9"), "there is no version 9"),
    (("reopen", "--meeting", "1", "--reason", "typo"), "only approved minutes can be reopened"),
])
def test_bad_moves_are_one_line_and_change_nothing(
        repo: Repository, db_path: Path, capsys, args: tuple[str, ...], message: str) -> None:
    mid, _ = _meeting(repo)
    live = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 6, 30), state=MeetingState.LIVE))
    assert live.id == 2
    assert _csp(db_path, "minutes", "circulate", "--meeting", "1", "-o",
                str(db_path.parent)) == 0
    capsys.readouterr()
    before = {t: repo.conn.execute(f"SELECT * FROM {t}").fetchall()
              for t in ("meetings", "minutes_versions", "journal")}
    assert _csp(db_path, "minutes", *args) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert before == {t: repo.conn.execute(f"SELECT * FROM {t}").fetchall()
                      for t in before}


def test_approving_twice_and_circulating_approved_minutes_are_refused(
        repo: Repository, db_path: Path, tmp_path: Path, capsys) -> None:
    mid, _ = _meeting(repo)
    assert _csp(db_path, "minutes", "approve", "--meeting", str(mid)) == 0
    capsys.readouterr()
    assert _csp(db_path, "minutes", "approve", "--meeting", str(mid)) == 2
    assert "already approved" in capsys.readouterr().err
    assert _csp(db_path, "minutes", "circulate", "--meeting", str(mid), "-o",
                str(tmp_path)) == 2
    assert "reopen them first" in capsys.readouterr().err
    assert list(tmp_path.glob("*.docx")) == []  # nothing written
    assert [v.version for v in repo.versions.history(mid)] == [1]


def test_circulate_records_the_files_and_reopen_the_reason(
        repo: Repository, db_path: Path, tmp_path: Path, capsys) -> None:
    import hashlib

    mid, _ = _meeting(repo)
    assert _csp(db_path, "minutes", "circulate", "--meeting", str(mid), "-o",
                str(tmp_path)) == 0
    files = sorted(tmp_path.glob("*-v1.docx"))
    assert [f.name for f in files] == [
        "Community-Safety-Partnership-2021-03-31-minutes-RESTRICTED-v1.docx",
        "Community-Safety-Partnership-2021-03-31-minutes-v1.docx"]
    (v1,) = repo.versions.history(mid)
    assert v1.files == {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in files}
    assert Document(str(files[1])).core_properties.version == "1"
    assert "[header] DRAFT" in read_docx_text(files[1])
    assert _csp(db_path, "minutes", "approve", "--meeting", str(mid)) == 0
    assert _csp(db_path, "minutes", "reopen", "--meeting", str(mid), "--reason",
                "the chair corrected a name") == 0
    assert repo.meetings.meeting(mid).state is MeetingState.CLOSED
    capsys.readouterr()
    assert _csp(db_path, "minutes", "history", "--meeting", str(mid)) == 0
    out = capsys.readouterr().out
    assert "version 1   circulated" in out and "version 2   approved" in out
    assert "reopened" in out and "reason: the chair corrected a name" in out
    assert files[0].name in out and v1.files[files[0].name] in out


def test_migration_4_gives_old_actions_their_minuted_form(tmp_path: Path) -> None:
    from csp_tui.storage.schema import APPLICATION_ID, MIGRATIONS

    path = tmp_path / "v3.db"
    with Repository.open(path) as repo:
        mid, aid = _meeting(repo)
    # Back to version 3 as an older csp left it: no minuted columns, no versions (and
    # none of the later migrations' transcript tables).
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript(
        "DROP TABLE transcript_cues; DROP TABLE transcripts;"
        "DROP INDEX journal_session; ALTER TABLE journal DROP COLUMN session;"  # migration 7
        "DROP TABLE minutes_versions; ALTER TABLE actions DROP COLUMN minuted_owner;"
        "ALTER TABLE actions DROP COLUMN minuted_task; ALTER TABLE actions DROP COLUMN "
        "minuted_due; ALTER TABLE actions DROP COLUMN minuted_status;"  # migration 9
        f"PRAGMA user_version = 3; PRAGMA application_id = {APPLICATION_ID};")
    conn.close()
    with Repository.open(path) as repo:
        assert repo.conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        action = repo.minutes.action(aid)
        assert action.minuted is not None
        assert (action.minuted.owner, action.minuted.task, action.minuted.due) == (
            "Jade Hodgson", "report on the survivor panel", "next board")
        assert repo.meetings.meeting(mid).state is MeetingState.CLOSED
        assert repo.versions.history(mid) == []


def _changed(repo: Repository, mid: int, aid: int) -> None:
    """After version 1: a paragraph reworded and an action added."""
    item = repo.meetings.items(mid)[2]
    assert item.id is not None
    entry = repo.minutes.entries(item.id)[0]
    repo.minutes.update_entry(entry.model_copy(update={
        "text": "The board noted the survivor panel's first report."}))
    repo.minutes.add_action(Action(meeting_id=mid, item_id=item.id, owner="MPS",
                                   task="share the ward data", due="ASAP"))


def test_diff_shows_a_changed_paragraph_and_an_added_action(
        repo: Repository, db_path: Path, tmp_path: Path, capsys) -> None:
    mid, aid = _meeting(repo)
    assert _csp(db_path, "minutes", "circulate", "--meeting", str(mid), "-o",
                str(tmp_path)) == 0
    _changed(repo, mid, aid)
    capsys.readouterr()
    assert _csp(db_path, "minutes", "diff", "--meeting", str(mid)) == 0
    out = capsys.readouterr().out
    assert "\x1b[" not in out  # piped: plain
    lines = out.splitlines()
    assert lines[:2] == ["--- version 1", "+++ now"]
    assert "- The board noted the survivor panel." in lines
    assert "+ The board noted the survivor panel's first report." in lines
    assert "+ ACTION: MPS to share the ward data ASAP." in lines
    assert "  ACTION: Jade Hodgson to report on the survivor panel by next board." in lines
    # On a terminal the same lines are coloured.
    old = repo.versions.frozen(mid, 1)
    assert old is not None
    from csp_tui.exporters.diff import minutes_at

    changes = paragraph_diff(minutes_at(repo, mid, 1, full=False).paras,
                             minutes_at(repo, mid, None, full=False).paras)
    coloured = diff_lines(changes, colour=True)
    assert "\x1b[31m- The board noted the survivor panel.\x1b[0m" in coloured
    assert "\x1b[32m+ ACTION: MPS to share the ward data ASAP.\x1b[0m" in coloured


def test_tracked_changes_docx_opens_in_python_docx_and_libreoffice(
        repo: Repository, db_path: Path, tmp_path: Path, capsys) -> None:
    mid, aid = _meeting(repo)
    repo.meetings.update_meeting(
        repo.meetings.meeting(mid).model_copy(update={"note_taker": "Jade Hodgson"}))
    assert _csp(db_path, "minutes", "circulate", "--meeting", str(mid), "-o",
                str(tmp_path)) == 0
    _changed(repo, mid, aid)
    out = tmp_path / "changes.docx"
    assert _csp(db_path, "minutes", "diff", "--meeting", str(mid), "--docx", str(out)) == 0
    body = Document(str(out)).element.body
    ins = body.findall(f".//{W}ins")
    dels = body.findall(f".//{W}del")
    assert {e.get(f"{W}author") for e in ins + dels} == {"Jade Hodgson"}
    assert all(e.get(f"{W}date") for e in ins + dels)
    inserted = ["".join(t.text for t in e.iter(f"{W}t")) for e in ins]
    deleted = ["".join(t.text for t in e.iter(f"{W}delText")) for e in dels]
    # The reworded paragraph: its old last word deleted, the new words inserted.
    assert "panel." in deleted and "panel's first report." in inserted
    # The added action: a whole inserted paragraph.
    assert "ACTION: MPS to share the ward data ASAP." in inserted
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    done = subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
        capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "changes.pdf").read_bytes().startswith(b"%PDF")


def test_approve_minutes_command_and_its_undo(repo: Repository, tmp_path: Path) -> None:
    prev, _ = _meeting(repo)
    nxt = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 6, 30)))
    assert nxt.id is not None
    outcome = run(repo, nxt.id, "/approve-minutes", today=dt.date(2021, 6, 30))
    assert "approved" in outcome.message
    assert repo.meetings.meeting(prev).state is MeetingState.APPROVED
    (version,) = repo.versions.history(prev)
    assert version.approved_on == dt.date(2021, 6, 30)
    current = repo.meetings.items(nxt.id)[0]
    assert current.id is not None
    assert [e.text for e in repo.minutes.entries(current.id)] == [
        "The minutes of the 31 March 2021 board were agreed as a correct record."]
    # A second time: refused, nothing changed.
    with pytest.raises(CaptureError, match="already approved"):
        run(repo, nxt.id, "/approve-minutes")
    # Undo never crosses a lifecycle step (issue 20): refused, with the way to reopen.
    with pytest.raises(CaptureError, match="csp minutes reopen"):
        run(repo, nxt.id, "/undo")
    assert repo.meetings.meeting(prev).state is MeetingState.APPROVED
    assert len(repo.versions.history(prev)) == 1
    assert len(repo.minutes.entries(current.id)) == 1


def test_an_approved_meeting_refuses_capture_until_reopened(repo: Repository) -> None:
    mid, _ = _meeting(repo)
    repo.versions.move_minutes(mid, MeetingState.APPROVED)
    with pytest.raises(CaptureError, match="approved and read-only"):
        run(repo, mid, "A late paragraph.")
    repo.versions.move_minutes(mid, MeetingState.CLOSED, reason="a late paragraph")
    run(repo, mid, "/goto 3")
    run(repo, mid, "A late paragraph.")
    assert repo.versions.history(mid)[-1].reason == "a late paragraph"


def test_a_backup_of_approved_minutes_imports_closed(
        repo: Repository, db_path: Path, tmp_path: Path, capsys) -> None:
    mid, aid = _meeting(repo)
    repo.versions.move_minutes(mid, MeetingState.CIRCULATED)  # fixes the minuted form
    assert _csp(db_path, "actions", "update", str(aid), "--due", "sometime") == 0
    repo.versions.move_minutes(mid, MeetingState.APPROVED)
    assert _csp(db_path, "export", str(mid), "--format", "json", "--full", "-o",
                str(tmp_path / "b.json")) == 0
    other = tmp_path / "other.db"
    assert _csp(other, "import", str(tmp_path / "b.json")) == 0
    with Repository.open(other) as copy:
        (meeting,) = copy.meetings.meetings()
        assert meeting.state is MeetingState.CLOSED
        assert meeting.id is not None and copy.versions.history(meeting.id) == []
        # The minuted form travels with the backup.
        (action,) = copy.minutes.actions(meeting.id)
        assert action.due == "sometime"
        assert action.minuted is not None and action.minuted.due == "next board"


def test_a_crash_while_approving_leaves_the_previous_state_whole(
        repo: Repository, monkeypatch) -> None:
    mid, _ = _meeting(repo)
    before = {t: repo.conn.execute(f"SELECT * FROM {t}").fetchall()
              for t in ("meetings", "minutes_versions", "journal")}

    def crash(meeting_id: int) -> str:
        raise OSError("disk gone")  # after the state was written, before the version

    monkeypatch.setattr(repo.versions, "_snapshot", crash)
    with pytest.raises(OSError):
        repo.versions.move_minutes(mid, MeetingState.APPROVED)
    assert before == {t: repo.conn.execute(f"SELECT * FROM {t}").fetchall() for t in before}
    assert repo.meetings.meeting(mid).state is MeetingState.CLOSED
