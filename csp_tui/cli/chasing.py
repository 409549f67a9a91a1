"""``csp actions remind``, ``updates``, ``chase`` and ``export --format csv``: chasing
actions between two boards, offline (issue 24).

Not on the fast path of ``csp actions``: these import the repository, the e-mail and
calendar writers and openpyxl, each only when its command runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from csp_tui.cli.common import CliError, db_parent, open_repo
from csp_tui.domain.restriction import RESTRICTED_TEXT
from csp_tui.domain.text import one_line, path_for_display
from csp_tui.storage.action_query import LookupFailed


def register(asub: argparse._SubParsersAction) -> None:
    """Add the chasing commands under ``csp actions``."""
    r = asub.add_parser(
        "remind", parents=[db_parent()],
        help="write a reminder e-mail draft (.eml) per owner, and calendars (--ics)",
        description="One .eml draft per owner with their open actions (nothing is sent: "
                    "open each in Outlook or Thunderbird and press Send).")
    r.add_argument("--out", metavar="FOLDER", type=Path, required=True,
                   help="the folder for the drafts (made if missing)")
    r.add_argument("--owner", metavar="NAME", default="", help="only this owner's actions")
    r.add_argument("--board", metavar="NAME", default="", help="only this board's actions")
    r.add_argument("--due-within", metavar="DAYS", type=int, default=None,
                   help="only actions due from today to DAYS days on")
    r.add_argument("--overdue", action="store_true", help="only actions past their due date")
    r.add_argument("--full", action="store_true",
                   help="include restricted actions (their drafts are marked CONFIDENTIAL)")
    r.add_argument("--from", dest="sender", metavar="ADDRESS", default="",
                   help="the sender (default: the note taker's roster address)")
    r.add_argument("--ics", action="store_true",
                   help="also write each owner's dated actions as a calendar (.ics)")
    r.add_argument("--remind-days", metavar="N", type=int, default=3,
                   help="the calendar reminder, N days before the due date (default 3)")
    r.set_defaults(run=run_remind)

    u = asub.add_parser(
        "updates", parents=[db_parent()],
        help="read owners' replies (CSV or .xlsx) into the action log",
        description="Show what a reply sheet would change; --yes applies it.")
    u.add_argument("file", type=Path, help="the reply sheet (.csv or .xlsx)")
    u.add_argument("--yes", action="store_true",
                   help="apply (rows changed since their reminder are skipped)")
    u.add_argument("--full", action="store_true", help="allow updates to restricted actions")
    u.set_defaults(run=run_updates)

    c = asub.add_parser("chase", parents=[db_parent()],
                        help="the actions to chase before the board's next meeting")
    c.add_argument("--board", metavar="NAME", default="", help="the board (if several)")
    c.add_argument("--docx", metavar="FILE", type=Path, help="write a one-page table")
    c.add_argument("--full", action="store_true", help="show restricted actions' text")
    c.set_defaults(run=run_chase)


# ---------------------------------------------------------------------- remind


def _warn(text: str) -> None:
    print(f"csp: {text}", file=sys.stderr)


def run_remind(args: argparse.Namespace) -> int:
    """``csp actions remind --out FOLDER``: the drafts, and with --ics the calendars."""
    if args.due_within is not None and not 0 <= args.due_within <= 3660:
        raise CliError("--due-within takes a number of days from 0 to 3660")
    if not 0 <= args.remind_days <= 365:
        raise CliError("--remind-days takes a number of days from 0 to 365")
    # Seam: python-docx loads when that file is written or read, not with this module.
    from csp_tui.exporters.reminder_files import write_reminders
    from csp_tui.exporters.reminders import BadAddress, parse_sender

    if args.sender.strip():
        try:
            parse_sender(args.sender)  # refused before anything is written
        except BadAddress as exc:
            raise CliError(f"--from: {exc}") from None
    with open_repo(args, must_exist=True) as repo:
        done = write_reminders(
            repo, args.out, owner=args.owner, board=args.board,
            due_within=args.due_within, overdue=args.overdue, full=args.full,
            sender=args.sender, ics=args.ics, remind_days=args.remind_days)
    for line in done["warnings"]:
        _warn(line)
    for name in done["no_address"]:
        _warn(f"no e-mail address for {name} in the roster: their draft has no To")
    for line in done["skipped"]:
        _warn(f"skipped {line}")
    if done["withheld"]:
        n = done["withheld"]
        _warn(f"{n} restricted action{'s' if n != 1 else ''} left out (--full includes "
              "them, in drafts marked CONFIDENTIAL)")
    if done["no_sender"] and done["drafts"]:
        _warn("no sender: give --from, or the note taker's address in the roster "
              "(the mail program fills in the From)")
    calendars = (f" and {len(done['calendars'])} calendars"
                 + (f" ({done['cancelled']} entries cancelled)" if done["cancelled"] else "")
                 ) if args.ics else ""
    print(f"wrote {len(done['drafts'])} drafts{calendars} to {path_for_display(args.out)}")
    return 0


# ---------------------------------------------------------------------- updates


def _describe(p: Any) -> str:
    parts = [f"{field}: {old} -> {new}" for field, (old, new) in p.changes.items()]
    if p.note:
        parts.append(f"note: {p.note[:60]}{'…' if len(p.note) > 60 else ''}")
    return one_line(f"line {p.reply.line}: action {p.reply.action_id} ({p.owner or '-'}): "
                    + "; ".join(parts))


def _ask(question: str) -> bool:
    try:
        return input(f"{question} [y/N] ").strip().casefold() in ("y", "yes")
    except EOFError:
        return False


def run_updates(args: argparse.Namespace) -> int:
    """``csp actions updates FILE [--yes] [--full]``."""
    # Seam: `csp actions` loads only the standard library; this when it is needed.
    from csp_tui.services.action_replies import ReplyError, apply_plan, plan_replies

    with open_repo(args, must_exist=True) as repo:
        try:
            plan = plan_replies(repo, args.file, full=args.full)
        except ReplyError as exc:
            raise CliError(f"{path_for_display(args.file)}: {exc}") from None
        for line, why in plan.refused:
            _warn(f"line {line}: refused: {one_line(why)}")
        interactive = not args.yes and sys.stdin.isatty()
        chosen = []
        skipped = []
        for p in plan.changes:
            print(_describe(p))
            if p.changed_since is not None:
                what = (f"action {p.reply.action_id} changed since the reminder (version "
                        f"{p.reply.version}, now {p.changed_since})")
                if interactive and _ask(f"  {what}: apply this line anyway?"):
                    chosen.append(p)
                    continue
                skipped.append(p)
                _warn(f"line {p.reply.line}: skipped: {what}")
                continue
            chosen.append(p)
        if plan.unchanged:
            print(f"{plan.unchanged} row{'s' if plan.unchanged != 1 else ''} change nothing")
        if not chosen:
            print("nothing to apply")
        elif args.yes or (interactive and _ask(f"Apply {len(chosen)} changes?")):
            n = apply_plan(repo, chosen, f"reply file {one_line(args.file.name)}")
            print(f"applied {n} change{'s' if n != 1 else ''} from "
                  f"{path_for_display(args.file)}")
        else:
            print(f"nothing applied: {len(chosen)} change{'s' if len(chosen) != 1 else ''}"
                  " shown (add --yes to apply)")
    return 1 if plan.refused or skipped else 0


# ---------------------------------------------------------------------- chase


def run_chase(args: argparse.Namespace) -> int:
    """``csp actions chase [--board NAME] [--docx FILE] [--full]``."""
    # Seam: `csp actions` loads only the standard library; this when it is needed.
    from csp_tui.services.chasing import chase_list

    with open_repo(args, must_exist=True) as repo:
        try:
            chase = chase_list(repo.conn, args.board)
        except LookupFailed as exc:
            raise CliError(str(exc)) from None
        # Marked and worded in the board's house style, as its minutes and papers are.
        style = repo.settings.style_for(board_id=chase.board_id) if args.docx is not None else None
    if args.docx is not None:
        # Seam: python-docx loads when that file is written or read, not with this module.
        from csp_tui.exporters.chase_docx import write_chase_docx

        write_chase_docx(chase, args.docx, full=args.full, style=style)
        print(f"wrote {len(chase.items)} actions to {path_for_display(args.docx)}")
        return 0
    when = chase.next_meeting.isoformat() if chase.next_meeting else "not set"
    print(f"{chase.board}: next meeting {when}; "
          f"last {chase.last_meeting.isoformat() if chase.last_meeting else '-'}")
    if not chase.items:
        print("no action needs chasing")
    for c in chase.items:
        a = c.action
        hide = a.restricted and not args.full
        owner, task, due = (RESTRICTED_TEXT,) * 3 if hide else (a.owner, a.task, a.due)
        print(one_line(f"{a.id:>6}  {owner} - {task} (due {due or '-'}; {a.status}): "
                       + "; ".join(c.reasons)))
    return 0


# ---------------------------------------------------------------------- export csv


def write_reply_sheet(args: argparse.Namespace, filters: Any) -> int:
    """``csp actions export --format csv [--out FILE]``: the reply sheet of the
    matching actions (id and version first), for the note taker to hand round."""
    # Seam: `csp actions` loads only the standard library; this when it is needed.
    from csp_tui.exporters.files import write_text
    from csp_tui.services.action_replies import reply_csv
    from csp_tui.services.chasing import chase_actions

    with open_repo(args, must_exist=True) as repo:
        try:
            actions = list(chase_actions(repo.conn, filters))
        except LookupFailed as exc:
            raise CliError(str(exc)) from None
    text = reply_csv(actions, full=filters.full)
    out = getattr(args, "out", None)
    if out is None:
        sys.stdout.write(text.replace("\r\n", "\n"))
        return 0
    write_text(out, text, private=filters.full)
    print(f"wrote {len(actions)} actions to {path_for_display(out)}")
    return 0
