"""The minutes as a Word document in the council's house style.

Every paragraph gets a named style ("CSP Title", "CSP Item Heading", ...) so that a
council template (``--template council.docx``) restyles the whole document, the way
pandoc's reference document works: we open the template, clear its body, keep its
styles, headers, footers and page setup, and add only the CSP styles it lacks.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.styles.style import CharacterStyle, ParagraphStyle, StyleFactory
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml.etree import SubElement

from csp_tui.domain.house_style import ordinal_parts
from csp_tui.domain.text import path_for_display
from csp_tui.exporters import DEFAULT_LANGUAGE, ExportError
from csp_tui.exporters.document import Kind, MinutesDocument, Para
from csp_tui.exporters.docx_a11y import (
    Markers,
    add_num_pr,
    list_ids,
    set_language,
    set_outline_levels,
)
from csp_tui.exporters.files import atomic_write
from csp_tui.services.input_files import InputFileError, read_input

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

_TEMPLATE_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_DOCUMENT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_APP_XML = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'extended-properties"><Application>csp-minutes</Application></Properties>'
)


@dataclass(frozen=True, slots=True)
class StyleSpec:
    """A paragraph style we create when the document (or template) lacks it."""

    name: str
    base: str = "CSP Body"
    bold: bool = False
    size: float | None = None
    before: float | None = None
    after: float | None = None
    keep_with_next: bool = False
    hanging: float | None = None  # cm: list-like paragraphs
    align_center: bool = False


#: In creation order: each style's base exists before it.
STYLE_SPECS: list[StyleSpec] = [
    StyleSpec("CSP Body", base="Normal", after=6),
    StyleSpec("CSP Title", bold=True, size=14, after=12, keep_with_next=True),
    StyleSpec("CSP Date", after=0, keep_with_next=True),
    StyleSpec("CSP Attendance", before=6),
    StyleSpec("CSP Item Heading", bold=True, before=12, after=6, keep_with_next=True),
    StyleSpec("CSP Sub-item Heading", bold=True, before=8, after=4, keep_with_next=True),
    StyleSpec("CSP Sub-heading", bold=True, before=6, after=4, keep_with_next=True),
    StyleSpec("CSP Bullet", after=3, hanging=0.63),
    StyleSpec("CSP Numbered", after=3, hanging=0.63),
    StyleSpec("CSP Decision"),
    StyleSpec("CSP Action", bold=True),
    StyleSpec("CSP Marking", base="Normal", bold=True, align_center=True, after=0),
    StyleSpec("CSP Table Text", base="Normal", size=9, after=0),
]

#: The paragraph style of each kind of paragraph.
KIND_STYLE: dict[Kind, str] = {
    Kind.TITLE: "CSP Title", Kind.DATE: "CSP Date", Kind.ATTENDANCE: "CSP Attendance",
    Kind.ITEM: "CSP Item Heading", Kind.SUBITEM: "CSP Sub-item Heading",
    Kind.HEADING: "CSP Sub-heading", Kind.BODY: "CSP Body", Kind.BULLET: "CSP Bullet",
    Kind.NUMBERED: "CSP Numbered", Kind.DECISION: "CSP Decision", Kind.ACTION: "CSP Action",
}
LABEL_STYLE = "CSP Label"  # character style: the bold "Members Present:"


def open_template(path: Path) -> DocxDocument:
    """Open a .docx or .dotx; ExportError if it is not a Word file (a FIFO or device is
    refused before it is opened)."""
    try:
        data = read_input(path, what="Word template")
    except InputFileError as exc:
        raise ExportError(f"cannot read the template: {exc}") from None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zin:
            types = zin.read("[Content_Types].xml")
            if _TEMPLATE_MAIN.encode() in types:
                # python-docx opens only documents; a template differs by this one
                # content type, so switch it (in memory) to a document's.
                out = io.BytesIO()
                with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
                    for info in zin.infolist():
                        blob = zin.read(info.filename)
                        if info.filename == "[Content_Types].xml":
                            blob = blob.replace(_TEMPLATE_MAIN.encode(), _DOCUMENT_MAIN.encode())
                        zout.writestr(info, blob)
                data = out.getvalue()
        return Document(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - any failure to read it means "not a Word file"
        raise ExportError(f"the template {path_for_display(path)} is not a Word .docx or "
                          ".dotx file") from None


def new_document(template: Path | None = None) -> DocxDocument:
    """An empty document: the template's (body cleared) or the house-style default."""
    if template is None:
        doc = Document()
        _house_defaults(doc)
        return doc
    doc = open_template(Path(template))
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    # The template's comments are about the template, not these minutes (its thumbnail
    # goes in set_properties).
    for rel_id, rel in list(doc.part.rels.items()):
        if rel.reltype == _RT + "comments":
            del doc.part.rels[rel_id]
    return doc


