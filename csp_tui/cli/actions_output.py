"""How ``csp actions`` prints what :mod:`csp_tui.storage.action_query` found: a table
(box lines and colour on a terminal), CSV, JSON or Markdown, and one action's history.

Standard library only, like the query: not even rich (see :func:`_box_table`).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator
from itertools import islice
from operator import itemgetter
from typing import IO, Any

from csp_tui.domain.text import csv_row, terminal_safe
from csp_tui.storage.action_query import FIELDS, OPEN_STATUSES, LookupFailed

FORMATS = ("table", "csv", "json", "md")

#: Rows of CSV written at a time: one ``writerows`` into a buffer, then one write of
#: it through the terminal-safe stream (a few hundred kilobytes).
CSV_CHUNK = 1000
#: (heading, key) of the table and Markdown output.
COLUMNS = (("ID", "id"), ("Owner", "owner"), ("Action", "action"),
           ("Meeting", "meeting_date"), ("Item", "item"), ("Due", "due"),
           ("Status", "status"), ("Age", "age_days"))


def _cell(row: dict[str, Any], key: str) -> str:
    """One cell of the table or Markdown, safe for a terminal."""
    if key == "item":
        return terminal_safe(" ".join(p for p in (row["item_number"], row["item_title"]) if p))
    value = row.get(key)
    return "" if value is None else terminal_safe(str(value))


def _flat(text: str) -> str:
    """``text`` on one line with single spaces (most cells already are: no work then)."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def write_actions(rows: Iterable[dict[str, Any]], fmt: str, out: IO[str], *,
                  terminal: bool | None = None, today: dt.date | None = None) -> int:
    """Print ``rows`` as a table, CSV, JSON or Markdown; returns how many.

    Rows are written as they come (a stream, e.g. :class:`~csp_tui.storage.
    action_query.ActionRows`), never gathered: a table iterates them twice (once to
    measure its columns, once to draw), so ``rows`` must then be re-iterable. A table
    with no rows writes nothing. A table on a terminal has colour and box lines;
    anywhere else it is plain aligned text with no escape codes, so scripts and
    ``grep`` see stable output.
    """
    if fmt not in FORMATS:
        raise LookupFailed(f"unknown format {fmt!r} (use one of: {', '.join(FORMATS)})")
    count = 0
    if fmt == "json":
        # Seam: each output format loads its own module (`csp actions` starts in a blink).
        import json

        # One json.dumps per row (the C encoder; indent= would fall back to the pure
        # Python one, five times slower), one row a line, inside a hand-written list.
        dumps = json.dumps
        sep = "\n"
        out.write("[")
        for values in _tuples(rows):
            out.write(sep + dumps(dict(zip(FIELDS, values, strict=True))))
            sep = ",\n"
            count += 1
        out.write("\n]\n")
    elif fmt == "csv":
        count = _write_csv(_tuples(rows), out)
    elif fmt == "md":
        def esc(s: str) -> str:
            return s.replace("|", "\\|").replace("\n", " ")

        out.write("| " + " | ".join(h for h, _ in COLUMNS) + " |\n")
        out.write("|" + "|".join("---:" if k in ("id", "age_days") else "---"
                                 for _, k in COLUMNS) + "|\n")
        for r in rows:
            out.write("| " + " | ".join(esc(_cell(r, k)) for _, k in COLUMNS) + " |\n")
            count += 1
    else:
        if terminal is None:
            terminal = out.isatty()
        widths, words, count = _widths(rows, words=terminal)
        if not count:
            return 0
        if terminal:
            _box_table(rows, out, today or dt.date.today(), natural=(widths, words))
        else:
            _plain_table(rows, out, widths)
    return count


def _tuples(rows: Iterable[dict[str, Any]]) -> Iterator[tuple[Any, ...]]:
    """``rows`` as tuples of :data:`FIELDS`: straight from the query when they are an
    :class:`~csp_tui.storage.action_query.ActionRows` (no dict a row)."""
    tuples = getattr(rows, "tuples", None)
    if tuples is not None:
        return tuples()

    return map(itemgetter(*FIELDS), rows)


def _write_csv(values: Iterator[tuple[Any, ...]], out: IO[str]) -> int:
    """CSV of ``values`` (tuples of :data:`FIELDS`, header first); returns the rows.

    Written in bulk, yet as one row at a time would be: :data:`CSV_CHUNK` rows at a
    time in one ``writerows`` into a buffer, every cell through
    :func:`~csp_tui.domain.text.csv_row` (the CSV-injection rule), then each buffer
    in one write to ``out``, whose terminal-safe rule
    (:class:`~csp_tui.cli.common.TerminalSafeStream`) escapes a chunk exactly as it
    would each of its rows (the rule is per character, and a CRLF it folds never
    spans two rows: each row ends in a bare newline).
    """
    # Seam: each output format loads its own module (`csp actions` starts in a blink).
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(FIELDS)
    count = 0
    while True:
        chunk = list(islice(values, CSV_CHUNK))
        writer.writerows(map(csv_row, chunk))
        count += len(chunk)
        out.write(buffer.getvalue())
        if len(chunk) < CSV_CHUNK:
            return count
        buffer.seek(0)
        buffer.truncate()


