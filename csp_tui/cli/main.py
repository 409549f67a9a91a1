"""The ``csp`` command line.

Start-up cost matters (``csp actions`` must feel like ``ls``): this module imports
only the standard library and the module of the command named on the line.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from csp_tui import __version__
from csp_tui.cli.common import CliError, db_parent, terminal_safe_output
from csp_tui.domain.text import path_for_display
from csp_tui.storage.connection import DatabaseDamaged, StorageError, default_db_path, is_damage

#: The module of csp_tui.cli that registers each command. Only the command named on the
#: line is built (building every sub-parser costs argparse ~10 ms, a seventh of `csp
#: actions`), and only its module is imported: `csp` alone (the app) loads none of the others.
COMMANDS = {"open": "meetings", "demo": "meetings", "new": "meetings", "actions": "actions",
            "export": "export", "import": "export", "roster": "roster",
            "attendance": "roster", "minutes": "minutes", "check": "check",
            "transcript": "transcript", "style": "style", "board": "style",
            "agenda": "agenda", "keys": "keys"}


def _named_command(argv: Sequence[str]) -> str | None:
    """The first word of ``argv`` that is not an option (nor the value of ``--db``)."""
    words = iter(argv)
    for word in words:
        if word == "--db":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The ``csp`` parser: with every command, or (given ``argv``) with only the one
    it names. Help, or a word that is no command, gets them all."""
    parser = argparse.ArgumentParser(
        prog="csp",
        description="Take board minutes live in the terminal; export them in house style.",
        epilog="The guide, architecture, reliability and performance: docs/ in the "
               "source (README.md links each). In the app, F1 lists every key.",
        parents=[db_parent()],
    )
    parser.add_argument("--version", action="version", version=f"csp-minutes {__version__}")
    parser.set_defaults(run=_run_app)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    modules = list(dict.fromkeys(COMMANDS.values()))
    if argv is not None and not {"-h", "--help"} & set(argv):
        name = _named_command(argv)
        if name is None:
            modules = []  # `csp [--db PATH]`: the app
        elif name in COMMANDS:
            modules = [COMMANDS[name]]
    for module in modules:
        importlib.import_module(f"csp_tui.cli.{module}").register(sub)
    return parser


def _run_app(args: argparse.Namespace) -> int:
    """``csp`` with no command: the app (its command module loads only then)."""
    # Seam: Textual loads only when the app runs; the other commands never load it.
    from csp_tui.cli.meetings import run_app

    return run_app(args)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``csp``; returns the exit code (2 for bad input, with one line on stderr)."""
    # The one start-up setting, at the process's entry: a command's imports build
    # thousands of long-lived objects (modules, classes, the app's widgets and styles)
    # and next to no garbage, so the cyclic collector only slows start-up (about 90 M
    # of 1.99 G instructions to the app's first frame, valgrind). It stays off for the
    # one-shot commands, which end in well under a second; the app turns it back on
    # once its first frame is drawn (CspApp.on_ready).
    gc.disable()
    try:
        with terminal_safe_output():
            return _run(argv)
    finally:
        gc.enable()


def _run(argv: Sequence[str] | None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(argv).parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except CliError as exc:
        print(f"csp: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `csp actions | head`: the reader went away; that is not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as exc:  # noqa: BLE001 - the user gets one line, never a traceback

        if is_damage(exc):
            # Whichever command met it and wherever: the one line, naming the file.
            print(f"csp: {DatabaseDamaged(_database(args))}", file=sys.stderr)
            return 2
        message = _one_line(exc)
        if message is None:
            raise
        print(f"csp: {message}", file=sys.stderr)
        return 2


def _database(args: argparse.Namespace):  # -> Path
    """The database the command was given (``--db``, ``$CSP_DB`` or the default)."""
    given = getattr(args, "db", None)
    return Path(given).expanduser() if given else default_db_path()


def _one_line(exc: Exception) -> str | None:
    """The user-facing line for an expected failure, or None for a real bug."""
    if isinstance(exc, StorageError | LookupError | ValueError):
        if type(exc).__name__ == "ValidationError":
            # Seam: `csp actions` loads only the standard library; this when it is needed.
            from csp_tui.domain.models import error_message

            return error_message(exc)
        return str(exc).strip("'\"")
    if isinstance(exc, OSError):
        where = f" {path_for_display(exc.filename)}" if exc.filename else ""
        return f"cannot use{where}: {exc.strerror or exc}"
    return None


if __name__ == "__main__":
    raise SystemExit(main())
