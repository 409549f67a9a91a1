"""Fixtures shared by the unit tests of the exports."""

from __future__ import annotations

import pytest

from csp_tui.storage.repository import Repository

#: The boards the accessibility tests read: a small one, the demo and a generated
#: 200-item board.
BOARDS = ["small", "demo", "200 items"]


def make_board(repo: Repository, name: str) -> int:
    """A meeting on the board ``name`` (one of :data:`BOARDS`) in ``repo``."""
    from tests.unit.test_export_a11y import big_board
    from tests.unit.test_export_docx import small_meeting

    if name == "small":
        return small_meeting(repo)
    if name == "demo":
        from csp_tui.services.demo import build_demo

        return build_demo(repo)
    return big_board(repo)


@pytest.fixture(params=BOARDS)
def board(request, repo: Repository) -> int:
    """A meeting on each board the accessibility tests read."""
    return make_board(repo, request.param)
