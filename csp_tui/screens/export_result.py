"""What the meeting screen says when an export ends: one message, its first line (where
the minutes went, how many warnings) for the message bar, the rest for the log."""

from __future__ import annotations

from pathlib import Path

from textual.notifications import SeverityLevel


def export_message(path: Path | None, error: str,
                   warnings: tuple[str, ...]) -> tuple[str, SeverityLevel, float]:
    """(message, severity, seconds shown) for an export's result: where it wrote (or
    why not), then how many pre-export warnings, the first of them and where to read
    them all, rather than a toast per warning."""
    if path is None:
        return f"Export failed: {error}", "error", 10
    lines = [f"Minutes written to {path}"]
    if warnings:
        # The count on the first line: the message bar shows that line whole at 80
        # columns (the path shortened), the log (ctrl+l) the rest.
        count = f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''}"
        lines[0] += f" ({count})"
        lines.append(f"The warning: {warnings[0]}" if len(warnings) == 1 else
                     f"The first: {warnings[0]}")
        if len(warnings) > 1:
            lines.append("csp export --check lists them all.")
    return "\n".join(lines), "warning" if warnings else "information", 10
