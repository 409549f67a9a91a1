"""The minutes' lines model (csp_tui/domain/minutes_lines.py): the words every line of
the minutes has, in the item pane, in Word and in Markdown alike. Each rule is held
here, at the model, so that breaking it fails a test whichever renderer shows it."""

from __future__ import annotations

from csp_tui.domain.house_style import default_style
from csp_tui.domain.minutes_lines import (
    Kind,
    Para,
    action_line,
    action_sentence,
    carried_line,
    closing_lines,
    declaration_text,
    deferral_line,
    heading_line,
    item_line,
    next_number,
    summary_line,
)
from csp_tui.domain.models import (
    Action,
    ActionStatus,
    AgendaItem,
    Entry,
    EntryKind,
    ForwardPlanItem,
    ItemState,
    MeetingState,
    MinutedAction,
)

#: The default house style's sentences (council-word-2021).
NO_DECLARATIONS = default_style().sentences.no_declarations
ITEM_DEFERRED = default_style().deferral.bare


def action(owner: str = "", task: str = "circulate the slides", due: str = "",
           **kw) -> Action:
    return Action(meeting_id=1, item_id=4, owner=owner, task=task, due=due, **kw)


# --- The action sentence -------------------------------------------------------------


def test_an_owner_starts_the_sentence_then_to_the_task_and_when_it_is_due():
    assert action_sentence(action("Jade Hodgson", due="2021-04-30")) == (
        "ACTION: Jade Hodgson to circulate the slides by 30 April 2021.")
    assert action_sentence(action("MPS", "report back.", due="ASAP")) == (
        "ACTION: MPS to report back ASAP.")
    assert action_sentence(action("Board chairs", "meet", due="next board")) == (
        "ACTION: Board chairs to meet by next board.")


def test_a_task_stored_as_to_something_is_not_given_a_second_to():
    assert action_sentence(action("Jade", "to review the ISA")) == (
        "ACTION: Jade to review the ISA.")
    assert action_sentence(action("Jade", "To review the ISA")) == (
        "ACTION: Jade to review the ISA.")
    # A word that only begins with "to" is the task's own.
    assert action_sentence(action("Jade", "tour the site")) == "ACTION: Jade to tour the site."


def test_an_ownerless_action_is_its_task_with_a_capital():
    assert action_sentence(action(task="review the ISA")) == "ACTION: Review the ISA."
    assert action_sentence(action(task="to review the ISA")) == "ACTION: Review the ISA."


def test_a_passive_action_is_its_whole_line_with_no_to_added():
    task = "Roadmap of structures, roles and responsibilities to be presented to the board"
    assert action_sentence(action(task=task)) == (
        "ACTION: Roadmap of structures, roles and responsibilities to be presented to "
        "the board.")


def test_the_status_follows_a_completed_or_dropped_action_only():
    assert action_sentence(action("MPS", status=ActionStatus.COMPLETED)) == (
        "ACTION: MPS to circulate the slides. (COMPLETED)")
    assert action_sentence(action("MPS", status=ActionStatus.DROPPED)).endswith(
        "slides. (DROPPED)")
    assert action_sentence(action("MPS", status=ActionStatus.IN_PROGRESS)).endswith("slides.")
    # The status can be given (the one function that builds the sentence).
    assert action_sentence(action("MPS"), ActionStatus.COMPLETED).endswith("(COMPLETED)")


def test_an_items_own_action_is_printed_as_the_lifecycle_says():
    later = action("Andy Opie", "send the plan", due="ASAP", status=ActionStatus.COMPLETED,
                   minuted=MinutedAction(owner="Jade Hodgson", task="draft the plan"))
    # Until circulated the draft follows the action (in the words minuted)...
    assert item_line(later, state=MeetingState.CLOSED) == Para(
        Kind.ACTION, "ACTION: Andy Opie to draft the plan ASAP. (COMPLETED)", item_id=4)
    # ...from circulation on, the form fixed then.
    for state in (MeetingState.CIRCULATED, MeetingState.APPROVED):
        assert item_line(later, state=state) == Para(
            Kind.ACTION, "ACTION: Jade Hodgson to draft the plan.", item_id=4)


def test_owners_who_matched_nobody_on_the_roster_are_marked_and_their_words_kept():
    names = {1: "Jade Hodgson", 2: "Andy Opie"}
    para = action_line(action("Jade, Fred Nobody and MPS", owner_ids=[1]), names)
    assert para.text == "ACTION: Jade, Fred Nobody and MPS to circulate the slides."
    assert [para.text[a:b] for a, b in para.unmatched] == ["Fred Nobody", "MPS"]
    # Every owner matched: nothing marked; no roster given (an export): not looked at.
    assert action_line(action("Jade Hodgson and Andy", owner_ids=[1, 2]), names).unmatched == ()
    assert action_line(action("Fred Nobody")).unmatched == ()
    # An earlier meeting's action is marked the same way.
    carried = carried_line(action("MPS", owner_ids=[]), names=names)
    assert [carried.text[a:b] for a, b in carried.unmatched] == ["MPS"]


# --- Numbering -----------------------------------------------------------------------


def test_numbered_points_count_up_and_any_other_line_starts_them_again():
    kinds = [EntryKind.NUMBERED, EntryKind.NUMBERED, EntryKind.PARAGRAPH,
             EntryKind.NUMBERED, None, EntryKind.NUMBERED, EntryKind.NUMBERED,
             EntryKind.BULLET, EntryKind.NUMBERED]
    number, markers = 0, []
    for k, kind in enumerate(kinds):
        line = action("MPS") if kind is None else Entry(item_id=4, kind=kind, text=f"p{k}")
        number = next_number(line, number)
        markers.append(item_line(line, number).marker)
    assert markers == ["1.", "2.", "", "1.", "", "1.", "2.", "", "1."]


