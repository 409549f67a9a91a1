"""An export reads the earlier meetings it needs in a fixed number of queries, not a
few per meeting: on ten years of boards that was thousands of queries."""

from __future__ import annotations

import datetime as dt

from csp_tui.domain.models import Action, AgendaItem, Meeting
from csp_tui.exporters.document import restricted_actions
from csp_tui.exporters.export import minutes_of
from csp_tui.exporters.json_io import export_json
from csp_tui.storage.repository import Repository


def board_history(repo: Repository, earlier: int) -> tuple[int, set[int]]:
    """``earlier`` meetings, each with an open action under a restricted item and one
    under a public item, then the meeting to export; its id and the restricted ids."""
    secret: set[int] = set()
    for n in range(earlier):
        m = repo.meetings.create_meeting(
            Meeting(date=dt.date(2020, 1, 1) + dt.timedelta(days=42 * n)),
                                         [(AgendaItem(title="Prevent Update", restricted=True),
                                           [AgendaItem(title="Referrals")]),
                                          (AgendaItem(title="Performance"), [])])
        prevent, referrals, public = repo.meetings.items(m.id)
        for item, task in ((referrals, "name the referral"), (public, "share the figures")):
            a = repo.minutes.add_action(Action(meeting_id=m.id, item_id=item.id, owner="MPS",
                                               task=f"{task} {n}"))
            if item is referrals:
                secret.add(a.id)
    latest = repo.meetings.create_meeting(Meeting(date=dt.date(2026, 1, 14)))
    return latest.id, secret


def statements(repo: Repository, work) -> int:
    seen: list[str] = []
    repo.conn.set_trace_callback(seen.append)
    try:
        work()
    finally:
        repo.conn.set_trace_callback(None)
    return len(seen)


def test_restricted_carried_actions_are_found_in_a_fixed_number_of_queries(
        repo: Repository) -> None:
    mid, secret = board_history(repo, 12)
    record = repo.record(mid)
    assert len(record.carried_actions) == 24
    found: list[frozenset[int]] = []
    assert statements(repo, lambda: found.append(restricted_actions(repo, record))) <= 2
    assert found[0] == secret  # under a sub-item of a restricted item: withheld


def test_an_export_costs_the_same_queries_for_3_or_15_earlier_meetings(
        tmp_path, clock) -> None:
    counts = []
    for earlier in (3, 15):
        with Repository.open(tmp_path / f"{earlier}.db", clock=clock) as repo:
            mid, secret = board_history(repo, earlier)
            done: list = []
            counts.append(statements(repo, lambda done=done, mid=mid, repo=repo: done.append(
                minutes_of(repo, mid, full=False))))
            _record, _minutes, hidden = done[0]
            assert secret <= hidden
    assert counts[0] == counts[1]


def test_a_json_backup_costs_the_same_queries_for_3_or_15_earlier_meetings(
        tmp_path, clock) -> None:
    counts = []
    for earlier in (3, 15):
        with Repository.open(tmp_path / f"{earlier}.db", clock=clock) as repo:
            mid, _secret = board_history(repo, earlier)
            done: list[str] = []
            counts.append(statements(repo, lambda done=done, mid=mid, repo=repo: done.append(
                export_json(repo, mid))))
            assert done[0].count('"date": "20') == earlier + 1  # each earlier meeting's
    assert counts[0] == counts[1]
