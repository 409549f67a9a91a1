"""`csp roster import|list|export` and `csp attendance import`."""

from __future__ import annotations

import argparse
import sys

from csp_tui.cli.common import (
    BOARD_HELP,
    CliError,
    board_of,
    db_parent,
    meeting_ref,
    open_repo,
    settings_board,
)
from csp_tui.domain.attendance import attendance_lines
from csp_tui.domain.text import path_for_display
from csp_tui.exporters.roster_csv import export_roster
from csp_tui.services.attendance_import import apply, propose
from csp_tui.services.roster import import_people, read_roster_file
from csp_tui.services.teams import read_report


def register(sub: argparse._SubParsersAction) -> None:
    """Add `csp roster ...` and `csp attendance ...` to `csp`."""
    parent = db_parent()
    roster = sub.add_parser("roster", help="the board's roster of people",
                            description="Import, list or export the board's roster.")
    rsub = roster.add_subparsers(title="roster commands", metavar="COMMAND", required=True)

    p = rsub.add_parser("import", parents=[parent], help="add or update people from a CSV file",
                        description="Import a roster CSV (columns name, post_title, "
                        "organisation, email, group; UTF-8). A bad file changes nothing.")
    p.add_argument("file", metavar="FILE.csv")
    p.add_argument("--board", help=BOARD_HELP)
    p.set_defaults(run=run_import)

    p = rsub.add_parser("list", parents=[parent], help="list the roster")
    p.add_argument("--board", help=BOARD_HELP)
    p.set_defaults(run=run_list)

    p = rsub.add_parser("export", parents=[parent], help="write the roster to a CSV file")
    p.add_argument("file", metavar="FILE.csv")
    p.add_argument("--board", help=BOARD_HELP)
    p.set_defaults(run=run_export)

    att = sub.add_parser("attendance", help="meeting attendance",
                         description="Import who attended a meeting.")
    asub = att.add_subparsers(title="attendance commands", metavar="COMMAND", required=True)
    p = asub.add_parser(
        "import", parents=[parent], help="import a Teams attendance report",
        description="Match a Teams attendance report to the roster and record attendance. "
        "On a terminal each guess is asked about; with --yes (or without a terminal) only "
        "confident matches are applied and the rest are listed as unmatched.")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--meeting", metavar="ID|DATE",
                   help="the meeting (default: the meeting on the report's date)")
    p.add_argument("--yes", "-y", action="store_true",
                   help="accept every confident match without asking; leave the rest")
    p.add_argument("--no-apologies", action="store_true",
                   help="do not record members who did not join as apologies")
    p.set_defaults(run=run_attendance_import)


def run_import(args: argparse.Namespace) -> int:
    # Read and checked before the database is opened: a bad file creates nothing.
    people = read_roster_file(args.file)
    with open_repo(args) as repo:
        result = import_people(repo, people, board_of(args), source=args.file)
    print(f"{board_of(args)}: {result.summary()}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    name = board_of(args)
    with open_repo(args, must_exist=True) as repo:
        board = next((b for b in repo.meetings.boards() if b.name.casefold() == name.casefold()),
                     None)
        if board is None or board.id is None:
            raise CliError(f"no board called {name!r}; import a roster first")
        people = repo.people.people(board.id)
    if not people:
        print(f"{board.name}: the roster is empty")
        return 0
    width = max(len(p.name) for p in people)
    for p in people:
        detail = ", ".join(x for x in (p.post_title, p.organisation, p.email) if x)
        print(f"{p.name:<{width}}  {p.group.value:<8}  {detail}".rstrip())
    return 0


def run_export(args: argparse.Namespace) -> int:
    with open_repo(args, must_exist=True) as repo:
        count = export_roster(repo, args.file, board_of(args))
    print(f"wrote {count} people to {path_for_display(args.file)}")
    return 0


def _ask(question: str) -> bool:
    try:
        answer = input(f"{question} [y/n] ")
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")


def run_attendance_import(args: argparse.Namespace) -> int:
    report = read_report(args.file)
    interactive = not args.yes and sys.stdin.isatty() and sys.stdout.isatty()
    named = meeting_ref(args.meeting)
    with open_repo(args, must_exist=True) as repo:
        if named:
            meeting = repo.meetings.find_meeting(named)
        elif report.start is not None:
            try:
                meeting = repo.meetings.find_meeting(report.start.date().isoformat())
            except LookupError:
                raise CliError(f"no meeting on {report.start.date().isoformat()} (the "
                               "report's date); name one with --meeting ID|DATE") from None
        else:
            meeting = repo.meetings.find_meeting(None, settings_board())
        assert meeting.id is not None
        plan = propose(repo, meeting.id, report, any_date=bool(named))
        left_out: list[str] = []
        for guess in plan.guesses:
            assert guess.match is not None
            question = f"{guess.participant.name!r} is {guess.match.describe()}?"
            guess.accepted = interactive and _ask(question)
            if not guess.accepted:
                left_out.append(f"{guess.participant.name} (maybe {guess.match.describe()})")
        for extra in plan.additional:
            extra.accepted = interactive and _ask(
                f"{extra.participant.name!r} is not on the roster: add as an additional "
                "attendee?")
            if not extra.accepted:
                left_out.append(f"{extra.participant.name} (not on the roster)")
        left_out += [f"{p.name} (phone number)" if p.is_phone else p.name
                     for p in plan.unmatched]
        done = apply(repo, plan, mark_missing=not args.no_apologies)
        lines = attendance_lines(repo.people.attendance(meeting.id), meeting.chair,
                                 meeting.note_taker, repo.settings.style_for(meeting.id))
    print(f"meeting of {meeting.date.isoformat()}: {len(done)} attendance records written")
    for label, names in lines:
        print(f"{label} {names}")
    if left_out:
        print("not applied (unmatched):")
        for name in left_out:
            print(f"  {name}")
    return 0
