"""House style as data: every phrase and format the minutes print, read from a TOML file.

A style is a TOML file (standard library ``tomllib``); the built-in ones ship with the
package (``csp_tui/domain/styles/*.toml``). ``extends = "NAME"`` (a built-in name or
a file beside this one) lets a style change a few keys of another; a style that
extends nothing must give every key. :func:`load_style` returns a typed, frozen
:class:`Style`; :func:`check_style_file` says what is wrong with a file, one message a
bad key or value, naming the key and its line.

Standard library only: the item pane's first frame and ``csp`` both load it.
"""

from __future__ import annotations

import dataclasses
import re
import string
import tomllib
import types
import typing
from functools import cache
from pathlib import Path
from typing import Any

from csp_tui.domain.style_model import (
    ActionLogStyle,
    ActionStyle,
    AttendanceStyle,
    DateStyle,
    DecisionStyle,
    DeferralStyle,
    ExemptStyle,
    HeadingStyle,
    ListStyle,
    MinuteNumberStyle,
    NextMeetingStyle,
    PageStyle,
    RestrictedStyle,
    SectionStyle,
    SentenceStyle,
    Style,
    TimeStyle,
    TitleStyle,
)

#: The style minutes use when a board has none: the council's Word minutes of 2021.
DEFAULT_STYLE = "council-word-2021"
#: Where the built-in styles live (package data).
STYLES_DIR = Path(__file__).with_name("styles")
#: How far ``extends`` may chain (a loop is an error long before this).
_MAX_DEPTH = 8


class StyleError(ValueError):
    """A style that cannot be used; its text is one line for the user."""


#: The values some keys may take.
_CHOICES: dict[str, tuple[str, ...]] = {
    "title.case": ("upper", "title", "as-typed"),
    "headings.case": ("upper", "title", "as-typed"),
    "dates.ordinals": ("none", "suffix", "superscript"),
    "headings.subitem_numbers": ("roman", "letter", "number"),
    "page.title_case": ("upper", "title", "as-typed"),
    "attendance.present.order": ("first-name", "as-recorded"),
    "attendance.attendees.order": ("first-name", "as-recorded"),
    "attendance.apologies.order": ("first-name", "as-recorded"),
}
_SECTIONS = ("present", "attendees", "apologies")
#: The placeholders each format may use ({} in a phrase that is not listed is an error).
_FIELDS: dict[str, tuple[str, ...]] = {
    "title.date": ("weekday", "day", "month", "year"),
    "title.times": ("times",),
    "title.times_venue": ("times", "venue"),
    "title.document": ("board", "date"),
    "dates.due": ("weekday", "day", "month", "year"),
    "attendance.deputy_chairing": ("name",),
    "attendance.substitute": ("name", "absent"),
    "headings.item": ("number", "title"),
    "headings.subitem": ("number", "title"),
    "headings.unnumbered": ("title",),
    "headings.restricted": ("title",),
    "restricted.public_summary": ("summary",),
    "deferral.joined": ("reason",),
    "deferral.to_meeting": ("reason",),
    "deferral.because": ("reason",),
    "sentences.declaration": ("name", "interest"),
    "sentences.declaration_plain": ("text",),
    "sentences.approval": ("date",),
    "actions.owned": ("owner", "task"),
    "actions.due_date": ("date",),
    "actions.due_words": ("due",),
    "lists.number": ("n",),
    "decisions.single": ("text",),
    "decisions.numbered": ("n", "text"),
    "next_meeting.day": ("weekday", "day", "month", "year"),
    "next_meeting.day_times": ("day", "times"),
    "next_meeting.chair": ("name",),
    "minute_numbers.format": ("n", "yy", "yyyy"),
    "exempt.exclusion": ("paragraph",),
    "exempt.summary": ("summary",),
    "committee.resolution": ("text",),
    "committee.resolution_number": ("n",),
    "committee.minute_heading": ("number", "title"),
    "page.document_title": ("board", "date"),
    "page.date": ("weekday", "day", "month", "year", "start"),
    "page.start": ("hour", "hour24", "minute", "ampm"),
    "page.venue": ("venue",),
    "page.contact": ("name", "post"),
    "page.contact_no_post": ("name",),
    "page.time_allowed": ("minutes",),
    "page.number": ("number",),
}
#: Top-level keys that are not part of the model.
_META = ("extends",)


