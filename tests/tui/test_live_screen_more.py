"""The rest of the live screen at 80x24: the full (confidential) export in the app, an
ACTION on a deferred item, the Date of Next Meeting block in the item pane,
undo in the agenda pane, F4's date warning and place, owners."""

from __future__ import annotations

import stat
from pathlib import Path

import docx
from app_helpers import (  # noqa: F401 - utc_zone is an autouse fixture
    capture,
    enter_line,
    make_app,
    said,
    small_meeting,
    toasts,
    utc_zone,
    wait_for_background,
)
from textual.widgets import Input

from csp_tui.domain.models import ItemState, Person
from csp_tui.exporters.export import export_meeting
from csp_tui.storage.repository import Repository
from csp_tui.widgets.agenda import AgendaPane
from csp_tui.widgets.minutes import MinutesPane

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
        # The bar keeps the end of the name, which says what was written.
        assert any("-2021-03-31-minutes-RESTRICTED.docx" in t for t in toasts(app))
        assert any(str(target) in t for t in said(app))
        # The public file was not written, and ctrl+e still withholds the item.
        public = tmp_path / "Community-Safety-Partnership-2021-03-31-minutes.docx"
        assert not public.exists()
        await pilot.press("ctrl+e")
        await wait_for_background(pilot)
        assert "secretmarker" not in _text(public)


async def test_an_action_on_a_deferred_item_leaves_it_deferred(repo: Repository, clock):
    mid = small_meeting(repo)
    deferred, following = repo.meetings.items(mid)[1], repo.meetings.items(mid)[2]
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await enter_line(pilot, "/goto 2")
        await enter_line(pilot, "/defer Item deferred to the June board.")
        assert repo.meetings.meeting(mid).current_item_id == following.id
        # The agenda pane's A on the deferred item: no going to it.
        pane = app.screen.query_one(AgendaPane)
        pane.focus()
        pane.highlight_item(deferred.id)
        await pilot.press("A")
        await pilot.pause()
        await pilot.press(*"Jade Hodgson to send the report by 30 April", "enter")
        await pilot.pause()
        item = next(i for i in repo.meetings.items(mid) if i.id == deferred.id)
        assert (item.state, item.deferred_reason) == (
            ItemState.DEFERRED, "Item deferred to the June board.")
        assert repo.meetings.meeting(mid).current_item_id == following.id
        assert [(a.item_id, a.owner, a.task) for a in repo.minutes.actions(mid)] == [
            (deferred.id, "Jade Hodgson", "send the report")]
        # A deferred current item (deferred with nothing left to go to): /a goes under
        # it and it stays deferred.
        cur = repo.meetings.meeting(mid).current_item_id
        assert cur is not None
        repo.meetings.defer_item(cur, "Not reached.")
        await pilot.press("escape")  # back to the capture line
        await enter_line(pilot, "/a Andy Opie to book the room")
        item = next(i for i in repo.meetings.items(mid) if i.id == cur)
        assert item.state == ItemState.DEFERRED
        assert repo.minutes.actions(mid)[-1].item_id == cur


async def test_the_date_of_next_meeting_item_shows_its_block(repo: Repository, clock,
                                                              tmp_path: Path):
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await enter_line(pilot, "/goto 6")
        pane = app.screen.query_one(MinutesPane)
        shown = [str(pane.get_option_at_index(k).prompt) for k in range(pane.option_count)]
        assert "(no minutes yet: type below)" in shown
        await enter_line(pilot, "/next-meeting 2021-06-30 10:00-13:00 | MS Teams | Cllr Mullane")
        shown = [str(pane.get_option_at_index(k).prompt) for k in range(pane.option_count)]
        block = ["Community Safety Partnership Board", "Wednesday 30 June 2021, 10:00-13:00",
                 "MS Teams", "Chair: Councillor Mullane"]
        assert shown[1:] == block
    # Word with the same words: one rule.
    word = _text(export_meeting(repo, mid, out=tmp_path, name_check=False).path)
    assert "\n".join(block) in word


async def test_undo_in_the_agenda_pane_highlights_the_restored_item(repo: Repository, clock):
    mid = small_meeting(repo)
    items = repo.meetings.items(mid)
    target = items[-2]  # Any Other Business, well down the list
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.screen.query_one(AgendaPane)
        pane.focus()
        pane.highlight_item(target.id)
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert target.id not in {i.id for i in repo.meetings.items(mid)}
        pane.highlight_item(items[0].id)  # the highlight wandered off
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert target.id in {i.id for i in repo.meetings.items(mid)}
        assert pane.selected_item_id == target.id
        # Moved down, then undone: the highlight follows the item back.
        pane.highlight_item(items[1].id)
        await pilot.press("J")
        await pilot.pause()
        pane.highlight_item(items[0].id)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert pane.selected_item_id in (items[1].id, items[2].id)
        assert [i.id for i in repo.meetings.items(mid)] == [i.id for i in items]


async def test_f4_warns_of_another_date_and_inserts_before_the_closing_items(
        repo: Repository, clock, tmp_path: Path):
    mid = small_meeting(repo)  # 31 March 2021, on the standard agenda
    agenda = tmp_path / "agenda.txt"
    agenda.write_text("date: 2019-12-11\n1. Knife Crime | MPS | 20 mins\n2. Hate Crime\n")
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        app.screen.query_one("#path", Input).value = str(agenda)
        await pilot.press("enter")
        await wait_for_background(pilot)
        await pilot.pause()
        assert [i.title for i in repo.meetings.items(mid)][3:] == [
            "Forward Plan", "Knife Crime", "Hate Crime", "Any Other Business",
            "Date of Next Meeting"]
        assert any(t.startswith("Imported 2 agenda items") for t in toasts(app, "warning"))
        assert any("Imported 2 agenda items" in t and "Wednesday, 11 December 2019" in t
                   and "Wednesday, 31 March 2021" in t for t in said(app, "warning"))


async def test_owners_are_only_people_named(repo: Repository, clock):
    mid = small_meeting(repo)
    board = repo.meetings.meeting(mid).board_id
    hazel = repo.people.add_person(Person(board_id=board, name="Hazel North-Stephens"))
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await enter_line(pilot, "/goto 4")
        await enter_line(pilot, "/a Roadmap around partnerships structures, roles and "
                                "responsibilities to be presented to the board")
        await enter_line(pilot, "/a Refuge/Hazel North-Stephens to share the MARAC data")
        await enter_line(pilot, "/a Hazel North-Stephens (Refuge) to brief the panel")
        assert capture(app).value == ""
    assert [(a.owner, a.owner_ids, a.task) for a in repo.minutes.actions(mid)] == [
        ("", [], "Roadmap around partnerships structures, roles and responsibilities "
                 "to be presented to the board"),
        ("Hazel North-Stephens", [hazel.id], "share the MARAC data"),
        ("Hazel North-Stephens", [hazel.id], "brief the panel")]
