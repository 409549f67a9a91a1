"""The transcript in the database: written whole and unjournaled, gone for good on a
purge (while the app keeps the file open too), and never outliving its item."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from test_migrations import _V2_ROWS, _committee_columns, dump, old_database
from transcript_meeting import VTT, fixture_meeting

from csp_tui.services.transcript import absent_speakers, import_transcript, purge_transcript
from csp_tui.storage.repository import Repository
from csp_tui.storage.schema import LATEST_VERSION
from tests.conftest import FIXTURES


def on_disk(db: Path) -> bytes:
    return b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*"))


def test_purge_overwrites_the_words_while_the_file_stays_open(repo: Repository,
                                                              db_path: Path) -> None:
    mid = fixture_meeting(repo)
    journal = repo.conn.execute("SELECT count(*) FROM journal").fetchone()
    result = import_transcript(repo, mid, FIXTURES / VTT, started="09:58:30")
    assert result.cues == 40
    assert repo.conn.execute("SELECT count(*) FROM journal").fetchone() == journal
    assert b"survivors' film" in on_disk(db_path)
    assert purge_transcript(repo, mid) == 40
    # The connection is still open (as the app's would be): the write-ahead log was
    # checkpointed and truncated, so no older copy of a page holds the words.
    assert b"survivors' film" not in on_disk(db_path)
    assert repo.transcripts.transcript(mid) is None and repo.transcripts.transcript_cues(mid) == []
    assert repo.conn.execute("SELECT count(*) FROM journal").fetchone() == journal
    assert repo.undo() != "import a transcript"


def test_deleting_an_item_or_the_meeting_takes_its_cues(repo: Repository) -> None:
    mid = fixture_meeting(repo)
    import_transcript(repo, mid, FIXTURES / VTT, started="09:58:30")
    prevent = next(i for i in repo.meetings.items(mid) if i.title == "Prevent Update")
    assert prevent.id is not None
    assert len(repo.transcripts.transcript_cues(mid, [prevent.id])) == 2
    # A restricted item's cues never stay behind unfiled (and so unrestricted).
    repo.delete_item(prevent.id)
    assert len(repo.transcripts.transcript_cues(mid)) == 38
    assert all(c.filed.item_id != prevent.id for c in repo.transcripts.transcript_cues(mid))
    repo.delete_meeting(mid)
    assert repo.conn.execute("SELECT count(*) FROM transcript_cues").fetchone() == (0,)
    assert repo.conn.execute("SELECT count(*) FROM transcripts").fetchone() == (0,)


def test_speakers_not_marked_present_are_offered(repo: Repository) -> None:
    mid = fixture_meeting(repo)
    import_transcript(repo, mid, FIXTURES / VTT, started="09:58:30")
    assert [p.name for p in absent_speakers(repo, mid)] == ["Mark Long"]


def test_a_version_5_database_gains_the_transcript_tables(tmp_path: Path) -> None:
    from csp_tui.storage.schema import MIGRATIONS, _apply

    path = tmp_path / "old.db"
    old_database(path, 2, _V2_ROWS)
    conn = sqlite3.connect(path, isolation_level=None)
    for number in range(3, 6):  # up to version 5, as the test's name says
        _apply(conn, number, MIGRATIONS[number - 1])
    before = dump(conn)
    conn.close()
    with Repository.open(path) as repo:
        assert repo.conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
        after = dump(repo.conn)
        # Migration 7: journal rows name their session; none, for rows this old.
        assert after.pop("journal") == [(*r, None) for r in before.pop("journal")]
        # Migration 9: no action's minuted status is fixed yet.
        assert after.pop("actions") == [(*a, None) for a in before.pop("actions")]
        # The action sources migration: history from no source.
        assert after.pop("action_updates") == [(*u, "") for u in before.pop("action_updates")]
        _committee_columns(after, before)
        assert after == before
        assert repo.transcripts.transcript(1) is None
        tables = {r[0] for r in repo.conn.execute("SELECT name FROM sqlite_master")}
        assert {"transcripts", "transcript_cues"} <= tables
        assert repo.undo() is None  # the old journal is no one's: no session undoes it
        assert repo.conn.execute("PRAGMA foreign_key_check").fetchall() == []
