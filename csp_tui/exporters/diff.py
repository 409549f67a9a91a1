"""What changed in a meeting's minutes between two versions, paragraph by paragraph.

Both sides are rendered by the same view as every export (:mod:`~csp_tui.exporters.
document`, public unless ``full``), from the frozen record of each version or from the
database as it is now, so the diff shows what a reader of the minutes would see change.
It is printed (coloured with plain ANSI codes on a terminal, plain when piped) or
written as a Word document with tracked changes (``w:ins``/``w:del``), which Word's
Review pane and LibreOffice's Track Changes show as the chair's edits would be.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from csp_tui.domain.text import terminal_safe
from csp_tui.exporters import DEFAULT_LANGUAGE, ExportError
from csp_tui.exporters.document import (
    MinutesDocument,
    Para,
    build_document,
    plain_line,
    restricted_actions,
)
from csp_tui.exporters.export import minutes_of

if TYPE_CHECKING:
    from csp_tui.storage.repository import Repository

Op = Literal["=", "-", "+"]


@dataclass(frozen=True, slots=True)
class Change:
    """One paragraph of the diff: kept (``=``), deleted (``-``) or inserted (``+``);
    ``pair`` is the paragraph a changed one replaced (for a word-level diff)."""

    op: Op
    para: Para
    pair: Para | None = None


def minutes_at(repo: Repository, meeting_id: int, version: int | None, *,
               full: bool) -> MinutesDocument:
    """The minutes at ``version`` (its frozen record), or as they stand (None)."""
    if version is None:
        return minutes_of(repo, meeting_id, full=full)[1]

    frozen = repo.versions.frozen(meeting_id, version)
    if frozen is None:
        known = [v.version for v in repo.versions.history(meeting_id) if v.version is not None]
        listed = ", ".join(str(v) for v in known) or "none yet; circulate them first"
        raise ExportError(f"there is no version {version} of these minutes (versions: "
                          f"{listed})")
    hidden = restricted_actions(frozen, frozen.record)  # type: ignore[arg-type]
    # In the style kept with that version, not the board's as it is now.
    house = repo.settings.style_for(meeting_id, version)
    return build_document(frozen.record, full=full, restricted_actions=hidden,
                          version=frozen.version, at=frozen.at,
                          style=house, minute_base=repo.committee.minute_base(meeting_id, house))


def paragraph_diff(old: list[Para], new: list[Para]) -> list[Change]:
    """The paragraphs of ``new`` with those of ``old`` it lost, in reading order."""
    a = [plain_line(p) for p in old]
    b = [plain_line(p) for p in new]
    out: list[Change] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out += [Change("=", p) for p in new[j1:j2]]
            continue
        gone, came = old[i1:i2], new[j1:j2]
        paired = min(len(gone), len(came)) if tag == "replace" else 0
        for k in range(paired):
            out += [Change("-", gone[k], came[k]), Change("+", came[k], gone[k])]
        out += [Change("-", p) for p in gone[paired:]]
        out += [Change("+", p) for p in came[paired:]]
    return out


def diff_lines(changes: list[Change], *, colour: bool, context: int = 1) -> list[str]:
    """The changes as lines to print: ``- old``, ``+ new`` and ``context`` kept
    paragraphs around them (``  text``), ``...`` between separate places. Text is made
    safe for a terminal here."""
    near = {i + d for i, c in enumerate(changes) if c.op != "="
            for d in range(-context, context + 1)}
    lines: list[str] = []
    last = -2
    for i, c in enumerate(changes):
        if i not in near:
            continue
        if lines and i != last + 1:
            lines.append("...")
        last = i
        text = terminal_safe(plain_line(c.para))
        if c.op == "=":
            lines.append(f"  {text}")
        elif colour:
            code = "31" if c.op == "-" else "32"
            lines.append(f"\x1b[{code}m{c.op} {text}\x1b[0m")
        else:
            lines.append(f"{c.op} {text}")
    return lines


# ------------------------------------------------------------------ tracked changes

_WORDS = re.compile(r"\S+\s*|\s+")


def _word_text(p: Para) -> str:
    """A paragraph's text as the Word document holds it: a list item's marker is
    drawn by Word from the numbering, not typed."""
    return f"{p.label} {p.text}" if p.label else p.text


def write_tracked_docx(changes: list[Change], path: Path, *, author: str,
                       when: dt.datetime, title: str, full: bool,
                       language: str = DEFAULT_LANGUAGE) -> Path:
    """The newer minutes as a Word document with the changes tracked: deleted text in
    ``w:del`` runs, inserted text in ``w:ins`` runs (word by word within a changed
    paragraph), each with ``w:author`` and ``w:date``. It is as accessible as the
    minutes: title, subject and ``language`` in its properties, the headings' outline
    levels, bullets and numbered points as real Word lists."""
    # Seam: python-docx loads when that file is written or read, not with this module.
    from docx.oxml.ns import qn
    from lxml.etree import SubElement

    from csp_tui.exporters.docx_a11y import add_num_pr, list_ids
    from csp_tui.exporters.docx_writer import (
        KIND_STYLE,
        ensure_styles,
        new_document,
        save_docx,
        set_properties,
    )

    doc = new_document(None)
    styles = ensure_styles(doc)
    body = doc.element.body
    sect = body.find(qn("w:sectPr"))
    stamp = when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    ids = iter(range(1, 1_000_000))

    def mark(parent, tag: str):
        el = SubElement(parent, qn(tag))
        el.set(qn("w:id"), str(next(ids)))
        el.set(qn("w:author"), author)
        el.set(qn("w:date"), stamp)
        return el

    def run(parent, text: str, deleted: bool = False) -> None:
        r = SubElement(parent, qn("w:r"))
        t = SubElement(r, qn("w:delText" if deleted else "w:t"))
        t.text = text
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")

    def paragraph(para: Para, num_id: str, whole: str | None = None):
        p = body.makeelement(qn("w:p"), {})
        ppr = SubElement(p, qn("w:pPr"))
        SubElement(ppr, qn("w:pStyle")).set(qn("w:val"), styles[KIND_STYLE[para.kind]].style_id)
        if num_id:
            add_num_pr(ppr, num_id)
        if whole is not None:
            # The paragraph mark itself is inserted or deleted with the text.
            mark(SubElement(ppr, qn("w:rPr")), "w:ins" if whole == "+" else "w:del")
        sect.addprevious(p) if sect is not None else body.append(p)
        return p

    # A changed paragraph is written once (its "+" half): the lists are those paragraphs.
    shown = [c for c in changes if not (c.op == "-" and c.pair is not None)]
    for c, num_id in zip(shown, list_ids(doc, [c.para for c in shown]), strict=True):
        text = _word_text(c.para)
        if c.op == "=":
            run(paragraph(c.para, num_id), text)
        elif c.pair is None:
            p = paragraph(c.para, num_id, c.op)
            run(mark(p, "w:ins" if c.op == "+" else "w:del"), text, deleted=c.op == "-")
        else:
            # A changed paragraph: one paragraph, its words deleted and inserted.
            p = paragraph(c.para, num_id)
            old, new = _WORDS.findall(_word_text(c.pair)), _WORDS.findall(text)
            matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
            for tag, i1, i2, j1, j2 in matcher.get_opcodes():
                if tag == "equal":
                    run(p, "".join(new[j1:j2]))
                    continue
                if i2 > i1:
                    run(mark(p, "w:del"), "".join(old[i1:i2]), deleted=True)
                if j2 > j1:
                    run(mark(p, "w:ins"), "".join(new[j1:j2]))
    set_properties(doc, title, "Changes to the minutes (RESTRICTED)" if full
                   else "Changes to the minutes", at=when, language=language)
    return save_docx(doc, path, private=full)
