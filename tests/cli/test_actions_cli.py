"""``csp actions``: every filter and format, show/done/update with their history,
restricted text withheld, and bad input as one line with exit code 2."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from csp_tui.cli import actions_output
from csp_tui.cli.main import main
from csp_tui.domain.models import Action, ActionStatus, AgendaItem, Meeting, NextMeeting, Person
from csp_tui.storage.action_query import Filters, find_actions
from csp_tui.storage.connection import open_readonly
from csp_tui.storage.repository import Repository

TODAY = dt.date.today()


def build_log(repo: Repository) -> dict[str, int]:
    """Two boards, three meetings, and actions covering every filter; returns ids by
    a short name."""
    cs = repo.meetings.board("Community Safety Partnership")
    snb = repo.meetings.board("Safer Neighbourhood Board")
    people = {n: repo.people.add_person(Person(board_id=cs.id, name=n)).id
              for n in ("Jade Hodgson", "Jonathan Woodhams", "Chris Lyons", "Sonia Drozd")}
    people["Owen Evans"] = repo.people.add_person(Person(board_id=snb.id, name="Owen Evans")).id

    dec = repo.meetings.create_meeting(Meeting(board_name=cs.name, date=dt.date(2020, 12, 9)))
    mar = repo.meetings.create_meeting(
        Meeting(board_name=cs.name, date=dt.date(2021, 3, 31),
                next_meeting=NextMeeting(date=dt.date(2021, 6, 30))),
        [(AgendaItem(title="Minutes and Action Log"), []),
         (AgendaItem(title="Prevent Update", restricted=True), []),
         (AgendaItem(title="Any Other Business"),
          [AgendaItem(title="Ward panels"), AgendaItem(title="Op Wordwell", restricted=True)]),
         ])
    snb_m = repo.meetings.create_meeting(Meeting(board_name=snb.name, date=dt.date(2021, 4, 20)))
    dec_items = repo.meetings.items(dec.id)
    items = {i.title: i.id for i in repo.meetings.items(mar.id)}

    def add(meeting: Meeting, item_id: int | None, owner: str, task: str, due: str = "",
            owners: tuple[str, ...] = ()) -> int:
        return repo.minutes.add_action(Action(meeting_id=meeting.id, item_id=item_id, owner=owner,
                                              task=task, due=due,
                                              owner_ids=[people[o] for o in owners])).id

    ids = {
        "old_done": add(dec, dec_items[2].id, "Jade Hodgson",
                        "circulate the terms of reference", "2021-01-15", ("Jade Hodgson",)),
        "group": add(dec, dec_items[2].id, "Jonathan Woodhams and Chris Lyons",
                     "review the Prevent referral pathway with schools", "2021-03-31",
                     ("Jonathan Woodhams", "Chris Lyons")),
        "mps": add(mar, items["Minutes and Action Log"], "MPS",
                   "provide ward-level knife crime data", "2099-01-31", ("Sonia Drozd",)),
        "asap": add(mar, items["Ward panels"], "Jade Hodgson", "book the ward panel dates",
                    "ASAP", ("Jade Hodgson",)),
        "secret": add(mar, items["Prevent Update"], "Chris Lyons",
                      "brief the channel panel on the named referral", "2021-04-16",
                      ("Chris Lyons",)),
        "secret_sub": add(mar, items["Op Wordwell"], "Sonia Drozd",
                          "share the covert plan with the borough commander", "2099-05-01",
                          ("Sonia Drozd",)),
        "dropped": add(mar, items["Any Other Business"], "Jonathan Woodhams",
                       "write to the minister", "", ("Jonathan Woodhams",)),
        "snb": add(snb_m, None, "Owen Evans", "map the knife crime hotspots", "2021-06-01",
                   ("Owen Evans",)),
    }
    repo.minutes.complete_action(ids["old_done"], note="Sent to all members.")
    repo.minutes.update_action(ids["group"], status=ActionStatus.IN_PROGRESS,
                               note="Meeting with schools booked.")
    repo.minutes.update_action(ids["dropped"], status=ActionStatus.DROPPED,
                               note="No longer needed.")
    repo.minutes.update_action(ids["secret"], note="The referral is on the channel list.")
    ids["dec"], ids["mar"], ids["snb_meeting"] = dec.id, mar.id, snb_m.id
    return ids


@pytest.fixture
def log(repo: Repository) -> dict[str, int]:
    # The repository stays open while the commands run, as the app would be.
    return build_log(repo)


def csp(db: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run ``csp --db DB args`` in this process; returns (code, stdout, stderr)."""
    capsys.readouterr()
    code = main([*args[:1], "--db", str(db), *args[1:]])
    out, err = capsys.readouterr()
    return code, out, err


