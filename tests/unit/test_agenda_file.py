"""The agenda file: parsing, every error with its line number, `csp new --agenda`, and
the in-app import."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from csp_tui.cli.main import main
from csp_tui.domain.models import Meeting
from csp_tui.domain.restriction import item_restricted, lookup
from csp_tui.services.agenda_file import (
    AgendaError,
    import_agenda_into,
    parse_agenda,
    read_agenda_file,
)
from csp_tui.storage.repository import Repository

FIXTURES = Path(__file__).parent.parent / "fixtures"
AGENDA = FIXTURES / "agenda-2021-03-31.txt"


def test_fixture_parses():
    agenda = parse_agenda(AGENDA.read_text(encoding="utf-8"), require_date=True)
    assert (agenda.board, agenda.date, agenda.start, agenda.end, agenda.venue, agenda.chair,
            agenda.note_taker) == (
        "Community Safety Partnership", dt.date(2021, 3, 31), dt.time(10), dt.time(13),
        "MS Teams", "Stephen Clayman", "Jade Hodgson")
    assert len(agenda.items) == 15 and agenda.count == 24
    titles = [i.title for i, _ in agenda.items]
    assert titles[0] == "Introductions and Apologies for Absence"
    assert titles[9] == "Partnership Delivery to VRU Serious Violence Plan"  # prefix gone
    assert [n for n, (i, _) in enumerate(agenda.items, 1) if i.restricted] == [10, 11, 12]
    ten, ten_subs = agenda.items[9]
    assert (ten.presenter, ten.minutes) == ("Andy Opie", 15)
    assert [(s.title, s.presenter, s.restricted, s.minutes) for s in ten_subs] == [
        ("MPS Update on Operational Wordwell", "Stephen Clayman", True, None)]
    eleven = agenda.items[10][0]
    assert (eleven.title, eleven.presenter, eleven.minutes) == ("Prevent Update", "", 10)
    aob, subs = agenda.items[13]
    assert (aob.title, aob.presenter, aob.minutes) == ("AOB", "All", 15)
    assert len(subs) == 8 and not any(s.restricted for s in subs)
    assert (subs[0].title, subs[0].presenter) == ("Performance Report", "Daniel James")
    assert (subs[2].title, subs[2].presenter) == ("Hate, Intolerance and Extremism Sub-Group",
                                                  "")
    assert sum(i.minutes or 0 for i, _ in agenda.items) == 154


def test_read_agenda_file_creates_the_meeting(repo):
    meeting = read_agenda_file(repo, AGENDA)
    assert (meeting.board_name, meeting.date, meeting.start, meeting.end, meeting.venue,
            meeting.chair, meeting.note_taker) == (
        "Community Safety Partnership", dt.date(2021, 3, 31), dt.time(10), dt.time(13),
        "MS Teams", "Stephen Clayman", "Jade Hodgson")
    items = repo.meetings.items(meeting.id)
    assert len(items) == 24
    tops = [i for i in items if i.parent_id is None]
    assert [i.number for i in tops] == [str(n) for n in range(1, 16)]
    aob = tops[13]
    subs = [i for i in items if i.parent_id == aob.id]
    assert [s.number for s in subs] == ["(i)", "(ii)", "(iii)", "(iv)", "(v)", "(vi)",
                                        "(vii)", "(viii)"]
    restricted = [(i.number, i.title) for i in items if i.restricted]
    assert restricted == [("10", "Partnership Delivery to VRU Serious Violence Plan"),
                          ("(i)", "MPS Update on Operational Wordwell"),
                          ("11", "Prevent Update"), ("12", "DVHR Update")]


def test_board_option_overrides_and_default_board(repo, tmp_path):
    meeting = read_agenda_file(repo, AGENDA, board="Safer Streets Board")
    assert meeting.board_name == "Safer Streets Board"
    f = tmp_path / "a.txt"
    f.write_text("date: 2021-06-30\n1. Welcome\n", encoding="utf-8")
    assert read_agenda_file(repo, f).board_name == "Community Safety Partnership"


def test_bom_and_crlf(repo, tmp_path):
    f = tmp_path / "bom.txt"
    f.write_bytes("\ufeffdate: 2021-06-30\r\nvenue: Town Hall\r\n1. Welcome | Chair | 5\r\n"
                  .encode())
    meeting = read_agenda_file(repo, f)
    assert meeting.venue == "Town Hall"
    assert [(i.title, i.minutes) for i in repo.meetings.items(meeting.id)] == [("Welcome", 5)]


def test_not_found_and_not_utf8(repo, tmp_path):
    with pytest.raises(AgendaError, match="no such agenda file"):
        read_agenda_file(repo, tmp_path / "missing.txt")
    f = tmp_path / "latin1.txt"
    f.write_bytes("date: 2021-06-30\n1. Caf\xe9 culture\n".encode("latin-1"))
    with pytest.raises(AgendaError, match="is not UTF-8 text") as err:
        read_agenda_file(repo, f)
    assert "\n" not in str(err.value)
    with pytest.raises(AgendaError, match="is a folder"):
        read_agenda_file(repo, tmp_path)
    assert repo.meetings.meetings() == []


@pytest.mark.parametrize("line, minutes", [
    ("1. Welcome | Chair | 5 mins", 5), ("1. Welcome | Chair | 5 min", 5),
    ("1. Welcome | Chair | 5 minutes", 5), ("1. Welcome | Chair | 5", 5),
    ("1. Welcome | Chair | 5mins", 5), ("1. Welcome | 20 Mins", 20),
    ("1. Welcome | Chair |", None), ("1. Welcome | Chair", None), ("1. Welcome", None),
    ("1) Welcome | Chair | 0 mins", 0),
    ("1. Welcome | Jo M", None),
])
def test_minutes_forms(line, minutes):
    item = parse_agenda(line).items[0][0]
    assert (item.title, item.minutes) == ("Welcome", minutes)


def test_comments_blank_lines_gaps_and_unindented_sub_items():
    text = """# heading comment

