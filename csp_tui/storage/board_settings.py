"""A board's own settings, kept in the database: its house style, for now.

A style chosen by name (a built-in) is kept as its name; a style file is checked and
its text copied in, so that moving or editing the file later changes nothing until
the board is given it again. Other settings may join under keys of their own.
"""

from __future__ import annotations

import dataclasses
import functools
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
from csp_tui.domain.lifecycle import style_fixed
from csp_tui.domain.models import MeetingState
from csp_tui.storage.journal import Journal, Store

#: The keys of the house style: its name, and the text of a style file (else "").
STYLE_KEY = "style"
STYLE_TEXT_KEY = "style_toml"


class BoardSettingsStore(Store):
    """Board settings (the ``board_settings`` table): the house style, for now, and
    the one answer to which style renders a meeting (:meth:`style_for`)."""

    def __init__(self, journal: Journal) -> None:
        super().__init__(journal)
        #: The house style of a board that has none of its own: the user's settings
        #: (``style``, ``language``) where the command line or the app gave them, else
        #: the built-in default. See :func:`csp_tui.services.settings.user_style`.
        self.user_style: Style | None = None

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
        """The name of the board's style (the user's or the default's when none is set)."""
        return self.board_setting(board_id, STYLE_KEY) or (self.user_style
                                                           or default_style()).name

    def board_style(self, board_id: int | None) -> Style:
        """The board's house style: the one it was given, else the default. A style
        kept here that no longer loads (a built-in since renamed) is
        :class:`StyleError`."""
        if board_id is None:
            return self.user_style or default_style()
        name = self.board_setting(board_id, STYLE_KEY)
        text = self.board_setting(board_id, STYLE_TEXT_KEY)
        if text:
            style = style_from_text(text, where=f"the board's style {name}")
            return style if style.name else dataclasses.replace(style, name=name or "custom")
        return load_style(name) if name else (self.user_style or default_style())

    def style_for(self, meeting_id: int | None = None, version: int | None = None, *,
                  board_id: int | None = None) -> Style:
        """The one answer to "which house style renders this": every export, the diff,
        the screens, capture, the committee's numbers and the chase list ask here.

        ``version``: the style kept with that version of the meeting's minutes. Without
        one, the style the meeting's minutes print in now: a circulated or approved
        meeting's is the one kept with its latest version (the lifecycle's
        :func:`~csp_tui.domain.lifecycle.style_fixed`); a draft, live or closed
        meeting's is its board's as it is now. A version recorded before styles were
        kept has none: its board's, as then. No meeting, ``board_id``: the board's
        style now (what its next minutes and papers print in); neither: the default.
        A kept style that no longer loads is :class:`~csp_tui.domain.house_style.
        StyleError`."""
        if meeting_id is None:
            return self.board_style(board_id)
        meeting = self.journal.row("meetings", meeting_id)
        if meeting is None:
            raise LookupError(f"no meeting with id {meeting_id}")
        if version is None and style_fixed(MeetingState(meeting["state"])):
            version = self.conn.execute("SELECT max(version) FROM minutes_versions WHERE "
                                        "meeting_id = ?", (meeting_id,)).fetchone()[0]
        if version is not None:
            row = self.conn.execute("SELECT style_text FROM minutes_versions WHERE "
                                    "meeting_id = ? AND version = ?",
                                    (meeting_id, version)).fetchone()
            if row is not None and row[0]:
                return _kept_style(row[0])
        return self.board_style(meeting["board_id"])


@functools.lru_cache(maxsize=16)
def _kept_style(text: str) -> Style:
    """A kept style read back: the same few texts are asked for again and again (each
    capture line of a circulated meeting), and reading one takes some 25 ms."""
    return style_from_text(text, where="the style kept with the minutes")