def listed(db: Path, capsys: pytest.CaptureFixture[str], *args: str) -> list[dict]:
    code, out, err = csp(db, "actions", *args, "--format", "json", capsys=capsys)
    assert code == 0, err
    return json.loads(out)


def ids_of(rows: list[dict]) -> list[int]:
    return [r["id"] for r in rows]


# ---------------------------------------------------------------------- filters


def test_default_lists_open_and_in_progress_oldest_meeting_first(db_path, log, capsys):
    rows = listed(db_path, capsys)
    assert ids_of(rows) == [log["group"], log["mps"], log["secret"], log["asap"],
                            log["secret_sub"], log["snb"]]
    assert {r["status"] for r in rows} == {"open", "in progress"}


def test_all_includes_completed_and_dropped(db_path, log, capsys):
    rows = listed(db_path, capsys, "--all")
    assert set(ids_of(rows)) == {v for k, v in log.items()
                                 if k not in ("dec", "mar", "snb_meeting")}


@pytest.mark.parametrize("given, expected", [
    (["--status", "completed"], ["old_done"]),
    (["--status", "dropped,completed"], ["old_done", "dropped"]),
    (["--status", "dropped", "--status", "in-progress"], ["group", "dropped"]),
    (["--status", "In Progress"], ["group"]),
])
def test_status(db_path, log, capsys, given, expected):
    assert sorted(ids_of(listed(db_path, capsys, *given))) == sorted(log[k] for k in expected)


@pytest.mark.parametrize("owner, expected", [
    ("jade", ["asap"]),  # partial, any case
    ("HODGSON", ["asap"]),
    ("chris", ["group"]),  # a person finds the group that lists them
    ("Chris Lyons", ["group"]),  # not "secret": whose a restricted action is is withheld
    ("woodhams and chris", ["group"]),
    ("odgson", ["asap"]),  # part of a roster name, through action_owners
    ("drozd", ["mps"]),  # "MPS" resolved to Sonia Drozd
    ("mps", ["mps"]),
    ("nobody", []),
    ("100%_", []),  # LIKE wildcards are text
])
def test_owner(db_path, log, capsys, owner, expected):
    assert ids_of(listed(db_path, capsys, "--owner", owner)) == [log[k] for k in expected]


def test_owner_finds_restricted_actions_only_with_full(db_path, log, capsys):
    assert ids_of(listed(db_path, capsys, "--owner", "chris", "--full")) == [
        log["group"], log["secret"]]
    assert ids_of(listed(db_path, capsys, "--owner", "drozd", "--full")) == [
        log["mps"], log["secret_sub"]]


def test_owner_with_all(db_path, log, capsys):
    rows = listed(db_path, capsys, "--owner", "jade", "--all")
    assert ids_of(rows) == [log["old_done"], log["asap"]]


def test_overdue_is_a_past_date_on_an_open_action(db_path, log, capsys):
    # "ASAP" cannot be judged; 2099 is not yet due; the completed one is not overdue.
    rows = listed(db_path, capsys, "--overdue")
    assert ids_of(rows) == [log["group"], log["secret"], log["snb"]]


