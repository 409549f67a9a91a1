"""The capture line's language: what the note taker types at the bottom of the meeting
screen, parsed (:func:`parse`) and carried out against the database (:func:`execute`).

Headless (no textual): the meeting screen calls these and shows the :class:`Outcome`
or, for an unknown or malformed command, the :class:`CaptureError` message inline while
the typed text stays in the line. Every command that changes something runs in one
transaction, so one ``/undo`` takes back exactly one command.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from pydantic import ValidationError

from csp_tui.domain.attendance import join_names
from csp_tui.domain.dates import parse_day, parse_time_range
from csp_tui.domain.models import (
    Action,
    AgendaItem,
    AttendanceStatus,
    Entry,
    EntryKind,
    ForwardPlanItem,
    Group,
    ItemState,
    Meeting,
    NextMeeting,
    Person,
    Role,
    error_message,
)
from csp_tui.domain.phrases import all_phrases

if TYPE_CHECKING:
    from csp_tui.storage.repository import Repository

Severity = Literal["information", "warning"]


class CaptureError(ValueError):
    """An unknown or malformed command, or one that cannot apply now: one line for the
    user. Nothing was changed."""


@dataclass(frozen=True)
class Command:
    """One parsed capture line.

    ``name`` is "paragraph", "bullet", "numbered" for text, else the slash command's
    full name without the slash ("action" for ``/a`` too). ``text`` is the argument as
    typed; ``args`` holds what :func:`parse` already worked out (owners, item number...).
    """

    name: str
    text: str = ""
    raw: str = ""
    args: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    """What a command did, for the meeting screen."""

    message: str
    severity: Severity = "information"
    moved: bool = False  # the current item changed
    changed_agenda: bool = False  # items (titles, states, restricted...) changed
    show_help: bool = False  # /help: open the help screen


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
                 "next board, end of June)", example="/action Jade to circulate the "
                 "slides by 30 April"),
    SlashCommand("agreed", "/agreed TEXT", "a decision",
                 example="/agreed The board accepted the recommendations."),
    SlashCommand("next", "/next", "leave this item (done) for the next pending one", "none"),
    SlashCommand("prev", "/prev", "back to the item before this one", "none"),
    SlashCommand("goto", "/goto N", "jump to item N, or a sub-item: 14.ii or 14.2",
                 example="/goto 14.ii"),
    SlashCommand("defer", "/defer REASON",
                 "defer this item (the minutes give the reason) and go to the next "
                 "pending one", example="/defer Item deferred to the June 2021 board."),
    SlashCommand("pause", "/pause", "pause or resume the item timer", "none"),
    SlashCommand("restricted", "/restricted", "mark this item restricted, or not", "none"),
    SlashCommand("summary", "/summary TEXT", "the public summary of a restricted item",
                 example="/summary The board discussed the plan."),
    SlashCommand("present", "/present NAMES", "members present ('A, B and C'); new names "
                 "join the roster as members", example="/present Andy Opie and April Bald"),
    SlashCommand("attendee", "/attendee NAMES", "additional attendees; new names join the "
                 "roster as advisers", example="/attendee Chris Lyons"),
    SlashCommand("apologies", "/apologies NAMES", "apologies for absence; new names join "
                 "the roster as members", example="/apologies Antony Rose"),
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
    SlashCommand("undo", "/undo", "undo the last change (again and again)", "none"),
    SlashCommand("help", "/help", "every key and command", "none"),
)

_BY_NAME = {c.name: c for c in SLASH_COMMANDS}
#: Other spellings accepted for a command.
ALIASES = {"a": "action", "agree": "agreed", "decision": "agreed", "previous": "prev",
           "go": "goto", "note-taker": "notetaker", "notetaker": "notetaker",
           "nextmeeting": "next-meeting", "apology": "apologies", "attendees": "attendee",
           "declaration": "declare", "joins": "joined", "join": "joined", "leaves": "left"}

_GOTO = re.compile(r"(\d+)(?:\s*\.?\s*\(?\s*([ivxlc]+|\d+)\s*\)?)?\s*\.?", re.I)
_NUMBERED = re.compile(r"(\d+)[.)]\s+(.*)", re.S)
_BULLET = re.compile(r"[-*•]\s+(.*)", re.S)
_NAME_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*", re.I)
_COUNCILLOR = re.compile(r"^(?:cllr\.?|clr\.?|councillor|councilor)\s+", re.I)
_ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii",
          "xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx"]
_MONTHS = ("january|february|march|april|may|june|july|august|september|october|"
           "november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
#: Due words kept as written ("by the end of June"): anything else after " by " stays
#: part of the task ("to be signed off by the board").
_DUE_WORDS = re.compile(
    r"(asap|as soon as possible|tbc|ongoing|(the )?next (csp )?(board|meeting)|"
    r"(the )?(end|start|beginning|middle) of .+|(early|mid|late)[- ].+|"
    rf"(the )?(next|this) (week|month|quarter|year)|q[1-4]( \d{{4}})?|"
    rf"(spring|summer|autumn|winter)( \d{{4}})?|({_MONTHS})( \d{{4}})?|"
    rf"(the )?({_MONTHS}) (csp )?(board|meeting)|"
    r"(next |this )?(monday|tuesday|wednesday|thursday|friday)|close of play)\.?", re.I)


# ---------------------------------------------------------------------------- parsing


def canonical(name: str) -> str | None:
    """The full command name for what was typed after the slash, or None."""
    name = name.lower()
    name = ALIASES.get(name, name)
    return name if name in _BY_NAME else None


def split_names(text: str) -> list[str]:
    """"A, B and C" -> ["A", "B", "C"] (also "A & B")."""
    return [n.strip() for n in _NAME_SPLIT.split(text.strip().rstrip(".")) if n.strip()]


def normalise_name(name: str) -> str:
    """"cllr  Worby" -> "Councillor Worby"; spaces collapsed."""
    name = " ".join(name.split())
    m = _COUNCILLOR.match(name)
    return f"Councillor {name[m.end():]}" if m else name


def _usage(cmd: SlashCommand) -> str:
    return f"/{cmd.name} needs {cmd.usage.split(' ', 1)[1]}" + (
        f", e.g. {cmd.example}" if cmd.example else "")


def parse(line: str) -> Command:
    """Read one capture line. Raises :class:`CaptureError` for an unknown command or a
    malformed one; nothing is touched in the database."""
    raw = line
    text = line.strip()
    if not text:
        raise CaptureError("nothing to add: type a sentence, or a /command (/help lists them)")
    if text.startswith("//"):
        # "//" escapes a paragraph that really starts with a slash.
        return Command("paragraph", text[1:], raw)
    if not text.startswith("/"):
        if text in ("-", "*", "•"):
            raise CaptureError("a bullet needs text after the '- '")
        if m := _BULLET.fullmatch(text):
            if not m.group(1).strip():
                raise CaptureError("a bullet needs text after the '- '")
            return Command("bullet", m.group(1).strip(), raw)
        if m := _NUMBERED.fullmatch(text):
            return Command("numbered", m.group(2).strip(), raw, {"n": int(m.group(1))})
        return Command("paragraph", text, raw)
    word, _, rest = text[1:].partition(" ")
    rest = rest.strip()
    name = canonical(word)
    if name is None:
        near = difflib.get_close_matches(word.lower(), list(_BY_NAME) + list(ALIASES), n=1)
        hint = f"; did you mean /{canonical(near[0])}?" if near else ""
        raise CaptureError(f"unknown command /{word}{hint} (/help lists them)")
    cmd = _BY_NAME[name]
    if cmd.arg == "none" and rest:
        raise CaptureError(f"/{name} takes nothing after it")
    if cmd.arg == "required" and not rest:
        raise CaptureError(_usage(cmd))
    return Command(name, rest, raw, _PARSERS.get(name, _no_args)(rest, cmd))


def _no_args(rest: str, cmd: SlashCommand) -> dict[str, Any]:
    return {}


def _parse_goto(rest: str, cmd: SlashCommand) -> dict[str, Any]:
    m = _GOTO.fullmatch(rest)
    if not m:
        raise CaptureError(f"/goto needs an item number, e.g. /goto 14 or /goto 14.ii "
                           f"(not {rest!r})")
    sub = m.group(2)
    k = None
    if sub:
        k = int(sub) if sub.isdigit() else (
            _ROMAN.index(sub.lower()) + 1 if sub.lower() in _ROMAN else None)
        if not k:
            raise CaptureError(f"/goto: {sub!r} is not a sub-item number; write 14.ii or 14.2")
    return {"top": int(m.group(1)), "sub": k}


def _parse_action(rest: str, cmd: SlashCommand) -> dict[str, Any]:
    # The owner is everything before the first " to " (a line ending "... to" has
    # an owner and no task yet).
    m = re.search(r"(?:^|\s)to(?:\s+|$)", rest, re.I)
    if m:
        owner_text, task = rest[:m.start()].strip(), rest[m.end():]
    else:
        owner_text, task = "", rest
    task, due = _split_due(task.strip())
    if not task:
        raise CaptureError("/action needs a task after ' to ', e.g. "
                           "/action Jade to circulate the slides by 30 April")
    owners = split_names(owner_text)
    return {"owners": owners, "task": task, "due": due}


#: Text after " by " that was meant as a date: digits with / . or -, or a day and a month.
_DATE_LIKE = re.compile(
    r"\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}|\d{1,2}(st|nd|rd|th)? [A-Za-z]+( \d{4})?", re.I)


def _split_due(task: str) -> tuple[str, str]:
    """("circulate the slides by 30 April") -> ("circulate the slides", "30 April")."""
    body = " " + task.rstrip().rstrip(".").rstrip()
    i = body.lower().rfind(" by ")
    if i >= 0:
        due = body[i + 4:].strip()
        if parse_day(due) is not None or _DUE_WORDS.fullmatch(due):
            return body[:i].strip(), due
        if _DATE_LIKE.fullmatch(due):
            # Looks like a date but is not one (31/04/2021): say so rather than
            # quietly keeping it as part of the task.
            raise CaptureError(f"{due!r} is not a date: write e.g. 30/04/2021, "
                               "2021-04-30 or 30 April")
    body = body.strip()
    m = re.search(r"\s+(asap|as soon as possible)$", body, re.I)
    if m:
        return body[:m.start()].strip(), m.group(1)
    return task.strip(), ""


def _parse_names(rest: str, cmd: SlashCommand) -> dict[str, Any]:
    names = split_names(rest)
    if not names:
        raise CaptureError(_usage(cmd))
    return {"names": names}


def _parse_one_name(rest: str, cmd: SlashCommand) -> dict[str, Any]:
    names = split_names(rest)
    if len(names) != 1:
        raise CaptureError(f"/{cmd.name} takes one name, e.g. {cmd.example}")
    return {"name": names[0]}


def _parse_declare(rest: str, cmd: SlashCommand) -> dict[str, Any]:
    name, colon, interest = rest.partition(":")
    if not colon or not name.strip() or not interest.strip():
        raise CaptureError(f"/declare needs NAME: INTEREST, e.g. {cmd.example}")
    return {"name": name.strip(), "interest": interest.strip()}


def _parse_next_meeting(rest: str, cmd: SlashCommand) -> dict[str, Any]:
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
    return {"day": day_text, "start": start, "end": end,
            "venue": parts[1] if len(parts) > 1 else "",
            "chair": parts[2] if len(parts) > 2 else ""}


def _parse_forward(rest: str, cmd: SlashCommand) -> dict[str, Any]:
    parts = [p.strip() for p in rest.split("|")]
    if len(parts) > 3 or not parts[0]:
        raise CaptureError(f"/forward needs TITLE [| PRESENTER] [| WHEN], e.g. {cmd.example}")
    parts += [""] * (3 - len(parts))
    return {"title": parts[0], "presenter": parts[1], "when": parts[2]}


_PARSERS = {
    "goto": _parse_goto, "action": _parse_action, "present": _parse_names,
    "attendee": _parse_names, "apologies": _parse_names, "left": _parse_names,
    "joined": _parse_names, "chair": _parse_one_name, "notetaker": _parse_one_name,
    "declare": _parse_declare, "next-meeting": _parse_next_meeting,
    "forward": _parse_forward,
}


# ---------------------------------------------------------------------------- names


@dataclass(frozen=True)
class Resolved:
    """A name as typed, and the roster person it stands for (if exactly one)."""

    typed: str
    person: Person | None = None
    candidates: tuple[Person, ...] = ()

    @property
    def name(self) -> str:
        """The roster name when matched, else the name as typed (Cllr -> Councillor)."""
        return self.person.name if self.person else normalise_name(self.typed)

    @property
    def ambiguous(self) -> bool:
        return self.person is None and len(self.candidates) > 1


def _words(name: str) -> list[str]:
    words = normalise_name(name).casefold().split()
    # "Councillor Worby" has a surname but no first name.
    return words[1:] if words and words[0] == "councillor" else words


def resolve_name(typed: str, roster: Sequence[Person],
                 attending: Iterable[int] = ()) -> Resolved:
    """Match a typed name to one roster person: the exact name (case-insensitive,
    "Cllr" = "Councillor"); else a single word that is the first name or the surname of
    exactly one person, looked for first among those attending, then the whole roster.
    Two or more candidates match nobody (``candidates`` lists them)."""
    want = normalise_name(typed).casefold()
    for p in roster:
        if normalise_name(p.name).casefold() == want:
            return Resolved(typed, p)
    words = _words(typed)
    if len(words) != 1:
        return Resolved(typed)
    w = words[0]
    is_cllr = want.startswith("councillor ")

    def hits(people: Iterable[Person]) -> list[Person]:
        out = []
        for p in people:
            pw = _words(p.name)
            if not pw:
                continue
            p_cllr = normalise_name(p.name).casefold().startswith("councillor ")
            if is_cllr and not p_cllr:
                continue
            if pw[-1] == w or (pw[0] == w and not p_cllr):
                out.append(p)
        return out

    here = set(attending)
    found = hits(p for p in roster if p.id in here)
    if not found:
        found = hits(roster)
    if len(found) == 1:
        return Resolved(typed, found[0])
    return Resolved(typed, None, tuple(found))


def _ambiguity(r: Resolved) -> str:
    names = [p.name for p in r.candidates]
    return f"{r.typed!r} could be {', '.join(names[:-1])} or {names[-1]}"


def completion_names(repo: Repository, meeting_id: int) -> list[str]:
    """Names to offer as completions: those attending first, then the rest of the
    roster."""
    meeting = repo.meeting(meeting_id)
    assert meeting.board_id is not None
    attending = [a.person_name for a in repo.attendance(meeting_id)
                 if a.status in (AttendanceStatus.PRESENT, AttendanceStatus.ATTENDEE)]
    rest = [p.name for p in repo.people(meeting.board_id) if p.name not in attending]
    return attending + rest


# ---------------------------------------------------------------------------- executing


@dataclass
class _Ctx:
    repo: Repository
    meeting: Meeting
    today: dt.date
    items: list[AgendaItem]

    @property
    def mid(self) -> int:
        assert self.meeting.id is not None
        return self.meeting.id

    @property
    def board_id(self) -> int:
        assert self.meeting.board_id is not None
        return self.meeting.board_id

    def current(self) -> AgendaItem | None:
        return next((i for i in self.items if i.id == self.meeting.current_item_id), None)

    def ref(self, item: AgendaItem) -> str:
        """"item 14 (ii)" as the agenda numbers it."""
        if item.parent_id is None:
            return f"item {item.number}"
        parent = next((i for i in self.items if i.id == item.parent_id), None)
        return f"item {parent.number if parent else '?'} {item.number}"

    def refresh(self) -> None:
        self.meeting = self.repo.meeting(self.mid)
        self.items = self.repo.items(self.mid)


def local_now(repo: Repository) -> dt.datetime:
    """The repository clock's time in the computer's local time zone."""
    return repo.clock().astimezone()


def execute(repo: Repository, meeting_id: int, command: Command, *,
            today: dt.date | None = None) -> Outcome:
    """Carry out a parsed command on a meeting. Raises :class:`CaptureError` (nothing
    changed) when it cannot apply, e.g. /pause with no current item."""
    from csp_tui.storage.connection import StorageError

    try:
        meeting = repo.meeting(meeting_id)
    except LookupError as exc:
        raise CaptureError(str(exc).strip("'\"")) from None
    ctx = _Ctx(repo, meeting, today or local_now(repo).date(), repo.items(meeting_id))
    handler = _HANDLERS[command.name]
    try:
        return handler(ctx, command)
    except CaptureError:
        raise
    except ValidationError as exc:
        raise CaptureError(error_message(exc)) from None
    except (LookupError, StorageError) as exc:
        raise CaptureError(str(exc).strip("'\"")) from None


def run(repo: Repository, meeting_id: int, line: str, *,
        today: dt.date | None = None) -> Outcome:
    """:func:`parse` then :func:`execute`: the capture line's Enter."""
    return execute(repo, meeting_id, parse(line), today=today)