def _house_defaults(doc: DocxDocument) -> None:
    """Arial 11 pt, A4 with 2.5 cm margins, page numbers in the footer."""
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is not None:
        # Word picks the east-Asian/complex-script font for some characters.
        for attr in ("w:eastAsia", "w:cs"):
            fonts.set(qn(attr), "Arial")
    for section in doc.sections:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(2.5))
        footer = section.footer
        p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _add_field(p, "PAGE")


def _add_field(paragraph, instr: str) -> None:
    """A Word field (e.g. PAGE) as begin / instruction / separate / result / end runs."""
    def run_with(child):
        r = OxmlElement("w:r")
        r.append(child)
        paragraph._p.append(r)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instr} "
    run_with(text)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run_with(sep)
    result = OxmlElement("w:t")
    result.text = "1"
    run_with(result)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


#: The list styles, whose space after is the house style's (``[lists] space_after``).
_LIST_STYLES = ("CSP Bullet", "CSP Numbered")


def ensure_styles(doc: DocxDocument, list_after: float | None = None
                  ) -> dict[str, ParagraphStyle | CharacterStyle]:
    """Every CSP style, resolved once to its object: the template's own if it has it,
    else created here (fonts are inherited from the base, so a template's Normal
    font carries through). ``list_after``: the points after a list paragraph (the
    house style's), for the list styles created here."""
    styles = doc.styles
    # One pass over the styles' XML (python-docx's styles[name] scans every style, and
    # wrapping all ~160 of them costs more than the rest of a short export).
    elements: dict[str, object] = {}
    for el in styles.element.style_lst:
        name = el.name_val
        if name is not None:
            elements.setdefault(name, el)
    wanted = {spec.name for spec in STYLE_SPECS} | {spec.base for spec in STYLE_SPECS}
    existing = {n: StyleFactory(el) for n, el in elements.items() if n in wanted | {LABEL_STYLE}}
    out: dict[str, ParagraphStyle | CharacterStyle] = {}
    for spec in STYLE_SPECS:
        if list_after is not None and spec.name in _LIST_STYLES:
            spec = dataclasses.replace(spec, after=list_after)
        style = existing.get(spec.name)
        if style is None:
            # styles.add_style() first scans every style for the name; we know it is new.
            style = StyleFactory(styles.element.add_style_of_type(
                spec.name, WD_STYLE_TYPE.PARAGRAPH, False))
            base = existing.get(spec.base) or out.get(spec.base)
            if base is not None:
                style.base_style = base
            style.quick_style = True
            _apply(style, spec)
            existing[spec.name] = style
        out[spec.name] = style
    label = existing.get(LABEL_STYLE)
    if label is None:
        label = styles.add_style(LABEL_STYLE, WD_STYLE_TYPE.CHARACTER)
        label.font.bold = True
    out[LABEL_STYLE] = label
    # The headings' levels (title 1, items 2, sub-items 3), a template's styles too.
    set_outline_levels(out)
    return out


def _apply(style, spec: StyleSpec) -> None:
    if spec.bold:
        style.font.bold = True
    if spec.size is not None:
        style.font.size = Pt(spec.size)
    pf = style.paragraph_format
    if spec.before is not None:
        pf.space_before = Pt(spec.before)
    if spec.after is not None:
        pf.space_after = Pt(spec.after)
    if spec.keep_with_next:
        pf.keep_with_next = True
    if spec.hanging is not None:
        pf.left_indent = Cm(spec.hanging)
        pf.first_line_indent = Cm(-spec.hanging)
        pf.tab_stops.add_tab_stop(Cm(spec.hanging))
    if spec.align_center:
        pf.alignment = WD_ALIGN_PARAGRAPH.CENTER


def set_properties(doc: DocxDocument, title: str, subject: str, *, version: int = 0,
                   status: str = "", at: dt.datetime | None = None,
                   language: str = DEFAULT_LANGUAGE) -> None:
    """Core properties we choose ourselves; nothing of the template's or python-docx's
    (author, comments, keywords) is carried over, and app.xml is replaced. ``version``
    and ``status`` ("Draft", "Approved") record where the minutes are in their
    lifecycle; ``at`` fixes the created and modified times (a frozen record's);
    ``language`` (the house style's) goes in the properties and the styles' default run
    language."""
    cp = doc.core_properties
    when = at.astimezone(dt.UTC) if at is not None else dt.datetime.now(dt.UTC)
    now = when.replace(microsecond=0, tzinfo=None)
    cp.title, cp.subject = title, subject
    for attr in ("author", "last_modified_by", "keywords", "comments", "category",
                 "content_status", "identifier", "version", "language"):
        setattr(cp, attr, "")
    cp.language = language
    set_language(doc, language)
    cp.content_status = status
    cp.version = str(version) if version else ""
    cp.created = cp.modified = now
    cp.revision = max(version, 1)
    package = doc.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype.endswith("/extended-properties"):
            rel.target_part._blob = _APP_XML
        elif rel.reltype.endswith("/metadata/thumbnail"):
            del package.rels[rel_id]