def test_since_meeting_and_board(db_path, log, capsys):
    assert ids_of(listed(db_path, capsys, "--since", "2021-04-01")) == [log["snb"]]
    assert ids_of(listed(db_path, capsys, "--since", "31/03/2021")) == [
        log["mps"], log["secret"], log["asap"], log["secret_sub"], log["snb"]]
    by_date = listed(db_path, capsys, "--meeting", "2020-12-09", "--all")
    assert ids_of(by_date) == [log["old_done"], log["group"]]
    assert ids_of(listed(db_path, capsys, "--meeting", str(log["dec"]), "--all")) == \
        ids_of(by_date)
    assert ids_of(listed(db_path, capsys, "--board", "safer neighbourhood")) == [log["snb"]]
    assert ids_of(listed(db_path, capsys, "--board", "Community Safety Partnership",
                         "--owner", "jade", "--all")) == [log["old_done"], log["asap"]]


def test_search_covers_task_owner_and_update_notes(db_path, log, capsys):
    assert ids_of(listed(db_path, capsys, "--search", "knife")) == [log["mps"], log["snb"]]
    assert ids_of(listed(db_path, capsys, "--search", "schools booked")) == [log["group"]]
    assert ids_of(listed(db_path, capsys, "--search", "minister", "--all")) == [log["dropped"]]
    # FTS syntax in what a user types is text, not an error.
    assert listed(db_path, capsys, "--search", 'NEAR( "knife" AND -') == []


def test_search_does_not_reveal_restricted_text(db_path, log, capsys):
    assert listed(db_path, capsys, "--search", "channel") == []
    assert ids_of(listed(db_path, capsys, "--search", "channel", "--full")) == [log["secret"]]


# ---------------------------------------------------------------------- what is shown


def test_columns_item_numbers_and_age(db_path, log, capsys, repo):
    rows = {r["id"]: r for r in listed(db_path, capsys, "--all")}
    asap = rows[log["asap"]]
    assert asap["owner"] == "Jade Hodgson"
    assert asap["action"] == "book the ward panel dates"
    assert asap["meeting_date"] == "2021-03-31"
    assert (asap["item_number"], asap["item_title"]) == ("3(i)", "Ward panels")
    assert asap["due"] == "ASAP" and asap["status"] == "open"
    created = repo.minutes.action(log["asap"]).created
    assert asap["age_days"] == (TODAY - created.date()).days
    assert rows[log["snb"]]["item_number"] == "" and rows[log["snb"]]["item_title"] == ""
    assert rows[log["group"]]["item_number"] == "3"  # Minutes and Action Log of December


def test_restricted_text_withheld_unless_full(db_path, log, capsys):
    for fmt in ("json", "csv", "md", "table"):
        code, out, _ = csp(db_path, "actions", "--format", fmt, capsys=capsys)
        assert code == 0
        assert "channel panel" not in out and "covert plan" not in out
        assert "[restricted]" in out
    hidden = {r["id"]: r for r in listed(db_path, capsys)}[log["secret"]]
    assert (hidden["owner"], hidden["action"], hidden["due"]) == ("[restricted]",) * 3
    rows = {r["id"]: r for r in listed(db_path, capsys, "--full")}
    assert rows[log["secret"]]["owner"] == "Chris Lyons"
    assert rows[log["secret"]]["action"] == "brief the channel panel on the named referral"
    # A sub-item of a public item under a restricted one: restricted through its item.
    assert rows[log["secret_sub"]]["action"].startswith("share the covert plan")
    code, out, _ = csp(db_path, "actions", "show", str(log["secret"]), capsys=capsys)
    assert "[restricted]" in out and "channel" not in out
    code, out, _ = csp(db_path, "actions", "show", str(log["secret"]), "--full", capsys=capsys)
    assert "brief the channel panel" in out and "The referral is on the channel list." in out


def test_csv_and_json_parse_back_to_the_same_rows(db_path, log, capsys):
    as_json = listed(db_path, capsys, "--all")
    code, out, _ = csp(db_path, "actions", "--all", "--format", "csv", capsys=capsys)
    assert code == 0
    as_csv = list(csv.DictReader(io.StringIO(out)))
    assert list(as_csv[0]) == list(actions_output.FIELDS)
    assert len(as_csv) == len(as_json)
    for c, j in zip(as_csv, as_json, strict=True):
        assert c == {k: "" if v is None else str(v) for k, v in j.items()}


