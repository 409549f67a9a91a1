"""`csp style` (the house styles: list, show, check) and `csp board style` (the board's
own)."""

from __future__ import annotations

import argparse
import sys

from csp_tui.cli.common import BOARD_HELP, CliError, board_of, db_parent, open_repo
from csp_tui.domain.house_style import (
    DEFAULT_STYLE,
    builtin_styles,
    check_style_file,
    load_style,
    style_text,
)
from csp_tui.domain.text import path_for_display


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``csp style`` and ``csp board`` to ``csp``."""
    p = sub.add_parser("style", help="the house styles the minutes are written in",
                       description="House styles: every phrase and format the minutes "
                                   "print, as a TOML file. Copy one with `csp style show "
                                   "NAME > mine.toml`, keep `extends = \"NAME\"` and the keys "
                                   "you change, check it, and give it to a board.")
    styles = p.add_subparsers(title="actions", metavar="ACTION", required=True)
    styles.add_parser("list", help="the built-in styles").set_defaults(run=run_list)
    show = styles.add_parser("show", help="print a style's whole TOML file (to copy and edit)")
    show.add_argument("name", metavar="NAME|FILE")
    show.set_defaults(run=run_show)
    check = styles.add_parser("check", help="check a style file: each bad key or value, "
                                            "with its line (exit 2)")
    check.add_argument("file", metavar="FILE")
    check.set_defaults(run=run_check)

    b = sub.add_parser("board", help="a board's settings (its house style)",
                       description="A board's own settings, kept in the database.")
    boards = b.add_subparsers(title="settings", metavar="SETTING", required=True)
    s = boards.add_parser("style", parents=[db_parent()],
                          help="show or set the board's house style (a built-in's name or a "
                               "style file, checked and then copied into the database)")
    s.add_argument("style", nargs="?", metavar="NAME|FILE",
                   help="the style to give the board; none: show the board's style")
    s.add_argument("--board", help=BOARD_HELP)
    s.set_defaults(run=run_board_style)


def run_list(args: argparse.Namespace) -> int:
    """``csp style list``: each built-in style, its description, the default marked."""
    for name in builtin_styles():
        mark = " (default)" if name == DEFAULT_STYLE else ""
        print(f"{name}{mark}: {load_style(name).description}")
    return 0


def run_show(args: argparse.Namespace) -> int:
    """``csp style show NAME``: the style's TOML, whole, as the file has it."""
    print(style_text(args.name), end="")
    return 0


def run_check(args: argparse.Namespace) -> int:
    """``csp style check FILE``: "FILE: ok", or one line per problem on stderr, exit 2."""
    problems = check_style_file(args.file)
    if not problems:
        print(f"{path_for_display(args.file)}: ok")
        return 0
    for problem in problems:
        print(f"csp: {path_for_display(args.file)}: {problem}", file=sys.stderr)
    return 2


def run_board_style(args: argparse.Namespace) -> int:
    """``csp board style [NAME|FILE]``: the board's style, or give it one (a file is
    checked first: a bad one is one line, exit 2, and nothing is written)."""
    if args.style is None:
        with open_repo(args) as repo:
            board = repo.meetings.board(board_of(args))
            assert board.id is not None
            print(f"{board.name}: {repo.settings.board_style_name(board.id)}")
        return 0
    load_style(args.style)  # checked before the database is opened: StyleError, exit 2
    with open_repo(args) as repo:
        board = repo.meetings.board(board_of(args))
        if board.id is None:
            raise CliError(f"no board called {board_of(args)!r}")
        style = repo.settings.set_board_style(board.id, args.style)
        from csp_tui.domain.lifecycle import style_fixed

        kept = sum(1 for m in repo.meetings.meetings(board.id) if style_fixed(m.state))
    print(f"{board.name}: house style {style.name}")
    if kept:
        # The clerk is told what the change does not touch: the record.
        verb = "s keep the style they were" if kept != 1 else " keeps the style it was"
        print(f"{kept} circulated or approved meeting{verb} circulated in")
    return 0