def _writing_target(ctx: _Ctx) -> tuple[AgendaItem, bool]:
    """The item text goes under: the current one, else the first pending one (to be
    made current). Returns (item, must_move)."""
    cur = ctx.current()
    if cur is not None:
        return cur, False
    first = next((i for i in ctx.items if i.state == ItemState.PENDING), None)
    if first is None:
        raise CaptureError("no item is current and none is pending: /goto N to reopen one")
    return first, True


def _writing_item(ctx: _Ctx, target: tuple[AgendaItem, bool]) -> tuple[AgendaItem, bool]:
    """Make the target of :func:`_writing_target` current if it must be (call inside
    the command's transaction, so one /undo takes back both)."""
    item, move = target
    if move:
        assert item.id is not None
        ctx.repo.set_current(ctx.mid, item.id)
    return item, move


_KIND = {"paragraph": EntryKind.PARAGRAPH, "bullet": EntryKind.BULLET,
         "numbered": EntryKind.NUMBERED, "agreed": EntryKind.DECISION}
_KIND_WORD = {"paragraph": "Paragraph", "bullet": "Bullet", "numbered": "Numbered point",
              "agreed": "Decision"}


def _entry(ctx: _Ctx, cmd: Command) -> Outcome:
    target = _writing_target(ctx)
    with ctx.repo.transaction(f"add a {_KIND[cmd.name].value} to {ctx.ref(target[0])}"):
        item, moved = _writing_item(ctx, target)
        assert item.id is not None
        ctx.repo.add_entry(Entry(item_id=item.id, kind=_KIND[cmd.name], text=cmd.text))
    return Outcome(f"{_KIND_WORD[cmd.name]} added to {ctx.ref(item)}", moved=moved,
                   changed_agenda=moved)