def test_plain_table_when_piped_is_aligned_without_escape_codes(db_path, log, capsys):
    code, out, _ = csp(db_path, "actions", capsys=capsys)
    assert code == 0
    assert "\x1b[" not in out and "│" not in out
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "Owner", "Action", "Meeting", "Item", "Due", "Status",
                                "Age"]
    # Columns line up: each heading starts where its values start.
    start = lines[0].index("Meeting")
    assert all(line[start:start + 10] in ("2020-12-09", "2021-03-31", "2021-04-20")
               for line in lines[1:])
    assert len(lines) == 7
    row = next(line for line in lines if line.lstrip().startswith(f"{log['asap']} "))
    assert "Jade Hodgson" in row and "3(i) Ward panels" in row and "ASAP" in row


def test_markdown_table(db_path, log, capsys):
    code, out, _ = csp(db_path, "actions", "--format", "MD", "--owner", "jade", capsys=capsys)
    lines = out.splitlines()
    assert lines[0] == "| ID | Owner | Action | Meeting | Item | Due | Status | Age |"
    assert lines[1].startswith("|---:|")
    assert lines[2].startswith(f"| {log['asap']} | Jade Hodgson | book the ward panel dates |")
    assert len(lines) == 3


def test_terminal_table_has_colour_and_box_lines(db_path, log):
    conn = open_readonly(db_path)
    rows = find_actions(conn, Filters())
    conn.close()
    out = io.StringIO()
    actions_output.write_actions(rows, "table", out, terminal=True)
    text = out.getvalue()
    assert text.startswith("╭") and "╰" in text and "\x1b[" in text
    narrow = io.StringIO()
    actions_output._box_table(rows, narrow, TODAY, width=80)
    plain = [line for line in narrow.getvalue().splitlines()]
    import re

    assert max(len(re.sub(r"\x1b\[[0-9;]*m", "", line)) for line in plain) <= 80


def test_nothing_matches(db_path, log, capsys):
    code, out, err = csp(db_path, "actions", "--owner", "nobody", capsys=capsys)
    assert (code, out) == (0, "")
    assert err.strip() == "no open actions match"
    code, out, _ = csp(db_path, "actions", "--owner", "nobody", "--format", "csv",
                       capsys=capsys)
    assert out.splitlines() == [",".join(actions_output.FIELDS)]


# ---------------------------------------------------------------------- show / done / update


def test_show_prints_the_action_with_its_history(db_path, log, capsys, clock):
    code, out, err = csp(db_path, "actions", "show", str(log["group"]), capsys=capsys)
    assert code == 0, err
    assert out.splitlines()[0] == f"Action {log['group']} (in progress)"
    assert "Owner:    Jonathan Woodhams and Chris Lyons" in out
    assert "review the Prevent referral pathway with schools" in out
    assert "Raised:   2020-12-09, Community Safety Partnership, item 3 Minutes and Action Log" \
        in out
    at = clock()
    assert (f"{at:%Y-%m-%d %H:%M} UTC  status: open -> in progress; Meeting with schools "
            "booked.") in out
    code, out, _ = csp(db_path, "actions", "show", str(log["group"]), "--format", "json",
                       capsys=capsys)
    shown = json.loads(out)
    assert shown["history"] == [{"at": at.isoformat(), "status": "in progress",
                                 "note": "Meeting with schools booked.",
                                 "change": "status: open -> in progress", "source": ""}]
    assert shown["owner_names"] == ["Jonathan Woodhams", "Chris Lyons"]


