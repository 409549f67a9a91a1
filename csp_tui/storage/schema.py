"""The schema: the application id and the ordered migrations. Each migration runs in
one transaction and bumps ``user_version``.

Append new migrations to :data:`MIGRATIONS`; never edit a released one. A migration is
an SQL script, or a function given the connection for changes plain ``ALTER TABLE``
cannot make: those rebuild a table with sqlite-utils' ``Table.transform``, which keeps
its data, indexes, constraints and foreign key actions. sqlite-utils is imported only
inside such a function (about 90 ms), so opening an up-to-date file never loads it and
this module stays standard library only, as the fast ``csp actions`` path needs.

The full-text index (``actions_fts``) is set up in SQL rather than with sqlite-utils'
``enable_fts``: its ``notes`` column is gathered from another table (the action's
updates), which ``enable_fts``'s triggers cannot do.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

#: Written into the SQLite header (offset 68) so that a csp database is recognised
#: without running a query: "CSPM".
APPLICATION_ID = 0x4353504D

_V1 = """
CREATE TABLE boards (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE
);
CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    board_id INTEGER NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    post_title TEXT NOT NULL DEFAULT '',
    organisation TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    grp TEXT NOT NULL DEFAULT 'member',
    UNIQUE (board_id, name COLLATE NOCASE)
);
CREATE TABLE meetings (
    id INTEGER PRIMARY KEY,
    board_id INTEGER NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
    date TEXT NOT NULL,
    start TEXT,
    "end" TEXT,
    venue TEXT NOT NULL DEFAULT '',
    chair TEXT NOT NULL DEFAULT '',
    note_taker TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT 'draft',
    next_date TEXT,
    next_start TEXT,
    next_end TEXT,
    next_venue TEXT NOT NULL DEFAULT '',
    next_chair TEXT NOT NULL DEFAULT '',
    current_item_id INTEGER,
    draft TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL
);
CREATE INDEX meetings_board_date ON meetings (board_id, date);
CREATE TABLE attendance (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    status TEXT NOT NULL DEFAULT 'present',
    role TEXT,
    arrived TEXT,
    left_at TEXT,
    UNIQUE (meeting_id, person_id)
);
CREATE TABLE items (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    parent_id INTEGER REFERENCES items(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    presenter TEXT NOT NULL DEFAULT '',
    minutes INTEGER,
    restricted INTEGER NOT NULL DEFAULT 0,
    public_summary TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT 'pending',
    deferred_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX items_meeting ON items (meeting_id, parent_id, position);
CREATE TABLE timings (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    started TEXT NOT NULL,
    stopped TEXT
);
CREATE INDEX timings_item ON timings (item_id);
CREATE TABLE entries (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL DEFAULT 'paragraph',
    text TEXT NOT NULL
);
CREATE INDEX entries_item ON entries (item_id, position);
CREATE TABLE actions (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    item_id INTEGER REFERENCES items(id) ON DELETE SET NULL,
    position INTEGER NOT NULL DEFAULT 0,
    owner TEXT NOT NULL DEFAULT '',
    task TEXT NOT NULL,
    due TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'open',
    rag TEXT,
    created TEXT NOT NULL
);
CREATE INDEX actions_status ON actions (status, meeting_id);
CREATE INDEX actions_meeting ON actions (meeting_id, item_id, position);
CREATE TABLE action_owners (
    action_id INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    PRIMARY KEY (action_id, person_id)
);
CREATE INDEX action_owners_person ON action_owners (person_id);
CREATE TABLE action_updates (
    id INTEGER PRIMARY KEY,
    action_id INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    status TEXT,
    note TEXT NOT NULL DEFAULT '',
    change TEXT NOT NULL DEFAULT ''
);
CREATE INDEX action_updates_action ON action_updates (action_id);
CREATE TABLE forward_plan (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    presenter TEXT NOT NULL DEFAULT '',
    when_text TEXT NOT NULL DEFAULT ''
);
CREATE TABLE phrases (
    id INTEGER PRIMARY KEY,
    text TEXT NOT NULL UNIQUE
);
-- Append-only journal of every change: undo walks it backwards, one transaction
-- (txn) at a time, and the minutes could be rebuilt from it.
CREATE TABLE journal (
    id INTEGER PRIMARY KEY,
    txn INTEGER NOT NULL,
    at TEXT NOT NULL,
    label TEXT NOT NULL,
    op TEXT NOT NULL,
    tbl TEXT NOT NULL,
    row_id INTEGER NOT NULL,
    before TEXT,
    after TEXT,
    undone INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX journal_txn ON journal (txn);
CREATE VIRTUAL TABLE actions_fts USING fts5 (
    owner, task, notes, tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER actions_fts_ai AFTER INSERT ON actions BEGIN
    INSERT INTO actions_fts (rowid, owner, task, notes) VALUES (new.id, new.owner, new.task, '');
END;
CREATE TRIGGER actions_fts_au AFTER UPDATE OF owner, task ON actions BEGIN
    UPDATE actions_fts SET owner = new.owner, task = new.task WHERE rowid = new.id;
END;
CREATE TRIGGER actions_fts_ad AFTER DELETE ON actions BEGIN
    DELETE FROM actions_fts WHERE rowid = old.id;
END;
CREATE TRIGGER action_updates_fts_ai AFTER INSERT ON action_updates BEGIN
    UPDATE actions_fts SET notes = (
        SELECT group_concat(note, ' ') FROM action_updates WHERE action_id = new.action_id
    ) WHERE rowid = new.action_id;
END;
CREATE TRIGGER action_updates_fts_ad AFTER DELETE ON action_updates BEGIN
    UPDATE actions_fts SET notes = coalesce((
        SELECT group_concat(note, ' ') FROM action_updates WHERE action_id = old.action_id
    ), '') WHERE rowid = old.action_id;
END;
"""

#: Names the note taker accepted as written in a meeting's name check.
_V2 = """
CREATE TABLE accepted_names (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    found TEXT NOT NULL,
    person_id INTEGER REFERENCES people(id) ON DELETE CASCADE,
    UNIQUE (meeting_id, found, person_id)
);
"""


def _v3(conn: sqlite3.Connection) -> None:
    """A meeting's current item becomes a foreign key (ON DELETE SET NULL), so that it
    can never name an item that no longer exists."""
    # Seam: sqlite-utils (~90 ms to import) loads only when a table is rebuilt.
    from sqlite_utils import Database
    from sqlite_utils.db import ForeignKey

    # A current item deleted by an older csp would fail the new key: forget it first.
    conn.execute("UPDATE meetings SET current_item_id = NULL WHERE current_item_id IS NOT "
                 "NULL AND current_item_id NOT IN (SELECT id FROM items)")
    Database(conn)["meetings"].transform(add_foreign_keys=[ForeignKey(
        "meetings", "current_item_id", "items", "id", on_delete="SET NULL")])


#: The minutes as a record (issue: draft, circulated, approved, frozen). Each action keeps
#: the form its meeting minuted (owner, task, due) apart from the live action, which
#: ``csp actions update`` changes; an existing action's minuted form is its present one.
#: ``minutes_versions`` is each meeting's history: every circulated or approved version
#: (numbered per meeting) with its time, the SHA-256 of each file written and the
#: record as it stood (JSON), and each reopening with its reason (no number). Existing
#: meetings keep their state: a draft, live or closed meeting is not yet circulated.
_V4 = """
ALTER TABLE actions ADD COLUMN minuted_owner TEXT;
ALTER TABLE actions ADD COLUMN minuted_task TEXT;
ALTER TABLE actions ADD COLUMN minuted_due TEXT;
UPDATE actions SET minuted_owner = owner, minuted_task = task, minuted_due = due;
CREATE TABLE minutes_versions (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    version INTEGER,
    state TEXT NOT NULL,
    at TEXT NOT NULL,
    approved_on TEXT,
    reason TEXT NOT NULL DEFAULT '',
    files TEXT NOT NULL DEFAULT '{}',
    record TEXT,
    UNIQUE (meeting_id, version)
);
CREATE INDEX minutes_versions_meeting ON minutes_versions (meeting_id, id);
"""


#: Indexes for the queries every Enter, ``/next`` and ``/undo`` run: an item's next
#: line position and its actions (``actions_meeting`` starts at ``meeting_id``, so
#: ``WHERE item_id = ?`` read every action), and the latest change still undoable
#: (``journal_txn`` alone made undo read the whole journal).
_V5 = """
CREATE INDEX IF NOT EXISTS actions_item ON actions (item_id, position);
CREATE INDEX IF NOT EXISTS journal_undone ON journal (undone, txn);
"""


#: A meeting's Teams transcript: the recording's start, and each cue filed under the
#: item whose timer ran (or at a place outside every timer). Never journaled: a purge
#: must leave no copy behind, so no trigger or full-text index reads these tables.
_TRANSCRIPT = """
CREATE TABLE transcripts (
    meeting_id INTEGER PRIMARY KEY REFERENCES meetings(id) ON DELETE CASCADE,
    recording_start TEXT NOT NULL,
    start_source TEXT NOT NULL,
    kind TEXT NOT NULL,
    imported TEXT NOT NULL
);
CREATE TABLE transcript_cues (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES transcripts(meeting_id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    at TEXT NOT NULL,
    start REAL NOT NULL,
    "end" REAL NOT NULL,
    speaker TEXT NOT NULL DEFAULT '',
    person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
    text TEXT NOT NULL,
    item_id INTEGER REFERENCES items(id) ON DELETE CASCADE,
    place TEXT
);
CREATE INDEX transcript_cues_meeting ON transcript_cues (meeting_id, item_id, seq);
"""

#: Which session (one running app or command, see :mod:`csp_tui.storage.journal`) made
#: each journaled change, so that undo takes back only that session's own (found by
#: the index). Rows written before this column are no one's: no session undoes them.
_SESSIONS = """
ALTER TABLE journal ADD COLUMN session TEXT;
CREATE INDEX journal_session ON journal (session, undone, txn);
"""

def minuted_status(conn: sqlite3.Connection) -> None:
    """The status an action's own minutes print once circulated (the draft follows
    the action, circulation fixes it); NULL: never fixed, printed open. Added only if
    missing: a file stamped with an older version by hand keeps its column."""
    columns = {r[1] for r in conn.execute("PRAGMA table_info(actions)")}
    if "minuted_status" not in columns:
        conn.execute("ALTER TABLE actions ADD COLUMN minuted_status TEXT")


def item_descriptions(conn: sqlite3.Connection) -> None:
    """An agenda item's description: the agenda's own words under its title ("Verbal
    item", "Members of the Board are asked to declare ..."), which the committee-system
    page prints above "Minutes:". Added only if missing (a file stamped back keeps it)."""
    columns = {r[1] for r in conn.execute("PRAGMA table_info(items)")}
    if "description" not in columns:
        conn.execute("ALTER TABLE items ADD COLUMN description TEXT NOT NULL DEFAULT ''")


Migration = str | Callable[[sqlite3.Connection], None]


def journal_blocks(conn: sqlite3.Connection) -> None:
    """No table changes: the version alone says that the journal may hold the compacted
    baseline in compressed blocks (``op = 'block'``, see :mod:`csp_tui.storage.journal`).
    An older csp reads every journal row as JSON and fails on a block (the next close
    crashed, a replay stopped); with this number it refuses the file as newer and
    says to upgrade, as it does for any newer schema."""

#: Open name questions (:mod:`csp_tui.domain.name_questions`): a name in an attendance
#: line close to one roster person, or fitting two, is kept as typed (``person_id``, a
#: roster person standing in for it) and marked unconfirmed until the note taker says
#: who it is. ``candidates``: the roster ids it may be, likeliest first, space-separated
#: (a candidate since removed from the roster is skipped when read). Journaled like the
#: minutes: undoing the line takes its question back, undoing the answer reopens it.
#: ``IF NOT EXISTS``: a file stamped back to an older version (as tests of the older
#: migrations do) still opens.
_NAME_QUESTIONS = """
CREATE TABLE IF NOT EXISTS name_questions (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    typed TEXT NOT NULL,
    candidates TEXT NOT NULL DEFAULT '',
    UNIQUE (meeting_id, person_id)
);
CREATE INDEX IF NOT EXISTS name_questions_person ON name_questions (person_id);
"""

#: A board's own settings (:mod:`csp_tui.storage.board_settings`): its house style's
#: name and, for a style file, the file's text (copied in, so it cannot move). One row
#: per board and key, kept so by the store (a handful of rows: no index, no page for one).
_BOARD_SETTINGS = """
CREATE TABLE IF NOT EXISTS board_settings (
    id INTEGER PRIMARY KEY,
    board_id INTEGER NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    value TEXT NOT NULL DEFAULT ''
);
"""

#: The committee style's parts: an exempt item's paragraph of Schedule 12A (1-7), the
#: minute number fixed at circulation (numbers run on across a board's meetings in a
#: municipal year and never change once circulated), and whom a person substituted
#: for (a roster person; SET NULL: the substitute's attendance stays if they go).
_COMMITTEE_COLUMNS = {
    "items": [("exempt_paragraph", "INTEGER CHECK (exempt_paragraph IS NULL OR "
                                   "exempt_paragraph BETWEEN 1 AND 7)"),
              ("minute_seq", "INTEGER")],
    "attendance": [("substitute_for", "INTEGER REFERENCES people(id) ON DELETE SET NULL")],
}


def committee_columns(conn: sqlite3.Connection) -> None:
    """Add the committee columns a table lacks (a file stamped back to an older
    version, as tests of the older migrations do, has them already)."""
    for table, columns in _COMMITTEE_COLUMNS.items():
        have = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
        for name, decl in columns:
            if name not in have:
                conn.execute(f"ALTER TABLE {table} ADD COLUMN {name} {decl}")
#: Chasing actions (issue 24). ``action_updates.source`` says where a change in an
#: action's history came from (a reply file); ``identity`` is the file's own random id,
#: so that a calendar entry's UID stays the same for an action across runs and differs
#: between two unrelated databases. An action's version is not stored: it is one more
#: than the number of entries in its history (see
#: :func:`csp_tui.storage.action_versions.action_versions`), so that undo, which takes
#: a history entry back, leaves the file exactly as it was.
_IDENTITY = """
CREATE TABLE IF NOT EXISTS identity (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    uuid TEXT NOT NULL
);
INSERT OR IGNORE INTO identity (id, uuid) VALUES (1, lower(hex(randomblob(16))));
"""


def action_sources(conn: sqlite3.Connection) -> None:
    """Add ``action_updates.source`` (only if missing: a file stamped back to an older
    version keeps it) and the file's :data:`_IDENTITY`."""
    if "source" not in {r[1] for r in conn.execute("PRAGMA table_info(action_updates)")}:
        conn.execute("ALTER TABLE action_updates ADD COLUMN source TEXT NOT NULL DEFAULT ''")
    for statement in _statements(_IDENTITY):
        conn.execute(statement)


#: Migration n (1-based) takes the schema from version n-1 to n.
#: The agenda pack's papers (issue 27). A paper's bytes are stored in the database,
#: not copied beside it: the record then never depends on a path that may move, a copy
#: of the one file (a backup, ``csp check``, the 0600 mode) covers the papers too, and a
#: restricted paper is as private as the minutes. ``papers`` is journaled (attach,
#: detach and deleting an item are undone with the rest); the bytes sit in
#: ``paper_files`` by their SHA-256, written once and never journaled (a journal row
#: of hundreds of MB would be copied by every undo and compaction), and are removed
#: once neither a paper nor the journal names them (see storage/papers.py). Three
#: b-trees only (``WITHOUT ROWID``, one index): an empty file stays small.
_PAPERS = """
CREATE TABLE IF NOT EXISTS paper_files (
    sha256 TEXT PRIMARY KEY,
    content BLOB NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS papers (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    title TEXT NOT NULL,
    filename TEXT NOT NULL,
    kind TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    added TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS papers_item ON papers (item_id, position);
"""

def frozen_styles(conn: sqlite3.Connection) -> None:
    """``minutes_versions.style_text``: the house style a circulated or approved
    version was minuted in, whole (TOML that extends nothing), so that its exports print
    the same whatever the board's style becomes. NULL on the rows already there: those
    versions keep printing in their board's style, as before (only if missing: a file
    stamped back to an older version keeps it)."""
    if "style_text" not in {r[1] for r in conn.execute("PRAGMA table_info(minutes_versions)")}:
        conn.execute("ALTER TABLE minutes_versions ADD COLUMN style_text TEXT")


#: Migration n (1-based) takes the schema from version n-1 to n.
MIGRATIONS: list[Migration] = [_V1, _V2, _v3, _V4, _V5, _TRANSCRIPT, _SESSIONS,
                              journal_blocks, minuted_status, _NAME_QUESTIONS,
                              _BOARD_SETTINGS, committee_columns, item_descriptions,
                              action_sources, _PAPERS, frozen_styles]
LATEST_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the schema up to :data:`LATEST_VERSION`; returns the version reached."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version >= LATEST_VERSION:
        return version
    # Rebuilding a table drops the old one: with foreign keys on, that would fire the
    # ON DELETE CASCADE of every row pointing at it. Off for the migrations (the pragma
    # is a no-op inside a transaction), every key checked before each commit.
    keys_on = conn.execute("PRAGMA foreign_keys").fetchone()[0]
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        for number in range(version + 1, LATEST_VERSION + 1):
            _apply(conn, number, MIGRATIONS[number - 1])
    finally:
        conn.execute(f"PRAGMA foreign_keys = {'ON' if keys_on else 'OFF'}")
    return LATEST_VERSION


def _apply(conn: sqlite3.Connection, number: int, migration: Migration) -> None:
    """Run migration ``number`` in one transaction that also stamps the file."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        if isinstance(migration, str):
            # executescript would COMMIT the open transaction first: a savepoint-free
            # script runs statement by statement inside ours instead.
            for statement in _statements(migration):
                conn.execute(statement)
        else:
            migration(conn)
        broken = conn.execute("PRAGMA foreign_key_check").fetchone()
        if broken is not None:
            raise sqlite3.IntegrityError(f"migration {number} broke a foreign key: {broken}")
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {number}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _statements(script: str) -> list[str]:
    """An SQL script as its complete statements (triggers hold ``;`` inside them)."""
    out: list[str] = []
    current = ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            if current.strip():
                out.append(current.strip())
            current = ""
    if current.strip() and not current.strip().startswith("--"):
        out.append(current.strip())
    return out
