"""Helpers shared by the sub-commands (standard library only)."""

from __future__ import annotations

import argparse
from pathlib import Path


class CliError(Exception):
    """Bad input on the command line: printed as one line, exit code 2."""


def db_parent() -> argparse.ArgumentParser:
    """A parent parser giving every (sub-)command ``--db PATH``."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--db", metavar="PATH", default=argparse.SUPPRESS,
        help="the database file (default: $CSP_DB, else minutes.db in your data folder)",
    )
    return parent


def db_path(args: argparse.Namespace) -> Path:
    """The database chosen by ``--db``, ``$CSP_DB`` or the platform default."""
    from csp_tui.storage.connection import default_db_path

    given = getattr(args, "db", None)
    return Path(given).expanduser() if given else default_db_path()


def open_repo(args: argparse.Namespace, *, must_exist: bool = False):  # -> Repository
    """Open the repository for a command, for use in ``with`` (imports pydantic).

    ``must_exist``: a command that only changes what is there (``csp actions done``)
    refuses a missing file rather than creating an empty database.
    """
    path = db_path(args)
    if must_exist and not path.exists():
        raise CliError(f"no database at {path}; create a meeting with csp new")
    from csp_tui.storage import Repository

    return Repository.open(path)


def parse_date(text: str, what: str = "date"):
    """A date given as YYYY-MM-DD, DD/MM/YYYY or "31 October [2021]"; CliError if not."""
    from csp_tui.domain.dates import parse_day

    day = parse_day(text)
    if day is None:
        raise CliError(f"{text!r} is not a {what} (use YYYY-MM-DD)")
    return day