# ----------------------------------------------------------------------- loading


def builtin_styles() -> list[str]:
    """The names of the built-in styles, sorted."""
    return sorted(p.stem for p in STYLES_DIR.glob("*.toml"))


def builtin_path(name: str) -> Path | None:
    """The file of the built-in style ``name``; None if there is none."""
    path = STYLES_DIR / f"{name}.toml"
    return path if name in builtin_styles() else None


def style_text(name_or_path: str | Path) -> str:
    """The TOML text of a built-in style (by name) or of a style file (its path)."""
    path = builtin_path(str(name_or_path)) or Path(name_or_path)
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        if builtin_path(str(name_or_path)) is None and not Path(name_or_path).exists():
            raise StyleError(f"no style called {str(name_or_path)!r}: use one of "
                             + ", ".join(builtin_styles()) + " or a .toml file") from None
        raise StyleError(f"cannot read the style {name_or_path}: {exc}") from None


def load_style(name_or_path: str | Path | None = None) -> Style:
    """The style ``name_or_path``: a built-in name, or a TOML file; None: the default.

    Raises :class:`StyleError` (one line) for an unknown name or a bad file."""
    if name_or_path is None or str(name_or_path) == "":
        return _builtin(DEFAULT_STYLE)
    if builtin_path(str(name_or_path)) is not None:
        return _builtin(str(name_or_path))
    text = style_text(name_or_path)
    style = style_from_text(text, where=str(name_or_path), base_dir=Path(name_or_path).parent)
    return style if style.name else dataclasses.replace(style, name=Path(name_or_path).stem)


@cache
def _builtin(name: str) -> Style:
    path = builtin_path(name)
    assert path is not None
    return style_from_text(path.read_text(encoding="utf-8"), where=name, base_dir=STYLES_DIR)


def default_style() -> Style:
    """The default style (:data:`DEFAULT_STYLE`), read once."""
    return _builtin(DEFAULT_STYLE)


def style_from_text(text: str, *, where: str = "style", base_dir: Path | None = None) -> Style:
    """A :class:`Style` from TOML ``text``; :class:`StyleError` with the first problem
    (``where`` names the file in it)."""
    problems, style = _read(text, base_dir)
    if problems or style is None:
        raise StyleError(f"{where}: {problems[0] if problems else 'not a style'}")
    return style


def style_toml(style: Style) -> str:
    """The whole of ``style`` as TOML that extends nothing (every key written out):
    what a circulated or approved version of the minutes keeps, so that they print the
    same whatever happens later to the board's style or to a built-in it extended.
    :func:`style_from_text` reads it back to an equal :class:`Style`."""
    lines: list[str] = []

    def table(obj: Any, path: str) -> None:
        nested = []
        if path:
            lines.append(f"\n[{path}]")
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if dataclasses.is_dataclass(value):
                nested.append((f.name, value))
            else:
                lines.append(f"{f.name} = {_toml_value(value)}")
        for name, value in nested:
            table(value, f"{path}.{name}" if path else name)

    table(style, "")
    return "\n".join(lines) + "\n"


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    # A basic string: quote, backslash and the control characters TOML forbids escaped.
    out = ['"']
    for ch in str(value):
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return "".join(out) + '"'