def _person_for(ctx: _Ctx, r: Resolved, group: Group, added: list[str]) -> Person:
    """The roster person for a resolved name; a new name joins the roster."""
    if r.person is not None:
        return r.person
    person = ctx.repo.add_person(Person(board_id=ctx.board_id, name=r.name, group=group))
    added.append(person.name)
    return person


def _resolve_all(ctx: _Ctx, names: Sequence[str]) -> list[Resolved]:
    roster = ctx.repo.people(ctx.board_id)
    attending = [a.person_id for a in ctx.repo.attendance(ctx.mid)
                 if a.status in (AttendanceStatus.PRESENT, AttendanceStatus.ATTENDEE)]
    return [resolve_name(n, roster, attending) for n in names]


def _resolve_people(ctx: _Ctx, names: Sequence[str]) -> list[Resolved]:
    """Resolve names that must each be one person: an ambiguous one is an error
    (adding "Stephen" to the roster when two Stephens sit on it would be wrong)."""
    resolved = _resolve_all(ctx, names)
    bad = [r for r in resolved if r.ambiguous]
    if bad:
        raise CaptureError(f"{_ambiguity(bad[0])}: type more of the name")
    return resolved


def _action(ctx: _Ctx, cmd: Command) -> Outcome:
    args = cmd.args
    resolved = _resolve_all(ctx, args["owners"])
    warnings: list[str] = []
    for r in resolved:
        if r.ambiguous:
            warnings.append(f"owner {_ambiguity(r)}: kept as written")
        elif r.person is None:
            warnings.append(f"owner {r.name!r} not on the roster: kept as written")
    owner_ids = list(dict.fromkeys(r.person.id for r in resolved
                                   if r.person is not None and r.person.id is not None))
    owner = join_names(list(dict.fromkeys(r.name for r in resolved)))
    due = args["due"]
    due_note = ""
    if due:
        day = parse_day(due, today=ctx.today)
        if day is not None:
            due = day.isoformat()
            due_note = f" (due {day.day} {day:%B %Y})"
            if day < ctx.today:
                warnings.append(f"the due date {day.day} {day:%B %Y} is in the past")
        else:
            due = "ASAP" if due.casefold() in ("asap", "as soon as possible") else due
            due_note = f" (due {due})"
    target = _writing_target(ctx)
    with ctx.repo.transaction(f"add an action to {ctx.ref(target[0])}"):
        item, moved = _writing_item(ctx, target)
        ctx.repo.add_action(Action(meeting_id=ctx.mid, item_id=item.id, owner=owner,
                                   owner_ids=owner_ids, task=args["task"], due=due))
    who = f"for {owner}" if owner else "with no owner"
    message = f"Action added {who}{due_note}"
    if warnings:
        message += "; " + "; ".join(warnings)
    return Outcome(message, "warning" if warnings else "information", moved=moved,
                   changed_agenda=moved)


