"""The agenda pane's ``p`` (issue 27): attach a paper to the highlighted item from the
app, refused with its one line when the file is not a document (the path stays to
correct), stored when it is; the key is in the help and the command palette."""

from __future__ import annotations

from app_helpers import (  # noqa: F401 - utc_zone is an autouse fixture
    make_app,
    said,
    small_meeting,
    until,
    utc_zone,
    wait_for_background,
)
from textual.widgets import Input, Label

from csp_tui.screens.attach_paper import AttachPaperScreen
from csp_tui.screens.help import HelpScreen
from csp_tui.widgets.agenda import AgendaPane
from tests.papers_gen import docx_paper

SIZE = (80, 24)


async def test_p_attaches_a_paper_to_the_highlighted_item(repo, clock, tmp_path):
    mid = small_meeting(repo)
    item = repo.meetings.items(mid)[2]  # Minutes and Action Log
    not_a_paper = tmp_path / "notes.txt"
    not_a_paper.write_text("not a document")
    paper = docx_paper(tmp_path / "action_log_paper.docx", "Action log paper")
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        pane = app.screen.query_one(AgendaPane)
        pane.focus()
        pane.highlight_item(item.id)
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, AttachPaperScreen), "the dialog")
        field = app.screen.query_one("#path", Input)
        field.value = str(not_a_paper)
        await pilot.press("enter")
        error = app.screen.query_one("#error", Label)
        await until(pilot, lambda: "is not a document" in str(error.render()),
                    "the refusal shown")
        assert field.value == str(not_a_paper)
        assert repo.papers.papers(mid) == []
        field.value = str(paper)
        app.screen.query_one("#title", Input).value = "The action log"
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(app.screen, AttachPaperScreen),
                    "the dialog closed")
        await wait_for_background(pilot)
        assert any("Attached The action log (docx) to item 3" in t for t in said(app))
    [stored] = repo.papers.papers(mid)
    assert (stored.item_id, stored.title, stored.kind) == (item.id, "The action log", "docx")
    assert repo.papers.paper_content(stored) == paper.read_bytes()


async def test_attach_paper_is_in_the_help_and_the_palette(repo, clock):
    from textual.command import CommandList

    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        assert "Attach paper to item" in str(app.screen.query_one("#help-text").render())
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"attach paper")

        def offered() -> str:
            hit = app.screen.query_one(CommandList).highlighted_option
            return str(hit.prompt) if hit is not None else ""

        await until(pilot, lambda: "Attach paper" in offered(), "the palette offers it")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, AttachPaperScreen),
                    "the palette opened the dialog")
