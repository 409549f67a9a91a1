"""The board's cycle: each meeting sets up the next one.

The latest meeting's "Date of Next Meeting" gives the date, times, venue and chair;
its Forward Plan gives the extra agenda items; and its open actions are reviewed at
the next meeting under "Minutes and Action Log" (:meth:`MinutesStore.carried_actions`
finds them from the dates, so nothing has to be copied).
"""

from __future__ import annotations

from csp_tui.domain.agenda import STANDARD_ITEMS, StandardItem, standard_kind
from csp_tui.domain.models import AgendaItem, Meeting, MeetingState
from csp_tui.storage.repository import Repository


def latest_meeting_of(repo: Repository, board: str | None) -> Meeting:
    """The newest meeting of ``board`` (any case), or of any board when None."""
    board_id = None
    if board is not None and board.strip():
        wanted = board.strip().lower()
        found = [b for b in repo.meetings.boards() if b.name.lower() == wanted]
        if not found:
            names = ", ".join(b.name for b in repo.meetings.boards()) or "none yet"
            raise LookupError(f"no board called {board.strip()!r} (boards: {names})")
        board_id = found[0].id
    meetings = repo.meetings.meetings(board_id)
    if not meetings:
        raise LookupError("there are no meetings yet; create one with `csp new`")
    return meetings[0]


def next_agenda(repo: Repository, latest: Meeting) -> list[tuple[AgendaItem, list]]:
    """The standard items with the latest meeting's forward plan before AOB."""
    assert latest.id is not None
    planned = [AgendaItem(title=f.title, presenter=f.presenter)
               for f in repo.meetings.forward_plan(latest.id)]
    items: list[tuple[AgendaItem, list]] = []
    for title, minutes in STANDARD_ITEMS:
        # Forward-plan items go on the agenda just before Any Other Business.
        if standard_kind(title) is StandardItem.AOB:
            items.extend((item, []) for item in planned)
            planned = []
        items.append((AgendaItem(title=title, minutes=minutes), []))
    # A STANDARD_ITEMS without AOB still gets the planned items, at the end.
    items.extend((item, []) for item in planned)
    return items


def create_next_meeting(repo: Repository, board: str | None = None) -> Meeting:
    """Create the board's next meeting from its latest one; returns it.

    LookupError when there is no such board or meeting; ValueError when the latest
    meeting has no Date of Next Meeting (or one not after it).
    """
    latest = latest_meeting_of(repo, board)
    nxt = latest.next_meeting
    if nxt is None:
        raise ValueError(
            f"the meeting of {latest.date.isoformat()} has no Date of Next Meeting; "
            "add it in the app, or create the meeting with csp new --date")
    if nxt.date <= latest.date:
        raise ValueError(f"the next meeting ({nxt.date.isoformat()}) must come after the "
                         f"meeting of {latest.date.isoformat()}")
    meeting = Meeting(
        board_name=latest.board_name, date=nxt.date, start=nxt.start, end=nxt.end,
        venue=nxt.venue, chair=nxt.chair or latest.chair,
        # The same note taker usually minutes the whole cycle; the app can change it.
        note_taker=latest.note_taker, state=MeetingState.DRAFT)
    return repo.meetings.create_meeting(meeting, next_agenda(repo, latest))
