"""The publication check's accessibility rules on Word documents and templates
(issue 23): each fault is one warning naming where, and a fault seeded into a
template gives exactly its warning. Templates are built here with python-docx."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from csp_tui.cli.main import main
from csp_tui.exporters.a11y_check import PREFIX, document_warnings, template_warnings
from csp_tui.exporters.export import export_meeting
from csp_tui.storage.repository import Repository
from tests.unit.test_export_a11y import body_paragraphs, outline_levels, style_of
from tests.unit.test_export_docx import small_meeting


def png(path: Path) -> Path:
    """A 2x2 grey PNG (a council logo stands in for it)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\x80\x80\x80" * 2 for _ in range(2))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2,
                                                                       0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return path


def seeded_template(folder: Path, *, in_header: bool = False, fixed: bool = False) -> Path:
    """A council template with a list typed by hand ("•" and a tab), an inline image
    without alt text and a table without a header row, in its body or its header;
    ``fixed``: the same with a real list, alt text and a header row."""
    doc = Document()
    doc.styles["Normal"].font.name = "Georgia"
    story = doc.sections[0].header if in_header else doc
    if fixed:
        story.add_paragraph("Our priorities", style="List Bullet")
    else:
        story.add_paragraph("\u2022\tOur priorities")
    run = (story.paragraphs[0] if in_header else story.add_paragraph()).add_run()
    run.add_picture(str(png(folder / "logo.png")), width=Cm(2))
    if fixed:
        doc_pr = run._r.xpath(".//wp:docPr")[0]
        doc_pr.set("descr", "Barking and Dagenham Council logo")
    table = (story.add_table(rows=2, cols=2, width=Cm(10)) if in_header
             else story.add_table(rows=2, cols=2))
    for cell, text in zip(table.rows[0].cells, ("Service", "Contact"), strict=True):
        cell.text = text
    if fixed:
        tr_pr = table.rows[0]._tr.get_or_add_trPr()
        header = tr_pr.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"})
        tr_pr.append(header)
    path = folder / ("fixed.docx" if fixed else "seeded.docx")
    doc.save(str(path))
    return path


def a11y(warnings: list[str]) -> list[str]:
    return [w for w in warnings if w.startswith(PREFIX)]


@pytest.mark.parametrize("in_header", [False, True], ids=["body", "header"])
def test_a_seeded_template_gives_exactly_its_three_warnings(
        repo: Repository, db_path: Path, tmp_path: Path, capsys, monkeypatch,
        in_header: bool) -> None:
    """``csp export --check --template``: the typed list, the image without alt text
    and the table without a header row, each named where, and nothing else is added
    to what the check says without the template."""
    monkeypatch.chdir(tmp_path)
    mid = small_meeting(repo)
    template = seeded_template(tmp_path, in_header=in_header)
    base = ["--db", str(db_path), "export", str(mid), "--check"]
    main(base)
    plain = capsys.readouterr().out.splitlines()
    assert main([*base, "--template", str(template)]) == 1
    lines = capsys.readouterr().out.splitlines()
    added = [line for line in lines if line not in plain]
    where = f"the template {template}, {'header of section 1' if in_header else 'body'}"
    assert len(added) == 3, added
    # A new header holds an empty paragraph before the one added.
    assert added[0].startswith(f"warning: {PREFIX}a list typed by hand in {where}, "
                               f'paragraph {2 if in_header else 1}: "• Our priorities"')
    assert added[1].startswith(f"warning: {PREFIX}an image without alt text in {where}: ")
    assert added[2].startswith(f"warning: {PREFIX}a table without a header row in {where}, "
                               'table 1 (first row "Service | Contact")')
    # Nothing is written by --check.
    assert [p.name for p in tmp_path.glob("*.docx")] == ["seeded.docx"]


@pytest.mark.parametrize("in_header", [False, True], ids=["body", "header"])
def test_the_same_template_mended_gives_none(tmp_path: Path, in_header: bool) -> None:
    """Each rule is silenced by its own mend: a Word list, alt text, a header row."""
    assert template_warnings(seeded_template(tmp_path, in_header=in_header,
                                             fixed=True)) == []


def test_an_image_in_the_template_header_keeps_its_alt_text(repo: Repository,
                                                            tmp_path: Path) -> None:
    """The template's logo (with alt text) is on every page of the minutes, with its
    alt text; the export adds no warning."""
    mid = small_meeting(repo)
    template = seeded_template(tmp_path, in_header=True, fixed=True)
    result = export_meeting(repo, mid, out=tmp_path / "out.docx", template=template)
    assert a11y(result.warnings) == []
    header = Document(str(result.path)).sections[0].header._element
    assert header.xpath(".//wp:docPr/@descr") == ["Barking and Dagenham Council logo"]


