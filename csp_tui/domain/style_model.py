"""The house style's model: a typed, frozen :class:`Style` of every phrase and format
the minutes print (its sections mirror the TOML file's tables). Loading and checking
the files: :mod:`csp_tui.domain.house_style`.

Standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TitleStyle:
    """The title block: "THE COMMUNITY SAFETY PARTNERSHIP", the date, the time line."""

    #: Put before the board's name unless it already starts with it ("THE ").
    prefix: str
    #: The board's name: "upper", "title" or "as-typed".
    case: str
    #: The meeting date line: {weekday} {day} {month} {year}.
    date: str
    #: The time line: {times}; with a venue: {times} {venue}.
    times: str
    times_venue: str
    #: The document's title property: {board} {date}.
    document: str


@dataclass(frozen=True, slots=True)
class DateStyle:
    """How days are written."""

    #: "08 March" (true) or "8 March" (false).
    day_zero_pad: bool
    #: After the day number: "none" (8), "suffix" (8th) or "superscript" (8th, the
    #: suffix raised in Word).
    ordinals: str
    #: An action's due day, after "by": {weekday} {day} {month} {year}.
    due: str


@dataclass(frozen=True, slots=True)
class TimeStyle:
    """How times are written: "10:00-13:00" or "10.00-13.00"."""

    separator: str
    range: str
    #: "09:30" (true) or "9:30" (false).
    hour_zero_pad: bool


@dataclass(frozen=True, slots=True)
class SectionStyle:
    """One attendance line: its label, its names' order and punctuation."""

    label: str
    #: A comma before the last "and": "Melody Williams, and Pip Salvador-Jones."
    serial_comma: bool
    #: The line ends with a full stop.
    full_stop: bool
    #: "first-name" (sorted) or "as-recorded".
    order: str


@dataclass(frozen=True, slots=True)
class AttendanceStyle:
    """The attendance lines that open the minutes."""

    #: The sections in the order printed: present, attendees, apologies.
    sections: tuple[str, ...]
    present: SectionStyle
    attendees: SectionStyle
    apologies: SectionStyle
    #: Between names, and before the last one.
    joiner: str
    last_joiner: str
    chair_mark: str
    note_taker_mark: str
    #: Item 1's opening sentence when the deputy chaired: {name}.
    deputy_chairing: str
    #: A substitute: {name} attended as a substitute for {absent}.
    substitute: str


@dataclass(frozen=True, slots=True)
class HeadingStyle:
    """Item headings: "4. STREET SPACE PILOT", "(ii) IVOLT"."""

    #: The title: "upper", "title" or "as-typed".
    case: str
    item: str
    subitem: str
    unnumbered: str
    #: A restricted item's title: {title}.
    restricted: str
    #: Sub-item numbers: "roman" ((ii)), "letter" ((b)) or "number" ((2)).
    subitem_numbers: str
    #: The heading of the Date of Next Meeting block when the agenda has no such item.
    next_meeting: str


@dataclass(frozen=True, slots=True)
class RestrictedStyle:
    """What the minutes say of restricted items."""

    #: The public minutes' text of a restricted item with no public summary.
    sentence: str
    #: The full version's note of an item's public summary: {summary}.
    public_summary: str
    #: An earlier meeting's action under a restricted item, in the public minutes.
    action: str
    #: The page header of the full (confidential) version.
    marking: str
    subject: str
    public_subject: str
    #: The page header until the minutes are approved.
    draft: str


@dataclass(frozen=True, slots=True)
class DeferralStyle:
    """The sentence of a deferred item (``/defer REASON``)."""

    #: No reason given.
    bare: str
    #: A reason starting with a joining word ("to the March board"): {reason}.
    joined: str
    #: A bare meeting ("next board"): {reason}.
    to_meeting: str
    #: Any other lower-case reason ("presenter was ill"): {reason}.
    because: str


@dataclass(frozen=True, slots=True)
class SentenceStyle:
    """The standard sentences of the standard items."""

    no_declarations: str
    #: A declaration typed "NAME: INTEREST": {name} {interest}; otherwise {text}.
    declaration: str
    declaration_plain: str
    outstanding: str
    #: The next meeting's minutes when the board approves these: {date}.
    approval: str
    #: Offered on the capture line (the phrase book).
    stock_phrases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ActionStyle:
    """The action sentence: "ACTION: Jade Hodgson to circulate the slides by 30 April 2021."."""

    prefix: str
    #: With an owner: {owner} {task}.
    owned: str
    #: The sentence ends with a full stop (before its status mark).
    full_stop: bool
    #: After the task: {date}; words such as "next board": {due}.
    due_date: str
    due_words: str
    due_asap: str
    #: Status marks after the sentence.
    completed: str
    dropped: str
    open: str