def check_style_file(path: str | Path) -> list[str]:
    """What is wrong with the style file ``path``: one message per bad key or value,
    naming the key and its line ("line 12: actions.prefix: expected text, not 3");
    empty when the file is a good style."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [f"cannot read {path}: {exc.strerror if isinstance(exc, OSError) else exc}"]
    return _read(text, Path(path).parent)[0]


def check_style_text(text: str, base_dir: Path | None = None) -> list[str]:
    """:func:`check_style_file` for TOML text (a style kept in the database)."""
    return _read(text, base_dir)[0]


def _read(text: str, base_dir: Path | None, depth: int = 0
          ) -> tuple[list[str], Style | None]:
    """(problems, style): the style when there are no problems."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return [f"not valid TOML: {exc}"], None
    lines = _key_lines(text)
    problems: list[str] = []
    base: dict[str, Any] = {}
    parent = data.get("extends")
    if parent is not None:
        if not isinstance(parent, str):
            problems.append(_at(lines, "extends", "expected a style name, not "
                                f"{_show(parent)}"))
        elif depth >= _MAX_DEPTH:
            problems.append(_at(lines, "extends", "styles extend each other in a loop"))
        else:
            base_text = _parent_text(parent, base_dir)
            if base_text is None:
                problems.append(_at(lines, "extends", f"no style called {parent!r} (built-in: "
                                    + ", ".join(builtin_styles()) + ")"))
            else:
                sub, _ = _read(base_text, base_dir, depth + 1)
                if sub:
                    problems.append(_at(lines, "extends", f"the style {parent!r} is bad: "
                                        + sub[0]))
                else:
                    base = tomllib.loads(base_text)
                    base = _merge(_flatten_extends(base, base_dir, depth + 1), {})
    if problems:
        return problems, None  # what it extends is bad: its keys cannot be judged
    merged = _merge(base, {k: v for k, v in data.items() if k not in _META})
    if "name" not in data:
        merged["name"] = ""  # named by its file (see load_style), not after its parent
    built = _build(Style, merged, "", lines, problems, partial=False)
    return problems, (built if not problems else None)


def _flatten_extends(data: dict[str, Any], base_dir: Path | None, depth: int) -> dict[str, Any]:
    """``data`` with what it extends merged under it (already checked good)."""
    parent = data.get("extends")
    own = {k: v for k, v in data.items() if k not in _META}
    if not isinstance(parent, str) or depth >= _MAX_DEPTH:
        return own
    text = _parent_text(parent, base_dir)
    if text is None:
        return own
    return _merge(_flatten_extends(tomllib.loads(text), base_dir, depth + 1), own)


def _parent_text(name: str, base_dir: Path | None) -> str | None:
    """The text of the style ``name`` extends: a built-in, else a file beside it."""
    path = builtin_path(name)
    if path is None and base_dir is not None:
        for candidate in (base_dir / name, base_dir / f"{name}.toml"):
            if candidate.is_file():
                path = candidate
                break
    try:
        return path.read_text(encoding="utf-8") if path is not None else None
    except (OSError, UnicodeDecodeError):
        return None


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _build(cls: type, table: dict[str, Any], prefix: str, lines: dict[str, int],
           problems: list[str], *, partial: bool) -> Any:
    """An instance of the dataclass ``cls`` from ``table``; problems appended."""
    hints = typing.get_type_hints(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    for key in table:
        if key not in names:
            problems.append(_at(lines, prefix + key, "unknown key"))
    values: dict[str, Any] = {}
    for name in names:
        path = prefix + name
        if name not in table:
            problems.append(_at(lines, path, "missing (a style that extends none gives "
                                "every key)"))
            continue
        value = table[name]
        hint = hints[name]
        if dataclasses.is_dataclass(hint):
            if not isinstance(value, dict):
                problems.append(_at(lines, path, f"expected a table [{path}]"))
                continue
            values[name] = _build(hint, value, path + ".", lines, problems, partial=partial)
            continue
        checked = _check_value(path, value, hint)
        if checked is not None:
            problems.append(_at(lines, path, checked))
            continue
        values[name] = tuple(value) if isinstance(value, list) else value
    if len(values) != len(names):
        return None
    return cls(**values)


def _check_value(path: str, value: Any, hint: Any) -> str | None:
    """What is wrong with ``value`` for a key of type ``hint``; None if nothing."""
    if hint is bool:
        if not isinstance(value, bool):
            return f"expected true or false, not {_show(value)}"
        return None
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            return f"expected a whole number, not {_show(value)}"
        if path == "minute_numbers.year_start_month" and not 1 <= value <= 12:
            return f"expected a month 1-12, not {value}"
        if value < 0:
            return f"expected a number 0 or more, not {value}"
        return None
    if typing.get_origin(hint) is tuple or isinstance(hint, types.GenericAlias):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return f"expected a list of texts, not {_show(value)}"
        if path == "attendance.sections":
            bad = [v for v in value if v not in _SECTIONS]
            if bad:
                return f"unknown section {bad[0]!r} (use {', '.join(_SECTIONS)})"
        return None
    if not isinstance(value, str):
        return f"expected text, not {_show(value)}"
    choices = _CHOICES.get(path)
    if choices and value not in choices:
        return f"{value!r} is not one of {', '.join(choices)}"
    return _check_fields(value, _FIELDS.get(path, ()))


def _check_fields(text: str, allowed: tuple[str, ...]) -> str | None:
    """A phrase's {placeholders} must be ones its key offers ({{ and }} are braces)."""
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]
    except ValueError as exc:
        return f"bad braces in {text!r} ({exc}; write {{{{ or }}}} for a brace)"
    for field_name in fields:
        if field_name not in allowed:
            offer = ", ".join("{" + a + "}" for a in allowed) or "none"
            return f"unknown placeholder {{{field_name}}} (this key offers: {offer})"
    return None


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return repr(value) if not isinstance(value, bool) else str(value).lower()


