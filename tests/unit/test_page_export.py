"""The committee-system page (``csp export --format page``): the two 2019 reference
meetings built from capture scripts through the real capture handlers into a real
database, compared with the pages the council published; and the HTML's structure."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from docx import Document
from page_reference import (
    action_lines,
    build_reference_meeting,
    html_text,
    reference_text,
    similarity,
)

from csp_tui.exporters.docx_writer import read_docx_text
from csp_tui.exporters.export import export_meeting, minutes_of

STYLE = "council-page-2019"


def page(repo, day: str, folder: Path, *, full: bool):
    mid = build_reference_meeting(repo, day)
    # The board's style is council-page-2019 (the agenda file's "style:" line).
    return export_meeting(repo, mid, out=folder, fmt="page", full=full, name_check=False)


def _from_venue(text: str) -> str:
    """The text from its "Venue:" line on: the saved page of 25 September 2019 begins
    there (its heading, board and date lines were not saved)."""
    return text[text.index("Venue:"):]


# (day, full, whether the saved page starts at "Venue:"). 25 September 2019 published
# its restricted item's minutes, which csp publishes only in the full (RESTRICTED)
# version: that is the one compared; the public one is tested to withhold them.
REFERENCES = [("2019-09-25", True, True), ("2019-12-11", False, False)]


@pytest.mark.parametrize(("day", "full", "clipped"), REFERENCES)
def test_page_matches_the_published_page(repo, tmp_path, day, full, clipped):
    result = page(repo, day, tmp_path, full=full)
    ours = html_text(result.path.read_text(encoding="utf-8")).text
    theirs = reference_text(day)
    if clipped:
        ours = _from_venue(ours)
    # Every heading line of the published page (its items' titles, the header block)
    # is a line of ours, word for word.
    # Every header and title line of the published page is a line of ours, as is.
    ours_lines = ours.splitlines()
    for line in PAGE_TITLES[day]:
        assert line in ours_lines, line
        assert " ".join(line.split()) in " ".join(theirs.split()), line
    # Every ACTION line identical, but for the published page's slips (listed).
    published = [a.rstrip(" |") for a in action_lines(theirs)]
    printed = action_lines(ours)
    assert printed == [SLIPS.get(a, a) for a in published]
    ratio = similarity(ours, theirs)
    assert ratio >= 0.99, f"{day}: word similarity {ratio:.4f}"


#: The saved page's header and item title lines, as published.
PAGE_TITLES = {
    "2019-09-25": [
        "Venue: Conference Centre, Barking Learning Centre, Town Square, Barking",
        "Contact: Jade Hodgson, Community Safety Policy Officer",
        "Introductions and Apologies for Absence", "Declaration of Interests",
        "Minutes and Action Log", "Rescue and Response County Lines Presentation",
        "RESTRICTED: Domestic Violence Homicide Review (DVHR)", "Contextual Safeguarding",
        "Exploitation Strategy", "London Victim and Witness Service Presentation",
        "Family Law Accessibility Group (FLAG)", "Hate Crime Strategy",
        "CVS Safeguarding Training Package",
        "Developing Community Resilience at the Local-Level Report", "AOB",
        "Date of Next Meeting"],
    "2019-12-11": [
        "Agenda and minutes", "Community Safety Partnership",
        "Wednesday, 11 December 2019 10:00 am",
        "Venue: Conference Centre, Barking Learning Centre, Town Square, Barking",
        "Contact: Jade Hodgson, Community Safety Policy Officer",
        "Introductions and Apologies for Absence", "Declaration of Interests",
        "Minutes and Action Log", "Domestic Abuse Commission",
        "Refuge - Domestic and Sexual Violence Service",
        "Family Law Accessibility Group (FLAG)", "Domestic Abuse - Early Intervention",
        "LBBD Prevent Plan and Peer Assessment", "Domestic Violence Homicide Review Report",
        "Forward Plan", "Any Other Business", "Date of Next Meeting"],
}
#: Published ACTION lines that the page's style prints otherwise, and what it prints:
#: every action sentence ends with a full stop (the pages end most with one); the
#: saved page of 25 September cut one short ("... view the full minutes text for item
#: 4"; the script types what it shows); a due day is written without its weekday
#: (dates.due: "by Wednesday 18 December 2019" is the one published with one).
SLIPS = {
    "ACTION: Lucy Satchell-Day to link in": "ACTION: Lucy Satchell-Day to link in.",
    "ACTION: Jade Hodgson and Fiona Taylor to review CSP action log":
    "ACTION: Jade Hodgson and Fiona Taylor to review CSP action log.",
    "ACTION: Defer FLAG presentation to March CSP Board":
    "ACTION: Defer FLAG presentation to March CSP Board.",
    "ACTION: The collective to provide an update on the structure and remit of the "
    "service to a latter CSP Board": "ACTION: The collective to provide an update on the "
    "structure and remit of the service to a latter CSP Board.",
    "ACTION: Members to feedback any comments on the DVHR by Wednesday 18 December 2019.":
    "ACTION: Members to feedback any comments on the DVHR by 18 December 2019.",
}


def test_public_page_withholds_the_restricted_item(repo, tmp_path):
    result = page(repo, "2019-09-25", tmp_path, full=False)
    text = html_text(result.path.read_text(encoding="utf-8")).text
    assert "RESTRICTED: Domestic Violence Homicide Review (DVHR)" in text
    # Under it, exactly what the public minutes (the one model) print for it.
    _, minutes, _ = minutes_of(repo, 1, full=False)
    item5 = [p.text for p in minutes.paras if p.item_id == repo.meetings.items(1)[4].id]
    assert len(item5) == 2 and item5[1] in text
    for secret in ("Sonia Drozd", "perpetrator", "KP"):
        assert secret not in text
        assert secret not in read_docx_text(result.also[0])
    assert "RESTRICTED" not in result.path.name


def test_full_page_is_private(repo, tmp_path):
    result = page(repo, "2019-09-25", tmp_path, full=True)
    assert result.path.name.endswith("-RESTRICTED-page.html")
    for path in (result.path, *result.also):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert "Sonia Drozd" in result.path.read_text(encoding="utf-8")


def test_html_structure(repo, tmp_path):
    result = page(repo, "2019-12-11", tmp_path, full=False)
    html = result.path.read_text(encoding="utf-8")
    parsed = html_text(html)
    tags = [t for t, _ in parsed.tags]
    assert dict(parsed.tags)["html"]["lang"] == "en-GB"
    assert tags.count("title") == 1
    assert "Community Safety Partnership" in html.split("<title>")[1].split("</title>")[0]
    headings = [t for t in tags if t in ("h1", "h2", "h3", "h4")]
    assert headings[:2] == ["h1", "h2"] and tags.count("h1") == 1
    # Never a level skipped: each heading at most one deeper than the one before.
    for before, after in zip(headings, headings[1:], strict=False):
        assert int(after[1]) <= int(before[1]) + 1
    # A table per item (12), each with a header row of th cells, and "Minutes:" in each.
    assert tags.count("table") == 12
    assert tags.count("th") == 3 * 12 and tags.count("thead") == 12
    assert all(a.get("scope") == "col" for t, a in parsed.tags if t == "th")
    assert tags.count("h3") == 12
    assert "script" not in tags and "style" not in tags
    assert not any(k.lower().startswith("on") for _, a in parsed.tags for k in a)
    assert "2 mins" in parsed.text and "Minutes:" in parsed.text


def test_every_text_is_escaped(repo, tmp_path):
    mid = build_reference_meeting(repo, "2019-12-11")
    from csp_tui.capture.handlers import run

    run(repo, mid, "/goto 11")
    run(repo, mid, '<script>alert("x")</script> & <b onclick="y">bold</b>')
    result = export_meeting(repo, mid, out=tmp_path, fmt="page", name_check=False)
    html = result.path.read_text(encoding="utf-8")
    assert "<script" not in html and "<b " not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp;" in html
    assert 'alert("x")' in html_text(html).text


def test_docx_has_the_same_layout(repo, tmp_path):
    result = page(repo, "2019-12-11", tmp_path, full=False)
    docx_path = result.also[0]
    assert docx_path.suffix == ".docx" and docx_path.stem == result.path.stem
    doc = Document(str(docx_path))
    assert len(doc.tables) == 12
    for table in doc.tables:
        tr_pr = table.rows[0]._tr.trPr
        assert tr_pr is not None and tr_pr.xpath("./w:tblHeader")
    assert [c.text for c in doc.tables[0].rows[0].cells] == [
        "2 mins", "1.", "Introductions and Apologies for Absence"]
    levels = {p.style.name: p.style.element.pPr.outlineLvl.val
              for p in doc.paragraphs if p.style.name in ("CSP Title", "CSP Item Heading")}
    assert levels == {"CSP Title": 0, "CSP Item Heading": 1}
    lang = doc.styles.element.xpath("./w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val")
    assert lang == ["en-GB"]
    # The text in reading order, a merged cell once (python-docx lists it per column).
    parts = [p.text for p in doc.paragraphs[:5]]
    for table in doc.tables:
        for row in table.rows:
            seen = []
            for cell in row.cells:
                if cell._tc not in seen:
                    seen.append(cell._tc)
                    parts += [p.text for p in cell.paragraphs]
    text = "\n".join(parts)
    ratio = similarity(text, reference_text("2019-12-11"))
    assert ratio >= 0.99, ratio
