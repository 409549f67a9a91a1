"""A format-neutral view of the minutes, built once from a :class:`MeetingRecord`.

This is where the public/full decision is made. The public view of a restricted item
(or of any sub-item of one) holds only its heading and its public summary (or the
standard sentence); nothing else of it enters the view, so no renderer (Word,
Markdown, plain text) can publish it. Renderers only map :class:`Para` kinds to styles.

The words of each line (the action sentence, numbering, declarations, deferrals, the
forward plan) come from :mod:`csp_tui.domain.minutes_lines`, the model the item pane
shows too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from csp_tui.domain import restriction
from csp_tui.domain.agenda import DEFAULT_BOARD, StandardItem, item_kind
from csp_tui.domain.attendance import attendance_lines, deputy_chairing, substitute_lines
from csp_tui.domain.committee import committee_style, minute_label, number_minutes
from csp_tui.domain.dates import format_day, format_times
from csp_tui.domain.house_style import Style, default_style, fill
from csp_tui.domain.lifecycle import is_draft
from csp_tui.domain.minutes_lines import (
    Kind,
    Para,
    action_sentence,
    carried_line,
    cased,
    closing_lines,
    declaration_text,
    deferral_line,
    exclusion_line,
    heading_line,
    item_line,
    next_number,
    next_resolution,
    outstanding_line,
    resolution_count,
    summary_line,
)
from csp_tui.domain.models import Action, AgendaItem, Entry, MeetingRecord, line_order
from csp_tui.exporters.files import document_stem
from csp_tui.exporters.text import xml_safe

if TYPE_CHECKING:
    from csp_tui.storage.repository import Repository

# Named here too: the exporters and their tests know them from this module.
__all__ = ["Kind", "MinutesDocument", "Para", "action_sentence", "board_title",
           "build_document", "declaration_text", "header_text", "plain_line",
           "restricted_actions"]


@dataclass(slots=True)
class MinutesDocument:
    """The minutes as paragraphs, plus what goes around them (header, properties)."""

    full: bool
    board_name: str
    date: dt.date
    title: str
    subject: str
    header: str
    paras: list[Para] = field(default_factory=list)
    #: The version this file is (the document properties record it): a circulated or
    #: approved version's number, or for a draft the number it would be circulated as.
    version: int = 0
    #: "Draft" or "Approved", the document's status property.
    status: str = "Draft"
    #: The fixed time of a frozen (approved) record, written as the file's times so
    #: that each export of it is the same file; None: now.
    at: dt.datetime | None = None
    #: Each published item's agenda description (by item id), for the page layout: a
    #: restricted item's is withheld from the public version with the rest of it.
    descriptions: dict[int, str] = field(default_factory=dict)
    #: The house style the minutes were written in (its language goes into the
    #: document's properties; the renderers take list spacing from it).
    style: Style = field(default_factory=default_style)

    @property
    def language(self) -> str:
        """The document language ("en-GB"): the style's."""
        return self.style.language

    @property
    def file_stem(self) -> str:
        """``Community-Safety-Partnership-2021-03-31-minutes[-RESTRICTED]``."""
        return document_stem(self.board_name, self.date, "minutes", full=self.full)

    def plain_text(self) -> str:
        """The text a reader sees, one paragraph a line (for tests and e-mail)."""
        bullet = self.style.lists.bullet
        return "\n".join(plain_line(p, bullet) for p in self.paras) + "\n"


def plain_line(p: Para, bullet: str = "•") -> str:
    """One paragraph as plain text, as Word shows it (``bullet``: the style's)."""
    if p.kind is Kind.BULLET:
        return f"{bullet}\t{p.text}"
    if p.kind is Kind.NUMBERED:
        return f"{p.marker}\t{p.text}"
    if p.label:
        return f"{p.label} {p.text}"
    return p.text


