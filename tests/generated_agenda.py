"""The agenda the property tests generate: one place, so both hold the same shapes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from csp_tui.domain.models import AgendaItem, Meeting
from csp_tui.storage.repository import Repository


def create_generated_meeting(repo: Repository, items: Sequence[tuple[bool, list[bool]]],
                             day: dt.date) -> tuple[int, list[int]]:
    """A meeting on ``day`` whose agenda is ``items`` ((restricted, [sub-item
    restricted, ...]) each; the first is the Minutes and Action Log), created through
    the repository: its id and its agenda rows' ids in order."""
    agenda = [(AgendaItem(title="Minutes and Action Log" if i == 0 else f"Topic {i}",
                          restricted=r),
               [AgendaItem(title=f"Part {i}.{j}", restricted=s) for j, s in enumerate(subs)])
              for i, (r, subs) in enumerate(items)]
    meeting = repo.meetings.create_meeting(Meeting(date=day), agenda)
    assert meeting.id is not None
    return meeting.id, [i.id or 0 for i in repo.meetings.items(meeting.id)]
