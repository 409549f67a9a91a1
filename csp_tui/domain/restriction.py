"""The one restriction rule: what the public versions of the minutes must withhold.

An item is restricted when it is marked restricted or the item it sits under is
(agendas are two levels deep: items and their sub-items). Everything of a restricted
item, its entries and the actions raised under it, is restricted too.

The read-only SQL of ``csp actions`` states the same rule in SQL (it must stay
standard-library fast); a property test holds the two together.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from csp_tui.domain.models import Action, AgendaItem

#: How the rule finds an item (a parent, an action's item) by id; None if there is none.
ItemLookup = Callable[[int], "AgendaItem | None"]


def item_restricted(item: AgendaItem, item_of: ItemLookup) -> bool:
    """Whether ``item`` is restricted: marked so, or under an item marked so."""
    if item.restricted:
        return True
    parent = item_of(item.parent_id) if item.parent_id is not None else None
    return parent is not None and parent.restricted


def action_restricted(action: Action, item_of: ItemLookup) -> bool:
    """Whether ``action`` was raised under a restricted item. An action whose item is
    gone (deleted) has no item to be restricted by."""
    item = item_of(action.item_id) if action.item_id is not None else None
    return item is not None and item_restricted(item, item_of)


def restricted_action_ids(actions: Iterable[Action], item_of: ItemLookup) -> frozenset[int]:
    """Ids of the ``actions`` raised under restricted items."""
    return frozenset(a.id for a in actions
                     if a.id is not None and action_restricted(a, item_of))


def lookup(items: Iterable[AgendaItem]) -> ItemLookup:
    """An :data:`ItemLookup` over ``items`` (of one meeting or several)."""
    by_id = {i.id: i for i in items if i.id is not None}
    return by_id.get
