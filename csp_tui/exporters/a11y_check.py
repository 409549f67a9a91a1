"""The accessibility rules of the publication check, on a Word document (issue 23).

A council's web team sends back a document that fails the accessibility regulations;
these rules find the same faults first, each as a one-line warning naming where:
a missing title or language, headings out of order, a list typed by hand ("•" and a
tab in an ordinary paragraph), an image without alt text and a table without a header
row. They read the document's XML as python-docx holds it, so they cost milliseconds.

Two callers: :func:`document_warnings` on the document an export is about to write
(its properties and the body the exporter made), :func:`template_warnings` on a
``--template`` file, every part of it, since its headers and footers (a logo, an
address table) are printed on every page of the minutes.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from csp_tui.domain.text import path_for_display
from csp_tui.exporters.docx_writer import open_template

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

#: Every warning starts so, so that a reader (and a test) can tell these apart.
PREFIX = "accessibility: "
_NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "v": "urn:schemas-microsoft-com:vml",
}
_W = "{" + _NS["w"] + "}"
#: Office's "mark as decorative" extension of an image's docPr: no alt text needed.
_DECORATIVE = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
#: A list marker typed at the start of an ordinary paragraph: a bullet character and
#: a space or tab, or "1." / "a)" / "(iv)" and a tab (an item heading's "4. TITLE" has
#: a space and is a heading, so it is never taken for one).
TYPED_LIST = re.compile(
    r"^\s*(?:[\u2022\u00b7\u25aa\u25e6\u2023\u25cf\u25cb\u25a0\u25a1\u2013\u2014*\-]\s"
    r"|\(?(?:\d{1,3}|[a-zA-Z]|[ivxlIVXL]{1,6})[.)]\t)")
_QUOTE_AT = 40
#: A parser of plain lxml elements (python-docx's own makes its element classes).
_PLAIN = etree.XMLParser(remove_blank_text=False, huge_tree=True)


@functools.lru_cache(maxsize=64)
def _compiled(path: str) -> etree.XPath:
    return etree.XPath(path, namespaces=_NS)


def _xp(element, path: str) -> list:
    """``path`` on ``element``, compiled once: the check runs on thousands of
    paragraphs and must stay a small part of an export."""
    return _compiled(path)(element)


def _para_style(p, default: str) -> tuple[str, bool, bool]:
    """A ``w:p``'s style id, whether it is a list item itself (``w:numPr``) and
    whether it has an outline level of its own; plain ``find`` for speed."""
    ppr = p.find(_W + "pPr")
    if ppr is None:
        return default, False, False
    ps = ppr.find(_W + "pStyle")
    style = ps.get(_W + "val", default) if ps is not None else default
    return style, ppr.find(_W + "numPr") is not None, ppr.find(_W + "outlineLvl") is not None


_SHOWN = {_W + "t": None, _W + "tab": "\t", _W + "br": "\n"}


def _text(p) -> str:
    """A paragraph's (or cell's) text as Word shows it, tabs included."""
    return "".join((e.text or "") if _SHOWN[e.tag] is None else _SHOWN[e.tag]
                   for e in p.iter(*_SHOWN))


def _quote(text: str) -> str:
    """The start of ``text`` for a one-line warning: tabs and breaks as spaces."""
    one = " ".join(text.split())
    return f'"{one[:_QUOTE_AT]}…"' if len(one) > _QUOTE_AT else f'"{one}"'


def _style_info(doc: DocxDocument) -> tuple[dict[str, int], set[str], str]:
    """Each paragraph style's outline level (0-8; following base styles), the styles
    that carry a list (``w:numPr``), and the default paragraph style's id."""
    styles = {s.get(_W + "styleId"): s for s in doc.styles.element.findall(_W + "style")}
    levels: dict[str, int] = {}
    listed: set[str] = set()
    for sid, style in styles.items():
        seen, level, numbered, hops = style, None, False, 0
        while seen is not None and hops < 20:  # a loop of basedOn must not hang us
            if level is None:
                lvl = _xp(seen, "./w:pPr/w:outlineLvl/@w:val")
                level = int(lvl[0]) if lvl and lvl[0].isdigit() else None
            numbered = numbered or bool(_xp(seen, "./w:pPr/w:numPr/w:numId"))
            based = _xp(seen, "./w:basedOn/@w:val")
            seen = styles.get(based[0]) if based else None
            hops += 1
        if level is not None and level < 9:
            levels[sid] = level
        if numbered:
            listed.add(sid)
    default = _xp(doc.styles.element,
                  "./w:style[@w:type='paragraph'][@w:default='1']/@w:styleId")
    return levels, listed, default[0] if default else ""


def _plain(element):
    """A copy of ``element`` as plain lxml: python-docx builds an object of its own
    for each element a search touches, which made the check take most of a second on
    a 200-item board; on the copy it takes a few hundredths."""
    return etree.fromstring(etree.tostring(element), _PLAIN)


