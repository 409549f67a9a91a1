"""The Word minutes are publishable as the accessibility regulations ask (issue 23):
language and title in the properties, headings at outline levels 1-3 in order, real
Word lists restarting for each run of numbered points, repeated table header rows and
no empty paragraphs for spacing. Each test reads the .docx the real exporter wrote,
for the small meeting of test_export_docx, the demo board and a 200-item board."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from csp_tui.domain.models import Action, AgendaItem, Entry, EntryKind, Meeting
from csp_tui.exporters.docx_writer import read_docx_text
from csp_tui.exporters.export import export_meeting
from csp_tui.storage.repository import Repository
from tests.conftest import FrozenClock
from tests.unit.conftest import BOARDS, make_board
from tests.unit.test_export_docx import _template, small_meeting

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def big_board(repo: Repository, n_items: int = 200) -> int:
    """A meeting of ``n_items`` items (every tenth with three sub-items, every
    twentieth restricted), each with a paragraph, two bullets, two numbered points, a
    decision, another paragraph, two more numbered points and an action."""
    agenda = [(AgendaItem(title=f"Agenda item number {n}", restricted=n % 20 == 0),
               [AgendaItem(title=f"Sub-item {k} of {n}") for k in range(3)]
               if n % 10 == 0 else []) for n in range(1, n_items + 1)]
    m = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 3, 31), start=dt.time(10),
                                             end=dt.time(13), venue="MS Teams"), agenda)
    assert m.id is not None
    with repo.transaction("big board"):
        for item in repo.meetings.items(m.id):
            assert item.id is not None
            for kind in (EntryKind.PARAGRAPH, EntryKind.BULLET, EntryKind.BULLET,
                         EntryKind.NUMBERED, EntryKind.NUMBERED, EntryKind.DECISION,
                         EntryKind.PARAGRAPH, EntryKind.NUMBERED, EntryKind.NUMBERED):
                repo.minutes.add_entry(Entry(item_id=item.id, kind=kind, text=f"{kind} text."))
            repo.minutes.add_action(Action(meeting_id=m.id, item_id=item.id, owner="Jade Hodgson",
                                           task="circulate the paper", due="2021-04-30"))
    return m.id


@pytest.fixture(scope="module", params=[(full, board) for full in (False, True)
                                        for board in BOARDS],
                ids=[f"{'full' if full else 'public'}-{board}" for full in (False, True)
                     for board in BOARDS])
def exported(request, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minutes of each board, public and full, as the real exporter writes them:
    made once for the module's tests, which only read the file."""
    full, name = request.param
    folder = tmp_path_factory.mktemp("exported")
    with pytest.MonkeyPatch.context() as mp:  # no user settings, as for every test
        mp.setenv("CSP_CONFIG", str(folder / "settings.toml"))
        with Repository.open(folder / "minutes.db", clock=FrozenClock()) as repo:
            return export_meeting(repo, make_board(repo, name), out=folder, full=full,
                                  action_log=True).path


def outline_levels(doc) -> dict[str, int]:
    """Each paragraph style's outline level (0 = level 1), following base styles."""
    styles = {s.styleId: s for s in doc.styles.element.style_lst}
    out: dict[str, int] = {}
    for sid, style in styles.items():
        seen = style
        while seen is not None:
            lvl = seen.find(f"{W}pPr/{W}outlineLvl")
            if lvl is not None:
                out[sid] = int(lvl.get(f"{W}val"))
                break
            based = seen.find(f"{W}basedOn")
            seen = styles.get(based.get(f"{W}val")) if based is not None else None
    return out


def body_paragraphs(doc):
    """The body's w:p elements, in order (tables' cells left out)."""
    return doc.element.body.findall(f"{W}p")


def text_of(p) -> str:
    """A w:p's text (its w:t elements)."""
    return "".join(t.text or "" for t in p.iter(f"{W}t"))


def style_of(p) -> str:
    ps = p.find(f"{W}pPr/{W}pStyle")
    return ps.get(f"{W}val") if ps is not None else ""


def num_id(p) -> str:
    n = p.find(f"{W}pPr/{W}numPr/{W}numId")
    return n.get(f"{W}val") if n is not None else ""


