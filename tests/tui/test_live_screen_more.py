"""The rest of the live screen at 80x24: the full (confidential) export in the app."""

from __future__ import annotations

import stat
from pathlib import Path

import docx
from app_helpers import (  # noqa: F401 - utc_zone is an autouse fixture
    enter_line,
    make_app,
    small_meeting,
    toasts,
    utc_zone,
    wait_for_background,
)

from csp_tui.storage import Repository

SIZE = (80, 24)


def _text(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


async def test_f8_writes_the_full_export_csp_export_full_writes(repo: Repository, clock,
                                                                tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await enter_line(pilot, "/goto 2")
        await enter_line(pilot, "/restricted")
        await enter_line(pilot, "secretmarker about a named family")
        await pilot.press("f8")
        await wait_for_background(pilot)
        target = tmp_path / "Community-Safety-Partnership-2021-03-31-minutes-RESTRICTED.docx"
        assert target.exists()
        assert "secretmarker" in _text(target)
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        assert any(str(target) in t for t in toasts(app))
        # The public file was not written, and ctrl+e still withholds the item.
        public = tmp_path / "Community-Safety-Partnership-2021-03-31-minutes.docx"
        assert not public.exists()
        await pilot.press("ctrl+e")
        await wait_for_background(pilot)
        assert "secretmarker" not in _text(public)
