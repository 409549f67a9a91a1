"""The user's settings file: their keys, default board, house style and language.

One TOML file in the platform's config folder (``csp keys`` prints its path), or the
file ``$CSP_CONFIG`` names::

    default_board = "Community Safety Partnership"
    style = "council"
    language = "en-GB"

    [keymap]
    "meeting.next-item" = "ctrl+n,pagedown"   # a binding's id = its keys
    meeting.undo = "ctrl+u"                   # dotted keys read the same

:func:`load_settings` is the one way in: it reads, checks and returns them, or raises
:class:`SettingsError`, one line naming the first bad entry.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
import unicodedata
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs

from csp_tui.domain.house_style import Style, StyleError, default_style, load_style

if TYPE_CHECKING:
    from csp_tui.storage.repository import Repository

#: The environment variable naming the settings file (the tests point it into tmp_path).
SETTINGS_ENV = "CSP_CONFIG"
FILE_NAME = "settings.toml"
APP_NAME = "csp-minutes"

#: A key is these modifiers (any order) then one key: ``ctrl+shift+f5``.
MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
#: The keys with names of their own (Textual's names); a character is itself ("a",
#: "?") or its Unicode name ("question_mark", "slash").
NAMED_KEYS = frozenset({
    "escape", "enter", "tab", "backspace", "delete", "insert", "home", "end", "pageup",
    "pagedown", "up", "down", "left", "right", "space", "newline",
    # Textual's short names for some characters (ctrl+plus, not ctrl++).
    "plus", "minus", "slash", "backslash", "at", "underscore",
    *(f"f{n}" for n in range(1, 25)),
})
#: A language tag as Word takes it: en-GB, cy-GB, fr.
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")


class SettingsError(ValueError):
    """A bad settings file: one line, naming the file and the entry."""


@dataclass(frozen=True)
class Settings:
    """What the settings file sets; the defaults where it says nothing."""

    #: A binding's id to its keys ("ctrl+n,pagedown"), for ``App.set_keymap``.
    keymap: Mapping[str, str] = field(default_factory=dict)
    #: The board a new meeting is for, by name (None: the built-in one).
    default_board: str | None = None
    #: The house style the minutes are written in, by name (None: the council's).
    style: str | None = None
    #: The minutes' language tag (None: en-GB).
    language: str | None = None


def settings_path() -> Path:
    """Where the settings file is: ``$CSP_CONFIG``, else ``settings.toml`` in the
    platform's config folder (``~/.config/csp-minutes`` on Linux,
    ``~/Library/Application Support/csp-minutes`` on macOS, ``%LOCALAPPDATA%\\csp-minutes``
    on Windows)."""
    given = os.environ.get(SETTINGS_ENV)
    if given:
        return Path(given).expanduser()
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / FILE_NAME


def bad_key(key: str) -> str | None:
    """Why ``key`` (one key, as a binding writes it) is no key, or None if it is one."""
    *modifiers, name = key.strip().split("+")
    unknown = [m for m in modifiers if m not in MODIFIERS]
    if unknown:
        return f"{unknown[0]!r} is no modifier (ctrl, shift, alt, meta, super, hyper)"
    if not name:
        return "no key (the + key is written plus)"
    if len(name) == 1 and name.isprintable() and not name.isspace():
        return None
    if name in NAMED_KEYS:
        return None
    try:
        unicodedata.lookup(name.replace("_", " ").upper())
    except KeyError:
        return f"{name!r} is no key"
    return None


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{"meeting": {"undo": "x"}}`` -> ``{"meeting.undo": "x"}``: an unquoted dotted
    id in TOML is a nested table."""
    flat: dict[str, Any] = {}
    for name, value in table.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{name}."))
        else:
            flat[f"{prefix}{name}"] = value
    return flat


def _keymap(table: Any, binding_ids: Callable[[], Collection[str]] | None,
            where: str) -> dict[str, str]:
    if not isinstance(table, dict):
        raise SettingsError(f"{where}: keymap must be a table ([keymap])")
    known = binding_ids() if binding_ids is not None and table else None
    keymap: dict[str, str] = {}
    for binding_id, keys in _flatten(table).items():
        entry = f"{where}: [keymap] {binding_id}"
        if known is not None and binding_id not in known:
            raise SettingsError(f"{entry}: no such key id (`csp keys` lists them)")
        if not isinstance(keys, str) or not keys.strip():
            raise SettingsError(f'{entry}: give its keys as text, e.g. "ctrl+n,pagedown"')
        for key in keys.split(","):
            why = bad_key(key)
            if why:
                raise SettingsError(f"{entry} = {keys!r}: {why}")
        keymap[binding_id] = ",".join(k.strip() for k in keys.split(","))
    return keymap


def _text(value: Any, name: str, where: str, pattern: re.Pattern[str] | None = None) -> str:
    if not isinstance(value, str) or not value.strip():
        raise SettingsError(f"{where}: {name} must be text, e.g. {name} = \"...\"")
    if pattern is not None and not pattern.fullmatch(value.strip()):
        raise SettingsError(f"{where}: {name} = {value!r} is no language tag (e.g. en-GB)")
    return value.strip()


def load_settings(path: Path | None = None, *,
                  binding_ids: Callable[[], Collection[str]] | None = None) -> Settings:
    """The settings in ``path`` (default :func:`settings_path`); the defaults if there
    is no such file. ``binding_ids`` gives every binding's id, to refuse a keymap entry
    naming none (asked only when the file has a keymap: it loads every screen).

    Raises :class:`SettingsError`, one line naming the file and the first bad entry: a
    file that is not TOML, an unknown setting, an unknown id, a key that is no key."""
    path = settings_path() if path is None else path
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        raise SettingsError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    where = str(path)
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(f"{where}: not TOML: {exc}") from exc
    unknown = sorted(set(data) - {"keymap", "default_board", "style", "language"})
    if unknown:
        raise SettingsError(f"{where}: unknown setting {unknown[0]!r} (keymap, "
                            "default_board, style, language)")
    return Settings(
        keymap=_keymap(data.get("keymap", {}), binding_ids, where),
        default_board=(_text(data["default_board"], "default_board", where)
                       if "default_board" in data else None),
        style=_text(data["style"], "style", where) if "style" in data else None,
        language=(_text(data["language"], "language", where, _LANGUAGE)
                  if "language" in data else None),
    )


def user_style(settings: Settings) -> Style | None:
    """The house style of a board that has none of its own (``csp board style``), as the
    settings file says: its ``style`` (else the built-in default) in its ``language``
    (else the style's own). None when the file sets neither. The order, first that
    applies: ``csp export --style``; the board's own style (its language too); this;
    the built-in default. A style that does not load is :class:`SettingsError`."""
    if settings.style is None and settings.language is None:
        return None
    try:
        style = load_style(settings.style) if settings.style else default_style()
    except StyleError as exc:
        raise SettingsError(f"{settings_path()}: style = {settings.style!r}: {exc}") from None
    if settings.language:
        style = dataclasses.replace(style, language=settings.language)
    return style


def apply_user_style(repo: Repository) -> None:
    """Give ``repo`` the settings file's style for boards without their own (one line,
    :class:`SettingsError`, for a bad file)."""
    repo.settings.user_style = user_style(load_settings())
