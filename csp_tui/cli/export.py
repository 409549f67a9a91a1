"""`csp export` and `csp import`: the minutes as Word, Markdown or JSON, and loading a
JSON backup."""

from __future__ import annotations

import argparse
import sys

from csp_tui.cli.common import db_parent, meeting_ref, open_repo, settings_board
from csp_tui.domain.text import path_for_display, terminal_safe
from csp_tui.exporters.export import export_meeting
from csp_tui.exporters.json_io import check_import, import_record, read_json


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's sub-commands to `csp`."""
    p = sub.add_parser(
        "export", parents=[db_parent()],
        help="write the minutes (.docx in house style, tagged PDF, Markdown or JSON)",
        description="Write a meeting's minutes. The default is the public Word document "
                    "(restricted items show only their heading and public summary), named "
                    "after the board and date, in the current folder.")
    p.add_argument("meeting", nargs="?", metavar="MEETING",
                   help="meeting id or date (YYYY-MM-DD); default: the latest")
    p.add_argument("--out", "-o", metavar="PATH", help="file or folder to write")
    p.add_argument("--full", action="store_true",
                   help="the full (RESTRICTED) version with everything")
    p.add_argument("--template", metavar="REF.docx",
                   help="a Word .docx/.dotx whose styles, headers and page setup to use")
    p.add_argument("--format", dest="fmt", choices=("docx", "pdf", "md", "json", "page"),
                   default=None,
                   help="docx, pdf (tagged PDF/UA, needs LibreOffice), md (Markdown), "
                        "json (whole-meeting backup) or page (the committee-system page "
                        "layout: .html and .docx); default: from the --out file's "
                        "extension, else docx")
    p.add_argument("--action-log", action="store_true",
                   help="append the CSP Board Action Plan table")
    p.add_argument("--style", metavar="NAME|FILE",
                   help="the house style for this export of minutes not yet circulated (a "
                        "built-in: `csp style list`, or a .toml file); default: the board's "
                        "(`csp board style`); circulated and approved minutes keep theirs")
    p.add_argument("--check", action="store_true",
                   help="only run the pre-export check (the minutes, the accessibility "
                        "rules on the document, the template and, with --format pdf, the "
                        "PDF); write nothing (exit 1 on warnings)")
    p.set_defaults(run=run_export)

    i = sub.add_parser("import", parents=[db_parent()],
                       help="load a JSON backup (from `csp export --format json`)",
                       description="Load a meeting exported as JSON into the database as a "
                                   "new meeting; people are matched by name on the board.")
    i.add_argument("file", metavar="FILE.json")
    i.set_defaults(run=run_import)


def run_export(args: argparse.Namespace) -> int:
    """``csp export``: prints the path written (warnings go to stderr)."""
    args.meeting = meeting_ref(args.meeting)

    with open_repo(args, must_exist=True) as repo:
        # --check builds what the export would write (a PDF in a temporary folder) and
        # runs every check on it, the accessibility rules included; it writes nothing.
        meeting = repo.meetings.find_meeting(args.meeting, settings_board())
        result = export_meeting(repo, meeting.id, out=args.out, full=args.full,
                                template=args.template, fmt=args.fmt or _format_of(args.out),
                                action_log=args.action_log, style=args.style,
                                check_only=args.check)

    if args.check:
        for w in result.warnings:
            print(f"warning: {terminal_safe(w)}")
        if not result.warnings:
            print("no warnings: ready to export")
        return 1 if result.warnings else 0
    for w in result.warnings:
        print(f"csp: warning: {terminal_safe(w)}", file=sys.stderr)
    # Absolute, so the note taker can find the file whatever folder csp ran in.
    print(path_for_display(result.path))
    for also in result.also:
        print(path_for_display(also))
    return 0


def _format_of(out: str | None) -> str:
    """"minutes.md" -> "md", "backup.json" -> "json", "minutes.pdf" -> "pdf"; anything
    else is Word."""
    suffix = (out or "").lower().rpartition(".")[2]
    return suffix if suffix in ("md", "json", "pdf") and "/" not in suffix else "docx"


def run_import(args: argparse.Namespace) -> int:
    """``csp import FILE.json``: prints the new meeting's id and date."""
    # Read and checked before the database is opened: a bad file creates nothing.
    data = check_import(read_json(args.file))
    with open_repo(args) as repo:
        mid = import_record(repo, data)
        meeting = repo.meetings.meeting(mid)
    print(f"imported meeting {mid} of {meeting.date.isoformat()}")
    return 0
