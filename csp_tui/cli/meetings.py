"""``csp`` (open the app), ``csp demo`` and ``csp new``."""

from __future__ import annotations

import argparse
from pathlib import Path

from platformdirs import user_data_dir

from csp_tui.cli.common import (
    CliError,
    board_of,
    db_parent,
    db_path,
    meeting_ref,
    open_repo,
    parse_date,
    settings_board,
    unfiltered_output,
    with_user_style,
)
from csp_tui.domain.models import Meeting
from csp_tui.domain.text import path_for_display
from csp_tui.services.input_files import check_database
from csp_tui.storage.repository import Repository


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("open", parents=[db_parent()],
                       help="open the app on a meeting (the default command)")
    p.add_argument("meeting", nargs="?", help="meeting id or date (default: live or latest)")
    p.set_defaults(run=run_app)

    p = sub.add_parser("demo", parents=[db_parent()],
                       help="create (or reset) a demo board meeting and open it")
    p.add_argument("--create-only", action="store_true",
                   help="write the demo database, print its path and exit")
    p.set_defaults(run=run_demo)

    p = sub.add_parser("new", parents=[db_parent()], help="create a meeting")
    how = p.add_mutually_exclusive_group()
    how.add_argument("--agenda", metavar="FILE", type=Path,
                     help="agenda file to import (see README: the agenda format)")
    how.add_argument("--next", action="store_true",
                     help="the board's next meeting, from the latest one's Date of Next Meeting")
    p.add_argument("--date", help="date of the meeting (YYYY-MM-DD) when there is no agenda")
    p.add_argument("--board", default=None, help="board name (default: from the agenda)")
    p.add_argument("--open", action="store_true", help="open the app on the new meeting")
    p.set_defaults(run=run_new)


def _launch(path: Path, meeting_id: int | None) -> int:
    with Repository.open(path) as repo:
        with_user_style(repo, strict=False)
        return _run(repo, meeting_id)


def _run(repo: Repository, meeting_id: int | None) -> int:
    # Seam: Textual loads only when the app runs; the other commands never load it.
    from csp_tui.app import run

    with unfiltered_output():
        return run(repo, meeting_id)


def run_app(args: argparse.Namespace) -> int:
    ref = meeting_ref(getattr(args, "meeting", None))
    # A meeting named: the database must hold it, so a mistyped --db is not created.
    # The app runs on the connection that looked (one open, one check, at start-up).
    with open_repo(args, must_exist=bool(ref), strict=False) as repo:
        return _run(repo, repo.meetings.find_meeting(ref).id if ref else None)


def demo_path(args: argparse.Namespace) -> Path:
    """The demo never touches the real minutes: it has its own file unless --db is given."""
    given = getattr(args, "db", None)
    if given:
        path = Path(given).expanduser()
    else:
        path = Path(user_data_dir("csp-minutes", appauthor=False)) / "demo.db"
    check_database(path, must_exist=False)
    return path


def run_demo(args: argparse.Namespace) -> int:
    # Seam: `csp` (the app) shares this module; the demo's services load when it runs.
    from csp_tui.services.demo import write_demo

    path = demo_path(args)
    meeting_id = write_demo(path)
    if args.create_only:
        print(path_for_display(path))
        return 0
    return _launch(path, meeting_id)


def run_new(args: argparse.Namespace) -> int:
    # Seam: `csp` (the app) shares this module; a new meeting's services load when it runs.
    from csp_tui.services.agenda_file import (
        AgendaError,
        create_from_agenda,
        load_agenda_and_style,
    )
    from csp_tui.services.next_meeting import create_next_meeting

    agenda = None
    if args.agenda:
        # Read and checked before the database is opened: a bad file creates nothing.
        try:
            agenda = load_agenda_and_style(args.agenda, board=args.board)
        except AgendaError as exc:
            raise CliError(str(exc)) from None
    elif not args.next and not args.date:
        raise CliError("give --agenda FILE, --next or --date YYYY-MM-DD")
    day = None if args.agenda or args.next else parse_date(args.date)
    with open_repo(args, must_exist=args.next) as repo:
        if args.next:
            meeting = create_next_meeting(repo, board=args.board or settings_board())
        elif agenda is not None:
            meeting = create_from_agenda(repo, *agenda)
        else:
            meeting = repo.meetings.create_meeting(Meeting(
                date=day,
                board_name=board_of(args)))
        print(f"created meeting {meeting.id}: {meeting.board_name}, {meeting.date.isoformat()}")
    if args.open:
        return _launch(db_path(args), meeting.id)
    return 0
