"""``csp transcript``: a meeting's Teams transcript, filed under its agenda items.

    csp transcript import FILE [--meeting D] [--started HH:MM[:SS]] [--replace]
    csp transcript shift ±SECONDS [--meeting D]
    csp transcript show [--meeting D] [--item N] [--speaker NAME] [--search WORDS]
                        [--format text|json] [--full]
    csp transcript stats [--meeting D] [--full]
    csp transcript purge [--meeting D]

Standard library only at module level (see :mod:`csp_tui.cli.main`).
"""

from __future__ import annotations

import argparse
import json
import sys

from csp_tui.cli.common import CliError, db_parent, open_repo, settings_board
from csp_tui.domain.attendance import join_names
from csp_tui.domain.restriction import RESTRICTED_TEXT
from csp_tui.domain.text import terminal_safe
from csp_tui.domain.timing import fmt_mmss
from csp_tui.services.transcript import (
    Filter,
    bar,
    cue_rows,
    find_items,
    import_transcript,
    purge_transcript,
    shift_transcript,
    stored_transcript,
    talk_by_item,
)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("transcript", parents=[db_parent()],
                       help="a meeting's Teams transcript, item by item (kept private)")
    tsub = p.add_subparsers(title="transcript commands", metavar="WHAT", required=True)

    def command(name: str, help_text: str, run) -> argparse.ArgumentParser:
        c = tsub.add_parser(name, parents=[db_parent()], help=help_text)
        c.add_argument("--meeting", metavar="D", default=None,
                       help="meeting id or date (default: the live or latest meeting)")
        c.set_defaults(run=run)
        return c

    c = command("import", "read a Teams transcript (.vtt or .docx) into a meeting", run_import)
    c.add_argument("file", metavar="FILE", help="the transcript Teams let you download")
    c.add_argument("--started", metavar="HH:MM[:SS]",
                   help="when the recording started (default: the .docx header, else the "
                        "first item's start)")
    c.add_argument("--replace", action="store_true",
                   help="replace the meeting's transcript if it has one")

    c = command("shift", "move the recording's start and file every cue again", run_shift)
    c.add_argument("seconds", metavar="±SECONDS",
                   help="seconds later (+) or earlier (-); 0 files again after timings changed")

    c = command("show", "print the transcript, item by item", run_show)
    c.add_argument("--item", metavar="N", help="only item N (4 with its sub-items, or 4(i))")
    c.add_argument("--speaker", metavar="NAME", default="", help="only what NAME said")
    c.add_argument("--search", metavar="WORDS", default="",
                   help="only cues containing every word")
    c.add_argument("--format", choices=("text", "json"), default="text")
    c.add_argument("--full", action="store_true",
                   help="include restricted items' cues (confidential)")

    c = command("stats", "talk time per item by speaker", run_stats)
    c.add_argument("--full", action="store_true",
                   help="name the speakers of restricted items (confidential)")

    command("purge", "delete the meeting's transcript for good", run_purge)


def _say(text: str, *, err: bool = False) -> None:
    """One line to the terminal, made safe (transcripts are text from elsewhere)."""
    print(terminal_safe(text), file=sys.stderr if err else sys.stdout)


def _when(meeting) -> str:
    return f"the meeting of {meeting.date:%d %B %Y}"


def run_import(args: argparse.Namespace) -> int:
    with open_repo(args, must_exist=True) as repo:
        meeting = repo.meetings.find_meeting(args.meeting, settings_board())
        assert meeting.id is not None
        result = import_transcript(repo, meeting.id, args.file, started=args.started,
                                   replace=args.replace)
    if result.start.warning:
        _say(f"csp: warning: {result.start.warning}", err=True)
    where = ", ".join(f"{n} {place}" for place, n in result.per_place.items())
    _say(f"imported {result.cues} cues into {_when(meeting)} ({where}); the recording "
         f"started at {result.start.at.astimezone():%H:%M:%S} ({result.start.source})")
    if result.unmatched:
        _say(f"not on the roster, kept as written: {join_names(result.unmatched)}")
    if result.absent:
        _say(f"spoke but not marked present: {join_names([p.name for p in result.absent])} "
             f"(mark them in the app's attendance screen)")
    return 0


