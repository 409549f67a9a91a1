"""Shared fixtures: real databases in ``tmp_path`` and a frozen clock."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from csp_tui.storage import Repository

FIXTURES = Path(__file__).parent / "fixtures"


class FrozenClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, start: dt.datetime | None = None) -> None:
        self.now = start or dt.datetime(2021, 3, 31, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += dt.timedelta(**kwargs)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "minutes.db"


@pytest.fixture
def repo(db_path: Path, clock: FrozenClock):
    r = Repository.open(db_path, clock=clock)
    yield r
    r.close()
