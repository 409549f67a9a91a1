"""Every exporter's .docx is accessible (issue 23), not only the minutes': the action
plan alone (``csp actions export --docx``) and the diff with tracked changes
(``csp minutes diff --docx``), each written by the real exporter for the small
meeting, the demo board and a 200-item board, and read back from the file: title,
subject and language in the properties, headings at outline levels in order, real
Word lists restarting for each run, header rows, no spacer paragraphs, no image
without alt text, the status in words, and the publication check finds nothing."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from docx import Document

from csp_tui.exporters.a11y_check import document_warnings
from csp_tui.exporters.action_log import RAG_FILL, write_action_log_docx
from csp_tui.exporters.diff import paragraph_diff, write_tracked_docx
from csp_tui.exporters.document import Kind, restricted_actions
from csp_tui.exporters.export import export_meeting, minutes_of
from csp_tui.storage.repository import Repository
from tests.unit.test_export_a11y import (
    W,
    body_paragraphs,
    num_id,
    outline_levels,
    style_of,
)

STATUS_WORDS = {"Red", "Amber", "Green", "Completed", "Dropped", "Open", ""}


@pytest.fixture(params=[False, True], ids=["public", "full"])
def action_plan(request, repo: Repository, board: int, tmp_path: Path) -> Path:
    """The action plan alone, as ``csp actions export --docx`` writes it."""
    record = repo.record(board)
    actions = [*record.carried_actions, *record.actions]
    return write_action_log_docx(actions, record.people, tmp_path / "plan.docx",
                                 full=request.param,
                                 restricted=restricted_actions(repo, record))


def _edited(paras):
    """The minutes after the chair's edits: every fifth paragraph reworded, every
    seventh dropped, and a numbered point added after the first numbered one."""
    from dataclasses import replace

    out = []
    for n, p in enumerate(paras):
        if n and n % 7 == 0:
            continue
        out.append(replace(p, text=p.text + " (amended)") if n and n % 5 == 0 else p)
    first = next((i for i, p in enumerate(out) if p.kind is Kind.NUMBERED), None)
    if first is not None:
        out.insert(first + 1, replace(out[first], text="A point the chair added."))
    # Numbered as the exporter numbers them: each run from 1.
    count = 0
    for i, p in enumerate(out):
        count = count + 1 if p.kind is Kind.NUMBERED else 0
        if count:
            out[i] = replace(p, marker=f"{count}.")
    return out


@pytest.fixture(params=[False, True], ids=["public", "full"])
def diff_docx(request, repo: Repository, board: int, tmp_path: Path) -> Path:
    """The diff with tracked changes between the minutes and the chair's edits."""
    minutes = minutes_of(repo, board, full=request.param)[1]
    changes = paragraph_diff(minutes.paras, _edited(minutes.paras))
    assert any(c.op != "=" for c in changes)
    return write_tracked_docx(changes, tmp_path / "changes.docx", author="Jade Hodgson",
                              when=dt.datetime(2021, 4, 5, 9, tzinfo=dt.UTC),
                              title=minutes.title, full=request.param)


def shown_text(p) -> str:
    """A w:p's text, deleted text included (a tracked deletion is still a paragraph)."""
    return "".join(t.text or "" for t in p.iter(f"{W}t", f"{W}delText"))


def assert_accessible(path: Path, *, title: str, subject: str, first_heading: str) -> None:
    """What every exporter's .docx must be: see the module's docstring."""
    doc = Document(str(path))
    cp = doc.core_properties
    assert (cp.title, cp.subject, cp.language) == (title, subject, "en-GB")
    assert doc.styles.element.xpath("./w:docDefaults//w:lang/@w:val") == ["en-GB"]
    levels = {k: v for k, v in outline_levels(doc).items() if v < 9}
    paras = body_paragraphs(doc)
    headings = [(levels[style_of(p)], shown_text(p)) for p in paras if style_of(p) in levels]
    assert headings[0] == (0, first_heading)
    assert [lvl for lvl, _ in headings].count(0) == 1
    for (before, _), (lvl, text) in zip(headings, headings[1:], strict=False):
        assert lvl <= before + 1, f"heading level skipped at {text!r}"
    assert [n for n, p in enumerate(paras) if not shown_text(p).strip()] == []
    for p in paras:
        assert not re.match(r"(•|\d+\.)\t", shown_text(p)), "a typed list marker"
    for table in doc.tables:
        assert table.rows[0]._tr.xpath("./w:trPr/w:tblHeader/@w:val") == ["true"]
    parts = [doc.element.body, *(s.header._element for s in doc.sections),
             *(s.footer._element for s in doc.sections)]
    assert all(pr.get("descr") for part in parts for pr in part.xpath(".//wp:docPr"))
    assert document_warnings(doc) == []


def test_the_action_plan_alone(action_plan: Path) -> None:
    doc = Document(str(action_plan))
    subject = doc.core_properties.subject
    assert subject in ("CSP Board Action Plan", "CSP Board Action Plan (RESTRICTED)")
    assert_accessible(action_plan, title="CSP Board Action Plan", subject=subject,
                      first_heading="CSP BOARD ACTION PLAN")
    table = doc.tables[0]
    for row in table.rows[1:]:
        status = row.cells[6]
        assert status.text in STATUS_WORDS, status.text
        fill = status._tc.xpath("./w:tcPr/w:shd/@w:fill")
        # Shaded only where the words say the colour: never colour alone.
        fills = {"Red": RAG_FILL["R"], "Amber": RAG_FILL["A"], "Green": RAG_FILL["G"]}
        assert fill == ([fills[status.text]] if status.text in fills else [])


def test_the_demo_action_plan_says_red_and_amber(repo: Repository, tmp_path: Path) -> None:
    from csp_tui.services.demo import build_demo

    mid = build_demo(repo)
    path = export_meeting(repo, mid, out=tmp_path, action_log=True).path
    statuses = [r.cells[6].text for r in Document(str(path)).tables[-1].rows[1:]]
    assert {"Red", "Amber"} <= set(statuses) <= STATUS_WORDS


def test_the_diff_with_tracked_changes(diff_docx: Path) -> None:
    doc = Document(str(diff_docx))
    subject = doc.core_properties.subject
    assert subject in ("Changes to the minutes", "Changes to the minutes (RESTRICTED)")
    assert_accessible(diff_docx, title=doc.core_properties.title, subject=subject,
                      first_heading="THE COMMUNITY SAFETY PARTNERSHIP")
    assert doc.core_properties.title.endswith("minutes, Wednesday, 31 March 2021")
    body = doc.element.body
    assert body.findall(f".//{W}ins") and body.findall(f".//{W}del")
    # Real lists: each list paragraph has its numbering, each run of numbered points
    # is its own list starting where its first marker says (1).
    by_name = {s.name: s.style_id for s in doc.styles}
    listed = [p for p in body_paragraphs(doc)
              if style_of(p) in (by_name["CSP Bullet"], by_name["CSP Numbered"])]
    assert listed and all(num_id(p) for p in listed)
    numbering = doc.part.numbering_part.element
    numbered = {num_id(p) for p in listed if style_of(p) == by_name["CSP Numbered"]}
    for nid in numbered:
        start = numbering.xpath(
            f"./w:num[@w:numId='{nid}']/w:lvlOverride/w:startOverride/@w:val")
        assert start == ["1"]
    # Each run of numbered points is a list of its own: restarted, not one count
    # running through the document.
    runs, previous = 0, ""
    for p in body_paragraphs(doc):
        nid = num_id(p)
        runs += bool(nid in numbered and nid != previous)
        previous = nid
    assert runs == len(numbered) >= 1
