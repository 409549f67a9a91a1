"""The settings file's default_board, style and language, as `csp` and the app use them
(a real settings file, named by $CSP_CONFIG: the ``no_user_settings`` fixture)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from app_helpers import make_app, said, small_meeting
from docx import Document

from csp_tui.cli.main import main
from csp_tui.domain.models import Meeting
from csp_tui.storage.repository import Repository

OTHER = "Safer Somewhere Partnership"


@pytest.fixture
def two_boards(tmp_path: Path, clock) -> Path:
    """The built-in board's meeting on 31 March 2021 (the newest) and OTHER's on 1
    February 2021."""
    path = tmp_path / "minutes.db"
    with Repository.open(path, clock=clock) as repo:
        small_meeting(repo)
        repo.meetings.create_meeting(Meeting(board_name=OTHER, date=dt.date(2021, 2, 1)))
    return path


@pytest.fixture
def demo(tmp_path: Path, clock) -> Path:
    """The demo board: restricted items and completed actions, which the styles word
    differently."""
    from csp_tui.services.demo import build_demo

    path = tmp_path / "demo.db"
    with Repository.open(path, clock=clock) as repo:
        build_demo(repo)
    return path


def export(db: Path, out: Path, *args: str) -> Path:
    assert main(["--db", str(db), "export", "--out", str(out), *args]) == 0
    return out


def one_error_line(capsys) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    return err[0]


def test_default_board_picks_the_meeting_a_command_takes(two_boards, tmp_path,
                                                         no_user_settings, capsys):
    md = tmp_path / "m.md"
    first = export(two_boards, md).read_text(encoding="utf-8")
    assert OTHER.upper() not in first.upper()
    no_user_settings.write_text(f'default_board = "{OTHER}"\n', encoding="utf-8")
    assert OTHER.upper() in export(two_boards, md).read_text(encoding="utf-8").upper()
    # A meeting named on the line wins over the default board.
    assert OTHER.upper() not in export(two_boards, md, "2021-03-31").read_text(
        encoding="utf-8").upper()
    # A default board with no meetings yet: the latest meeting of any board.
    no_user_settings.write_text('default_board = "No Such Board"\n', encoding="utf-8")
    assert export(two_boards, md).read_text(encoding="utf-8") == first
    capsys.readouterr()


def test_default_board_for_a_new_meeting_and_the_roster(two_boards, no_user_settings,
                                                        capsys):
    no_user_settings.write_text(f'default_board = "{OTHER}"\n', encoding="utf-8")
    assert main(["--db", str(two_boards), "new", "--date", "2021-06-01"]) == 0
    assert f"{OTHER}, 2021-06-01" in capsys.readouterr().out
    assert main(["--db", str(two_boards), "board", "style"]) == 0
    assert capsys.readouterr().out.startswith(f"{OTHER}: ")


def test_style_precedence(demo, tmp_path, no_user_settings):
    """--style, then the board's own style, then the settings file's, then the default."""
    default = export(demo, tmp_path / "default.md").read_text(encoding="utf-8")
    committee = export(demo, tmp_path / "c.md", "--style", "committee").read_text(
        encoding="utf-8")
    page = export(demo, tmp_path / "p.md", "--style", "council-page-2019").read_text(
        encoding="utf-8")
    assert len({default, committee, page}) == 3
    no_user_settings.write_text('style = "committee"\n', encoding="utf-8")
    assert export(demo, tmp_path / "s.md").read_text(encoding="utf-8") == committee
    assert export(demo, tmp_path / "s.md", "--style", "council-page-2019").read_text(
        encoding="utf-8") == page
    assert main(["--db", str(demo), "board", "style", "council-page-2019"]) == 0
    assert export(demo, tmp_path / "s.md").read_text(encoding="utf-8") == page


def test_language_for_boards_without_a_style_of_their_own(two_boards, tmp_path, no_user_settings):
    def language(*args: str) -> str:
        docx = export(two_boards, tmp_path / "m.docx", *args)
        return Document(str(docx)).core_properties.language

    assert language() == "en-GB"
    no_user_settings.write_text('language = "cy-GB"\n', encoding="utf-8")
    assert language() == "cy-GB"
    # A style named for one export is taken as it is, its language with it.
    assert language("--style", "committee") == "en-GB"
    own = tmp_path / "french.toml"
    own.write_text('extends = "council-word-2021"\nname = "french"\nlanguage = "fr-FR"\n',
                   encoding="utf-8")
    assert language("--style", str(own)) == "fr-FR"
    assert main(["--db", str(two_boards), "board", "style", str(own)]) == 0
    assert language() == "fr-FR"


@pytest.mark.parametrize(("text", "named"), [
    ('style = "no-such-style"\n', "style = 'no-such-style': "),
    ("default_board = 3\n", "default_board must be text"),
    ('language = "not a tag"\n', "language = 'not a tag' is no language tag"),
])
def test_a_bad_entry_is_one_line_naming_it(two_boards, tmp_path, no_user_settings, capsys,
                                           text, named):
    no_user_settings.write_text(text, encoding="utf-8")
    assert main(["--db", str(two_boards), "export", "--out", str(tmp_path / "m.md")]) == 2
    line = one_error_line(capsys)
    assert line.startswith(f"csp: {no_user_settings}: ") and named in line, line
    assert not (tmp_path / "m.md").exists()


async def test_the_app_opens_the_default_boards_latest_meeting(two_boards, clock,
                                                                no_user_settings):
    no_user_settings.write_text(f'default_board = "{OTHER}"\n', encoding="utf-8")
    with Repository.open(two_boards, clock=clock) as repo:
        app = make_app(repo, None, clock)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert repo.meetings.meeting(app.meeting_id).board_name == OTHER


async def test_a_bad_settings_entry_is_a_notification_in_the_app(two_boards, clock,
                                                                  no_user_settings):
    no_user_settings.write_text("default_board = 3\n", encoding="utf-8")
    with Repository.open(two_boards, clock=clock) as repo:
        app = make_app(repo, None, clock)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert any("default_board must be text" in line and str(no_user_settings) in line
                       for line in said(app, "error"))
            # The app runs on the defaults: the newest meeting of any board.
            assert repo.meetings.meeting(app.meeting_id).board_name != OTHER


def test_the_settings_style_is_the_one_kept_when_the_minutes_are_circulated(
        demo, tmp_path, no_user_settings):
    """A board without a style of its own prints in the settings' style everywhere, and
    that is the style kept with its circulated minutes: the settings changing later
    changes nothing circulated."""
    no_user_settings.write_text('style = "committee"\nlanguage = "cy-GB"\n', encoding="utf-8")
    committee = export(demo, tmp_path / "c.md").read_text(encoding="utf-8")
    with Repository.open(demo) as repo:  # without the settings: the built-in
        mid = repo.meetings.latest_meeting().id
        assert repo.settings.style_for(mid).name != "committee"
        live = repo.meetings.meeting(mid).state.value == "live"
    if live:
        assert main(["--db", str(demo), "minutes", "close"]) == 0
    assert main(["--db", str(demo), "minutes", "circulate", "--out", str(tmp_path)]) == 0
    no_user_settings.write_text("", encoding="utf-8")
    assert export(demo, tmp_path / "after.md").read_text(encoding="utf-8") == committee
    with Repository.open(demo) as repo:
        kept = repo.settings.style_for(mid)
    assert (kept.name, kept.language) == ("committee", "cy-GB")
