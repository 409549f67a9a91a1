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
import functools
import json
from collections.abc import Mapping

from csp_tui.domain.house_style import Style, style_from_text
from csp_tui.domain.lifecycle import LifecycleError, check_move, style_fixed
from csp_tui.domain.models import Meeting, MeetingRecord, MeetingState
from csp_tui.storage.convert import parse_ts, ts
from csp_tui.storage.journal import JournaledStore
from csp_tui.storage.version_records import FrozenRecord, MinutesVersion

#: The states whose minutes print their actions as fixed at circulation.
_FIXED = (MeetingState.CIRCULATED, MeetingState.APPROVED)


class VersionsStore(JournaledStore):
    """The repository's part for the lifecycle moves and the versions of the minutes."""

    # meeting(), items(), record() and _stop_timer() come from the other parts of the
    # repository (MeetingsStore, Repository) this part is composed with.

    # ------------------------------------------------------------------ reading

    def history(self, meeting_id: int) -> list[MinutesVersion]:
        """The meeting's versions and reopenings, oldest first."""
        return [MinutesVersion(
            meeting_id=r["meeting_id"], version=r["version"], state=MeetingState(r["state"]),
            at=parse_ts(r["at"]) or self.clock(),
            approved_on=dt.date.fromisoformat(r["approved_on"]) if r["approved_on"] else None,
            reason=r["reason"], files=json.loads(r["files"]))
            for r in self._query("SELECT * FROM minutes_versions WHERE meeting_id = ? "
                                 "ORDER BY id", [meeting_id])]

    def latest_version(self, meeting_id: int) -> int:
        """The highest version number recorded for the meeting (0 for none)."""
        row = self.conn.execute("SELECT coalesce(max(version), 0) FROM minutes_versions "
                                "WHERE meeting_id = ?", (meeting_id,)).fetchone()
        return int(row[0])

    def frozen(self, meeting_id: int, version: int | None = None) -> FrozenRecord | None:
        """The record as it stood at ``version``; without one, the approved record of
        an approved meeting (None when the meeting is not approved)."""
        if version is None:
            if self.meeting(meeting_id).state is not MeetingState.APPROVED:
                return None
            sql, args = ("SELECT * FROM minutes_versions WHERE meeting_id = ? AND state = ? "
                         "ORDER BY id DESC LIMIT 1", (meeting_id, MeetingState.APPROVED.value))
        else:
            sql, args = ("SELECT * FROM minutes_versions WHERE meeting_id = ? AND version = ?",
                         (meeting_id, version))
        rows = list(self._query(sql, args))
        if not rows or rows[0]["record"] is None:
            return None
        r = rows[0]
        data = json.loads(r["record"])
        return FrozenRecord(version=r["version"], state=MeetingState(r["state"]),
                            at=parse_ts(r["at"]) or self.clock(),
                            record=MeetingRecord.model_validate(data["record"]),
                            earlier=data["earlier"])

    def style_for(self, meeting_id: int | None = None, version: int | None = None, *,
                  board_id: int | None = None) -> Style:
        """The one answer to "which house style renders this": every export, the diff,
        the screens and the chase list ask here.

        ``version``: the style kept with that version of the meeting's minutes. Without
        one, the style the meeting's minutes print in now: a circulated or approved
        meeting's is the one kept with its latest version (the lifecycle's
        :func:`~csp_tui.domain.lifecycle.style_fixed`); a draft, live or closed
        meeting's is its board's as it is now. A version recorded before styles were
        kept has none: its board's, as then. No meeting, ``board_id``: the board's
        style now (what its next minutes and papers print in); neither: the default.
        A kept style that no longer loads is :class:`~csp_tui.domain.house_style.
        StyleError`."""
        if meeting_id is None:
            return self.board_style(board_id)  # type: ignore[attr-defined]
        if version is None and style_fixed(self.meeting(meeting_id).state):
            version = self.latest_version(meeting_id) or None
        if version is not None:
            row = self.conn.execute("SELECT style_text FROM minutes_versions WHERE "
                                    "meeting_id = ? AND version = ?",
                                    (meeting_id, version)).fetchone()
            if row is not None and row[0]:
                return _kept_style(row[0])
        return self.meeting_style(meeting_id)  # type: ignore[attr-defined]

    # ------------------------------------------------------------------ moves

    def _snapshot(self, meeting_id: int) -> str:
        """The record as it stands now, as JSON (see :class:`FrozenRecord`)."""
        record = self.record(meeting_id)
        earlier_ids = sorted({a.meeting_id for a in record.carried_actions
                              if a.meeting_id is not None and a.meeting_id != meeting_id})
        earlier = [{"id": mid, "date": self.meeting(mid).date.isoformat(),
                    "items": [i.model_dump(mode="json") for i in self.items(mid)]}
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
        current = self.meeting(meeting_id).state
        check_move(current, new, reason=reason)
        kept = None
        if new in _FIXED:
            from csp_tui.domain.house_style import style_toml

            # The style the minutes print in as they stand (the board's until first
            # circulated, the one kept since after): kept whole with the version.
            kept = style_toml(self.style_for(meeting_id))
        label = {MeetingState.CLOSED: "close", MeetingState.CIRCULATED: "circulate",
                 MeetingState.APPROVED: "approve"}.get(new, new.value)
        with self.transaction(f"{label} the minutes"):
            if new in _FIXED and current not in _FIXED:
                # Circulation fixes the version: from now on the minutes print each
                # action as it stands here, whatever the action log says later.
                self.fix_minuted(meeting_id)  # type: ignore[attr-defined]
                # And the minute numbers: the next meeting's run on from these.
                self.fix_minute_numbers(meeting_id)  # type: ignore[attr-defined]
            if new is MeetingState.CLOSED:
                self._stop_timer(meeting_id)
            self._update("meetings", meeting_id, {"state": new.value})
            versioned = new in (MeetingState.CIRCULATED, MeetingState.APPROVED)
            reopening = current is MeetingState.APPROVED
            if not (versioned or reopening):
                return None
            row = {"meeting_id": meeting_id,
                   "version": self.latest_version(meeting_id) + 1 if versioned else None,
                   "state": new.value, "at": ts(self.clock()),
                   "approved_on": approved_on.isoformat() if approved_on else None,
                   "reason": reason.strip(), "files": json.dumps(dict(files or {})),
                   "record": self._snapshot(meeting_id) if versioned else None,
                   "style_text": kept if versioned else None}
            self._insert("minutes_versions", row)
        return self.history(meeting_id)[-1]

    def previous_meeting(self, meeting_id: int) -> Meeting | None:
        """The board's meeting before this one (by date), if any."""
        m = self._row("meetings", meeting_id)
        if m is None:
            raise LookupError(f"no meeting with id {meeting_id}")
        row = self.conn.execute(
            "SELECT id FROM meetings WHERE board_id = ? AND (date < ? OR (date = ? AND id < ?))"
            " ORDER BY date DESC, id DESC LIMIT 1",
            (m["board_id"], m["date"], m["date"], meeting_id)).fetchone()
        return self.meeting(row[0]) if row else None


@functools.lru_cache(maxsize=16)
def _kept_style(text: str) -> Style:
    """A kept style read back: the same few texts are asked for again and again (each
    capture line of a circulated meeting), and reading one takes some 25 ms."""
    return style_from_text(text, where="the style kept with the minutes")


__all__ = ["FrozenRecord", "LifecycleError", "MinutesVersion", "VersionsStore"]
