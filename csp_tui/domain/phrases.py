"""The phrase book: the house style's stock sentences plus the note taker's own,
offered as completions on the capture line (``/phrase TEXT`` adds one)."""

from __future__ import annotations

from typing import Protocol

from csp_tui.domain.house_style import Style, default_style


class PhraseBook(Protocol):
    """The minutes store's phrase book."""

    def phrases(self) -> list[str]: ...


class PhraseSource(Protocol):
    """Where the note taker's own phrases come from (the repository's minutes store)."""

    @property
    def minutes(self) -> PhraseBook: ...


def stock_phrases(style: Style | None = None) -> tuple[str, ...]:
    """Sentences the published minutes use again and again: the house style's
    ``[sentences] stock_phrases``."""
    return (style or default_style()).sentences.stock_phrases


def all_phrases(repo: PhraseSource | None = None, style: Style | None = None) -> list[str]:
    """Stock phrases then the user's own (from ``repo.minutes.phrases()``), without repeats."""
    out = list(stock_phrases(style))
    if repo is not None:
        seen = {p.casefold() for p in out}
        for p in repo.minutes.phrases():
            if p.casefold() not in seen:
                seen.add(p.casefold())
                out.append(p)
    return out