def _parts(doc: DocxDocument, body, *, stories: bool) -> Iterator[tuple[str, object]]:
    """(name, element as plain lxml) of the ``body`` given (plain already) and of each
    header and footer, once each."""
    yield "body", body
    if not stories:
        return
    seen: set[int] = set()
    for n, section in enumerate(doc.sections, 1):
        for kind, part in (("header", section.header), ("first-page header",
                           section.first_page_header), ("even-page header",
                           section.even_page_header), ("footer", section.footer),
                           ("first-page footer", section.first_page_footer),
                           ("even-page footer", section.even_page_footer)):
            # Linked means no part of its own: asking for its element would make one.
            if part.is_linked_to_previous:
                continue
            element = part._element
            if id(element) in seen:
                continue
            seen.add(id(element))
            yield f"{kind} of section {n}", _plain(element)


def _structure(doc: DocxDocument, where: str, body, info, *, stories: bool) -> list[str]:
    """Typed lists, images without alt text and tables without a header row."""
    levels, listed, default = info
    out: list[str] = []
    for part, element in _parts(doc, body, stories=stories):
        at = f"{where}, {part}"
        for n, p in enumerate(element.iter(_W + "p"), 1):
            text = _text(p)
            if not TYPED_LIST.match(text):
                continue
            style, numbered, leveled = _para_style(p, default)
            if numbered or leveled or style in listed or style in levels:
                continue
            out.append(f"{PREFIX}a list typed by hand in {at}, paragraph {n}: "
                       f"{_quote(text)} (use a Word list style, or Word's bullets)")
        for pr in _xp(element, ".//w:drawing//wp:docPr"):
            decorative = _xp(pr, f".//a:ext[@uri='{_DECORATIVE}']")
            if not (pr.get("descr") or "").strip() and not decorative:
                name = pr.get("name") or "an image"
                out.append(f"{PREFIX}an image without alt text in {at}: {_quote(name)} "
                           "(in Word: right-click it, View Alt Text)")
        for shape in _xp(element, ".//w:pict//v:shape[v:imagedata]"):
            if not (shape.get("alt") or "").strip():
                out.append(f"{PREFIX}an image without alt text in {at}: "
                           f"{_quote(shape.get('id') or 'an image')} (an old-style picture: "
                           "in Word: right-click it, View Alt Text)")
        for n, tbl in enumerate(_xp(element, ".//w:tbl"), 1):
            first = _xp(tbl, "./w:tr[1]")
            if not first:
                continue
            header = _xp(first[0], "./w:trPr/w:tblHeader")
            if not header or header[0].get(_W + "val", "true") in ("false", "0", "off"):
                cells = " | ".join(_text(c) for c in _xp(first[0], "./w:tc"))
                out.append(f"{PREFIX}a table without a header row in {at}, table {n} "
                           f"(first row {_quote(cells)}): in Word, Table Properties, Row, "
                           "\"Repeat as header row\"")
    return out


def _headings(body, info, where: str) -> list[str]:
    """The body's headings: the first at level 1, none more than one level below the
    heading before it."""
    levels, _listed, default = info
    out: list[str] = []
    before: int | None = None
    for n, p in enumerate(body.iterchildren(_W + "p"), 1):
        style, _numbered, leveled = _para_style(p, default)
        direct = _xp(p, "./w:pPr/w:outlineLvl/@w:val") if leveled else []
        level = int(direct[0]) if direct and direct[0].isdigit() else levels.get(style)
        if level is None or level >= 9:
            continue
        if (before is None and level > 0) or (before is not None and level > before + 1):
            after = f"after a level {before + 1} heading" if before is not None else \
                "as the first heading"
            out.append(f"{PREFIX}heading order in {where}: a level {level + 1} heading "
                       f"{after}, paragraph {n}: {_quote(_text(p))}")
        before = level
    return out


def document_warnings(doc: DocxDocument, where: str = "the minutes", *,
                      stories: bool = True) -> list[str]:
    """The accessibility warnings of a document about to be written: its title and
    language, its headings' order, and the structure rules on its body (and, with
    ``stories``, its headers and footers: False where a template's are checked on
    their own by :func:`template_warnings`)."""
    out: list[str] = []
    cp = doc.core_properties
    if not (cp.title or "").strip():
        out.append(f"{PREFIX}{where} has no title in its document properties")
    default_lang = _xp(doc.styles.element, "./w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val")
    if not (cp.language or "").strip() or not default_lang:
        out.append(f"{PREFIX}{where} has no language in its document properties and "
                   "default text style")
    body, info = _plain(doc.element.body), _style_info(doc)
    return out + _headings(body, info, where) + _structure(doc, where, body, info,
                                                           stories=stories)


def template_warnings(path: Path) -> list[str]:
    """The structure rules on every part of the template at ``path`` (its body, and
    its headers and footers, which the minutes print on every page)."""
    doc = open_template(path)
    return _structure(doc, f"the template {path_for_display(path)}",
                      _plain(doc.element.body), _style_info(doc), stories=True)
