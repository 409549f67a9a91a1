"""The council's committee-system page, "Agenda and minutes": the minutes item by item
(``csp export --format page``), as one HTML file to paste into the committee system
and as a .docx in the same layout (:mod:`csp_tui.exporters.page_docx`).

The page is a layout of the one model of the minutes (:class:`MinutesDocument`): its
paragraphs, grouped under the item they belong to, with what the agenda says of each
item (its time allowed, number, title and description). Whether a restricted item is
published is decided where it is for every export, by the document builder; this
module only arranges what the document holds. Every phrase and format of the header
block and of an item's row comes from the house style's ``[page]`` table.

The HTML holds no script, no event handler and no style sheet: the committee system
takes it as pasted, and every text in it is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from csp_tui.domain import restriction
from csp_tui.domain.house_style import Style, fill
from csp_tui.domain.minutes_lines import Kind, Para
from csp_tui.domain.models import AgendaItem, MeetingRecord
from csp_tui.exporters.document import MinutesDocument
from csp_tui.exporters.text import xml_safe


@dataclass(frozen=True, slots=True)
class PageItem:
    """One row of the page: an item's time allowed ("2 mins"), number ("1."), title,
    the agenda's description and the minutes' paragraphs beneath "Minutes:"."""

    time: str
    number: str
    title: str
    description: tuple[str, ...]
    paras: tuple[Para, ...]


@dataclass(frozen=True, slots=True)
class PageLayout:
    """The page: its header block, then its items."""

    language: str
    document_title: str
    #: "RESTRICTED" on the full version, "DRAFT" until approved (as the Word header).
    marking: str
    heading: str
    board: str
    when: str
    venue: str
    contact: str
    #: Lines before the first item (the attendance lines), as the minutes have them.
    preamble: tuple[Para, ...]
    items: tuple[PageItem, ...]
    minutes_label: str
    full: bool
    file_stem: str


def _case(text: str, case: str) -> str:
    return text.upper() if case == "upper" else text.title() if case == "title" else text


def meeting_line(record: MeetingRecord, style: Style) -> str:
    """"Wednesday, 11 December 2019 10:00 am", as the style's page writes the meeting."""
    m = record.meeting
    start = ""
    if m.start is not None:
        start = fill(style.page.start, hour=str(m.start.hour % 12 or 12),
                     hour24=f"{m.start.hour:02d}", minute=f"{m.start.minute:02d}",
                     ampm="am" if m.start.hour < 12 else "pm")
    day = f"{m.date.day:02d}" if style.dates.day_zero_pad else str(m.date.day)
    return fill(style.page.date, weekday=f"{m.date:%A}", day=day, month=f"{m.date:%B}",
                year=str(m.date.year), start=start).strip()


def contact_line(record: MeetingRecord, style: Style) -> str:
    """"Contact: Jade Hodgson, Community Safety Policy Officer": the note taker, with
    their post from the roster when it has one ("" with no note taker)."""
    name = record.meeting.note_taker.strip()
    if not name:
        return ""
    post = next((p.post_title for p in record.people
                 if p.name.casefold() == name.casefold() and p.post_title), "")
    if post:
        return fill(style.page.contact, name=name, post=post)
    return fill(style.page.contact_no_post, name=name)


def _head(item: AgendaItem, record: MeetingRecord, style: Style) -> tuple[str, str, str]:
    """An item's time allowed, number and title as the page prints them."""
    time = fill(style.page.time_allowed, minutes=item.minutes) if item.minutes else ""
    title = _case(item.title, style.page.title_case)
    if restriction.item_restricted(item, record.item):
        title = restriction.restricted_heading(title, style)
    return time, fill(style.page.number, number=item.number), title


def build_page(minutes: MinutesDocument, record: MeetingRecord, style: Style) -> PageLayout:
    """The page of ``minutes`` (public or full, as they were built) of ``record``."""
    preamble: list[Para] = []
    rows: list[tuple[tuple[str, str, str], tuple[str, ...], list[Para]]] = []
    for para in minutes.paras:
        if para.kind is Kind.ITEM:
            item = record.item(para.item_id) if para.item_id is not None else None
            if item is None:
                # A heading the minutes add with no agenda item (Date of Next Meeting).
                head = ("", "", para.text)
                described: tuple[str, ...] = ()
            else:
                head = _head(item, record, style)
                text = minutes.descriptions.get(item.id or -1, "")
                described = tuple(t for t in text.splitlines() if t.strip())
            rows.append((head, described, []))
        elif rows and para.kind is Kind.SUBITEM and para.item_id is not None and (
                sub := record.item(para.item_id)) is not None:
            # A sub-item within its item's row: its heading as the page writes titles,
            # then its description (if the minutes publish it).
            _, _, title = _head(sub, record, style)
            text = fill(style.headings.subitem, number=sub.number, title=title)
            rows[-1][2].append(Para(Kind.SUBITEM, xml_safe(text), item_id=sub.id))
            rows[-1][2].extend(Para(Kind.BODY, t, item_id=sub.id) for t in
                               minutes.descriptions.get(sub.id or -1, "").splitlines()
                               if t.strip())
        elif rows:
            rows[-1][2].append(para)
        elif para.kind is Kind.ATTENDANCE:
            # The title and date lines are the page's own header block instead.
            preamble.append(para)
    m = record.meeting
    return PageLayout(
        language=style.language,
        document_title=xml_safe(fill(style.page.document_title, board=minutes.board_name,
                                     date=meeting_line(record, style))),
        marking=minutes.header, heading=style.page.heading, board=minutes.board_name,
        when=xml_safe(meeting_line(record, style)),
        venue=xml_safe(fill(style.page.venue, venue=m.venue.strip())) if m.venue.strip()
        else "",
        contact=xml_safe(contact_line(record, style)), preamble=tuple(preamble),
        items=tuple(PageItem(h[0], h[1], xml_safe(h[2]), d, tuple(p)) for h, d, p in rows),
        minutes_label=style.page.minutes_label, full=minutes.full,
        file_stem=f"{minutes.file_stem}-page")


