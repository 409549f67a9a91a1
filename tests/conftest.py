"""Shared fixtures: real databases in ``tmp_path`` and a frozen clock."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import time
from pathlib import Path

import pytest
from hypothesis import settings

from csp_tui.storage.repository import Repository

FIXTURES = Path(__file__).parent / "fixtures"

# Local times (meeting times, "left at") are shown in the system's zone: pin it so
# snapshots and expected exports are the same on every machine.
os.environ["TZ"] = "UTC"
time.tzset()

# On CI the property tests draw the same examples every run, so main's verdict does not
# depend on luck; run locally they explore new examples each time.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def no_user_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test runs without the developer's own settings file (their keymap would
    move keys the tests press): ``$CSP_CONFIG`` names a file in ``tmp_path`` that a
    test writes when it wants settings (the subprocesses of the CLI tests inherit it)."""
    path = tmp_path / "settings.toml"
    monkeypatch.setenv("CSP_CONFIG", str(path))
    return path


class FrozenClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, start: dt.datetime | None = None) -> None:
        # Noon on the demo's day: the demo meeting then runs 10:00-13:00, now in AOB.
        self.now = start or dt.datetime(2021, 3, 31, 12, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += dt.timedelta(**kwargs)


@pytest.fixture
def london():
    """Run in London time (BST on 31 March 2021: UTC+1), whatever the machine uses."""
    os.environ["TZ"] = "Europe/London"
    time.tzset()
    yield
    os.environ["TZ"] = "UTC"
    time.tzset()


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "minutes.db"


@pytest.fixture(scope="session")
def new_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new database as ``Repository.open`` leaves it (every migration run), made once
    a session: migrating a new file takes 0.2 s, copying this one 5 ms."""
    path = tmp_path_factory.mktemp("new-database") / "minutes.db"
    Repository.open(path).close()
    # Closed cleanly: the WAL is checkpointed into the file and no marker says otherwise.
    assert sorted(p.name for p in path.parent.iterdir()) == ["minutes.db"]
    return path


@pytest.fixture
def repo(db_path: Path, clock: FrozenClock, new_database: Path):
    """The database at ``db_path``, new: a copy of :func:`new_database` (file mode
    included) with an identity of its own, as every new file has."""
    shutil.copy(new_database, db_path)
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE identity SET uuid = lower(hex(randomblob(16)))")
    conn.close()
    with Repository.open(db_path, clock=clock) as r:
        yield r


@pytest.fixture
def teams_report_with_a_guess(tmp_path: Path) -> Path:
    """The Teams report fixture with Brian Parrot's address not spelling his name
    (``bparrott@``), so that the misspelt display name is a guess to confirm. In the
    fixture itself ``brian.parrott@`` makes him a sure match (the local part is a
    roster name); the tests of the guess flow use this copy."""
    text = (FIXTURES / "teams-attendance-2021-03-31.csv").read_bytes().decode("utf-16")
    assert "brian.parrott@example.org" in text  # Email and UPN columns, and activities
    path = tmp_path / "teams-attendance-guess.csv"
    path.write_bytes(text.replace("brian.parrott@example.org", "bparrott@example.org")
                     .encode("utf-16"))
    return path
