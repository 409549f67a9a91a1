"""The one restriction rule: what the public versions of the minutes must withhold,
and every word and SQL fragment that says so.

An item is restricted when it is marked restricted or the item it sits under is
(agendas are two levels deep: items and their sub-items). Everything of a restricted
item, its entries and the actions raised under it, is restricted too.

What the public outputs put where restricted text was is written here too, and only
here: the house style's placeholders (:func:`restricted_sentence`,
:func:`restricted_heading`, :func:`restricted_action_line`, :func:`restricted_action_row`,
:func:`public_summary_note`), the terminal's :data:`RESTRICTED_TEXT` and the pack's
:data:`RESTRICTED_PAGES`. So is the rule in SQL (:data:`ACTION_ITEMS_SQL`,
:data:`ACTION_RESTRICTED_SQL`) for the read-only ``csp actions`` lookup; a property
test holds the Python and the SQL together.

Standard library only at import: the ``csp actions`` fast path imports this module
for its SQL and must start in a blink. The house style is imported (a seam) by the
functions that word a placeholder, which the fast path never calls.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from csp_tui.domain.house_style import Style
    from csp_tui.domain.models import Action, AgendaItem


# ---------------------------------------------------------------------- the rule in SQL

#: The rows the rule reads for an action ``a``: its item ``i`` and the item ``p`` that
#: one sits under (LEFT joins: an action may have no item, an item no parent).
ACTION_ITEMS_SQL = ("LEFT JOIN items i ON i.id = a.item_id\n"
                    "LEFT JOIN items p ON p.id = i.parent_id")
#: :func:`action_restricted` in SQL over :data:`ACTION_ITEMS_SQL`: 1 for an action
#: raised under a restricted item, else 0.
ACTION_RESTRICTED_SQL = "(coalesce(i.restricted, 0) OR coalesce(p.restricted, 0))"


# ---------------------------------------------------------------------- placeholders

#: What a terminal, a CSV or JSON row, a reply sheet or the transcript shows instead of
#: restricted text (an action's owner, task and due; a cue's speaker and words).
RESTRICTED_TEXT = "[restricted]"
#: What the agenda's Pages column says of a restricted item's papers in the public pack.
RESTRICTED_PAGES = "Restricted"


def _style(style: Style | None) -> Style:
    # Imported here, not at the top: the fast path (SQL above) never words a placeholder.
    from csp_tui.domain.house_style import default_style

    return style if style is not None else default_style()


def restricted_sentence(style: Style | None = None) -> str:
    """What the public minutes say of a restricted item that has no public summary:
    the house style's sentence ("Restricted due to sensitive information.")."""
    return _style(style).restricted.sentence


def restricted_heading(title: str, style: Style | None = None) -> str:
    """A restricted item's title in its heading, in every version (the Word minutes and
    the page): "RESTRICTED: PREVENT UPDATE", or as the house style words it."""
    from csp_tui.domain.house_style import fill

    return fill(_style(style).headings.restricted, title=title)


def restricted_action_line(style: Style | None = None) -> str:
    """What the public minutes print for an earlier meeting's action raised under a
    restricted item (before its status mark)."""
    return _style(style).restricted.action


def restricted_action_row(style: Style | None = None) -> str:
    """The action plan's (and the chase list's) cell for an action raised under a
    restricted item, in the public version: the row keeps its number and nothing else."""
    return _style(style).action_log.restricted


def public_summary_note(summary: str, style: Style | None = None) -> str:
    """The full version's line for a restricted item's public summary, said to be one
    (the public version prints :func:`public_text` instead)."""
    from csp_tui.domain.house_style import fill

    return fill(_style(style).restricted.public_summary, summary=summary)


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
        # Seam: the fast path (the SQL above) never words a placeholder.
        from csp_tui.domain.committee import committee_style
        from csp_tui.domain.house_style import fill

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
