"""`csp export` / `csp import` through the real command line entry point."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from docx import Document

from csp_tui.cli.main import main
from csp_tui.storage.repository import Repository


@pytest.fixture
def demo_db(db_path: Path, clock, monkeypatch) -> Path:
    from csp_tui.services.demo import build_demo

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    repo = Repository.open(db_path, clock=clock)
    try:
        build_demo(repo)
    finally:
        repo.close()
    return db_path


def one_error_line(capsys) -> str:
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_default_export_into_the_current_folder(demo_db: Path, tmp_path: Path, capsys,
                                                monkeypatch):
    out = tmp_path / "here"
    out.mkdir()
    monkeypatch.chdir(out)
    assert main(["--db", str(demo_db), "export"]) == 0
    path = out / "Community-Safety-Partnership-2021-03-31-minutes.docx"
    captured = capsys.readouterr()
    assert captured.out.strip() == str(path)
    assert "warning: item 14 (viii) Safeguarding Boards has no minutes" in captured.err
    assert Document(str(path)).paragraphs[0].text == "THE COMMUNITY SAFETY PARTNERSHIP"


def test_meeting_by_date_full_and_formats(demo_db: Path, tmp_path: Path, capsys):
    assert main(["--db", str(demo_db), "export", "2020-12-09", "--out", str(tmp_path),
                 "--full"]) == 0
    assert (tmp_path / "Community-Safety-Partnership-2020-12-09-minutes-RESTRICTED.docx"
            ).exists()
    assert main(["export", "--db", str(demo_db), "-o", str(tmp_path / "m.md")]) == 0
    text = (tmp_path / "m.md").read_text(encoding="utf-8")
    assert text.startswith("**DRAFT**\n\n# THE COMMUNITY")
    assert main(["--db", str(demo_db), "export", "--format", "json", "--full", "-o",
                 str(tmp_path)]) == 0
    assert (tmp_path / "Community-Safety-Partnership-2021-03-31-RESTRICTED.json").exists()


@pytest.mark.parametrize("args, message", [
    (["--out", "/nonexistent-folder/x.docx"], "does not exist"),
    (["--template", "NOTWORD"], "is not a Word .docx or .dotx file"),
    (["--template", "MISSING"], "cannot read the template"),
    (["--format", "json"], "--full"),
    (["1999-01-01"], "no meeting on 1999-01-01"),
    (["--format", "md", "--template", "NOTWORD"], "Word (.docx) and PDF output only"),
])
def test_failures_are_one_line_exit_2(demo_db: Path, tmp_path: Path, capsys, args, message):
    not_word = tmp_path / "council.docx"
    not_word.write_text("this is not a zip file")
    args = [str(not_word) if a == "NOTWORD" else str(tmp_path / "missing.docx")
            if a == "MISSING" else a for a in args]
    out = tmp_path / "out"
    out.mkdir()
    full_args = ["--db", str(demo_db), "export", *args]
    if "--out" not in args:
        full_args += ["--out", str(out)]
    assert main(full_args) == 2
    line = one_error_line(capsys)
    assert line.startswith("csp: ") and message in line
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("lock", ["~$mmunity-Safety-Partnership-2021-03-31-minutes.docx",
                                  "~$Community-Safety-Partnership-2021-03-31-minutes.docx",
                                  ".~lock.Community-Safety-Partnership-2021-03-31-minutes.docx#"])
def test_target_open_elsewhere(demo_db: Path, tmp_path: Path, capsys, lock: str):
    target = tmp_path / "Community-Safety-Partnership-2021-03-31-minutes.docx"
    target.write_bytes(b"the old minutes")
    (tmp_path / lock).write_text("owner")
    assert main(["--db", str(demo_db), "export", "--out", str(tmp_path)]) == 2
    assert "open in another program" in one_error_line(capsys)
    assert target.read_bytes() == b"the old minutes"
    assert leftovers(tmp_path) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_folder(demo_db: Path, tmp_path: Path, capsys):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        assert main(["--db", str(demo_db), "export", "--out", str(locked)]) == 2
        assert "cannot write" in one_error_line(capsys)
    finally:
        locked.chmod(0o700)


def test_failed_write_leaves_old_file_and_no_temp(tmp_path: Path):
    """A failure half-way through writing leaves the old file as it was, and no
    temporary file behind."""
    from csp_tui.exporters.files import atomic_write

    target = tmp_path / "minutes.docx"
    target.write_bytes(b"the old minutes")

    def half_then_fail(tmp: Path) -> None:
        tmp.write_bytes(b"half a docu")
        raise RuntimeError("the disk went away")

    with pytest.raises(RuntimeError):
        atomic_write(target, half_then_fail, private=False)
    assert target.read_bytes() == b"the old minutes"
    assert [p.name for p in tmp_path.iterdir()] == ["minutes.docx"]


def test_check_only(demo_db: Path, tmp_path: Path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["--db", str(demo_db), "export", "--check"]) == 1
    out = capsys.readouterr().out
    assert "warning: item 14 (viii) Safeguarding Boards has no minutes and is not deferred" in out
    assert "warning: item 11. Prevent Update is restricted" in out
    assert not list(tmp_path.glob("*.docx"))
    # The full version publishes the restricted minutes, so only the empty item is left.
    assert main(["--db", str(demo_db), "export", "--check", "--full"]) == 1
    assert "restricted" not in capsys.readouterr().out


def test_import_command(demo_db: Path, tmp_path: Path, capsys):
    backup = tmp_path / "b.json"
    assert main(["--db", str(demo_db), "export", "--format", "json", "--full", "-o",
                 str(backup)]) == 0
    other = tmp_path / "other.db"
    assert main(["--db", str(other), "import", str(backup)]) == 0
    assert "imported meeting" in capsys.readouterr().out
    assert main(["--db", str(other), "export", "--format", "json", "--full", "-o",
                 str(tmp_path / "again.json")]) == 0
    assert (tmp_path / "again.json").read_text() == backup.read_text()
    capsys.readouterr()
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    assert main(["--db", str(other), "import", str(bad)]) == 2
    assert "is not valid JSON" in one_error_line(capsys)
    assert main(["--db", str(other), "import", str(tmp_path / "nope.json")]) == 2
    assert "no such file" in one_error_line(capsys)


def test_export_command_module_loads_no_python_docx_nor_textual():
    """python-docx loads when a Word file is written (the exporters' seam), so `csp
    export --format md` and `csp import` never load it; nor does any command load
    textual."""
    import subprocess
    import sys

    code = ("import sys; import csp_tui.cli.export; "
            "print(sorted(m for m in sys.modules if m.startswith(('docx', 'lxml', "
            "'textual'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_exporters_never_import_textual(demo_db: Path, tmp_path: Path):
    import subprocess
    import sys

    code = ("import sys\n"
            "from csp_tui.storage.repository import Repository\n"
            "from csp_tui.exporters.export import export_meeting\n"
            f"repo = Repository.open({str(demo_db)!r})\n"
            f"export_meeting(repo, None, out={str(tmp_path)!r}, full=True, action_log=True)\n"
            f"export_meeting(repo, None, out={str(tmp_path)!r}, fmt='md')\n"
            "print(any(m.startswith('textual') for m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "False"


def test_check_warns_of_an_action_with_no_owner(repo: Repository, tmp_path: Path):
    import datetime as dt

    from csp_tui.domain.models import Action, Meeting
    from csp_tui.exporters.checks import check_record

    m = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 3, 31)))
    assert m.id is not None
    first = repo.meetings.items(m.id)[0]
    repo.minutes.add_action(Action(meeting_id=m.id, item_id=first.id, task="book the room"))
    warnings = check_record(repo.record(m.id))
    assert ("action with no owner (item 1. Introductions and Apologies for Absence): "
            "book the room") in warnings
    # Declarations print "No declarations of interest to note." on their own.
    assert not any("Declaration" in w for w in warnings)
    assert "item 4. Forward Plan has no minutes and is not deferred" in warnings
