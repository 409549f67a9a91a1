"""Approved minutes keep their house style: "the record is what was minuted". A version
keeps the style it was circulated or approved in; every export, the diff and the page
render it in that style, never in the board's style as it is now; ``--style`` does not
re-style them; a draft follows the board. An approved meeting's papers cannot change."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from docx import Document

from csp_tui.cli.main import main
from csp_tui.domain.house_style import builtin_styles, load_style, style_from_text, style_toml
from csp_tui.domain.models import MeetingState
from csp_tui.storage.repository import Repository
from tests.committee_board import BOARD, FIRST, FIRST_LINES, SECOND, new_meeting, type_lines

#: What the public and full exports print, in every format that renders the minutes.
EXPORTS = (("docx", False), ("docx", True), ("md", False), ("md", True), ("page", False))


def _csp(db: Path, *args: str) -> int:
    return main(["--db", str(db), *args])


def _board_style(db: Path, name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert _csp(db, "board", "style", name, "--board", BOARD) == 0
    capsys.readouterr()


def _paragraphs(path: Path) -> list[str]:
    if path.suffix == ".docx":
        return [p.text for p in Document(str(path)).paragraphs]
    return path.read_text(encoding="utf-8").splitlines()


def _export(db: Path, meeting: int, folder: Path, capsys: pytest.CaptureFixture[str]
            ) -> dict[str, tuple[list[str], bytes]]:
    """Each export of the meeting: its paragraphs and its bytes, by file name."""
    out: dict[str, tuple[list[str], bytes]] = {}
    for fmt, full in EXPORTS:
        where = folder / f"{fmt}-{'full' if full else 'public'}"
        where.mkdir(parents=True)
        args = ["export", str(meeting), "--format", fmt, "-o", str(where) + "/"]
        assert _csp(db, *args, *(["--full"] if full else [])) == 0, capsys.readouterr().err
        for path in sorted(where.iterdir()):
            out[f"{where.name}/{path.name}"] = (_paragraphs(path), path.read_bytes())
    capsys.readouterr()
    return out


def _diff(db: Path, meeting: int, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    assert _csp(db, "minutes", "diff", "--meeting", str(meeting), *args) == 0
    return capsys.readouterr().out


@pytest.fixture
def board(repo: Repository) -> tuple[int, int]:
    """Two meetings of a board in the default style (council-word-2021): the first
    typed (a substitute, resolutions, an exempt item), circulated (version 1), a line
    added and approved (version 2); the second a draft with the same lines."""
    first = new_meeting(repo, FIRST)
    type_lines(repo, first, FIRST_LINES)
    repo.versions.move_minutes(first, MeetingState.CLOSED)
    repo.versions.move_minutes(first, MeetingState.CIRCULATED)
    type_lines(repo, first, ["/goto 2", "The committee thanked the officers."])
    repo.versions.move_minutes(first, MeetingState.APPROVED, approved_on=SECOND)
    second = new_meeting(repo, SECOND)
    type_lines(repo, second, FIRST_LINES)
    return first, second


def test_approved_minutes_print_the_same_after_the_board_changes_its_style(
        board: tuple[int, int], db_path: Path, tmp_path: Path, capsys) -> None:
    approved, draft = board
    before = _export(db_path, approved, tmp_path / "before", capsys)
    draft_before = _export(db_path, draft, tmp_path / "draft-before", capsys)
    diffs = [_diff(db_path, approved, capsys, *a) for a in
             (("--from", "1", "--to", "2"), ("--from", "1", "--to", "2", "--full"),
              ("--from", "1"))]
    assert "+ The committee thanked the officers." in diffs[0]
    # The board takes the committee style: its phrases differ from the default's.
    capsys.readouterr()
    assert _csp(db_path, "board", "style", "committee", "--board", BOARD) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{BOARD}: house style committee",
        "1 circulated or approved meeting keeps the style it was circulated in"]
    after = _export(db_path, approved, tmp_path / "after", capsys)
    assert after.keys() == before.keys()
    for name, (paras, data) in after.items():
        assert paras == before[name][0], name
        assert data == before[name][1], name  # byte for byte
    assert [_diff(db_path, approved, capsys, *a) for a in
            (("--from", "1", "--to", "2"), ("--from", "1", "--to", "2", "--full"),
             ("--from", "1"))] == diffs
    # The committee style's words would show, had the approved minutes followed it.
    committee = ("Apologies for absence:", "Any Other Business (exempt)", "7/18")
    approved_words = _words(after)
    assert "Members Present:" in approved_words
    assert not any(w in approved_words for w in committee)
    # A draft follows the board's style as it is now.
    draft_after = _export(db_path, draft, tmp_path / "draft-after", capsys)
    assert all(w in _words(draft_after) for w in committee)
    assert not any(w in _words(draft_before) for w in committee)


def _words(exports: dict[str, tuple[list[str], bytes]]) -> str:
    return "\n".join("\n".join(paras) for paras, _ in exports.values())


def test_a_version_keeps_the_whole_style_it_was_circulated_in(
        board: tuple[int, int], repo: Repository, db_path: Path, capsys) -> None:
    approved, draft = board
    _board_style(db_path, "council-page-2019", capsys)
    kept = [r[0] for r in repo.conn.execute(
        "SELECT style_text FROM minutes_versions WHERE meeting_id = ? ORDER BY version",
        (approved,))]
    assert len(kept) == 2 and kept[0] == kept[1]
    assert style_from_text(kept[1]) == load_style("council-word-2021")
    assert repo.settings.style_for(approved).name == "council-word-2021"
    assert repo.settings.style_for(approved, 1).name == "council-word-2021"
    assert repo.settings.style_for(draft).name == "council-page-2019"
    board_id = repo.meetings.meeting(draft).board_id
    assert repo.settings.style_for(board_id=board_id).name == "council-page-2019"
    # Circulated in one style, approved after the board changed it: approval keeps the
    # style the members read (the one circulated).
    repo.versions.move_minutes(draft, MeetingState.CLOSED)
    repo.versions.move_minutes(draft, MeetingState.CIRCULATED)
    _board_style(db_path, "committee", capsys)
    assert repo.settings.style_for(draft).name == "council-page-2019"
    repo.versions.move_minutes(draft, MeetingState.APPROVED)
    assert repo.settings.style_for(draft).name == "council-page-2019"
    # Reopened, the minutes are a draft again: they follow the board's style.
    repo.versions.move_minutes(draft, MeetingState.CLOSED, reason="a typo in item 3")
    assert repo.settings.style_for(draft).name == "committee"


def test_a_version_kept_before_styles_were_kept_prints_in_its_boards(
        board: tuple[int, int], repo: Repository, db_path: Path, capsys) -> None:
    """Rows written before the migration have no style: today's behaviour, the board's."""
    approved, _ = board
    with repo.conn:
        repo.conn.execute("UPDATE minutes_versions SET style_text = NULL")
    _board_style(db_path, "committee", capsys)
    assert repo.settings.style_for(approved).name == "committee"
    assert repo.settings.style_for(approved, 1).name == "committee"


def test_the_migration_leaves_older_versions_in_their_boards_style(
        db_path: Path, clock) -> None:
    """A file from before the migration: its versions gain no style, and print in the
    board's style as before."""
    from csp_tui.storage.schema import LATEST_VERSION, MIGRATIONS, frozen_styles

    with Repository.open(db_path, clock=clock) as repo:
        mid = new_meeting(repo, FIRST)
        repo.versions.move_minutes(mid, MeetingState.CLOSED)
        repo.versions.move_minutes(mid, MeetingState.APPROVED)
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("ALTER TABLE minutes_versions DROP COLUMN style_text")
    conn.execute(f"PRAGMA user_version = {MIGRATIONS.index(frozen_styles)}")
    conn.close()
    with Repository.open(db_path, clock=clock) as repo:
        assert repo.conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
        assert repo.conn.execute("SELECT style_text FROM minutes_versions").fetchall() == [
            (None,)]
        repo.settings.set_board_style(repo.meetings.meeting(mid).board_id, "committee")
        assert repo.settings.style_for(mid).name == "committee"


