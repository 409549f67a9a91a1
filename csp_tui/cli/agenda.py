"""`csp agenda`: the papers on the agenda's items, the agenda document and the agenda
pack (issue 27)."""

from __future__ import annotations

import argparse
import sys

from csp_tui.cli.common import db_parent, meeting_ref, open_repo, parse_id, settings_board
from csp_tui.cli.export import _format_of
from csp_tui.domain.papers import find_item, paper_restricted
from csp_tui.domain.restriction import RESTRICTED_TEXT, lookup
from csp_tui.domain.text import path_for_display
from csp_tui.exporters.export import save_pdf, target_path
from csp_tui.exporters.pdf import require_soffice
from csp_tui.services.papers import attach_file, read_paper


def register(sub: argparse._SubParsersAction) -> None:
    """Add `csp agenda ...` to `csp`."""
    parent = db_parent()
    meeting = argparse.ArgumentParser(add_help=False)
    meeting.add_argument("--meeting", metavar="ID|DATE",
                         help="the meeting (default: the latest, e.g. the one `csp new "
                              "--next` made)")
    agenda = sub.add_parser("agenda", help="papers, the agenda document and the agenda pack",
                            description="Attach papers to agenda items, write the agenda "
                                        "and assemble the agenda pack.")
    asub = agenda.add_subparsers(title="agenda commands", metavar="COMMAND", required=True)

    p = asub.add_parser("attach", parents=[parent, meeting],
                        help="attach a paper (.docx, .odt or .pdf) to an item",
                        description="Store a copy of a paper in the database, under an "
                                    "item (several per item). A paper on a restricted item "
                                    "is restricted.")
    p.add_argument("item", metavar="ITEM", help='the item\'s number: "5", or "4(ii)"')
    p.add_argument("file", metavar="FILE")
    p.add_argument("--title", help="the paper's title (default: the file's name)")
    p.add_argument("--replace", metavar="PAPER", help="put it in the place of this paper id")
    p.set_defaults(run=run_attach)

    p = asub.add_parser("detach", parents=[parent], help="remove a paper",
                        description="Remove a paper from its item (the app's undo brings "
                                    "it back).")
    p.add_argument("paper", metavar="PAPER", help="the paper's id (see `csp agenda list`)")
    p.set_defaults(run=run_detach)

    p = asub.add_parser("list", parents=[parent, meeting], help="list the papers by item")
    p.set_defaults(run=run_list)

    p = asub.add_parser("export", parents=[parent, meeting],
                        help="write the agenda: front sheet, agenda table, membership",
                        description="Write the agenda document (.docx, or tagged PDF with "
                                    "LibreOffice) named after the board and date.")
    p.add_argument("--out", "-o", metavar="PATH", help="file or folder to write")
    p.add_argument("--format", dest="fmt", choices=("docx", "pdf"), default=None,
                   help="docx or pdf (default: from --out's extension, else docx)")
    p.set_defaults(run=run_export)

    p = asub.add_parser("pack", parents=[parent, meeting],
                        help="assemble the agenda pack as one numbered PDF",
                        description="The agenda with its Pages column filled in, the "
                                    "previous minutes, the forward plan and every paper in "
                                    "agenda order, pages numbered, bookmarked. Needs "
                                    "LibreOffice.")
    p.add_argument("--out", "-o", metavar="FILE.pdf", help="the file or folder to write")
    p.add_argument("--full", action="store_true",
                   help="the members' pack, with the restricted items' papers (0600)")
    p.add_argument("--check", action="store_true",
                   help="only list items whose presenter has sent no paper (exit 1 if any)")
    p.set_defaults(run=run_pack)


def _meeting_id(repo, ref: str | None) -> int:
    """The meeting named, else the newest by date: the one being prepared (``csp new
    --next`` made it), not the live one the app's default would pick."""
    if ref is None:
        meetings = repo.meetings.meetings()
        if not meetings:
            raise LookupError("there are no meetings yet; create one with `csp new`")
        newest = max(meetings, key=lambda m: (m.date, m.id or 0))
        assert newest.id is not None
        return newest.id
    meeting = repo.meetings.find_meeting(meeting_ref(ref), settings_board())
    assert meeting.id is not None
    return meeting.id


