"""The meeting screen's item keys hand the capture language the typed command they
stand for: nothing builds a "/next" line to be parsed again. Checked by making the
line parser refuse everything while the keys run, then reading the database."""

from __future__ import annotations

import pytest
from app_helpers import (  # noqa: F401 - utc_zone is an autouse fixture
    capture_error,
    make_app,
    small_meeting,
    utc_zone,
)

from csp_tui.capture import grammar
from csp_tui.domain.models import ItemState
from csp_tui.storage.repository import Repository
from csp_tui.widgets.agenda import AgendaPane


def _current(repo: Repository, mid: int):
    return repo.meetings.item(repo.meetings.meeting(mid).current_item_id)


async def test_keys_carry_out_typed_commands_never_lines(
        repo: Repository, clock, monkeypatch: pytest.MonkeyPatch) -> None:
    mid = small_meeting(repo)
    lines: list[str] = []

    def no_line(line: str) -> grammar.ParsedLine:
        lines.append(line)
        raise grammar.CaptureError(f"a key sent the line {line!r}")

    monkeypatch.setattr(grammar, "parse", no_line)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        for key in ("pagedown", "pagedown", "pageup"):
            await pilot.press(key)
            await pilot.pause()
        assert _current(repo, mid).number == "1"
        # Gone back to a done item: not timed until ctrl+t takes it up again.
        assert not _current(repo, mid).running
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert _current(repo, mid).running
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert not _current(repo, mid).running
        first = _current(repo, mid)
        await pilot.press("ctrl+d")
        await pilot.pause()
        await pilot.press(*"presenter away", "enter")
        await pilot.pause()
        deferred = repo.meetings.item(first.id)
        # Not a sentence of the minutes: completed into house style, as /defer's is.
        assert (deferred.state, deferred.deferred_reason) == (
            ItemState.DEFERRED, "Item deferred as presenter away.")
        # The agenda pane's A: the owner, task and due are read as /a reads them.
        pane = app.screen.query_one(AgendaPane)
        pane.focus()
        pane.highlight_item(first.id)
        await pilot.press("A")
        await pilot.pause()
        await pilot.press(*"Jade Hodgson and Andy Opie to send the report by 30 April",
                          "enter")
        await pilot.pause()
        assert capture_error(app) == ""
    assert lines == []
    [action] = repo.minutes.actions(mid)
    assert (action.item_id, action.owner, action.task, action.due) == (
        first.id, "Jade Hodgson and Andy Opie", "send the report", "2021-04-30")
    assert len(action.owner_ids) == 2
