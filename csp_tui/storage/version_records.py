"""The records :class:`csp_tui.storage.versions.VersionsStore` returns: a row of a
meeting's history, and a meeting's record frozen at a version."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from csp_tui.domain.models import AgendaItem, Meeting, MeetingRecord, MeetingState


@dataclass(frozen=True, slots=True)
class MinutesVersion:
    """One row of a meeting's history: a numbered version, or a reopening (no number)."""

    meeting_id: int
    version: int | None
    state: MeetingState
    at: dt.datetime
    approved_on: dt.date | None = None
    reason: str = ""
    files: dict[str, str] = field(default_factory=dict)  # file name -> SHA-256


@dataclass(frozen=True, slots=True)
class FrozenRecord:
    """A meeting as it stood at one version: its record, and the items of the earlier
    meetings its carried actions come from (for the restriction rule and the JSON
    backup), with when and which version it is."""

    version: int
    state: MeetingState
    at: dt.datetime
    record: MeetingRecord
    earlier: list[dict[str, Any]]

    # The frozen record answers the few look-ups the exporters make of the repository's
    # meetings store about earlier meetings (the restriction rule, the JSON backup's
    # earlier items), so that they see those meetings as they stood, not as they are now.

    @property
    def meetings(self) -> FrozenRecord:
        """The record standing in for ``repo.meetings`` (``frozen.meetings.items_of``)."""
        return self

    def meeting(self, meeting_id: int) -> Meeting:
        """This meeting, or an earlier one (its id and date only)."""
        if meeting_id == self.record.meeting.id:
            return self.record.meeting
        for m in self.earlier:
            if m["id"] == meeting_id:
                return Meeting.model_construct(id=m["id"], date=dt.date.fromisoformat(m["date"]))
        raise LookupError(f"no meeting with id {meeting_id}")

    def meeting_dates(self, meeting_ids: Iterable[int]) -> dict[int, dt.date]:
        """The dates of this meeting and earlier ones (``MeetingsStore.meeting_dates``)."""
        wanted = set(meeting_ids)
        out = {e["id"]: dt.date.fromisoformat(e["date"]) for e in self.earlier
               if e["id"] in wanted}
        if self.record.meeting.id in wanted:
            out[self.record.meeting.id] = self.record.meeting.date
        return out

    def items(self, meeting_id: int) -> list[AgendaItem]:
        """A meeting's agenda items as they stood."""
        if meeting_id == self.record.meeting.id:
            return list(self.record.items)
        return [AgendaItem.model_validate(i) for m in self.earlier if m["id"] == meeting_id
                for i in m["items"]]

    def items_of(self, meeting_ids: Iterable[int]) -> list[AgendaItem]:
        """The agenda items of many meetings as they stood (``MeetingsStore.items_of``)."""
        return [i for m in sorted(set(meeting_ids)) for i in self.items(m)]

    def item(self, item_id: int) -> AgendaItem:
        """An item of this meeting or an earlier one (LookupError if there is none)."""
        for m in (self.record.meeting.id, *(e["id"] for e in self.earlier)):
            found = next((i for i in self.items(m) if i.id == item_id), None)
            if found is not None:
                return found
        raise LookupError(f"no item with id {item_id}")


__all__ = ["FrozenRecord", "MinutesVersion"]
