"""One owner list, one reading: "Jade Hodgson, Mark Long, and April Bald" is the same
three owners in the capture line, the action plan's Lead and Others, and
``csp actions update --owner`` (the app's action form and ``csp actions --owner`` are
checked in tests/tui and tests/cli)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from docx import Document

from csp_tui.capture.handlers import run
from csp_tui.cli.main import main
from csp_tui.domain.models import Action, AttendanceStatus, Meeting, Person
from csp_tui.domain.names import split_names
from csp_tui.exporters.export import export_meeting
from csp_tui.storage.repository import Repository

OWNERS = "Jade Hodgson, Mark Long, and April Bald"
THREE = ["Jade Hodgson", "Mark Long", "April Bald"]


def board_meeting(repo: Repository) -> tuple[int, dict[str, int]]:
    """A meeting on the standard agenda; the three owners and one more on the roster."""
    meeting = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 3, 31),
                                                   board_name="Community Safety Partnership"))
    assert meeting.id is not None and meeting.board_id is not None
    ids = {}
    for name in [*THREE, "Andy Opie"]:
        person = repo.people.add_person(Person(board_id=meeting.board_id, name=name))
        assert person.id is not None
        ids[name] = person.id
    return meeting.id, ids


@pytest.mark.parametrize("text", [
    "Jade Hodgson, Mark Long, and April Bald",
    "Jade Hodgson, Mark Long and April Bald",
    "Jade Hodgson, Mark Long, & April Bald",
    "Jade Hodgson & Mark Long AND April Bald.",
    " Jade Hodgson ,Mark Long,and April Bald ",
])
def test_every_way_of_writing_the_list_gives_the_same_three_names(text):
    assert split_names(text) == THREE


def test_the_capture_line_gives_three_owners(repo):
    mid, ids = board_meeting(repo)
    out = run(repo, mid, f"/a {OWNERS} to map the hotspots by 30 April",
              today=dt.date(2021, 3, 31))
    (action,) = repo.minutes.actions(mid)
    assert action.owner == "Jade Hodgson, Mark Long and April Bald"
    assert action.owner_ids == [ids[n] for n in THREE]
    assert out.severity == "information", out.message


def test_the_action_plan_has_one_lead_and_two_others(repo, tmp_path: Path):
    mid, _ids = board_meeting(repo)
    item = repo.meetings.items(mid)[0]
    # Written as typed elsewhere (the action form, an import): the Oxford comma stays.
    repo.minutes.add_action(Action(meeting_id=mid, item_id=item.id, owner=OWNERS,
                                   task="map the hotspots"))
    md = export_meeting(repo, mid, out=tmp_path / "m.md", fmt="md", action_log=True,
                        name_check=False).path.read_text(encoding="utf-8")
    row = next(line for line in md.splitlines() if "Map the hotspots" in line)
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[2:4] == ["Jade Hodgson", "Mark Long, April Bald"]
    docx = export_meeting(repo, mid, out=tmp_path / "m.docx", action_log=True,
                          name_check=False).path
    table = Document(str(docx)).tables[-1]
    lead, others = (c.text for c in table.rows[1].cells[2:4])
    assert (lead, others) == ("Jade Hodgson", "Mark Long, April Bald")


def test_csp_actions_update_owner_resolves_by_the_capture_rule(repo, db_path, capsys):
    mid, ids = board_meeting(repo)
    run(repo, mid, "/a to map the hotspots", today=dt.date(2021, 3, 31))
    (action,) = repo.minutes.actions(mid)
    # First names and surnames that fit one person count, as in the capture line.
    code = main(["actions", "--db", str(db_path), "update", str(action.id),
                 "--owner", "Jade, Long, and April Bald"])
    assert code == 0, capsys.readouterr().err
    after = repo.minutes.action(action.id)
    assert after.owner == "Jade, Long, and April Bald"
    assert after.owner_ids == [ids[n] for n in THREE]


def test_owner_ids_prefer_those_attending_the_meeting(repo: Repository):
    """PeopleStore.owner_ids is the one matching rule: a first name shared by two roster
    people is the one at the meeting; with neither there it matches nobody."""
    mid, ids = board_meeting(repo)
    board = repo.meetings.meeting(mid).board_id
    other = repo.people.add_person(Person(board_id=board, name="Mark Twain"))
    assert repo.people.owner_ids(mid, OWNERS) == [ids[n] for n in THREE]
    assert repo.people.owner_ids(mid, "Mark and Andy") == [ids["Andy Opie"]]
    repo.people.set_attendance(mid, ids["Mark Long"], status=AttendanceStatus.PRESENT)
    assert repo.people.owner_ids(mid, "Mark and Andy") == [ids["Mark Long"], ids["Andy Opie"]]
    assert [r.person.id for r in repo.people.resolve_names(mid, ["Twain", "Mark"])] == [
        other.id, ids["Mark Long"]]


def test_owner_matching_to_the_roster_is_written_once():
    """Only the repository puts the roster and the meeting's attendance together to
    match names; the capture line, the action form and the CLI call it."""
    package = Path(__file__).resolve().parents[2] / "csp_tui"
    callers = sorted(p.relative_to(package).as_posix() for p in package.rglob("*.py")
                     if "attending_ids(" in p.read_text(encoding="utf-8"))
    assert callers == ["domain/attendance.py", "storage/people.py"]
