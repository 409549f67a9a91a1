"""How the app's messages put things: what a line of the minutes is called in a
confirmation or an undo ("Jade Hodgson to map the hotspots", "Jade Hodgson's action",
"the bullet 'Forecast to...'"), and a message fitted to the room it is shown in: cut to
one line, or wrapped, a long path broken at its separators rather than mid-word.

Standard library only: the screens call it, and so may the storage's undo labels.
"""

from __future__ import annotations

#: Characters after which a long word (a path, a file name) may be broken, best first:
#: a folder separator, then the parts of a file name.
_BREAKS = ("/", "\\", "-", "_", ".")
#: Words quoted from a line in a message, at most.
EXCERPT = 40


def excerpt(text: str, width: int = EXCERPT) -> str:
    """``text`` on one line, cut at a word to at most ``width`` characters ("…" added
    when cut): enough of a line for the note taker to recognise it."""
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    cut = flat[:width - 1]
    if " " in cut:
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "…"


def action_words(owner: str, task: str) -> str:
    """An action as the minutes say it, short: "Jade Hodgson to map the hotspots"; an
    ownerless one is its task ("Review the ISA"). A task already starting "to" is not
    given a second one."""
    task = excerpt(task)
    if not owner.strip():
        return task[:1].upper() + task[1:]
    return f"{owner.strip()} {task}" if task.lower().startswith("to ") \
        else f"{owner.strip()} to {task}"


def whose_action(owner: str) -> str:
    """"Jade Hodgson's action"; "the action with no owner" without one."""
    owner = owner.strip()
    if not owner:
        return "the action with no owner"
    return f"{owner}' action" if owner.endswith("s") else f"{owner}'s action"


def line_words(kind: str, text: str) -> str:
    """A line of the minutes named by its kind and its first words:
    "the paragraph 'The board noted the…'"."""
    return f"the {kind} '{excerpt(text)}'"


def _short_paths(line: str, width: int) -> str:
    """``line`` with its longest path losing leading folders until the line fits
    ``width`` ("…/minutes/CSP-2021-03-31.docx"); then, if it still does not, the file
    name its start (its end says which file: the date, RESTRICTED, .docx)."""
    words = line.split(" ")
    paths = [k for k, word in enumerate(words) if "/" in word[1:]]
    if not paths or len(line) <= width:
        return line
    k = max(paths, key=lambda n: len(words[n]))
    folders = words[k].split("/")
    while len(folders) > 1 and len(" ".join(words)) > width:
        folders = folders[1:]
        words[k] = "…/" + "/".join(folders)
    over = len(" ".join(words)) - width
    if over > 0 and len(words[k]) - over > 8:
        words[k] = "…" + words[k][over + 1:]
    return " ".join(words)


def one_line(text: str, width: int, more: str = "") -> str:
    """``text`` (line breaks and all) on one line of ``width`` characters: its lines
    joined with " · "; when too long, a path in it loses its leading folders first
    ("…/minutes/CSP-2021-03-31.docx"); then the first line is kept whole if it fits,
    the rest cut at a word, ending in "…" and ``more`` (where to read it whole)."""
    lines = [part.strip() for part in text.splitlines() if part.strip()] or [""]
    flat = " · ".join(lines)
    if len(flat) <= width:
        return flat
    lines[0] = _short_paths(lines[0], width)
    flat = " · ".join(lines)
    if len(flat) <= width:
        return flat
    room = max(1, width - len(more) - 1)
    if room < len(lines[0]) <= width:
        # The first line whole (where the minutes went, say) rather than a cut of it.
        return lines[0] + ("…" if len(lines[0]) < width else "")
    cut = flat[:room]
    if " " in cut.strip():
        cut = cut[:cut.rstrip().rindex(" ")]
    return cut.rstrip(" ·,;:") + "…" + more


def _break_word(word: str, width: int) -> list[str]:
    """A word longer than ``width`` in pieces that end at a separator where one falls
    in the line (the folders of a path), else cut at ``width``."""
    pieces = []
    while len(word) > width:
        head = word[:width]
        cut = next((head.rindex(sep) + 1 for sep in _BREAKS
                    if sep in head[1:] and head.rindex(sep) > 0), width)
        pieces.append(word[:cut])
        word = word[cut:]
    return [*pieces, word]


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` characters, its own line breaks kept:
    broken at spaces, and a word too long for a line (a path) after a separator,
    never in the middle of a name when a separator will do."""
    if width < 8:
        return text.splitlines() or [""]
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            for n, piece in enumerate(_break_word(word, width)):
                glue = " " if line and n == 0 else ""
                if line and len(line) + len(glue) + len(piece) > width:
                    lines.append(line)
                    line = piece
                else:
                    line += glue + piece
        lines.append(line)
    return lines


__all__ = ["action_words", "excerpt", "line_words", "one_line", "whose_action", "wrap"]
