"""The capture line's grammar: one typed line read into a typed :class:`ParsedLine`.

Pure (no database): :func:`parse` says what the line asks for, or raises
:class:`CaptureError` with one line for the user when a slash command is unknown or
malformed. :mod:`csp_tui.capture.handlers` carries the parsed line out.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from csp_tui.domain.action_line import ActionLineError, read_action
from csp_tui.domain.agenda import roman_value
from csp_tui.domain.dates import parse_day, parse_time_range
from csp_tui.domain.names import split_names


class CaptureError(ValueError):
    """An unknown or malformed slash command, or one that cannot apply now: one line
    for the user. Nothing was changed."""


@dataclass(frozen=True)
class SlashCommand:
    """A slash command as the help screen and README list it."""

    name: str
    usage: str
    help: str
    arg: Literal["none", "required", "optional"] = "required"
    example: str = ""


SLASH_COMMANDS: tuple[SlashCommand, ...] = (
    SlashCommand("action", "/action OWNER to TASK [by DUE]",
                 "an ACTION; /a for short. Owners before the first ' to ' ('A, B and C "
                 "to ...'); start with 'to' for no owner. DUE: a date or words (ASAP, "
                 "next board, end of June); end with (COMPLETED) for one done already",
                 example="/action Jade to circulate the slides by 30 April"),
    SlashCommand("agreed", "/agreed TEXT", "a decision (under the committee style a "
                 "resolution, as /resolved)",
                 example="/agreed The board accepted the recommendations."),
    SlashCommand("resolved", "/resolved TEXT", "a resolution: 'RESOLVED: that ...'; several "
                 "in an item are numbered (1), (2)", example="/resolved the report be noted"),
    SlashCommand("next", "/next", "leave this item (done) for the next pending one", "none"),
    SlashCommand("prev", "/prev", "back to the item before this one", "none"),
    SlashCommand("goto", "/goto N", "jump to item N, or a sub-item: 14.ii or 14.2",
                 example="/goto 14.ii"),
    SlashCommand("defer", "/defer REASON",
                 "defer this item (the minutes give the reason) and go to the next "
                 "pending one", example="/defer Item deferred to the June 2021 board."),
    SlashCommand("pause", "/pause", "pause or resume the item timer", "none"),
    SlashCommand("restricted", "/restricted [PARAGRAPH]", "mark this item restricted, or "
                 "not; with PARAGRAPH (1-7 of Schedule 12A) it is exempt and the public "
                 "minutes print the exclusion resolution", "optional",
                 example="/restricted 3"),
    SlashCommand("summary", "/summary TEXT", "the public summary of a restricted item",
                 example="/summary The board discussed the plan."),
    SlashCommand("present", "/present NAMES", "members present ('A, B and C'); new names "
                 "join the roster as members", example="/present Andy Opie and April Bald"),
    SlashCommand("attendee", "/attendee NAMES", "additional attendees; new names join the "
                 "roster as advisers", example="/attendee Chris Lyons"),
    SlashCommand("apologies", "/apologies NAMES", "apologies for absence; new names join "
                 "the roster as members", example="/apologies Antony Rose"),
    SlashCommand("substitute", "/substitute NAME for NAME", "NAME attended as a substitute "
                 "for the member NAME (present; the member sends apologies)",
                 example="/substitute Cllr Ali for Cllr Brown"),
    SlashCommand("chair", "/chair NAME", "who chairs the meeting",
                 example="/chair Stephen Clayman"),
    SlashCommand("notetaker", "/notetaker NAME", "who takes the notes",
                 example="/notetaker Jade Hodgson"),
    SlashCommand("left", "/left NAME", "NAME left now (time recorded, and a line in "
                 "this item)", example="/left Councillor Worby"),
    SlashCommand("joined", "/joined NAME", "NAME joined now (time recorded, and a line "
                 "in this item)", example="/joined Mark Long"),
    SlashCommand("declare", "/declare NAME: INTEREST", "a declaration of interest",
                 example="/declare Cllr Worby: trustee of a refuge charity"),
    SlashCommand("next-meeting", "/next-meeting DATE HH:MM-HH:MM | VENUE | CHAIR",
                 "the date of next meeting", example="/next-meeting 2021-06-30 "
                 "10:00-13:00 | MS Teams | Councillor Mullane"),
    SlashCommand("forward", "/forward TITLE [| PRESENTER] [| WHEN]",
                 "an item for the forward plan", example="/forward Knife crime | MPS | June"),
    SlashCommand("phrase", "/phrase TEXT", "add a sentence to your phrase book",
                 example="/phrase The board thanked the presenter."),
    SlashCommand("approve-minutes", "/approve-minutes",
                 "the board approves the previous meeting's minutes (they are frozen) and "
                 "this item says so", "none"),
    SlashCommand("undo", "/undo", "undo the last change (again and again)", "none"),
    SlashCommand("help", "/help", "every key and command", "none"),
)

_BY_NAME = {c.name: c for c in SLASH_COMMANDS}
#: Other spellings accepted for a slash command.
ALIASES = {"a": "action", "agree": "agreed", "decision": "agreed", "previous": "prev",
           "go": "goto", "note-taker": "notetaker", "notetaker": "notetaker",
           "nextmeeting": "next-meeting", "apology": "apologies", "attendees": "attendee",
           "declaration": "declare", "joins": "joined", "join": "joined", "leaves": "left",
           "approve": "approve-minutes", "resolution": "resolved", "resolve": "resolved",
           "sub": "substitute"}

# ---------------------------------------------------------------------------- parsed lines


@dataclass(frozen=True, kw_only=True)
class ParsedLine:
    """One parsed capture line.

    ``name`` is "paragraph", "bullet" or "numbered" for text, else the slash command's
    full name without the slash ("action" for ``/a`` too); ``text`` is the argument as
    typed and ``raw`` the whole line. A slash command without arguments (``/next``,
    ``/undo``...) is a plain ParsedLine; the others have a subclass with typed fields.
    """

    name: str
    text: str = ""
    raw: str = ""


@dataclass(frozen=True, kw_only=True)
class TextLine(ParsedLine):
    """Minutes text: a paragraph, a ``- `` bullet or an ``N. `` numbered point (``n``);
    also the text of ``/agreed``, ``/defer``, ``/summary`` and ``/phrase``."""

    n: int | None = None


@dataclass(frozen=True, kw_only=True)
class SlashAction(ParsedLine):
    """``/action OWNERS to TASK [by DUE]``: the owners as typed, one per name."""

    owners: tuple[str, ...]
    task: str
    due: str = ""
    #: Typed with "(COMPLETED)" at the end: done by the time it was minuted (a status,
    #: not words of the task).
    completed: bool = False


@dataclass(frozen=True, kw_only=True)
class SlashGoto(ParsedLine):
    """``/goto N`` or ``/goto N.K``: top-level item ``top``, sub-item ``sub`` (1-based)."""

    top: int
    sub: int | None = None


@dataclass(frozen=True, kw_only=True)
class SlashNames(ParsedLine):
    """``/present``, ``/attendee``, ``/apologies``, ``/left``, ``/joined``: names."""

    names: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class SlashName(ParsedLine):
    """``/chair NAME`` or ``/notetaker NAME``: exactly one name."""

    person: str


@dataclass(frozen=True, kw_only=True)
class SlashSubstitute(ParsedLine):
    """``/substitute NAME for NAME``: who attended, for which member."""

    person: str
    member: str


@dataclass(frozen=True, kw_only=True)
class SlashDeclare(ParsedLine):
    """``/declare NAME: INTEREST``."""

    person: str
    interest: str


@dataclass(frozen=True, kw_only=True)
class SlashNextMeeting(ParsedLine):
    """``/next-meeting DATE [HH:MM[-HH:MM]] [| VENUE] [| CHAIR]``; ``day`` is the date as
    typed (it is read against the meeting's date when carried out)."""

    day: str
    start: dt.time | None = None
    end: dt.time | None = None
    venue: str = ""
    chair: str = ""


@dataclass(frozen=True, kw_only=True)
class SlashForward(ParsedLine):
    """``/forward TITLE [| PRESENTER] [| WHEN]``."""

    title: str
    presenter: str = ""
    when: str = ""


# ---------------------------------------------------------------------------- parsing

_GOTO = re.compile(r"(\d+)(?:\s*\.?\s*\(?\s*([ivxlc]+|\d+)\s*\)?)?\s*\.?", re.I)
_NUMBERED = re.compile(r"(\d+)[.)]\s+(.*)", re.S)
_BULLET = re.compile(r"[-*•]\s+(.*)", re.S)


def canonical(name: str) -> str | None:
    """The full slash command name for what was typed after the slash, or None."""
    name = name.lower()
    name = ALIASES.get(name, name)
    return name if name in _BY_NAME else None


def _usage(cmd: SlashCommand) -> str:
    return f"/{cmd.name} needs {cmd.usage.split(' ', 1)[1]}" + (
        f", e.g. {cmd.example}" if cmd.example else "")


#: Slash commands whose text is minutes, as a paragraph's is: a line break in it stays.
_KEEPS_LINE_BREAKS = frozenset({"agreed", "resolved", "defer", "summary"})


def line_breaks(text: str, *, keep: bool) -> str:
    """The one rule for a line break typed inside an entry (ctrl+j in the capture area).
    In minutes text (a paragraph, bullet, numbered point, decision, deferral reason,
    public summary) it stays a line break inside that one entry, as Shift+Enter in Word
    (the Word minutes print it as a line break within the paragraph, Markdown as a hard
    line break), without the spaces either side of it. Anywhere else (names, dates, an
    action, an item number, a phrase) it is read as a space: the command is one line
    and the break only where the note taker wrapped it."""
    return re.sub(r"[ \t]*\n\s*", "\n" if keep else " ", text)


def parse(line: str) -> ParsedLine:
    """Read one capture line (an entry: it may hold line breaks, read by
    :func:`line_breaks`). Raises :class:`CaptureError` for an unknown slash command
    or a malformed one; nothing is touched in the database."""
    raw = line
    text = line.strip()
    if text.startswith("/") and not text.startswith("//"):
        word = re.split(r"\s", text[1:], maxsplit=1)[0]
        keep = canonical(word) in _KEEPS_LINE_BREAKS
        text = f"/{word} {line_breaks(text[1 + len(word):].strip(), keep=keep)}".strip()
    else:
        text = line_breaks(text, keep=True)
    if not text:
        raise CaptureError("nothing to add: type a sentence, or a /command (/help lists them)")
    if text.startswith("//"):
        # "//" escapes a paragraph that really starts with a slash.
        return TextLine(name="paragraph", text=text[1:], raw=raw)
    if not text.startswith("/"):
        if text in ("-", "*", "•"):
            raise CaptureError("a bullet needs text after the '- '")
        if m := _BULLET.fullmatch(text):
            if not m.group(1).strip():
                raise CaptureError("a bullet needs text after the '- '")
            return TextLine(name="bullet", text=m.group(1).strip(), raw=raw)
        if m := _NUMBERED.fullmatch(text):
            return TextLine(name="numbered", text=m.group(2).strip(), raw=raw,
                            n=int(m.group(1)))
        return TextLine(name="paragraph", text=text, raw=raw)
    word, _, rest = text[1:].partition(" ")
    name = canonical(word)
    if name is None:
        near = difflib.get_close_matches(word.lower(), list(_BY_NAME) + list(ALIASES), n=1)
        hint = f"; did you mean /{canonical(near[0])}?" if near else ""
        raise CaptureError(f"unknown command /{word}{hint} (/help lists them)")
    return command(name, rest, raw=raw)


def command(name: str, rest: str = "", *, raw: str = "") -> ParsedLine:
    """The slash command ``name`` (its full name) with ``rest``, its arguments as typed:
    what :func:`parse` reads after the slash, for the keys and dialogs that know the
    command and have only its arguments (PgDn carries out ``command("next")``, the
    agenda's A ``command("action", "Jade to ...")``). Raises :class:`CaptureError` as
    :func:`parse` does."""
    rest = rest.strip()
    cmd = _BY_NAME[name]
    if cmd.arg == "none" and rest:
        raise CaptureError(f"/{name} takes nothing after it")
    if cmd.arg == "required" and not rest:
        raise CaptureError(_usage(cmd))
    reader = _READERS.get(name)
    if reader is None:
        return ParsedLine(name=name, text=rest, raw=raw)
    return reader(rest, cmd, raw)


def _text(rest: str, cmd: SlashCommand, raw: str) -> TextLine:
    return TextLine(name=cmd.name, text=rest, raw=raw)


def _goto(rest: str, cmd: SlashCommand, raw: str) -> SlashGoto:
    m = _GOTO.fullmatch(rest)
    if not m:
        raise CaptureError(f"/goto needs an item number, e.g. /goto 14 or /goto 14.ii "
                           f"(not {rest!r})")
    sub = m.group(2)
    k = None
    if sub:
        k = int(sub) if sub.isdigit() else roman_value(sub)
        if not k:
            raise CaptureError(f"/goto: {sub!r} is not a sub-item number; write 14.ii or 14.2")
    return SlashGoto(name=cmd.name, text=rest, raw=raw, top=int(m.group(1)), sub=k)


def _action(rest: str, cmd: SlashCommand, raw: str) -> SlashAction:
    # The line's rule is read_action's (csp_tui.domain.action_line): here it is only
    # checked as typed; the handler reads it again against the meeting's day and roster.
    try:
        line = read_action(rest, None)
    except ActionLineError as exc:
        raise CaptureError(str(exc)) from None
    return SlashAction(name=cmd.name, text=rest, raw=raw, owners=line.owners,
                       task=line.task, due=line.due_typed, completed=line.completed)


def _names(rest: str, cmd: SlashCommand, raw: str) -> SlashNames:
    names = split_names(rest)
    if not names:
        raise CaptureError(_usage(cmd))
    return SlashNames(name=cmd.name, text=rest, raw=raw, names=tuple(names))


def _one_name(rest: str, cmd: SlashCommand, raw: str) -> SlashName:
    names = split_names(rest)
    if len(names) != 1:
        raise CaptureError(f"/{cmd.name} takes one name, e.g. {cmd.example}")
    return SlashName(name=cmd.name, text=rest, raw=raw, person=names[0])


def _substitute(rest: str, cmd: SlashCommand, raw: str) -> SlashSubstitute:
    # "A for B": the first " for " parts them (names do not hold the word).
    parts = re.split(r"(?i)\s+for\s+", rest, maxsplit=1)
    if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
        raise CaptureError(f"/substitute needs NAME for NAME, e.g. {cmd.example}")
    return SlashSubstitute(name=cmd.name, text=rest, raw=raw, person=parts[0].strip(),
                           member=parts[1].strip())


def _declare(rest: str, cmd: SlashCommand, raw: str) -> SlashDeclare:
    name, colon, interest = rest.partition(":")
    if not colon or not name.strip() or not interest.strip():
        raise CaptureError(f"/declare needs NAME: INTEREST, e.g. {cmd.example}")
    return SlashDeclare(name=cmd.name, text=rest, raw=raw, person=name.strip(),
                        interest=interest.strip())


def _next_meeting(rest: str, cmd: SlashCommand, raw: str) -> SlashNextMeeting:
    parts = [p.strip() for p in rest.split("|")]
    if len(parts) > 3:
        raise CaptureError(f"/next-meeting takes at most 3 parts separated by '|', "
                           f"e.g. {cmd.example}")
    when = parts[0]
    start = end = None
    m = re.fullmatch(r"(.*?)\s+(\d{1,2}[:.]\d{2}\s*-\s*\d{1,2}[:.]\d{2})", when)
    m1 = re.fullmatch(r"(.*?)\s+(\d{1,2}[:.]\d{2})", when)
    day_text = when
    if m:
        rng = parse_time_range(m.group(2))
        if rng is None:
            raise CaptureError(f"/next-meeting: {m.group(2)!r} is not a time range such as "
                               "10:00-13:00")
        day_text, (start, end) = m.group(1), rng
        if end <= start:
            raise CaptureError(f"/next-meeting: the end time {end:%H:%M} is not after the "
                               f"start time {start:%H:%M}")
    elif m1:
        try:
            start = dt.time.fromisoformat(m1.group(2).replace(".", ":").zfill(5))
        except ValueError:
            raise CaptureError(f"/next-meeting: {m1.group(2)!r} is not a time") from None
        day_text = m1.group(1)
    if parse_day(day_text) is None:
        raise CaptureError(f"/next-meeting needs a date first, e.g. {cmd.example} "
                           f"(not {day_text!r})")
    return SlashNextMeeting(name=cmd.name, text=rest, raw=raw, day=day_text, start=start,
                            end=end, venue=parts[1] if len(parts) > 1 else "",
                            chair=parts[2] if len(parts) > 2 else "")


def _forward(rest: str, cmd: SlashCommand, raw: str) -> SlashForward:
    parts = [p.strip() for p in rest.split("|")]
    if len(parts) > 3 or not parts[0]:
        raise CaptureError(f"/forward needs TITLE [| PRESENTER] [| WHEN], e.g. {cmd.example}")
    parts += [""] * (3 - len(parts))
    return SlashForward(name=cmd.name, text=rest, raw=raw, title=parts[0],
                        presenter=parts[1], when=parts[2])


_READERS: dict[str, Callable[[str, SlashCommand, str], ParsedLine]] = {
    "agreed": _text, "resolved": _text, "substitute": _substitute, "defer": _text,
    "summary": _text, "phrase": _text,
    "goto": _goto, "action": _action, "present": _names, "attendee": _names,
    "apologies": _names, "left": _names, "joined": _names, "chair": _one_name,
    "notetaker": _one_name, "declare": _declare, "next-meeting": _next_meeting,
    "forward": _forward,
}
