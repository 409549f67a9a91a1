"""Pilot tests: each capture-line command typed into the real app, checked in the DB."""

from __future__ import annotations

import pytest
from app_helpers import (  # noqa: F401 - utc_zone is an autouse fixture
    capture,
    capture_error,
    enter_line,
    make_app,
    small_meeting,
    until,
    utc_zone,
)

from csp_tui.domain.models import AttendanceStatus, EntryKind, ItemState, Person

SIZE = (120, 40)


def _current(repo, mid):
    return repo.meetings.item(repo.meetings.meeting(mid).current_item_id)


async def test_opens_with_focus_on_capture_line_and_draft(repo, clock):
    mid = small_meeting(repo)
    repo.meetings.save_draft(mid, "half a sentence")
    app = make_app(repo, None, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.focused is capture(app)
        assert capture(app).value == "half a sentence"


async def test_typing_text_adds_a_paragraph(repo, clock):
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await enter_line(pilot, "/next")
        await pilot.press(*"The board noted", "space", *"it.")
        assert capture(app).value == "The board noted it."
        await pilot.press("enter")
        await pilot.pause()
        item = _current(repo, mid)
        assert [(e.kind, e.text) for e in repo.minutes.entries(item.id)] == [
            (EntryKind.PARAGRAPH, "The board noted it.")]
        assert capture(app).value == ""
        assert repo.meetings.meeting(mid).draft == ""


async def test_entry_kinds_and_action(repo, clock):
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await enter_line(pilot, "/next")
        for line in ("- a bullet", "1. a numbered point", "/agreed The board agreed it.",
                     "/action Jade Hodgson to circulate the slides by 2021-04-30",
                     "/a Fred Nobody and MPS to report back by next board"):
            await enter_line(pilot, line)
            assert capture_error(app) == "", line
        item = _current(repo, mid)
        kinds = [e.kind for e in repo.minutes.entries(item.id)]
        assert kinds == [EntryKind.BULLET, EntryKind.NUMBERED, EntryKind.DECISION]
        actions = repo.minutes.actions(mid)
        assert [a.owner for a in actions] == ["Jade Hodgson", "Fred Nobody and MPS"]
        assert actions[0].owner_ids and actions[0].due == "2021-04-30"
        assert not actions[1].owner_ids
        # The item pane shows the bold ACTION lines with the unmatched owner marked.
        from csp_tui.widgets.minutes import MinutesPane

        pane = app.screen.query_one(MinutesPane)
        text = "\n".join(str(pane.get_option_at_index(i).prompt)
                         for i in range(pane.option_count))
        assert "ACTION: Jade Hodgson to circulate the slides by 30 April 2021." in text
        # Marked, not reworded: the pane's words are the Word minutes' words.
        marked = {str(o.prompt): [o.prompt.plain[s.start:s.end] for s in o.prompt.spans
                                  if "underline" in str(s.style)]
                  for o in pane.options if str(o.prompt).startswith("ACTION:")}
        assert marked == {
            "ACTION: Jade Hodgson to circulate the slides by 30 April 2021.": [],
            "ACTION: Fred Nobody and MPS to report back by next board.": ["Fred Nobody", "MPS"]}


async def test_moving_commands(repo, clock):
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await enter_line(pilot, "/next")
        assert _current(repo, mid).number == "1"
        await enter_line(pilot, "/next")
        assert _current(repo, mid).number == "2"
        await enter_line(pilot, "/prev")
        assert _current(repo, mid).number == "1"
        await enter_line(pilot, "/goto 4")
        assert _current(repo, mid).number == "4"
        await enter_line(pilot, "/defer Item deferred to the June board")
        items = repo.meetings.items(mid)
        assert items[3].state is ItemState.DEFERRED
        assert items[3].deferred_reason == "Item deferred to the June board."
        await enter_line(pilot, "/pause")
        assert not _current(repo, mid).running
        await enter_line(pilot, "/pause")
        assert _current(repo, mid).running


async def test_item_and_people_commands(repo, clock):
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await enter_line(pilot, "/goto 2")
        await enter_line(pilot, "/restricted")
        assert _current(repo, mid).restricted
        await enter_line(pilot, "/summary The board discussed a case.")
        assert _current(repo, mid).public_summary.startswith("The board discussed")
        await enter_line(pilot, "/present Jade Hodgson and Andy Opie")
        await enter_line(pilot, "/apologies Antony Rose")
        await enter_line(pilot, "/attendee Chris Lyons")
        await enter_line(pilot, "/chair Andy Opie")
        await enter_line(pilot, "/notetaker Jade Hodgson")
        status = {a.person_name: a.status for a in repo.people.attendance(mid)}
        assert status["Antony Rose"] is AttendanceStatus.APOLOGIES
        assert status["Chris Lyons"] is AttendanceStatus.ATTENDEE
        assert status["Jade Hodgson"] is AttendanceStatus.PRESENT
        await enter_line(pilot, "/left Andy Opie")
        await enter_line(pilot, "/joined Andy Opie")
        await enter_line(pilot, "/declare Andy Opie: trustee of a refuge charity")
        kinds = [e.kind for e in repo.minutes.entries(_current(repo, mid).id)]
        assert EntryKind.DECLARATION in kinds
        await enter_line(pilot, "/next-meeting 2021-06-30 10:00-13:00 | MS Teams | Cllr Mullane")
        assert repo.meetings.meeting(mid).next_meeting.venue == "MS Teams"
        await enter_line(pilot, "/forward Knife crime | MPS | June")
        assert [f.title for f in repo.meetings.forward_plan(mid)] == ["Knife crime"]
        await enter_line(pilot, "/goto 4")  # Forward Plan lists the items for later boards
        from csp_tui.widgets.minutes import MinutesPane

        pane = app.screen.query_one(MinutesPane)
        text = [str(pane.get_option_at_index(i).prompt) for i in range(pane.option_count)]
        assert "- Knife crime (MPS, June)" in text
        await enter_line(pilot, "/phrase The board thanked the presenter.")
        assert "The board thanked the presenter." in repo.minutes.phrases()
        assert capture_error(app) == ""
        await enter_line(pilot, "/help")
        from csp_tui.screens.help import HelpScreen

        assert isinstance(app.screen, HelpScreen)


async def test_undo_by_command_and_key(repo, clock):
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await enter_line(pilot, "/next")
        await enter_line(pilot, "first")
        await enter_line(pilot, "second")
        item_id = _current(repo, mid).id
        await enter_line(pilot, "/undo")
        assert [e.text for e in repo.minutes.entries(item_id)] == ["first"]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert repo.minutes.entries(item_id) == []


@pytest.mark.parametrize("line", ["/bogus thing", "/goto 99", "/action", "/defer",
                                  "/next-meeting someday", "/declare nobody"])
async def test_malformed_commands_keep_the_text(repo, clock, line):
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await enter_line(pilot, "/next")
        before = repo.record(mid)
        await enter_line(pilot, line)
        assert capture_error(app)
        # Nothing changed but the draft, which keeps the refused line.
        after = repo.record(mid)
        assert after.meeting.draft == line
        assert after.model_dump(exclude={"meeting": {"draft"}}) == before.model_dump(
            exclude={"meeting": {"draft"}})
        # Kept aside, not in the capture area, where the keys typed after its Enter
        # would join it; ctrl+r brings it back to correct.
        assert capture(app).value == ""
        await pilot.press("ctrl+r")
        assert capture(app).value == line
        # The next key takes the error away; the line is entered as corrected.
        await pilot.press("end")
        await enter_line(pilot, "A good line.")
        assert capture_error(app) == ""


async def test_draft_saved_within_a_second_of_typing(repo, clock):
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"unsent")
        # No Enter, no quitting: the draft writer's throttle saves it on its own.
        await until(pilot, lambda: repo.meetings.meeting(mid).draft == "unsent", "draft saved")


