"""The publication check on a PDF, read with pikepdf (issue 23).

What a council's web team checks in a PDF before it goes on the website: the file is
marked as tagged (``/MarkInfo /Marked``) and has a structure tree
(``/StructTreeRoot``), says its language (``/Lang``), has a title and asks readers to
show it (``/ViewerPreferences /DisplayDocTitle``), its headings H1-H6 come in order,
its lists are ``L`` elements holding ``LI`` items, each table has header cells
(``TH``) and each figure has alt text (``/Alt``). Each fault is a one-line warning
naming where (the page, from the element's ``/Pg``).
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pikepdf

from csp_tui.exporters.a11y_check import PREFIX

_HEADING = re.compile(r"^H([1-6])$")
#: Far deeper than any real structure tree: a cycle in a damaged file stops here.
_MAX_DEPTH = 200


def _name(value) -> str:
    """A PDF name without its slash ("/H1" -> "H1"); "" for anything else."""
    return str(value)[1:] if isinstance(value, pikepdf.Name) else ""


class _Tree:
    """The structure elements in reading order, with their standard types (a custom
    type mapped through ``/RoleMap``) and their page numbers."""

    def __init__(self, pdf: pikepdf.Pdf, root: pikepdf.Dictionary) -> None:
        role_map = root.get("/RoleMap")
        self._roles = ({_name(k) if isinstance(k, pikepdf.Name) else str(k).lstrip("/"):
                        _name(v) for k, v in role_map.items()}
                       if isinstance(role_map, pikepdf.Dictionary) else {})
        self._pages = {p.objgen: n for n, p in enumerate(pdf.pages, 1)}
        #: (type, page or None, the element, the types of its ancestors)
        self.elements: list[tuple[str, int | None, pikepdf.Dictionary, tuple[str, ...]]] = []
        self._walk(root.get("/K"), None, (), 0)

    def _type(self, element: pikepdf.Dictionary) -> str:
        kind = _name(element.get("/S"))
        hops = 0
        while kind in self._roles and self._roles[kind] != kind and hops < 10:
            kind, hops = self._roles[kind], hops + 1
        return kind

    def _walk(self, kids, page: int | None, ancestors: tuple[str, ...], depth: int) -> None:
        if kids is None or depth > _MAX_DEPTH:
            return
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
            if not isinstance(kid, pikepdf.Dictionary) or "/S" not in kid:
                continue  # a marked-content id or reference: content, not structure
            pg = kid.get("/Pg")
            here = self._pages.get(pg.objgen) if pg is not None else page
            kind = self._type(kid)
            self.elements.append((kind, here, kid, ancestors))
            self._walk(kid.get("/K"), here, (*ancestors, kind), depth + 1)

    def children(self, element: pikepdf.Dictionary) -> list[str]:
        """The types of ``element``'s child structure elements."""
        kids = element.get("/K")
        if kids is None:
            return []
        return [self._type(k) for k in (kids if isinstance(kids, pikepdf.Array) else [kids])
                if isinstance(k, pikepdf.Dictionary) and "/S" in k]


def _on(page: int | None) -> str:
    return f" on page {page}" if page else ""


def _document(pdf: pikepdf.Pdf, where: str) -> list[str]:
    """Marked, tagged, language, title and title shown."""
    root = pdf.Root
    out: list[str] = []
    mark = root.get("/MarkInfo")
    if not isinstance(mark, pikepdf.Dictionary) or not bool(mark.get("/Marked", False)):
        out.append(f"{PREFIX}{where} is not marked as tagged (/MarkInfo /Marked true)")
    if "/StructTreeRoot" not in root:
        out.append(f"{PREFIX}{where} has no structure tree (/StructTreeRoot): it is not "
                   "a tagged PDF")
    if not str(root.get("/Lang", "")).strip():
        out.append(f"{PREFIX}{where} does not say its language (/Lang)")
    title = str(pdf.docinfo.get("/Title", "")).strip() if pdf.trailer.get("/Info") else ""
    if not title:
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            title = str(meta.get("dc:title", "")).strip()
    if not title:
        out.append(f"{PREFIX}{where} has no title")
    prefs = root.get("/ViewerPreferences")
    if not isinstance(prefs, pikepdf.Dictionary) or not bool(
            prefs.get("/DisplayDocTitle", False)):
        out.append(f"{PREFIX}{where} does not ask readers to show its title "
                   "(/ViewerPreferences /DisplayDocTitle true)")
    return out


def _structure(tree: _Tree, where: str) -> list[str]:
    """Headings in order, lists as L/LI, tables with TH, figures with /Alt."""
    out: list[str] = []
    before: int | None = None
    for kind, page, element, ancestors in tree.elements:
        heading = _HEADING.match(kind)
        if heading:
            level = int(heading.group(1))
            if (before is None and level > 1) or (before is not None and level > before + 1):
                after = f"after an H{before}" if before is not None else "as the first heading"
                out.append(f"{PREFIX}heading order in {where}: an H{level} {after}{_on(page)}")
            before = level
        elif kind == "L" and "LI" not in tree.children(element):
            out.append(f"{PREFIX}a list in {where}{_on(page)} has no list items (LI)")
        elif kind == "LI" and (not ancestors or ancestors[-1] != "L"):
            out.append(f"{PREFIX}a list item (LI) in {where}{_on(page)} is not in a list (L)")
        elif kind == "Figure" and not str(element.get("/Alt", "")).strip():
            out.append(f"{PREFIX}a figure in {where}{_on(page)} has no alt text (/Alt)")
    out += _tables(tree, where)
    return out


def _tables(tree: _Tree, where: str) -> list[str]:
    """Each Table element with at least one TH among its descendants (the elements
    after it in reading order that lie deeper than it)."""
    out: list[str] = []
    number = 0
    elements = tree.elements
    for index, (kind, page, _element, ancestors) in enumerate(elements):
        if kind != "Table":
            continue
        number += 1
        depth = len(ancestors)
        has_th = False
        for k, _p, _e, a in elements[index + 1:]:
            if len(a) <= depth:
                break  # past this table's descendants
            if k == "TH":
                has_th = True
                break
        if not has_th:
            out.append(f"{PREFIX}table {number} in {where}{_on(page)} has no header cells "
                       "(TH)")
    return out


def pdf_warnings(data: bytes, where: str = "the PDF") -> list[str]:
    """The accessibility warnings of the PDF ``data``; an empty list means none."""
    # qpdf reads a Python stream through small callbacks, three times slower than a
    # file (1.5 s more for a 200-item board): the bytes go to a private temporary file.
    with tempfile.TemporaryDirectory(prefix="csp-pdf-check-") as tmp:
        path = Path(tmp) / "check.pdf"
        path.write_bytes(data)
        try:
            pdf = pikepdf.open(path)
        except pikepdf.PdfError as exc:
            why = str(exc).replace(f"{path}: ", "")  # the temporary name says nothing
            return [f"{PREFIX}{where} could not be read to check it: {why}"]
        with pdf:
            out = _document(pdf, where)
            tree_root = pdf.Root.get("/StructTreeRoot")
            if isinstance(tree_root, pikepdf.Dictionary):
                out += _structure(_Tree(pdf, tree_root), where)
            return out