board: Safer Streets   # trailing comment
1. Welcome | Chair | 5 mins  # keep it short

3. AOB
(i) Restricted: Op Bluebell
ii) Another
"""
    agenda = parse_agenda(text)
    assert agenda.board == "Safer Streets"
    assert [i.title for i, _ in agenda.items] == ["Welcome", "AOB"]  # gap 1 -> 3 is fine
    assert agenda.items[0][0].minutes == 5
    assert [(s.title, s.restricted) for s in agenda.items[1][1]] == [
        ("Op Bluebell", True), ("Another", False)]


def test_sub_items_of_a_restricted_item_are_restricted_by_the_rule_not_a_copied_flag(repo):
    """The sub-item is restricted while its parent is, and public once the parent is
    un-restricted: import stores no copy of the parent's flag to outlive it."""
    agenda = parse_agenda("1. RESTRICTED: Case review\n    (i) Family A\n")
    assert not agenda.items[0][1][0].restricted
    meeting = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 6, 30)), agenda.items)
    parent, sub = repo.meetings.items(meeting.id)
    assert item_restricted(sub, lookup(repo.meetings.items(meeting.id)))
    repo.meetings.update_item(parent.model_copy(update={"restricted": False}))
    assert not item_restricted(sub, lookup(repo.meetings.items(meeting.id)))


BAD = """board: CSP
date: 2021-02-30
time: 13:00-10:00
chair Stephen
room: Teams
    (i) Orphan sub-item
1. Welcome | Chair | fifteen mins
2. | Chair | 5 mins
2. Again
1. Backwards
4. Neg | Chair | -5 mins
5. Many | a | b | 5
6. RESTRICTED:
7. Half | Chair | 7.5 mins
    (ii) Sub
    (i) Sub out of order
venue: late header
8. Big | Chair | 2000
"""