_TABLE = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\-\" ]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+(?:\s*\.\s*[A-Za-z0-9_\-]+)*)\s*=")


def _key_lines(text: str) -> dict[str, int]:
    """Dotted key -> the line (1-based) that sets it, or that opens its table."""
    out: dict[str, int] = {}
    table = ""
    for n, line in enumerate(text.splitlines(), 1):
        m = _TABLE.match(line)
        if m:
            table = m.group(1).replace(" ", "").replace('"', "")
            out.setdefault(table, n)
            continue
        m = _KEY.match(line)
        if m:
            key = m.group(1).replace(" ", "")
            out.setdefault(f"{table}.{key}" if table else key, n)
    return out


def _at(lines: dict[str, int], path: str, message: str) -> str:
    """"line 12: actions.prefix: MESSAGE" (the nearest line that sets the key or its
    table; a missing key is named at its table)."""
    probe = path
    while probe and probe not in lines:
        probe = probe.rsplit(".", 1)[0] if "." in probe else ""
    where = f"line {lines[probe]}: " if probe else ""
    return f"{where}{path}: {message}"


# ----------------------------------------------------------------------- formats


def fill(template: str, **values: object) -> str:
    """A phrase with its {placeholders} filled (only those the key offers are used)."""
    return template.format_map(_Missing(values))


class _Missing(dict):
    """Leaves an unknown {placeholder} as written, rather than failing mid-export."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


_ORDINAL_SUFFIX = re.compile(r"(?<=\d)(st|nd|rd|th)\b")


def ordinal_parts(text: str) -> list[tuple[str, bool]]:
    """``text`` in pieces, each with whether it is an ordinal's suffix ("15th" ->
    ("15", False), ("th", True)): Word raises those of a style with superscript
    ordinals."""
    out: list[tuple[str, bool]] = []
    at = 0
    for m in _ORDINAL_SUFFIX.finditer(text):
        out += [(text[at:m.start()], False), (m.group(0), True)]
        at = m.end()
    return [*out, (text[at:], False)]


def ordinal(n: int) -> str:
    """1 -> "st", 2 -> "nd", 11 -> "th"."""
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


__all__ = ["ActionLogStyle", "ActionStyle", "AttendanceStyle", "DEFAULT_STYLE", "DateStyle",
           "DecisionStyle", "DeferralStyle", "ExemptStyle", "HeadingStyle", "ListStyle",
           "MinuteNumberStyle", "NextMeetingStyle", "PageStyle", "RestrictedStyle", "SectionStyle",
           "SentenceStyle", "Style", "StyleError", "TimeStyle", "TitleStyle", "builtin_path",
           "builtin_styles", "check_style_file", "check_style_text", "default_style", "fill",
           "load_style", "ordinal", "ordinal_parts", "style_from_text", "style_text",
           "style_toml"]
