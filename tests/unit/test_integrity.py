"""The file's integrity is checked when it can have suffered (a process died with it
open, an upgrade is due, ``csp check``), not on every open: on a big file that check
reads every page."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from csp_tui.cli.main import main
from csp_tui.storage.connection import StorageError
from csp_tui.storage.repository import Repository


def wreck(path: Path) -> bytes:
    """Damage the second page, as a failing disk would; returns the new bytes."""
    data = bytearray(path.read_bytes())
    data[4096:8192] = b"\xff" * 4096
    path.write_bytes(bytes(data))
    return bytes(data)


def die_with_it_open(path: Path) -> None:
    """A process opens the file and dies without closing it (power cut, kill -9)."""
    subprocess.run([sys.executable, "-c", "import os; from csp_tui.storage.repository import "
                    f"Repository; Repository.open({str(path)!r}); os._exit(0)"], check=True)


def markers(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.glob(f"{path.name}-open.*"))


def test_a_cleanly_closed_file_opens_without_reading_every_page(tmp_path: Path,
                                                               capsys) -> None:
    path = tmp_path / "minutes.db"
    with Repository.open(path):
        assert markers(path) == [f"minutes.db-open.{os.getpid()}"]
    assert markers(path) == []
    data = wreck(path)
    # No check on this open (the damage is in a page it does not need)...
    Repository.open(path).close()
    # ...but `csp check` reads every page and says so, changing nothing.
    assert main(["check", "--db", str(path)]) == 2
    err = capsys.readouterr().err
    # The problem on one line; then what cannot be read and the ways back (csp check).
    assert err.startswith(f"csp: {path} is corrupt") and err.count("\n") == 4
    assert "  recover from the journal: " in err
    assert path.read_bytes() == data


def test_after_an_unclean_shutdown_the_next_open_checks(tmp_path: Path) -> None:
    path = tmp_path / "minutes.db"
    Repository.open(path).close()
    die_with_it_open(path)
    assert len(markers(path)) == 1
    data = wreck(path)
    try:
        Repository.open(path)
    except StorageError as exc:
        assert "is corrupt" in str(exc)
    else:
        raise AssertionError("the damaged file was opened unchecked")
    assert path.read_bytes() == data
    assert len(markers(path)) == 1  # still unclean: the next open checks again


def test_a_sound_file_after_an_unclean_shutdown_opens_and_forgets_it(tmp_path: Path,
                                                                     capsys) -> None:
    path = tmp_path / "minutes.db"
    Repository.open(path).close()
    die_with_it_open(path)
    with Repository.open(path) as repo:
        assert repo.meetings.meetings() == []
    assert markers(path) == []
    assert main(["check", "--db", str(path)]) == 0
    assert capsys.readouterr().out == f"{path}: ok\n"


def test_csp_check_of_no_file_creates_none(tmp_path: Path, capsys) -> None:
    path = tmp_path / "absent.db"
    assert main(["check", "--db", str(path)]) == 2
    assert "no database at" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_csp_check_counts_every_problem_found(tmp_path: Path, capsys) -> None:
    # SQLite reports some damage one row a problem (a NULL where none may be, here in
    # three entries, written behind the schema's back as a bad disk or tool might).
    import sqlite3

    from csp_tui.services.demo import write_demo

    path = tmp_path / "minutes.db"
    write_demo(path)
    conn = sqlite3.connect(path, isolation_level=None)
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'entries'").fetchone()[0]
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET sql = ? WHERE name = 'entries'",
                 (sql.replace("text TEXT NOT NULL", "text TEXT"),))
    conn.close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("UPDATE entries SET text = NULL WHERE id IN "
                 "(SELECT id FROM entries ORDER BY id LIMIT 3)")
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET sql = ? WHERE name = 'entries'", (sql,))
    conn.close()
    found = [r[0] for r in sqlite3.connect(path).execute("PRAGMA quick_check")]
    assert len(found) == 3  # one row each
    assert main(["check", "--db", str(path)]) == 2
    err = capsys.readouterr().err
    assert "is corrupt (NULL value in entries.text and 2 more)\n" in err, err
    assert err.count("\n") == 4


def test_a_write_that_meets_damage_says_the_one_line_the_app_shows(tmp_path: Path) -> None:
    # What the app's notification says when Enter meets a damaged page (the line stays
    # typed, as for every database error): the file, and csp check.
    import sqlite3

    from csp_tui.storage.connection import DatabaseDamaged, storage_error

    path = tmp_path / "minutes.db"
    path.write_bytes(b"")
    said = storage_error(sqlite3.DatabaseError("database disk image is malformed"), path)
    assert isinstance(said, DatabaseDamaged)
    assert str(said) == (f"{path} is damaged (database disk image is malformed); nothing "
                         "was saved; run csp check to see what can be recovered")