def test_style_toml_reads_back_the_same_style() -> None:
    import dataclasses

    for name in builtin_styles():
        style = load_style(name)
        assert style_from_text(style_toml(style)) == style
    odd = dataclasses.replace(load_style("committee"),
                              description='a "quote" \\ back\x7f\x01 é 😀 \n line')
    assert style_from_text(style_toml(odd)) == odd


def test_export_style_refuses_circulated_or_approved_minutes(
        board: tuple[int, int], db_path: Path, tmp_path: Path, capsys) -> None:
    approved, draft = board
    capsys.readouterr()
    out = tmp_path / "out"
    out.mkdir()
    assert _csp(db_path, "export", str(approved), "--style", "committee", "-o",
                str(out) + "/") == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("csp: ")
    assert "approved in the style council-word-2021" in err and "--style" in err
    assert list(out.iterdir()) == []
    # A draft may be written in another style.
    assert _csp(db_path, "export", str(draft), "--style", "committee", "--format", "md",
                "-o", str(out / "draft.md")) == 0
    assert "RESOLVED: that" in (out / "draft.md").read_text(encoding="utf-8")


# ---------------------------------------------------------------------- papers


def test_an_approved_meetings_papers_cannot_change(
        board: tuple[int, int], repo: Repository, db_path: Path, tmp_path: Path,
        capsys) -> None:
    from tests.papers_gen import docx_paper

    approved, draft = board
    paper = tmp_path / "report.docx"
    docx_paper(paper, "Depot tenders")
    # Attached while a draft, then the meeting is approved.
    assert _csp(db_path, "agenda", "attach", "--meeting", str(draft), "4", str(paper)) == 0
    attached = repo.papers.papers(draft)
    assert len(attached) == 1
    repo.versions.move_minutes(draft, MeetingState.CLOSED)
    repo.versions.move_minutes(draft, MeetingState.APPROVED)
    files = repo.conn.execute("SELECT count(*) FROM paper_files").fetchone()[0]
    for args in (("attach", "--meeting", str(draft), "4", str(paper)),
                 ("attach", "--meeting", str(approved), "2", str(paper)),
                 ("detach", str(attached[0].id)),
                 ("attach", "--meeting", str(draft), "4", str(paper), "--replace",
                  str(attached[0].id))):
        capsys.readouterr()
        assert _csp(db_path, "agenda", *args) == 2, args
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "approved and read-only" in err, err
    assert repo.papers.papers(draft) == attached and repo.papers.papers(approved) == []
    assert repo.conn.execute("SELECT count(*) FROM paper_files").fetchone()[0] == files