# ----------------------------------------------------------------------- HTML


def _e(text: str) -> str:
    """Escaped for HTML text and attributes; a line break stays one."""
    return "<br>".join(html.escape(part, quote=True) for part in text.splitlines() or [""])


def _runs(paras: Iterable[Para]) -> Iterator[tuple[Kind | None, list[Para]]]:
    """Paragraphs grouped into runs of bullets, runs of numbered points, and single
    others (kind None)."""
    run: list[Para] = []
    for p in paras:
        if run and (p.kind is not run[0].kind or p.kind not in (Kind.BULLET, Kind.NUMBERED)):
            yield (run[0].kind if run[0].kind in (Kind.BULLET, Kind.NUMBERED) else None), run
            run = []
        run.append(p)
    if run:
        yield (run[0].kind if run[0].kind in (Kind.BULLET, Kind.NUMBERED) else None), run


def _para_html(p: Para) -> str:
    if p.kind in (Kind.SUBITEM, Kind.HEADING):
        return f"<h4>{_e(p.text)}</h4>"
    if p.kind is Kind.ACTION:
        return f"<p><strong>{_e(p.text)}</strong></p>"
    if p.label:
        return f"<p><strong>{_e(p.label)}</strong> {_e(p.text)}</p>"
    return f"<p>{_e(p.text)}</p>"


def paras_html(paras: Iterable[Para]) -> list[str]:
    """The lines of HTML for ``paras``: lists as real lists (a numbered run starts at
    its first marker), actions in bold, sub-items and sub-headings as h4."""
    out: list[str] = []
    for kind, run in _runs(paras):
        if kind is Kind.BULLET:
            out += ["<ul>", *(f"<li>{_e(p.text)}</li>" for p in run), "</ul>"]
        elif kind is Kind.NUMBERED:
            start = run[0].marker.rstrip(".").strip()
            attr = f' start="{_e(start)}"' if start.isdigit() and start != "1" else ""
            out += [f"<ol{attr}>", *(f"<li>{_e(p.text)}</li>" for p in run), "</ol>"]
        else:
            out += [_para_html(p) for p in run]
    return out


def page_html(page: PageLayout) -> str:
    """The page as one HTML document: h1 the page's heading, h2 the board, the header
    block, then a table per item whose header row is its time allowed, number and
    title, with its description, "Minutes:" (h3) and its text beneath."""
    lines = ["<!DOCTYPE html>", f'<html lang="{_e(page.language)}">', "<head>",
             '<meta charset="utf-8">', f"<title>{_e(page.document_title)}</title>",
             "</head>", "<body>"]
    if page.marking:
        lines.append(f"<p><strong>{_e(page.marking)}</strong></p>")
    lines += [f"<h1>{_e(page.heading)}</h1>", f"<h2>{_e(page.board)}</h2>"]
    lines += [f"<p>{_e(t)}</p>" for t in (page.when, page.venue, page.contact) if t]
    lines += paras_html(page.preamble)
    for item in page.items:
        lines += ["<table>", "<thead>", "<tr>",
                  f'<th scope="col">{_e(item.time)}</th>',
                  f'<th scope="col">{_e(item.number)}</th>',
                  f'<th scope="col">{_e(item.title)}</th>',
                  "</tr>", "</thead>", "<tbody>", "<tr>", '<td colspan="3">']
        lines += [f"<p>{_e(t)}</p>" for t in item.description]
        lines.append(f"<h3>{_e(page.minutes_label)}</h3>")
        lines += paras_html(item.paras)
        lines += ["</td>", "</tr>", "</tbody>", "</table>"]
    lines += ["</body>", "</html>"]
    return "\n".join(lines) + "\n"


__all__ = ["PageItem", "PageLayout", "build_page", "contact_line", "meeting_line",
           "page_html", "paras_html"]