def _go(ctx: _Ctx, target: AgendaItem, label: str) -> None:
    assert target.id is not None
    with ctx.repo.transaction(label):
        if target.state == ItemState.DEFERRED:
            # Taking a deferred item after all: its deferral no longer stands.
            ctx.repo.reopen_item(target.id)
        ctx.repo.set_current(ctx.mid, target.id)


def _arrived_at(ctx: _Ctx, target: AgendaItem, before: str = "") -> Outcome:
    return Outcome(f"{before}Now at {ctx.ref(target)}: {target.title}", moved=True,
                   changed_agenda=True)


def _next_pending(ctx: _Ctx, after: AgendaItem | None) -> AgendaItem | None:
    """The first pending item after ``after`` in agenda order, else the first pending
    one before it (items taken out of order leave gaps)."""
    items = ctx.items
    start = items.index(after) + 1 if after in items else 0
    for item in items[start:] + items[:start]:
        if item.state == ItemState.PENDING and item is not after:
            return item
    return None


def _next(ctx: _Ctx, cmd: Command) -> Outcome:
    cur = ctx.current()
    target = _next_pending(ctx, cur)
    if target is None:
        return Outcome("No pending items left: that was the last one. Close the meeting "
                       "from the meeting list", "warning")
    _go(ctx, target, f"go to {ctx.ref(target)}")
    return _arrived_at(ctx, target)


