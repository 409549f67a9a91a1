"""The phrase book: the council's stock sentences plus the note taker's own, offered
as completions on the capture line (``/phrase TEXT`` adds one)."""

from __future__ import annotations

from typing import Protocol

from csp_tui.domain.restriction import RESTRICTED_SENTENCE


class PhraseSource(Protocol):
    """Where the note taker's own phrases come from (the repository)."""

    def phrases(self) -> list[str]: ...

#: Sentences the published minutes use again and again (house-style.md).
STOCK_PHRASES: tuple[str, ...] = (
    "No declarations of interest to note.",
    "The minutes of the previous meeting were agreed as an accurate record.",
    "The board noted the update.",
    "Representative sent apologies so item deferred to later board.",
    "The board noted the report.",
    "The board accepted the recommendations.",
    "The board agreed the recommendations.",
    "The following actions remain outstanding.",
    "All actions from the previous meeting were completed.",
    "Item deferred to the next board as the presenter was not present.",
    RESTRICTED_SENTENCE,
    "There was no other business.",
    "The chair thanked everyone for attending and closed the meeting.",
)


def all_phrases(repo: PhraseSource | None = None) -> list[str]:
    """Stock phrases then the user's own (from ``repo.phrases()``), without repeats."""
    out = list(STOCK_PHRASES)
    if repo is not None:
        seen = {p.casefold() for p in out}
        for p in repo.phrases():
            if p.casefold() not in seen:
                seen.add(p.casefold())
                out.append(p)
    return out
