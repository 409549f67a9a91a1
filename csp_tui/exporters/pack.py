"""The agenda pack (issue 27): one PDF of the agenda and everything it refers to, in
agenda order, its pages numbered and the agenda's Pages column filled in.

The papers are converted to PDF by LibreOffice (one run for all of them, through
:mod:`csp_tui.exporters.pdf`); a PDF paper goes in as it is. The previous meeting's
minutes (as circulated, else the current draft, headed DRAFT) go under Minutes and
Action Log, the forward plan under its item. As in the council's 2017 pack the agenda
pages are not numbered and the papers' pages are, from 1: so the agenda is rendered
once, after the papers' page counts are known, and its own length (which a long Pages
column could change) cannot move the numbers it quotes. Each page gets its number
stamped in a small content stream of its own (standard Helvetica, nothing embedded);
the outline has a bookmark per item with pages and, under it, one per paper.

The public pack leaves out the papers of restricted items (the one rule, in
:mod:`csp_tui.domain.papers`) and says "Restricted" in their Pages column; the
members' pack (``full``) holds them, and is written 0600 like the full minutes.
"""

from __future__ import annotations

import io
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pikepdf
from pikepdf import Dictionary, Name, OutlineItem

from csp_tui.domain.agenda import StandardItem, item_kind
from csp_tui.domain.dates import format_day
from csp_tui.domain.models import AgendaItem, MeetingState
from csp_tui.domain.papers import pack_papers, pages_column, paper_restricted
from csp_tui.domain.restriction import lookup
from csp_tui.exporters import ExportError
from csp_tui.exporters.agenda_doc import (
    MEMBER_WIDTHS,
    AgendaView,
    add_table,
    agenda_view,
    build_agenda_docx,
)
from csp_tui.exporters.docx_writer import (
    build_docx,
    docx_bytes,
    ensure_styles,
    new_document,
    save_docx,
    set_properties,
)
from csp_tui.exporters.export import minutes_of
from csp_tui.exporters.files import atomic_write, check_target
from csp_tui.exporters.pdf import TIMEOUT_S, convert_all, convert_to_pdf, require_soffice

if TYPE_CHECKING:
    from csp_tui.storage.repository import Repository

#: The page number's size and its distance from the page's bottom and right edges (pt).
NUMBER_SIZE, NUMBER_BOTTOM, NUMBER_RIGHT = 9, 18, 36


@dataclass(slots=True)
class Part:
    """One document of the pack, under its item: a paper, the minutes, the plan."""

    item_id: int
    title: str
    #: A .docx or .odt to convert (its bytes and extension), or a PDF's bytes.
    data: bytes
    kind: str
    pdf: pikepdf.Pdf | None = None


