"""The Teams attendance report: both layouts, both encodings, both separators, both
date orders; and what importing the fixture does to a meeting."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest

from csp_tui.cli.main import main
from csp_tui.domain.attendance import attendance_lines
from csp_tui.domain.models import AttendanceStatus, Meeting
from csp_tui.services.attendance_import import apply, propose
from csp_tui.services.roster import import_roster
from csp_tui.services.teams import ReportError, is_phone_number, parse_report, read_report
from csp_tui.storage.repository import Repository

FIXTURES = Path(__file__).parent.parent / "fixtures"
REPORT = FIXTURES / "teams-attendance-2021-03-31.csv"


def fixture_text() -> str:
    return REPORT.read_bytes().decode("utf-16")


def to_commas(text: str) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    for line in text.splitlines():
        w.writerow(line.split("\t") if line else [])
    return out.getvalue()


def to_day_first_24h(text: str) -> str:
    def swap(m: re.Match[str]) -> str:
        mo, d, y = int(m.group(1)), int(m.group(2)), 2000 + int(m.group(3))
        h, mi, s = int(m.group(4)), m.group(5), m.group(6)
        if m.group(7) == "PM" and h < 12:
            h += 12
        return f"{d:02d}/{mo:02d}/{y}, {h:02d}:{mi}:{s}"
    return re.sub(r"(\d+)/(\d+)/(\d+), (\d+):(\d+):(\d+) (AM|PM)", swap, text)


def to_old_layout(text: str) -> str:
    """The older report: one Joined / Left row per stretch from "In-Meeting Activities"."""
    rows = text.split("3. In-Meeting Activities")[1].strip().splitlines()[1:]
    events = []
    for row in rows:
        name, join, leave = row.split("\t")[:3]
        events += [(join, name, "Joined"), (leave, name, "Left")]
    out = ["Full Name\tUser Action\tTimestamp"]
    # In file order: Teams wrote them as they happened; order by the join time text is
    # enough for this test as every person's events stay in order.
    out += [f"{n}\t{a}\t{t}" for t, n, a in events]
    return "\r\n".join(out) + "\r\n"


def lower_headers(text: str) -> str:
    return text.replace("First Join", "first join").replace("Last Leave", "LAST LEAVE") \
        .replace("Name\t", "name\t").replace("Participants", "participants")


VARIANTS = {
    "fixture utf-16 tabs": lambda: REPORT.read_bytes(),
    "utf-8 tabs": lambda: fixture_text().encode("utf-8"),
    "utf-8 BOM commas": lambda: to_commas(fixture_text()).encode("utf-8-sig"),
    "utf-16 commas": lambda: to_commas(fixture_text()).encode("utf-16"),
    "day-first 24h utf-8": lambda: to_day_first_24h(fixture_text()).encode("utf-8"),
    "header case": lambda: lower_headers(fixture_text()).encode("utf-16"),
    "old layout utf-16": lambda: to_old_layout(fixture_text()).encode("utf-16"),
    "old layout utf-8 commas": lambda: to_commas(to_old_layout(fixture_text())).encode(),
    "old layout day-first": lambda: to_day_first_24h(to_old_layout(fixture_text())).encode(),
}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_every_variant_reads_the_same(variant: str) -> None:
    report = parse_report(VARIANTS[variant]())
    names = [p.name for p in report.participants]
    assert len(names) == 25
    assert "Ifthahar Ahmed" in names and "THOMPSON, Stephen" in names
    assert "+44 20 7946 0000" in names
    by = {p.name: p for p in report.participants}
    assert by["Chris Lyons"].first_join == dt.datetime(2021, 3, 31, 10, 30)
    assert by["Chris Lyons"].last_leave == dt.datetime(2021, 3, 31, 11, 40)
    # Two stretches (10:09-10:40 and 10:44-11:15) make one person.
    assert by["Ioannis Mathioudakis"].first_join == dt.datetime(2021, 3, 31, 10, 9)
    assert by["Ioannis Mathioudakis"].last_leave == dt.datetime(2021, 3, 31, 11, 15)
    assert by["Ifthahar Ahmed"].external and by["Phillippa Bannister"].unverified
    assert by["+44 20 7946 0000"].is_phone
    assert report.start is not None and report.start.date() == dt.date(2021, 3, 31)
    assert report.layout == ("activities" if "old" in variant else "participants")
    if "old" not in variant:
        assert report.title == "Community Safety Partnership Board"
        assert report.start == dt.datetime(2021, 3, 31, 9, 58, 12)
        assert report.end == dt.datetime(2021, 3, 31, 13, 4, 40)
        assert by["Brian Parrot"].email == "brian.parrott@example.org"
        assert by["Jade Hodgson"].role == "Organizer"


def test_old_layout_joined_before_and_still_in() -> None:
    text = ("Meeting Summary\nMeeting Title\tBoard\n\nFull Name\tUser Action\tTimestamp\n"
            "Ann Lee\tJoined before\t31/03/2021, 09:55:00\n"
            "Bob Ray\tJoined\t31/03/2021, 10:20:00\n"
            "Bob Ray\tLeft\t31/03/2021, 10:50:00\n"
            "Bob Ray\tJoined\t31/03/2021, 11:00:00\n")
    report = parse_report(text.encode("utf-16"))
    by = {p.name: p for p in report.participants}
    assert by["Ann Lee"].first_join == dt.datetime(2021, 3, 31, 9, 55)
    assert by["Bob Ray"].stretches == [
        (dt.datetime(2021, 3, 31, 10, 20), dt.datetime(2021, 3, 31, 10, 50)),
        (dt.datetime(2021, 3, 31, 11, 0), None)]
    assert report.title == "Board"


@pytest.mark.parametrize(("data", "message"), [
    (b"", "empty"),
    (b"name,group\nAnn Lee,member\n", "no participants"),
    (b"\x81\xff\xfe garbage \x90", "neither UTF-16 nor UTF-8"),
])
def test_bad_reports(data: bytes, message: str) -> None:
    with pytest.raises(ReportError, match=message):
        parse_report(data)


def test_phone_numbers() -> None:
    assert is_phone_number("+44 20 7946 0000") and is_phone_number("07700 900123")
    assert not is_phone_number("Ann Lee") and not is_phone_number("+44")


# ------------------------------------------------------------------ importing the fixture


@pytest.fixture
def meeting_id(repo: Repository) -> int:
    import_roster(repo, FIXTURES / "roster.csv")
    m = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 3, 31), start=dt.time(10),
                                             end=dt.time(13), note_taker="Jade Hodgson"))
    assert m.id is not None
    return m.id


def test_fixture_plan(repo: Repository, meeting_id: int) -> None:
    plan = propose(repo, meeting_id, read_report(REPORT))
    present = sorted(p.name for p in plan.matched if p.status is AttendanceStatus.PRESENT)
    assert present == [
        "Andy Opie", "Angie Fuller", "April Bald", "Brian Parrott", "Councillor Carpenter",
        "Councillor Mullane", "Councillor Worby", "Hazel North-Stephens",
        "Ioannis Mathioudakis", "Jade Hodgson", "Jennie Coombes", "Jonathan Woodhams",
        "Laurence Piemonte", "Mark Long", "Nathan Singleton", "Sonia Drozd",
        "Stephen Clayman", "Stephen Thompson"]
    # Advisers on the roster who joined are additional attendees.
    assert sorted(p.name for p in plan.matched if p.status is AttendanceStatus.ATTENDEE) == \
        ["Chris Lyons", "Florence Henry"]
    # "Brian Parrot" (sic) joined as brian.parrott@: the address's local part is a
    # roster name, so he is a sure match; nothing is left to guess.
    brian = next(p for p in plan.matched if p.name == "Brian Parrott")
    assert (brian.participant.name, brian.match.kind) == ("Brian Parrot", "e-mail local part")
    assert brian.accepted and brian.match.confident
    assert plan.guesses == []
    assert sorted(p.name for p in plan.additional) == [
        "Ifthahar Ahmed", "Phillippa Bannister", "Sophie Hardcastle", "Tom Llewellyn-Jones"]
    assert [p.name for p in plan.unmatched] == ["+44 20 7946 0000"]
    assert sorted(p.name for p, _s in plan.missing) == [
        "Antony Rose", "Daniel James", "Fiona Taylor", "Helen Davie", "Kevin Makambe",
        "Kit Weller", "Lucy Satchell-Day", "Matthew Cole", "Melody Williams",
        "Narinder Dail", "Pip Salvador-Jones"]
    times = {p.name: (p.arrived, p.left) for p in plan.matched + plan.additional}
    assert times["Chris Lyons"] == (dt.time(10, 30), dt.time(11, 40))
    assert times["Ioannis Mathioudakis"] == (None, dt.time(11, 15))  # 10:09 is in time
    assert times["Stephen Clayman"] == (None, None)
    assert times["Tom Llewellyn-Jones"] == (dt.time(11, 50), dt.time(12, 20))


def test_a_close_spelling_is_a_guess_when_the_address_is_not_the_name(
        repo: Repository, meeting_id: int, teams_report_with_a_guess: Path) -> None:
    plan = propose(repo, meeting_id, read_report(teams_report_with_a_guess))
    # The one guess: a close spelling, not applied unless confirmed.
    assert [(g.participant.name, g.name, g.match.kind) for g in plan.guesses] == \
        [("Brian Parrot", "Brian Parrott", "close spelling")]
    assert not plan.guesses[0].accepted and not plan.guesses[0].match.confident
    assert "Brian Parrott" not in [p.name for p in plan.matched]


def test_fixture_applied_renders_house_style(repo: Repository, meeting_id: int) -> None:
    plan = propose(repo, meeting_id, read_report(REPORT))
    # Members who did not join are proposed absent; the note taker marks apologies.
    assert {s for _p, s in plan.missing} == {AttendanceStatus.ABSENT}
    plan.missing = [(p, AttendanceStatus.APOLOGIES) for p, _s in plan.missing]
    apply(repo, plan)
    jade = repo.people.find_person(repo.meetings.board().id, "Jade Hodgson")
    clayman = repo.people.find_person(repo.meetings.board().id, "Stephen Clayman")
    repo.people.set_attendance(meeting_id, jade.id, role="note taker")
    repo.people.set_attendance(meeting_id, clayman.id, role="chair")
    lines = dict(attendance_lines(repo.people.attendance(meeting_id)))
    assert lines["Members Present:"] == (
        "Andy Opie, Angie Fuller, April Bald, Brian Parrott, Councillor Carpenter, "
        "Councillor Mullane, Councillor Worby, Hazel North-Stephens, Ioannis Mathioudakis, "
        "Jade Hodgson (NOTE TAKER), Jennie Coombes, Jonathan Woodhams, Laurence Piemonte, "
        "Mark Long, Nathan Singleton, Sonia Drozd, Stephen Clayman (CHAIR) and "
        "Stephen Thompson.")
    assert lines["Additional Attendees:"] == (
        "Chris Lyons, Florence Henry, Ifthahar Ahmed, Phillippa Bannister, "
        "Sophie Hardcastle and Tom Llewellyn-Jones.")
    assert lines["Apologies:"] == (
        "Antony Rose, Daniel James, Fiona Taylor, Helen Davie, Kevin Makambe, Kit Weller, "
        "Lucy Satchell-Day, Matthew Cole, Melody Williams, Narinder Dail and "
        "Pip Salvador-Jones.")
    chris = next(a for a in repo.people.attendance(meeting_id) if a.person_name == "Chris Lyons")
    assert (chris.arrived, chris.left) == (dt.time(10, 30), dt.time(11, 40))
    # New people joined the roster as observers; the phone number did not.
    tom = repo.people.find_person(repo.meetings.board().id, "Tom Llewellyn-Jones")
    assert tom is not None and tom.group.value == "observer"
    assert repo.people.find_person(repo.meetings.board().id, "+44 20 7946 0000") is None


def test_import_is_one_undo_step(repo: Repository, meeting_id: int) -> None:
    apply(repo, propose(repo, meeting_id, read_report(REPORT)))
    assert len(repo.people.attendance(meeting_id)) == 35  # Brian Parrott too, by his address
    assert repo.undo() == "import the Teams attendance for 2021-03-31"
    assert repo.people.attendance(meeting_id) == []
    assert repo.people.find_person(repo.meetings.board().id, "Tom Llewellyn-Jones") is None


def test_apologies_already_recorded_are_kept(repo: Repository, meeting_id: int) -> None:
    kit = repo.people.find_person(repo.meetings.board().id, "Kit Weller")
    repo.people.set_attendance(meeting_id, kit.id, status=AttendanceStatus.ABSENT)
    plan = propose(repo, meeting_id, read_report(REPORT))
    assert (kit, AttendanceStatus.ABSENT) in [(p, s) for p, s in plan.missing]


def test_cli_yes_applies_only_confident(repo: Repository, db_path: Path, meeting_id: int,
                                        capsys, teams_report_with_a_guess: Path) -> None:
    repo.close()  # the command line opens the file itself
    rc = main(["attendance", "import", str(teams_report_with_a_guess), "--yes", "--db",
               str(db_path)])
    out = capsys.readouterr().out
    assert rc == 0
    assert "Brian Parrot (maybe Brian Parrott (close spelling, 95%))" in out
    assert "+44 20 7946 0000 (phone number)" in out
    assert "Tom Llewellyn-Jones (not on the roster)" in out
    repo = Repository.open(db_path)
    try:
        names = {a.person_name: a.status for a in repo.people.attendance(meeting_id)}
    finally:
        repo.close()
    assert names["Stephen Thompson"] is AttendanceStatus.PRESENT
    assert "Brian Parrott" not in names and "Tom Llewellyn-Jones" not in names
    # A no-show is absent: --yes never writes apologies (they are what people sent).
    assert names["Kevin Makambe"] is AttendanceStatus.ABSENT
    assert AttendanceStatus.APOLOGIES not in names.values()


def test_cli_yes_applies_a_match_by_the_address_local_part(
        repo: Repository, db_path: Path, meeting_id: int, capsys) -> None:
    """brian.parrott@... is Brian Parrott although Teams shows "Brian Parrot"."""
    repo.close()
    assert main(["attendance", "import", str(REPORT), "--yes", "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "Brian Parrot " not in out.replace("Brian Parrott", "")  # nothing left over
    assert "Members Present: Andy Opie, Angie Fuller, April Bald, Brian Parrott," in out
    check = Repository.open(db_path)
    try:
        names = {a.person_name: a.status for a in check.people.attendance(meeting_id)}
        roster = {p.name for p in check.people.people(check.meetings.board().id)}
    finally:
        check.close()
    assert names["Brian Parrott"] is AttendanceStatus.PRESENT
    assert "Brian Parrot" not in roster  # no new person for the misspelling


def test_cli_no_terminal_behaves_as_yes(repo: Repository, db_path: Path, meeting_id: int,
                                        capsys) -> None:
    repo.close()
    # pytest's stdin is not a terminal: nothing is asked, guesses are listed.
    assert main(["attendance", "import", str(REPORT), "--db", str(db_path)]) == 0
    assert "not applied (unmatched):" in capsys.readouterr().out


def test_cli_bad_files(repo: Repository, db_path: Path, meeting_id: int, tmp_path: Path,
                       capsys) -> None:
    repo.close()
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"")
    assert main(["attendance", "import", str(bad), "--db", str(db_path)]) == 2
    err = capsys.readouterr().err
    assert err == "csp: the Teams report is empty\n"
    other = tmp_path / "other.csv"
    other.write_bytes(to_day_first_24h(fixture_text()).replace("31/03/2021", "01/04/2021")
                      .encode())
    assert main(["attendance", "import", str(other), "--db", str(db_path)]) == 2
    assert "no meeting on 2021-04-01" in capsys.readouterr().err
    assert main(["attendance", "import", str(other), "--meeting", str(meeting_id),
                 "--db", str(db_path), "-y"]) == 0


def test_2021_layout_full_name_join_leave() -> None:
    text = ("Meeting Summary\nTotal Number of Participants\t2\nMeeting Title\tCSP Board\n"
            "Meeting Start Time\t31/03/2021, 10:00:00\nMeeting End Time\t31/03/2021, 13:00:00\n"
            "\nFull Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole\n"
            "Ann Lee\t31/03/2021, 10:00:00\t31/03/2021, 11:00:00\t1h\tann@x.org\tOrganizer\n"
            "Ann Lee\t31/03/2021, 11:05:00\t31/03/2021, 13:00:00\t2h\tann@x.org\tOrganizer\n"
            "Bob Ray (External)\t31/03/2021, 10:30:00\t31/03/2021, 12:00:00\t1h\t\tAttendee\n")
    report = parse_report(text.encode("utf-16"))
    by = {p.name: p for p in report.participants}
    assert report.title == "CSP Board" and report.start == dt.datetime(2021, 3, 31, 10)
    assert len(by["Ann Lee"].stretches) == 2 and by["Ann Lee"].email == "ann@x.org"
    assert by["Ann Lee"].last_leave == dt.datetime(2021, 3, 31, 13)
    assert by["Bob Ray"].external


def test_cli_asks_on_a_terminal(repo: Repository, db_path: Path, meeting_id: int,
                                monkeypatch, capsys, teams_report_with_a_guess: Path) -> None:
    """On a terminal each guess and new person is asked about, y/n."""
    repo.close()
    import sys

    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    questions: list[str] = []

    def answer(prompt: str) -> str:
        questions.append(prompt)
        # Yes to Brian Parrott and to Tom Llewellyn-Jones; no to everyone else.
        return "y" if ("Brian Parrot'" in prompt or "Tom Llewellyn" in prompt) else "n"

    monkeypatch.setattr("builtins.input", answer)
    assert main(["attendance", "import", str(teams_report_with_a_guess), "--db",
                 str(db_path)]) == 0
    assert len(questions) == 5  # one guess, four people not on the roster
    assert questions[0].startswith("'Brian Parrot' is Brian Parrott (close spelling, 95%)?")
    out = capsys.readouterr().out
    assert "Sophie Hardcastle (not on the roster)" in out
    assert "Brian Parrot (maybe" not in out
    check = Repository.open(db_path)
    try:
        names = {a.person_name: a.status for a in check.people.attendance(meeting_id)}
    finally:
        check.close()
    assert names["Brian Parrott"] is AttendanceStatus.PRESENT
    assert names["Tom Llewellyn-Jones"] is AttendanceStatus.ATTENDEE
    assert "Sophie Hardcastle" not in names