def _widths(rows: Iterable[dict[str, Any]], *,
            words: bool = False) -> tuple[list[int], list[list[int]], int]:
    """The widest cell of each column (headings included), and the number of rows.

    With ``words`` (the box table wraps between words), also each column's longest word
    and longest piece of a word between hyphens or slashes ("North-", "Refuge/"), where
    a word too long for its column is best broken; else those are zeros.
    """
    widths = [len(h) for h, _ in COLUMNS]
    longest = [[len(h), len(h)] if words else [0, 0] for h, _ in COLUMNS]
    count = 0
    for r in rows:
        count += 1
        for i, (_, k) in enumerate(COLUMNS):
            text = _flat(_cell(r, k))
            n = len(text)
            if n > widths[i]:
                widths[i] = n
            # A cell no longer than the longest piece so far holds no longer word.
            if words and n > longest[i][1]:
                split = text.split()
                longest[i][0] = max(longest[i][0], *map(len, split))
                pieces = " ".join(split).replace("-", "- ").replace("/", "/ ").split()
                longest[i][1] = max(longest[i][1], *map(len, pieces))
    return widths, longest, count


def _plain_table(rows: Iterable[dict[str, Any]], out: IO[str], widths: list[int]) -> None:
    right = {0, len(COLUMNS) - 1}  # id and age are numbers

    def line(cells: list[str]) -> None:
        parts = [c.rjust(w) if i in right else c.ljust(w)
                 for i, (c, w) in enumerate(zip(cells, widths, strict=True))]
        out.write("  ".join(parts).rstrip() + "\n")

    line([h for h, _ in COLUMNS])
    for r in rows:
        line([_flat(_cell(r, k)) for _, k in COLUMNS])


#: Terminal colours (SGR codes) of the table drawn on a terminal.
_STATUS_STYLE = {"open": "33", "in progress": "36", "completed": "32", "dropped": "2"}
#: The free-text columns, which wrap first (widest first), and the width below which
#: even a word too long for them is not broken.
_MIN_WIDTH = {"owner": 8, "action": 16, "item": 8}
#: Columns that wrap, at words only, once the free-text ones are down to their longest
#: word ("in progress", "next board").
_WORD_WRAP = ("due", "status")


def _narrow(widths: list[int], floors: dict[int, int], over: int) -> int:
    """Take up to ``over`` characters off the columns in ``floors`` (index: the width
    it may not go below), one at a time off the widest (the leftmost of equals);
    returns what is still over."""
    while over > 0:
        fat = [i for i, floor in floors.items() if widths[i] > floor]
        if not fat:
            break
        widest = max(fat, key=lambda i: widths[i])
        widths[widest] -= 1
        over -= 1
    return over


def _fit(widths: list[int], words: list[list[int]], room: int) -> list[int]:
    """Column widths for a table whose cells get ``room`` characters in all.

    Wrapping is at word boundaries: the free-text columns (owner, action, item) narrow
    first, widest first, down to their longest word; then the due and status columns,
    down to theirs. Only when that is still too wide do the free-text columns narrow
    further, widest first: to their longest piece between hyphens or slashes (a word
    too long is broken after its hyphen: "North-" / "Stephens"), then to a readable
    minimum (a word still too long is cut). A table that cannot fit even then is left
    as wide as that.
    """
    keys = [k for _, k in COLUMNS]
    widths = list(widths)
    free = [i for i, k in enumerate(keys) if k in _MIN_WIDTH]
    over = sum(widths) - room
    over = _narrow(widths, {i: words[i][0] for i in free}, over)
    over = _narrow(widths, {i: words[i][0] for i, k in enumerate(keys) if k in _WORD_WRAP},
                   over)
    over = _narrow(widths, {i: words[i][1] for i in free}, over)
    _narrow(widths, {i: min(words[i][1], _MIN_WIDTH[keys[i]]) for i in free}, over)
    return widths


