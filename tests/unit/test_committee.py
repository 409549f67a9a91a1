"""The committee style's parts: resolutions, minute numbers that run on across a
board's meetings in a municipal year and stay as circulated, substitutes, and exempt
items with their paragraph of Schedule 12A and public summary; in the Word (.docx read
back with python-docx) and Markdown minutes. And the capture line never refuses a line
for a bad paragraph or a name the roster does not know."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
from committee_board import (
    FIRST,
    SECRET,
    SUMMARY,
    circulate,
    new_meeting,
    two_meetings,
    type_lines,
    use_committee_style,
)

from csp_tui.capture.handlers import run
from csp_tui.domain.committee import (
    committee_style,
    minute_label,
    municipal_year,
    number_minutes,
    resolution_words,
)
from csp_tui.domain.house_style import load_style
from csp_tui.domain.models import AgendaItem, AttendanceStatus
from csp_tui.exporters.export import export_meeting
from csp_tui.storage.repository import Repository

EXCLUSION = ("RESOLVED: that under section 100A(4) of the Local Government Act 1972 the "
             "public be excluded from the meeting for the following item of business on "
             "the grounds that it involves the likely disclosure of exempt information as "
             "defined in paragraph 3 of Part 1 of Schedule 12A to the Act.")


def word_text(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def exports(repo: Repository, meeting_id: int, folder: Path, *, full: bool = False
            ) -> tuple[list[str], str]:
    """The Word minutes' paragraphs and the Markdown minutes."""
    word = export_meeting(repo, meeting_id, out=folder / f"{meeting_id}{full}.docx",
                          full=full, name_check=False)
    md = export_meeting(repo, meeting_id, out=folder / f"{meeting_id}{full}.md", fmt="md",
                        full=full, name_check=False)
    return word_text(word.path), md.path.read_text()


def headings(paragraphs: list[str]) -> list[str]:
    """The item headings (those opening with a minute number), lower case: the case
    is the style's to choose."""
    return [p.lower() for p in paragraphs if p[:1].isdigit() and "/18 " in p]


def test_a_committee_board_of_two_meetings(repo: Repository, tmp_path: Path) -> None:
    first, second = two_meetings(repo)
    paras, md = exports(repo, first, tmp_path)

    # Minute numbers: the first meeting's six items, 1/18 to 6/18 (May's municipal year).
    assert headings(paras) == [
        "1/18 introductions and apologies for absence", "2/18 declaration of interests",
        "3/18 minutes and action log", "4/18 forward plan",
        "5/18 any other business (exempt)", "6/18 date of next meeting"]
    # The substitute, after the attendance lines; the member sent apologies.
    assert "Councillor Ali attended as a substitute for Councillor Brown." in paras
    assert any(p.endswith("Councillor Brown.") and "Apologies" in p for p in paras)
    # Two resolutions in item 1, numbered; "that" and the capital not doubled.
    assert "RESOLVED: (1) that the report be noted." in paras
    assert "(2) that the plan be approved." in paras
    # The exempt item: the exclusion resolution citing its paragraph, its summary.
    assert EXCLUSION in paras
    assert SUMMARY in paras
    assert not any("tendervalue417" in p for p in paras)
    # The Markdown says the same.
    assert "**RESOLVED:** \\(1\\) that the report be noted." in md or \
        "**RESOLVED:** (1) that the report be noted." in md
    assert "(2) that the plan be approved." in md
    assert "## 1/18 " in md and "## 6/18 " in md
    assert "Councillor Ali attended as a substitute for Councillor Brown." in md
    assert EXCLUSION in md and SUMMARY in md and "tendervalue417" not in md
    # The full (restricted) version has the item's own minutes too.
    full_paras, full_md = exports(repo, first, tmp_path, full=True)
    assert SECRET in full_paras and EXCLUSION in full_paras
    assert SECRET in full_md

    # The second meeting runs on from the first: 7/18 to 12/18.
    paras2, md2 = exports(repo, second, tmp_path)
    assert [h.split(" ", 1)[0] for h in headings(paras2)] == [
        f"{n}/18" for n in range(7, 13)]
    assert "## 7/18 " in md2


