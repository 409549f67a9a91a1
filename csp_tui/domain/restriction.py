"""The one restriction rule: what the public versions of the minutes must withhold.

An item is restricted when it is marked restricted or the item it sits under is
(agendas are two levels deep: items and their sub-items). Everything of a restricted
item, its entries and the actions raised under it, is restricted too.

The read-only SQL of ``csp actions`` states the same rule in SQL (it must stay
standard-library fast); a property test holds the two together.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from csp_tui.domain.committee import committee_style
from csp_tui.domain.house_style import Style, default_style, fill

if TYPE_CHECKING:
    from csp_tui.domain.models import Action, AgendaItem


def restricted_sentence(style: Style | None = None) -> str:
    """What the public minutes say of a restricted item that has no public summary:
    the house style's sentence ("Restricted due to sensitive information.")."""
    return (style or default_style()).restricted.sentence


#: How the rule finds an item (a parent, an action's item) by id; None if there is none.
ItemLookup = Callable[[int], "AgendaItem | None"]


def item_restricted(item: AgendaItem, item_of: ItemLookup) -> bool:
    """Whether ``item`` is restricted: marked so, or under an item marked so."""
    if item.restricted:
        return True
    parent = item_of(item.parent_id) if item.parent_id is not None else None
    return parent is not None and parent.restricted


def action_restricted(action: Action, item_of: ItemLookup) -> bool:
    """Whether ``action`` was raised under a restricted item. Deleting an item deletes
    its actions with it (undo brings them back), so an action is never left behind
    without the item that restricted it; one without an item was raised under none."""
    item = item_of(action.item_id) if action.item_id is not None else None
    return item is not None and item_restricted(item, item_of)


def restricted_action_ids(actions: Iterable[Action], item_of: ItemLookup) -> frozenset[int]:
    """Ids of the ``actions`` raised under restricted items."""
    return frozenset(a.id for a in actions
                     if a.id is not None and action_restricted(a, item_of))


def exclusion_paragraph(item: AgendaItem) -> int | None:
    """The paragraph of Schedule 12A the minutes cite to exclude the public from
    ``item`` (the exclusion resolution under its heading, in every version): the one
    recorded on an item marked restricted; None for an item not marked (a sub-item of
    a restricted item is covered by its parent's), or with no paragraph recorded."""
    return item.exempt_paragraph if item.restricted else None


def public_text(item: AgendaItem, style: Style | None = None) -> str:
    """All the public minutes print of a restricted item's own words, after its
    heading (and exclusion resolution): its public summary (an exempt item's as the
    style's ``exempt.summary`` words it), else the standard sentence. Nothing else of
    it (entries, actions, sub-headings) is published."""
    if not item.public_summary:
        return restricted_sentence(style)
    if exclusion_paragraph(item) is not None:
        return fill(committee_style(style).exempt_summary, summary=item.public_summary)
    return item.public_summary


def lookup(items: Iterable[AgendaItem]) -> ItemLookup:
    """An :data:`ItemLookup` over ``items`` (of one meeting or several)."""
    by_id = {i.id: i for i in items if i.id is not None}
    return by_id.get


# ---------------------------------------------------------------------- titles

#: "RESTRICTED: Prevent Update", "restricted - Prevent Update", "Restricted Prevent
#: Update": the word, then an optional colon or dash, at the start of a title.
_PREFIX = re.compile(r"(?i)\s*restricted\b\s*[:\-\u2013\u2014]?\s*")
#: Words in an unrestricted item that suggest it should not be published.
_SENSITIVE = re.compile(r"(?i)\b(restricted|confidential)\b")


def restricted_title(title: str) -> tuple[str, bool]:
    """A typed item title -> (title without a leading ``RESTRICTED`` prefix, whether it
    had one). The prefix (any case, with or without a colon) marks the item restricted
    wherever a title is typed: the agenda pane, the item form, an agenda file, a JSON
    import. The minutes add "RESTRICTED:" back to a restricted item's heading, so the
    stored title goes without it (and taking the mark off later is not undone by the
    title). The title comes back empty when it is the prefix alone: an agenda file
    says the item has no title; the app keeps the word as typed."""
    m = _PREFIX.match(title)
    if m is None:
        return title, False
    return title[m.end():].strip(), True


def sensitive_word(text: str) -> str | None:
    """"restricted" or "confidential" when ``text`` says so (any case), else None: the
    pre-export check asks about an unrestricted item that does."""
    m = _SENSITIVE.search(text)
    return m.group(1).lower() if m else None
