"""``csp actions``: list, show, complete, update and export the actions of the boards.

Listing and ``show`` run on :mod:`csp_tui.storage.action_query` (standard library
sqlite3, read-only) and print with :mod:`csp_tui.cli.actions_output`, so that they
answer in a blink; ``done``, ``update`` and ``export`` write or
render through the Repository and may import pydantic and friends.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from csp_tui.cli import chasing
from csp_tui.cli.actions_output import FORMATS, write_action, write_actions
from csp_tui.cli.chasing import write_reply_sheet
from csp_tui.cli.common import (
    CliError,
    db_parent,
    db_path,
    meeting_ref,
    open_repo,
    parse_date,
    parse_id,
)
from csp_tui.domain.text import path_for_display
from csp_tui.storage.action_query import (
    ActionRows,
    Filters,
    LookupFailed,
    find_action,
    find_actions,
    normalise_status,
)
from csp_tui.storage.connection import DatabaseDamaged, is_damage, open_readonly

T = TypeVar("T")

_RAG = {"r": "R", "red": "R", "a": "A", "amber": "A", "g": "G", "green": "G"}
_NO_RAG = {"none", "-", "clear"}


def _add_filters(p: argparse.ArgumentParser) -> None:
    # SUPPRESS: a filter given before a sub-command (``csp actions --owner x export``)
    # is not wiped by the sub-command's own default.
    s = argparse.SUPPRESS
    p.add_argument("--owner", metavar="TEXT", default=s,
                   help="owner's words (any case, the last as a prefix: 'jade', 'chris "
                        "lyons'), or part of the name of a roster person it was resolved to")
    p.add_argument("--status", metavar="S", action="append", default=s,
                   help="open, 'in progress', completed or dropped (repeat or comma list)")
    p.add_argument("--all", action="store_true", default=s,
                   help="include completed and dropped actions")
    p.add_argument("--overdue", action="store_true", default=s,
                   help="open actions whose due date has passed")
    p.add_argument("--since", metavar="DATE", default=s,
                   help="actions of meetings on or after DATE")
    p.add_argument("--meeting", metavar="DATE|ID", default=s, help="actions of one meeting")
    p.add_argument("--board", metavar="NAME", default=s, help="actions of one board")
    p.add_argument("--search", metavar="WORDS", default=s,
                   help="full-text search over the action, its owner and its updates")
    p.add_argument("--full", action="store_true", default=s,
                   help="show the text of actions raised under restricted items")


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``csp actions`` and its sub-commands to ``csp``."""
    p = sub.add_parser(
        "actions", parents=[db_parent()], help="list, show and update the action log",
        description="Open actions of every meeting (add --all for closed ones too).")
    _add_filters(p)
    p.add_argument("--format", metavar="FMT", default=argparse.SUPPRESS,
                   help="table (default), csv, json or md")
    p.set_defaults(run=run_list)
    asub = p.add_subparsers(title="commands", metavar="COMMAND")

    s = asub.add_parser("show", parents=[db_parent()], help="one action with its history")
    s.add_argument("id", help="the action's id (first column of the list)")
    s.add_argument("--full", action="store_true", default=argparse.SUPPRESS,
                   help="show the text even if raised under a restricted item")
    s.add_argument("--format", metavar="FMT", default=argparse.SUPPRESS,
                   help="text (default) or json")
    s.set_defaults(run=run_show)

    d = asub.add_parser("done", parents=[db_parent()], help="mark an action completed")
    d.add_argument("id")
    d.add_argument("--note", default="", help="what was done (kept in its history)")
    d.set_defaults(run=run_done)

    u = asub.add_parser("update", parents=[db_parent()], help="change an action")
    u.add_argument("id")
    u.add_argument("--status", dest="new_status", metavar="S",
                   help="open, 'in progress', completed or dropped")
    u.add_argument("--due", dest="new_due", metavar="D",
                   help="a date (normalised to YYYY-MM-DD) or words such as ASAP")
    u.add_argument("--owner", dest="new_owner", metavar="O", help="the new owner")
    u.add_argument("--rag", dest="new_rag", metavar="R|A|G", help="R, A or G (none clears)")
    u.add_argument("--note", default="", help="a progress note (kept in its history)")
    u.set_defaults(run=run_update)

    e = asub.add_parser("export", parents=[db_parent()],
                        help="write the action log as a Word table, or the reply sheet "
                             "(--format csv)")
    e.add_argument("--docx", metavar="PATH", type=Path, help="the .docx file to write")
    e.add_argument("--format", dest="sheet_format", metavar="csv", default=None,
                   help="csv: the reply sheet owners fill in (id, version, ..., status, "
                        "rag, new due, note) for `csp actions updates`")
    e.add_argument("--out", metavar="PATH", type=Path, default=None,
                   help="with --format csv: the file to write (default: standard output)")
    _add_filters(e)
    e.set_defaults(run=run_export)


    chasing.register(asub)


