"""``csp minutes``: the minutes as a record. Their states (draft, live, closed,
circulated, approved), circulating a numbered version, approving (freezing) and
reopening them, their history, and what changed between versions."""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import sys
from pathlib import Path

from csp_tui.cli.common import CliError, db_parent, open_repo, parse_date, settings_board
from csp_tui.cli.transcript import purge_offer
from csp_tui.domain.lifecycle import check_move
from csp_tui.domain.models import MeetingState
from csp_tui.domain.text import path_for_display, terminal_safe
from csp_tui.exporters.diff import diff_lines, minutes_at, paragraph_diff, write_tracked_docx
from csp_tui.exporters.export import export_meeting, minutes_of, target_path
from csp_tui.exporters.files import atomic_write
from csp_tui.exporters.pdf import convert_to_pdf, require_soffice


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``csp minutes`` and its sub-commands to ``csp``."""
    p = sub.add_parser(
        "minutes", parents=[db_parent()],
        help="the minutes' lifecycle: status, close, circulate, approve, reopen, history, diff",
        description="Minutes go draft -> live -> closed -> circulated (version N sent to "
                    "the chair) -> approved (frozen: every export is the same file). "
                    "MEETING is an id or a date (YYYY-MM-DD); default: the latest.")
    p.set_defaults(run=lambda args: p.print_help() or 2)
    cmds = p.add_subparsers(title="commands", metavar="COMMAND")

    def command(name: str, help_text: str, run, *, meeting_required: bool = False):
        c = cmds.add_parser(name, parents=[db_parent()], help=help_text,
                            description=help_text)
        c.add_argument("--meeting", metavar="MEETING", required=meeting_required,
                       help="meeting id or date (YYYY-MM-DD)" + (
                           "" if meeting_required else "; default: the latest"))
        c.set_defaults(run=run)
        return c

    command("status", "the state of every meeting's minutes (or of one)", run_status)
    command("close", "close a live meeting: its minutes are being tidied", run_close)
    c = command("circulate", "write the public and full .docx as the next version, "
                             "recording when and each file's SHA-256", run_circulate)
    c.add_argument("--out", "-o", metavar="FOLDER", help="where to write (default: here)")
    c.add_argument("--pdf", action="store_true",
                   help="also write each version's tagged PDF (for the website; needs "
                        "LibreOffice)")
    c = command("approve", "the board approved the minutes: freeze them", run_approve)
    c.add_argument("--on", metavar="DATE", help="the day the board approved them "
                                                "(default: today)")
    c = command("reopen", "unfreeze approved minutes, with the reason in their history",
                run_reopen, meeting_required=True)
    c.add_argument("--reason", metavar="TEXT", required=True, help="why they are reopened")
    command("history", "every version with its state, time and file hashes", run_history)
    c = command("diff", "what changed, paragraph by paragraph (coloured on a terminal)",
                run_diff)
    c.add_argument("--from", dest="from_", metavar="N", help="version to compare from "
                   "(default: the latest)")
    c.add_argument("--to", metavar="M|now", default="now",
                   help="version to compare to, or now (default)")
    c.add_argument("--full", action="store_true",
                   help="include restricted items (the output is RESTRICTED)")
    c.add_argument("--docx", metavar="FILE", help="write the changes as a Word document "
                   "with tracked changes instead")


def _meeting(repo, args: argparse.Namespace):  # -> Meeting
    meeting = repo.meetings.find_meeting(getattr(args, "meeting", None), settings_board())
    assert meeting.id is not None
    return meeting


def _say(text: str) -> None:
    print(terminal_safe(text))


def _when(at) -> str:
    return at.astimezone().strftime("%Y-%m-%d %H:%M")


def run_status(args: argparse.Namespace) -> int:
    """``csp minutes status``: one line per meeting: date, id, board, state, version."""
    with open_repo(args, must_exist=True) as repo:
        meetings = ([_meeting(repo, args)] if args.meeting else
                    sorted(repo.meetings.meetings(), key=lambda m: (m.date, m.id or 0)))
        for m in meetings:
            assert m.id is not None
            version = repo.versions.latest_version(m.id)
            shown = f"  version {version}" if version else ""
            _say(f"{m.date.isoformat()}  #{m.id}  {m.board_name}  {m.state.value}{shown}")
        if not meetings:
            print("no meetings yet")
    return 0


def _move(args: argparse.Namespace, state_name: str, **kwargs) -> int:
    with open_repo(args, must_exist=True) as repo:
        m = _meeting(repo, args)
        assert m.id is not None
        repo.versions.move_minutes(m.id, MeetingState(state_name), **kwargs)
        after = repo.meetings.meeting(m.id)
    _say(f"the minutes of {m.date.isoformat()} are {after.state.value}")
    return 0


def run_close(args: argparse.Namespace) -> int:
    """``csp minutes close``: a live (or prepared) meeting is over."""
    return _move(args, "closed")


def run_reopen(args: argparse.Namespace) -> int:
    """``csp minutes reopen --reason``: approved minutes may change again."""
    if not args.reason.strip():
        raise CliError("reopening approved minutes needs a reason (--reason TEXT)")
    return _move(args, "closed", reason=args.reason)


def run_approve(args: argparse.Namespace) -> int:
    """``csp minutes approve [--on DATE]``: freeze the record as it stands."""
    on = parse_date(args.on, "approval date") if args.on else dt.date.today()
    code = _move(args, "approved", approved_on=on)

    with open_repo(args, must_exist=True) as repo:
        offer = purge_offer(repo, _meeting(repo, args))
    if offer:
        _say(offer)
    return code


def run_circulate(args: argparse.Namespace) -> int:
    """``csp minutes circulate [--pdf]``: write both .docx (and with ``--pdf`` each
    one's tagged PDF) as version N, then record them."""
    folder = Path(args.out or ".").expanduser()
    if not folder.is_dir():
        raise CliError(f"--out must be an existing folder: {path_for_display(folder)}")
    # Before anything is written: without LibreOffice there is no PDF.
    soffice = _soffice() if args.pdf else ""

    with open_repo(args, must_exist=True) as repo:
        m = _meeting(repo, args)
        assert m.id is not None
        # Refused before anything is written; the state changes only once every file
        # is in place (each written atomically), so a crash leaves the old state whole.
        check_move(m.state, MeetingState.CIRCULATED)
        version = repo.versions.latest_version(m.id) + 1
        files: dict[str, str] = {}
        paths = []
        for full in (False, True):
            stem = minutes_of(repo, m.id, full=full)[1].file_stem
            target = target_path(folder, f"{stem}-v{version}", "docx")
            result = export_meeting(repo, m.id, full=full, fmt="docx", out=target)
            written = [result.path]
            if soffice:
                pdf, warnings = _circulated_pdf(result.path, soffice, full=full)
                written.append(pdf)
                result.warnings += warnings
            for w in result.warnings if not full else []:
                print(f"csp: warning: {terminal_safe(w)}", file=sys.stderr)
            for path in written:
                files[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
            paths += written
        repo.versions.move_minutes(m.id, MeetingState.CIRCULATED, files=files)

    for path in paths:
        print(path_for_display(path))
    _say(f"the minutes of {m.date.isoformat()} circulated as version {version}")
    return 0


def _soffice() -> str:
    return require_soffice()


def _circulated_pdf(docx, soffice: str, *, full: bool):  # -> tuple[Path, list[str]]
    """The tagged PDF of the circulated ``docx`` beside it (the very file recorded,
    converted), and the PDF check's warnings."""
    # Seam: pikepdf loads when that file is written or read, not with this module.
    from csp_tui.exporters.pdf_check import pdf_warnings

    data = convert_to_pdf(docx, soffice)
    path = atomic_write(docx.with_suffix(".pdf"), lambda t: t.write_bytes(data),
                        private=full)
    return path, pdf_warnings(data, f"the PDF {docx.with_suffix('.pdf').name}")


def run_history(args: argparse.Namespace) -> int:
    """``csp minutes history``: each version (or reopening) with its files' hashes."""
    with open_repo(args, must_exist=True) as repo:
        m = _meeting(repo, args)
        assert m.id is not None
        rows = repo.versions.history(m.id)
    _say(f"{m.date.isoformat()}  #{m.id}  {m.board_name}  now {m.state.value}")
    if not rows:
        print("  no version yet: circulate or approve the minutes")
    for v in rows:
        what = f"version {v.version}" if v.version is not None else "reopened"
        extra = f"  approved on {v.approved_on.isoformat()}" if v.approved_on else ""
        extra += f"  reason: {v.reason}" if v.reason else ""
        _say(f"  {what:<10}  {v.state.value:<10}  {_when(v.at)}{extra}")
        for name, sha in v.files.items():
            _say(f"      {sha}  {name}")
    return 0


def _version(text: str | None, what: str) -> int | None:
    if text is None or text.strip().casefold() == "now":
        return None
    if not text.strip().isdigit() or int(text) < 1:
        raise CliError(f"{what} {text!r} is not a version number (1, 2, ... or now)")
    return int(text)


def run_diff(args: argparse.Namespace) -> int:
    """``csp minutes diff``: the paragraphs that changed between two versions."""
    to = _version(args.to, "--to")
    with open_repo(args, must_exist=True) as repo:
        m = _meeting(repo, args)
        assert m.id is not None
        if args.from_ is not None:
            start = _version(args.from_, "--from")
            if start is None:
                raise CliError("--from needs a version number")
        else:
            start = repo.versions.latest_version(m.id) if to is None else to - 1
            if start < 1:
                raise CliError("there is no earlier version to compare with: circulate "
                               "the minutes first (csp minutes circulate)")
        old = minutes_at(repo, m.id, start, full=args.full)
        new = minutes_at(repo, m.id, to, full=args.full)
        changes = paragraph_diff(old.paras, new.paras)
        if args.docx:
            author = m.note_taker or "csp-minutes"
            path = write_tracked_docx(changes, Path(args.docx).expanduser(), author=author,
                                      when=repo.clock(), title=new.title, full=args.full)
            print(path_for_display(path))
            return 0
    label = f"version {to}" if to is not None else "now"
    print(f"--- version {start}\n+++ {label}")
    lines = diff_lines(changes, colour=sys.stdout.isatty())
    print("\n".join(lines) if lines else "no changes")
    return 0
