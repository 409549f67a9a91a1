"""A board's own house style, a file extending the default that changes a few keys,
shows alike in the item pane, the Word minutes and the Markdown minutes: the one line
model reads it for all three."""

from __future__ import annotations

from pathlib import Path

from app_helpers import (  # noqa: F401 - utc_zone is an autouse fixture
    enter_line,
    make_app,
    screen_lines,
    small_meeting,
    utc_zone,
)

from csp_tui.exporters.docx_writer import read_docx_text
from csp_tui.exporters.export import export_meeting

SIZE = (160, 30)

OURS = """\
extends = "council-word-2021"

[times]
separator = "."

[headings]
restricted = "WITHHELD: {title}"

[restricted]
sentence = "This item is withheld."

[actions]
prefix = "ACTION - "
due_date = " (due {date})"
"""


async def test_a_style_file_changes_the_pane_word_and_markdown_alike(repo, clock,
                                                                   tmp_path: Path):
    mid = small_meeting(repo)
    style = tmp_path / "ours.toml"
    style.write_text(OURS)
    board_id = repo.meetings.meeting(mid).board_id
    repo.settings.set_board_style(board_id, style)
    style.unlink()  # kept in the database: the file may go
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await enter_line(pilot, "/goto 2")
        await enter_line(pilot, "/restricted")
        await enter_line(pilot, "/goto 4")
        await enter_line(pilot, "/a Jade Hodgson to circulate the slides by 2021-04-30")
        shown = "\n".join(screen_lines(app))
        assert "ACTION - Jade Hodgson to circulate the slides (due 30 April 2021)." in shown
        await enter_line(pilot, "/goto 2")
        shown = "\n".join(screen_lines(app))
        assert "2. WITHHELD: DECLARATION OF INTERESTS" in shown
        assert "Public minutes: This item is withheld." in shown
    word = read_docx_text(export_meeting(repo, mid, out=tmp_path / "m.docx",
                                         name_check=False).path)
    markdown = export_meeting(repo, mid, out=tmp_path / "m.md", fmt="md",
                              name_check=False).path.read_text()
    for text in (word, markdown.replace("\\", "")):
        assert "(10.00-13.00, MS Teams)" in text
        assert "2. WITHHELD: DECLARATION OF INTERESTS" in text
        assert "This item is withheld." in text
        assert "ACTION - Jade Hodgson to circulate the slides (due 30 April 2021)." in text
        assert "Restricted due to sensitive information." not in text


async def test_export_style_overrides_the_boards_and_a_bad_one_writes_nothing(
        repo, tmp_path: Path):
    import pytest

    from csp_tui.domain.house_style import StyleError

    mid = small_meeting(repo)
    repo.settings.set_board_style(repo.meetings.meeting(mid).board_id, "council-page-2019")
    out = tmp_path / "m.md"
    bad = tmp_path / "bad.toml"
    bad.write_text('extends = "council-word-2021"\n[times]\nseparator = 3\n')
    with pytest.raises(StyleError, match="times.separator: expected text, not 3"):
        export_meeting(repo, mid, out=out, fmt="md", style=bad)
    assert not out.exists()
    repo.meetings.update_item(repo.meetings.items(mid)[1].model_copy(update={"restricted": True}))
    page = export_meeting(repo, mid, out=out, fmt="md", name_check=False).path.read_text()
    assert "This item is restricted due to sensitive information" in page
    word = export_meeting(repo, mid, out=tmp_path / "w.md", fmt="md", name_check=False,
                          style="council-word-2021").path.read_text()
    assert "Restricted due to sensitive information." in word
