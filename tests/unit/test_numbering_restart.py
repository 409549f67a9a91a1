"""Numbered points start again after any other line, and at each item, in the
document the exports print (Markdown here; the Word lists in test_export_a11y)."""

from __future__ import annotations

import datetime as dt
import re

from csp_tui.domain.models import Action, Entry, EntryKind, Meeting
from csp_tui.exporters.export import export_meeting

N, P = EntryKind.NUMBERED, EntryKind.PARAGRAPH


def test_numbered_points_restart_after_other_lines_and_at_each_item(repo, tmp_path):
    m = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 3, 31)))
    assert m.id is not None
    first, second = repo.meetings.items(m.id)[:2]
    for kind, text in ((N, "alpha"), (N, "bravo"), (P, "a paragraph"), (N, "charlie")):
        repo.minutes.add_entry(Entry(item_id=first.id, kind=kind, text=text))
    repo.minutes.add_action(Action(meeting_id=m.id, item_id=first.id, owner="MPS", task="patrol"))
    repo.minutes.add_entry(Entry(item_id=first.id, kind=N, text="delta"))
    repo.minutes.add_entry(Entry(item_id=second.id, kind=N, text="echo"))
    md = export_meeting(repo, m.id, out=tmp_path, fmt="md").path.read_text(encoding="utf-8")
    markers = {text: number for number, text in
               re.findall(r"^(\d+)\. (alpha|bravo|charlie|delta|echo)", md, re.M)}
    assert markers == {"alpha": "1", "bravo": "2", "charlie": "1", "delta": "1", "echo": "1"}