def test_every_error_is_reported_with_its_line_number():
    with pytest.raises(AgendaError) as err:
        parse_agenda(BAD)
    assert str(err.value).splitlines() == [
        "line 2: date must be YYYY-MM-DD, e.g. 2021-03-31 (not '2021-02-30')",
        "line 3: the end time 10:00 is not after the start time 13:00",
        "line 4: not an agenda line: 'chair Stephen'; expected 'N. Title | Presenter | "
        "M mins'",
        "line 5: unknown header 'room' (use board, date, time, venue, chair, note taker or style)",
        "line 6: sub-item (i) comes before any item; put it under the item it belongs to",
        "line 7: minutes must be a whole number, e.g. '15 mins' (not 'fifteen mins')",
        "line 8: item 2 has no title",
        "line 9: item 2 is numbered twice (also line 8)",
        "line 10: item 1 is numbered twice (also line 7)",
        "line 11: minutes cannot be negative ('-5 mins')",
        "line 12: item 5 has 4 fields; write 'Title | Presenter | M mins'",
        "line 13: item 6 has no title",
        "line 14: minutes must be a whole number, e.g. '15 mins' (not '7.5 mins')",
        "line 16: sub-item (i) is out of order or numbered twice",
        "line 17: header lines go before the first item",
        "line 18: 2000 minutes is more than a day",
    ]
    assert len(err.value.errors) == 16


@pytest.mark.parametrize("text, message", [
    ("date: 2021-06-30\n3. Three\n2. Two\n", "line 3: item 2 comes after item 3"),
    ("date: 2021-06-30\n0. Zero\n", "line 2: item numbers start at 1"),
    ("date: 2021-06-30\ndate: 2021-07-01\n1. A\n",
     r"line 2: 'date:' is given twice \(also line 1\)"),
    ("date: 2021-06-30\ntime: ten till one\n1. A\n", "line 2: time must be HH:MM-HH:MM"),
    ("# nothing\n\n", "the agenda has no items"),
    ("date: 2021-06-30\n1. A | B | C\n", "line 2: minutes must be a whole number"),
])
def test_single_errors(text, message):
    with pytest.raises(AgendaError, match=message):
        parse_agenda(text)


def test_a_date_is_needed_only_to_create_a_meeting(repo, tmp_path):
    assert parse_agenda("1. Welcome\n").date is None
    with pytest.raises(AgendaError, match="the agenda has no date: add a line 'date: "):
        parse_agenda("1. Welcome\n", require_date=True)
    f = tmp_path / "nodate.txt"
    f.write_text("1. Welcome\n", encoding="utf-8")
    with pytest.raises(AgendaError, match="nodate.txt: the agenda has no date"):
        read_agenda_file(repo, f)
    assert repo.meetings.meetings() == []


def test_start_time_alone():
    agenda = parse_agenda("time: 10:00\n1. A\n")
    assert (agenda.start, agenda.end) == (dt.time(10), None)


def test_a_file_with_errors_creates_nothing(repo, tmp_path):
    f = tmp_path / "bad.txt"
    f.write_text(BAD, encoding="utf-8")
    with pytest.raises(AgendaError) as err:
        read_agenda_file(repo, f)
    message = str(err.value)
    assert message.startswith(f"{f}: 16 errors, nothing was imported:\n  line 2: ")
    assert repo.meetings.meetings() == []
    assert repo.conn.execute("SELECT count(*) FROM items").fetchone()[0] == 0


# ---------------------------------------------------------------- csp new --agenda