def test_minute_numbers_stay_as_circulated(repo: Repository, tmp_path: Path) -> None:
    first, second = two_meetings(repo)
    before = headings(exports(repo, first, tmp_path)[0])
    # A late item put first on the circulated meeting's agenda: the numbers circulated
    # stay; it takes the next number, and the second meeting runs on after it.
    late = repo.meetings.add_item(first, AgendaItem(title="Urgent business"), after_id=None)
    repo.meetings.move_item(late.id or 0, -10)
    assert repo.meetings.items(first)[0].id == late.id
    after = headings(exports(repo, first, tmp_path)[0])
    assert after[0] == "7/18 urgent business"
    assert after[1:] == before
    assert headings(exports(repo, second, tmp_path)[0])[0].startswith("8/18 ")
    # Circulating the second fixes its numbers in the database.
    circulate(repo, second)
    assert [i.minute_seq for i in repo.meetings.items(second) if i.parent_id is None] == list(
        range(8, 14))
    # A meeting of the next municipal year starts again at 1.
    third = new_meeting(repo, dt.date(2019, 5, 14))
    assert headings(exports(repo, third, tmp_path)[0]) == []  # "/19" now
    paras = exports(repo, third, tmp_path)[0]
    assert any(p.lower().startswith("1/19 ") for p in paras)


def test_the_council_style_keeps_agenda_numbers_and_plain_decisions(
        repo: Repository, tmp_path: Path) -> None:
    mid = new_meeting(repo, FIRST)  # the default style: the council's Word minutes
    type_lines(repo, mid, ["/next", "/agreed The board noted the report.",
                           "/resolved the plan be approved"])
    paras = exports(repo, mid, tmp_path)[0]
    assert "1. INTRODUCTIONS AND APOLOGIES FOR ABSENCE" in paras
    # /agreed is an ordinary sentence; /resolved is a resolution in any style.
    assert "The board noted the report." in paras
    assert "RESOLVED: that the plan be approved." in paras


def test_a_bad_paragraph_is_a_notice_and_the_item_is_restricted(repo: Repository) -> None:
    use_committee_style(repo)
    mid = new_meeting(repo, FIRST)
    type_lines(repo, mid, ["/goto 5"])
    for typed in ("9", "0", "paragraph eight", "3a"):
        outcome = run(repo, mid, f"/restricted {typed}")  # never a CaptureError
        assert outcome.severity == "warning"
        assert "not a paragraph of Schedule 12A (1-7)" in outcome.message
    item = repo.meetings.items(mid)[4]
    assert (item.restricted, item.exempt_paragraph) == (True, None)
    assert run(repo, mid, "/restricted para 4").severity == "information"
    assert repo.meetings.items(mid)[4].exempt_paragraph == 4
    # A bad one later keeps the paragraph given.
    assert "still 4" in run(repo, mid, "/restricted 12").message
    assert repo.meetings.items(mid)[4].exempt_paragraph == 4
    # Plain /restricted still toggles.
    run(repo, mid, "/restricted")
    assert repo.meetings.items(mid)[4].restricted is False


def test_an_unknown_substitute_name_joins_the_roster(repo: Repository) -> None:
    mid = new_meeting(repo, FIRST)
    outcome = run(repo, mid, "/substitute Zed Newname for Yvonne Unknown")
    assert "new to the roster: Zed Newname and Yvonne Unknown" in outcome.message
    rows = {a.person_name: a for a in repo.people.attendance(mid)}
    assert rows["Zed Newname"].status is AttendanceStatus.PRESENT
    assert rows["Zed Newname"].substitute_for_name == "Yvonne Unknown"
    assert rows["Yvonne Unknown"].status is AttendanceStatus.APOLOGIES
    # A member recorded here already stays so; the line says so and is kept.
    run(repo, mid, "/present Pat Here")
    outcome = run(repo, mid, "/substitute Quinn Other for Pat Here")
    assert outcome.severity == "warning" and "Pat Here is recorded as here" in outcome.message
    assert {a.person_name: a.status for a in repo.people.attendance(mid)}["Pat Here"] is \
        AttendanceStatus.PRESENT
    # Undo takes the line back whole.
    repo.undo()
    assert "Quinn Other" not in {a.person_name for a in repo.people.attendance(mid)}


def test_the_rules_in_words() -> None:
    assert resolution_words("that The report be noted") == "the report be noted."
    assert resolution_words("Councillor Ali be appointed.") == "Councillor Ali be appointed."
    assert resolution_words("RESOLVED: that A review be held") == "a review be held."
    assert municipal_year(dt.date(2019, 4, 30), 5) == 2018
    assert municipal_year(dt.date(2019, 5, 1), 5) == 2019
    style = committee_style(load_style("committee"))
    assert minute_label(style, 60, dt.date(2018, 9, 1)) == "60/18"
    exec_style = style.__class__(**{**{f: getattr(style, f) for f in style.__slots__},
                                    "minute_number": "E.{n}/{yy}"})
    assert minute_label(exec_style, 70, dt.date(2024, 3, 1)) == "E.70/23"
    assert number_minutes([(1, None), (2, 5), (3, None)], 2) == {1: 6, 2: 5, 3: 7}
    assert number_minutes([(1, None), (2, None)], 59) == {1: 60, 2: 61}
    assert committee_style(load_style("council-word-2021")).minute_number == ""