def _prev(ctx: _Ctx, cmd: Command) -> Outcome:
    cur = ctx.current()
    if cur is None:
        raise CaptureError("no item is current yet: /next starts the first one")
    i = ctx.items.index(cur)
    if i == 0:
        return Outcome("Already at the first item", "warning")
    target = ctx.items[i - 1]
    _go(ctx, target, f"go back to {ctx.ref(target)}")
    return _arrived_at(ctx, target)


def _goto(ctx: _Ctx, cmd: Command) -> Outcome:
    top_n, sub_k = cmd.args["top"], cmd.args["sub"]
    tops = [i for i in ctx.items if i.parent_id is None]
    if not 1 <= top_n <= len(tops):
        raise CaptureError(f"there is no item {top_n}: the agenda has items 1-{len(tops)}")
    target = tops[top_n - 1]
    if sub_k:
        subs = [i for i in ctx.items if i.parent_id == target.id]
        if not subs:
            raise CaptureError(f"item {top_n} has no sub-items")
        if sub_k > len(subs):
            raise CaptureError(f"item {top_n} has no sub-item {sub_k}: it has "
                               f"(i)-({_ROMAN[len(subs) - 1]})")
        target = subs[sub_k - 1]
    if target.id == ctx.meeting.current_item_id:
        return Outcome(f"Already at {ctx.ref(target)}")
    _go(ctx, target, f"go to {ctx.ref(target)}")
    return _arrived_at(ctx, target)


