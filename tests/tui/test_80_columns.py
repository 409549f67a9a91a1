"""Nothing cut at 80 columns: a dialog's key hints wrap inside its box."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from app_helpers import make_app, screen_lines, utc_zone  # noqa: F401 - autouse fixture

from csp_tui.domain.models import AgendaItem, Entry, Meeting
from csp_tui.screens.name_check import NameCheckScreen
from csp_tui.services.roster import import_roster

FIXTURES = Path(__file__).parent.parent / "fixtures"
HINT = "c correct every place to the roster spelling · a accept as written · Esc close"


async def test_the_name_check_dialog_shows_its_keys_whole_at_80_columns(repo, clock):
    import_roster(repo, FIXTURES / "roster.csv")
    meeting = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 3, 31)),
                                           [(AgendaItem(title="Street Space Pilot"), [])])
    item = repo.meetings.items(meeting.id)[0]
    repo.minutes.add_entry(Entry(item_id=item.id, text="Brian Parrot will report back."))
    app = make_app(repo, meeting.id, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, NameCheckScreen)
        box = app.screen.query_one(".dialog").region
        rows = [row[box.x:box.right].strip(" ▌▐█▀▄") .strip()
                for row in screen_lines(app)[box.y:box.bottom]]
        # Every word of the hint, in order, on the rows inside the box.
        shown = " ".join(" ".join(rows).split())
        assert HINT in shown, rows
