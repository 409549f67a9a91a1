"""Restriction through the command line: a RESTRICTED title marks its item wherever it
comes from, deleting an item leaves nothing of it in public view, a restricted action
shows "[restricted]" for its task, owner, due and history, and the pre-export check
asks about an unrestricted item that says it is restricted or confidential."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from csp_tui.cli.main import main
from csp_tui.domain.models import Action, AgendaItem, Entry, Meeting, Person
from csp_tui.storage.repository import Repository


def csp(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def board(db_path: Path, clock) -> dict[str, int]:
    """December's meeting with a restricted item holding an ownerless action and an
    action whose owner and due were changed; March's meeting reviews them."""
    with Repository.open(db_path, clock=clock) as repo:
        dec = repo.meetings.create_meeting(Meeting(date=dt.date(2020, 12, 9)), [
            (AgendaItem(title="Minutes and Action Log"), []),
            (AgendaItem(title="Prevent Update", restricted=True), [])])
        log, prevent = repo.meetings.items(dec.id)
        owned = repo.minutes.add_action(Action(meeting_id=dec.id, item_id=prevent.id,
                                               owner="Chris Lyons", task="brief the channel panel",
                                               due="2021-01-31"))
        repo.minutes.update_action(owned.id, owner="Sonia Drozd", due="2021-02-28",
                                   note="moved to the panel chair")
        bare = repo.minutes.add_action(Action(meeting_id=dec.id, item_id=prevent.id, owner="",
                                              task="name the referral family"))
        mar = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 3, 31)), [
            (AgendaItem(title="Minutes and Action Log"), []),
            (AgendaItem(title="Confidential briefing on knife crime"), []),
            (AgendaItem(title="Street Space"), [])])
        _, briefing, street = repo.meetings.items(mar.id)
        repo.minutes.add_entry(Entry(item_id=street.id, text="This is restricted until May."))
        repo.minutes.add_entry(Entry(item_id=briefing.id, text="The figures."))
        return {"dec": dec.id, "mar": mar.id, "owned": owned.id, "bare": bare.id,
                "prevent": prevent.id, "log": log.id}


def test_show_withholds_owner_due_and_history_of_a_restricted_action(db_path, board, capsys):
    # The repro: show printed "owner: Chris Lyons -> Sonia Drozd; due: ..." without --full.
    code, out, _ = csp(capsys, "actions", "show", str(board["owned"]), "--db", str(db_path))
    assert code == 0
    for secret in ("Chris", "Sonia", "2021-01-31", "2021-02-28", "channel", "panel chair"):
        assert secret not in out, secret
    assert "Owner:    [restricted]" in out and "Due:      [restricted]" in out
    code, out, _ = csp(capsys, "actions", "show", str(board["owned"]), "--format", "json",
                       "--db", str(db_path))
    shown = json.loads(out)
    assert (shown["owner"], shown["due"], shown["owner_names"]) == ("[restricted]",) * 2 + ([],)
    assert {h["change"] for h in shown["history"]} == {"[restricted]"}
    code, out, _ = csp(capsys, "actions", "show", str(board["owned"]), "--full",
                       "--db", str(db_path))
    assert "owner: Chris Lyons -> Sonia Drozd" in out and "2021-02-28" in out


def test_check_and_export_warnings_withhold_a_restricted_task(db_path, board, tmp_path,
                                                             capsys):
    # The repro: the warnings printed the task of a restricted action with no owner.
    code, out, _ = csp(capsys, "export", str(board["dec"]), "--check", "--db", str(db_path))
    assert code == 1
    assert "action with no owner (item 2. Prevent Update): [restricted]" in out
    assert "referral family" not in out
    code, out, err = csp(capsys, "export", str(board["dec"]), "--format", "md", "--out",
                         str(tmp_path), "--db", str(db_path))
    assert code == 0 and "[restricted]" in err and "referral family" not in err
    code, out, _ = csp(capsys, "export", str(board["dec"]), "--check", "--full",
                       "--db", str(db_path))
    assert "action with no owner (item 2. Prevent Update): name the referral family" in out


def test_check_asks_about_an_unrestricted_item_that_says_restricted(db_path, board, capsys):
    code, out, _ = csp(capsys, "export", str(board["mar"]), "--check", "--db", str(db_path))
    assert code == 1
    assert ('item 2. Confidential briefing on knife crime is not restricted but says '
            '"confidential"') in out
    assert 'item 3. Street Space is not restricted but says "restricted"' in out


