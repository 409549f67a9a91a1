"""Completion for the capture line: slash command names after "/", roster names where
a name is typed, and phrase-book sentences for plain text. Headless: the capture
widget asks :func:`complete` for full replacement lines."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from csp_tui.capture.grammar import SLASH_COMMANDS, canonical
from csp_tui.domain.attendance import is_here
from csp_tui.domain.deferral import PREVIEW_ARROW, completes_reason, deferral_sentence
from csp_tui.domain.names import normalise_name, split_names_keeping

if TYPE_CHECKING:
    from csp_tui.domain.house_style import Style
    from csp_tui.storage.repository import Repository


def completion_names(repo: Repository, meeting_id: int) -> list[str]:
    """Names to offer as completions: those attending first, then the rest of the
    roster; never a name kept as typed and still unconfirmed (a misspelling, offered
    first as someone attending, would spread)."""
    meeting = repo.meetings.meeting(meeting_id)
    assert meeting.board_id is not None
    unconfirmed = {q.name for q in repo.names.name_questions(meeting_id)}
    attending = [a.person_name for a in repo.people.attendance(meeting_id)
                 if is_here(a) and a.person_name not in unconfirmed]
    rest = [p.name for p in repo.people.people(meeting.board_id)
            if p.name not in attending and p.name not in unconfirmed]
    return attending + rest


_MULTI_NAMES = {"action", "present", "attendee", "apologies", "left", "joined"}
_ONE_NAME = {"chair", "notetaker", "declare"}
_PHRASE_ARGS = {"agreed", "summary", "defer"}


def _matches(fragment: str, candidates: Iterable[str], *, exclude: Iterable[str] = ()
             ) -> list[str]:
    """Candidates starting with ``fragment``, then those with a word starting with it
    (case-insensitive); "cllr" counts as "Councillor"."""
    if not fragment.strip():
        return []
    # "cllr w" is looked for as "councillor w"; a space typed at the end still counts.
    frag = normalise_name(fragment) + (" " if fragment[-1:].isspace() else "")
    frag = frag.casefold()
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


def _deferral_preview(name: str, line: str, rest: str, style: Style | None) -> list[str]:
    """For ``/defer REASON`` whose reason is not a sentence of the minutes, the line with
    the sentence they will print after an arrow ("/defer to the March board → Item
    deferred to the March board."), in ``style``'s words as ``/defer`` will keep it:
    shown before Enter; taken, it is what is kept."""
    if name != "defer" or PREVIEW_ARROW.strip() in rest or not completes_reason(rest, style):
        return []
    arrow = PREVIEW_ARROW.lstrip() if line.endswith(" ") else PREVIEW_ARROW
    return [line + arrow + deferral_sentence(rest, style)]


def complete(line: str, *, names: Sequence[str], phrases: Sequence[str],
             style: Style | None = None) -> list[str]:
    """Completions for the capture line, each a full replacement line: slash command names
    after "/", owner and attendee names where a name is being typed, phrase-book
    sentences for plain text (from the second character; "- " and "1. " are kept).
    ``style``: the house style the meeting's minutes print in (the repository's
    ``style_for``), whose words ``/defer``'s preview shows; the default's without."""
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
            parts = split_names_keeping(rest)
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
            return [*_deferral_preview(name, line, rest, style),
                    *(prefix + p for p in _matches(rest, phrases))]
        return []
    m = re.match(r"\s*(?:[-*•]|\d+[.)])\s+", line)
    marker = m.group(0) if m else ""
    text = line[len(marker):]
    if len(text.strip()) < 2:
        return []
    return [marker + p for p in _matches(text, phrases)]
