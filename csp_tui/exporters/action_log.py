"""The "CSP Board Action Plan" table: No., Action, Lead, Others, Start Date, Target
Completion, Status (R / A / G shaded, or Completed), Update.

In the public version an action raised under a restricted item is a row reading
"Restricted", with no owner, dates or update. Which actions those are is the caller's
answer from the one rule (:mod:`csp_tui.domain.restriction`, or the ``restricted``
column of ``csp actions``); this module only draws it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from csp_tui.domain.house_style import Style, default_style
from csp_tui.domain.models import Action, ActionStatus, Person
from csp_tui.domain.names import split_names
from csp_tui.domain.restriction import restricted_action_row
from csp_tui.exporters.text import xml_safe

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

HEADERS = ["No.", "Action", "Lead", "Others", "Start Date", "Target Completion", "Status",
           "Update"]
#: Column widths in cm, for a landscape A4 page with 2.5 cm margins (24.7 cm).
WIDTHS = [1.0, 7.2, 2.8, 2.8, 2.0, 2.3, 2.2, 4.4]
#: The status column's words for a RAG rating (the house style's red/amber/green) are
#: written as well as the colour shown, since meaning carried by colour alone is lost to
#: a screen reader, to a black-and-white print and to colour-blind readers (WCAG 1.4.1).
#: Cell shading of the status column, by RAG letter.
RAG_FILL = {"R": "FF0000", "A": "FFC000", "G": "00B050"}


def log_title(style: Style | None = None) -> str:
    """The table's title, "CSP Board Action Plan" (the house style's)."""
    return (style or default_style()).action_log.title


def _day(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    return f"{value:%d/%m/%Y}"


def lead_and_others(action: Action, people: Sequence[Person]) -> tuple[str, str]:
    """The lead is the first owner named, the others the rest, as the owner is written
    ("Mark Long and April Bald"); roster people stand in when no owner is written."""
    names = split_names(action.owner)
    if not names and action.owner_ids:
        by_id = {p.id: p.name for p in people}
        names = [by_id[i] for i in action.owner_ids if i in by_id]
    if not names:
        return "", ""
    return names[0], ", ".join(names[1:])


def status_text(action: Action, style: Style | None = None) -> str:
    """"Completed", "Dropped", the RAG rating in words ("Red", "Amber", "Green"), or
    "Open" (the house style's words): always words, whatever colour the cell is shaded."""
    words = (style or default_style()).action_log
    if action.status is ActionStatus.COMPLETED:
        return words.completed
    if action.status is ActionStatus.DROPPED:
        return words.dropped
    if action.rag is None:
        return words.open
    return {"R": words.red, "A": words.amber, "G": words.green}[action.rag.value]


def action_rows(actions: Sequence[Action], people: Sequence[Person], *, full: bool,
                restricted: Collection[int],
                started: Mapping[int, dt.date] | None = None,
                style: Style | None = None) -> list[list[str]]:
    """The table's rows (without the header row), text already made Word-safe.

    ``started`` maps a meeting id to its date: an action's Start Date is the day of
    the meeting that raised it (a 2019 board typed up today starts in 2019), and
    falls back to when the row was written only for a meeting not given."""
    started = started or {}
    rows: list[list[str]] = []
    for n, a in enumerate(actions, 1):
        if not full and a.id in restricted:
            rows.append([str(n), restricted_action_row(style),
                         "", "", "", "", "", ""])
            continue
        lead, others = lead_and_others(a, people)
        due = a.due_date
        target = f"{due:%d/%m/%Y}" if due else a.due
        task = a.task.strip()
        notes = [u.note for u in a.updates if u.note]
        start = _day(started.get(a.meeting_id, a.created))
        rows.append([str(n), task[:1].upper() + task[1:], lead, others, start, target,
                     status_text(a, style), notes[-1] if notes else ""])
    return [[xml_safe(c) for c in row] for row in rows]


def _shading(fill: str):
    """A cell's ``w:shd`` filled with ``fill``."""
    # Seam: python-docx loads when that file is written or read, not with this module.
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    return shd


def table_borders(table) -> None:
    """Single borders set on the table itself: a template may lack "Table Grid"."""
    # Seam: python-docx loads when that file is written or read, not with this module.
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        e = OxmlElement(f"w:{edge}")
        e.set(qn("w:val"), "single")
        e.set(qn("w:sz"), "4")
        e.set(qn("w:space"), "0")
        e.set(qn("w:color"), "auto")
        borders.append(e)
    table._tbl.tblPr.append(borders)


def add_action_table(doc: DocxDocument, rows: list[list[str]], styles: dict, *,
                     heading: str = "CSP Item Heading", style: Style | None = None) -> None:
    """Append the heading (of style ``heading``: an item's level under the minutes,
    the title's in a document of its own) and the table to ``doc`` (styles from
    ensure_styles).

    The rows are written straight as table XML, each cell's style id resolved once:
    python-docx's ``table.rows[r]`` walks the table from the top and its
    ``paragraph.style = ...`` scans every style of the document, for every cell, which
    took 10 s for a log of 1,600 actions (quadratic in the rows)."""
    # Seam: python-docx loads when that file is written or read, not with this module.
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    from csp_tui.exporters.docx_writer import cell_paragraph

    doc._body.add_paragraph(style=styles[heading]).add_run(log_title(style).upper())
    words = (style or default_style()).action_log
    # The status cell is shaded by its rating, which it also says in words.
    fills = {getattr(words, colour): RAG_FILL[letter]
             for letter, colour in (("R", "red"), ("A", "amber"), ("G", "green"))}
    table = doc.add_table(rows=0, cols=len(HEADERS))
    table_borders(table)
    table.autofit = False
    for column, width in zip(table.columns, WIDTHS, strict=True):
        column.width = Cm(width)  # the grid: LibreOffice ignores cell widths without it
    text_id = styles["CSP Table Text"].style_id
    widths = [str(Cm(w).twips) for w in WIDTHS]
    tbl = table._tbl
    tr_tag, tc_tag, w_w, w_type = qn("w:tr"), qn("w:tc"), qn("w:w"), qn("w:type")
    tcpr_tag, tcw_tag = qn("w:tcPr"), qn("w:tcW")
    for r, values in enumerate([HEADERS, *rows]):
        tr = OxmlElement("w:tr") if r == 0 else tbl.makeelement(tr_tag, {})
        if r == 0:
            # Repeat the header row on every page of a long log.
            tr_pr = OxmlElement("w:trPr")
            tr_pr.append(OxmlElement("w:tblHeader"))
            tr_pr[-1].set(qn("w:val"), "true")
            tr.append(tr_pr)
        for c, value in enumerate(values):
            tc = tr.makeelement(tc_tag, {})
            tc_pr = tc.makeelement(tcpr_tag, {})
            tc_w = tc_pr.makeelement(tcw_tag, {})
            tc_w.set(w_w, widths[c])
            tc_w.set(w_type, "dxa")
            tc_pr.append(tc_w)
            if r and c == 6 and value in fills:
                tc_pr.append(_shading(fills[value]))
            tc.append(tc_pr)
            tc.append(cell_paragraph(text_id, value, bold=r == 0))
            tr.append(tc)
        tbl.append(tr)


def landscape_section(doc: DocxDocument, *, new: bool) -> None:
    """Turn the last (or a new) section to landscape A4: the table has 8 columns."""
    # Seam: python-docx loads when that file is written or read, not with this module.
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    section = _new_section(doc) if new else doc.sections[-1]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)