def board_title(board_name: str, style: Style | None = None) -> str:
    """"Community Safety Partnership" -> "THE COMMUNITY SAFETY PARTNERSHIP" (the house
    style's case and prefix)."""
    title = (style or default_style()).title
    name = cased(board_name.strip(), title.case) or cased("Board", title.case)
    prefix = title.prefix
    return name if not prefix or name.casefold().startswith(prefix.casefold()) \
        else f"{prefix}{name}"



def restricted_actions(repo: Repository, record: MeetingRecord) -> frozenset[int]:
    """Ids of the record's actions, its own and those carried from earlier meetings,
    raised under a restricted item (:mod:`csp_tui.domain.restriction`).

    The record holds only this meeting's items, so the earlier meetings' are read, in
    one query for all of them (one per meeting was thousands on ten years of boards).
    """
    earlier = {a.meeting_id for a in record.carried_actions} - {record.meeting.id, None}
    items = [*record.items, *repo.meetings.items_of(m for m in earlier if m is not None)]
    return restriction.restricted_action_ids([*record.carried_actions, *record.actions],
                                             restriction.lookup(items))


def header_text(full: bool, draft: bool, style: Style | None = None) -> str:
    """The page header: "RESTRICTED" on the full version, "DRAFT" until approved (the
    house style's words)."""
    words = (style or default_style()).restricted
    return " - ".join(t for t, on in ((words.marking, full), (words.draft, draft)) if on)


def build_document(record: MeetingRecord, *, full: bool = False,
                   restricted_actions: Iterable[int] = (), version: int = 0,
                   at: dt.datetime | None = None,
                   style: Style | None = None, minute_base: int = 0) -> MinutesDocument:
    """The minutes of ``record``: the public version unless ``full``.

    ``restricted_actions`` are ids of actions raised under restricted items (see
    :func:`restricted_actions`): this meeting's sit under their items, which the
    public version withholds whole; for those carried from earlier meetings it
    withholds their text. ``style``: the house style (None: the default);
    ``minute_base``: the last minute number of the board's earlier meetings in the
    municipal year (the repository's ``minute_base``), which this one's run on from
    where the style numbers minutes.
    """
    st = style or default_style()
    minutes = _Builder(record, full, frozenset(restricted_actions), st, minute_base).build()
    draft = is_draft(record.meeting.state)
    minutes.header = header_text(full, draft, st)
    minutes.version, minutes.at = version, at
    minutes.status = "Draft" if draft else "Approved"
    return minutes