def mark_headers(doc: DocxDocument, text: str, style) -> None:
    """Put ``text`` (e.g. "RESTRICTED") in every page header of every section."""
    odd_even = doc.settings.odd_and_even_pages_header_footer
    for n, section in enumerate(doc.sections):
        headers = [section.header]
        if section.different_first_page_header_footer:
            headers.append(section.first_page_header)
        if odd_even:
            headers.append(section.even_page_header)
        for header in headers:
            if header.is_linked_to_previous:
                if n > 0:
                    continue  # it shows the previous section's header, already marked
                header.is_linked_to_previous = False
            paras = header.paragraphs
            if len(paras) == 1 and not paras[0]._p.xpath("./w:r"):
                p = paras[0]  # a new header's empty paragraph: use it, no blank line
                p.style = style
            else:
                p = header.add_paragraph(style=style)
            p.add_run(text)


_W_P, _W_PPR, _W_PSTYLE = qn("w:p"), qn("w:pPr"), qn("w:pStyle")
_W_R, _W_RPR, _W_RSTYLE, _W_B = qn("w:r"), qn("w:rPr"), qn("w:rStyle"), qn("w:b")
_W_T, _W_TAB, _W_BR, _W_VAL = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:val")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_BREAKS = re.compile(r"([\t\n\r])")


def _add_run(p, text: str, style_id: str | None = None, *, raised: bool = False) -> None:
    """Append a run holding ``text`` to the ``w:p`` element ``p``: tabs become
    ``w:tab``, line breaks ``w:br`` (as python-docx's run.text does, without its
    character-by-character loop); ``raised``: superscript (an ordinal's "th")."""
    r = SubElement(p, _W_R)
    if style_id:
        SubElement(SubElement(r, _W_RPR), _W_RSTYLE).set(_W_VAL, style_id)
    elif raised:
        SubElement(SubElement(r, _W_RPR), qn("w:vertAlign")).set(_W_VAL, "superscript")
    _add_text(r, text)


def _add_text(r, text: str) -> None:
    for part in _BREAKS.split(text) if ("\t" in text or "\n" in text or "\r" in text) else (
            text,):
        if part == "\t":
            SubElement(r, _W_TAB)
        elif part in ("\n", "\r"):
            SubElement(r, _W_BR)
        elif part:
            t = SubElement(r, _W_T)
            t.text = part
            t.set(_XML_SPACE, "preserve")


def cell_paragraph(style_id: str, text: str, *, bold: bool = False):
    """A ``w:p`` of style ``style_id`` holding ``text`` (bold for a header cell), for a
    table built straight as XML (the action log)."""
    p = OxmlElement("w:p")
    SubElement(SubElement(p, _W_PPR), _W_PSTYLE).set(_W_VAL, style_id)
    if bold:
        r = SubElement(p, _W_R)
        SubElement(SubElement(r, _W_RPR), _W_B)
        _add_text(r, text)
    else:
        _add_run(p, text)
    return p


def write_paragraphs(doc: DocxDocument, minutes: MinutesDocument,
                     styles: dict[str, ParagraphStyle | CharacterStyle], *,
                     by_name: bool = False) -> None:
    """Append the minutes' paragraphs.

    Each style's id is resolved once and written straight into the paragraph's XML:
    python-docx's ``paragraph.style = ...`` (by name or even by object) scans every
    style in the document for each paragraph, which was most of the time of a large
    export. ``by_name=True`` takes that python-docx path, so the benchmark can
    measure the difference.
    """
    if by_name:
        _write_paragraphs_by_name(doc, minutes)
        return
    ids = {k: styles[name].style_id for k, name in KIND_STYLE.items()}
    label_id = styles[LABEL_STYLE].style_id
    raise_ordinals = minutes.style.dates.ordinals == "superscript"
    # The house style's space after a list: its last point is followed by a body
    # paragraph's space (6 pt) rather than a list point's.
    gap = minutes.style.lists.blank_line_after
    listy = (Kind.BULLET, Kind.NUMBERED)
    kinds = [para.kind for para in minutes.paras]
    body = doc.element.body
    sect = body.find(qn("w:sectPr"))
    add = sect.addprevious if sect is not None else body.append
    numbering = list_ids(doc, minutes.paras, minutes.style.lists.bullet)
    for n, (para, num_id) in enumerate(zip(minutes.paras, numbering, strict=True)):
        p = body.makeelement(_W_P, {})
        ppr = SubElement(p, _W_PPR)
        SubElement(ppr, _W_PSTYLE).set(_W_VAL, ids[para.kind])
        if num_id:
            add_num_pr(ppr, num_id)  # a real list: Word draws the "•" or "2."
            if gap and (n + 1 == len(kinds) or kinds[n + 1] not in listy):
                SubElement(ppr, qn("w:spacing")).set(qn("w:after"), "120")
        if para.label:
            _add_run(p, para.label, label_id)
        text = (" " if para.label else "") + para.text
        for part, raised in ordinal_parts(text) if raise_ordinals else ((text, False),):
            _add_run(p, part, raised=raised)
        add(p)