def _new_section(doc: DocxDocument):
    """A new section on a new page, its break carried by the last paragraph of the
    body: python-docx's ``add_section`` adds an empty paragraph to carry it, which a
    screen reader reads out as a blank line (issue 23)."""
    # Seam: python-docx loads when that file is written or read, not with this module.
    from docx.enum.section import WD_SECTION
    from docx.oxml.ns import qn
    from docx.section import Section

    body = doc.element.body
    last = body[-2] if len(body) > 1 else None  # the sentinel w:sectPr is body[-1]
    if last is None or last.tag != qn("w:p") or last.pPr is not None and \
            last.pPr.sectPr is not None:
        section = doc.add_section(WD_SECTION.NEW_PAGE)
        return section
    sentinel = body.get_or_add_sectPr()
    last.set_sectPr(sentinel.clone())
    # The new last section shows the previous one's headers and footers.
    for ref in sentinel.xpath("w:headerReference|w:footerReference"):
        sentinel.remove(ref)
    section = Section(sentinel, doc.part)
    section.start_type = WD_SECTION.NEW_PAGE
    return section


def write_action_log_docx(actions: list[Action], people: Sequence[Person], path: Path, *,
                          full: bool, restricted: Collection[int],
                          template: Path | None = None,
                          started: Mapping[int, dt.date] | None = None,
                          style: Style | None = None,
                          language: str | None = None) -> Path:
    """Write the action plan table alone as a .docx at ``path``, in ``language`` (the
    house style's unless given); returns the path.

    ``restricted`` holds the ids of actions raised under restricted items (required:
    a caller cannot forget it); the public version (``full=False``) shows them as
    "Restricted" rows with no owner.
    """
    # Seam: python-docx loads when that file is written or read, not with this module.
    from csp_tui.exporters.docx_writer import (
        ensure_styles,
        mark_headers,
        new_document,
        save_docx,
        set_properties,
    )

    st = style or default_style()
    doc = new_document(template)
    styles = ensure_styles(doc, st.lists.space_after)
    if template is None:
        landscape_section(doc, new=False)
    if full:
        mark_headers(doc, st.restricted.marking, styles["CSP Marking"])
    rows = action_rows(actions, people, full=full, restricted=restricted, started=started,
                       style=st)
    # The plan alone: its heading is the document's title (heading level 1).
    add_action_table(doc, rows, styles, heading="CSP Title", style=st)
    title = log_title(st)
    set_properties(doc, title, f"{title} ({st.restricted.marking})" if full else title,
                   language=language or st.language)
    return save_docx(doc, Path(path), private=full)