def test_a_deleted_restricted_item_leaves_nothing_in_public_view(db_path, board, tmp_path,
                                                                capsys):
    # The repro: after deleting the item its actions' item became NULL, and their text
    # showed in csp actions, --search, actions export, --action-log and next minutes.
    with Repository.open(db_path) as repo:
        repo.delete_item(board["prevent"])
    db = str(db_path)
    printed = [csp(capsys, "actions", "--all", "--format", fmt, "--full", "--db", db)[1]
               for fmt in ("table", "csv", "json", "md")]
    printed.append(csp(capsys, "actions", "--all", "--search", "channel", "--full",
                       "--db", db)[1])
    csp(capsys, "actions", "export", "--all", "--docx", str(tmp_path / "plan.docx"),
        "--db", db)
    csp(capsys, "export", str(board["mar"]), "--format", "md", "--action-log", "--out",
        str(tmp_path / "mar.md"), "--db", db)
    printed.append((tmp_path / "mar.md").read_text())
    for text in printed:
        assert "channel" not in text and "referral" not in text
    assert json.loads(printed[2]) == []
    with Repository.open(db_path) as repo:  # undo brings it all back, restricted
        repo.undo()
    rows = json.loads(csp(capsys, "actions", "--all", "--format", "json", "--db", db)[1])
    assert [(r["id"], r["action"], r["restricted"]) for r in rows] == [
        (board["owned"], "[restricted]", True), (board["bare"], "[restricted]", True)]


def test_a_restricted_title_marks_the_item_from_a_file_or_a_json_import(db_path, tmp_path,
                                                                       capsys):
    agenda = tmp_path / "agenda.txt"
    agenda.write_text("board: CSP\ndate: 2021-03-31\n1. restricted Prevent Update\n"
                      "2. Restricted - Op Wordwell\n3. Restrictions on parking\n")
    assert csp(capsys, "new", "--agenda", str(agenda), "--db", str(db_path))[0] == 0
    with Repository.open(db_path) as repo:
        meeting = repo.meetings.latest_meeting()
        assert [(i.title, i.restricted) for i in repo.meetings.items(meeting.id)] == [
            ("Prevent Update", True), ("Op Wordwell", True), ("Restrictions on parking", False)]
        backup = tmp_path / "backup.json"
        assert csp(capsys, "export", str(meeting.id), "--format", "json", "--full",
                   "--out", str(backup), "--db", str(db_path))[0] == 0
    data = json.loads(backup.read_text())
    for item in data["record"]["items"]:
        if item["title"] == "Restrictions on parking":
            item["title"] = "RESTRICTED:Restrictions on parking"
    backup.write_text(json.dumps(data))
    other = tmp_path / "other.db"
    assert csp(capsys, "import", str(backup), "--db", str(other))[0] == 0
    with Repository.open(other) as repo:
        items = repo.meetings.items(repo.meetings.latest_meeting().id)
        assert [(i.title, i.restricted) for i in items] == [
            ("Prevent Update", True), ("Op Wordwell", True), ("Restrictions on parking", True)]


def test_a_restricted_title_typed_in_an_edit_marks_the_item(repo):
    meeting = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 3, 31)))
    item = repo.meetings.items(meeting.id)[0]
    edited = repo.meetings.update_item(item.model_copy(update={"title": "RESTRICTED: Case review"}))
    assert (edited.title, edited.restricted) == ("Case review", True)
    # Taking the mark off afterwards holds: the title no longer carries the prefix.
    cleared = repo.meetings.update_item(edited.model_copy(update={"restricted": False}))
    assert (cleared.title, cleared.restricted) == ("Case review", False)


def test_the_name_check_in_the_warnings_quotes_no_restricted_text(db_path, clock, capsys):
    with Repository.open(db_path, clock=clock) as repo:
        meeting = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 3, 31)), [
            (AgendaItem(title="Case review", restricted=True), [])])
        repo.people.add_person(Person(board_id=meeting.board_id, name="Jade Hodgson"))
        item = repo.meetings.items(meeting.id)[0]
        repo.minutes.add_entry(Entry(item_id=item.id, text="Jade Hodgsen met the family."))
        repo.minutes.add_action(Action(meeting_id=meeting.id, item_id=item.id,
                                       owner="Jade Hodgsun", task="visit the family"))
    public = csp(capsys, "export", "--check", "--db", str(db_path))[1]
    assert "Hodgsen" not in public and "Hodgsun" not in public
    full = csp(capsys, "export", "--check", "--full", "--db", str(db_path))[1]
    assert "Hodgsen" in full and "Hodgsun" in full