# ---------------------------------------------------------------------- helpers


def _filters(args: argparse.Namespace) -> Any:
    statuses: list[str] = []
    for given in getattr(args, "status", None) or []:
        statuses += [normalise_status(s) for s in given.split(",") if s.strip()]
    since = getattr(args, "since", None)
    return Filters(
        owner=getattr(args, "owner", ""), statuses=statuses,
        include_closed=getattr(args, "all", False), overdue=getattr(args, "overdue", False),
        since=parse_date(since) if since else None,
        meeting=meeting_ref(getattr(args, "meeting", "")) or "",
        board=getattr(args, "board", ""), search=getattr(args, "search", ""),
        full=getattr(args, "full", False))


def _lookup(path: Path, work: Callable[[sqlite3.Connection], T]) -> T:
    """Run ``work(conn)`` on a read-only connection, sqlite errors as one line."""
    conn = open_readonly(path)
    try:
        return work(conn)
    except LookupFailed as exc:
        raise CliError(str(exc)) from None
    except sqlite3.Error as exc:
        if is_damage(exc):
            raise DatabaseDamaged(path) from None
        raise CliError(f"cannot read {path_for_display(path)}: {exc}") from None
    finally:
        conn.close()


# ---------------------------------------------------------------------- commands


def run_list(args: argparse.Namespace) -> int:
    """``csp actions``: the matching actions as a table, CSV, JSON or Markdown."""
    fmt = getattr(args, "format", "table").strip().lower()
    if fmt not in FORMATS:
        raise CliError(f"unknown format {fmt!r} (use one of: {', '.join(FORMATS)})")
    try:
        filters = _filters(args)
    except LookupFailed as exc:
        raise CliError(str(exc)) from None
    # Printed while the query runs (rows streamed, never gathered): on ten years of
    # boards `--all` is 100,000 rows.
    written = _lookup(db_path(args, must_exist=True), lambda conn: write_actions(
        ActionRows(conn, filters), fmt, sys.stdout, today=filters.today))
    if not written and fmt == "table":
        what = "actions" if filters.include_closed or filters.statuses else "open actions"
        print(f"no {what} match", file=sys.stderr)
    return 0