def test_done_records_the_change_with_its_time(db_path, log, capsys, repo):
    code, out, err = csp(db_path, "actions", "done", str(log["asap"]), "--note",
                         "Dates sent to all ward panels.", capsys=capsys)
    assert code == 0, err
    assert out.strip() == (f"action {log['asap']}: status: open -> completed; "
                           "Dates sent to all ward panels.")
    action = repo.minutes.action(log["asap"])
    assert action.status is ActionStatus.COMPLETED
    last = action.updates[-1]
    assert last.status is ActionStatus.COMPLETED and last.note == "Dates sent to all ward panels."
    assert abs((dt.datetime.now(dt.UTC) - last.at).total_seconds()) < 60
    # It is in the history that show prints, and no longer in the open list.
    code, out, _ = csp(db_path, "actions", "show", str(log["asap"]), capsys=capsys)
    assert "status: open -> completed; Dates sent to all ward panels." in out
    assert log["asap"] not in ids_of(listed(db_path, capsys))
    # Done twice: nothing new in the history.
    code, out, _ = csp(db_path, "actions", "done", str(log["asap"]), capsys=capsys)
    assert code == 0 and "nothing to change" in out
    assert len(repo.minutes.action(log["asap"]).updates) == 1


def test_update_each_field(db_path, log, capsys, repo):
    aid = log["mps"]
    code, out, err = csp(db_path, "actions", "update", str(aid), "--due", "31 October 2021",
                         "--rag", "amber", "--status", "in progress", "--note", "Data requested.",
                         capsys=capsys)
    assert code == 0, err
    action = repo.minutes.action(aid)
    assert action.due == "2021-10-31"  # normalised to ISO
    assert action.rag.value == "A" and action.status is ActionStatus.IN_PROGRESS
    assert action.updates[-1].change == ("status: open -> in progress; due: 2099-01-31 -> "
                                         "2021-10-31; RAG: - -> A")
    assert action.updates[-1].note == "Data requested."

    code, _, err = csp(db_path, "actions", "update", str(aid), "--owner",
                       "Jade Hodgson and Chris Lyons", capsys=capsys)
    assert code == 0, err
    action = repo.minutes.action(aid)
    assert action.owner == "Jade Hodgson and Chris Lyons"
    names = {repo.people.person(p).name for p in action.owner_ids}
    assert names == {"Jade Hodgson", "Chris Lyons"}
    assert aid in ids_of(listed(db_path, capsys, "--owner", "jade"))

    csp(db_path, "actions", "update", str(aid), "--due", "next board", "--rag", "none",
        capsys=capsys)
    action = repo.minutes.action(aid)
    assert action.due == "next board" and action.rag is None
    csp(db_path, "actions", "update", str(aid), "--note", "Chased by email.", capsys=capsys)
    assert repo.minutes.action(aid).updates[-1].note == "Chased by email."
    assert repo.minutes.action(aid).updates[-1].change == ""
    assert len(repo.minutes.action(aid).updates) == 4
    # The note is searchable at once (FTS triggers).
    assert ids_of(listed(db_path, capsys, "--search", "chased")) == [aid]


def test_update_reaches_the_meeting_record(db_path, log, capsys, repo):
    """The change shows in the next meeting's carried actions (Minutes and Action Log)."""
    csp(db_path, "actions", "done", str(log["mps"]), "--note", "Data shared.", capsys=capsys)
    june = repo.meetings.create_meeting(Meeting(board_name="Community Safety Partnership",
                                                date=dt.date(2021, 6, 30)))
    carried = {a.id: a for a in repo.record(june.id).carried_actions}
    assert carried[log["mps"]].status is ActionStatus.COMPLETED
    assert carried[log["mps"]].updates[-1].note == "Data shared."


# ---------------------------------------------------------------------- errors


