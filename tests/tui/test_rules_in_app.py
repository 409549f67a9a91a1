"""The domain rules seen through the app: the same answer in the app, in Word, in
Markdown and in ``csp actions``."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import zipfile
from pathlib import Path

from app_helpers import (  # noqa: F401 - utc_zone is an autouse fixture
    enter_line,
    make_app,
    small_meeting,
    utc_zone,
)
from textual.widgets import Label

from csp_tui.cli.main import main
from csp_tui.domain.models import Action, AgendaItem, Meeting
from csp_tui.exporters.export import export_meeting
from csp_tui.storage.repository import Repository
from csp_tui.widgets.minutes import LineKind, LineRef, MinutesPane

SIZE = (120, 40)


def pane_text(pane: MinutesPane) -> str:
    return "\n".join(str(pane.get_option_at_index(i).prompt) for i in range(pane.option_count))


def docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("word/document.xml").decode()


def csp_actions(db: Path, *args: str) -> list[dict]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["actions", "--db", str(db), *args, "--format", "json"]) == 0
    return json.loads(out.getvalue())


async def test_an_item_titled_action_log_lists_carried_actions_in_app_word_and_markdown(
        repo: Repository, clock, tmp_path: Path):
    earlier = repo.meetings.create_meeting(Meeting(date=dt.date(2020, 12, 9)),
                                           [(AgendaItem(title="Performance"), [])])
    assert earlier.id is not None
    repo.minutes.add_action(
        Action(meeting_id=earlier.id, item_id=repo.meetings.items(earlier.id)[0].id,
               owner="MPS", task="send the ward plan"))
    now = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 3, 31)), [
        (AgendaItem(title="Welcome"), []), (AgendaItem(title="Action Log"), [])])
    assert now.id is not None
    app = make_app(repo, now.id, clock)
    async with app.run_test(size=SIZE) as pilot:
        await enter_line(pilot, "/goto 2")
        assert "send the ward plan" in pane_text(app.screen.query_one(MinutesPane))
    sentence = "ACTION: MPS to send the ward plan."
    word = export_meeting(repo, now.id, out=tmp_path, name_check=False).path
    assert sentence in docx_text(word)
    markdown = export_meeting(repo, now.id, out=tmp_path, fmt="md", name_check=False).path
    assert (f"## 2. ACTION LOG\n\nThe following actions remain outstanding.\n\n**{sentence}**"
            in markdown.read_text())


async def test_a_due_date_typed_in_the_action_form_falls_overdue(repo: Repository, clock,
                                                                 db_path: Path):
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("pagedown")
        await enter_line(pilot, "/a Jade Hodgson to write up the audit")
        action = repo.minutes.actions(mid)[0]
        pane = app.screen.query_one(MinutesPane)
        pane.focus()
        pane.select_ref(LineRef(LineKind.ACTION, action.id))
        await pilot.press("u")
        await pilot.pause()
        # A broken date is refused where it was typed, and the form stays open.
        app.screen.query_one("#due").value = "31/04/2021"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "'31/04/2021' is not a date" in str(app.screen.query_one("#error", Label).render())
        assert repo.minutes.action(action.id or 0).due == ""
        app.screen.query_one("#due").value = "30/04/2021"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert repo.minutes.action(action.id or 0).due == "2021-04-30"
    overdue = csp_actions(db_path, "--overdue")
    assert [(r["id"], r["due"]) for r in overdue] == [(action.id, "2021-04-30")]


async def test_a_sub_item_of_a_restricted_item_says_so_in_the_item_pane(repo: Repository,
                                                                       clock):
    meeting = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 3, 31)), [
        (AgendaItem(title="Prevent", restricted=True), [AgendaItem(title="Channel panel")])])
    assert meeting.id is not None
    app = make_app(repo, meeting.id, clock)
    async with app.run_test(size=SIZE) as pilot:
        await enter_line(pilot, "/goto 1.i")
        text = pane_text(app.screen.query_one(MinutesPane))
    assert text.startswith("(i) RESTRICTED: CHANNEL PANEL\n"
                           "Public minutes: Restricted due to sensitive information.")


async def test_agenda_pane_flags_a_sub_item_of_a_restricted_item(repo: Repository, clock):
    from csp_tui.widgets.agenda import AgendaPane

    meeting = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 3, 31)), [
        (AgendaItem(title="Case review", restricted=True), [AgendaItem(title="Family A")]),
        (AgendaItem(title="AOB"), [])])
    assert meeting.id is not None
    app = make_app(repo, meeting.id, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        agenda = app.screen.query_one(AgendaPane)
        lines = [str(agenda.get_option_at_index(i).prompt) for i in range(agenda.option_count)]
        # Mark, flag, number, title: the flag is the second cell.
        flags = {line[2:].split()[1]: line[1] for line in lines}
        assert flags == {"Case": "R", "Family": "R", "AOB": " "}
