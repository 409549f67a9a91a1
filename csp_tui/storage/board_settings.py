"""A board's own settings, kept in the database: its house style, for now.

A style chosen by name (a built-in) is kept as its name; a style file is checked and
its text copied in, so that moving or editing the file later changes nothing until
the board is given it again. Other settings may join under keys of their own.
"""

from __future__ import annotations

from pathlib import Path

from csp_tui.domain.house_style import (
    Style,
    StyleError,
    builtin_path,
    check_style_text,
    default_style,
    load_style,
    style_from_text,
    style_text,
)
from csp_tui.storage.journal import Store

#: The keys of the house style: its name, and the text of a style file (else "").
STYLE_KEY = "style"
STYLE_TEXT_KEY = "style_toml"


class BoardSettingsStore(Store):
    """Board settings (the ``board_settings`` table): the house style, for now."""

    def board_setting(self, board_id: int, key: str) -> str | None:
        """The board's setting ``key``; None when it has none."""
        row = self.conn.execute("SELECT value FROM board_settings WHERE board_id = ? AND "
                                "key = ?", (board_id, key)).fetchone()
        return row[0] if row else None

    def set_board_setting(self, board_id: int, key: str, value: str) -> None:
        """Set the board's setting ``key`` (one journaled change)."""
        with self.journal.transaction(f"set the board's {key}"):
            self._put_setting(board_id, key, value)

    def _put_setting(self, board_id: int, key: str, value: str) -> None:
        row = self.conn.execute("SELECT id FROM board_settings WHERE board_id = ? AND "
                                "key = ?", (board_id, key)).fetchone()
        if row:
            self.journal.update("board_settings", row[0], {"value": value})
        else:
            self.journal.insert("board_settings",
                                {"board_id": board_id, "key": key, "value": value})

    def set_board_style(self, board_id: int, name_or_path: str | Path) -> Style:
        """Give the board the style ``name_or_path``: a built-in's name, or a style file
        (checked, then its text kept here). :class:`StyleError` (one line) for an
        unknown name or a bad file; nothing is written then."""
        if builtin_path(str(name_or_path)) is not None:
            style, text = load_style(name_or_path), ""
        else:
            text = style_text(name_or_path)
            style = load_style(name_or_path)  # checked whole: StyleError names the problem
            # Kept without its folder: what it extends must be a built-in.
            problems = check_style_text(text)
            if problems:
                raise StyleError(f"{name_or_path}: {problems[0]} (a style kept by a "
                                 "board may extend a built-in style only)")
        with self.journal.transaction(f"set the board's style to {style.name}"):
            self._put_setting(board_id, STYLE_KEY, style.name)
            self._put_setting(board_id, STYLE_TEXT_KEY, text)
        return style

    def board_style_name(self, board_id: int) -> str:
        """The name of the board's style (the default's when none is set)."""
        return self.board_setting(board_id, STYLE_KEY) or default_style().name

    def board_style(self, board_id: int | None) -> Style:
        """The board's house style: the one it was given, else the default. A style
        kept here that no longer loads (a built-in since renamed) is
        :class:`StyleError`."""
        if board_id is None:
            return default_style()
        name = self.board_setting(board_id, STYLE_KEY)
        text = self.board_setting(board_id, STYLE_TEXT_KEY)
        if text:
            import dataclasses

            style = style_from_text(text, where=f"the board's style {name}")
            return style if style.name else dataclasses.replace(style, name=name or "custom")
        return load_style(name) if name else default_style()

    def meeting_style(self, meeting_id: int) -> Style:
        """The house style of the board the meeting belongs to."""
        row = self.conn.execute("SELECT board_id FROM meetings WHERE id = ?",
                                (meeting_id,)).fetchone()
        return self.board_style(row[0] if row else None)
