"""The agenda document (issue 27): the front sheet (board, date and time, venue), the
agenda as a table (number, item, presenter, time allowed, pages) and the membership
from the roster (name, post title, organisation), in the minutes' house style and with
their accessible structure: a title at heading level 1, "Agenda" and "Membership" at
level 2, header rows that repeat, the language en-GB and the title in the properties.

The view (:class:`AgendaView`) is built once from the record and rendered to Word; the
agenda pack renders it again once it knows the papers' page ranges.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

from csp_tui.domain.agenda import DEFAULT_BOARD
from csp_tui.domain.dates import format_day
from csp_tui.domain.models import AgendaItem, Group, Meeting, Person
from csp_tui.domain.restriction import item_restricted, lookup
from csp_tui.exporters.action_log import table_borders
from csp_tui.exporters.docx_writer import (
    cell_paragraph,
    ensure_styles,
    mark_headers,
    new_document,
    set_properties,
)
from csp_tui.exporters.files import document_stem
from csp_tui.exporters.text import xml_safe

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

    from csp_tui.storage.repository import Repository

#: The agenda table's columns and widths (cm; the page is 16 cm between margins).
AGENDA_HEADERS = ("No.", "Item", "Presenter", "Time allowed", "Pages")
AGENDA_WIDTHS = (1.6, 6.5, 3.4, 2.2, 2.3)
MEMBER_HEADERS = ("Name", "Post title", "Organisation")
MEMBER_WIDTHS = (4.5, 5.8, 5.7)
#: The roster's groups, in the order the membership lists them, with their headings.
GROUP_HEADINGS = ((Group.MEMBER, ""), (Group.ADVISER, "Advisers"),
                  (Group.OBSERVER, "Observers"))


@dataclass(slots=True)
class AgendaView:
    """What the agenda document shows; ``pages`` is filled in by the pack."""

    meeting: Meeting
    items: list[AgendaItem]
    people: list[Person]
    full: bool = False
    #: The Pages column by item id ("1 - 10", "Restricted"); empty before the pack.
    pages: dict[int, str] = field(default_factory=dict)

    @property
    def board(self) -> str:
        return self.meeting.board_name or DEFAULT_BOARD

    @property
    def title(self) -> str:
        """The document's title: "Community Safety Partnership agenda, Tuesday, ..."."""
        return f"{self.board} agenda, {format_day(self.meeting.date)}"

    @property
    def file_stem(self) -> str:
        """``Community-Safety-Partnership-2021-03-31-agenda[-RESTRICTED]``."""
        return document_stem(self.board, self.meeting.date, "agenda", full=self.full)

    def when(self) -> str:
        """"Tuesday, 12 September 2017, 2:00 pm - 5:00 pm" (the front sheet's line)."""
        m = self.meeting
        times = " - ".join(_clock(t) for t in (m.start, m.end) if t is not None)
        return f"{format_day(m.date)}, {times}" if times else format_day(m.date)

    def rows(self) -> list[tuple[str, str, str, str, str]]:
        """The agenda table's rows: a sub-item is numbered "4(ii)"; a restricted item's
        title says so (as the public minutes' heading does)."""
        item_of = lookup(self.items)
        numbers = {i.id: i.number for i in self.items if i.parent_id is None}
        out = []
        for item in self.items:
            number = (f"{numbers.get(item.parent_id, '')}{item.number}"
                      if item.parent_id is not None else f"{item.number}.")
            title = item.title
            if item_restricted(item, item_of):
                title = f"RESTRICTED: {title}"
            minutes = f"{item.minutes} minutes" if item.minutes else ""
            out.append((number, title, item.presenter, minutes,
                        self.pages.get(item.id or 0, "")))
        return out

    def members(self) -> list[tuple[str, list[Person]]]:
        """The roster by group (members, advisers, observers), each in the roster's
        order (the order people were added or imported); empty groups left out."""
        out = []
        for group, heading in GROUP_HEADINGS:
            people = sorted((p for p in self.people if p.group is group),
                            key=lambda p: p.id or 0)
            if people:
                out.append((heading, people))
        return out