def run_attach(args: argparse.Namespace) -> int:
    """``csp agenda attach ITEM FILE``: prints the paper's id, item and pages to be."""
    read_paper(args.file)  # a bad file is refused before the database is opened
    replace = parse_id(args.replace, "paper") if args.replace else None
    with open_repo(args, must_exist=True) as repo:
        item = find_item(repo.meetings.items(_meeting_id(repo, args.meeting)), args.item)
        assert item.id is not None
        paper = attach_file(repo, item.id, args.file, title=args.title or "",
                            replace=replace)
    print(f"paper {paper.id}: {paper.title} ({paper.kind}, {_size(paper.size)}) on item "
          f"{args.item.strip()} {item.title}")
    return 0


def run_detach(args: argparse.Namespace) -> int:
    """``csp agenda detach PAPER``."""
    with open_repo(args, must_exist=True) as repo:
        paper = repo.papers.detach_paper(parse_id(args.paper, "paper"))
    print(f"removed paper {paper.id}: {paper.title}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    """``csp agenda list``: each item with its papers (id, title, kind, size)."""
    with open_repo(args, must_exist=True) as repo:
        mid = _meeting_id(repo, args.meeting)
        items = repo.meetings.items(mid)
        papers = repo.papers.papers(mid)
    item_of = lookup(items)
    by_item: dict[int, list] = {}
    for p in papers:
        by_item.setdefault(p.item_id, []).append(p)
    numbers = {i.id: i.number for i in items if i.parent_id is None}
    for item in items:
        number = (f"   {numbers.get(item.parent_id, '')}{item.number}"
                  if item.parent_id is not None else f"{item.number}.")
        print(f"{number} {item.title}" + (f" ({item.presenter})" if item.presenter else ""))
        for p in by_item.get(item.id or 0, []):
            mark = f" {RESTRICTED_TEXT}" if paper_restricted(p, item_of) else ""
            print(f"      paper {p.id}: {p.title} ({p.kind}, {_size(p.size)}){mark}")
    return 0


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"


def run_export(args: argparse.Namespace) -> int:
    """``csp agenda export``: prints the path written."""
    # Seam: python-docx loads when that file is written or read, not with this module.
    from csp_tui.exporters.agenda_doc import agenda_view, build_agenda_docx

    fmt = args.fmt or ("pdf" if _format_of(args.out) == "pdf" else "docx")
    soffice = ""
    if fmt == "pdf":
        soffice = require_soffice()
    with open_repo(args, must_exist=True) as repo:
        view = agenda_view(repo, _meeting_id(repo, args.meeting), full=False)
    doc = build_agenda_docx(view)
    path = target_path(args.out, view.file_stem, fmt)
    if fmt == "pdf":
        written = save_pdf(doc, path, soffice, full=False, at=None)
    else:
        # Seam: python-docx loads when that file is written or read, not with this module.
        from csp_tui.exporters.docx_writer import save_docx

        written = save_docx(doc, path, private=False)
    print(path_for_display(written))
    return 0


def run_pack(args: argparse.Namespace) -> int:
    """``csp agenda pack``: prints the path written; ``--check``: the items waiting
    for a paper (exit 1 when there are any)."""
    # Seam: pikepdf loads when that file is written or read, not with this module.
    from csp_tui.exporters.pack import missing_papers

    with open_repo(args, must_exist=True) as repo:
        mid = _meeting_id(repo, args.meeting)
        if args.check:
            missing = missing_papers(repo, mid)
            for line in missing:
                print(f"no paper yet: {line}")
            if not missing:
                print("every presenter has sent a paper")
            return 1 if missing else 0
        # Seam: pikepdf loads when that file is written or read, not with this module.
        from csp_tui.exporters.pack import build_pack

        stem = f"{repo.meetings.meeting(mid).date.isoformat()}-agenda-pack"
        out = target_path(args.out, stem + ("-RESTRICTED" if args.full else ""), "pdf")
        result = build_pack(repo, mid, out, full=args.full)
    for line in result.missing:
        print(f"csp: warning: no paper yet: {line}", file=sys.stderr)
    print(path_for_display(result.path))
    return 0