def _sentence(text: str) -> str:
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def _defer(ctx: _Ctx, cmd: Command) -> Outcome:
    cur = ctx.current()
    if cur is None:
        raise CaptureError("no item is current: /goto N the item to defer first")
    if cur.state == ItemState.DEFERRED:
        raise CaptureError(f"{ctx.ref(cur)} is already deferred; /next to move on")
    assert cur.id is not None
    reason = _sentence(cmd.text)
    target = _next_pending(ctx, cur)
    with ctx.repo.transaction(f"defer {ctx.ref(cur)}"):
        ctx.repo.defer_item(cur.id, reason)
        if target is not None:
            assert target.id is not None
            ctx.repo.set_current(ctx.mid, target.id)
    said = f"{ctx.ref(cur).capitalize()} deferred: {reason} "
    if target is None:
        return Outcome(said + "No pending items left", "warning", changed_agenda=True)
    return _arrived_at(ctx, target, said)


def _pause(ctx: _Ctx, cmd: Command) -> Outcome:
    cur = ctx.current()
    if cur is None:
        raise CaptureError("no item is current, so there is no timer to pause")
    if cur.state != ItemState.CURRENT:
        raise CaptureError(f"{ctx.ref(cur)} is {cur.state.value}: its timer is stopped")
    running = ctx.repo.toggle_pause(ctx.mid)
    return Outcome("Timer resumed" if running else "Timer paused")


def _current_or_error(ctx: _Ctx, what: str) -> AgendaItem:
    cur = ctx.current()
    if cur is None:
        raise CaptureError(f"no item is current: /goto N the item to {what} first")
    return cur


def _restricted(ctx: _Ctx, cmd: Command) -> Outcome:
    cur = _current_or_error(ctx, "restrict")
    new = not cur.restricted
    ctx.repo.update_item(cur.model_copy(update={"restricted": new}))
    if new:
        return Outcome(f"{ctx.ref(cur).capitalize()} is now RESTRICTED: only its heading "
                       "and public summary reach the public minutes", changed_agenda=True)
    return Outcome(f"{ctx.ref(cur).capitalize()} is no longer restricted: its minutes will "
                   "be published", "warning", changed_agenda=True)


def _summary(ctx: _Ctx, cmd: Command) -> Outcome:
    cur = _current_or_error(ctx, "summarise")
    ctx.repo.update_item(cur.model_copy(update={"public_summary": cmd.text}))
    if not cur.restricted:
        return Outcome(f"Public summary saved; {ctx.ref(cur)} is not restricted, so the "
                       "summary is not used unless you /restricted it", "warning")
    return Outcome(f"Public summary saved for {ctx.ref(cur)}")


_STATUS = {"present": AttendanceStatus.PRESENT, "attendee": AttendanceStatus.ATTENDEE,
           "apologies": AttendanceStatus.APOLOGIES}
#: The roster group a new name joins under: additional attendees are usually officers
#: advising the board (the roster lists them as advisers).
_NEW_GROUP = {"present": Group.MEMBER, "attendee": Group.ADVISER,
              "apologies": Group.MEMBER, "chair": Group.MEMBER, "notetaker": Group.ADVISER,
              "left": Group.MEMBER, "joined": Group.MEMBER}
_STATUS_WORD = {"present": "Present", "attendee": "Additional attendees",
                "apologies": "Apologies"}


def _added_note(added: list[str]) -> str:
    return f"; new to the roster: {join_names(added)}" if added else ""


def _attendance(ctx: _Ctx, cmd: Command) -> Outcome:
    resolved = _resolve_people(ctx, cmd.args["names"])
    added: list[str] = []
    names: list[str] = []
    with ctx.repo.transaction(f"{cmd.name}: {cmd.text}"):
        for r in resolved:
            person = _person_for(ctx, r, _NEW_GROUP[cmd.name], added)
            assert person.id is not None
            ctx.repo.set_attendance(ctx.mid, person.id, status=_STATUS[cmd.name])
            if person.name not in names:
                names.append(person.name)
    return Outcome(f"{_STATUS_WORD[cmd.name]}: {join_names(names)}{_added_note(added)}",
                   "warning" if added else "information")