def run_show(args: argparse.Namespace) -> int:
    """``csp actions show ID``: one action with its history."""
    action_id = parse_id(args.id)
    fmt = getattr(args, "format", "text").strip().lower()
    if fmt not in ("text", "table", "json"):
        raise CliError(f"unknown format {fmt!r} (use text or json)")
    full = getattr(args, "full", False)
    action = _lookup(db_path(args, must_exist=True),
                     lambda conn: find_action(conn, action_id, full=full))
    if fmt == "json":
        # Seam: each output format loads its own module (`csp actions` starts in a blink).
        import json

        json.dump(action, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        write_action(action, sys.stdout)
    return 0


def parse_due(text: str) -> str:
    """``--due`` as stored (see :func:`csp_tui.domain.action_line.read_due`; said
    between meetings, a day without a year is read against today); a broken date is a
    CliError."""
    # Seam: `csp actions` loads only the standard library; this when it is needed.
    from csp_tui.domain.action_line import read_due

    try:
        return read_due(text, None)
    except ValueError as exc:
        raise CliError(str(exc)) from None


def parse_rag(text: str) -> str | None:
    """"r", "Red" -> "R"; "none" -> None (clears); CliError for anything else."""
    key = text.strip().lower()
    if key in _NO_RAG:
        return None
    if key not in _RAG:
        raise CliError(f"unknown RAG {text.strip()!r} (use R, A or G, or none)")
    return _RAG[key]


def _report(before: Any, after: Any) -> None:
    if after.updates and (not before.updates or after.updates[-1].id != before.updates[-1].id):
        last = after.updates[-1]
        what = "; ".join(p for p in (last.change, last.note) if p)
        print(f"action {after.id}: {what}")
    else:
        print(f"action {after.id}: nothing to change")


def run_done(args: argparse.Namespace) -> int:
    """``csp actions done ID [--note TEXT]``."""
    action_id = parse_id(args.id)
    with open_repo(args, must_exist=True) as repo:
        before = repo.minutes.action(action_id)
        after = repo.minutes.complete_action(action_id, note=args.note)
        _report(before, after)
    return 0


def run_update(args: argparse.Namespace) -> int:
    """``csp actions update ID [--status S] [--due D] [--owner O] [--rag R] [--note T]``."""
    action_id = parse_id(args.id)
    changes: dict[str, Any] = {}
    if args.new_status is not None:
        try:
            changes["status"] = normalise_status(args.new_status)
        except LookupFailed as exc:
            raise CliError(str(exc)) from None
    if args.new_due is not None:
        changes["due"] = parse_due(args.new_due)
    if args.new_rag is not None:
        changes["rag"] = parse_rag(args.new_rag)
    if args.new_owner is not None:
        changes["owner"] = " ".join(args.new_owner.split())
    if not changes and not args.note.strip():
        raise CliError("nothing to update: give --status, --due, --owner, --rag or --note")
    with open_repo(args, must_exist=True) as repo:
        # Seam: `csp actions` loads only the standard library; this when it is needed.
        from csp_tui.domain.models import ActionStatus

        before = repo.minutes.action(action_id)
        if "status" in changes:
            changes["status"] = ActionStatus(changes["status"])
        if "owner" in changes:
            assert before.meeting_id is not None
            changes["owner_ids"] = repo.people.owner_ids(before.meeting_id, changes["owner"])
        after = repo.minutes.update_action(action_id, note=args.note, **changes)
        _report(before, after)
    return 0


def run_export(args: argparse.Namespace) -> int:
    """``csp actions export --docx PATH``: the matching actions as a Word table (or
    with ``--format csv`` the reply sheet, see :func:`csp_tui.cli.chasing.write_reply_sheet`)."""
    try:
        filters = _filters(args)
    except LookupFailed as exc:
        raise CliError(str(exc)) from None
    if args.sheet_format is not None:
        if args.sheet_format.strip().lower() != "csv":
            raise CliError(f"unknown format {args.sheet_format.strip()!r} (use csv, or "
                           "--docx PATH for the Word table)")

        return write_reply_sheet(args, filters)
    if args.docx is None:
        raise CliError("give --docx PATH (the Word table) or --format csv (the reply sheet)")
    full = filters.full
    with open_repo(args, must_exist=True) as repo:
        try:
            rows = find_actions(repo.conn, filters)
        except LookupFailed as exc:
            raise CliError(str(exc)) from None
        actions = []
        for row in rows:
            action = repo.minutes.action(row["id"])
            if row["restricted"] and not full:
                # Withheld here, not only by the exporter: restricted text never
                # reaches a public file.
                action = action.model_copy(update={
                    "task": row["action"], "owner": row["owner"], "owner_ids": [],
                    "due": row["due"],
                    "updates": [u.model_copy(update={"note": "", "change": ""})
                                for u in action.updates]})
            actions.append(action)
        meeting_ids = {r["meeting_id"] for r in rows}
        board_ids = {m.board_id for m in repo.meetings.meetings() if m.id in meeting_ids}
        people = [p for b in sorted(i for i in board_ids if i is not None)
                  for p in repo.people.people(b)]
        # Seam: `csp actions` loads only the standard library; this when it is needed.
        from csp_tui.exporters.action_log import write_action_log_docx
        from csp_tui.exporters.export import meeting_dates

        # One board's plan is in its house style; several boards' in the default.
        style = (repo.settings.style_for(board_id=next(iter(board_ids)))
                 if len(board_ids) == 1 else None)
        write_action_log_docx(actions, people, args.docx, full=full,
                              restricted=frozenset(r["id"] for r in rows if r["restricted"]),
                              started=meeting_dates(repo, actions), style=style)

    print(f"wrote {len(actions)} actions to {path_for_display(args.docx)}")
    return 0