def test_properties_title_subject_and_language(exported: Path) -> None:
    doc = Document(str(exported))
    cp = doc.core_properties
    assert cp.title.endswith("minutes, Wednesday, 31 March 2021")
    assert cp.subject in ("Minutes", "Minutes (RESTRICTED)")
    assert cp.language == "en-GB"
    langs = doc.styles.element.xpath("./w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val")
    assert langs == ["en-GB"]


def test_headings_at_levels_1_2_3_in_order(exported: Path) -> None:
    doc = Document(str(exported))
    levels = outline_levels(doc)
    by_name = {s.name: s.style_id for s in doc.styles}
    assert levels[by_name["CSP Title"]] == 0
    assert levels[by_name["CSP Item Heading"]] == 1
    assert levels[by_name["CSP Sub-item Heading"]] == 2
    headings = [(levels[style_of(p)], text_of(p))
                for p in body_paragraphs(doc) if style_of(p) in levels]
    assert headings[0] == (0, "THE COMMUNITY SAFETY PARTNERSHIP")
    assert [lvl for lvl, _ in headings].count(0) == 1
    for (before, _), (lvl, text) in zip(headings, headings[1:], strict=False):
        assert lvl <= before + 1, f"heading level skipped at {text!r}"
    assert any(re.match(r"\(i\) ", t) for lvl, t in headings if lvl == 2)


def test_lists_are_word_lists_restarting_each_run(exported: Path) -> None:
    doc = Document(str(exported))
    by_name = {s.name: s.style_id for s in doc.styles}
    numbering = doc.part.numbering_part.element
    nums = {n.get(f"{W}numId"): n for n in numbering.findall(f"{W}num")}
    formats = {a.get(f"{W}abstractNumId"): a.find(f"{W}lvl/{W}numFmt").get(f"{W}val")
               for a in numbering.findall(f"{W}abstractNum")}
    runs: list[tuple[str, list[str]]] = []  # (numId, texts) of each run of list paragraphs
    previous = ""
    for p in body_paragraphs(doc):
        text = text_of(p)
        assert not re.match(r"(•|\d+\.)\t", text), f"typed list marker in {text!r}"
        nid = num_id(p)
        if style_of(p) in (by_name["CSP Bullet"], by_name["CSP Numbered"]):
            assert nid, f"list paragraph without numbering: {text!r}"
            assert p.find(f"{W}pPr/{W}numPr/{W}ilvl").get(f"{W}val") == "0"
            fmt = formats[nums[nid].find(f"{W}abstractNumId").get(f"{W}val")]
            assert fmt == ("bullet" if style_of(p) == by_name["CSP Bullet"] else "decimal")
            if nid != previous:
                runs.append((nid, []))
            runs[-1][1].append(text)
        else:
            assert not nid
        previous = nid
    assert len({nid for nid, _ in runs}) == len(runs)  # each run is a list of its own
    numbered = [nid for nid, _ in runs if formats[
        nums[nid].find(f"{W}abstractNumId").get(f"{W}val")] == "decimal"]
    assert numbered
    for nid in numbered:
        start = nums[nid].xpath("./w:lvlOverride[@w:ilvl='0']/w:startOverride/@w:val")
        assert start == ["1"]
    # Read back as Word shows them: each run counts from 1 again.
    shown = read_docx_text(exported).splitlines()
    firsts = [n for n, line in enumerate(shown) if line.startswith("1.\t")]
    assert len(firsts) == len(numbered)


def test_table_header_rows_repeat(exported: Path) -> None:
    doc = Document(str(exported))
    assert doc.tables
    for table in doc.tables:
        first = table.rows[0]._tr
        assert first.xpath("./w:trPr/w:tblHeader/@w:val") == ["true"]
        assert [c.text for c in table.rows[0].cells][:2] == ["No.", "Action"]


def test_no_empty_paragraphs_for_spacing(exported: Path) -> None:
    doc = Document(str(exported))
    empty = [n for n, p in enumerate(body_paragraphs(doc)) if not text_of(p).strip()]
    assert empty == []


