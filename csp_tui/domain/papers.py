"""The agenda pack's rules (issue 27): what a paper is, which papers a pack holds, and
the page ranges the agenda's Pages column quotes.

Standard library only: the storage, the exporters and the command line share these.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from csp_tui.domain.restriction import RESTRICTED_PAGES, ItemLookup, item_restricted, lookup

if TYPE_CHECKING:
    from csp_tui.domain.models import AgendaItem

#: The kinds of file a paper may be, by extension, as stored.
PAPER_KINDS = ("docx", "pdf", "odt")
#: A paper bigger than this is refused: a 200 MB paper is a scan nobody can e-mail, and
#: LibreOffice and the merge would hold it (and its copy) in memory.
MAX_PAPER_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Paper:
    """A paper attached to an agenda item (its bytes are read separately)."""

    id: int
    meeting_id: int
    item_id: int
    position: int
    title: str
    filename: str
    kind: str
    size: int
    sha256: str
    added: dt.datetime | None = None


def paper_restricted(paper: Paper, item_of: ItemLookup) -> bool:
    """A paper on a restricted item (or a sub-item of one) is restricted: the one
    restriction rule, applied through the paper's item."""
    item = item_of(paper.item_id)
    return item is not None and item_restricted(item, item_of)


def pack_papers(papers: Iterable[Paper], item_of: ItemLookup, *, full: bool) -> list[Paper]:
    """The papers a pack holds: all of them in the members' (``full``) pack, the
    unrestricted ones in the public pack."""
    return [p for p in papers if full or not paper_restricted(p, item_of)]


def page_range(first: int, count: int) -> str:
    """"1 - 10" for ten pages from page 1, "11" for one page; "" for none."""
    if count <= 0:
        return ""
    last = first + count - 1
    return str(first) if last == first else f"{first} - {last}"


def pages_column(items: Sequence[AgendaItem], counts: dict[int, int], *, full: bool,
                 has_papers: Callable[[int], bool]) -> dict[int, str]:
    """The Pages column, by item id: the range of each item's pages in the pack (its
    papers, numbered from 1 after the agenda, in agenda order), "Restricted" for a
    restricted item with papers the public pack leaves out, "" otherwise.

    ``counts`` holds the pages the pack gives each item (0 or absent: none);
    ``has_papers`` says whether an item has any paper at all.
    """
    item_of = lookup(items)
    out: dict[int, str] = {}
    page = 1
    for item in items:
        if item.id is None:
            continue
        count = counts.get(item.id, 0)
        if count:
            out[item.id] = page_range(page, count)
            page += count
        elif not full and has_papers(item.id) and item_restricted(item, item_of):
            out[item.id] = RESTRICTED_PAGES
        else:
            out[item.id] = ""
    return out


def item_ref(item: AgendaItem, parent_number: str = "") -> str:
    """How the command line names an item: "4", or "4(ii)" for a sub-item."""
    return f"{parent_number}{item.number}" if item.parent_id is not None else item.number


def find_item(items: Sequence[AgendaItem], ref: str) -> AgendaItem:
    """The item ``ref`` names ("4", "4(ii)", "4 (ii)"); LookupError listing the
    numbers there are when none is."""
    wanted = "".join(ref.split()).lower().rstrip(".")
    numbers = {i.id: i.number for i in items if i.parent_id is None}
    refs: list[str] = []
    for item in items:
        parent = numbers.get(item.parent_id, "") if item.parent_id is not None else ""
        r = item_ref(item, parent)
        refs.append(r)
        if r.lower() == wanted:
            return item
    shown = ", ".join(refs[:12]) + (", ..." if len(refs) > 12 else "")
    raise LookupError(f"no agenda item {ref.strip()!r}: the items are {shown or 'none'}")
