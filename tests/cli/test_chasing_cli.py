"""Chasing actions (issue 24): ``csp actions remind`` (drafts and calendars), ``updates``,
``chase`` and the reply sheet, on the demo's real database."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import sqlite3
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from icalendar import Calendar

from csp_tui.cli.main import main
from csp_tui.services.demo import write_demo

#: The demo's restricted actions (raised under restricted items), by id and task.
RESTRICTED = {12: "brief the chair privately on the two open investigations",
              13: "send the referral breakdown to the Prevent board only",
              14: "share the draft DHR-07 report with the panel"}


def email_of(name: str) -> str:
    return name.lower().replace(" ", ".") + "@council.example"


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """The demo database, every roster person but Antony Rose with an address."""
    path = tmp_path / "demo.db"
    write_demo(path)
    conn = sqlite3.connect(path)
    with conn:
        for pid, name in conn.execute("SELECT id, name FROM people").fetchall():
            if name != "Antony Rose":
                conn.execute("UPDATE people SET email = ? WHERE id = ?", (email_of(name), pid))
    conn.close()
    return path


def csp(db: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["actions", "--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


def drafts(folder: Path) -> dict[str, object]:
    """Every .eml in ``folder`` parsed back by the standard library."""
    return {p.stem: BytesParser(policy=policy.default).parse(p.open("rb"))
            for p in sorted(folder.glob("*.eml"))}


def parts(msg) -> tuple[str, str, str]:
    """(plain, html, reply sheet) of a draft."""
    plain = msg.get_body(preferencelist=("plain",)).get_content()
    page = msg.get_body(preferencelist=("html",)).get_content()
    sheet = next(msg.iter_attachments())
    assert sheet.get_filename() == "action-updates.csv"
    content = sheet.get_content()
    text = content.decode("utf-8") if isinstance(content, bytes) else content
    return plain, page, text.lstrip("\ufeff")


def is_date(due: str) -> bool:
    try:
        dt.date.fromisoformat(due)
    except ValueError:
        return False
    return True


def open_actions(db: Path) -> dict[int, tuple[str, str, str, bool]]:
    """Open action id -> (owner, task, due, restricted), read straight from the file."""
    conn = sqlite3.connect(db)
    try:
        return {r[0]: (r[1], r[2], r[3], bool(r[4])) for r in conn.execute(
            "SELECT a.id, a.owner, a.task, a.due, coalesce(i.restricted, 0) FROM actions a "
            "LEFT JOIN items i ON i.id = a.item_id WHERE a.status IN ('open', 'in progress')")}
    finally:
        conn.close()


# ---------------------------------------------------------------------- drafts


def test_every_draft_round_trips_with_both_parts_and_the_roster_addresses(
        demo: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "drafts"
    code, printed, err = csp(demo, "remind", "--out", str(out), capsys=capsys)
    assert code == 0, err
    found = drafts(out)
    actions = open_actions(demo)
    public = {i: a for i, a in actions.items() if not a[3]}
    assert printed.strip().startswith(f"wrote {len(found)} drafts")
    seen: set[int] = set()
    for stem, msg in found.items():
        assert msg["X-Unsent"] == "1"
        assert msg["Subject"].startswith("Community Safety Partnership: your actions before "
                                         "the meeting of")
        assert "CONFIDENTIAL" not in msg["Subject"]
        assert msg["From"].addresses[0].addr_spec == email_of("Jade Hodgson")
        plain, page, sheet = parts(msg)
        assert page.startswith("<!DOCTYPE html><html lang=\"en-GB\">")
        rows = list(csv.DictReader(io.StringIO(sheet)))
        for row in rows:
            aid = int(row["id"])
            seen.add(aid)
            owner, task, due, _ = actions[aid]
            assert task in plain and html.escape(task) in page and row["action"] == task
            assert f"action {aid}, version {row['version']}" in plain
        to = msg["To"]
        if to is not None:
            person = to.addresses[0]
            assert person.addr_spec == email_of(person.display_name)
            assert stem == person.display_name.lower().replace(" ", "-")
        for task in RESTRICTED.values():
            assert task not in msg.as_string()
    assert seen == set(public)
    # Antony Rose has no address: his draft is written without a To, and said so.
    assert found["antony-rose"]["To"] is None
    assert "no e-mail address for Antony Rose" in err
    assert "3 restricted actions left out" in err
    # An action of two roster people goes to each of them.
    assert {"mark-long", "april-bald"} <= set(found)
    assert all((p.stat().st_mode & 0o777) == 0o600 for p in out.iterdir())


def test_full_puts_restricted_actions_in_drafts_marked_confidential(
        demo: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "drafts"
    code, _, err = csp(demo, "remind", "--out", str(out), "--full", capsys=capsys)
    assert code == 0, err
    found = drafts(out)
    chris = found["chris-lyons"]
    plain, page, _ = parts(chris)
    assert chris["Subject"].startswith("CONFIDENTIAL: ")
    assert chris["Sensitivity"] == "Company-Confidential"
    assert plain.startswith("CONFIDENTIAL") and "CONFIDENTIAL" in page
    assert RESTRICTED[13] in plain
    # A draft with no restricted action is not marked.
    assert not found["mark-long"]["Subject"].startswith("CONFIDENTIAL")
    assert "restricted" not in err


def test_owner_and_due_filters(demo: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "mark"
    assert csp(demo, "remind", "--out", str(out), "--owner", "mark long",
               capsys=capsys)[0] == 0
    assert set(drafts(out)) == {"mark-long"}
    out = tmp_path / "late"
    assert csp(demo, "remind", "--out", str(out), "--overdue", capsys=capsys)[0] == 0
    late = {i for i, a in open_actions(demo).items()
            if is_date(a[2]) and a[2] < dt.date.today().isoformat() and not a[3]}
    sent = {int(r["id"]) for m in drafts(out).values()
            for r in csv.DictReader(io.StringIO(parts(m)[2]))}
    assert sent == late and late


def test_a_line_break_in_an_address_is_one_line_and_never_a_header(
        demo: Path, tmp_path: Path, capsys) -> None:
    conn = sqlite3.connect(demo)
    with conn:
        conn.execute("UPDATE people SET email = 'chris@council.example\nBcc: all@evil.example' "
                     "WHERE name = 'Chris Lyons'")
    conn.close()
    out = tmp_path / "drafts"
    code, _, err = csp(demo, "remind", "--out", str(out), capsys=capsys)
    assert code == 0
    bad = [line for line in err.splitlines() if "Chris Lyons" in line]
    assert len(bad) == 1 and bad[0].startswith("csp: skipped Chris Lyons")
    assert not (out / "chris-lyons.eml").exists()
    assert all(b"evil.example" not in p.read_bytes() for p in out.iterdir())
    # --from with a line break is refused before anything is written.
    code, _, err = csp(demo, "remind", "--out", str(tmp_path / "x"), "--from",
                       "me@council.example\r\nBcc: x@evil.example", capsys=capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x").exists() or not any((tmp_path / "x").iterdir())


def test_control_characters_and_formulas_in_a_task_stay_inert(
        demo: Path, tmp_path: Path, capsys) -> None:
    conn = sqlite3.connect(demo)
    with conn:
        conn.execute("UPDATE actions SET task = '=cmd|'' /C calc''!A0 \x1b[2J now' "
                     "WHERE id = 11")
    conn.close()
    out = tmp_path / "drafts"
    assert csp(demo, "remind", "--out", str(out), capsys=capsys)[0] == 0
    plain, page, sheet = parts(drafts(out)["mark-long"])
    assert "\x1b" not in plain and "\x1b" not in page and "\x1b" not in sheet
    row = next(r for r in csv.DictReader(io.StringIO(sheet)) if r["id"] == "11")
    assert row["action"].startswith("'=cmd")  # a spreadsheet shows it as text


# ---------------------------------------------------------------------- calendars


def events(path: Path) -> dict[str, object]:
    cal = Calendar.from_ical(path.read_bytes())
    assert str(cal["METHOD"]) == "PUBLISH"
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_calendars_have_an_entry_per_dated_action_with_stable_uids_and_cancel_when_done(
        demo: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "drafts"
    code, printed, err = csp(demo, "remind", "--out", str(out), "--ics", capsys=capsys)
    assert code == 0, err
    first = {p.stem: events(p) for p in out.glob("*.ics")}
    dated = {i: a for i, a in open_actions(demo).items() if is_date(a[2]) and not a[3]}
    # One entry per dated action and owner: an action of two owners is in both files.
    ids = [int(str(e["X-CSP-ACTION-ID"])) for evs in first.values() for e in evs.values()]
    assert set(ids) == set(dated)
    for evs in first.values():
        for e in evs.values():
            aid = int(str(e["X-CSP-ACTION-ID"]))
            assert e.decoded("DTSTART") == dt.date.fromisoformat(dated[aid][2])
            assert dated[aid][1] in str(e["SUMMARY"])
            assert "Community Safety Partnership" in str(e["DESCRIPTION"])
            alarm = e.walk("VALARM")[0]
            assert alarm.decoded("TRIGGER") == dt.timedelta(days=-3)
    # Importing the second run updates, not duplicates: the same UIDs.
    assert csp(demo, "remind", "--out", str(out), "--ics", capsys=capsys)[0] == 0
    second = {p.stem: events(p) for p in out.glob("*.ics")}
    assert {k: set(v) for k, v in second.items()} == {k: set(v) for k, v in first.items()}

    # Mark Long's action is completed: his calendar sends it cancelled, a newer SEQUENCE.
    (uid, before), = first["mark-long"].items()
    assert csp(demo, "done", str(int(str(before["X-CSP-ACTION-ID"]))), capsys=capsys)[0] == 0
    code, printed, _ = csp(demo, "remind", "--out", str(out), "--ics", "--remind-days", "5",
                           capsys=capsys)
    assert code == 0 and "entries cancelled" in printed
    after = events(out / "mark-long.ics")
    assert str(after[uid]["STATUS"]) == "CANCELLED"
    assert int(after[uid]["SEQUENCE"]) > int(before["SEQUENCE"])
    live = next(e for e in events(out / "hazel-north-stephens.ics").values())
    assert live.walk("VALARM")[0].decoded("TRIGGER") == dt.timedelta(days=-5)
    # Sent once: the run after cancels nothing again.
    code, printed, _ = csp(demo, "remind", "--out", str(out), "--ics", capsys=capsys)
    assert code == 0 and "cancelled" not in printed


# ---------------------------------------------------------------------- chase


def test_the_chase_list_for_the_demo(demo: Path, tmp_path: Path, capsys) -> None:
    code, out, err = csp(demo, "chase", capsys=capsys)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("Community Safety Partnership: next meeting ")
    # The first meeting's open actions, none updated since it, in the action log's order;
    # the one updated since (3) and the ones raised today are not chased.
    assert [int(line.split()[0]) for line in lines[1:]] == [4, 5, 6]
    assert "overdue" in lines[2] and "no update since" in lines[1]

    from docx import Document
    from docx.oxml.ns import qn

    path = tmp_path / "chase.docx"
    assert csp(demo, "chase", "--docx", str(path), capsys=capsys)[0] == 0
    doc = Document(str(path))
    assert doc.core_properties.title.startswith("Actions to chase before the Community")
    assert doc.core_properties.language == "en-GB"
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells][:3] == ["No.", "Action", "Owner"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert len(table.rows) == 4
    assert (path.stat().st_mode & 0o777) != 0o600 or False  # public file: umask's mode


def test_calendars_written_as_lines_read_back_by_icalendar_as_given(
        demo: Path, tmp_path: Path, capsys) -> None:
    """The calendars are written as RFC 5545 lines by csp itself: another reader
    (icalendar) gets back exactly the text given, with the characters TEXT escapes and
    UTF-8 folded at 75 octets, never inside a character."""
    task = 'a; b, c \\ d "quoted"\nnext line — ünïcödé ' * 4
    conn = sqlite3.connect(demo)
    with conn:
        conn.execute("UPDATE actions SET task = ? WHERE id = 10", (task,))
        owner = conn.execute("SELECT owner FROM actions WHERE id = 10").fetchone()[0]
    conn.close()
    out = tmp_path / "drafts"
    assert csp(demo, "remind", "--out", str(out), "--ics", "--from",
               '"Hodgson, Jade; clerk" <jade@council.example>', capsys=capsys)[0] == 0
    found = 0
    for path in out.glob("*.ics"):
        data = path.read_bytes()
        data.decode("utf-8")
        lines = data.split(b"\r\n")
        assert lines[-1] == b"" and all(len(line) <= 75 for line in lines)
        cal = Calendar.from_ical(data)
        assert str(cal["VERSION"]) == "2.0" and str(cal["METHOD"]) == "PUBLISH"
        for ev in cal.walk("VEVENT"):
            organizer = ev["ORGANIZER"]
            assert str(organizer) == "mailto:jade@council.example"
            assert organizer.params["CN"] == "Hodgson, Jade; clerk"
            assert isinstance(ev.decoded("DTSTAMP"), dt.datetime)
            if str(ev["X-CSP-ACTION-ID"]) == "10":
                found += 1
                assert str(ev["SUMMARY"]) == f"Action due: {task}"
                assert str(ev["DESCRIPTION"]).startswith(f"{task}\nCommunity Safety")
                assert ev.walk("VALARM")[0]["DESCRIPTION"].endswith(task)
                assert ev.decoded("DTEND") - ev.decoded("DTSTART") == dt.timedelta(days=1)
    assert found >= 1, owner


def test_a_calendar_icalendar_wrote_is_read_back_and_its_entry_cancelled(
        tmp_path: Path) -> None:
    """A folder from before (its calendars written by icalendar) is read as csp's own:
    the entry no longer open is sent again, cancelled, with a higher SEQUENCE, its own
    alarm and its text untouched."""
    from icalendar import Alarm, Event

    from csp_tui.exporters.action_calendar import owner_calendar, read_previous
    from csp_tui.services.chasing import Owner

    cal = Calendar()
    cal.add("prodid", "-//csp-minutes//Action reminders//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "CSP: actions of Jade, the \"chair\"")
    ev = Event()
    ev.add("uid", "action-7-abc@csp-minutes")
    ev.add("dtstamp", dt.datetime(2021, 3, 1, 9, tzinfo=dt.UTC))
    ev.add("dtstart", dt.date(2021, 4, 30))
    ev.add("summary", "Action due: brief the chair; then, the board " + "é" * 60)
    ev.add("sequence", 2)
    ev.add("status", "CONFIRMED")
    ev.add("x-csp-action-id", "7")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", dt.timedelta(days=-3))
    ev.add_component(alarm)
    cal.add_component(ev)
    path = tmp_path / "jade.ics"
    path.write_bytes(cal.to_ical())

    title, previous = read_previous(path)
    assert title == "CSP: actions of Jade, the \"chair\""
    assert set(previous) == {"action-7-abc@csp-minutes"}
    assert previous["action-7-abc@csp-minutes"].sequence == 2
    made = owner_calendar(Owner("Jade", "", None, "CSP", 1), identity="abc",
                          previous=previous, keep=(), title=title,
                          stamp=dt.datetime(2021, 4, 1, 12, tzinfo=dt.UTC))
    assert made is not None and made[1:] == (0, 1)
    again = Calendar.from_ical(made[0])
    (sent,) = again.walk("VEVENT")
    assert str(sent["STATUS"]) == "CANCELLED" and int(sent["SEQUENCE"]) == 3
    assert sent.decoded("DTSTAMP") == dt.datetime(2021, 4, 1, 12, tzinfo=dt.UTC)
    assert str(sent["SUMMARY"]) == str(ev["SUMMARY"])
    assert sent.walk("VALARM")[0].decoded("TRIGGER") == dt.timedelta(days=-3)
    # Once cancelled, the next run leaves it alone; the title is read back as given.
    path.write_bytes(made[0])
    assert read_previous(path)[0] == title
    assert owner_calendar(Owner("Jade", "", None, "CSP", 1), identity="abc",
                          previous=read_previous(path)[1], keep=()) is None


def test_an_unreadable_previous_calendar_cancels_nothing(tmp_path: Path) -> None:
    from csp_tui.exporters.action_calendar import read_previous

    for data in (b"\xff\xfe not utf-8", b"hello", b""):
        path = tmp_path / "x.ics"
        path.write_bytes(data)
        assert read_previous(path) == ("", {})
    assert read_previous(tmp_path / "missing.ics") == ("", {})
