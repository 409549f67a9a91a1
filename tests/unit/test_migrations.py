"""Opening a database written by an older csp upgrades it and keeps every row."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from csp_tui.storage.connection import StorageError
from csp_tui.storage.repository import Repository
from csp_tui.storage.schema import APPLICATION_ID, LATEST_VERSION, MIGRATIONS

TABLES = ("boards", "people", "meetings", "attendance", "items", "timings", "entries",
          "actions", "action_owners", "action_updates", "forward_plan", "accepted_names",
          "journal")

_V2_ROWS = """
INSERT INTO boards (id, name) VALUES (1, 'Community Safety Partnership');
INSERT INTO people (id, board_id, name) VALUES (1, 1, 'Jade Hodgson'), (2, 1, 'Mark Long');
INSERT INTO meetings (id, board_id, date, state, current_item_id, draft, created) VALUES
    (1, 1, '2021-03-31', 'live', 2, 'half a sen', '2021-03-01T09:00:00+00:00'),
    (2, 1, '2021-06-30', 'draft', 99, '', '2021-06-01T09:00:00+00:00');
INSERT INTO items (id, meeting_id, parent_id, position, title, restricted) VALUES
    (1, 1, NULL, 0, 'Introductions', 0), (2, 1, NULL, 1, 'Prevent Update', 1),
    (3, 1, 2, 0, 'Referrals', 0);
INSERT INTO attendance (meeting_id, person_id, status, role) VALUES (1, 1, 'present', 'chair');
INSERT INTO timings (item_id, started, stopped) VALUES (2, '2021-03-31T10:05:00+00:00', NULL);
INSERT INTO entries (item_id, position, kind, text) VALUES (2, 0, 'paragraph', 'Noted.');
INSERT INTO actions (id, meeting_id, item_id, owner, task, created) VALUES
    (1, 1, 2, 'Jade Hodgson and Mark Long', 'circulate the figures',
     '2021-03-31T10:10:00+00:00');
INSERT INTO action_owners (action_id, person_id) VALUES (1, 1), (1, 2);
INSERT INTO action_updates (action_id, at, status, note) VALUES
    (1, '2021-04-02T09:00:00+00:00', 'in progress', 'figures requested');
INSERT INTO forward_plan (meeting_id, title) VALUES (1, 'Hate Crime Strategy');
INSERT INTO accepted_names (meeting_id, found, person_id) VALUES (1, 'Jade H', 1);
INSERT INTO journal (txn, at, label, op, tbl, row_id, before, after) VALUES
    (1, '2021-03-31T10:00:00+00:00', 'add a paragraph', 'insert', 'entries', 1, NULL,
     '{"id": 1}');