@dataclass(frozen=True, slots=True)
class DecisionStyle:
    """How a decision is printed: {text}; several in one item: {n} {text}."""

    single: str
    numbered: str
    #: What ``/resolved`` writes before the decision's own words.
    resolved_prefix: str


@dataclass(frozen=True, slots=True)
class ListStyle:
    """Lists and the space after them."""

    bullet: str
    #: A numbered point's marker: {n}.
    number: str
    #: Word: points after each list paragraph.
    space_after: int
    #: Word: the last point of a list is followed by a body paragraph's space (6 pt)
    #: rather than a list point's (Markdown always has a blank line after a list).
    blank_line_after: bool


@dataclass(frozen=True, slots=True)
class NextMeetingStyle:
    """The Date of Next Meeting block."""

    #: {board}; " Board" is added to a board's name not ending with it when true.
    add_board: bool
    day: str
    #: The day line: {day} {times}.
    day_times: str
    chair: str


@dataclass(frozen=True, slots=True)
class MinuteNumberStyle:
    """Minute numbers that continue across a body's meetings in a municipal year."""

    enabled: bool
    #: {n} the number, {yy} the municipal year's start (two digits), {yyyy} four.
    format: str
    #: The month the municipal year starts (5: May).
    year_start_month: int


@dataclass(frozen=True, slots=True)
class ExemptStyle:
    """Exempt items (Schedule 12A to the Local Government Act 1972)."""

    #: The exclusion resolution: {paragraph}.
    exclusion: str
    #: The public summary of an exempt item: {summary}.
    summary: str


@dataclass(frozen=True, slots=True)
class ActionLogStyle:
    """The action log table ("CSP Board Action Plan")."""

    title: str
    #: A row of an action under a restricted item, in the public version.
    restricted: str
    #: The Status column.
    completed: str
    dropped: str
    open: str
    #: A RAG rating in words (the cell is shaded too, but colour alone is lost to a
    #: screen reader and a black-and-white print: WCAG 1.4.1).
    red: str
    amber: str
    green: str


@dataclass(frozen=True, slots=True)
class CommitteeTable:
    """The committee style's resolutions and minute-numbered headings (the rules:
    :mod:`csp_tui.domain.committee`)."""

    #: The bold lead-in of a resolution (``/resolved``).
    resolved_label: str
    #: A resolution's words after the label: {text} (a leading "that" typed is dropped).
    resolution: str
    #: The mark before each resolution where an item has several: {n}.
    resolution_number: str
    #: ``/agreed`` (a decision) prints as a resolution too.
    agreed_is_resolution: bool
    #: An item's heading when minute numbers are on: {number} {title}.
    minute_heading: str


@dataclass(frozen=True, slots=True)
class PageStyle:
    """The committee-system page, "Agenda and minutes" (``csp export --format page``):
    its header block and each item's row (time allowed, number, title, "Minutes:")."""

    #: The page's first heading.
    heading: str
    #: The HTML <title> and Word title property: {board} {date}.
    document_title: str
    #: The meeting line under the board's name: {weekday} {day} {month} {year} {start}.
    date: str
    #: The start time in that line: {hour} (1-12), {hour24}, {minute}, {ampm} (am/pm).
    start: str
    #: The header block: {venue}; {name} {post} (the note taker and their post).
    venue: str
    contact: str
    contact_no_post: str
    #: An item's time allowed: {minutes}.
    time_allowed: str
    #: An item's number in the No. column: {number}.
    number: str
    #: An item's title: "upper", "title" or "as-typed".
    title_case: str
    #: What comes before an item's minutes.
    minutes_label: str


@dataclass(frozen=True, slots=True)
class Style:
    """A house style: every phrase and format the minutes print."""

    name: str
    description: str
    #: The document language (Word's properties, the HTML lang).
    language: str
    title: TitleStyle
    dates: DateStyle
    times: TimeStyle
    attendance: AttendanceStyle
    headings: HeadingStyle
    restricted: RestrictedStyle
    deferral: DeferralStyle
    sentences: SentenceStyle
    actions: ActionStyle
    decisions: DecisionStyle
    lists: ListStyle
    next_meeting: NextMeetingStyle
    minute_numbers: MinuteNumberStyle
    exempt: ExemptStyle
    action_log: ActionLogStyle
    committee: CommitteeTable
    page: PageStyle