@dataclass(slots=True)
class PackResult:
    """What the pack holds: its path, pages, the Pages column and the outline."""

    path: Path
    pages: int
    agenda_pages: int
    column: dict[int, str]
    bookmarks: list[tuple[str, int, list[tuple[str, int]]]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def missing_papers(repo: Repository, meeting_id: int) -> list[str]:
    """Items with a presenter who has sent no paper ("5. Performance Report (Daniel
    James)"): the standard items (whose content the pack makes) are not asked about."""
    items = repo.meetings.items(meeting_id)
    with_papers = {p.item_id for p in repo.papers.papers(meeting_id)}
    numbers = {i.id: i.number for i in items if i.parent_id is None}
    out = []
    for item in items:
        if (not item.presenter.strip() or item.id in with_papers
                or item_kind(item.title, item.parent_id) is not None):
            continue
        number = (f"{numbers.get(item.parent_id, '')}{item.number}"
                  if item.parent_id is not None else f"{item.number}.")
        out.append(f"{number} {item.title} ({item.presenter})")
    return out


def build_pack(repo: Repository, meeting_id: int, out: Path, *, full: bool = False
               ) -> PackResult:
    """Write the pack of the meeting to ``out`` (atomically; 0600 when ``full``)."""
    soffice = require_soffice()  # before anything is read or written
    check_target(out)
    view = agenda_view(repo, meeting_id, full=full)
    parts = _parts(repo, meeting_id, view.items, full=full)
    with tempfile.TemporaryDirectory(prefix="csp-pack-") as tmp:
        _to_pdf(parts, Path(tmp), soffice)
        counts: dict[int, int] = {}
        for part in parts:
            assert part.pdf is not None
            counts[part.item_id] = counts.get(part.item_id, 0) + len(part.pdf.pages)
        with_papers = {p.item_id for p in repo.papers.papers(meeting_id)}
        view.pages = pages_column(view.items, counts, full=full,
                                  has_papers=with_papers.__contains__)
        agenda = _agenda_pdf(view, Path(tmp), soffice)
        merged, bookmarks = _merge(agenda, parts, view)
        data = io.BytesIO()
        merged.save(data)
        pages = len(merged.pages)
        for part in parts:
            if part.pdf is not None:
                part.pdf.close()
    atomic_write(out, lambda t: t.write_bytes(data.getvalue()), private=full)
    return PackResult(out, pages, len(agenda.pages), view.pages, bookmarks,
                      missing_papers(repo, meeting_id))


def _parts(repo: Repository, meeting_id: int, items: list[AgendaItem], *, full: bool
           ) -> list[Part]:
    """The pack's documents in agenda order."""
    papers = repo.papers.papers(meeting_id)
    item_of = lookup(items)
    chosen = pack_papers(papers, item_of, full=full)
    by_item: dict[int, list] = {}
    for p in chosen:
        by_item.setdefault(p.item_id, []).append(p)
    previous = repo.versions.previous_meeting(meeting_id)
    parts: list[Part] = []
    for item in items:
        assert item.id is not None
        kind = item_kind(item.title, item.parent_id)
        if kind is StandardItem.ACTION_LOG and previous is not None and previous.id:
            parts.append(_minutes_part(repo, previous.id, item.id, full=full))
        elif kind is StandardItem.FORWARD_PLAN:
            plan = _forward_plan_part(repo, meeting_id, previous, item.id)
            if plan is not None:
                parts.append(plan)
        for paper in by_item.get(item.id, []):
            title = paper.title + (" (RESTRICTED)" if paper_restricted(paper, item_of)
                                   else "")
            parts.append(Part(item.id, title, repo.papers.paper_content(paper), paper.kind))
    return parts


def _minutes_part(repo: Repository, previous_id: int, item_id: int, *, full: bool) -> Part:
    """The previous meeting's minutes, public unless ``full``: as circulated once they
    were (the export's rule), else the current draft, headed DRAFT."""
    record, minutes, _ = minutes_of(repo, previous_id, full=full)
    state = record.meeting.state
    which = {MeetingState.CIRCULATED: "circulated", MeetingState.APPROVED: "approved"}.get(
        state, "DRAFT")
    title = f"Minutes of {format_day(record.meeting.date)} ({which})"
    return Part(item_id, title, docx_bytes(build_docx(minutes)), "docx")


def _forward_plan_part(repo: Repository, meeting_id: int, previous, item_id: int
                       ) -> Part | None:
    """The forward plan (the previous meeting's, then this one's), as a table."""
    ids = [m for m in (previous.id if previous else None, meeting_id) if m is not None]
    rows = [(f.title, f.presenter, f.when) for m in ids for f in repo.meetings.forward_plan(m)]
    if not rows:
        return None
    doc = new_document()
    styles = ensure_styles(doc)
    doc._body.add_paragraph(style=styles["CSP Title"]).add_run("Forward Plan")
    add_table(doc, styles, ("Item", "Presenter", "When"), rows, MEMBER_WIDTHS)
    set_properties(doc, "Forward Plan", "Forward Plan")
    return Part(item_id, "Forward Plan", docx_bytes(doc), "docx")


def _to_pdf(parts: list[Part], tmp: Path, soffice: str) -> None:
    """Open each part as a PDF: the PDFs as they are, the rest converted in one run."""
    todo = [(k, tmp / f"part-{k:03d}.{part.kind}") for k, part in enumerate(parts)
            if part.kind != "pdf"]
    for k, path in todo:
        path.write_bytes(parts[k].data)
    if todo:
        # A long run of papers gets longer: the limit guards against a hang, not work.
        try:
            pdfs = convert_all([p for _, p in todo], soffice,
                               timeout=TIMEOUT_S + 20 * len(todo))
        except ExportError as exc:
            # Its message names a temporary file: name the paper instead.
            failed = next((parts[k].title for k, p in todo if p.name in str(exc)), None)
            if failed is None:
                raise
            raise ExportError(f"LibreOffice could not convert the paper {failed!r} to "
                              "PDF: open it in Word or LibreOffice, save it again and "
                              "attach it again") from None
        for (k, _), pdf in zip(todo, pdfs, strict=True):
            parts[k].data, parts[k].kind = pdf, "pdf"
    for part in parts:
        try:
            part.pdf = pikepdf.open(io.BytesIO(part.data))
        except pikepdf.PdfError:
            raise ExportError(f"{part.title}: its PDF cannot be read") from None


def _agenda_pdf(view: AgendaView, tmp: Path, soffice: str) -> pikepdf.Pdf:
    docx = save_docx(build_agenda_docx(view), tmp / f"{view.file_stem}.docx", private=True)
    return pikepdf.open(io.BytesIO(convert_to_pdf(docx, soffice)))


def _merge(agenda: pikepdf.Pdf, parts: list[Part], view: AgendaView
           ) -> tuple[pikepdf.Pdf, list[tuple[str, int, list[tuple[str, int]]]]]:
    """The agenda, then the parts, numbered from 1 after the agenda, with the outline."""
    out = pikepdf.new()
    out.pages.extend(agenda.pages)
    font = out.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1,
                                        BaseFont=Name.Helvetica,
                                        Encoding=Name.WinAnsiEncoding))
    rows = {i.id: (n, t) for i, (n, t, *_rest) in zip(view.items, view.rows(), strict=True)}
    marks: list[tuple[str, int, list[tuple[str, int]]]] = [("Agenda", 0, [])]
    number = 1
    for part in parts:
        assert part.pdf is not None
        start = len(out.pages)
        out.pages.extend(part.pdf.pages)
        for index in range(start, len(out.pages)):
            stamp_number(out, out.pages[index], number, font)
            number += 1
        n, t = rows[part.item_id]
        item_title = f"{n} {t}"
        if marks[-1][0] != item_title:
            marks.append((item_title, start, []))
        marks[-1][2].append((part.title, start))
    with out.open_outline() as outline:
        for title, page, children in marks:
            item = OutlineItem(title, page)
            item.children.extend(OutlineItem(c, p) for c, p in children)
            outline.root.append(item)
    out.Root.Lang = pikepdf.String("en-GB")
    out.Root.PageMode = Name.UseOutlines
    with out.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:title"] = f"{view.title} - pack"
    out.docinfo[Name.Title] = f"{view.title} - pack"
    out.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    return out, marks


def stamp_number(pdf: pikepdf.Pdf, page: pikepdf.Page, number: int, font) -> None:
    """Stamp "Page N" at the foot of ``page``, bottom right, in a content stream of its
    own: the page's own drawing is wrapped in q/Q first, so a transformation it leaves
    in force cannot move or hide the number."""
    name = page.add_resource(font, Name.Font, Name("/CSPPageNo"))
    llx, lly, urx, _ury = (float(v) for v in page.mediabox)
    text = f"Page {number}"
    width = 0.52 * NUMBER_SIZE * len(text)  # Helvetica's digits are 0.556 em wide
    x, y = urx - NUMBER_RIGHT - width, lly + NUMBER_BOTTOM
    page.contents_add(pikepdf.Stream(pdf, b"q\n"), prepend=True)
    page.contents_add(pikepdf.Stream(pdf, (
        f"\nQ\nq 0 g BT {name} {NUMBER_SIZE} Tf {x:.2f} {y:.2f} Td ({text}) Tj ET Q\n"
    ).encode("ascii")))