"""


def old_database(path: Path, version: int, rows: str) -> None:
    """A file as csp left it at schema ``version``, written with plain sqlite3."""
    conn = sqlite3.connect(path, isolation_level=None)
    script = "".join(m for m in MIGRATIONS[:version] if isinstance(m, str))
    conn.executescript(f"{script}\nPRAGMA application_id = {APPLICATION_ID};\n"
                       f"PRAGMA user_version = {version};\nPRAGMA foreign_keys = ON;\n{rows}")
    conn.close()


def dump(conn: sqlite3.Connection) -> dict[str, list[tuple]]:
    return {t: conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in TABLES}


def test_a_version_2_database_is_rebuilt_with_every_row_kept(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old_database(path, 2, _V2_ROWS)
    conn = sqlite3.connect(path)
    before = dump(conn)
    conn.close()

    with Repository.open(path) as repo:
        assert repo.conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
        after = dump(repo.conn)
        # Meeting 2's current item (99) no longer existed: the upgrade forgot it.
        assert after.pop("meetings") == [before["meetings"][0],
                                         (*before["meetings"][1][:-3], None,
                                          *before["meetings"][1][-2:])]
        before.pop("meetings")
        # Migration 4: each action's minuted form (owner, task, due) is its present one;
        # migration 9: its minuted status is not fixed yet; the action sources
        # migration: its history comes from no source.
        assert after.pop("actions") == [(*a, a[4], a[5], a[6], None)
                                        for a in before.pop("actions")]
        assert after.pop("action_updates") == [(*u, "")
                                               for u in before.pop("action_updates")]
        # Journal rows gain the session that made them: none, for rows this old.
        assert after.pop("journal") == [(*r, None) for r in before.pop("journal")]
        _committee_columns(after, before)
        assert after == before
        assert repo.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        # The rebuilt table keeps its index and its own keys' ON DELETE actions.
        assert "meetings_board_date" in {
            r[1] for r in repo.conn.execute("PRAGMA index_list(meetings)")}
        keys = {r[3]: (r[2], r[6]) for r in repo.conn.execute(
            "PRAGMA foreign_key_list(meetings)")}
        assert keys == {"board_id": ("boards", "CASCADE"),
                        "current_item_id": ("items", "SET NULL")}
        assert repo.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1

        # What a user sees: the same meeting, resumed on its current item.
        assert repo.meetings.meeting(1).current_item_id == 2
        assert repo.meetings.meeting(1).draft == "half a sen"
        assert [i.number for i in repo.meetings.items(1)] == ["1", "2", "(i)"]
        assert repo.minutes.action(1).owner_ids == [1, 2]
        assert repo.minutes.action(1).updates[0].note == "figures requested"
        # The journal written before the upgrade belongs to no session: no one can
        # tell who made it, so it is not undone (it still replays).
        assert repo.undo() is None
        assert [e.text for e in repo.minutes.entries(2)] == ["Noted."]

        # The new key: deleting an item cannot leave a meeting pointing at it.
        repo.conn.execute("DELETE FROM items WHERE id = 2")
        assert repo.meetings.meeting(1).current_item_id is None


def test_a_failed_upgrade_leaves_the_old_file_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    # A row breaking a key the rebuilt table checks: the upgrade must refuse, whole.
    old_database(path, 2, "PRAGMA foreign_keys = OFF;\nINSERT INTO meetings (id, board_id, "
                          "date, created) VALUES (1, 7, '2021-03-31', '2021-03-01');")
    with pytest.raises(StorageError, match="migration 3 broke a foreign key"):
        Repository.open(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    assert conn.execute("SELECT board_id FROM meetings").fetchall() == [(7,)]
    assert "current_item_id" not in {
        r[3] for r in conn.execute("PRAGMA foreign_key_list(meetings)")}
    conn.close()


def test_a_version_4_database_gains_the_indexes_and_keeps_every_row(tmp_path: Path) -> None:
    from csp_tui.storage.schema import _apply

    path = tmp_path / "old.db"
    old_database(path, 2, _V2_ROWS)
    conn = sqlite3.connect(path, isolation_level=None)
    for number in (3, 4):
        _apply(conn, number, MIGRATIONS[number - 1])
    before = dump(conn)
    conn.close()

    with Repository.open(path) as repo:
        assert repo.conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
        after = dump(repo.conn)
        # Migration 7: journal rows name their session; none, for rows this old.
        assert after.pop("journal") == [(*r, None) for r in before.pop("journal")]
        # Migration 9: no action's minuted status is fixed yet; the action sources
        # migration: history from no source.
        assert after.pop("actions") == [(*a, None) for a in before.pop("actions")]
        _committee_columns(after, before)
        assert after.pop("action_updates") == [(*u, "") for u in before.pop("action_updates")]
        assert after == before
        names = {r[0] for r in repo.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"actions_item", "journal_undone"} <= names
        # What a user sees: the same minutes; the old journal is no one's, so no
        # session undoes it.
        assert repo.minutes.action(1).owner_ids == [1, 2]
        assert repo.undo() is None


def _committee_columns(after: dict, before: dict) -> None:
    """The committee migration: items gain no exempt paragraph and no fixed minute
    number, attendance no substitute, for rows this old; then (migration
    item_descriptions) items gain an empty agenda description."""
    assert after.pop("items") == [(*r, None, None, "") for r in before.pop("items")]
    assert after.pop("attendance") == [(*r, None) for r in before.pop("attendance")]
