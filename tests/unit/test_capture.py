"""The capture line: every command, good and malformed, checked in the database."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from csp_tui.capture.completion import complete, completion_names
from csp_tui.capture.grammar import SLASH_COMMANDS, CaptureError, SlashAction, parse
from csp_tui.capture.handlers import execute, run
from csp_tui.domain.models import (
    AttendanceStatus,
    EntryKind,
    Group,
    ItemState,
    MeetingState,
    Person,
    Role,
)
from csp_tui.domain.names import resolve_name
from csp_tui.domain.phrases import all_phrases, stock_phrases
from csp_tui.services.agenda_file import read_agenda_file

FIXTURES = Path(__file__).parent.parent / "fixtures"

TODAY = dt.date(2021, 3, 31)


@pytest.fixture
def mid(repo) -> int:
    """The 31 March 2021 board from the agenda fixture, with the roster fixture."""
    meeting = read_agenda_file(repo, FIXTURES / "agenda-2021-03-31.txt")
    with (FIXTURES / "roster.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            repo.people.add_person(Person(board_id=meeting.board_id, name=row["name"],
                                          post_title=row["post_title"],
                                          organisation=row["organisation"], group=row["group"]))
    return meeting.id


def cap(repo, mid, line):
    return run(repo, mid, line, today=TODAY)


def item_at(repo, mid, top, sub=None):
    items = repo.meetings.items(mid)
    tops = [i for i in items if i.parent_id is None]
    item = tops[top - 1]
    if sub:
        item = [i for i in items if i.parent_id == item.id][sub - 1]
    return item


def current(repo, mid):
    return repo.meetings.meeting(mid).current_item_id


def lines(repo, item_id):
    return [(e.kind, e.text) for e in repo.minutes.entries(item_id)]


def person_id(repo, mid, name):
    board = repo.meetings.meeting(mid).board_id
    found = repo.people.find_person(board, name)
    assert found is not None, name
    return found.id


def last_txn(repo):
    return repo.conn.execute("SELECT coalesce(max(txn), 0) FROM journal").fetchone()[0]


# ---------------------------------------------------------------- text entry


def test_typing_straight_away_starts_the_first_item(repo, mid):
    out = cap(repo, mid, "Stephen Clayman welcomed members to the board.")
    first = item_at(repo, mid, 1)
    assert current(repo, mid) == first.id
    assert repo.meetings.item(first.id).state is ItemState.CURRENT
    assert repo.meetings.meeting(mid).state is MeetingState.LIVE
    assert lines(repo, first.id) == [
        (EntryKind.PARAGRAPH, "Stephen Clayman welcomed members to the board.")]
    assert out.moved and out.message == "Paragraph added to item 1"
    # One undo takes back the paragraph and the start of the item together.
    cap(repo, mid, "/undo")
    assert lines(repo, first.id) == [] and current(repo, mid) is None


def test_bullets_numbers_decisions_and_escaped_slash(repo, mid):
    for line in ["- first bullet", "* second bullet", "1. point one", "2) point two",
                 "/agreed The board accepted the recommendations.", "//slash at start",
                 "2021 was a busy year."]:
        cap(repo, mid, line)
    assert lines(repo, current(repo, mid)) == [
        (EntryKind.BULLET, "first bullet"), (EntryKind.BULLET, "second bullet"),
        (EntryKind.NUMBERED, "point one"), (EntryKind.NUMBERED, "point two"),
        (EntryKind.DECISION, "The board accepted the recommendations."),
        (EntryKind.PARAGRAPH, "/slash at start"),
        (EntryKind.PARAGRAPH, "2021 was a busy year.")]


@pytest.mark.parametrize("line, message", [
    ("", "nothing to add"),
    ("   ", "nothing to add"),
    ("- ", "a bullet needs text"),
    ("/agreed", "/agreed needs TEXT"),
    ("/frobnicate now", "unknown command /frobnicate"),
    ("/nxt", "did you mean /next?"),
    ("/next 3", "/next takes nothing after it"),
    ("/undo please", "/undo takes nothing after it"),
])
def test_malformed_lines_raise_one_line_and_change_nothing(repo, mid, line, message):
    before = last_txn(repo)
    with pytest.raises(CaptureError) as err:
        cap(repo, mid, line)
    assert message in str(err.value) and "\n" not in str(err.value)
    assert last_txn(repo) == before


# ---------------------------------------------------------------- actions


def action_of(repo, mid):
    return repo.minutes.actions(mid)[-1]


def test_action_single_owner_full_first_and_surname(repo, mid):
    jade = person_id(repo, mid, "Jade Hodgson")
    for owner in ["Jade Hodgson", "jade hodgson", "Jade", "Hodgson"]:
        out = cap(repo, mid, f"/action {owner} to circulate the slides")
        a = action_of(repo, mid)
        assert (a.owner, a.owner_ids, a.task, a.due) == (
            "Jade Hodgson", [jade], "circulate the slides", "")
        assert out.severity == "information"
        assert out.message == "Action added for Jade Hodgson"
    assert all(a.item_id == item_at(repo, mid, 1).id for a in repo.minutes.actions(mid))


def test_action_several_owners_and_councillors(repo, mid):
    out = cap(repo, mid, "/a Cllr Carpenter, Cllr Mullane and Worby to review the "
                         "Information Sharing Agreement")
    a = action_of(repo, mid)
    assert a.owner == "Councillor Carpenter, Councillor Mullane and Councillor Worby"
    assert a.owner_ids == [person_id(repo, mid, n) for n in (
        "Councillor Carpenter", "Councillor Mullane", "Councillor Worby")]
    assert a.task == "review the Information Sharing Agreement"
    assert out.severity == "information"


def test_action_groups_and_organisations_are_kept_as_written(repo, mid):
    out = cap(repo, mid, "/a Board chairs to share the sub-group plans")
    a = action_of(repo, mid)
    assert (a.owner, a.owner_ids) == ("Board chairs", [])
    assert out.severity == "warning"
    assert "owner 'Board chairs' not on the roster: kept as written" in out.message
    out = cap(repo, mid, "/a Jade and MPS to map the hotspots")
    a = action_of(repo, mid)
    assert (a.owner, a.owner_ids) == ("Jade Hodgson and MPS",
                                      [person_id(repo, mid, "Jade Hodgson")])
    assert "'MPS' not on the roster" in out.message and out.severity == "warning"


def test_unmatched_owner_is_kept_and_reported(repo, mid):
    out = cap(repo, mid, "/a Jde to send the paper")
    assert (action_of(repo, mid).owner, action_of(repo, mid).owner_ids) == ("Jde", [])
    assert out.message == ("Action added for Jde; owner 'Jde' not on the roster: "
                           "kept as written")
    assert out.severity == "warning"


def test_ambiguous_first_name_prefers_those_attending(repo, mid):
    out = cap(repo, mid, "/a Stephen to chase the report")
    assert action_of(repo, mid).owner_ids == []
    assert "could be Stephen Clayman or Stephen Thompson" in out.message
    cap(repo, mid, "/present Stephen Thompson")
    cap(repo, mid, "/a Stephen to chase the report")
    assert action_of(repo, mid).owner == "Stephen Thompson"
    assert action_of(repo, mid).owner_ids == [person_id(repo, mid, "Stephen Thompson")]


@pytest.mark.parametrize("line", ["/a to review the ISA", "/a review the ISA",
                                  "/action To review the ISA"])
def test_action_without_owner(repo, mid, line):
    out = cap(repo, mid, line)
    a = action_of(repo, mid)
    assert (a.owner, a.owner_ids, a.task) == ("", [], "review the ISA")
    assert out.message == "Action added with no owner"


@pytest.mark.parametrize("tail, due, task, note", [
    ("by 2021-10-31", "2021-10-31", "send the report", "(due 31 October 2021)"),
    ("by 31/10/2021", "2021-10-31", "send the report", "(due 31 October 2021)"),
    ("by 31 October", "2021-10-31", "send the report", "(due 31 October 2021)"),
    ("by 31st Oct 2021.", "2021-10-31", "send the report", "(due 31 October 2021)"),
    ("by ASAP", "ASAP", "send the report", "(due ASAP)"),
    ("asap", "ASAP", "send the report", "(due ASAP)"),
    ("as soon as possible", "ASAP", "send the report", "(due ASAP)"),
    ("As  soon as\tpossible.", "ASAP", "send the report", "(due ASAP)"),
    ("on 31/04/2021", "", "send the report on 31/04/2021", ""),
    ("by next board", "next board", "send the report", "(due next board)"),
    ("by the end of June", "the end of June", "send the report", "(due the end of June)"),
    ("by June 2021", "June 2021", "send the report", "(due June 2021)"),
    ("by Q3", "Q3", "send the report", "(due Q3)"),
    ("by next Friday", "next Friday", "send the report", "(due next Friday)"),
    ("by the board", "", "send the report by the board", ""),
    ("", "", "send the report", ""),
])
def test_due_dates_and_words(repo, mid, tail, due, task, note):
    out = cap(repo, mid, f"/a Jade to send the report {tail}".rstrip())
    a = action_of(repo, mid)
    assert (a.task, a.due) == (task, due)
    assert out.message.startswith(f"Action added for Jade Hodgson {note}".rstrip())


def test_due_date_in_the_past_warns(repo, mid):
    out = cap(repo, mid, "/a Jade to send the report by 2021-01-31")
    assert action_of(repo, mid).due == "2021-01-31"
    assert out.severity == "warning" and "in the past" in out.message


@pytest.mark.parametrize("line, message", [
    ("/action", "/action needs OWNER to TASK"),
    ("/a Jade to", "/action needs a task"),
    ("/a Jade to  by 31 October", "/action needs a task"),
])
def test_malformed_actions(repo, mid, line, message):
    with pytest.raises(CaptureError, match=message):
        cap(repo, mid, line)
    assert repo.minutes.actions(mid) == []


# ---------------------------------------------------------------- moving


def test_next_prev_and_states(repo, mid):
    out = cap(repo, mid, "/next")
    one, two = item_at(repo, mid, 1), item_at(repo, mid, 2)
    assert current(repo, mid) == one.id and out.moved
    assert out.message == "Now at item 1: Introductions and Apologies for Absence"
    cap(repo, mid, "/next")
    assert current(repo, mid) == two.id
    assert repo.meetings.item(one.id).state is ItemState.DONE
    out = cap(repo, mid, "/prev")
    assert current(repo, mid) == one.id
    # Gone back to, to correct it: it stays done and untimed until /pause takes it up.
    assert repo.meetings.item(one.id).state is ItemState.DONE
    assert not repo.meetings.item(one.id).running
    assert out.message.startswith("Correcting item 1 (done, not timed")
    assert repo.meetings.item(two.id).state is ItemState.PENDING
    assert not repo.meetings.item(two.id).running
    cap(repo, mid, "/pause")
    assert repo.meetings.item(one.id).state is ItemState.CURRENT
    assert repo.meetings.item(one.id).running
    out = cap(repo, mid, "/prev")
    assert out.message == "Already at the first item" and not out.moved


def test_next_skips_items_taken_out_of_order_and_walks_sub_items(repo, mid):
    cap(repo, mid, "/goto 9")
    cap(repo, mid, "/goto 8")
    out = cap(repo, mid, "/next")
    # 9 was already taken: /next goes on to 10, then its sub-item 10 (i).
    assert out.message == "Now at item 10: Partnership Delivery to VRU Serious Violence Plan"
    out = cap(repo, mid, "/next")
    assert current(repo, mid) == item_at(repo, mid, 10, 1).id
    assert out.message == "Now at item 10 (i): MPS Update on Operational Wordwell"


def test_next_after_the_last_item_says_so(repo, mid):
    cap(repo, mid, "/goto 15")
    for n in range(1, 15):
        repo.meetings.reopen_item(item_at(repo, mid, n).id)  # pending
    for item in repo.meetings.items(mid):
        if item.id != current(repo, mid):
            repo.meetings.defer_item(item.id, "Later.")
    out = cap(repo, mid, "/next")
    assert not out.moved and out.severity == "warning" and "No pending items" in out.message
    # Still shown, but over: done, and no item keeps timing.
    assert current(repo, mid) == item_at(repo, mid, 15).id
    assert repo.meetings.item(current(repo, mid)).state is ItemState.DONE
    assert not any(i.running for i in repo.meetings.items(mid))


@pytest.mark.parametrize("arg, top, sub", [
    ("14", 14, None), ("14.ii", 14, 2), ("14.2", 14, 2), ("14(ii)", 14, 2),
    ("14 (viii)", 14, 8), ("14.(iii)", 14, 3), ("10.i", 10, 1), ("3.", 3, None),
])
def test_goto(repo, mid, arg, top, sub):
    out = cap(repo, mid, f"/goto {arg}")
    assert current(repo, mid) == item_at(repo, mid, top, sub).id
    assert out.moved and out.changed_agenda


@pytest.mark.parametrize("line, message", [
    ("/goto", "/goto needs N"),
    ("/goto fourteen", "/goto needs an item number, e.g. /goto 14 or /goto 14.ii"),
    ("/goto 16", "there is no item 16: the agenda has items 1-15"),
    ("/goto 0", "there is no item 0"),
    ("/goto 14.ix", r"item 14 has no sub-item 9: it has \(i\)-\(viii\)"),
    ("/goto 3.i", "item 3 has no sub-items"),
    ("/goto 14.q", "/goto needs an item number"),
])
def test_goto_malformed(repo, mid, line, message):
    cap(repo, mid, "/goto 2")
    before = last_txn(repo)
    with pytest.raises(CaptureError, match=message):
        cap(repo, mid, line)
    assert last_txn(repo) == before and current(repo, mid) == item_at(repo, mid, 2).id


def test_goto_current_item_is_a_no_op(repo, mid):
    cap(repo, mid, "/goto 4")
    before = last_txn(repo)
    out = cap(repo, mid, "/goto 4")
    assert out.message == "Already at item 4" and not out.moved
    assert last_txn(repo) == before


def test_defer_moves_on_and_the_minutes_say_why(repo, mid):
    cap(repo, mid, "/goto 5")
    five = item_at(repo, mid, 5)
    out = cap(repo, mid, "/defer item deferred to the June 2021 board as presenter was "
                         "not present")
    deferred = repo.meetings.item(five.id)
    assert deferred.state is ItemState.DEFERRED
    assert deferred.deferred_reason == ("Item deferred to the June 2021 board as presenter "
                                        "was not present.")
    assert not deferred.running
    assert current(repo, mid) == item_at(repo, mid, 6).id
    assert out.moved and out.message.startswith("Item 5 deferred: Item deferred to the June")
    assert out.message.endswith("Now at item 6: MARAC Effectiveness and Development")
    # Going back to a deferred item takes it after all: the deferral is lifted.
    cap(repo, mid, "/goto 5")
    again = repo.meetings.item(five.id)
    assert again.state is ItemState.CURRENT and again.deferred_reason == ""


def test_defer_malformed(repo, mid):
    with pytest.raises(CaptureError, match="no item is current"):
        cap(repo, mid, "/defer Later.")
    cap(repo, mid, "/goto 5")
    with pytest.raises(CaptureError, match="/defer needs REASON, e.g. /defer Item deferred"):
        cap(repo, mid, "/defer")
    assert repo.meetings.item(item_at(repo, mid, 5).id).state is ItemState.CURRENT


def test_pause_toggles_the_timer(repo, mid, clock):
    with pytest.raises(CaptureError, match="no timer to pause"):
        cap(repo, mid, "/pause")
    cap(repo, mid, "/goto 4")
    clock.advance(minutes=3)
    assert cap(repo, mid, "/pause").message == "Timer paused"
    four = repo.meetings.item(item_at(repo, mid, 4).id)
    assert not four.running and four.spent_seconds(clock() + dt.timedelta(hours=1)) == 180
    clock.advance(minutes=10)
    assert cap(repo, mid, "/pause").message == "Timer resumed"
    clock.advance(minutes=1)
    assert repo.meetings.item(four.id).spent_seconds(clock()) == 240
    with pytest.raises(CaptureError, match="/pause takes nothing"):
        cap(repo, mid, "/pause now")


def test_restricted_toggle_and_summary(repo, mid):
    with pytest.raises(CaptureError, match="no item is current"):
        cap(repo, mid, "/restricted")
    cap(repo, mid, "/goto 9")
    nine = item_at(repo, mid, 9).id
    out = cap(repo, mid, "/restricted")
    assert repo.meetings.item(nine).restricted
    assert out.changed_agenda and "RESTRICTED" in out.message
    cap(repo, mid, "/summary The board discussed the PSPO consultation.")
    assert repo.meetings.item(nine).public_summary == "The board discussed the PSPO consultation."
    out = cap(repo, mid, "/restricted")
    assert not repo.meetings.item(nine).restricted and out.severity == "warning"
    out = cap(repo, mid, "/summary Another summary")
    assert out.severity == "warning" and "not restricted" in out.message
    with pytest.raises(CaptureError, match="/summary needs TEXT"):
        cap(repo, mid, "/summary ")


def test_sub_item_of_restricted_item_stays_restricted(repo, mid):
    """Item 10 is restricted; its sub-item (i) stays restricted when un-marked, and its
    summary is used, so neither message may say otherwise."""
    cap(repo, mid, "/goto 10 i")
    sub = item_at(repo, mid, 10, 1)
    assert repo.meetings.item(sub.id).restricted
    out = cap(repo, mid, "/restricted")
    assert not repo.meetings.item(sub.id).restricted
    assert "stays RESTRICTED" in out.message and "published" not in out.message
    out = cap(repo, mid, "/summary Partners shared operational updates.")
    assert out.severity != "warning" and "not restricted" not in out.message


# ---------------------------------------------------------------- attendance


def status_of(repo, mid):
    return {a.person_name: a.status for a in repo.people.attendance(mid)}


def test_present_attendee_apologies(repo, mid):
    out = cap(repo, mid, "/present Andy Opie, April and Cllr Worby")
    assert out.message == "Present: Andy Opie, April Bald and Councillor Worby"
    cap(repo, mid, "/attendee Chris Lyons & Florence Henry")
    cap(repo, mid, "/apologies Antony Rose, Pip Salvador-Jones, and Helen Davie")
    assert status_of(repo, mid) == {
        "Andy Opie": AttendanceStatus.PRESENT, "April Bald": AttendanceStatus.PRESENT,
        "Councillor Worby": AttendanceStatus.PRESENT,
        "Chris Lyons": AttendanceStatus.ATTENDEE, "Florence Henry": AttendanceStatus.ATTENDEE,
        "Antony Rose": AttendanceStatus.APOLOGIES,
        "Pip Salvador-Jones": AttendanceStatus.APOLOGIES,
        "Helen Davie": AttendanceStatus.APOLOGIES}
    # Apologies then turning up after all: the status changes, no second row.
    cap(repo, mid, "/present Helen Davie")
    assert status_of(repo, mid)["Helen Davie"] is AttendanceStatus.PRESENT
    assert len(repo.people.attendance(mid)) == 8


def test_new_names_join_the_roster(repo, mid):
    board = repo.meetings.meeting(mid).board_id
    out = cap(repo, mid, "/present Nadia Khan")
    assert out.severity == "warning" and "new to the roster: Nadia Khan" in out.message
    cap(repo, mid, "/attendee Thomas Llewyn-Jones")
    cap(repo, mid, "/apologies Cllr Ashraf")
    groups = {p.name: p.group for p in repo.people.people(board)}
    assert groups["Nadia Khan"] is Group.MEMBER
    assert groups["Thomas Llewyn-Jones"] is Group.ADVISER
    assert groups["Councillor Ashraf"] is Group.MEMBER
    assert status_of(repo, mid)["Councillor Ashraf"] is AttendanceStatus.APOLOGIES


def test_ambiguous_name_in_attendance_is_kept_as_typed_and_asked_about(repo, mid):
    board = repo.meetings.meeting(mid).board_id
    people = len(repo.people.people(board))
    out = cap(repo, mid, "/present Andy Opie and Stephen")
    # Stored at once: Andy Opie is applied, 'Stephen' is kept as typed, unconfirmed.
    assert out.severity == "warning"
    assert "'Stephen' could be Stephen Clayman or Stephen Thompson: which?" in out.message
    assert sorted(a.person_name for a in repo.people.attendance(mid)) == ["Andy Opie", "Stephen"]
    (q,) = repo.names.name_questions(mid)
    assert (q.typed, [n for _, n in q.candidates]) == (
        "Stephen", ["Stephen Clayman", "Stephen Thompson"])
    assert len(repo.people.people(board)) == people + 1
    # One undo takes back the line, its stand-in and its question.
    repo.undo()
    assert repo.people.attendance(mid) == [] and repo.names.name_questions(mid) == []
    assert len(repo.people.people(board)) == people


def test_chair_and_note_taker(repo, mid):
    cap(repo, mid, "/apologies Fiona Taylor")
    out = cap(repo, mid, "/chair Fiona")
    assert out.message == "Fiona Taylor chairs the meeting"
    cap(repo, mid, "/notetaker jade hodgson")
    roles = {a.person_name: (a.status, a.role) for a in repo.people.attendance(mid)}
    assert roles == {"Fiona Taylor": (AttendanceStatus.PRESENT, Role.CHAIR),
                     "Jade Hodgson": (AttendanceStatus.PRESENT, Role.NOTE_TAKER)}
    meeting = repo.meetings.meeting(mid)
    assert (meeting.chair, meeting.note_taker) == ("Fiona Taylor", "Jade Hodgson")
    for line, message in [("/chair", "/chair needs NAME"),
                          ("/chair A and B", "/chair takes one name")]:
        with pytest.raises(CaptureError, match=message):
            cap(repo, mid, line)
    # A name that fits two people takes the role as typed, asked about, not refused.
    out = cap(repo, mid, "/notetaker Stephen")
    assert "could be" in out.message and repo.meetings.meeting(mid).note_taker == "Stephen"
    (q,) = repo.names.name_questions(mid)
    repo.names.answer_name(q.id, person_id(repo, mid, "Stephen Thompson"))
    assert repo.meetings.meeting(mid).note_taker == "Stephen Thompson"
    roles = {a.person_name: a.role for a in repo.people.attendance(mid)}
    assert roles["Stephen Thompson"] is Role.NOTE_TAKER and "Stephen" not in roles
    cap(repo, mid, "/notetaker jade hodgson")
    # One chair: the role moves.
    cap(repo, mid, "/chair Stephen Clayman")
    roles = {a.person_name: a.role for a in repo.people.attendance(mid)}
    assert roles["Fiona Taylor"] is None and roles["Stephen Clayman"] is Role.CHAIR
    assert repo.meetings.meeting(mid).chair == "Stephen Clayman"


def test_left_and_joined_record_local_time_and_a_line(repo, mid, clock, london):
    clock.now = dt.datetime(2021, 3, 31, 9, 0, tzinfo=dt.UTC)
    cap(repo, mid, "/present Councillor Worby")
    cap(repo, mid, "/goto 5")
    clock.advance(minutes=47)  # 09:47 UTC = 10:47 in London (BST)
    out = cap(repo, mid, "/left Cllr Worby")
    assert out.message == "Councillor Worby left at 10:47"
    clock.advance(minutes=13)
    cap(repo, mid, "/joined Mark Long")
    att = {a.person_name: a for a in repo.people.attendance(mid)}
    assert att["Councillor Worby"].left == dt.time(10, 47)
    assert att["Councillor Worby"].status is AttendanceStatus.PRESENT
    assert att["Mark Long"].arrived == dt.time(11, 0)
    assert att["Mark Long"].status is AttendanceStatus.PRESENT
    assert lines(repo, item_at(repo, mid, 5).id) == [
        (EntryKind.PARAGRAPH, "Councillor Worby left the meeting."),
        (EntryKind.PARAGRAPH, "Mark Long joined the meeting.")]
    with pytest.raises(CaptureError, match="/left needs NAME"):
        cap(repo, mid, "/left")


def test_declare(repo, mid):
    cap(repo, mid, "/goto 2")
    out = cap(repo, mid, "/declare Cllr Worby: trustee of a local refuge charity (item 5).")
    assert out.message == "Declaration of interest by Councillor Worby added to item 2"
    out = cap(repo, mid, "/declare A Visitor: works for the provider")
    assert out.severity == "warning"
    assert lines(repo, item_at(repo, mid, 2).id) == [
        (EntryKind.DECLARATION, "Councillor Worby: trustee of a local refuge charity (item 5)."),
        (EntryKind.DECLARATION, "A Visitor: works for the provider")]
    for line in ["/declare Cllr Worby", "/declare : an interest", "/declare Worby:"]:
        with pytest.raises(CaptureError, match="/declare needs NAME: INTEREST"):
            cap(repo, mid, line)


# ---------------------------------------------------------------- meeting-level


def test_next_meeting(repo, mid):
    out = cap(repo, mid, "/next-meeting 2021-06-30 10:00-13:00 | MS Teams | Cllr Mullane")
    nxt = repo.meetings.meeting(mid).next_meeting
    assert (nxt.date, nxt.start, nxt.end, nxt.venue, nxt.chair) == (
        dt.date(2021, 6, 30), dt.time(10), dt.time(13), "MS Teams", "Councillor Mullane")
    assert out.message == ("Next meeting: Wednesday 30 June 2021, 10:00-13:00, MS Teams, "
                           "chair Councillor Mullane")
    cap(repo, mid, "/next-meeting 29 September")
    nxt = repo.meetings.meeting(mid).next_meeting
    assert (nxt.date, nxt.start, nxt.venue) == (dt.date(2021, 9, 29), None, "")


@pytest.mark.parametrize("line, message", [
    ("/next-meeting", "/next-meeting needs DATE"),
    ("/next-meeting soon", "needs a date first"),
    ("/next-meeting 2021-06-31 10:00-13:00", "needs a date first"),
    ("/next-meeting 2021-06-30 13:00-10:00", "the end time 10:00 is not after"),
    ("/next-meeting 2021-06-30 | a | b | c", "at most 3 parts"),
])
def test_next_meeting_malformed(repo, mid, line, message):
    with pytest.raises(CaptureError, match=message):
        cap(repo, mid, line)
    assert repo.meetings.meeting(mid).next_meeting is None


def test_forward_plan(repo, mid):
    cap(repo, mid, "/forward Knife Crime Strategy | MPS | June 2021")
    cap(repo, mid, "/forward Hate Crime Report")
    assert [(f.title, f.presenter, f.when) for f in repo.meetings.forward_plan(mid)] == [
        ("Knife Crime Strategy", "MPS", "June 2021"), ("Hate Crime Report", "", "")]
    for line in ["/forward", "/forward | MPS", "/forward a | b | c | d"]:
        with pytest.raises(CaptureError, match="/forward needs"):
            cap(repo, mid, line)
    assert len(repo.meetings.forward_plan(mid)) == 2


def test_phrase_book(repo, mid):
    out = cap(repo, mid, "/phrase The board thanked the presenter for the update.")
    assert "phrase book" in out.message
    assert repo.minutes.phrases() == ["The board thanked the presenter for the update."]
    assert cap(repo, mid, "/phrase the board noted the update.").message == (
        "That sentence is already in the phrase book")
    assert repo.minutes.phrases() == ["The board thanked the presenter for the update."]
    assert all_phrases(repo)[:len(stock_phrases())] == list(stock_phrases())
    assert all_phrases(repo)[-1] == "The board thanked the presenter for the update."


def test_undo_repeatedly(repo, mid):
    cap(repo, mid, "First paragraph.")
    cap(repo, mid, "/a Jade to send the slides")
    cap(repo, mid, "/next")
    cap(repo, mid, "/present Andy Opie, April Bald")
    one = item_at(repo, mid, 1).id
    assert cap(repo, mid, "/undo").message == "Undone: present: Andy Opie, April Bald"
    assert repo.people.attendance(mid) == []
    out = cap(repo, mid, "/undo")
    assert out.message == "Undone: go to item 2" and out.moved
    assert current(repo, mid) == one and repo.meetings.item(one).state is ItemState.CURRENT
    assert cap(repo, mid, "/undo").message == "Undone: add an action to item 1"
    assert repo.minutes.actions(mid) == []
    assert cap(repo, mid, "/undo").message == "Undone: add a paragraph to item 1"
    assert lines(repo, one) == [] and current(repo, mid) is None
    assert cap(repo, mid, "/undo").message.startswith("Undone: ")  # roster imports
    assert repo.meetings.meeting(mid)  # the meeting outlives the roster undo


def test_undo_with_nothing_left(repo):
    from csp_tui.domain.models import Meeting

    m = repo.meetings.create_meeting(Meeting(date=TODAY))
    repo.undo()
    with pytest.raises(CaptureError, match="no meeting"):
        cap(repo, m.id, "/undo")
    m = repo.meetings.create_meeting(Meeting(date=TODAY))
    repo.conn.execute("UPDATE journal SET undone = 1")
    assert cap(repo, m.id, "/undo").message == "Nothing to undo"


def test_help(repo, mid):
    out = cap(repo, mid, "/help")
    assert out.show_help and not out.moved


def test_no_pending_item_to_write_under(repo, mid):
    for item in repo.meetings.items(mid):
        repo.meetings.defer_item(item.id, "Later.")
    with pytest.raises(CaptureError, match="none is pending"):
        cap(repo, mid, "A paragraph")


def test_parse_is_pure_and_execute_takes_a_command(repo, mid):
    cmd = parse("/a Jade, MPS and Board chairs to act by next board")
    assert cmd.name == "action"
    assert isinstance(cmd, SlashAction)
    assert (cmd.owners, cmd.task, cmd.due) == (("Jade", "MPS", "Board chairs"), "act",
                                               "next board")
    assert repo.minutes.actions(mid) == []
    execute(repo, mid, cmd, today=TODAY)
    assert action_of(repo, mid).owner == "Jade Hodgson, MPS and Board chairs"
    assert parse("/A to x").name == "action"
    with pytest.raises(CaptureError, match="no meeting"):
        execute(repo, 999, parse("hello"))


def test_every_command_is_listed_and_parses(repo, mid):
    for c in SLASH_COMMANDS:
        line = c.example or f"/{c.name}"
        assert parse(line).name == c.name, line


# ---------------------------------------------------------------- names, completion


def test_resolve_name_rules():
    roster = [Person(id=1, name="Stephen Clayman"), Person(id=2, name="Stephen Thompson"),
              Person(id=3, name="Councillor Worby"), Person(id=4, name="Daniel James"),
              Person(id=5, name="James Lee")]
    assert resolve_name("cllr worby", roster).person.id == 3
    assert resolve_name("Worby", roster).person.id == 3
    assert resolve_name("Clayman", roster).person.id == 1
    assert resolve_name("Stephen", roster).ambiguous
    assert resolve_name("Stephen", roster, attending=[2]).person.id == 2
    assert resolve_name("James", roster).ambiguous  # a surname and a first name
    assert resolve_name("Stephen C", roster).person is None
    assert resolve_name("Cllr Smith", roster).name == "Councillor Smith"


def test_completion_names_put_attendance_first(repo, mid):
    cap(repo, mid, "/present Stephen Thompson")
    names = completion_names(repo, mid)
    assert names[0] == "Stephen Thompson" and "Andy Opie" in names
    assert len(names) == len(set(names))


NAMES = ["Jade Hodgson", "Daniel James", "Councillor Worby", "Councillor Mullane",
         "Andy Opie", "Angie Fuller"]


@pytest.mark.parametrize("line, expected", [
    ("/ne", ["/next", "/next-meeting "]),
    ("/ac", ["/action "]),
    ("/next", ["/next-meeting "]),
    ("/zz", []),
    ("/a ja", ["/a Jade Hodgson", "/a Daniel James"]),
    ("/action Jade Hodgson, an", ["/action Jade Hodgson, Andy Opie",
                                  "/action Jade Hodgson, Angie Fuller"]),
    ("/a Andy Opie and cllr m", ["/a Andy Opie and Councillor Mullane"]),
    ("/a Jade to se", []),
    ("/present Andy Opie, And", []),  # already listed
    ("/apologies wor", ["/apologies Councillor Worby"]),
    ("/chair opie", ["/chair Andy Opie"]),
    ("/declare cllr w", ["/declare Councillor Worby: "]),
    ("/declare Worby: tru", []),
    ("No dec", ["No declarations of interest to note."]),
    ("- the board n", ["- The board noted the update.", "- The board noted the report."]),
    ("sent apol", ["Representative sent apologies so item deferred to later board."]),
    ("/agreed the minutes", [
        "/agreed The minutes of the previous meeting were agreed as an accurate record."]),
    ("T", []),
    ("", []),
])
def test_complete(line, expected):
    assert complete(line, names=NAMES, phrases=list(stock_phrases())) == expected



def test_an_impossible_due_date_is_refused_and_nothing_is_saved(repo) -> None:
    from csp_tui.capture import grammar, handlers
    from csp_tui.domain.models import Meeting

    meeting = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 3, 31)))
    before = repo.conn.execute("SELECT count(*) FROM journal").fetchone()[0]
    with pytest.raises(grammar.CaptureError, match="'31/04/2021' is not a date"):
        handlers.execute(repo, meeting.id,
                         grammar.parse("/a Jade to circulate the slides by 31/04/2021"))
    assert repo.minutes.actions(meeting.id) == []
    assert repo.conn.execute("SELECT count(*) FROM journal").fetchone()[0] == before
    # words after "by" that are not a date stay in the task
    handlers.execute(repo, meeting.id, grammar.parse("/a Jade to be signed off by the board"))
    assert repo.minutes.actions(meeting.id)[0].task == "be signed off by the board"


@pytest.mark.parametrize("line, changed", [
    ("A paragraph.", {"entry_added", "moved", "changed_agenda", "quiet"}),
    ("/present Andy Opie", {"attendance_changed"}),
    ("/present Nadia Khan", {"attendance_changed", "roster_changed"}),
    ("/joined Nadia Khan", {"attendance_changed", "roster_changed", "entry_added", "moved",
                            "changed_agenda"}),
    ("/phrase The board thanked the officers.", {"phrases_changed"}),
    ("/forward Knife crime | MPS | June", set()),
])
def test_the_outcome_says_what_changed(repo, mid, line, changed):
    flags = {"quiet", "entry_added", "moved", "changed_agenda", "attendance_changed",
             "roster_changed", "phrases_changed", "show_help"}
    out = cap(repo, mid, line)
    assert {f for f in flags if getattr(out, f)} == changed
    assert out.completions_changed == bool(
        changed & {"attendance_changed", "roster_changed", "phrases_changed"})


def test_each_slash_command_parses_into_typed_arguments():
    from csp_tui.capture.grammar import SlashDeclare, SlashGoto, SlashNames

    assert parse("/goto 14.ii") == SlashGoto(name="goto", text="14.ii", raw="/goto 14.ii",
                                             top=14, sub=2)
    names = parse("/attendees Andy Opie, Jade Hodgson, and Cllr Worby")
    assert isinstance(names, SlashNames) and names.name == "attendee"
    assert names.names == ("Andy Opie", "Jade Hodgson", "Cllr Worby")
    declared = parse("/declare Cllr Worby: trustee")
    assert isinstance(declared, SlashDeclare)
    assert (declared.person, declared.interest) == ("Cllr Worby", "trustee")
