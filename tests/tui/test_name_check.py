"""The name check: near-miss names in the minutes, their correction, and the dialog."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from app_helpers import (  # noqa: F401 - utc_zone is an autouse fixture
    make_app,
    said,
    toasts,
    utc_zone,
    wait_for_background,
)
from textual.widgets import DataTable

from csp_tui.domain.models import Action, AgendaItem, Entry, Meeting
from csp_tui.screens.meeting import MeetingScreen
from csp_tui.screens.name_check import NameCheckScreen
from csp_tui.services.name_check import correct, find_name_issues
from csp_tui.services.roster import import_roster
from csp_tui.storage.repository import Repository

FIXTURES = Path(__file__).parent.parent / "fixtures"


def minutes(repo: Repository) -> tuple[int, int]:
    import_roster(repo, FIXTURES / "roster.csv")
    m = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 3, 31)),
                                     [(AgendaItem(title="Street Space Pilot"), [])])
    assert m.id is not None
    item = repo.meetings.items(m.id)[0]
    assert item.id is not None
    for text in [
        "Kevin McKambe presented the report; Stephen Clayman thanked Kevin McKambe.",
        "Hazel North-Stephens and Stephen Thompson agreed. Jade Hodgson to circulate.",
        "Steve Clayman asked about the Street Space Pilot.",
        "The Metropolitan Police Service and Brian Parrot will report back.",
    ]:
        repo.minutes.add_entry(Entry(item_id=item.id, text=text))
    repo.minutes.add_action(Action(meeting_id=m.id, item_id=item.id, owner="Kevin McKambe",
                                   task="circulate the paper to Stephen Thomson"))
    return m.id, item.id


def test_finds_near_misses_only(repo: Repository) -> None:
    mid, _ = minutes(repo)
    issues = {(i.found, i.suggestion): i for i in find_name_issues(repo.record(mid))}
    assert set(issues) == {
        ("Kevin McKambe", "Kevin Makambe"), ("Steve Clayman", "Stephen Clayman"),
        ("Brian Parrot", "Brian Parrott"), ("Stephen Thomson", "Stephen Thompson")}
    kinds = [o.kind for o in issues[("Kevin McKambe", "Kevin Makambe")].occurrences]
    assert kinds == ["entry", "action owner"]
    assert issues[("Steve Clayman", "Stephen Clayman")].kind == "short form"


def test_correct_every_place_in_one_undo_step(repo: Repository) -> None:
    mid, item_id = minutes(repo)
    issue = next(i for i in find_name_issues(repo.record(mid)) if i.found == "Kevin McKambe")
    assert correct(repo, issue) == 2
    texts = [e.text for e in repo.minutes.entries(item_id)]
    assert texts[0] == ("Kevin Makambe presented the report; Stephen Clayman thanked "
                        "Kevin Makambe.")
    assert repo.minutes.actions(mid)[0].owner == "Kevin Makambe"
    assert all(i.found != "Kevin McKambe" for i in find_name_issues(repo.record(mid)))
    repo.undo()
    assert repo.minutes.entries(item_id)[0].text.startswith("Kevin McKambe")
    assert repo.minutes.actions(mid)[0].owner == "Kevin McKambe"


def test_clean_minutes_have_no_issues(repo: Repository) -> None:
    import_roster(repo, FIXTURES / "roster.csv")
    m = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 3, 31)))
    assert m.id is not None
    item = repo.meetings.items(m.id)[0]
    assert item.id is not None
    repo.minutes.add_entry(Entry(item_id=item.id, text=(
        "Stephen Clayman, Stephen Thompson and Councillor Worby welcomed the London "
        "Borough of Barking and Dagenham Community Safety Partnership Board.")))
    assert find_name_issues(repo.record(m.id)) == []


async def test_dialog_correct_and_accept(repo: Repository) -> None:
    mid, item_id = minutes(repo)
    app = make_app(repo, mid, repo.clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        table = app.screen.query_one("#names-table", DataTable)
        rows = [table.get_row_at(i)[0] for i in range(table.row_count)]
        assert rows == ["Brian Parrot", "Kevin McKambe", "Steve Clayman", "Stephen Thomson"]
        await pilot.press("a")  # Brian Parrot: accepted as written
        await pilot.press("c")  # Kevin McKambe: corrected
        await pilot.press("escape")  # two names still open: closed all the same
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
    texts = " ".join(e.text for e in repo.minutes.entries(item_id))
    assert "Brian Parrot will" in texts and "McKambe" not in texts

    assert repo.people.accepted_names(mid) == {("Brian Parrot", brian_parrott(repo, mid))}

    app = make_app(repo, mid, repo.clock)  # the accepted name is not asked about again
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        table = app.screen.query_one("#names-table", DataTable)
        assert [table.get_row_at(i)[0] for i in range(table.row_count)] == [
            "Steve Clayman", "Stephen Thomson"]
        await pilot.press("c", "a")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)  # every name decided: it closes
    texts = " ".join(e.text for e in repo.minutes.entries(item_id))
    assert "Steve" not in texts and "Brian Parrot will" in texts
    assert repo.minutes.actions(mid)[0].task == "circulate the paper to Stephen Thomson"
    assert find_name_issues(repo.record(mid), repo.people.accepted_names(mid)) == []
    assert repo.undo() == "accept Stephen Thomson as written"
    assert [i.found for i in find_name_issues(repo.record(mid), repo.people.accepted_names(mid))] \
        == ["Stephen Thomson"]


def brian_parrott(repo: Repository, mid: int) -> int | None:
    board = repo.meetings.meeting(mid).board_id
    assert board is not None
    return next(p.id for p in repo.people.people(board) if p.name == "Brian Parrott")


async def test_export_in_the_app_asks_about_names_first(repo: Repository, tmp_path: Path,
                                                        monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    mid, item_id = minutes(repo)
    target = tmp_path / "Community-Safety-Partnership-2021-03-31-minutes.docx"
    app = make_app(repo, mid, repo.clock)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, NameCheckScreen)
        await pilot.press("a", "c", "escape")  # Brian Parrot accepted, Kevin corrected
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        assert not target.exists()  # two names were left: not exported
        assert toasts(app, "warning") == [
            "Not exported: 2 names still to check (c corrects, a accepts as written)."]
        assert "Kevin Makambe presented" in repo.minutes.entries(item_id)[0].text

        await pilot.press("ctrl+e")  # asked again, about the two left only
        await pilot.pause()
        table = app.screen.query_one("#names-table", DataTable)
        assert [table.get_row_at(i)[0] for i in range(table.row_count)] == [
            "Steve Clayman", "Stephen Thomson"]
        await pilot.press("a", "a")
        await wait_for_background(pilot)
        assert target.exists()
        shown = toasts(app)
        assert any(target.name in t for t in shown)
        assert any(str(target) in t for t in said(app))
        assert not [t for t in shown if "name check" in t]  # decided, not warned again

        target.unlink()
        await pilot.press("ctrl+e")  # everything left was accepted: straight to export
        await wait_for_background(pilot)
        assert isinstance(app.screen, MeetingScreen) and target.exists()

    target.unlink()
    app = make_app(repo, mid, repo.clock)  # accepted names are kept in the database
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+e")
        await wait_for_background(pilot)
        assert isinstance(app.screen, MeetingScreen) and target.exists()
    # ... and `csp export` does not warn about them either.
    from csp_tui.exporters.export import export_meeting

    warnings = export_meeting(repo, mid, out=tmp_path / "again.docx").warnings
    assert not [w for w in warnings if w.startswith("name check")]


async def test_check_names_key_when_every_name_matches(repo: Repository) -> None:
    import_roster(repo, FIXTURES / "roster.csv")
    m = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 3, 31)))
    assert m.id is not None
    app = make_app(repo, m.id, repo.clock)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        assert toasts(app) == ["No names to check: every name matches the roster."]
