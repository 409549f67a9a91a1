"""The minutes as a record: each meeting's lifecycle moves and its versions.

A circulated or approved version is numbered per meeting and keeps its time, the
SHA-256 of each file written and the record as it stood (JSON, see
:meth:`VersionsStore.freeze`), from which a frozen meeting's exports are rendered and
``csp minutes diff`` compares. A reopening is kept in the same history, with its
reason and no number. Each move is one journaled transaction (joining the caller's, so
that ``/approve-minutes`` and its sentence are undone together).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING

from csp_tui.domain.house_style import style_toml
from csp_tui.domain.lifecycle import check_move
from csp_tui.domain.models import Meeting, MeetingRecord, MeetingState
from csp_tui.storage.board_settings import BoardSettingsStore
from csp_tui.storage.committee import CommitteeStore
from csp_tui.storage.convert import parse_ts, ts
from csp_tui.storage.journal import Journal, Store
from csp_tui.storage.meetings import MeetingsStore
from csp_tui.storage.minutes import MinutesStore
from csp_tui.storage.people import PeopleStore
from csp_tui.storage.record import read_record

if TYPE_CHECKING:
    from csp_tui.storage.version_records import FrozenRecord, MinutesVersion

#: The states whose minutes print their actions as fixed at circulation.
_FIXED = (MeetingState.CIRCULATED, MeetingState.APPROVED)


class VersionsStore(Store):
    """The lifecycle moves and the versions of the minutes. A move reads and stops the
    meeting (``meetings``), fixes its actions' minuted form (``minutes``) and its
    minute numbers (``committee``), and freezes its record (read with ``people``)."""

    def __init__(self, journal: Journal, *, meetings: MeetingsStore, minutes: MinutesStore,
                 people: PeopleStore, committee: CommitteeStore,
                 settings: BoardSettingsStore) -> None:
        super().__init__(journal)
        self.meetings = meetings
        self.settings = settings
        self.minutes = minutes
        self.people = people
        self.committee = committee

    # ------------------------------------------------------------------ reading

    def history(self, meeting_id: int) -> list[MinutesVersion]:
        """The meeting's versions and reopenings, oldest first."""
        # Seam: the version records load when a meeting's history is first asked for.
        from csp_tui.storage.version_records import MinutesVersion

        return [MinutesVersion(
            meeting_id=r["meeting_id"], version=r["version"], state=MeetingState(r["state"]),
            at=parse_ts(r["at"]) or self.journal.clock(),
            approved_on=dt.date.fromisoformat(r["approved_on"]) if r["approved_on"] else None,
            reason=r["reason"], files=json.loads(r["files"]))
            for r in self.journal.query("SELECT * FROM minutes_versions WHERE meeting_id = ? "
                                        "ORDER BY id", [meeting_id])]

    def latest_version(self, meeting_id: int) -> int:
        """The highest version number recorded for the meeting (0 for none)."""
        row = self.conn.execute("SELECT coalesce(max(version), 0) FROM minutes_versions "
                                "WHERE meeting_id = ?", (meeting_id,)).fetchone()
        return int(row[0])

    def frozen(self, meeting_id: int, version: int | None = None) -> FrozenRecord | None:
        """The record as it stood at ``version``; without one, the approved record of
        an approved meeting (None when the meeting is not approved)."""
        # Seam: the version records load when a frozen record is first asked for.
        from csp_tui.storage.version_records import FrozenRecord

        if version is None:
            if self.meetings.meeting(meeting_id).state is not MeetingState.APPROVED:
                return None
            sql, args = ("SELECT * FROM minutes_versions WHERE meeting_id = ? AND state = ? "
                         "ORDER BY id DESC LIMIT 1", (meeting_id, MeetingState.APPROVED.value))
        else:
            sql, args = ("SELECT * FROM minutes_versions WHERE meeting_id = ? AND version = ?",
                         (meeting_id, version))
        rows = list(self.journal.query(sql, args))
        if not rows or rows[0]["record"] is None:
            return None
        r = rows[0]
        data = json.loads(r["record"])
        return FrozenRecord(version=r["version"], state=MeetingState(r["state"]),
                            at=parse_ts(r["at"]) or self.journal.clock(),
                            record=MeetingRecord.model_validate(data["record"]),
                            earlier=data["earlier"])

    # ------------------------------------------------------------------ moves

    def _snapshot(self, meeting_id: int) -> str:
        """The record as it stands now, as JSON (see :class:`FrozenRecord`)."""
        record = read_record(self.meetings, self.minutes, self.people, meeting_id)
        earlier_ids = sorted({a.meeting_id for a in record.carried_actions
                              if a.meeting_id is not None and a.meeting_id != meeting_id})
        earlier = [{"id": mid, "date": self.meetings.meeting(mid).date.isoformat(),
                    "items": [i.model_dump(mode="json") for i in self.meetings.items(mid)]}
                   for mid in earlier_ids]
        return json.dumps({"record": record.model_dump(mode="json"), "earlier": earlier},
                          ensure_ascii=False, sort_keys=True)

    def move_minutes(self, meeting_id: int, new: MeetingState, *, reason: str = "",
                     files: Mapping[str, str] | None = None,
                     approved_on: dt.date | None = None) -> MinutesVersion | None:
        """Move the meeting's minutes to ``new`` if the lifecycle allows it (else
        :class:`LifecycleError`, nothing changed). Circulating or approving records a
        new numbered version with the record frozen as it stands; moving an approved
        meeting back to closed is a reopening, kept with its reason."""
        current = self.meetings.meeting(meeting_id).state
        check_move(current, new, reason=reason)
        kept = None
        if new in _FIXED:
            # The style the minutes print in as they stand (the board's until first
            # circulated, the one kept since after): kept whole with the version.
            kept = style_toml(self.settings.style_for(meeting_id))
        label = {MeetingState.CLOSED: "close", MeetingState.CIRCULATED: "circulate",
                 MeetingState.APPROVED: "approve"}.get(new, new.value)
        with self.journal.transaction(f"{label} the minutes"):
            if new in _FIXED and current not in _FIXED:
                # Circulation fixes the version: from now on the minutes print each
                # action as it stands here, whatever the action log says later.
                self.minutes.fix_minuted(meeting_id)
                # And the minute numbers: the next meeting's run on from these.
                self.committee.fix_minute_numbers(meeting_id)
            if new is MeetingState.CLOSED:
                self.meetings.stop_timer(meeting_id)
            self.journal.update("meetings", meeting_id, {"state": new.value})
            versioned = new in (MeetingState.CIRCULATED, MeetingState.APPROVED)
            reopening = current is MeetingState.APPROVED
            if not (versioned or reopening):
                return None
            row = {"meeting_id": meeting_id,
                   "version": self.latest_version(meeting_id) + 1 if versioned else None,
                   "state": new.value, "at": ts(self.journal.clock()),
                   "approved_on": approved_on.isoformat() if approved_on else None,
                   "reason": reason.strip(), "files": json.dumps(dict(files or {})),
                   "record": self._snapshot(meeting_id) if versioned else None,
                   "style_text": kept if versioned else None}
            self.journal.insert("minutes_versions", row)
        return self.history(meeting_id)[-1]

    def previous_meeting(self, meeting_id: int) -> Meeting | None:
        """The board's meeting before this one (by date), if any."""
        m = self.journal.row("meetings", meeting_id)
        if m is None:
            raise LookupError(f"no meeting with id {meeting_id}")
        row = self.conn.execute(
            "SELECT id FROM meetings WHERE board_id = ? AND (date < ? OR (date = ? AND id < ?))"
            " ORDER BY date DESC, id DESC LIMIT 1",
            (m["board_id"], m["date"], m["date"], meeting_id)).fetchone()
        return self.meetings.meeting(row[0]) if row else None


__all__ = ["VersionsStore"]