def test_small_meeting_lists_in_detail(repo: Repository, tmp_path: Path) -> None:
    """Two runs of numbered points in one item: 1, 2 and then 1 again."""
    mid = small_meeting(repo)
    street = next(i for i in repo.meetings.items(mid) if i.title == "Street Space Pilot")
    assert street.id is not None
    repo.minutes.add_entry(Entry(item_id=street.id, text="Next steps:"))
    repo.minutes.add_entry(Entry(item_id=street.id, kind=EntryKind.NUMBERED, text="Report back."))
    path = export_meeting(repo, mid, out=tmp_path).path
    shown = read_docx_text(path)
    assert "1.\tProgramme live music.\n2.\tAdd planting.\n" in shown
    assert "Next steps:\n1.\tReport back.\n" in shown
    assert "•\tMost felt unsafe after dark.\n" in shown
    doc = Document(str(path))
    ids = {p.text: num_id(p._p) for p in doc.paragraphs}
    assert ids["Programme live music."] == ids["Add planting."] != ids["Report back."]


def _strip_numbering(path: Path) -> Path:
    """The same template without a numbering part (Word writes none until a list is
    used)."""
    out = path.with_name("no-numbering.docx")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            blob = zin.read(info.filename)
            if info.filename == "word/numbering.xml":
                continue
            if info.filename == "word/_rels/document.xml.rels":
                blob = re.sub(rb"<Relationship [^>]*numbering[^>]*/>", b"", blob)
            if info.filename == "[Content_Types].xml":
                blob = re.sub(rb"<Override [^>]*numbering[^>]*/>", b"", blob)
            zout.writestr(info, blob)
    return out


def test_a_template_keeps_its_look_not_its_faults(repo: Repository, tmp_path: Path) -> None:
    """A template whose item heading has no outline level and which has no numbering
    part: the export still has levels and real lists, in the template's look."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    base = _template(tmp_path / "council.docx", font="Georgia", with_csp_body=False)
    doc = Document(str(base))
    heading = doc.styles.add_style("CSP Item Heading", WD_STYLE_TYPE.PARAGRAPH)
    heading.font.size = Pt(16)
    doc.save(str(base))
    template = _strip_numbering(base)
    with zipfile.ZipFile(template) as z:
        assert "word/numbering.xml" not in z.namelist()
    mid = small_meeting(repo)
    path = export_meeting(repo, mid, out=tmp_path / "out.docx", template=template).path
    out = Document(str(path))
    assert out.styles["CSP Item Heading"].font.size == Pt(16)
    levels = outline_levels(out)
    assert levels[out.styles["CSP Item Heading"].style_id] == 1
    shown = read_docx_text(path)
    assert "1.\tProgramme live music.\n2.\tAdd planting.\n" in shown
    with zipfile.ZipFile(path) as z:
        assert "word/numbering.xml" in z.namelist()
    assert out.core_properties.language == "en-GB"
    rpr = out.styles.element.find(qn("w:docDefaults"))
    assert rpr is not None


def test_the_action_plan_alone_is_accessible(repo: Repository, tmp_path: Path) -> None:
    """``csp actions export --docx``: its heading is the title (level 1), the header
    row repeats, the language is set, no spacer paragraphs, RAG in words."""
    from csp_tui.exporters.action_log import write_action_log_docx

    mid = small_meeting(repo)
    actions = [*repo.minutes.carried_actions(mid), *repo.minutes.actions(mid)]
    path = write_action_log_docx(actions, [], tmp_path / "plan.docx", full=False,
                                 restricted=set())
    doc = Document(str(path))
    levels = outline_levels(doc)
    headings = [(levels[style_of(p)], text_of(p)) for p in body_paragraphs(doc)
                if style_of(p) in levels]
    assert headings == [(0, "CSP BOARD ACTION PLAN")]
    assert [n for n, p in enumerate(body_paragraphs(doc)) if not text_of(p).strip()] == []
    assert doc.tables[0].rows[0]._tr.xpath("./w:trPr/w:tblHeader/@w:val") == ["true"]
    assert doc.core_properties.language == "en-GB"
    assert doc.core_properties.title == "CSP Board Action Plan"


@pytest.mark.parametrize("bullet", ['"', "&", "<'>"])
def test_a_bullet_xml_would_read_as_markup_is_written_as_text(bullet: str) -> None:
    """The bullet character goes into the numbering part's attribute escaped."""
    from csp_tui.exporters.docx_a11y import Lists

    doc = Document()
    Lists(doc, bullet)
    numbering = doc.part.numbering_part.element
    assert bullet in numbering.xpath(".//w:lvlText/@w:val")
