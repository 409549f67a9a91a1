"""Keys of a house style as the minutes print them, through the real capture handlers,
the one line model and the real Word writer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from csp_tui.capture.handlers import run
from csp_tui.domain.house_style import style_from_text
from csp_tui.domain.models import Meeting
from csp_tui.exporters.docx_writer import read_docx_text, write_minutes_docx
from csp_tui.exporters.export import minutes_of

STYLE = """
extends = "committee"
name = "ours"

[dates]
day_zero_pad = true
ordinals = "superscript"

[times]
hour_zero_pad = false

[attendance.present]
serial_comma = true

[lists]
bullet = "–"
"""


def test_a_style_s_keys_in_the_words_and_in_word(repo, tmp_path: Path) -> None:
    meeting = repo.meetings.create_meeting(Meeting(
        date=dt.date(2023, 6, 8), start=dt.time(9, 30), end=dt.time(11),
        board_name="Planning Committee"))
    repo.meetings.add_item(meeting.id, repo.meetings.items(meeting.id)[0].model_copy(
        update={"id": None, "title": "Sub one", "number": ""}),
        parent_id=repo.meetings.items(meeting.id)[4].id)
    for line in ("/present Ann Lee, Bob Roe and Cy Poe", "/goto 4",
                 "- a point", "/agreed the report be noted",
                 "/a Ann Lee to send the plan by 2023-07-01"):
        run(repo, meeting.id, line, today=meeting.date)
    style = style_from_text(STYLE)
    _, minutes, _ = minutes_of(repo, meeting.id, full=False, style=style)
    text = minutes.plain_text()
    assert "Thursday, 08th June 2023" in text
    assert "(9:30-11:00)" in text
    assert "Present: Ann Lee, Bob Roe, and Cy Poe." in text
    assert "–\ta point" in text
    assert "RESOLVED: that the report be noted" in text
    assert "ACTION: Ann Lee to send the plan by 01st July 2023." in text
    assert "(a) Sub one" in text  # the committee's lettered sub-items, its case
    word = read_docx_text(write_minutes_docx(minutes, tmp_path / "m.docx"))
    assert "–\ta point" in word
    xml = __import__("zipfile").ZipFile(tmp_path / "m.docx").read("word/document.xml")
    assert b'<w:vertAlign w:val="superscript"/></w:rPr><w:t xml:space="preserve">th' in xml