def _write_paragraphs_by_name(doc: DocxDocument, minutes: MinutesDocument) -> None:
    body = doc._body
    numbering = list_ids(doc, minutes.paras, minutes.style.lists.bullet)
    for p, num_id in zip(minutes.paras, numbering, strict=True):
        add_para(body, p, KIND_STYLE[p.kind], num_id)


def add_para(container, para: Para, style: str, num_id: str) -> None:
    """One paragraph of the minutes, by style name, at the end of ``container`` (the
    body, or a table cell): in its list (``num_id``; "" for none), its bold label
    ("ACTION:") then its words."""
    p = container.add_paragraph(style=style)
    if num_id:
        add_num_pr(p._p.get_or_add_pPr(), num_id)
    if para.label:
        p.add_run(para.label, style=LABEL_STYLE)
        p.add_run(" " + para.text)
    else:
        p.add_run(para.text)


def build_docx(minutes: MinutesDocument, template: Path | None = None, *,
               by_name: bool = False, language: str | None = None) -> DocxDocument:
    """The Word document of ``minutes`` (not yet saved), in ``language`` (the house
    style's unless given)."""
    doc = new_document(template)
    styles = ensure_styles(doc, minutes.style.lists.space_after)
    if minutes.header:
        mark_headers(doc, minutes.header, styles["CSP Marking"])
    write_paragraphs(doc, minutes, styles, by_name=by_name)
    set_properties(doc, minutes.title, minutes.subject, version=minutes.version,
                   status=minutes.status, at=minutes.at, language=language or minutes.language)
    return doc


def docx_bytes(doc: DocxDocument, at: dt.datetime | None = None) -> bytes:
    """The saved document. With ``at``, every zip entry carries that time instead of
    the clock's, so that the same document saved twice is the same bytes."""
    buf = io.BytesIO()
    doc.save(buf)
    if at is None:
        return buf.getvalue()
    stamp = at.astimezone(dt.UTC).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            zout.writestr(fixed, zin.read(info.filename))
    return out.getvalue()


def save_docx(doc: DocxDocument, path: Path, *, private: bool,
              at: dt.datetime | None = None) -> Path:
    """Save atomically (temporary file beside ``path``, then rename); ``private`` for
    restricted content (mode 0600, see :func:`atomic_write`); ``at``: see
    :func:`docx_bytes`."""
    data = docx_bytes(doc, at)
    return atomic_write(Path(path), lambda tmp: tmp.write_bytes(data), private=private)


def write_minutes_docx(minutes: MinutesDocument, path: Path, *,
                       template: Path | None = None,
                       language: str = DEFAULT_LANGUAGE) -> Path:
    """Write ``minutes`` as a .docx at ``path``; returns the path."""
    return save_docx(build_docx(minutes, template, language=language), path,
                     private=minutes.full)


def read_docx_text(path: Path) -> str:
    """A .docx as plain text: the first page header, then one line per paragraph
    (table rows as tab-separated cells). For checks and tests of what a reader sees."""
    doc = Document(str(path))
    markers = Markers(doc)  # a list item reads as Word shows it: "•<tab>text"
    lines: list[str] = []
    header = doc.sections[0].header
    if not header.is_linked_to_previous:
        lines += [f"[header] {p.text}" for p in header.paragraphs if p.text]
    for block in doc.iter_inner_content():
        if isinstance(block, Paragraph):
            marker = markers.marker(block._p)
            lines.append(f"{marker}\t{block.text}" if marker else block.text)
        elif isinstance(block, Table):
            lines += ["\t".join(c.text for c in row.cells) for row in block.rows]
    return "\n".join(lines) + "\n"