def _role(ctx: _Ctx, cmd: Command) -> Outcome:
    (r,) = _resolve_people(ctx, [cmd.args["name"]])
    role = Role.CHAIR if cmd.name == "chair" else Role.NOTE_TAKER
    added: list[str] = []
    with ctx.repo.transaction(f"{role.value}: {cmd.text}"):
        person = _person_for(ctx, r, _NEW_GROUP[cmd.name], added)
        assert person.id is not None
        att = next((a for a in ctx.repo.attendance(ctx.mid) if a.person_id == person.id),
                   None)
        here = att is not None and att.status in (AttendanceStatus.PRESENT,
                                                  AttendanceStatus.ATTENDEE)
        ctx.repo.set_attendance(ctx.mid, person.id, role=role,
                                status=None if here else AttendanceStatus.PRESENT)
        field_name = "chair" if role is Role.CHAIR else "note_taker"
        ctx.repo.update_meeting(ctx.repo.meeting(ctx.mid).model_copy(
            update={field_name: person.name}))
    what = "chairs the meeting" if role is Role.CHAIR else "takes the notes"
    return Outcome(f"{person.name} {what}{_added_note(added)}",
                   "warning" if added else "information")


def _came_or_went(ctx: _Ctx, cmd: Command) -> Outcome:
    resolved = _resolve_people(ctx, cmd.args["names"])
    at = local_now(ctx.repo).time().replace(second=0, microsecond=0)
    added: list[str] = []
    names: list[str] = []
    left = cmd.name == "left"
    target = _writing_target(ctx)
    with ctx.repo.transaction(f"{cmd.name}: {cmd.text}"):
        item, moved = _writing_item(ctx, target)
        assert item.id is not None
        attendance = {a.person_id: a for a in ctx.repo.attendance(ctx.mid)}
        for r in resolved:
            person = _person_for(ctx, r, _NEW_GROUP[cmd.name], added)
            assert person.id is not None
            att = attendance.get(person.id)
            here = att is not None and att.status in (AttendanceStatus.PRESENT,
                                                      AttendanceStatus.ATTENDEE)
            status = None if here else AttendanceStatus.PRESENT
            if left:
                ctx.repo.set_attendance(ctx.mid, person.id, status=status, left=at)
            else:
                ctx.repo.set_attendance(ctx.mid, person.id, status=status, arrived=at)
            names.append(person.name)
        verb = "left" if left else "joined"
        ctx.repo.add_entry(Entry(item_id=item.id, kind=EntryKind.PARAGRAPH,
                                 text=f"{join_names(names)} {verb} the meeting."))
    return Outcome(f"{join_names(names)} {verb} at {at:%H:%M}{_added_note(added)}",
                   "warning" if added else "information", moved=moved, changed_agenda=moved)


def _declare(ctx: _Ctx, cmd: Command) -> Outcome:
    (r,) = _resolve_all(ctx, [cmd.args["name"]])
    target = _writing_target(ctx)
    with ctx.repo.transaction(f"add a declaration to {ctx.ref(target[0])}"):
        item, moved = _writing_item(ctx, target)
        assert item.id is not None
        ctx.repo.add_entry(Entry(item_id=item.id, kind=EntryKind.DECLARATION,
                                 text=f"{r.name}: {cmd.args['interest']}"))
    if r.person is None:
        return Outcome(f"Declaration added; {r.name!r} is not on the roster: kept as written",
                       "warning", moved=moved, changed_agenda=moved)
    return Outcome(f"Declaration of interest by {r.name} added to {ctx.ref(item)}",
                   moved=moved, changed_agenda=moved)


def _next_meeting(ctx: _Ctx, cmd: Command) -> Outcome:
    a = cmd.args
    day = parse_day(a["day"], today=ctx.today)
    assert day is not None
    chair = a["chair"]
    if chair:
        (r,) = _resolve_all(ctx, [chair])
        chair = r.name
    nxt = NextMeeting(date=day, start=a["start"], end=a["end"], venue=a["venue"], chair=chair)
    ctx.repo.update_meeting(ctx.meeting.model_copy(update={"next_meeting": nxt}))
    times = f", {nxt.start:%H:%M}" if nxt.start else ""
    if nxt.start and nxt.end:
        times = f", {nxt.start:%H:%M}-{nxt.end:%H:%M}"
    extra = "".join(f", {x}" for x in (nxt.venue, f"chair {chair}" if chair else "") if x)
    warn = day <= ctx.meeting.date
    message = f"Next meeting: {day:%A} {day.day} {day:%B %Y}{times}{extra}"
    if warn:
        message += "; that is not after this meeting"
    return Outcome(message, "warning" if warn else "information")


