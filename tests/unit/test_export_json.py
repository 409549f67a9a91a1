"""JSON backup: export -> import -> export gives an identical file."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from csp_tui.domain.models import Person
from csp_tui.exporters.json_io import FORMAT, export_json, import_record
from csp_tui.storage.repository import Repository


@pytest.fixture
def demo(repo: Repository, monkeypatch) -> int:
    from csp_tui.services.demo import build_demo

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    return build_demo(repo)


def test_round_trip_into_an_empty_database_is_identical(repo: Repository, demo: int,
                                                        tmp_path: Path, clock):
    first = export_json(repo, demo)
    data = json.loads(first)
    assert data["format"] == FORMAT and data["version"] == 1
    record = data["record"]
    assert list(record) == ["meeting", "people", "attendance", "items", "entries", "actions",
                            "carried_actions", "forward_plan"]
    assert record["meeting"]["id"] == 1
    assert len(record["carried_actions"]) == 6
    other = Repository.open(tmp_path / "other.db", clock=clock)
    try:
        mid = import_record(other, data)
        second = export_json(other, mid)
        # One undo step takes the whole import away.
        assert other.undo() is not None
        assert other.meetings.meetings() == []
    finally:
        other.close()
    assert second == first


def test_import_matches_people_by_name_and_adds_the_missing(repo: Repository, demo: int,
                                                            tmp_path: Path, clock):
    data = json.loads(export_json(repo, demo))
    other = Repository.open(tmp_path / "other.db", clock=clock)
    try:
        board = other.meetings.board("Community Safety Partnership")
        assert board.id is not None
        known = other.people.add_person(Person(board_id=board.id, name="jade hodgson",
                                               post_title="Kept as it is"))
        mid = import_record(other, data)
        people = other.people.people(board.id)
        jades = [p for p in people if p.name.casefold() == "jade hodgson"]
        assert [p.id for p in jades] == [known.id]
        assert jades[0].post_title == "Kept as it is"
        assert len(people) == len(data["record"]["people"])
        note_taker = next(a for a in other.people.attendance(mid) if a.role == "note taker")
        assert note_taker.person_id == known.id
        record = other.record(mid)
        assert len(record.entries) == len(data["record"]["entries"])
        assert [a.task for a in record.actions] == [
            a["task"] for a in data["record"]["actions"]]
        assert other.meetings.meeting(mid).draft == data["record"]["meeting"]["draft"]
    finally:
        other.close()


def test_import_into_the_same_database_adds_a_new_meeting(repo: Repository, demo: int):
    before = len(repo.meetings.meetings())
    mid = import_record(repo, json.loads(export_json(repo, demo)))
    assert mid != demo and len(repo.meetings.meetings()) == before + 1
    assert len(repo.record(mid).items) == len(repo.record(demo).items)


def test_bad_files_are_one_line_errors(repo: Repository):
    with pytest.raises(ValueError, match="format"):
        import_record(repo, {"format": "something else", "version": 1, "record": {}})
    with pytest.raises(ValueError, match="version"):
        import_record(repo, {"format": FORMAT, "version": 99, "record": {}})
    with pytest.raises(ValueError):
        import_record(repo, {"format": FORMAT, "version": 1, "record": {"meeting": {}}})
    assert repo.meetings.meetings() == []
