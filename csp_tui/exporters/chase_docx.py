"""The chair's chase list as a one-page Word table (issue 24): ``csp actions chase
--docx``. Accessible as the minutes are (issue 23): the document's title and language
set, the table's first row a header row repeated on each page, the title a heading.

Restricted actions are a "Restricted" row without ``full``, as in the action plan;
with it the file is marked RESTRICTED and written 0600.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

from csp_tui.domain.house_style import Style, default_style
from csp_tui.domain.restriction import restricted_action_row
from csp_tui.exporters.action_log import table_borders as _borders
from csp_tui.exporters.docx_writer import (
    ensure_styles,
    mark_headers,
    new_document,
    save_docx,
    set_properties,
)
from csp_tui.exporters.text import xml_safe
from csp_tui.services.chasing import ChaseList

HEADERS = ["No.", "Action", "Owner", "Raised", "Due", "Status", "Why"]
#: Column widths in cm: a portrait A4 page with 2 cm margins (17 cm).
WIDTHS = [1.0, 5.6, 2.6, 1.9, 1.9, 1.6, 2.4]


def _day(text: str) -> str:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return text
    return f"{day:%d/%m/%Y}"


def title_of(chase: ChaseList) -> str:
    """"Actions to chase before the Community Safety Partnership of 4 March 2027"."""
    when = f" of {chase.next_meeting.day} {chase.next_meeting:%B %Y}" \
        if chase.next_meeting else ""
    return f"Actions to chase before the {chase.board}{when}"


def chase_rows(chase: ChaseList, *, full: bool,
               style: Style | None = None) -> list[list[str]]:
    """The table's rows, without the header row (a restricted action's in the house
    style's words, as the action plan's)."""
    restricted = restricted_action_row(style)
    rows = []
    for n, c in enumerate(chase.items, 1):
        a = c.action
        if a.restricted and not full:
            rows.append([str(n), restricted, "", "", "", "", ""])
            continue
        rows.append([str(n), a.task, a.owner, _day(a.meeting_date), _day(a.due),
                     a.status + (f" ({a.rag})" if a.rag else ""), "; ".join(c.reasons)])
    return [[xml_safe(v) for v in row] for row in rows]


def write_chase_docx(chase: ChaseList, path: Path, *, full: bool,
                     style: Style | None = None) -> Path:
    """Write the chase list at ``path`` (marked and worded in ``style``: the board's,
    which ``csp actions chase`` asks the repository for; the default house style
    unless given); returns the path."""
    st = style or default_style()


    doc = new_document()
    styles = ensure_styles(doc)
    section = doc.sections[-1]
    section.left_margin = section.right_margin = Cm(2)
    if full:
        mark_headers(doc, st.restricted.marking, styles["CSP Marking"])
    title = title_of(chase)
    doc.add_paragraph(title, style=styles["CSP Title"])
    table = doc.add_table(rows=1, cols=len(HEADERS))
    _borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, WIDTHS, strict=True):
        column.width = Cm(width)
    header = table.rows[0]
    # A header row: Word repeats it on each page and a screen reader reads it out
    # with each cell.
    tr_pr = header._tr.get_or_add_trPr()
    mark = OxmlElement("w:tblHeader")
    mark.set(qn("w:val"), "true")
    tr_pr.append(mark)
    for cell, text, width in zip(header.cells, HEADERS, WIDTHS, strict=True):
        cell.width = Cm(width)
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        cell.paragraphs[0].style = styles["CSP Table Text"]
    for values in chase_rows(chase, full=full, style=st):
        cells = table.add_row().cells
        for cell, text, width in zip(cells, values, WIDTHS, strict=True):
            cell.width = Cm(width)
            cell.paragraphs[0].style = styles["CSP Table Text"]
            cell.paragraphs[0].add_run(text)
    if not chase.items:
        doc.add_paragraph("No action needs chasing.", style=styles["CSP Table Text"])
    set_properties(doc, title, f"{title} ({st.restricted.marking})" if full else title,
                   language=st.language)
    return save_docx(doc, Path(path), private=full)
