"""What the app loads before its first frame: only what that frame shows. The transcript
(its pane and its model), the meeting list, dialogs, exporters, the capture language,
the keymap and python-docx load when first used, at their seams
(the start-up benchmark, bench/bench_startup.py, measures what this keeps cheap)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from app_helpers import small_meeting

from csp_tui.domain.models import Action
from csp_tui.storage.repository import Repository

#: Modules the first frame of the meeting screen must not load.
LATER = ("csp_tui.widgets.transcript", "csp_tui.services.transcript", "csp_tui.exporters",
         "csp_tui.capture", "csp_tui.screens.help", "csp_tui.screens.prompt",
         "csp_tui.screens.dialog", "csp_tui.screens.meetings", "csp_tui.domain.transcript",
         "csp_tui.keymap", "csp_tui.palette", "docx", "sqlite_utils")
#: ...but for the live meeting (its draft and errors), which the screen sits on: the
#: capture language under it loads with the first line carried out.
FIRST = ("csp_tui.capture", "csp_tui.capture.live", "csp_tui.capture.draft",
         "csp_tui.capture.errors")

_PROBE = textwrap.dedent("""
    import asyncio, sys
    from csp_tui.app import CspApp
    from csp_tui.domain import models
    from csp_tui.storage.repository import Repository

    async def first_frame(path, later, first):
        with Repository.open(path) as repo:
            app = CspApp(repo)
            async with app.run_test(size=(80, 24)) as pilot:
                await pilot.pause()
                loaded = sorted(m for m in sys.modules
                                if m.startswith(later) and m not in first)
                print(type(app.screen).__name__, loaded)
                # Rows are shown as read, not validated: no pydantic validator is built
                # (the first costs 18 ms, Person's once did on an action's line).
                print(sorted(name for name in dir(models) if getattr(
                    getattr(models, name), "__pydantic_complete__", False)))
                await pilot.press("f6")  # the transcript pane, when first wanted
                await pilot.pause()
                print(app.screen.transcript_shown, "csp_tui.widgets.transcript" in sys.modules)

    split = sys.argv.index("--")
    asyncio.run(first_frame(sys.argv[1], tuple(sys.argv[2:split]), sys.argv[split + 1:]))
""")


def test_first_frame_loads_nothing_it_does_not_show(tmp_path: Path) -> None:
    path = tmp_path / "minutes.db"
    with Repository.open(path) as repo:
        # A draft to restore: completion still waits for the first key typed.
        meeting_id = small_meeting(repo)
        repo.meetings.save_draft(meeting_id, "The chair welcomed")
        # The meeting opens on an item whose action names a roster person.
        item = repo.meetings.items(meeting_id)[3]
        assert item.id is not None
        repo.meetings.set_current(meeting_id, item.id)
        jade = repo.people.people(repo.meetings.meeting(meeting_id).board_id or 0)[0]
        repo.minutes.add_action(Action(meeting_id=meeting_id, item_id=item.id, owner=jade.name,
                                       owner_ids=[jade.id or 0], task="circulate the figures"))
    done = subprocess.run([sys.executable, "-c", _PROBE, str(path), *LATER, "--", *FIRST],
                          capture_output=True, text=True, timeout=120, check=True)
    first, validators, after_f6 = done.stdout.splitlines()[-3:]
    assert first == "MeetingScreen []"
    assert validators == "[]"
    assert after_f6 == "True True"