def test_a_faulty_template_keeps_its_look_not_its_faults(repo: Repository,
                                                         tmp_path: Path) -> None:
    """A template whose CSP Body is built on Heading 1 (every paragraph would be a
    heading) and whose Normal says en-US: the minutes keep its fonts, but only
    headings are headings and the language is the one asked for."""
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Georgia"
    rpr = normal.element.get_or_add_rPr()
    rpr.append(rpr.makeelement(qn("w:lang"), {qn("w:val"): "en-US"}))
    body = doc.styles.add_style("CSP Body", WD_STYLE_TYPE.PARAGRAPH)
    body.base_style = doc.styles["Heading 1"]
    body.font.size = Pt(12)
    template = tmp_path / "faulty.docx"
    doc.save(str(template))
    mid = small_meeting(repo)
    result = export_meeting(repo, mid, out=tmp_path / "out.docx", template=template,
                            action_log=True, language="en-GB")
    assert a11y(result.warnings) == []
    out = Document(str(result.path))
    assert out.styles["Normal"].font.name == "Georgia"
    assert out.styles["CSP Body"].font.size == Pt(12)
    levels = {k: v for k, v in outline_levels(out).items() if v < 9}
    by_id = {s.style_id: s.name for s in out.styles}
    headed = {by_id[style_of(p)] for p in body_paragraphs(out) if style_of(p) in levels}
    assert headed == {"CSP Title", "CSP Item Heading", "CSP Sub-item Heading"}
    assert out.styles.element.xpath("./w:style/w:rPr/w:lang") == []
    assert out.styles.element.xpath("./w:docDefaults//w:lang/@w:val") == ["en-GB"]


def test_the_language_is_the_one_passed(repo: Repository, tmp_path: Path) -> None:
    """One parameter from the caller sets the properties and the default run language
    (the house style will pass the board's)."""
    mid = small_meeting(repo)
    path = export_meeting(repo, mid, out=tmp_path / "cy.docx", language="cy-GB").path
    doc = Document(str(path))
    assert doc.core_properties.language == "cy-GB"
    assert doc.styles.element.xpath("./w:docDefaults//w:lang/@w:val") == ["cy-GB"]


def test_document_rules_name_where(tmp_path: Path) -> None:
    """No title, no language, a level 3 heading after level 1, a table without a
    header row in the footer: one warning each."""
    doc = Document()
    doc.core_properties.title = ""
    doc.add_paragraph("Minutes", style="Heading 1")
    doc.add_paragraph("Too deep", style="Heading 3")
    doc.add_paragraph("Fine again", style="Heading 2")
    table = doc.sections[0].footer.add_table(rows=1, cols=2, width=Cm(10))
    table.cell(0, 0).text, table.cell(0, 1).text = "Page", "Date"
    warnings = document_warnings(doc, "the file")
    assert warnings == [
        f"{PREFIX}the file has no title in its document properties",
        f"{PREFIX}the file has no language in its document properties and default text "
        "style",
        f"{PREFIX}heading order in the file: a level 3 heading after a level 1 heading, "
        'paragraph 2: "Too deep"',
        f"{PREFIX}a table without a header row in the file, footer of section 1, table 1 "
        '(first row "Page | Date"): in Word, Table Properties, Row, "Repeat as header row"',
    ]


def test_typed_list_markers_and_what_is_not_one() -> None:
    from csp_tui.exporters.a11y_check import TYPED_LIST

    for typed in ("\u2022\tx", "\u2022 x", "- x", "* x", "1.\tx", "(iv)\tx", "a)\tx"):
        assert TYPED_LIST.match(typed), typed
    for text in ("4. STREET SPACE PILOT", "ACTION: Jade to x.", "-5 degrees", "1.5 m",
                 "2021 was a year."):
        assert not TYPED_LIST.match(text), text


def test_an_image_marked_decorative_needs_no_alt_text(tmp_path: Path) -> None:
    """Word's "Mark as decorative" (an extension of the image's docPr) counts."""
    from lxml import etree

    path = seeded_template(tmp_path)
    doc = Document(str(path))
    doc_pr = doc.element.body.xpath(".//wp:docPr")[0]
    doc_pr.append(etree.fromstring(
        '<a:extLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        '<a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}"><adec:decorative '
        'xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative" '
        'val="1"/></a:ext></a:extLst>'))
    doc.save(str(path))
    warnings = template_warnings(path)
    assert len(warnings) == 2 and not any("without alt text" in w for w in warnings)