def run_shift(args: argparse.Namespace) -> int:
    try:
        seconds = float(args.seconds)
    except ValueError:
        raise CliError(f"{args.seconds!r} is not a number of seconds (e.g. +90 or -30)") \
            from None
    if not abs(seconds) < 86400:
        raise CliError(f"{args.seconds!r}: give a shift of less than a day in seconds")
    with open_repo(args, must_exist=True) as repo:
        meeting = repo.meetings.find_meeting(args.meeting, settings_board())
        assert meeting.id is not None
        start = shift_transcript(repo, meeting.id, seconds)
    _say(f"the recording of {_when(meeting)} now starts at {start.astimezone():%H:%M:%S}; "
         f"every cue filed again")
    return 0


def run_show(args: argparse.Namespace) -> int:
    with open_repo(args, must_exist=True) as repo:
        meeting = repo.meetings.find_meeting(args.meeting, settings_board())
        assert meeting.id is not None and meeting.board_id is not None
        stored_transcript(repo, meeting.id)
        items = repo.meetings.items(meeting.id)
        flt = Filter(item_ids=find_items(items, args.item) if args.item else None,
                     speaker=args.speaker, search=args.search,
                     people=repo.people.people(meeting.board_id))
        rows = cue_rows(repo.transcripts.transcript_cues(meeting.id), items, flt, full=args.full)
        titles = {i.id: i.title for i in items}
    if args.format == "json":
        _say(json.dumps([r.as_dict() for r in rows], ensure_ascii=False, indent=1))
        return 0
    where = None
    for row in rows:
        if row.where != where:
            where = row.where
            title = titles.get(row.item_id, "") if row.item_id is not None else ""
            _say(f"{row.where}  {title}".rstrip())
        if row.restricted:
            _say(f"  {row.at.astimezone():%H:%M:%S}  {RESTRICTED_TEXT} {row.count} cue"
                 f"{'s' if row.count != 1 else ''} (--full shows them)")
        else:
            _say(f"  {row.at.astimezone():%H:%M:%S}  {row.speaker or '-'}: {row.text}")
    if not rows:
        _say("no cues match", err=True)
    return 0


def run_stats(args: argparse.Namespace) -> int:
    with open_repo(args, must_exist=True) as repo:
        meeting = repo.meetings.find_meeting(args.meeting, settings_board())
        assert meeting.id is not None
        stored_transcript(repo, meeting.id)
        talk = talk_by_item(repo.transcripts.transcript_cues(meeting.id),
                            repo.meetings.items(meeting.id),
                            full=args.full)
    # Bars against the longest talker anywhere, so that bars compare across items.
    longest = max((sec for t in talk for _, sec in t.speakers), default=0.0) or 1.0
    for item in talk:
        _say(f"{f'{item.where}  {item.title}'.rstrip()}  {fmt_mmss(item.total)}")
        for speaker, seconds in item.speakers:
            _say(f"  {speaker[:24]:<24} {bar(seconds / longest, 20)} {fmt_mmss(seconds):>7}")
    return 0


def purge_offer(repo, meeting) -> str:  # (Repository, Meeting)
    """After the minutes are approved: the line suggesting the purge of the meeting's
    transcript, or "" when it has none."""
    stored = repo.transcripts.transcript(meeting.id)
    if stored is None:
        return ""
    return (f"the meeting still has its Teams transcript ({stored.cues} cues): now the "
            f"minutes are approved, delete it for good with csp transcript purge "
            f"--meeting {meeting.date.isoformat()}")


def run_purge(args: argparse.Namespace) -> int:
    with open_repo(args, must_exist=True) as repo:
        meeting = repo.meetings.find_meeting(args.meeting, settings_board())
        assert meeting.id is not None
        count = purge_transcript(repo, meeting.id)
    _say(f"deleted the transcript of {_when(meeting)} for good ({count} cues)")
    return 0
