"""Restricted items never reach a public file: every part of the package is searched."""

from __future__ import annotations

import datetime as dt
import html
import time
import zipfile
from pathlib import Path

import pytest

from csp_tui.domain.models import Action, AgendaItem, Entry, EntryKind, Meeting, MeetingRecord
from csp_tui.exporters.action_log import write_action_log_docx
from csp_tui.exporters.document import restricted_actions
from csp_tui.exporters.export import export_meeting
from csp_tui.storage.repository import Repository


def package_text(path: Path) -> str:
    """Every part of a .docx (XML, rels, properties), decoded and unescaped."""
    with zipfile.ZipFile(path) as z:
        parts = [z.read(n).decode("utf-8", "replace") for n in z.namelist()]
    return "\n".join(html.unescape(p) for p in parts)


def secrets_of(record: MeetingRecord) -> list[str]:
    """The text of restricted items that must not be published: entries, action tasks,
    "OWNER to" phrases, presenters."""
    out: list[str] = []
    restricted = set()
    for item in record.items:
        parent = record.item(item.parent_id) if item.parent_id else None
        if item.restricted or (parent and parent.restricted):
            restricted.add(item.id)
            if item.presenter:
                out.append(f"Presenter: {item.presenter}")
    out += [e.text for e in record.entries if e.item_id in restricted]
    for a in record.actions:
        if a.item_id in restricted:
            out.append(a.task)
            out.append(a.task[:1].upper() + a.task[1:])
            if a.owner:
                out.append(f"ACTION: {a.owner} to")
    return out


@pytest.fixture
def secret_meeting(repo: Repository) -> int:
    """Restricted: a top item, a sub-item of a restricted item, a restricted sub-item;
    owners and presenters who appear nowhere else."""
    m = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 3, 31)), [
        (AgendaItem(title="Open Item"), []),
        (AgendaItem(title="VRU Plan", restricted=True, presenter="Pella Presenter",
                    public_summary="The board received an update."),
         [AgendaItem(title="Operation Detail", presenter="Sub Presenter")]),
        (AgendaItem(title="AOB"), [AgendaItem(title="DVHR", restricted=True)]),
    ])
    assert m.id is not None
    items = {i.title: i for i in repo.meetings.items(m.id)}
    for title, kinds in [("VRU Plan", [EntryKind.PARAGRAPH, EntryKind.DECISION]),
                         ("Operation Detail", [EntryKind.BULLET, EntryKind.HEADING]),
                         ("DVHR", [EntryKind.NUMBERED, EntryKind.DECLARATION])]:
        iid = items[title].id
        assert iid is not None
        for n, kind in enumerate(kinds):
            repo.minutes.add_entry(Entry(item_id=iid, kind=kind, text=f"Secret {title} line {n}"))
        repo.minutes.add_action(Action(meeting_id=m.id, item_id=iid, owner=f"Owner of {title}",
                                       task=f"do the secret thing about {title}", due="2021-05-01"))
    repo.minutes.add_action(
        Action(meeting_id=m.id, item_id=items["Open Item"].id, owner="Open Owner",
               task="do an open thing"))
    return m.id


def test_public_package_has_no_restricted_text(repo: Repository, secret_meeting: int,
                                               tmp_path: Path):
    record = repo.record(secret_meeting)
    public = export_meeting(repo, secret_meeting, out=tmp_path, action_log=True).path
    text = package_text(public)
    for secret in [*secrets_of(record), "Owner of", "Pella Presenter", "Sub Presenter",
                   "Secret "]:
        assert secret not in text, secret
    assert "RESTRICTED: VRU PLAN" in text
    assert "The board received an update." in text
    assert "(i) RESTRICTED: OPERATION DETAIL" in text
    assert "(i) RESTRICTED: DVHR" in text
    assert "Open Owner to do an open thing" in text
    # The full version has it all.
    full = package_text(export_meeting(repo, secret_meeting, out=tmp_path, full=True,
                                       action_log=True).path)
    for secret in secrets_of(record):
        if not secret.startswith("Presenter:"):  # presenters are never printed
            assert secret in full, secret


def test_public_markdown_has_no_restricted_text(repo: Repository, secret_meeting: int,
                                                tmp_path: Path):
    record = repo.record(secret_meeting)
    text = export_meeting(repo, secret_meeting, out=tmp_path, fmt="md",
                          action_log=True).path.read_text(encoding="utf-8")
    for secret in [*secrets_of(record), "Owner of", "Secret "]:
        assert secret not in text.replace("\\", ""), secret


def test_public_json_refused(repo: Repository, secret_meeting: int, tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ValueError, match="--full"):
        export_meeting(repo, secret_meeting, out=out, fmt="json")
    assert list(out.iterdir()) == []


def test_standalone_action_log(repo: Repository, secret_meeting: int, tmp_path: Path):
    actions = repo.minutes.actions(secret_meeting)
    people = repo.people.people(repo.meetings.board().id or 0)
    hidden = restricted_actions(repo, repo.record(secret_meeting))
    assert len(hidden) == 3
    path = write_action_log_docx(actions, people, tmp_path / "log.docx", full=False,
                                 restricted=hidden)
    text = package_text(path)
    assert "Owner of" not in text and "secret thing" not in text
    assert text.count(">Restricted<") == 3
    full = package_text(write_action_log_docx(actions, people, tmp_path / "log3.docx",
                                              full=True, restricted=hidden))
    assert "Owner of VRU Plan" in full and "RESTRICTED" in full


def test_demo_public_package(repo: Repository, tmp_path: Path, monkeypatch):
    from csp_tui.services.demo import build_demo

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    mid = build_demo(repo)
    record = repo.record(mid)
    public = export_meeting(repo, mid, out=tmp_path, action_log=True).path
    text = package_text(public)
    secrets = secrets_of(record)
    assert len(secrets) > 8
    for secret in secrets:
        assert secret not in text, secret


def test_carried_action_of_an_earlier_restricted_item(repo: Repository, tmp_path: Path):
    prev = repo.meetings.create_meeting(Meeting(date=dt.date(2020, 12, 9)), [
        (AgendaItem(title="Minutes and Action Log"), []),
        (AgendaItem(title="Prevent", restricted=True), [])])
    assert prev.id is not None
    secret_item = repo.meetings.items(prev.id)[1]
    repo.minutes.add_action(Action(meeting_id=prev.id, item_id=secret_item.id, owner="Hidden Owner",
                                   task="brief the chair on case KX-99"))
    now = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 3, 31)))
    assert now.id is not None
    public = export_meeting(repo, now.id, out=tmp_path, action_log=True).path
    text = package_text(public)
    assert "KX-99" not in text and "Hidden Owner" not in text
    assert "ACTION: Restricted." in text
    out = tmp_path / "json"
    out.mkdir()
    with pytest.raises(ValueError, match="--full"):
        export_meeting(repo, now.id, out=out, fmt="json")
    full = package_text(export_meeting(repo, now.id, out=tmp_path, full=True).path)
    assert "ACTION: Hidden Owner to brief the chair on case KX-99." in full
