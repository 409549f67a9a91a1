"""Nothing leaks, nothing is lost: terminal-safe text, CSV cells, private and atomic files."""

from __future__ import annotations

import datetime as dt
import errno
import os
import stat
import time
from pathlib import Path

import pytest

from csp_tui.domain.models import Action, AgendaItem, Entry, Meeting, Person
from csp_tui.domain.text import (
    csv_cell,
    csv_value,
    drop_controls,
    path_for_display,
    terminal_safe,
)
from csp_tui.exporters import ExportError
from csp_tui.exporters.action_log import write_action_log_docx
from csp_tui.exporters.export import export_meeting
from csp_tui.exporters.files import atomic_write
from csp_tui.exporters.roster_csv import export_roster
from csp_tui.services.roster import import_roster
from csp_tui.storage.repository import Repository

BIDI_CONTROLS = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]


def acted_on(text: str) -> list[str]:
    """The characters in ``text`` a terminal would act on (all but tab and newline)."""
    return [ch for ch in text if not ch.isprintable() and ch not in "\t\n"]


# ---------------------------------------------------------------------- terminal text


@pytest.mark.parametrize("attack, shown", [
    ("\x1b]0;Minutes approved\x07", "\\x1b]0;Minutes approved\\x07"),  # OSC: window title
    ("before\x1b[2Jafter", "before\\x1b[2Jafter"),  # CSI: clear the screen
    ("\x9b31mred", "\\x9b31mred"),  # the one-byte C1 CSI
    ("\x1b[?1049h", "\\x1b[?1049h"),  # switch to the alternate screen
    ("a\x00b\x7fc\x85d", "a\\x00b\\x7fc\\x85d"),  # NUL, DEL, C1 next line
    ("over\rwrite", "over\\rwrite"),  # a lone CR would overwrite the line
    # A line of CSV or JSON as written, newline and all: the newline is no cover.
    ("\n{\"owner\": \"\x1b[2J\"}", "\n{\"owner\": \"\\x1b[2J\"}"),
    ("7,\u202eMPS,open\n", "7,\\u202eMPS,open\n"),
])
def test_terminal_safe_shows_escapes_without_acting_on_them(attack: str, shown: str):
    out = terminal_safe(attack)
    assert out == shown
    assert acted_on(out) == []


@pytest.mark.parametrize("control", BIDI_CONTROLS)
def test_terminal_safe_escapes_every_bidi_override_and_isolate(control: str):
    out = terminal_safe(f"Action owner: {control}nahoJ")
    assert out == f"Action owner: \\u{ord(control):04x}nahoJ"
    assert acted_on(out) == []


def test_terminal_safe_keeps_ordinary_text_tabs_newlines_and_bidi_marks():
    # Names in Arabic or Hebrew pasted from Teams carry the marks U+200E / U+200F.
    text = "Cllr Worby \u2013 caf\u00e9\n\tnext line \u05d3\u05e0\u05d4\u200f ok"
    assert terminal_safe(text) == text
    assert terminal_safe("line one\r\nline two") == "line one\nline two"


def test_drop_controls_cleans_pasted_input():
    pasted = "Jade \x1b[2Jto map\u202e hotspots\x9b\r\nby Friday\tok"
    assert drop_controls(pasted) == "Jade [2Jto map hotspots by Friday\tok"
    assert drop_controls(pasted, multiline=True) == "Jade [2Jto map hotspots\nby Friday\tok"
    assert drop_controls("plain text") == "plain text"


def test_path_for_display_is_one_absolute_line(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shown = path_for_display("minutes\n\x1b]0;x\x07.docx")
    assert shown == f"{tmp_path}/minutes\\n\\x1b]0;x\\x07.docx"
    assert path_for_display(Path("a") / "b.docx") == f"{tmp_path}/a/b.docx"
    # A file name that is not UTF-8 (a lone surrogate from the file system) prints too.
    assert path_for_display(os.fsdecode(b"/tmp/caf\xe9")) == "/tmp/caf\\udce9"


# ---------------------------------------------------------------------- CSV cells


@pytest.mark.parametrize("value, cell", [
    ("=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"http://evil\")"),
    ("+44 20 7946 0000", "'+44 20 7946 0000"),
    ("-5", "'-5"),  # typed text that looks like a number stays text
    ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
    ("\t=1+1", "'\t=1+1"),
    ("Jade Hodgson", "Jade Hodgson"),
    ("a = b", "a = b"),
    (-5, "-5"),  # a number csp computed (an age) is a number
    (12, "12"),
    (None, ""),
])
def test_csv_cell(value, cell):
    assert csv_cell(value) == cell
    if isinstance(value, str):
        assert csv_value(cell) == value


def test_roster_csv_cells_cannot_run_and_round_trip(repo: Repository, tmp_path: Path):
    board = repo.meetings.board("Community Safety Partnership")
    repo.people.add_person(Person(board_id=board.id, name="Ann Example",
                                  post_title="=HYPERLINK(\"http://evil\",\"Click\")",
                                  organisation="@Home Trust", email="ann@example.org"))
    out = tmp_path / "roster.csv"
    export_roster(repo, out)
    text = out.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text and ",'@Home Trust," in text
    other = Repository.open(tmp_path / "other.db")
    try:
        import_roster(other, out)
        (ann,) = other.people.people(other.meetings.board("Community Safety Partnership").id)
        assert (ann.post_title, ann.organisation) == (
            "=HYPERLINK(\"http://evil\",\"Click\")", "@Home Trust")
    finally:
        other.close()


# ---------------------------------------------------------------------- files


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def restricted_meeting(repo: Repository) -> int:
    m = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 3, 31)), [
        (AgendaItem(title="Open Item"), []),
        (AgendaItem(title="VRU Plan", restricted=True,
                    public_summary="The board received an update."), []),
    ])
    assert m.id is not None
    items = {i.title: i for i in repo.meetings.items(m.id)}
    repo.minutes.add_entry(Entry(item_id=items["VRU Plan"].id, text="Secret line"))
    repo.minutes.add_action(Action(meeting_id=m.id, item_id=items["VRU Plan"].id, owner="Jade",
                                   task="do the secret thing"))
    return m.id