def _clock(t: dt.time) -> str:
    """"2:00 pm", "10:30 am", as the 2017 front sheet writes the time."""
    hour = t.hour % 12 or 12
    return f"{hour}:{t.minute:02d} {'am' if t.hour < 12 else 'pm'}"


def agenda_view(repo: Repository, meeting_id: int, *, full: bool) -> AgendaView:
    """The agenda of the meeting, with its board's roster."""
    meeting = repo.meetings.meeting(meeting_id)
    people = repo.people.people(meeting.board_id) if meeting.board_id is not None else []
    return AgendaView(meeting, repo.meetings.items(meeting_id), people, full=full)


def build_agenda_docx(view: AgendaView) -> DocxDocument:
    """The agenda as a Word document (not yet saved)."""
    doc = new_document()
    for section in doc.sections:
        # No page number: the pack numbers the papers from 1 after the agenda.
        for p in section.footer.paragraphs:
            for run in p._p.xpath("./w:r"):
                p._p.remove(run)
    styles = ensure_styles(doc)
    if view.full:
        mark_headers(doc, "RESTRICTED", styles["CSP Marking"])
    body = doc._body
    body.add_paragraph(style=styles["CSP Title"]).add_run(xml_safe(view.board))
    body.add_paragraph(style=styles["CSP Date"]).add_run(f"Date and Time: {view.when()}")
    if view.meeting.venue.strip():
        body.add_paragraph(style=styles["CSP Date"]).add_run(
            xml_safe(f"Venue: {view.meeting.venue.strip()}"))
    if view.meeting.chair.strip():
        body.add_paragraph(style=styles["CSP Date"]).add_run(
            xml_safe(f"Chair: {view.meeting.chair.strip()}"))
    body.add_paragraph(style=styles["CSP Item Heading"]).add_run("AGENDA")
    add_table(doc, styles, AGENDA_HEADERS, view.rows(), AGENDA_WIDTHS)
    groups = view.members()
    if groups:
        body.add_paragraph(style=styles["CSP Item Heading"]).add_run("MEMBERSHIP")
    for heading, people in groups:
        if heading:
            body.add_paragraph(style=styles["CSP Sub-item Heading"]).add_run(heading)
        add_table(doc, styles, MEMBER_HEADERS,
                  [(p.name, p.post_title, p.organisation) for p in people], MEMBER_WIDTHS)
    set_properties(doc, view.title, f"{view.board} agenda and papers",
                   status="Agenda")
    return doc


def add_table(doc: DocxDocument, styles: dict, headers: tuple[str, ...],
              rows: list[tuple[str, ...]], widths: tuple[float, ...]) -> None:
    """A bordered table with a header row that is marked as one (``w:tblHeader``, so a
    screen reader reads it as headers and Word repeats it on each page)."""
    table = doc.add_table(rows=0, cols=len(headers))
    table_borders(table)
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)  # the grid: LibreOffice ignores cell widths without it
    text_id = styles["CSP Table Text"].style_id
    for r, values in enumerate([headers, *rows]):
        tr = OxmlElement("w:tr")
        if r == 0:
            header = OxmlElement("w:tblHeader")
            header.set(qn("w:val"), "true")
            tr_pr = OxmlElement("w:trPr")
            tr_pr.append(header)
            tr.append(tr_pr)
        for value, width in zip(values, widths, strict=True):
            tc = OxmlElement("w:tc")
            tc_w = OxmlElement("w:tcW")
            tc_w.set(qn("w:w"), str(Cm(width).twips))
            tc_w.set(qn("w:type"), "dxa")
            tc_pr = OxmlElement("w:tcPr")
            tc_pr.append(tc_w)
            tc.append(tc_pr)
            tc.append(cell_paragraph(text_id, xml_safe(value), bold=r == 0))
            tr.append(tc)
        table._tbl.append(tr)
