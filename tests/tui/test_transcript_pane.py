"""The transcript beside the minutes, in the real app: F6 shows the current item's cues,
search narrows them, Enter copies a cue into the capture line (never into the minutes),
p marks a speaker present, F7 imports (asking before it replaces); named snapshots of
the pane at 120x40 and 80x24."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from app_helpers import (  # noqa: F401 - utc_zone is an autouse fixture
    capture,
    make_app,
    toasts,
    utc_zone,
    wait_for_background,
)
from textual.widgets import Input
from transcript_meeting import VTT, fixture_meeting

from csp_tui.domain.attendance import is_here
from csp_tui.screens.confirm import ConfirmScreen
from csp_tui.screens.import_transcript import ImportTranscriptScreen
from csp_tui.services.transcript import import_transcript
from csp_tui.storage.repository import Repository
from csp_tui.widgets.agenda import AgendaPane
from csp_tui.widgets.transcript import TranscriptCues, TranscriptPane
from tests.conftest import FIXTURES


def with_transcript(repo: Repository, title: str = "Street Space Pilot") -> int:
    """The fixture meeting, its transcript imported, ``title`` the current item."""
    mid = fixture_meeting(repo)
    import_transcript(repo, mid, FIXTURES / VTT, started="09:58:30")
    item = next(i for i in repo.meetings.items(mid) if i.title == title)
    repo.restore_current_item(mid, item.id)
    return mid


def shown(app) -> list[str]:
    cues = app.screen.query_one(TranscriptCues)
    return [str(cues.get_option_at_index(n).prompt) for n in range(cues.option_count)]


async def test_f6_shows_the_items_cues_beside_its_minutes(repo: Repository, clock) -> None:
    mid = with_transcript(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        assert not app.screen.query(TranscriptPane)  # built when first wanted
        await pilot.press("f6")
        await pilot.pause()
        pane = app.screen.query_one(TranscriptPane)
        assert pane.display and not app.screen.query_one(AgendaPane).display
        assert pane.border_title == "Transcript · item 4 · 4 cues"
        assert shown(app)[0].startswith("10:11:55 Sophie Hardcastle: Thanks for having us.")
        assert len(shown(app)) == 4  # the two said while paused are between items
        # The pane never covers the capture line, even at 80x24.
        line = capture(app)
        assert line.region.height > 0 and pane.region.bottom <= line.region.y
        # Search within the item: every word, case aside.
        await pilot.press("slash", *"SOUND weeks")
        await pilot.pause()
        assert [s[:40] for s in shown(app)] == ["10:12:24 Phillippa Bannister: The sound "]
        # Enter takes the cue into the capture line to edit; nothing is minuted.
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert line.value.startswith("The sound installation ran for two weeks")
        assert app.focused is line
        assert repo.minutes.entries(repo.meetings.meeting(mid).current_item_id) == []
        # The talk time of the item, as bars.
        talk = str(app.screen.query_one("#transcript-talk").render())
        assert "Talk time 00:38" in talk and "Sophie Hardcastle" in talk and "█" in talk
        await pilot.press("f6")
        await pilot.pause()
        assert not pane.display and app.screen.query_one(AgendaPane).display


async def test_a_speaker_not_marked_present_is_offered_and_p_accepts(
        repo: Repository, clock) -> None:
    mid = with_transcript(repo, "Prevent Update")
    mark = next(
        p for p in repo.people.people(repo.meetings.meeting(mid).board_id) if p.name == "Mark Long")
    app = make_app(repo, mid, clock)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        absent = str(app.screen.query_one("#transcript-absent").render())
        assert absent == "Spoke but not marked present: Mark Long (p marks present)"
        # The note taker sees the restricted item's words, as its minutes, in the app.
        assert any("two live investigations" in s for s in shown(app))
        await pilot.press("p")
        await pilot.pause()
        assert any(is_here(a) for a in repo.people.attendance(mid) if a.person_id == mark.id)
        assert not app.screen.query_one("#transcript-absent").display
        assert "Marked 1 person present (ctrl+z undoes)." in toasts(app)


async def test_f7_imports_in_a_worker_and_asks_before_replacing(
        repo: Repository, clock, tmp_path: Path) -> None:
    mid = fixture_meeting(repo)
    repo.restore_current_item(mid, repo.meetings.items(mid)[0].id)
    path = shutil.copy(FIXTURES / VTT, tmp_path / "t.vtt")
    app = make_app(repo, mid, clock)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("f7")
        await pilot.pause()
        assert isinstance(app.screen, ImportTranscriptScreen)
        app.screen.query_one("#path", Input).value = str(tmp_path / "missing.vtt")
        await pilot.press("enter")
        await wait_for_background(pilot)
        assert "missing.vtt: no such transcript" in str(app.screen.query_one("#error").render())
        app.screen.query_one("#path", Input).value = str(path)
        app.screen.query_one("#started", Input).value = "09:58:30"
        await pilot.press("enter")
        await wait_for_background(pilot)
        assert repo.transcripts.transcript(mid).cues == 40
        assert any(t.startswith("Imported 40 cues (recording from 09:58:30") for t in
                   toasts(app))
        assert app.screen.query_one(TranscriptPane).display
        # Again: the meeting has one, so the app asks; no leaves it as it was.
        for answer, started in (("n", "09:00:00"), ("y", "09:59:30")):
            await pilot.press("f7")
            await pilot.pause()
            app.screen.query_one("#path", Input).value = str(path)
            app.screen.query_one("#started", Input).value = started
            await pilot.press("enter")
            await wait_for_background(pilot)
            assert isinstance(app.screen, ConfirmScreen)
            await pilot.press(answer)
            await wait_for_background(pilot)
            if answer == "n":
                await pilot.press("escape")
                await pilot.pause()
        stored = repo.transcripts.transcript(mid)
        assert f"{stored.recording_start:%H:%M:%S}" == "09:59:30"


async def _open_pane(pilot) -> None:
    await pilot.pause()
    await pilot.press("f6")
    await pilot.pause()
    await pilot.pause()


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_transcript_pane_snapshot(snap_compare, repo: Repository, clock, size) -> None:
    mid = with_transcript(repo)
    assert snap_compare(make_app(repo, mid, clock), terminal_size=size,
                        run_before=_open_pane)


async def test_the_palette_and_help_offer_the_transcript(repo: Repository, clock) -> None:
    from csp_tui.screens.help import HelpScreen

    mid = with_transcript(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"transcript")
        await wait_for_background(pilot)  # the palette searches in a worker
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one(TranscriptPane).display
        assert len(shown(app)) == 4


async def test_approving_the_minutes_offers_to_purge_their_transcript(
        repo: Repository, clock) -> None:
    import datetime as dt

    from app_helpers import enter_line

    from csp_tui.domain.models import Meeting, MeetingState

    first = with_transcript(repo)
    repo.versions.move_minutes(first, MeetingState.CLOSED)
    board = repo.meetings.meeting(first).board_name
    nxt = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 6, 30), board_name=board))
    repo.meetings.set_current(nxt.id, repo.meetings.items(nxt.id)[2].id)
    app = make_app(repo, nxt.id, clock)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await enter_line(pilot, "/approve-minutes")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await wait_for_background(pilot)
        assert repo.transcripts.transcript(first) is None
        assert "Transcript of 31 March 2021 deleted for good." in toasts(app)