def test_confidential_outputs_are_0600_public_ones_follow_the_umask(
        repo: Repository, restricted_meeting: int, tmp_path: Path, umask_022):
    public = export_meeting(repo, restricted_meeting, out=tmp_path / "public.docx").path
    public_md = export_meeting(repo, restricted_meeting, out=tmp_path / "public.md",
                               fmt="md").path
    full = export_meeting(repo, restricted_meeting, out=tmp_path / "full.docx",
                          full=True, action_log=True).path
    full_md = export_meeting(repo, restricted_meeting, out=tmp_path / "full.md", fmt="md",
                             full=True).path
    backup = export_meeting(repo, restricted_meeting, out=tmp_path / "backup.json",
                            fmt="json", full=True).path
    log = write_action_log_docx(repo.minutes.actions(restricted_meeting), [], tmp_path / "log.docx",
                                full=True, restricted=set())
    roster = tmp_path / "roster.csv"
    export_roster(repo, roster)
    assert {p.name: oct(mode(p)) for p in (public, public_md, full, full_md, backup, log,
                                            roster)} == {
        "public.docx": "0o644", "public.md": "0o644", "full.docx": "0o600",
        "full.md": "0o600", "backup.json": "0o600", "log.docx": "0o600",
        "roster.csv": "0o600"}


def test_a_private_export_over_a_public_file_becomes_private(
        repo: Repository, restricted_meeting: int, tmp_path: Path, umask_022):
    target = tmp_path / "minutes.docx"
    target.write_bytes(b"old")
    target.chmod(0o644)
    export_meeting(repo, restricted_meeting, out=target, full=True)
    assert mode(target) == 0o600


def test_the_temporary_file_is_private_while_it_is_written(tmp_path: Path, umask_022):
    seen: list[int] = []

    def write(tmp: Path) -> None:
        tmp.write_text("restricted text")
        seen.append(mode(tmp))

    atomic_write(tmp_path / "minutes.md", write, private=False)
    assert seen == [0o600]
    assert mode(tmp_path / "minutes.md") == 0o644


def test_a_stale_temporary_file_is_removed_by_the_next_export(
        repo: Repository, restricted_meeting: int, tmp_path: Path):
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "minutes-RESTRICTED.docx"
    stale = folder / f".{target.name}.1234.tmp"
    stale.write_text("Secret line")
    stale.chmod(0o600)
    an_hour_ago = time.time() - 3600
    os.utime(stale, (an_hour_ago, an_hour_ago))
    # Not ours: a file of the note taker's that only looks alike, and a temporary file
    # of another target.
    mine = folder / f".{target.name}.my backup.tmp"
    mine.write_text("keep me")
    os.utime(mine, (an_hour_ago, an_hour_ago))
    other = folder / ".other.docx.abcd1234.tmp"
    other.write_text("keep me")
    os.utime(other, (an_hour_ago, an_hour_ago))
    export_meeting(repo, restricted_meeting, out=target, full=True)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [target.name, mine.name, other.name])


def test_a_temporary_file_being_written_now_is_left_alone(
        repo: Repository, restricted_meeting: int, tmp_path: Path):
    """Another export of the same file, running now, is not sabotaged."""
    target = tmp_path / "minutes.docx"
    in_flight = tmp_path / f".{target.name}.k3x9q2zz.tmp"
    in_flight.write_bytes(b"PK half written")
    export_meeting(repo, restricted_meeting, out=target)
    assert in_flight.read_bytes() == b"PK half written"


def test_a_full_disk_leaves_the_old_file_and_no_temporary_file(tmp_path: Path):
    target = tmp_path / "roster.csv"
    target.write_text("the old roster")

    def fill_the_disk(tmp: Path) -> None:
        tmp.write_text("half a ros")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with pytest.raises(ExportError, match="No space left on device"):
        atomic_write(target, fill_the_disk, private=True)
    assert target.read_text() == "the old roster"
    assert [p.name for p in tmp_path.iterdir()] == ["roster.csv"]


def test_an_export_refuses_a_symbolic_link_at_the_target(
        repo: Repository, restricted_meeting: int, tmp_path: Path):
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("not minutes")
    link = tmp_path / "minutes.docx"
    link.symlink_to(elsewhere)
    with pytest.raises(ExportError) as caught:
        export_meeting(repo, restricted_meeting, out=link, full=True)
    assert str(caught.value) == f"{link} is a symbolic link; not following it"
    assert link.is_symlink() and elsewhere.read_text() == "not minutes"
    # A dangling link, too: writing through it would create the file it names.
    dangling = tmp_path / "dangling.md"
    dangling.symlink_to(tmp_path / "created-elsewhere.md")
    with pytest.raises(ExportError, match="symbolic link"):
        export_meeting(repo, restricted_meeting, out=dangling, fmt="md", full=True)
    assert not (tmp_path / "created-elsewhere.md").exists()