def test_csp_new_agenda(tmp_path, capsys):
    db = tmp_path / "m.db"
    assert main(["new", "--agenda", str(AGENDA), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert out.strip() == "created meeting 1: Community Safety Partnership, 2021-03-31"
    repo = Repository.open(db)
    try:
        assert len(repo.meetings.items(1)) == 24
        assert repo.meetings.meeting(1).venue == "MS Teams"
    finally:
        repo.close()


def test_csp_new_agenda_with_errors(tmp_path, capsys):
    db = tmp_path / "m.db"
    f = tmp_path / "bad.txt"
    f.write_text("date: 2021-06-30\n1. Fine\n2. Bad | x | ten\n2. Again\n", encoding="utf-8")
    assert main(["new", "--agenda", str(f), "--db", str(db)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"csp: {f}: 2 errors, nothing was imported:",
        "  line 3: minutes must be a whole number, e.g. '15 mins' (not 'ten')",
        "  line 4: item 2 is numbered twice (also line 3)"]
    repo = Repository.open(db)
    try:
        assert repo.meetings.meetings() == []
    finally:
        repo.close()


def test_csp_new_agenda_missing_file(tmp_path, capsys):
    code = main(["new", "--agenda", str(tmp_path / "nope.txt"), "--db", str(tmp_path / "m.db")])
    assert code == 2
    assert capsys.readouterr().err == f"csp: {tmp_path / 'nope.txt'}: no such agenda file\n"


def test_csp_new_agenda_board_option(tmp_path, capsys):
    db = tmp_path / "m.db"
    assert main(["new", "--agenda", str(AGENDA), "--board", "Safer Streets",
                 "--db", str(db)]) == 0
    assert "Safer Streets, 2021-03-31" in capsys.readouterr().out


# ---------------------------------------------------------------- in-app import


def test_import_into_an_existing_meeting_is_one_undo(repo):
    meeting = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 6, 30)))
    before = [i.title for i in repo.meetings.items(meeting.id)]
    assert len(before) == 6  # the standard skeleton
    added = import_agenda_into(repo, meeting.id, "board: ignored\n"
                                                 "1. Knife Crime | MPS | 20 mins\n"
                                                 "  (i) RESTRICTED: Op X\n"
                                                 "2. Hate Crime\n")
    assert [(i.title, i.restricted) for i in added] == [
        ("Knife Crime", False), ("Op X", True), ("Hate Crime", False)]
    items = repo.meetings.items(meeting.id)
    # Before the closing items (Any Other Business, Date of Next Meeting).
    assert [i.title for i in items] == [*before[:4], "Knife Crime", "Op X", "Hate Crime",
                                        *before[4:]]
    assert [i.number for i in items][4:9] == ["5", "(i)", "6", "7", "8"]
    assert repo.meetings.meeting(meeting.id).board_name == "Community Safety Partnership"
    assert repo.undo() == "import 3 agenda items"
    assert [i.title for i in repo.meetings.items(meeting.id)] == before


def test_import_with_errors_adds_nothing(repo):
    meeting = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 6, 30)))
    with pytest.raises(AgendaError, match="line 2: item 1 is numbered twice"):
        import_agenda_into(repo, meeting.id, "1. A\n1. B\n")
    assert len(repo.meetings.items(meeting.id)) == 6
    with pytest.raises(LookupError):
        import_agenda_into(repo, 999, "1. A\n")


def test_description_lines_belong_to_the_item_above(repo, tmp_path):
    path = tmp_path / "agenda.txt"
    path.write_text("date: 2019-12-11\n"
                    "1. Declaration of Interests | 2 mins\n"
                    "   > Members of the Board are asked to declare any interest.\n"
                    "   > A second line.\n"
                    "2. AOB\n"
                    "   (i) Performance Report\n"
                    "   > Verbal item\n", encoding="utf-8")
    meeting = read_agenda_file(repo, path)
    items = repo.meetings.items(meeting.id)
    assert [i.description for i in items] == [
        "Members of the Board are asked to declare any interest.\nA second line.", "",
        "Verbal item"]
    # Kept in the database and edited with the item.
    item = repo.meetings.update_item(items[2].model_copy(update={"description": "Report"}))
    assert repo.meetings.item(item.id).description == "Report"
    with pytest.raises(AgendaError, match="line 1: a '>' description line comes before"):
        parse_agenda("> Verbal item\n1. Item\n")
