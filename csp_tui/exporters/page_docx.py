"""The committee-system page as a .docx in the same layout (``csp export --format
page``): the page's heading and header block, then a table per item whose header row
(time allowed, number, title) repeats as a header row, and beneath it the item's
description, "Minutes:" and its text.

Accessible as the Word minutes are (:mod:`csp_tui.exporters.docx_a11y`): headings with
outline levels (the page's heading, the board, "Minutes:"), real lists, table header
rows, and the style's language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from csp_tui.domain.minutes_lines import Kind, Para
from csp_tui.exporters.docx_a11y import Lists, list_ids
from csp_tui.exporters.docx_writer import (
    KIND_STYLE,
    add_para,
    ensure_styles,
    mark_headers,
    new_document,
    set_properties,
)
from csp_tui.exporters.page import PageLayout

if TYPE_CHECKING:
    import datetime as dt

    from docx.document import Document as DocxDocument


def _header_row(row) -> None:
    """Mark a table row as its header row (repeated on each page, read as headers)."""
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _write(cell, paras: tuple[Para, ...] | list[Para], lists: Lists,
           names: dict[Kind, str]) -> None:
    for para, num_id in zip(paras, list_ids(cell, paras, lists=lists), strict=True):
        add_para(cell, para, names[para.kind], num_id)


def build_page_docx(page: PageLayout, *, version: int = 0, status: str = "",
                    at: dt.datetime | None = None) -> DocxDocument:
    """The Word document of ``page`` (not yet saved)."""
    doc = new_document()
    styles = ensure_styles(doc)
    if page.marking:
        mark_headers(doc, page.marking, styles["CSP Marking"])
    names = dict(KIND_STYLE)
    doc.add_paragraph(page.heading, style="CSP Title")  # outline level 1
    doc.add_paragraph(page.board, style="CSP Item Heading")  # outline level 2
    for text in (page.when, page.venue, page.contact):
        if text:
            doc.add_paragraph(text, style="CSP Date")
    lists = Lists(doc)
    _write(doc, page.preamble, lists, names)
    for item in page.items:
        table = doc.add_table(rows=2, cols=3)
        table.style = "Table Grid"
        head = table.rows[0]
        _header_row(head)
        for cell, text in zip(head.cells, (item.time, item.number, item.title), strict=True):
            cell.paragraphs[0].style = "CSP Body"
            cell.paragraphs[0].add_run(text).bold = True
        body = table.rows[1].cells[0].merge(table.rows[1].cells[2])
        first = body.paragraphs[0]
        for text in item.description:
            body.add_paragraph(text, style="CSP Body")
        # "Minutes:" is a heading (outline level 3), as the page's h3.
        body.add_paragraph(page.minutes_label, style="CSP Sub-item Heading")
        _write(body, item.paras, lists, names)
        first._p.getparent().remove(first._p)  # the merged cell's empty first paragraph
        doc.add_paragraph("", style="CSP Body")
    set_properties(doc, page.document_title,
                   "Minutes (RESTRICTED)" if page.full else "Minutes", version=version,
                   status=status, at=at, language=page.language)
    return doc
