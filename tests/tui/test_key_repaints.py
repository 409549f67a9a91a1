"""A key typed changes the capture area alone: the screen is not laid out again (which
would repaint every pane with a scroll bar, a cost that grew with the item shown)."""

from __future__ import annotations

from app_helpers import (  # noqa: F401 - utc_zone is an autouse fixture
    capture,
    enter_line,
    make_app,
    small_meeting,
    utc_zone,
)
from textual.screen import Screen

from csp_tui.widgets.capture import CaptureMessage


async def test_a_key_lays_nothing_out(repo, clock, monkeypatch):
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    layouts: list[str] = []
    real = Screen._refresh_layout

    def counted(self, *args, **kwargs):
        layouts.append(type(self).__name__)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Screen, "_refresh_layout", counted)
    async with app.run_test(size=(80, 24)) as pilot:
        await enter_line(pilot, "/next")
        await pilot.pause()
        layouts.clear()
        for key in "The chair":
            await pilot.press(key if key != " " else "space")
        await pilot.pause()
        assert capture(app).value == "The chair"
        assert layouts == []
        # A mistake still shows above the area, and goes with the next key.
        await enter_line(pilot, "/nosuchcommand")
        message = app.screen.query_one(CaptureMessage)
        assert message.display
        await pilot.press("x")
        await pilot.pause()
        # The error goes with the key; the line it refused is said to be kept aside.
        assert str(message.render()).startswith("Kept aside: /nosuchcommand")
