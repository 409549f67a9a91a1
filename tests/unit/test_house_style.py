"""House styles as data: the built-in files load, a style extends another, and a bad
file is one message per bad key naming the key and its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from csp_tui.domain.house_style import (
    DEFAULT_STYLE,
    StyleError,
    builtin_styles,
    check_style_file,
    load_style,
    style_text,
)


def test_the_built_in_styles_load_and_are_complete() -> None:
    assert builtin_styles() == ["committee", "council-page-2019", "council-word-2021"]
    for name in builtin_styles():
        style = load_style(name)
        assert style.name == name
        assert style.language == "en-GB"
    assert load_style(None).name == DEFAULT_STYLE


def test_the_page_and_committee_styles_change_only_their_keys() -> None:
    word, page, committee = (load_style(n) for n in
                             ("council-word-2021", "council-page-2019", "committee"))
    assert page.restricted.sentence == "This item is restricted due to sensitive information"
    assert page.actions.prefix == word.actions.prefix
    assert committee.decisions.single == "RESOLVED: that {text}"
    assert committee.minute_numbers.enabled and committee.minute_numbers.year_start_month == 5
    assert "section 100A(4)" in committee.exempt.exclusion
    assert "{absent}" in committee.attendance.substitute


def test_a_style_file_extends_a_built_in(tmp_path: Path) -> None:
    path = tmp_path / "ours.toml"
    path.write_text('extends = "council-word-2021"\n[times]\nseparator = "."\n')
    style = load_style(path)
    assert style.name == "ours"
    assert style.times.separator == "."
    assert style.restricted.sentence == load_style(DEFAULT_STYLE).restricted.sentence


def test_a_bad_key_a_bad_type_and_a_bad_placeholder_each_name_key_and_line(
        tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('extends = "council-word-2021"\ncolour = "red"\n\n[times]\n'
                    'separator = 3\n\n[actions]\nowned = "{owner} must {job}"\n')
    assert check_style_file(path) == [
        "line 2: colour: unknown key",
        "line 5: times.separator: expected text, not 3",
        "line 8: actions.owned: unknown placeholder {job} (this key offers: {owner}, "
        "{task})",
    ]
    with pytest.raises(StyleError, match="colour: unknown key"):
        load_style(path)


def test_an_unknown_extends_is_one_message(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('extends = "council-word-2099"\n')
    [message] = check_style_file(path)
    assert message.startswith("line 1: extends: no style called 'council-word-2099'")


def test_a_style_that_extends_none_must_give_every_key(tmp_path: Path) -> None:
    path = tmp_path / "short.toml"
    path.write_text('name = "short"\n[times]\nseparator = "."\n')
    problems = check_style_file(path)
    assert "line 2: times.range: missing (a style that extends none gives every key)" \
        in problems


def test_a_choice_key_takes_only_its_values(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('extends = "committee"\n[headings]\nsubitem_numbers = "greek"\n')
    assert check_style_file(path) == [
        "line 3: headings.subitem_numbers: 'greek' is not one of roman, letter, number"]


def test_show_prints_the_whole_file_which_checks_clean(tmp_path: Path) -> None:
    path = tmp_path / "copy.toml"
    path.write_text(style_text("council-word-2021"))
    assert check_style_file(path) == []
    assert "[attendance.apologies]" in path.read_text()


def test_an_unknown_name_is_one_line() -> None:
    with pytest.raises(StyleError, match="no style called 'fancy'"):
        load_style("fancy")