async def test_completion_suggests_and_right_accepts(repo, clock):
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"/act")
        await until(pilot, lambda: capture(app).suggestion, "completion offered")
        await pilot.press("right")
        assert capture(app).value == "/action "
        capture(app).value = ""
        await pilot.press(*"/a Jade H")
        await until(pilot, lambda: capture(app).suggestion, "completion offered")
        await pilot.press("right")
        assert capture(app).value == "/a Jade Hodgson"


async def test_text_typed_just_before_quitting_is_kept(repo, clock):
    # Quitting within the autosave second: the screen's unmount writes the last draft,
    # even though the capture line has already been taken down by then.
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"Cllr Ali asked about")
        await pilot.press("ctrl+q")
    assert repo.meetings.meeting(mid).draft == "Cllr Ali asked about"


OWNERS = "Jade Hodgson, Mark Long, and April Bald"


async def test_action_form_reads_an_oxford_comma_owner_list(repo, clock):
    from csp_tui.widgets.minutes import LineKind, LineRef, MinutesPane

    mid = small_meeting(repo)
    board = repo.meetings.meeting(mid).board_id
    for name in ("Mark Long", "April Bald"):
        repo.people.add_person(Person(board_id=board, name=name))
    ids = [
        repo.people.find_person(board, n).id for n in ("Jade Hodgson", "Mark Long", "April Bald")]
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        await enter_line(pilot, "/next")
        await enter_line(pilot, "/a Andy Opie to map the hotspots")
        action = repo.minutes.actions(mid)[0]
        pane = app.screen.query_one(MinutesPane)
        pane.focus()
        ref = LineRef(LineKind.ACTION, action.id)
        pane.select_ref(ref)
        await pilot.press("u")
        await pilot.pause()
        app.screen.query_one("#owner").value = OWNERS
        await pilot.press("ctrl+s")
        await pilot.pause()
        after = repo.minutes.action(action.id)
        assert after.owner == OWNERS and after.owner_ids == ids
        # The item pane marks no name as off the roster ("and April Bald?").
        line = str(pane.get_option(ref.option_id).prompt)
        assert OWNERS in line and "?" not in line


@pytest.mark.parametrize("line", ["/joined Nadia Khan", "/left Nadia Khan",
                                  "/join Nadia Khan", "/apology Nadia Khan",
                                  "/attendees Nadia Khan"])
async def test_a_name_new_to_the_roster_is_offered_next_time(repo, clock, line):
    mid = small_meeting(repo)
    app = make_app(repo, mid, clock)
    async with app.run_test(size=SIZE) as pilot:
        suggester = capture(app).suggester
        # Completion has read the roster once already.
        assert await suggester.get_suggestion("/a Jad") == "/a Jade Hodgson"
        assert await suggester.get_suggestion("/a Nad") is None
        await enter_line(pilot, line)
        assert capture_error(app) == ""
        assert await suggester.get_suggestion("/a Nad") == "/a Nadia Khan"
