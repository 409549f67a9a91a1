"""What makes the Word minutes accessible (issue 23): the document's language, real
Word lists (numbering definitions, restarted for each run of numbered points) and the
outline levels that make the headings headings.

A council publishes its minutes on its website, and the accessibility regulations ask
for a language, real headings in order and real lists, which a screen reader announces
("list of 3 items") and LibreOffice tags in a PDF. Typed "•" and "1." characters are
read as text. Everything here works on the XML directly and costs a few elements per
list, so the export stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.parts.numbering import NumberingPart
from lxml import etree
from lxml.etree import SubElement

from csp_tui.domain.minutes_lines import Kind, Para
from csp_tui.exporters import DEFAULT_LANGUAGE

if TYPE_CHECKING:
    from collections.abc import Sequence

    from docx.document import Document as DocxDocument


#: Outline level (0 = level 1) of each heading style: the title, items, sub-items.
OUTLINE_LEVELS: dict[str, int] = {"CSP Title": 0, "CSP Item Heading": 1,
                                  "CSP Sub-item Heading": 2}

#: The list indent, as the house style's hanging indent (0.63 cm) in twentieths of a point.
_INDENT = 357
_W_VAL, _W_ILVL, _W_NUMID = qn("w:val"), qn("w:ilvl"), qn("w:numId")
# Elements python-docx has no class for answer XPath only with the prefixes given.
_NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}


def _xp(element, path: str) -> list:
    """``path`` evaluated on any element, python-docx's or plain lxml's."""
    return etree.XPath(path, namespaces=_NS)(element)


def set_language(doc: DocxDocument, language: str = DEFAULT_LANGUAGE) -> None:
    """The default run language of the styles (``w:docDefaults``): ``language``, the
    house style's (en-GB), so that a screen reader and a spelling checker take the
    text as British English."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = styles.makeelement(qn("w:docDefaults"), {})
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = defaults.makeelement(qn("w:rPrDefault"), {})
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = SubElement(rpr_default, qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        # w:lang comes late in w:rPr; the elements after it are rarely in defaults.
        later = [rpr.find(qn(t)) for t in ("w:eastAsianLayout", "w:specVanish", "w:oMath")]
        lang = rpr.makeelement(qn("w:lang"), {})
        anchor = next((e for e in later if e is not None), None)
        if anchor is not None:
            anchor.addprevious(lang)
        else:
            rpr.append(lang)
    lang.set(_W_VAL, language)
    # A template's style may name its own language (Word's en-US Normal): it would win
    # over the default for every paragraph built on it. Language is not look: drop it.
    for style_lang in _xp(styles, "./w:style/w:rPr/w:lang"):
        style_lang.getparent().remove(style_lang)


def set_outline_levels(styles: dict) -> None:
    """Give the heading styles their outline levels, whether we made them or a
    template supplied them: the template keeps its look, not a flat heading list. A
    template's other CSP paragraph styles that inherit a level (a "CSP Body" based on
    "Heading 1") are made body text, so that only headings are headings."""
    for name, style in styles.items():
        if style is None or style.type != WD_STYLE_TYPE.PARAGRAPH:
            continue
        if name in OUTLINE_LEVELS:
            style.element.get_or_add_pPr().get_or_add_outlineLvl().val = OUTLINE_LEVELS[name]
        elif _inherited_level(style) is not None:
            style.element.get_or_add_pPr().get_or_add_outlineLvl().val = _BODY_TEXT


#: Word's outline level of body text (levels 0-8 are headings 1-9).
_BODY_TEXT = 9


def _inherited_level(style) -> int | None:
    """The heading level (0-8) ``style`` has, its own or from its base styles."""
    seen, hops = style, 0
    while seen is not None and hops < 20:  # a loop of basedOn must not hang us
        lvl = _xp(seen.element, "./w:pPr/w:outlineLvl/@w:val")
        if lvl:
            return int(lvl[0]) if lvl[0].isdigit() and int(lvl[0]) < _BODY_TEXT else None
        seen, hops = seen.base_style, hops + 1
    return None


def _numbering_part(doc: DocxDocument) -> NumberingPart:
    """The document's numbering part, made when a template has none (python-docx
    cannot make one itself)."""
    try:
        return doc.part.part_related_by(RT.NUMBERING)  # type: ignore[return-value]
    except KeyError:
        element = parse_xml(f"<w:numbering {nsdecls('w')}/>")
        part = NumberingPart(PackURI("/word/numbering.xml"), CT.WML_NUMBERING, element,
                             doc.part.package)
        doc.part.relate_to(part, RT.NUMBERING)
        return part


def _abstract(abstract_id: int, fmt: str, text: str) -> str:
    return (
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        '<w:multiLevelType w:val="singleLevel"/>'
        f'<w:name w:val="CSP {"Bullet" if fmt == "bullet" else "Numbered"} List"/>'
        f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:tabs><w:tab w:val="num" w:pos="{_INDENT}"/></w:tabs>'
        f'<w:ind w:left="{_INDENT}" w:hanging="{_INDENT}"/></w:pPr></w:lvl>'
        "</w:abstractNum>")


def _attr(text: str) -> str:
    """``text`` escaped for a double-quoted XML attribute (xml.sax.saxutils would
    bring urllib and http.client into every export: a tenth of its imports)."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


class Lists:
    """The numbering definitions of one document: one bullet and one numbered list
    definition, and a new list instance (``w:num``) for each run of list paragraphs,
    so that each run of numbered points starts again where its marker says (1)."""

    def __init__(self, doc: DocxDocument, bullet: str = "\u2022") -> None:
        """``bullet``: the bullet character (the house style's ``[lists] bullet``)."""
        self._root = _numbering_part(doc).element
        abstract_ids = [int(a) for a in self._root.xpath("./w:abstractNum/@w:abstractNumId")]
        self._next_num = max([int(n) for n in self._root.xpath("./w:num/@w:numId")],
                             default=0) + 1
        first = max(abstract_ids, default=-1) + 1
        self._abstract = {Kind.BULLET: first, Kind.NUMBERED: first + 1}
        nums = self._root.xpath("./w:num")
        # Every w:abstractNum comes before every w:num.
        add = nums[0].addprevious if nums else self._root.append
        add(parse_xml(_abstract(first, "bullet", _attr(bullet))))
        add(parse_xml(_abstract(first + 1, "decimal", "%1.")))

    def new_list(self, kind: Kind, start: int = 1) -> str:
        """A new list of ``kind`` (BULLET or NUMBERED) starting at ``start``; its numId."""
        num_id = str(self._next_num)
        self._next_num += 1
        num = SubElement(self._root, qn("w:num"), {_W_NUMID: num_id})
        SubElement(num, qn("w:abstractNumId"), {_W_VAL: str(self._abstract[kind])})
        if kind is Kind.NUMBERED:
            # Without the override Word carries the count on from the last list.
            override = SubElement(num, qn("w:lvlOverride"), {_W_ILVL: "0"})
            SubElement(override, qn("w:startOverride"), {_W_VAL: str(start)})
        return num_id


def add_num_pr(ppr, num_id: str) -> None:
    """Make the paragraph whose ``w:pPr`` is ``ppr`` (holding only its ``w:pStyle``)
    an item of the list ``num_id``, at the first level."""
    num_pr = SubElement(ppr, qn("w:numPr"))
    SubElement(num_pr, qn("w:ilvl"), {_W_VAL: "0"})
    SubElement(num_pr, qn("w:numId"), {_W_VAL: num_id})


def marker_start(marker: str) -> int:
    """The number a numbered point's marker ("3.") holds; 1 if none."""
    digits = marker.rstrip(".").strip()
    return int(digits) if digits.isdigit() else 1


class Markers:
    """The list markers Word shows ("•", "2."), worked out from the numbering
    definitions of a saved document, for reading it back as text."""

    def __init__(self, doc: DocxDocument) -> None:
        self._fmt: dict[str, tuple[str, str, int]] = {}
        self._count: dict[str, int] = {}
        try:
            root = doc.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        levels = {}
        for a in root.xpath("./w:abstractNum"):
            fmt = _xp(a, "./w:lvl[@w:ilvl='0']/w:numFmt/@w:val")
            text = _xp(a, "./w:lvl[@w:ilvl='0']/w:lvlText/@w:val")
            start = _xp(a, "./w:lvl[@w:ilvl='0']/w:start/@w:val")
            levels[a.get(qn("w:abstractNumId"))] = (
                fmt[0] if fmt else "decimal", text[0] if text else "%1.",
                int(start[0]) if start else 1)
        for num in root.xpath("./w:num"):
            abstract = _xp(num, "./w:abstractNumId/@w:val")
            if not abstract or abstract[0] not in levels:
                continue
            fmt, text, start = levels[abstract[0]]
            override = _xp(num, "./w:lvlOverride[@w:ilvl='0']/w:startOverride/@w:val")
            self._fmt[num.get(_W_NUMID)] = (fmt, text, int(override[0]) if override else start)

    def marker(self, p) -> str:
        """The marker of the ``w:p`` element ``p``, "" if it is not a list item."""
        num_id = _xp(p, "./w:pPr/w:numPr/w:numId/@w:val")
        if not num_id or num_id[0] not in self._fmt:
            return ""
        fmt, text, start = self._fmt[num_id[0]]
        if fmt == "bullet":
            return text
        n = self._count.get(num_id[0], start - 1) + 1
        self._count[num_id[0]] = n
        return text.replace("%1", str(n))


def list_ids(doc: DocxDocument, paras: Sequence[Para], bullet: str = "\u2022", *,
             lists: Lists | None = None) -> list[str]:
    """Each paragraph's list (numId), "" for one not in a list: each run of bullets
    or of numbered points is a list of its own, numbered from its first marker (the
    one rule of where numbering restarts); ``bullet``: the house style's bullet
    character; ``lists``: the document's list definitions where several parts of it
    (a page's table cells) are numbered in turn."""
    out: list[str] = []
    previous: Kind | None = None
    current = ""
    for para in paras:
        if para.kind in (Kind.BULLET, Kind.NUMBERED):
            if para.kind is not previous:
                lists = lists or Lists(doc, bullet)
                current = lists.new_list(para.kind, marker_start(para.marker))
            out.append(current)
        else:
            out.append("")
        previous = para.kind
    return out