@pytest.mark.parametrize("args, message", [
    (["actions", "show", "999"], "no action with id 999"),
    (["actions", "show", "abc"], "'abc' is not an action id"),
    (["actions", "done", "999"], "no action with id 999"),
    (["actions", "update", "999", "--note", "x"], "no action with id 999"),
    (["actions", "--status", "finished"], "unknown status 'finished'"),
    (["actions", "update", "1", "--status", "finished"], "unknown status 'finished'"),
    (["actions", "--format", "xml"], "unknown format 'xml'"),
    (["actions", "show", "1", "--format", "xml"], "unknown format 'xml'"),
    (["actions", "--since", "31/02/2021"], "'31/02/2021' is not a date"),
    (["actions", "update", "1", "--due", "31/13/2021"], "'31/13/2021' is not a date"),
    (["actions", "update", "1", "--rag", "purple"], "unknown RAG 'purple'"),
    (["actions", "update", "1"], "nothing to update"),
    (["actions", "--meeting", "2019-01-01"], "no meeting on 2019-01-01"),
    (["actions", "--meeting", "77"], "no meeting with id 77"),
    (["actions", "--meeting", "soon"], "'soon' is neither a meeting id nor a date"),
    (["actions", "--board", "Parish Council"], "no board called 'Parish Council'"),
])
def test_bad_input_is_one_line_and_exit_2(db_path, log, capsys, args, message):
    code, out, err = csp(db_path, *args, capsys=capsys)
    assert code == 2
    assert out == ""
    assert len(err.splitlines()) == 1 and message in err and err.startswith("csp: ")


def test_no_database(tmp_path, capsys):
    missing = tmp_path / "none.db"
    for args in (["actions"], ["actions", "show", "1"], ["actions", "done", "1"]):
        code, out, err = csp(missing, *args, capsys=capsys)
        assert code == 2
        assert err.strip() == f"csp: no database at {missing}; create a meeting with csp new"
    assert not missing.exists()  # nothing created by looking


def test_not_a_csp_database(tmp_path, capsys):
    other = tmp_path / "notes.db"
    other.write_text("shopping list\n")
    code, _, err = csp(other, "actions", capsys=capsys)
    assert code == 2 and "not a csp database" in err and len(err.splitlines()) == 1
    assert other.read_text() == "shopping list\n"


# ---------------------------------------------------------------------- export


def test_export_docx_withholds_restricted_text(db_path, log, capsys, tmp_path):
    docx = pytest.importorskip("docx")
    target = tmp_path / "log.docx"
    code, out, err = csp(db_path, "actions", "export", "--docx", str(target), "--all",
                         capsys=capsys)
    assert code == 0, err
    text = "\n".join(c.text for t in docx.Document(target).tables for r in t.rows
                     for c in r.cells)
    assert "ward panel dates" in text.lower()
    assert "channel panel" not in text and "covert plan" not in text
    full = tmp_path / "full.docx"
    code, _, err = csp(db_path, "actions", "export", "--docx", str(full), "--all", "--full",
                       capsys=capsys)
    assert code == 0, err
    text = "\n".join(c.text for t in docx.Document(full).tables for r in t.rows
                     for c in r.cells)
    assert "channel panel" in text


@pytest.mark.parametrize("owner", ["april", "April Bald", "mark long", "bald"])
def test_owner_finds_every_name_of_an_oxford_comma_list(db_path, repo, capsys, owner):
    # One action from the capture line (owners resolved to the roster), one written
    # as typed with no roster people behind it: both list April Bald.
    from csp_tui.capture.handlers import run

    meeting = repo.meetings.create_meeting(Meeting(board_name="Community Safety Partnership",
                                                   date=dt.date(2021, 3, 31)))
    for name in ("Jade Hodgson", "Mark Long", "April Bald"):
        repo.people.add_person(Person(board_id=meeting.board_id, name=name))
    run(repo, meeting.id, "/a Jade Hodgson, Mark Long, and April Bald to map the hotspots",
        today=dt.date(2021, 3, 31))
    typed = repo.minutes.add_action(Action(meeting_id=meeting.id, task="walk the ward",
                                           owner="Jade Hodgson, Mark Long, and April Bald")).id
    resolved = next(a for a in repo.minutes.actions(meeting.id) if a.id != typed)
    assert len(resolved.owner_ids) == 3
    assert sorted(ids_of(listed(db_path, capsys, "--owner", owner))) == sorted(
        [resolved.id, typed])