def _box_table(rows: Iterable[dict[str, Any]], out: IO[str], today: dt.date,
               width: int | None = None,
               natural: tuple[list[int], list[list[int]]] | None = None) -> None:
    """A table with box lines and colour, fitted to the terminal's width (``natural``:
    each column's widest cell and longest word, as :func:`_widths` finds them).

    Drawn here rather than with rich: rich's import and layout cost about 300 ms for
    300 rows, against a few for this, and "csp actions" must answer in a blink.
    """
    # The colours below are escape codes of our own: they go round the safe stream,
    # and every cell is already made safe by _cell.
    out = getattr(out, "unfiltered", out)
    if width is None:
        try:
            width = os.get_terminal_size(out.fileno()).columns
        except (OSError, ValueError, AttributeError):
            width = 100
    colour = not os.environ.get("NO_COLOR")
    keys = [k for _, k in COLUMNS]
    natural_widths, words = natural or _widths(rows, words=True)[:2]
    # Cells are padded with a space each side, unless the terminal is too narrow for
    # the shortest readable table with every word whole (an 80-column window): then
    # the lines alone part them, which leaves 16 more characters for the words.
    least = sum(min(n, max(w[0], _MIN_WIDTH[k])) if k in _MIN_WIDTH
                else w[0] if k in _WORD_WRAP else n
                for k, n, w in zip(keys, natural_widths, words, strict=True))
    pad = 1 if least + 3 * len(keys) + 1 <= width else 0
    widths = _fit(natural_widths, words, width - (2 * pad + 1) * len(keys) - 1)

    def paint(text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if colour and code and text.strip() else text

    gap = " " * pad

    def rule(left: str, mid: str, right: str) -> str:
        return left + mid.join("─" * (w + 2 * pad) for w in widths) + right + "\n"

    def draw(cells: list[str], styles: list[str]) -> None:
        wrapped = [_wrap(c, w) for c, w in zip(cells, widths, strict=True)]
        for n in range(max(len(w) for w in wrapped)):
            parts = []
            for i, lines in enumerate(wrapped):
                text = lines[n] if n < len(lines) else ""
                text = text.rjust(widths[i]) if keys[i] in ("id", "age_days") \
                    else text.ljust(widths[i])
                parts.append(paint(text, styles[i]))
            out.write(f"│{gap}" + f"{gap}│{gap}".join(parts) + f"{gap}│\n")

    out.write(rule("╭", "┬", "╮"))
    draw([h for h, _ in COLUMNS], ["1"] * len(keys))
    out.write(rule("├", "┼", "┤"))
    late_before = today.isoformat()
    for r in rows:
        cells = [_flat(_cell(r, k)) for k in keys]
        due = r["due"]
        late = (r["status"] in OPEN_STATUSES and len(due) == 10 and due[4] == "-"
                and due < late_before)
        styles = ["" for _ in keys]
        styles[keys.index("due")] = "1;31" if late else ""
        styles[keys.index("status")] = _STATUS_STYLE.get(r["status"], "")
        styles[keys.index("action")] = "35" if r["restricted"] else ""
        draw(cells, styles)
    out.write(rule("╰", "┴", "╯"))


def _wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width``, broken between words. A word longer than
    ``width`` starts a line of its own and is broken after its last hyphen or slash
    that fits ("North-" / "Stephens"), else cut at ``width``."""
    if len(text) <= width:  # most cells (the text is already on one line)
        return [text]
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) <= width:
            line += " " + word
            continue
        if line:
            lines.append(line)
        line = word
        while len(line) > width:
            cut = max(line.rfind("-", 1, width), line.rfind("/", 1, width)) + 1
            lines.append(line[:cut or width])
            line = line[cut or width:]
    lines.append(line)
    return lines


def write_action(action: dict[str, Any], out: IO[str]) -> None:
    """``csp actions show``: one action and its history, as plain text."""
    item = " ".join(p for p in (action["item_number"], action["item_title"]) if p)
    lines = [
        f"Action {action['id']} ({action['status']})",
        f"Owner:    {action['owner'] or '-'}",
    ]
    names = [n for n in action.get("owner_names", []) if n != action["owner"]]
    if names:
        lines.append(f"          ({', '.join(names)})")
    lines += [
        f"Action:   {action['action']}",
        f"Raised:   {action['meeting_date']}, {action['board']}"
        + (f", item {item}" if item else ""),
        f"Due:      {action['due'] or '-'}",
        f"RAG:      {action['rag'] or '-'}",
        f"Created:  {_when(action['created'])} ({action['age_days']} days ago)",
        "History:" if action["history"] else "History:  none",
    ]
    for h in action["history"]:
        what = "; ".join(p for p in (h["change"], h["note"]) if p)
        source = f" (from {h['source']})" if h.get("source") else ""
        lines.append(f"  {_when(h['at'])}  {what}{source}")
    out.write("\n".join(lines) + "\n")


def _when(ts: str | None) -> str:
    """A stored UTC timestamp as "2021-03-31 09:00 UTC"."""
    if not ts:
        return "-"
    try:
        moment = dt.datetime.fromisoformat(ts).astimezone(dt.UTC)
    except ValueError:
        return ts
    return moment.strftime("%Y-%m-%d %H:%M UTC")
