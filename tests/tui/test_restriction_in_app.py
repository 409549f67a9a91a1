"""Restriction and terminal safety through the app: a RESTRICTED title typed in the
agenda pane marks the item, deleting an item says what it holds and takes its minutes
out of every output (undo brings them back), and stored or pasted control characters
never reach the terminal."""

from __future__ import annotations

import contextlib
import io
import json
import re
import sqlite3
from pathlib import Path

from app_helpers import (  # noqa: F401 - utc_zone is an autouse fixture
    capture,
    enter_line,
    make_app,
    small_meeting,
    utc_zone,
)
from textual import events
from textual.widgets import Input, Label

from csp_tui.cli.main import main
from csp_tui.exporters.export import export_meeting
from csp_tui.widgets.agenda import AgendaPane

SIZE = (120, 40)
#: What no screen may hold raw: C0 but tab and newline, DEL, C1, bidi overrides.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def csp_actions(db: Path, *args: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["actions", "--db", str(db), "--all", *args]) == 0
    return out.getvalue()


async def test_a_restricted_sub_item_typed_in_the_agenda_pane_is_restricted(
        repo, clock, tmp_path):
    # The repro: agenda pane, s, "RESTRICTED: MPS Update on Operation Wordwell".
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.screen.query_one(AgendaPane)
        pane.focus()
        pane.highlighted = 1
        await pilot.press("s")
        await pilot.pause()
        app.screen.query_one(Input).value = "RESTRICTED: MPS Update on Operation Wordwell"
        await pilot.press("enter")
        await pilot.pause()
        sub = next(i for i in repo.meetings.items(mid) if i.parent_id is not None)
        assert (sub.title, sub.restricted) == ("MPS Update on Operation Wordwell", True)
        capture(app).focus()
        await enter_line(pilot, "/goto 2.i")
        await enter_line(pilot, "wordwellmarker surveillance detail")
    assert [e.text for e in repo.minutes.entries(sub.id)] == ["wordwellmarker surveillance detail"]
    public = export_meeting(repo, mid, out=tmp_path, fmt="md", name_check=False)
    text = public.path.read_text()
    assert "RESTRICTED: MPS UPDATE ON OPERATION WORDWELL" in text
    assert "wordwellmarker" not in text


async def test_deleting_an_item_says_what_it_holds_and_takes_it_all(repo, clock, db_path):
    mid = small_meeting(repo)
    target = repo.meetings.items(mid)[1]
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await enter_line(pilot, "/goto 2")
        await enter_line(pilot, "/restricted")
        await enter_line(pilot, "referralmarker named family")
        await enter_line(pilot, "/a Jade Hodgson to brief the panel on secretmarker")
        pane = app.screen.query_one(AgendaPane)
        pane.focus()
        pane.highlighted = 1
        await pilot.press("delete")
        await pilot.pause()
        question = str(app.screen.query_one(Label).render())
        assert "with its 1 entry and 1 action?" in question
        await pilot.press("y")
        await pilot.pause()
        assert target.id not in {i.id for i in repo.meetings.items(mid)}
        # Before the fix the action stayed, with no item: public, words and all.
        listed = csp_actions(db_path) + csp_actions(db_path, "--search", "secretmarker")
        assert "secretmarker" not in listed and json.loads(
            csp_actions(db_path, "--format", "json", "--full")) == []
        await pilot.press("ctrl+z")
        await pilot.pause()
    rows = json.loads(csp_actions(db_path, "--format", "json"))
    assert [(r["action"], r["owner"], r["restricted"]) for r in rows] == [
        ("[restricted]", "[restricted]", True)]
    assert [e.text for e in repo.minutes.entries(target.id)] == ["referralmarker named family"]


async def test_stored_controls_are_shown_escaped_and_pasted_ones_dropped(repo, clock,
                                                                        db_path):
    mid = small_meeting(repo)
    item = repo.meetings.items(mid)[0]
    conn = sqlite3.connect(db_path)
    with conn:  # another program (or an older csp) left it there
        conn.execute("UPDATE items SET title = ?, presenter = ? WHERE id = ?",
                     ("Intro\x1b]0;pwned\x07", "[bold]Chair[/bold]\u202e", item.id))
        conn.execute("UPDATE people SET name = ? WHERE name = 'Jade Hodgson'",
                     ("Jade\x1b[2J[i]Hodgson",))
        conn.execute("UPDATE boards SET name = ?", ("CSP\x9b31m",))
    conn.close()
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await enter_line(pilot, "/goto 1")
        await enter_line(pilot, "/present Jade")
        await pilot.pause()
        screens = [app.export_screenshot()]  # agenda, item pane, clock bar
        for key in ("ctrl+g", "f2", "ctrl+o"):  # jump, attendance, meetings list
            await pilot.press(key)
            await pilot.pause()
            screens.append(app.export_screenshot())
            await pilot.press("escape")
            await pilot.pause()
        for screen in screens:
            assert not RAW.search(screen), RAW.search(screen)
        assert "Intro\\x1b]0;pwned\\x07" in screens[0]
        assert "[bold]Chair[/bold]" in screens[0]  # markup in a label is text
        assert "Jade\\x1b[2J[i]Hodgson" in screens[2]
        assert "CSP\\x9b31m" in screens[3]
        line = capture(app)
        line.focus()
        app.post_message(events.Paste("noted\x1b the\x07 point\u202e\x9b"))
        await pilot.pause()
        assert line.value == "noted the point"


async def test_a_restricted_title_typed_in_the_item_form_marks_the_item(repo, clock):
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await enter_line(pilot, "/goto 2")
        await pilot.press("f3")
        await pilot.pause()
        app.screen.query_one("#title", Input).value = "restricted Op Bluebell"
        await pilot.press("ctrl+s")
        await pilot.pause()
    item = repo.meetings.items(mid)[1]
    assert (item.title, item.restricted) == ("Op Bluebell", True)
