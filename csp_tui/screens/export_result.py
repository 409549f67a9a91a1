"""What the meeting screen says when an export ends: one notification, short enough to
sit in the notifications' place at 80x24 without reaching the capture area."""

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
        count = f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''}"
        lines.append(f"{count}: {warnings[0]}" if len(warnings) == 1 else
                     f"{count}, the first: {warnings[0]}")
        if len(warnings) > 1:
            lines.append("csp export --check lists them all.")
    return "\n".join(lines), "warning" if warnings else "information", 10