def test_numbering_counts_on_from_where_a_page_stopped():
    # The pane reads an item a page at a time and goes on from the last number shown.
    point = Entry(item_id=4, kind=EntryKind.NUMBERED, text="the next point")
    assert item_line(point, next_number(point, 50)) == Para(
        Kind.NUMBERED, "the next point", marker="51.", item_id=4)


# --- Entries and declarations --------------------------------------------------------


def test_each_kind_of_entry_is_its_kind_of_line():
    def line(kind: EntryKind) -> Para:
        return item_line(Entry(item_id=4, kind=kind, text="Text"))

    assert line(EntryKind.PARAGRAPH) == Para(Kind.BODY, "Text", item_id=4)
    assert line(EntryKind.BULLET) == Para(Kind.BULLET, "Text", item_id=4)
    assert line(EntryKind.DECISION) == Para(Kind.DECISION, "Text", item_id=4)
    assert line(EntryKind.HEADING) == Para(Kind.HEADING, "Text", item_id=4)


def test_a_declaration_reads_as_a_declaration_of_interest():
    declared = Entry(item_id=2, kind=EntryKind.DECLARATION,
                     text="Councillor Worby: trustee of the Food Bank")
    assert item_line(declared) == Para(
        Kind.BODY, "Declaration of interest: Councillor Worby - trustee of the Food Bank",
        item_id=2)
    assert declaration_text("a general interest") == (
        "Declaration of interest: a general interest")


def test_no_declarations_is_said_only_of_a_declarations_item_with_none():
    item = AgendaItem(id=2, number="2", title="Declaration of Interests")
    assert closing_lines(item, wrote=False) == [Para(Kind.BODY, NO_DECLARATIONS, item_id=2)]
    assert closing_lines(item, wrote=True) == []
    deferred = item.model_copy(update={"state": ItemState.DEFERRED})
    assert closing_lines(deferred, wrote=False) == []
    other = AgendaItem(id=5, number="5", title="Street Space Pilot")
    assert closing_lines(other, wrote=False) == []


# --- The item's head: heading, deferral, public summary ------------------------------


def test_a_deferred_item_says_why_or_that_it_was_deferred():
    item = AgendaItem(id=7, title="Prevent", state=ItemState.DEFERRED,
                      deferred_reason="Item deferred to March CSP Board as presenter was "
                                      "not present.")
    assert deferral_line(item) == Para(Kind.BODY, item.deferred_reason, item_id=7)
    no_reason = item.model_copy(update={"deferred_reason": ""})
    assert deferral_line(no_reason) == Para(Kind.BODY, ITEM_DEFERRED, item_id=7)
    assert deferral_line(item.model_copy(update={"state": ItemState.DONE})) is None


def test_headings_number_items_and_say_restricted():
    item = AgendaItem(id=11, number="11", title="Prevent Update")
    assert heading_line(item, False) == Para(Kind.ITEM, "11. PREVENT UPDATE", item_id=11)
    assert heading_line(item, True).text == "11. RESTRICTED: PREVENT UPDATE"
    sub = AgendaItem(id=12, parent_id=11, number="(ii)", title="Channel panel")
    assert heading_line(sub, True) == Para(Kind.SUBITEM, "(ii) RESTRICTED: CHANNEL PANEL",
                                           item_id=12)
    summarised = item.model_copy(update={"public_summary": "The board was briefed."})
    assert summary_line(summarised, True) == Para(
        Kind.BODY, "Public summary: The board was briefed.", item_id=11)
    assert summary_line(summarised, False) is None
    assert summary_line(item, True) is None


# --- The forward plan, the next meeting, earlier meetings' actions -------------------


def test_the_forward_plan_lists_each_item_with_presenter_and_when():
    item = AgendaItem(id=13, number="13", title="Forward Plan")
    plan = [ForwardPlanItem(title="Knife crime", presenter="MPS", when="June"),
            ForwardPlanItem(title="Hate crime", when="September"),
            ForwardPlanItem(title="Youth offending")]
    assert closing_lines(item, wrote=True, forward=plan) == [
        Para(Kind.BULLET, "Knife crime (MPS, June)", item_id=13),
        Para(Kind.BULLET, "Hate crime (September)", item_id=13),
        Para(Kind.BULLET, "Youth offending", item_id=13)]
    # Only under the Forward Plan item.
    assert closing_lines(AgendaItem(id=5, title="AOB"), wrote=True, forward=plan) == []


def test_the_next_meeting_block_closes_its_item():
    item = AgendaItem(id=15, number="15", title="Date of Next Meeting")
    block = ["Community Safety Partnership Board", "Wednesday 30 June 2021, 10:00-13:00"]
    assert [p.text for p in closing_lines(item, wrote=False, next_meeting=block)] == block


def test_an_earlier_meetings_action_says_its_status_or_only_that_it_is_restricted():
    done = action("MPS", "send the plan", status=ActionStatus.COMPLETED)
    assert carried_line(done).text == "ACTION: MPS to send the plan. (COMPLETED)"
    assert carried_line(done, hidden=True).text == "ACTION: Restricted. (COMPLETED)"
    assert carried_line(action("MPS"), hidden=True).text == "ACTION: Restricted."
