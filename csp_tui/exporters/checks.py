"""The pre-export check: what a note taker should look at before sending the minutes."""

from __future__ import annotations

from collections.abc import Collection

from csp_tui.domain import restriction
from csp_tui.domain.agenda import StandardItem, item_heading, item_kind, item_ref
from csp_tui.domain.house_style import Style
from csp_tui.domain.models import AgendaItem, ItemState, MeetingRecord
from csp_tui.domain.restriction import RESTRICTED_TEXT, item_restricted
from csp_tui.services.name_check import find_name_issues


def _name(record: MeetingRecord, item: AgendaItem) -> str:
    """"item 4. Street Space Pilot", "item 14 (ii) IVOLT"."""
    if item.parent_id is None:
        return f"item {item_heading(item.number, item.title)}"
    parent = record.item(item.parent_id)
    return f"{item_ref(item.number, parent.number if parent else '')} {item.title}"


def _has_generated_text(record: MeetingRecord, item: AgendaItem) -> bool:
    """Items whose minutes the exporter writes itself when the note taker wrote none."""
    kind = item_kind(item.title, item.parent_id)
    if kind is StandardItem.DECLARATIONS:
        return True  # "No declarations of interest to note."
    if kind is StandardItem.ACTION_LOG:
        return bool(record.carried_actions)
    if kind is StandardItem.FORWARD_PLAN:
        return bool(record.forward_plan)
    return kind is StandardItem.NEXT_MEETING and record.meeting.next_meeting is not None


def _says_restricted(record: MeetingRecord, item: AgendaItem) -> str | None:
    """"restricted" or "confidential" when the item's title or a line of its minutes
    (entries, action tasks) says so."""
    texts = [item.title, *(e.text for e in record.entries if e.item_id == item.id),
             *(a.task for a in record.actions if a.item_id == item.id)]
    return next((w for w in map(restriction.sensitive_word, texts) if w), None)


def _public(record: MeetingRecord, withheld: Collection[int]) -> MeetingRecord:
    """``record`` without the entries of restricted items and the ``withheld`` actions:
    what the public version's warnings may quote."""
    return record.model_copy(update={
        "entries": [e for e in record.entries if not (
            (item := record.item(e.item_id)) and item_restricted(item, record.item))],
        "actions": [a for a in record.actions if a.id not in withheld],
        "carried_actions": [a for a in record.carried_actions if a.id not in withheld]})


def check_record(record: MeetingRecord, *, full: bool = False, names: bool = True,
                 accepted: Collection[tuple[str, int | None]] = (),
                 withheld: Collection[int] = (), style: Style | None = None) -> list[str]:
    """Warnings, one sentence each; an empty list means nothing to look at. ``names``
    False leaves out the name check (the app asks about each name before exporting);
    names ``accepted`` as written in it are not warned about. ``withheld``: ids of the
    actions raised under restricted items, carried ones included
    (:func:`csp_tui.exporters.document.restricted_actions`; the record's own are
    found here too). Unless ``full``, no warning quotes restricted text."""
    warnings: list[str] = []
    items = {i.id: i for i in record.items}
    withheld = set() if full else {*withheld, *restriction.restricted_action_ids(
        record.actions, record.item)}
    for a in record.actions:
        if not a.owner.strip() and not a.owner_ids:
            where = items.get(a.item_id)
            at = f" ({_name(record, where)})" if where else ""
            task = RESTRICTED_TEXT if a.id in withheld else a.task
            warnings.append(f"action with no owner{at}: {task}")
    with_lines = {e.item_id for e in record.entries} | {a.item_id for a in record.actions}
    for item in record.items:
        children = record.children_of(item.id)
        if (item.id not in with_lines and item.state is not ItemState.DEFERRED
                and not children and not _has_generated_text(record, item)
                and not (item_restricted(item, record.item) and item.public_summary
                         and not full)):
            warnings.append(f"{_name(record, item)} has no minutes and is not deferred")
        if (not full and item_restricted(item, record.item) and not item.public_summary
                and item.id in with_lines):
            warnings.append(f"{_name(record, item)} is restricted: the public minutes show "
                            "only its heading and "
                                f"\"{restriction.restricted_sentence(style)}\" "
                            "(add a public summary to say more)")
        word = None if full or item_restricted(item, record.item) else _says_restricted(
            record, item)
        if word:
            warnings.append(f"{_name(record, item)} is not restricted but says "
                            f"\"{word}\": its minutes will be published (mark it restricted "
                            "with /restricted if they should not be)")
    if not names:
        return warnings

    for issue in find_name_issues(record if full else _public(record, withheld), accepted):
        warnings.append(f"name check: {issue.describe()}")
    return warnings
