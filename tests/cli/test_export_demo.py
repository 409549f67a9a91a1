"""The demo meeting's export, as plain text, against checked-in expected text.

To accept a deliberate change of output: ``CSP_REGEN_EXPECTED=1 pytest
tests/test_export_demo.py`` rewrites ``tests/fixtures/expected/`` (review the diff).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from csp_tui.exporters.docx_writer import read_docx_text
from csp_tui.exporters.export import export_meeting
from csp_tui.storage.repository import Repository

EXPECTED = Path(__file__).parent.parent / "fixtures" / "expected"


@pytest.fixture
def demo(repo: Repository, monkeypatch) -> int:
    from csp_tui.services.demo import build_demo

    # The demo's dates follow the (frozen) clock in local time: pin the zone.
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    return build_demo(repo)


@pytest.mark.parametrize("full", [False, True], ids=["public", "full"])
def test_demo_export_matches_expected_text(repo: Repository, demo: int, tmp_path: Path,
                                           full: bool):
    path = export_meeting(repo, demo, out=tmp_path, full=full, action_log=True).path
    text = read_docx_text(path)
    expected = EXPECTED / f"demo-{'full' if full else 'public'}.txt"
    if os.environ.get("CSP_REGEN_EXPECTED"):
        expected.write_text(text, encoding="utf-8")
    assert text == expected.read_text(encoding="utf-8")


def test_demo_markdown_matches_expected(repo: Repository, demo: int, tmp_path: Path):
    text = export_meeting(repo, demo, out=tmp_path, fmt="md").path.read_text(encoding="utf-8")
    expected = EXPECTED / "demo-public.md"
    if os.environ.get("CSP_REGEN_EXPECTED"):
        expected.write_text(text, encoding="utf-8")
    assert text == expected.read_text(encoding="utf-8")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_demo_converts_to_pdf(repo: Repository, demo: int, tmp_path: Path):
    path = export_meeting(repo, demo, out=tmp_path, full=True, action_log=True).path
    profile = tmp_path / "lo-profile"
    done = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        capture_output=True, text=True, timeout=180)
    pdf = path.with_suffix(".pdf")
    assert done.returncode == 0, done.stderr
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "THE COMMUNITY SAFETY PARTNERSHIP" in text
        assert "CSP BOARD ACTION PLAN" in text
        assert text.count("RESTRICTED - DRAFT\n") >= 2  # the header on more than one page


def test_view_plain_text_is_what_word_shows(repo: Repository, demo: int, tmp_path: Path):
    from csp_tui.exporters.export import minutes_of

    _, minutes, _ = minutes_of(repo, demo, full=False)
    path = export_meeting(repo, demo, out=tmp_path).path
    # The public draft's page header says so; the paragraphs are the view's.
    assert read_docx_text(path) == f"[header] {minutes.header}\n" + minutes.plain_text()
