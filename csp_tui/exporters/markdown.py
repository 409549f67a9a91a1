"""The minutes as Markdown, for e-mail and web publishing.

Renders the same :class:`MinutesDocument` as the Word writer, so the public/full
decision is the one made there.
"""

from __future__ import annotations

import re

from csp_tui.exporters.action_log import HEADERS, action_rows, log_title
from csp_tui.exporters.document import Kind, MinutesDocument, Para

# Characters that would turn text into Markdown markup (emphasis, links, HTML, code).
_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
# At the start of a line these make a heading, list, quote or rule.
_LINE_START = re.compile(r"^(\s*)(?:([#>+\-=])|(\d+)([.)]))", re.MULTILINE)


def _protect(m: re.Match[str]) -> str:
    if m.group(2):
        return f"{m.group(1)}\\{m.group(2)}"
    return f"{m.group(1)}{m.group(3)}\\{m.group(4)}"  # "5\." is not a list item


def escape(text: str, *, line_start: bool = True) -> str:
    """``text`` shown literally by a Markdown renderer (``line_start=False`` when it
    follows a marker such as "## ", where only inline markup matters)."""
    text = _INLINE.sub(r"\\\1", text)
    if line_start:
        text = _LINE_START.sub(_protect, text)
    # A hard line break inside a paragraph: two spaces before the newline.
    return re.sub(r"\r\n|\r|\n", "  \n", text)


def _line(p: Para) -> str:
    text = escape(p.text, line_start=p.kind is Kind.BODY or p.kind is Kind.DECISION
                  or p.kind is Kind.DATE)
    match p.kind:
        case Kind.TITLE:
            return f"# {text}"
        case Kind.ITEM:
            return f"## {text}"
        case Kind.SUBITEM:
            return f"### {text}"
        case Kind.HEADING:
            return f"#### {text}"
        case Kind.BULLET:
            return f"- {text}"
        case Kind.NUMBERED:
            return f"{p.marker} {text}"
        case Kind.ACTION:
            return f"**{text}**"
        case _ if p.label:
            return f"**{escape(p.label)}** {text}"
        case _:
            return text


def to_markdown(minutes: MinutesDocument) -> str:
    """The whole document; list items are kept together, other blocks separated by a
    blank line."""
    out: list[str] = []
    if minutes.header:
        out.append(f"**{minutes.header}**")
    prev: Kind | None = None
    for p in minutes.paras:
        listy = p.kind in (Kind.BULLET, Kind.NUMBERED)
        # A blank line after a list whatever the house style: without one Markdown
        # runs the next paragraph into the list's last point.
        if out and not (listy and prev == p.kind):
            out.append("")
        out.append(_line(p))
        prev = p.kind
    return "\n".join(out) + "\n"


def action_log_markdown(actions, people, *, full: bool, restricted, started=None,
                        style=None) -> str:
    """The "CSP Board Action Plan" as a Markdown table (same rows as the Word table)."""
    rows = action_rows(actions, people, full=full, restricted=restricted, started=started,
                       style=style)

    def cell(text: str) -> str:
        return escape(text).replace("  \n", "<br>")

    out = [f"## {escape(log_title(style).upper(), line_start=False)}", "",
           "| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    out += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(out) + "\n"
