"""Numbered points start again after any other line, and at each item, in every
document the exports print: the Markdown, and the committee-system page as HTML and as
Word (each cell's lists from the one rule, :func:`csp_tui.exporters.docx_a11y.list_ids`;
the Word minutes' lists are read in test_export_a11y)."""

from __future__ import annotations

import datetime as dt
import re

from docx import Document

from csp_tui.domain.models import Action, Entry, EntryKind, Meeting
from csp_tui.exporters.docx_a11y import Markers
from csp_tui.exporters.export import export_meeting

N, P = EntryKind.NUMBERED, EntryKind.PARAGRAPH
#: alpha, bravo | a paragraph | charlie | an action | delta, and echo under the next item.
RESTARTED = {"alpha": "1", "bravo": "2", "charlie": "1", "delta": "1", "echo": "1"}


def numbered_meeting(repo) -> int:
    """Two runs of numbered points split by a paragraph, a third after an action, and a
    fourth under the next item."""
    m = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 3, 31)))
    assert m.id is not None
    first, second = repo.meetings.items(m.id)[:2]
    for kind, text in ((N, "alpha"), (N, "bravo"), (P, "a paragraph"), (N, "charlie")):
        repo.minutes.add_entry(Entry(item_id=first.id, kind=kind, text=text))
    repo.minutes.add_action(Action(meeting_id=m.id, item_id=first.id, owner="MPS", task="patrol"))
    repo.minutes.add_entry(Entry(item_id=first.id, kind=N, text="delta"))
    repo.minutes.add_entry(Entry(item_id=second.id, kind=N, text="echo"))
    return m.id


def test_numbered_points_restart_after_other_lines_and_at_each_item(repo, tmp_path):
    mid = numbered_meeting(repo)
    md = export_meeting(repo, mid, out=tmp_path, fmt="md").path.read_text(encoding="utf-8")
    markers = {text: number for number, text in
               re.findall(r"^(\d+)\. (alpha|bravo|charlie|delta|echo)", md, re.M)}
    assert markers == RESTARTED


def test_the_page_restarts_them_in_html_and_in_word(repo, tmp_path):
    result = export_meeting(repo, numbered_meeting(repo), out=tmp_path, fmt="page",
                            name_check=False)
    html = result.path.read_text(encoding="utf-8")
    lists = [(start, re.findall(r"<li>(\w+)</li>", body)) for start, body in
             re.findall(r"<ol( start=\"\d+\")?>(.*?)</ol>", html, re.S)]
    assert lists == [("", ["alpha", "bravo"]), ("", ["charlie"]), ("", ["delta"]),
                     ("", ["echo"])]
    # The Word page as Word numbers it: each run its own list, counted from 1.
    doc = Document(str(result.also[0]))
    word = Markers(doc)
    shown = {p.text: word.marker(p._p).rstrip(".") for table in doc.tables
             for p in table.rows[1].cells[0].paragraphs if p.text in RESTARTED}
    assert shown == RESTARTED
