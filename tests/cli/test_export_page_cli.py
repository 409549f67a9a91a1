"""`csp export --format page` through the real command line entry point."""

from __future__ import annotations

from pathlib import Path

from page_reference import build_reference_meeting, html_text

from csp_tui.cli.main import main
from csp_tui.storage.repository import Repository


def test_page_writes_html_and_docx(db_path: Path, tmp_path: Path, capsys):
    with Repository.open(db_path) as repo:
        build_reference_meeting(repo, "2019-12-11")
    out = tmp_path / "out"
    out.mkdir()
    assert main(["export", "--db", str(db_path), "2019-12-11", "--format", "page",
                 "--out", str(out)]) == 0
    printed = capsys.readouterr().out.splitlines()
    stem = "Community-Safety-Partnership-2019-12-11-minutes-page"
    assert printed == [str(out / f"{stem}.html"), str(out / f"{stem}.docx")]
    text = html_text((out / f"{stem}.html").read_text(encoding="utf-8")).text
    assert "Domestic Abuse Commission" in text and "Minutes:" in text
    # A file name given: the .docx goes beside the .html of that name.
    assert main(["export", "--db", str(db_path), "--format", "page",
                 "--out", str(tmp_path / "board.html")]) == 0
    assert (tmp_path / "board.html").is_file() and (tmp_path / "board.docx").is_file()


def test_page_with_action_log_is_one_line_exit_2(db_path: Path, tmp_path: Path, capsys):
    with Repository.open(db_path) as repo:
        build_reference_meeting(repo, "2019-12-11")
    out = tmp_path / "out"
    out.mkdir()
    code = main(["export", "--db", str(db_path), "--format", "page", "--action-log",
                 "--out", str(out)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and "--action-log" in err[0]
    assert list(out.iterdir()) == []
