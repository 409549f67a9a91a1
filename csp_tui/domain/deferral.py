"""The sentence the minutes give a deferred item, as house style writes it:

    "Item deferred to March CSP Board as presenter was not present."
    "Representative sent apologies so item deferred to later board."

The note taker types ``/defer REASON``; a reason that is a sentence of the minutes is
kept as typed, one that is not ("to the March board") is completed into one ("Item
deferred to the March board.").
"""

from __future__ import annotations

import re

from csp_tui.domain.house_style import Style, default_style, fill

#: Shown between what was typed and the sentence the minutes will print (the capture
#: line's completion); accepting the completion keeps the sentence after it.
PREVIEW_ARROW = " → "

#: Words a reason may start with that join on to "Item deferred ..." as they are.
_JOINING = frozenset({"to", "until", "till", "as", "because", "due", "since", "pending",
                      "for", "owing", "while", "following", "after", "so", "at", "in",
                      "on", "by", "from", "awaiting", "with", "without"})
#: A reason that already says the item was deferred (or carried forward) is a sentence.
_SAYS_DEFERRED = re.compile(r"\b(defer|deferr|carr(y|ied)\b.*\bforward|postpon|"
                            r"adjourn)", re.I)
#: A bare meeting ("March board", "next meeting"): the item is deferred *to* it.
_A_MEETING = re.compile(r"\b(board|meeting)\b", re.I)


def _full_stop(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else text + "."


def deferral_sentence(reason: str, style: Style | None = None) -> str:
    """The sentence of the minutes for ``/defer REASON``.

    Kept (capitalised, with a full stop): a reason that says the item was deferred,
    or reads as a sentence (starts with a capital and does not name a bare meeting).
    Completed: one that starts with a joining word ("to the March board" -> "Item
    deferred to the March board."), names a meeting ("next board" -> "Item deferred to
    next board.") or starts in lower case ("presenter was ill" -> "Item deferred as
    presenter was ill."). Nothing typed: "Item deferred.". Typed with the completion's
    arrow, what follows the arrow.
    """
    words = (style or default_style()).deferral
    text = " ".join(reason.split(PREVIEW_ARROW.strip())[-1].split())
    if not text:
        return words.bare
    first = text.split()[0].casefold()
    if _SAYS_DEFERRED.search(text):
        return _full_stop(text[:1].upper() + text[1:])
    if first in _JOINING:
        return _full_stop(fill(words.joined, reason=text[:1].lower() + text[1:]))
    if _A_MEETING.search(text) and len(text.split()) <= 5:
        return _full_stop(fill(words.to_meeting, reason=text))
    if text[:1].islower():
        return _full_stop(fill(words.because, reason=text))
    return _full_stop(text)


def completes_reason(reason: str, style: Style | None = None) -> bool:
    """Whether :func:`deferral_sentence` changes ``reason`` beyond a capital and a full
    stop (so the capture line shows the sentence before Enter)."""
    text = " ".join(reason.split())
    return bool(text) and deferral_sentence(text, style) != _full_stop(text[:1].upper() + text[1:])
