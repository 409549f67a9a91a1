"""F9 on the Minutes and Action Log item writes the reminders for the owners of the
actions it shows, in a worker, and says so in one message (issue 24)."""

from __future__ import annotations

import sqlite3
from email import policy
from email.parser import BytesParser

from app_helpers import make_app, said, until, utc_zone, wait_for_background  # noqa: F401

from csp_tui.screens.help import HelpScreen
from csp_tui.services.demo import write_demo
from csp_tui.storage.repository import Repository

SIZE = (80, 24)


def demo_with_addresses(path) -> int:
    mid = write_demo(path)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE people SET email = lower(replace(name, ' ', '.')) || "
                     "'@council.example' WHERE name != 'Antony Rose'")
    conn.close()
    return mid


async def test_f9_on_the_action_log_writes_the_owners_reminders(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "demo.db"
    mid = demo_with_addresses(path)
    with Repository.open(path) as repo:
        items = repo.meetings.items(mid)
        log = next(i for i in items if i.title == "Minutes and Action Log")
        other = next(i for i in items if i.title != "Minutes and Action Log")
        repo.meetings.set_current(mid, other.id)
        carried = {a.id for a in repo.minutes.carried_actions(mid) if a.is_open}
        app = make_app(repo, mid)
        async with app.run_test(size=SIZE) as pilot:
            # Elsewhere, the key says where it works and writes nothing.
            await pilot.press("f9")
            await until(pilot, lambda: any("Minutes and Action Log" in m for m in said(app)),
                        "the key says to go to the action log")
            assert not list(tmp_path.glob("reminders-*"))
            repo.meetings.set_current(mid, log.id)
            app.screen.reload()
            await pilot.pause()
            await pilot.press("f9")
            await wait_for_background(pilot)
            await until(pilot, lambda: any(m.startswith("Wrote ") for m in said(app)),
                        "the reminders' message")
        day = repo.meetings.meeting(mid).date
    folder = tmp_path / f"reminders-{day.isoformat()}"
    message = next(m for m in said(app) if m.startswith("Wrote "))
    assert str(folder) in message and "no address for Antony Rose" in message
    sent = set()
    for eml in folder.glob("*.eml"):
        msg = BytesParser(policy=policy.default).parse(eml.open("rb"))
        assert msg["X-Unsent"] == "1"
        plain = msg.get_body(preferencelist=("plain",)).get_content()
        sent |= {int(line.split("action ")[1].split(",")[0])
                 for line in plain.splitlines() if "Reference: action" in line}
    # The open actions the item shows, none of those raised under today's other items.
    assert sent == carried and sent
    assert list(folder.glob("*.ics"))


async def test_the_key_is_in_the_help(tmp_path):
    path = tmp_path / "demo.db"
    mid = demo_with_addresses(path)
    with Repository.open(path) as repo:
        app = make_app(repo, mid)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("f1")
            await until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
            text = str(app.screen.query_one("#help-text").render())
            assert "Reminders to the action owners" in text
