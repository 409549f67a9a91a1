"""Helpers shared by the sub-commands (standard library only)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from csp_tui.domain.agenda import DEFAULT_BOARD
from csp_tui.domain.text import terminal_safe
from csp_tui.services.input_files import check_database, with_article
from csp_tui.storage.connection import default_db_path


class CliError(Exception):
    """Bad input on the command line: printed as one line, exit code 2."""


class TerminalSafeStream:
    """A text stream that passes all it is given through :func:`terminal_safe`, so
    that no stored text (an owner of ``ESC [2J``, a title with ``ESC ] 0 ;``) acts on
    the terminal, whichever command or format printed it. Everything else (``isatty``,
    ``fileno``, ``flush``) is the wrapped stream's; ``unfiltered`` is that stream, for
    the one writer that adds escape codes of its own (the coloured table, whose cells
    it makes safe itself)."""

    def __init__(self, unfiltered) -> None:  # a TextIO; typing costs the fast path
        self.unfiltered = unfiltered

    def write(self, text: str) -> int:
        """Write ``text`` made safe; returns the length given (as TextIO does)."""
        self.unfiltered.write(terminal_safe(text))
        return len(text)

    def writelines(self, lines) -> None:
        """Write each line made safe."""
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str):
        return getattr(self.unfiltered, name)


@contextmanager
def terminal_safe_output() -> Iterator[None]:
    """Standard output and error through :class:`TerminalSafeStream` for the block:
    the one choke point of every ``csp`` command's output."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = TerminalSafeStream(sys.stdout), TerminalSafeStream(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


@contextmanager
def unfiltered_output() -> Iterator[None]:
    """The real streams back for the block: the app draws the screen with escape
    codes of its own (its labels are made safe where they are built)."""
    saved = sys.stdout, sys.stderr
    sys.stdout = getattr(sys.stdout, "unfiltered", sys.stdout)
    sys.stderr = getattr(sys.stderr, "unfiltered", sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def db_parent() -> argparse.ArgumentParser:
    """A parent parser giving every (sub-)command ``--db PATH``."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--db", metavar="PATH", default=argparse.SUPPRESS,
        help="the database file (default: $CSP_DB, else minutes.db in your data folder)",
    )
    return parent


def db_path(args: argparse.Namespace, *, must_exist: bool = False) -> Path:
    """The database chosen by ``--db``, ``$CSP_DB`` or the platform default, checked
    before anything opens it: a FIFO or device is refused (opening one would hang), and
    with ``must_exist`` so is a missing file (nothing is created at a mistyped path)."""
    given = getattr(args, "db", None)
    path = Path(given).expanduser() if given else default_db_path()
    check_database(path, must_exist=must_exist)
    return path


def open_repo(args: argparse.Namespace, *, must_exist: bool = False,
              strict: bool = True):  # -> Repository
    """Open the repository for a command, for use in ``with`` (imports pydantic).

    ``must_exist``: a command that reads or changes what is there refuses a missing
    file rather than creating an empty database. ``strict``: see
    :func:`with_user_style`.
    """
    # Seam: `csp actions` loads only the standard library; this when it is needed.
    from csp_tui.storage.repository import Repository

    repo = Repository.open(db_path(args, must_exist=must_exist))
    with_user_style(repo, strict=strict)
    return repo


def with_user_style(repo, *, strict: bool = True) -> None:  # repo: Repository
    """Give ``repo`` the settings file's style and language for boards without a style of
    their own; a bad settings file is one line naming the entry (exit 2). Not
    ``strict`` (the app): a bad file is left for the app to say, as a notification."""
    # Seam: `csp actions` loads only the standard library; this when it is needed.
    from csp_tui.services.settings import SettingsError, apply_user_style

    try:
        apply_user_style(repo)
    except SettingsError as exc:
        if strict:
            repo.close()
            raise CliError(str(exc)) from None


#: SQLite's largest integer: a bigger number cannot be any row's id.
MAX_ID = 2**63 - 1


def parse_id(text: str, what: str = "action") -> int:
    """``"42"`` or ``"#42"`` -> 42; CliError (one line) for anything that cannot be the
    id of a row, including numbers of 2^63 or more, which SQLite cannot even compare."""
    digits = text.strip().lstrip("#")
    if not (digits.isascii() and digits.isdigit()):
        hint = "a number: see `csp actions`" if what == "action" else "a number"
        raise CliError(f"{text.strip()!r} is not {with_article(what)} id ({hint})")
    # Compared as text first: int() refuses over 4300 digits with its own error.
    if len(digits.lstrip("0")) > len(str(MAX_ID)) or int(digits) > MAX_ID:
        shown = digits if len(digits) <= 40 else f"{digits[:20]}...({len(digits)} digits)"
        raise CliError(f"no {what} with id {shown} (ids go up to {MAX_ID})")
    return int(digits)


def meeting_ref(text: str | None) -> str | None:
    """A meeting named on the command line, by id or date: an id is checked by
    :func:`parse_id`; anything else (a date) passes through for the lookup to judge."""
    if text is None:
        return None
    stripped = text.strip()
    if stripped.lstrip("#").isdigit():
        return str(parse_id(stripped, "meeting"))
    return text


def parse_date(text: str, what: str = "date"):
    """A date given as YYYY-MM-DD, DD/MM/YYYY or "31 October [2021]"; CliError if not."""
    # Seam: `csp actions` loads only the standard library; this when it is needed.
    from csp_tui.domain.dates import parse_day

    day = parse_day(text)
    if day is None:
        raise CliError(f"{text!r} is not a {what} (use YYYY-MM-DD)")
    return day


#: ``--board``'s help where a command works on one board.
BOARD_HELP = f"board name (default: default_board in your settings file, else {DEFAULT_BOARD})"


def settings_board() -> str | None:
    """The ``default_board`` of the user's settings file (None: not set): the board
    whose latest meeting a command takes when none is named. A bad settings file is
    one line naming the entry (exit 2)."""
    # Seam: `csp actions` loads only the standard library; this when it is needed.
    from csp_tui.services.settings import SettingsError, load_settings

    try:
        return load_settings().default_board
    except SettingsError as exc:
        raise CliError(str(exc)) from None


def board_of(args: argparse.Namespace) -> str:
    """The board a command works on: ``--board``, else the settings file's
    ``default_board``, else the built-in board."""
    return getattr(args, "board", None) or settings_board() or DEFAULT_BOARD