def _forward(ctx: _Ctx, cmd: Command) -> Outcome:
    a = cmd.args
    ctx.repo.add_forward(ForwardPlanItem(meeting_id=ctx.mid, title=a["title"],
                                         presenter=a["presenter"], when=a["when"]))
    return Outcome(f"Added to the forward plan: {a['title']}")


def _phrase(ctx: _Ctx, cmd: Command) -> Outcome:
    if cmd.text.casefold() in {p.casefold() for p in all_phrases(ctx.repo)}:
        return Outcome("That sentence is already in the phrase book")
    ctx.repo.add_phrase(cmd.text)
    return Outcome(f"Added to your phrase book: {cmd.text}")


def _undo(ctx: _Ctx, cmd: Command) -> Outcome:
    label = ctx.repo.undo()
    if label is None:
        return Outcome("Nothing to undo", "warning")
    return Outcome(f"Undone: {label}", moved=True, changed_agenda=True)


def _help(ctx: _Ctx, cmd: Command) -> Outcome:
    return Outcome("F1 or ? lists every key and command", show_help=True)


_HANDLERS = {
    "paragraph": _entry, "bullet": _entry, "numbered": _entry, "agreed": _entry,
    "action": _action, "next": _next, "prev": _prev, "goto": _goto, "defer": _defer,
    "pause": _pause, "restricted": _restricted, "summary": _summary,
    "present": _attendance, "attendee": _attendance, "apologies": _attendance,
    "chair": _role, "notetaker": _role, "left": _came_or_went, "joined": _came_or_went,
    "declare": _declare, "next-meeting": _next_meeting, "forward": _forward,
    "phrase": _phrase, "undo": _undo, "help": _help,
}


# ---------------------------------------------------------------------------- completion

_MULTI_NAMES = {"action", "present", "attendee", "apologies", "left", "joined"}
_ONE_NAME = {"chair", "notetaker", "declare"}
_PHRASE_ARGS = {"agreed", "summary", "defer"}


def _matches(fragment: str, candidates: Iterable[str], *, exclude: Iterable[str] = ()
             ) -> list[str]:
    """Candidates starting with ``fragment``, then those with a word starting with it
    (case-insensitive); "cllr" counts as "Councillor"."""
    frag = fragment.lstrip()
    m = re.match(r"(?:cllr|clr)\.?(?=\s|$)", frag, re.I)
    if m:
        frag = "councillor" + frag[m.end():]
    frag = frag.casefold()
    if not frag:
        return []
    skip = {e.casefold() for e in exclude}
    first: list[str] = []
    second: list[str] = []
    for c in candidates:
        cf = c.casefold()
        if cf == frag or cf in skip or c in first or c in second:
            continue
        if cf.startswith(frag):
            first.append(c)
        elif re.search(r"(?:^|[\s(\"'-])" + re.escape(frag), cf):
            second.append(c)
    return first + second


def complete(line: str, *, names: Sequence[str], phrases: Sequence[str]) -> list[str]:
    """Completions for the capture line, each a full replacement line: command names
    after "/", owner and attendee names where a name is being typed, phrase-book
    sentences for plain text (from the second character; "- " and "1. " are kept)."""
    if line.startswith("/") and not line.startswith("//"):
        head, sep, rest = line.partition(" ")
        if not sep:
            typed = head[1:].lower()
            return [f"/{c.name}" + (" " if c.arg != "none" else "") for c in SLASH_COMMANDS
                    if c.name.startswith(typed) and c.name != typed]
        name = canonical(head[1:])
        if name is None:
            return []
        if name in _MULTI_NAMES:
            if name == "action" and (" to " in rest.lower() or rest.lower().startswith("to ")):
                return []
            parts = re.split(r"(,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)", rest)
            fragment = parts[-1]
            prefix = line[:len(line) - len(fragment)]
            done = [p.strip() for p in parts[:-1:2]]
            return [prefix + n for n in _matches(fragment, names, exclude=done)]
        if name in _ONE_NAME:
            if name == "declare" and ":" in rest:
                return []
            prefix = line[:len(line) - len(rest.lstrip())]
            return [prefix + n + (": " if name == "declare" else "")
                    for n in _matches(rest, names)]
        if name in _PHRASE_ARGS:
            prefix = line[:len(line) - len(rest.lstrip())]
            if len(rest.strip()) < 2:
                return []
            return [prefix + p for p in _matches(rest, phrases)]
        return []
    m = re.match(r"\s*(?:[-*•]|\d+[.)])\s+", line)
    marker = m.group(0) if m else ""
    text = line[len(marker):]
    if len(text.strip()) < 2:
        return []
    return [marker + p for p in _matches(text, phrases)]
