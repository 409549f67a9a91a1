"""The minutes pane numbers an item's points as the minutes print them: 1, 2, then 1
again after any other line (the screen's renderer, beside the document's)."""

from __future__ import annotations

from app_helpers import (  # noqa: F401 - utc_zone is an autouse fixture
    make_app,
    screen_lines,
    small_meeting,
    until,
    utc_zone,
)

from csp_tui.domain.models import Action, Entry, EntryKind


async def test_numbered_points_restart_on_the_screen(repo, clock):
    meeting_id = small_meeting(repo)
    item = repo.meetings.items(meeting_id)[0]
    repo.meetings.set_current(meeting_id, item.id)
    for kind, text in ((EntryKind.NUMBERED, "alpha"), (EntryKind.NUMBERED, "bravo"),
                       (EntryKind.PARAGRAPH, "a paragraph"), (EntryKind.NUMBERED, "charlie")):
        repo.minutes.add_entry(Entry(item_id=item.id, kind=kind, text=text))
    repo.minutes.add_action(
        Action(meeting_id=meeting_id, item_id=item.id, owner="MPS", task="patrol"))
    repo.minutes.add_entry(Entry(item_id=item.id, kind=EntryKind.NUMBERED, text="delta"))
    app = make_app(repo, meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        def shown() -> dict[str, str]:
            found = {}
            for line in screen_lines(app):
                for word in ("alpha", "bravo", "charlie", "delta"):
                    if f" {word}" in line:
                        found[word] = line.split(word)[0].split()[-1]
            return found

        await until(pilot, lambda: len(shown()) == 4, "the item's points shown")
        assert shown() == {"alpha": "1.", "bravo": "2.", "charlie": "1.", "delta": "1."}
