"""The Word minutes read back with python-docx: each element's text and style."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Cm, Pt

from csp_tui.domain.models import (
    Action,
    ActionStatus,
    AgendaItem,
    AttendanceStatus,
    Entry,
    EntryKind,
    ForwardPlanItem,
    Meeting,
    NextMeeting,
    Person,
    Rag,
    Role,
)
from csp_tui.exporters.action_log import WIDTHS
from csp_tui.exporters.export import export_meeting
from csp_tui.storage.repository import Repository


def small_meeting(repo: Repository) -> int:
    """A board with an earlier meeting (two actions carried) and a 2021-03-31 meeting."""
    prev = repo.meetings.create_meeting(Meeting(board_name="Community Safety Partnership",
                                                date=dt.date(2020, 12, 9)))
    assert prev.id is not None
    prev_log = next(i for i in repo.meetings.items(prev.id) if "Action" in i.title)
    done = repo.minutes.add_action(Action(meeting_id=prev.id, item_id=prev_log.id,
                                  owner="Jade Hodgson", task="circulate the terms of reference",
                                  due="2021-01-15"))
    assert done.id is not None
    repo.minutes.complete_action(done.id)
    repo.minutes.add_action(Action(meeting_id=prev.id, item_id=prev_log.id, owner="MPS",
                                   task="provide ward-level data", due="ASAP"))
    m = repo.meetings.create_meeting(
        Meeting(board_name="Community Safety Partnership", date=dt.date(2021, 3, 31),
                start=dt.time(10), end=dt.time(13), venue="MS Teams",
                next_meeting=NextMeeting(date=dt.date(2021, 6, 30), start=dt.time(10),
                                         end=dt.time(13), venue="MS Teams",
                                         chair="Councillor Mullane")),
        [(AgendaItem(title="Introductions and Apologies for Absence"), []),
         (AgendaItem(title="Declaration of Interests"), []),
         (AgendaItem(title="Minutes and Action Log"), []),
         (AgendaItem(title="Street Space Pilot"), []),
         (AgendaItem(title="Prevent Update", restricted=True), []),
         (AgendaItem(title="Forward Plan"), []),
         (AgendaItem(title="AOB"), [AgendaItem(title="Performance Report"),
                                    AgendaItem(title="IVOLT")]),
         (AgendaItem(title="Date of Next Meeting"), [])])
    mid = m.id
    assert mid is not None
    board = repo.meetings.board()
    assert board.id is not None
    for name, status, role in [("Stephen Clayman", AttendanceStatus.PRESENT, Role.CHAIR),
                               ("Jade Hodgson", AttendanceStatus.PRESENT, Role.NOTE_TAKER),
                               ("Andy Opie", AttendanceStatus.PRESENT, None),
                               ("Chris Lyons", AttendanceStatus.ATTENDEE, None),
                               ("Antony Rose", AttendanceStatus.APOLOGIES, None)]:
        p = repo.people.add_person(Person(board_id=board.id, name=name))
        assert p.id is not None
        repo.people.set_attendance(mid, p.id, status=status, role=role)
    items = {i.title: i for i in repo.meetings.items(mid)}

    def entry(title: str, kind: EntryKind, text: str) -> None:
        repo.minutes.add_entry(Entry(item_id=items[title].id or 0, kind=kind, text=text))

    entry("Introductions and Apologies for Absence", EntryKind.PARAGRAPH,
          "Stephen Clayman welcomed members.")
    street = "Street Space Pilot"
    entry(street, EntryKind.PARAGRAPH, "Street Space presented the pilot.")
    entry(street, EntryKind.BULLET, "Most felt unsafe after dark.")
    entry(street, EntryKind.PARAGRAPH, "Recommendations:")
    entry(street, EntryKind.NUMBERED, "Programme live music.")
    entry(street, EntryKind.NUMBERED, "Add planting.")
    repo.minutes.add_action(Action(meeting_id=mid, item_id=items[street].id, owner="Jade Hodgson",
                                   task="circulate the slides", due="2021-04-30"))
    entry(street, EntryKind.DECISION, "The board accepted the recommendations.")
    entry("Prevent Update", EntryKind.PARAGRAPH, "Referral figures by ward ZZSECRET.")
    repo.minutes.add_action(Action(meeting_id=mid, item_id=items["Prevent Update"].id,
                                   owner="Chris Lyons", task="send the breakdown QQHIDDEN"))
    repo.meetings.defer_item(items["Performance Report"].id or 0, "Presenter sent apologies.")
    entry("IVOLT", EntryKind.PARAGRAPH, "The team has moved.")
    repo.meetings.add_forward(ForwardPlanItem(meeting_id=mid, title="Serious Violence Duty",
                                              presenter="Mark Long", when="June board"))
    return mid


def paragraphs(path: Path) -> list[tuple[str, str]]:
    return [(p.text, p.style.name) for p in Document(str(path)).paragraphs]


@pytest.fixture
def meeting(repo: Repository) -> int:
    return small_meeting(repo)


def test_public_minutes_text_and_styles(repo: Repository, meeting: int, tmp_path: Path):
    # Bullets and numbered points are Word lists: Word draws their "•" and "1."
    # (test_export_a11y.py), so the paragraphs' text holds only the words.
    result = export_meeting(repo, meeting, out=tmp_path)
    assert result.path == tmp_path / "Community-Safety-Partnership-2021-03-31-minutes.docx"
    assert paragraphs(result.path) == [
        ("THE COMMUNITY SAFETY PARTNERSHIP", "CSP Title"),
        ("Wednesday, 31 March 2021", "CSP Date"),
        ("(10:00-13:00, MS Teams)", "CSP Date"),
        ("Members Present: Andy Opie, Jade Hodgson (NOTE TAKER) and "
         "Stephen Clayman (CHAIR).", "CSP Attendance"),
        ("Additional Attendees: Chris Lyons.", "CSP Attendance"),
        ("Apologies: Antony Rose.", "CSP Attendance"),
        ("1. INTRODUCTIONS AND APOLOGIES FOR ABSENCE", "CSP Item Heading"),
        ("Stephen Clayman welcomed members.", "CSP Body"),
        ("2. DECLARATION OF INTERESTS", "CSP Item Heading"),
        ("No declarations of interest to note.", "CSP Body"),
        ("3. MINUTES AND ACTION LOG", "CSP Item Heading"),
        ("ACTION: Jade Hodgson to circulate the terms of reference by 15 January 2021. "
         "(COMPLETED)", "CSP Action"),
        ("The following actions remain outstanding.", "CSP Body"),
        ("ACTION: MPS to provide ward-level data ASAP.", "CSP Action"),
        ("4. STREET SPACE PILOT", "CSP Item Heading"),
        ("Street Space presented the pilot.", "CSP Body"),
        ("Most felt unsafe after dark.", "CSP Bullet"),
        ("Recommendations:", "CSP Body"),
        ("Programme live music.", "CSP Numbered"),
        ("Add planting.", "CSP Numbered"),
        ("ACTION: Jade Hodgson to circulate the slides by 30 April 2021.", "CSP Action"),
        ("The board accepted the recommendations.", "CSP Decision"),
        ("5. RESTRICTED: PREVENT UPDATE", "CSP Item Heading"),
        ("Restricted due to sensitive information.", "CSP Body"),
        ("6. FORWARD PLAN", "CSP Item Heading"),
        ("Serious Violence Duty (Mark Long, June board)", "CSP Bullet"),
        ("7. AOB", "CSP Item Heading"),
        ("(i) PERFORMANCE REPORT", "CSP Sub-item Heading"),
        ("Presenter sent apologies.", "CSP Body"),
        ("(ii) IVOLT", "CSP Sub-item Heading"),
        ("The team has moved.", "CSP Body"),
        ("8. DATE OF NEXT MEETING", "CSP Item Heading"),
        ("Community Safety Partnership Board", "CSP Body"),
        ("Wednesday 30 June 2021, 10:00-13:00", "CSP Body"),
        ("MS Teams", "CSP Body"),
        ("Chair: Councillor Mullane", "CSP Body"),
    ]


def test_house_style_defaults(repo: Repository, meeting: int, tmp_path: Path):
    path = export_meeting(repo, meeting, out=tmp_path).path
    doc = Document(str(path))
    normal = doc.styles["Normal"]
    assert normal.font.name == "Arial" and normal.font.size == Pt(11)
    assert doc.styles["CSP Item Heading"].font.bold is True
    assert doc.styles["CSP Action"].font.bold is True
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert round(section.left_margin.cm, 2) == 2.5 and round(section.top_margin.cm, 2) == 2.5
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml and "fldChar" in footer_xml
    # The attendance label is a bold character-style run, the names plain.
    attendance = next(p for p in doc.paragraphs if p.style.name == "CSP Attendance")
    assert attendance.runs[0].text == "Members Present:"
    assert attendance.runs[0].style.name == "CSP Label"
    assert doc.styles["CSP Label"].font.bold is True
    # Public: no marking in the header.
    assert "RESTRICTED" not in section.header._element.xml


def test_full_version_marks_every_header_and_has_everything(repo: Repository, meeting: int,
                                                            tmp_path: Path):
    path = export_meeting(repo, meeting, out=tmp_path, full=True).path
    assert path.name == "Community-Safety-Partnership-2021-03-31-minutes-RESTRICTED.docx"
    doc = Document(str(path))
    for section in doc.sections:
        assert [p.text for p in section.header.paragraphs] == ["RESTRICTED - DRAFT"]
    texts = paragraphs(path)
    i = texts.index(("5. RESTRICTED: PREVENT UPDATE", "CSP Item Heading"))
    assert texts[i + 1:i + 3] == [
        ("Referral figures by ward ZZSECRET.", "CSP Body"),
        ("ACTION: Chris Lyons to send the breakdown QQHIDDEN.", "CSP Action")]
    assert doc.core_properties.subject == "Minutes (RESTRICTED)"


def test_core_properties_are_ours(repo: Repository, meeting: int, tmp_path: Path):
    doc = Document(str(export_meeting(repo, meeting, out=tmp_path).path))
    cp = doc.core_properties
    assert cp.title == "Community Safety Partnership minutes, Wednesday, 31 March 2021"
    assert cp.subject == "Minutes"
    assert cp.author == "" and cp.last_modified_by == "" and cp.comments == ""


def test_entries_and_actions_interleave_in_their_shared_order(repo: Repository,
                                                              tmp_path: Path):
    m = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 3, 31)))
    assert m.id is not None
    item = repo.meetings.items(m.id)[0]
    assert item.id is not None
    repo.minutes.add_entry(Entry(item_id=item.id, text="First."))
    act = repo.minutes.add_action(Action(meeting_id=m.id, item_id=item.id, task="do the second"))
    last = repo.minutes.add_entry(Entry(item_id=item.id, text="Third."))
    assert act.id is not None and last.id is not None
    repo.minutes.move_line("actions", act.id, +1)  # the note taker moved it below "Third."
    texts = [t for t, _ in paragraphs(export_meeting(repo, m.id, out=tmp_path).path)]
    i = texts.index("First.")
    assert texts[i:i + 3] == ["First.", "Third.", "ACTION: Do the second."]


def test_completed_and_due_words(repo: Repository, tmp_path: Path):
    m = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 3, 31)))
    assert m.id is not None
    item = repo.meetings.items(m.id)[0]
    action = repo.minutes.add_action(Action(meeting_id=m.id, item_id=item.id, owner="Board chairs",
                                            task="agree a protocol.", due="next board"))
    assert action.id is not None
    repo.minutes.complete_action(action.id)
    assert repo.minutes.action(action.id).status is ActionStatus.COMPLETED
    texts = [t for t, _ in paragraphs(export_meeting(repo, m.id, out=tmp_path).path)]
    # Its own meeting's draft follows the action (issue 20); the next one reviews it.
    assert "ACTION: Board chairs to agree a protocol by next board. (COMPLETED)" in texts
    nxt = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 6, 30)))
    assert nxt.id is not None
    texts = [t for t, _ in paragraphs(export_meeting(repo, nxt.id, out=tmp_path).path)]
    assert "ACTION: Board chairs to agree a protocol by next board. (COMPLETED)" in texts


def _template(path: Path, *, font: str, with_csp_body: bool) -> Path:
    """A council-like template: its own Normal font (and maybe its own CSP Body), a
    header with text, and some body text that must not survive."""
    doc = Document()
    doc.styles["Normal"].font.name = font
    if with_csp_body:
        from docx.enum.style import WD_STYLE_TYPE

        style = doc.styles.add_style("CSP Body", WD_STYLE_TYPE.PARAGRAPH)
        style.font.name = "Courier New"
        style.font.size = Pt(13)
    doc.sections[0].header.paragraphs[0].text = "Barking and Dagenham Council"
    doc.add_paragraph("Template body text that must go")
    doc.core_properties.author = "Template Author Person"
    doc.save(str(path))
    return path


def test_template_restyles_the_document(repo: Repository, meeting: int, tmp_path: Path):
    template = _template(tmp_path / "council.docx", font="Georgia", with_csp_body=True)
    out = tmp_path / "out"
    out.mkdir()
    path = export_meeting(repo, meeting, out=out, template=template).path
    doc = Document(str(path))
    # The template's own Normal font carries into the CSP styles it lacks ...
    assert doc.styles["Normal"].font.name == "Georgia"
    heading = doc.styles["CSP Item Heading"]
    assert heading.font.name is None  # inherited, not overridden
    assert heading.base_style.name == "CSP Body"
    # ... and the CSP style it has is used as it is.
    body = doc.styles["CSP Body"]
    assert body.font.name == "Courier New" and body.font.size == Pt(13)
    texts = [p.text for p in doc.paragraphs]
    assert "Template body text that must go" not in texts
    assert texts[0] == "THE COMMUNITY SAFETY PARTNERSHIP"
    assert doc.sections[0].header.paragraphs[0].text == "Barking and Dagenham Council"
    assert doc.core_properties.author == ""
    with zipfile.ZipFile(path) as z:
        blob = b"".join(z.read(n) for n in z.namelist())
    assert b"Template Author Person" not in blob


def test_dotx_template(repo: Repository, meeting: int, tmp_path: Path):
    docx_path = _template(tmp_path / "council.docx", font="Georgia", with_csp_body=False)
    dotx = tmp_path / "council.dotx"
    with zipfile.ZipFile(docx_path) as zin, zipfile.ZipFile(dotx, "w") as zout:
        for info in zin.infolist():
            blob = zin.read(info.filename)
            if info.filename == "[Content_Types].xml":
                blob = blob.replace(b"document.main+xml", b"template.main+xml")
            zout.writestr(info, blob)
    full = export_meeting(repo, meeting, out=tmp_path / "m.docx", template=dotx, full=True)
    doc = Document(str(full.path))  # opens: the content type is a document's again
    assert doc.styles["Normal"].font.name == "Georgia"
    # The template's header is kept and the marking added to it.
    assert [p.text for p in doc.sections[0].header.paragraphs] == [
        "Barking and Dagenham Council", "RESTRICTED - DRAFT"]


def test_action_log_appended(repo: Repository, meeting: int, tmp_path: Path):
    path = export_meeting(repo, meeting, out=tmp_path, action_log=True).path
    doc = Document(str(path))
    assert doc.paragraphs[-1].text == "CSP BOARD ACTION PLAN"
    table = doc.tables[-1]
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0] == ["No.", "Action", "Lead", "Others", "Start Date", "Target Completion",
                       "Status", "Update"]
    assert rows[1][:4] == ["1", "Circulate the terms of reference", "Jade Hodgson", ""]
    assert rows[1][6] == "Completed"
    restricted_row = next(r for r in rows if r[1] == "Restricted")
    assert restricted_row[2:] == ["", "", "", "", "", ""]
    assert doc.sections[-1].page_width > doc.sections[-1].page_height  # landscape


def test_action_log_table_form(repo: Repository, meeting: int, tmp_path: Path):
    """The table is written straight as XML (python-docx's cell API took seconds a
    thousand rows): the header row repeats on every page and is bold, every cell has
    the table style and its column's width, a RAG status cell is shaded."""
    ward = next(a for a in repo.minutes.carried_actions(meeting) if a.owner == "MPS")
    assert ward.id is not None
    repo.minutes.update_action(ward.id, rag=Rag.RED)
    path = export_meeting(repo, meeting, out=tmp_path, action_log=True).path
    table = Document(str(path)).tables[-1]
    header = table.rows[0]
    assert header._tr.xpath("./w:trPr/w:tblHeader/@w:val") == ["true"]
    assert all(r.bold for c in header.cells for r in c.paragraphs[0].runs)
    assert len(table.rows) == 1 + 4  # two carried actions and this meeting's two
    for row in table.rows:
        for cell, width in zip(row.cells, WIDTHS, strict=True):
            assert [p.style.name for p in cell.paragraphs] == ["CSP Table Text"]
            assert cell.width is not None and abs(cell.width - Cm(width)) < Cm(0.01)
    red = next(r for r in table.rows if r.cells[1].text == "Provide ward-level data")
    assert red.cells[6].text == "Red"  # the colour in words too, not only shaded
    assert red.cells[6]._tc.xpath("./w:tcPr/w:shd/@w:fill") == ["FF0000"]
    assert not any(c._tc.xpath("./w:tcPr/w:shd") for c in red.cells[:6])


