"""The settings file (csp_tui.services.settings): read, checked, one line a bad entry."""

from __future__ import annotations

from pathlib import Path

import pytest

from csp_tui.services.settings import (
    Settings,
    SettingsError,
    bad_key,
    load_settings,
    settings_path,
)

IDS = {"meeting.next-item", "meeting.undo", "app.help"}


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def load(path: Path) -> Settings:
    return load_settings(path, binding_ids=lambda: IDS)


def test_no_file_is_the_defaults(tmp_path):
    assert load(tmp_path / "none.toml") == Settings()


def test_every_setting_is_read(tmp_path):
    path = write(tmp_path / "s.toml", '''
default_board = "Safer Somewhere Partnership"
style = "council"
language = "cy-GB"

[keymap]
"meeting.next-item" = "ctrl+n, pagedown"
meeting.undo = "ctrl+u"          # a dotted id unquoted is a table in TOML: read the same

[keymap.app]
help = "f10,?"
''')
    settings = load(path)
    assert settings.keymap == {"meeting.next-item": "ctrl+n,pagedown",
                               "meeting.undo": "ctrl+u", "app.help": "f10,?"}
    assert (settings.default_board, settings.style, settings.language) == (
        "Safer Somewhere Partnership", "council", "cy-GB")


def test_the_env_var_names_the_file(tmp_path, monkeypatch):
    monkeypatch.setenv("CSP_CONFIG", str(tmp_path / "mine.toml"))
    assert settings_path() == tmp_path / "mine.toml"
    write(tmp_path / "mine.toml", 'style = "council"\n')
    assert load_settings().style == "council"


def test_without_the_env_var_the_platform_config_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("CSP_CONFIG")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setattr("sys.platform", "linux")
    import platformdirs

    expected = Path(platformdirs.user_config_dir("csp-minutes", appauthor=False))
    assert settings_path() == expected / "settings.toml"


@pytest.mark.parametrize(("text", "named"), [
    ('[keymap]\n"meeting.nxt-item" = "ctrl+n"\n',
     "[keymap] meeting.nxt-item: no such key id (`csp keys` lists them)"),
    ('[keymap]\n"meeting.undo" = "ctr+u"\n', "[keymap] meeting.undo = 'ctr+u': 'ctr' is no"),
    ('[keymap]\n"meeting.undo" = "pgdown"\n', "[keymap] meeting.undo = 'pgdown': 'pgdown' is "
                                              "no key"),
    ('[keymap]\n"meeting.undo" = "ctrl+"\n', "meeting.undo = 'ctrl+': no key"),
    ('[keymap]\n"meeting.undo" = ""\n', "[keymap] meeting.undo: give its keys as text"),
    ('[keymap]\n"meeting.undo" = 3\n', "[keymap] meeting.undo: give its keys as text"),
    ('keymap = "ctrl+u"\n', "keymap must be a table"),
    ('[keymap\n', "not TOML: "),
    ('colour = "blue"\n', "unknown setting 'colour'"),
    ('language = "English please"\n', "language = 'English please' is no language tag"),
    ('default_board = 7\n', "default_board must be text"),
])
def test_a_bad_entry_is_one_line_naming_it(tmp_path, text, named):
    path = write(tmp_path / "s.toml", text)
    with pytest.raises(SettingsError) as caught:
        load(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    assert named in message


def test_bytes_that_are_not_text_are_not_toml(tmp_path):
    path = tmp_path / "s.toml"
    path.write_bytes(b"\xff\xfe[keymap]")
    with pytest.raises(SettingsError, match="not TOML"):
        load(path)


def test_ids_are_checked_only_when_the_file_has_a_keymap(tmp_path):
    asked = []
    path = write(tmp_path / "s.toml", 'style = "council"\n')
    load_settings(path, binding_ids=lambda: asked.append(1) or IDS)
    assert asked == []


@pytest.mark.parametrize("key", ["a", "A", "?", "ctrl+n", "ctrl+shift+f5", "pagedown",
                                 "question_mark", "slash", "alt+enter", "f24", "ctrl+plus"])
def test_keys(key):
    assert bad_key(key) is None


@pytest.mark.parametrize("key", ["", "ctrl+", "ctrl++", "pgdn", "f25", "control+n", "two words"])
def test_not_keys(key):
    assert bad_key(key) is not None
