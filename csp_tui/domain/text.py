"""Text that reaches a terminal, an input or a spreadsheet: one rule for each.

Standard library only, and cheap to import: the fast ``csp actions`` path uses it.

- :func:`terminal_safe` is the one sanitiser for anything printed or shown in a label.
  Control characters are *escaped visibly* (ESC becomes ``\\x1b``), not stripped: the
  note taker should see that something odd was in the text, without the terminal
  acting on it (retitling the window, clearing the screen, reordering the line).
- :func:`drop_controls` cleans typed or pasted input: there the odd characters are
  dropped, as they are noise a person never meant to type.
- :func:`csv_cell` stops a spreadsheet from running a cell as a formula.
- :func:`path_for_display` shows a path on one line, whatever its name holds.

What counts as unsafe: C0 controls except tab and newline (so also CR, except in a
CRLF line ending, which becomes a plain newline), DEL, C1 controls (U+0080-U+009F:
U+009B is a one-byte CSI on some terminals), the bidi embeddings, overrides and
isolates (U+202A-U+202E, U+2066-U+2069: they reorder what follows and can make a
line read differently from what it holds), and lone surrogates (a file name that is
not UTF-8; no terminal can print them). The bidi *marks* U+200E, U+200F and U+061C are
kept: they reorder nothing beyond the character beside them, and names written in
Arabic or Hebrew pasted from Teams or Outlook legitimately carry them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

_UNSAFE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_UNSAFE_PATTERN = re.compile(f"[{_UNSAFE}]")
# For one-line display (paths) tab and newline are escaped too.
_UNSAFE_LINE_PATTERN = re.compile(f"[\t\n{_UNSAFE}]")
_LINE_BREAK_PATTERN = re.compile("\r\n?|\n")

#: The first characters that make a spreadsheet (Excel, LibreOffice, Sheets) read a
#: cell as a formula. Tab and CR lead to one too once the cell is trimmed on import.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    if ch == "\t":
        return "\\t"
    if ch == "\n":
        return "\\n"
    if ch == "\r":
        return "\\r"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    """``text`` with every character that a terminal would act on shown escaped
    (``\\x1b``, ``\\x9b``, ``\\u202e``); tab and newline are kept, a CRLF line ending
    becomes a newline. Text without such characters comes back unchanged."""
    # Nearly all text is clean, and isprintable() is far cheaper than the regex; every
    # unsafe character is non-printable, so a printable string needs no more work. A
    # newline is kept as it is, so a line of CSV or JSON with one is clean too (a
    # hundred thousand rows of `csp actions --all` spent a quarter of their time here).
    if text.isprintable() or text.replace("\n", "").isprintable():
        return text
    return _UNSAFE_PATTERN.sub(_escape, text.replace("\r\n", "\n"))


def drop_controls(text: str, *, multiline: bool = False) -> str:
    """Typed or pasted ``text`` without the unsafe characters :func:`terminal_safe`
    escapes. Tab is kept; a line break (CRLF, CR or LF) is kept as a newline when
    ``multiline``, else it becomes one space so that the words either side stay apart."""
    if text.isprintable():
        return text
    text = _LINE_BREAK_PATTERN.sub("\n" if multiline else " ", text)
    return _UNSAFE_PATTERN.sub("", text)


def csv_cell(value: object) -> str:
    """``value`` ready for a CSV cell: text beginning with ``=``, ``+``, ``-``, ``@``
    (or tab, CR) gets a leading ``'`` so a spreadsheet shows it instead of running it
    as a formula; ``None`` is an empty cell.

    Numbers (``int``, ``float``: ids, ages) are written as they are: csp computes
    them, nobody typed them, so they cannot be a formula. Text is always prefixed, even text that
    looks like a number (``"-5"``, ``"+44 20 7946 0000"``): it is what a person typed,
    and a spreadsheet showing ``'-5`` as text loses nothing.
    """
    if value is None:
        return ""
    if isinstance(value, int | float):
        return str(value)
    return csv_row([str(value)])[0]


def csv_row(values: Iterable[object]) -> list[object]:
    """:func:`csv_cell` of every value of a row, for ``csv.writer`` (which writes None
    as an empty cell and numbers as ``str`` does): the same rule, at a tenth of the
    cost per cell, for ``csp actions --all`` on a hundred thousand rows."""
    return [f"'{v}" if v.__class__ is str and v.startswith(FORMULA_STARTS) else v
            for v in values]


def csv_value(cell: str) -> str:
    """The inverse of :func:`csv_cell` for a cell read back: ``'=x`` is ``=x``, so a
    file csp wrote imports as the text it came from. Any other cell is unchanged."""
    if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


def one_line(text: str) -> str:
    """``text`` shown on one line: newline, tab and the characters :func:`terminal_safe`
    escapes are escaped (``\\n``, ``\\x1b``), so a name read from a file (a JSON key, a
    path) cannot break a one-line message or act on the terminal."""
    if text.isprintable():
        return text
    return _UNSAFE_LINE_PATTERN.sub(_escape, text)


def path_for_display(path: str | os.PathLike[str]) -> str:
    """``path`` made absolute and shown on one line (:func:`one_line`)."""
    return one_line(os.path.abspath(os.fspath(path)))