class _Builder:
    def __init__(self, record: MeetingRecord, full: bool, hidden: frozenset[int],
                 style: Style, minute_base: int = 0) -> None:
        self.r = record
        self.style = style
        parts = committee_style(style)
        #: Each top-level item's minute number as printed ({}: the style numbers none).
        self.minutes: dict[int, str] = {}
        if parts.minute_number:
            tops = [(i.id, i.minute_seq) for i in record.items
                    if i.parent_id is None and i.id is not None]
            self.minutes = {k: minute_label(parts, n, record.meeting.date)
                            for k, n in number_minutes(tops, minute_base).items()}
        self.full = full
        self.hidden = hidden
        self.paras: list[Para] = []
        self.entries: dict[int | None, list[Entry]] = {}
        for e in record.entries:
            self.entries.setdefault(e.item_id, []).append(e)
        self.chaired = ""
        self.first: int | None = None
        self.next_lines: list[str] = []
        self.descriptions: dict[int, str] = {}
        self.actions: dict[int | None, list[Action]] = {}
        for a in record.actions:
            self.actions.setdefault(a.item_id, []).append(a)

    def add(self, kind: Kind, text: str, item_id: int | None = None, *, label: str = "",
            marker: str = "") -> None:
        self.paras.append(Para(kind, xml_safe(text), xml_safe(label), marker, item_id))

    def put(self, para: Para | None, item_id: int | None) -> None:
        """Add a line of the model (if any) under the item ``item_id``."""
        if para is not None:
            self.add(para.kind, para.text, item_id, label=para.label, marker=para.marker)

    def build(self) -> MinutesDocument:
        m = self.r.meeting
        board = m.board_name or DEFAULT_BOARD
        st = self.style
        self.add(Kind.TITLE, board_title(board, st))
        self.add(Kind.DATE, format_day(m.date, st))
        times, venue = format_times(m.start, m.end, st), m.venue.strip()
        if times and venue:
            self.add(Kind.DATE, fill(st.title.times_venue, times=times, venue=venue))
        elif times or venue:
            self.add(Kind.DATE, fill(st.title.times, times=times or venue))
        for label, names in attendance_lines(self.r.attendance, m.chair, m.note_taker, st):
            self.add(Kind.ATTENDANCE, names, label=label)
        for line in substitute_lines(self.r.attendance, self.style):
            self.add(Kind.ATTENDANCE, line)
        # House style: a deputy chairing is said in item 1's text, not by a role mark.
        self.chaired = deputy_chairing(self.r.attendance, m.chair, m.note_taker, st)
        self.first = next((i.id for i in self.r.items if i.parent_id is None), None)
        self.next_lines = m.next_meeting_lines(st)
        placed_next = False
        for item in self.r.items:
            self.item(item)
            if item_kind(item.title, item.parent_id) is StandardItem.NEXT_MEETING:
                placed_next = True
        if not placed_next and m.next_meeting is not None:
            self.add(Kind.ITEM, st.headings.next_meeting)
            self.next_meeting(None)
        title = fill(st.title.document, board=board, date=format_day(m.date, st))
        return MinutesDocument(
            full=self.full, board_name=board, date=m.date, title=xml_safe(title),
            subject=st.restricted.subject if self.full else st.restricted.public_subject,
            header=st.restricted.marking if self.full else "", paras=self.paras, style=st,
            descriptions=self.descriptions)

    def item(self, item: AgendaItem) -> None:
        restricted = restriction.item_restricted(item, self.r.item)
        st = self.style
        self.put(heading_line(item, restricted, st, self.minutes.get(item.id or 0, "")),
                 item.id)
        self.put(exclusion_line(item, restriction.exclusion_paragraph(item), st), item.id)
        if restricted and not self.full:
            # The one place the public version of a restricted item is decided.
            self.add(Kind.BODY, restriction.public_text(item, st), item.id)
            return
        if item.description and item.id is not None:
            self.descriptions[item.id] = xml_safe(item.description)
        self.put(deferral_line(item, st), item.id)
        if item.id == self.first and self.chaired:
            self.add(Kind.BODY, self.chaired, item.id)
        self.put(summary_line(item, restricted, st), item.id)
        wrote = self.lines(item)
        if item_kind(item.title, item.parent_id) is StandardItem.ACTION_LOG:
            self.carried(item.id)
        for para in closing_lines(item, wrote=wrote, forward=self.r.forward_plan,
                                  next_meeting=self.next_lines, style=st):
            self.put(para, item.id)

    def lines(self, item: AgendaItem) -> bool:
        """The item's entries and actions in their shared order; True if any."""
        lines: list[Entry | Action] = [*self.entries.get(item.id, []),
                                       *self.actions.get(item.id, [])]
        number = index = 0
        count = resolution_count(lines, self.style)
        for line in sorted(lines, key=line_order):
            number = next_number(line, number)
            index = next_resolution(line, index, self.style)
            # Its own actions as the lifecycle says (the draft follows them;
            # circulation fixes them).
            self.put(item_line(line, number, state=self.r.meeting.state, style=self.style,
                               resolution=(index, count)), item.id)
        return bool(lines)

    def carried(self, item_id: int | None) -> None:
        done = [a for a in self.r.carried_actions if not a.is_open]
        still = [a for a in self.r.carried_actions if a.is_open]
        for a in done + still:
            if a is (still[0] if still else None):
                self.put(outstanding_line(item_id, self.style), item_id)
            self.put(carried_line(a, hidden=a.id in self.hidden and not self.full,
                                  style=self.style), item_id)

    def next_meeting(self, item_id: int | None) -> None:
        for line in self.next_lines:
            self.add(Kind.BODY, line, item_id)
