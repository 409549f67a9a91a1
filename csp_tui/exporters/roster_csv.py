"""The roster written back out as CSV (UTF-8 with a BOM, so Excel opens it)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from csp_tui.domain.agenda import DEFAULT_BOARD
from csp_tui.domain.models import Person
from csp_tui.domain.text import csv_cell
from csp_tui.exporters.files import atomic_write
from csp_tui.services.roster import COLUMNS
from csp_tui.storage.repository import Repository


def roster_csv(people: list[Person]) -> str:
    """The roster as CSV text with the standard columns (cells a spreadsheet would run
    as a formula start with ``'``; :func:`read_roster` takes it off again)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for p in people:
        writer.writerow([csv_cell(v) for v in (p.name, p.post_title, p.organisation,
                                                p.email, p.group.value)])
    return out.getvalue()


def export_roster(repo: Repository, path: Path | str,
                  board_name: str = DEFAULT_BOARD) -> int:
    """Write the board's roster to ``path`` (UTF-8 with a BOM, so Excel reads it
    right; private, as it holds people's details); returns how many people were
    written."""
    board = repo.meetings.board(board_name)
    assert board.id is not None
    people = repo.people.people(board.id)
    text = roster_csv(people)
    atomic_write(Path(path), lambda tmp: tmp.write_text(text, encoding="utf-8-sig",
                                                        newline=""), private=True)
    return len(people)