def test_action_log_cells_hold_any_text_and_the_public_one_no_restricted(
        repo: Repository, meeting: int, tmp_path: Path):
    """The table written as raw XML: markup characters come out as typed, characters
    Word cannot hold are dropped, a word longer than its column stays whole; the
    public version's row for an action under a restricted item holds none of it."""
    items = {i.title: i for i in repo.meetings.items(meeting)}
    word = "Supercalifragilistic" * 8
    typed = repo.minutes.add_action(Action(
        meeting_id=meeting, item_id=items["Street Space Pilot"].id, owner="MPS",
        task=f'check <b>bold</b> & "AT&T" \x01\x0b ]]> {word}'))
    assert typed.id is not None
    repo.minutes.update_action(typed.id, note="Update <x/> & \x07 done")
    hidden = repo.minutes.add_action(Action(
        meeting_id=meeting, item_id=items["Prevent Update"].id, owner="<Lead> & Co",
        task='brief <QQTAG> & "QQQUOTE"'))
    assert hidden.id is not None
    repo.minutes.update_action(hidden.id, note="QQNOTE <&>")
    full = export_meeting(repo, meeting, out=tmp_path / "full.docx", full=True,
                          action_log=True).path
    rows = {r.cells[1].text: r for r in Document(str(full)).tables[-1].rows}
    row = rows[f'Check <b>bold</b> & "AT&T"  ]]> {word}']
    assert row.cells[7].text == "Update <x/> &  done"
    assert rows['Brief <QQTAG> & "QQQUOTE"'].cells[7].text == "QQNOTE <&>"
    public = export_meeting(repo, meeting, out=tmp_path / "public.docx",
                            action_log=True).path
    with zipfile.ZipFile(public) as z:
        text = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    assert "AT&amp;T" in text
    assert not any(w in text for w in ("QQTAG", "QQQUOTE", "QQNOTE", "&lt;Lead"))


def test_markdown_shares_the_redaction(repo: Repository, meeting: int, tmp_path: Path):
    path = export_meeting(repo, meeting, out=tmp_path, fmt="md").path
    assert path.name == "Community-Safety-Partnership-2021-03-31-minutes.md"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("**DRAFT**\n\n# THE COMMUNITY SAFETY PARTNERSHIP\n")
    assert "\n## 5. RESTRICTED: PREVENT UPDATE\n" in text
    assert "**ACTION: Jade Hodgson to circulate the slides by 30 April 2021.**" in text
    assert "- Most felt unsafe after dark.\n" in text
    assert "1. Programme live music.\n2. Add planting.\n" in text
    assert "ZZSECRET" not in text and "QQHIDDEN" not in text
    full = export_meeting(repo, meeting, out=tmp_path, fmt="md", full=True).path
    assert "ZZSECRET" in full.read_text(encoding="utf-8")