# ---------------------------------------------------------------------- the board's own


def test_the_chase_list_and_action_plan_are_marked_in_the_boards_style(
        tmp_path: Path, capsys) -> None:
    from csp_tui.services.demo import write_demo

    db = tmp_path / "demo.db"
    write_demo(db)
    board = sqlite3.connect(db).execute("SELECT name FROM boards").fetchone()[0]
    assert _csp(db, "board", "style", "committee", "--board", board) == 0
    path = tmp_path / "chase.docx"
    assert _csp(db, "actions", "chase", "--full", "--docx", str(path)) == 0
    doc = Document(str(path))
    assert doc.core_properties.subject.endswith("(EXEMPT)")
    assert [p.text for p in doc.sections[0].header.paragraphs if p.text] == ["EXEMPT"]
    # The board's action plan too.
    plan = tmp_path / "plan.docx"
    assert _csp(db, "actions", "export", "--full", "--docx", str(plan)) == 0
    assert Document(str(plan)).core_properties.subject.endswith("(EXEMPT)")


def test_the_defer_preview_is_in_the_meetings_style(
        repo: Repository, db_path: Path, tmp_path: Path, capsys) -> None:
    from csp_tui.capture.completion import complete
    from csp_tui.capture.handlers import run

    mid = new_meeting(repo, SECOND)
    style = tmp_path / "ours.toml"
    style.write_text('extends = "council-word-2021"\nname = "ours"\n[deferral]\n'
                     'joined = "Item held over {reason}"\n', encoding="utf-8")
    _board_style(db_path, str(style), capsys)
    [shown] = [c for c in complete("/defer to the March board", names=[], phrases=[],
                                   style=repo.settings.style_for(mid)) if "→" in c]
    assert shown.endswith("→ Item held over to the March board.")
    # What Enter keeps is what the preview showed.
    type_lines(repo, mid, ["/goto 4"])
    run(repo, mid, shown, today=dt.date(2018, 7, 10))
    assert repo.meetings.items(mid)[3].deferred_reason == "Item held over to the March board."
