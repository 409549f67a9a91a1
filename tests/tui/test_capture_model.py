"""A model-based test of the capture area (hypothesis's stateful testing): keys typed
one at a time or in bursts, Enter, ctrl+j, pastes, completion, draft saves, the reload
tick and another program's commits, interleaved in any order. Whatever the timing, the
stored lines are the lines entered, in order, once each, under the item they were
typed in, and the capture area holds exactly what was typed since the last Enter.

The app runs on an event loop of the machine's own: a rule posts its keys and returns,
so the keys of several rules can still be queued when the next rule runs, as keys are
when a terminal delivers them faster than the app digests them. Only ``settle`` waits.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import tempfile
import time
from pathlib import Path

from app_helpers import capture, make_app, small_meeting
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from textual import events

from csp_tui.domain.models import Person
from csp_tui.storage.repository import Repository
from tests.conftest import FrozenClock

WORDS = st.lists(st.sampled_from(["board", "noted", "the", "report", "ward", "panel",
                                  "agreed", "hotspots", "figures", "Jade", "plan"]),
                 min_size=1, max_size=6).map(" ".join)


def entered(text: str) -> str:
    """What an entry typed as ``text`` stores: the model's own statement of the rule (a
    line break stays, without the spaces either side of it)."""
    return re.sub(r"[ \t]*\n\s*", "\n", text.strip())


def key_events(text: str) -> list[events.Key]:
    keys = []
    for char in text:
        if char == "\n":
            keys.append(events.Key("ctrl+j", None))
        elif char == " ":
            keys.append(events.Key("space", " "))
        else:
            keys.append(events.Key(char, char))
    return keys


class CaptureMachine(RuleBasedStateMachine):
    """The app under test, and the model: the lines entered so far and the text typed
    since the last Enter."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp())
        self.path = self.folder / "minutes.db"
        self.repo = Repository.open(self.path, clock=FrozenClock())
        self.meeting_id = small_meeting(self.repo)
        self.item_ids = [item.id for item in self.repo.meetings.items(self.meeting_id)]
        self.loop = asyncio.new_event_loop()
        self.app = make_app(self.repo, self.meeting_id)
        # The app runs in one task for the whole example (Textual's context lives in
        # it); each rule hands it a job and waits for that job alone.
        self.jobs: asyncio.Queue = asyncio.Queue()
        self.session = self.loop.create_task(self._session())
        self.pause()  # running, the capture area focused, before the first key
        #: (item index, kind, text) of each line entered, in order.
        self.expected: list[tuple[int, str, str]] = []
        #: The item index lines go to (the first pending item becomes current).
        self.current = 0
        self.typed = ""
        self.people = 0

    async def _session(self) -> None:
        async with self.app.run_test(size=(80, 24)) as pilot:
            while (job := await self.jobs.get()) is not None:
                function, done = job
                try:
                    done.set_result(await function(pilot))
                except BaseException as exc:  # noqa: BLE001 - handed to the rule
                    done.set_exception(exc)

    def run(self, function):
        """Run ``async function(pilot)`` inside the app's task; its result."""
        done = self.loop.create_future()
        self.jobs.put_nowait((function, done))
        return self.loop.run_until_complete(done)

    def teardown(self) -> None:
        try:
            self.settle()  # every line entered is stored, once, where it was typed
        finally:
            self.jobs.put_nowait(None)
            try:
                self.loop.run_until_complete(self.session)
            finally:
                self.loop.close()
                self.repo.close()
                shutil.rmtree(self.folder, ignore_errors=True)

    # ------------------------------------------------------------------ driving

    def post(self, *keys: events.Event) -> None:
        """Queue events as the terminal does: the app digests them when a later rule
        lets it run, so the keys of several rules may be queued together."""
        for key in keys:
            self.app.post_message(key)

    def pause(self, delay: float | None = None) -> None:
        async def job(pilot) -> None:
            await pilot.pause(delay)

        self.run(job)

    def stored(self) -> list[tuple[int, str, str]]:
        rows = self.repo.db.execute(
            "SELECT item_id, kind, text FROM entries WHERE item_id IN "
            "(SELECT id FROM items WHERE meeting_id = ?) ORDER BY id",
            [self.meeting_id]).fetchall()
        return [(self.item_ids.index(item_id), kind, text) for item_id, kind, text in rows]

    # ------------------------------------------------------------------ rules

    @rule(text=WORDS, burst=st.booleans())
    def type_words(self, text: str, burst: bool) -> None:
        text = (" " if self.typed and not self.typed.endswith(("\n", " ")) else "") + text
        if burst:
            self.post(*key_events(text))
        else:
            # One key at a time, each digested before the next.
            for key in key_events(text):
                self.post(key)
                self.pause()
        self.typed += text

    @precondition(lambda self: self.typed == "")
    @rule(text=WORDS)
    def bullet(self, text: str) -> None:
        self.post(*key_events(f"- {text}"))
        self.typed = f"- {text}"

    @precondition(lambda self: self.typed.strip() != "")
    @rule()
    def line_break(self) -> None:
        self.post(events.Key("ctrl+j", None))
        self.typed += "\n"

    @rule(text=WORDS)
    def paste(self, text: str) -> None:
        self.post(events.Paste(text))
        self.typed += text

    @rule()
    def enter(self) -> None:
        self.post(events.Key("enter", "\r"))
        if self.typed.strip():
            text = entered(self.typed)
            if text.startswith("- "):
                self.expected.append((self.current, "bullet", text[2:].strip()))
            else:
                self.expected.append((self.current, "paragraph", text))
        self.typed = ""

    @precondition(lambda self: self.typed == "")
    @rule(number=st.integers(min_value=1, max_value=6))
    def goto(self, number: int) -> None:
        self.post(*key_events(f"/goto {number}"), events.Key("enter", "\r"))
        self.current = number - 1

    @rule()
    def draft_saved_in_the_background(self) -> None:
        async def job(pilot) -> None:
            self.app.screen.live.draft.flush()

        self.run(job)

    @rule()
    def reload_tick(self) -> None:
        async def job(pilot) -> None:
            self.app.screen._tick()

        self.run(job)

    @rule()
    def another_program_commits(self) -> None:
        self.people += 1
        with Repository.open(self.path, checked=True) as other:
            board = other.meetings.meeting(self.meeting_id).board_id
            other.people.add_person(Person(board_id=board, name=f"Visitor Number{self.people}"))

    @precondition(lambda self: self.typed == "")
    @rule()
    def completion_accepted(self) -> None:
        # "/act" is completed to "/action " by the right arrow once offered.
        self.post(*key_events("/act"))
        self.typed = "/act"
        self.settle()
        end = time.monotonic() + 10
        while not capture(self.app).suggestion:
            assert time.monotonic() < end, "no completion offered"
            self.pause(0.02)
        self.post(events.Key("right", None))
        self.typed = "/action "
        self.settle()
        # Taken back, so the model's lines stay paragraphs.
        async def job(pilot) -> None:
            capture(self.app).value = ""

        self.run(job)
        self.typed = ""
        self.settle()

    @rule()
    def settle(self) -> None:
        """Wait until the app has digested every key (a condition, not a time)."""
        end = time.monotonic() + 20
        while True:
            self.pause()
            if (self.stored() == self.expected
                    and capture(self.app).value == self.typed):
                return
            if time.monotonic() > end:
                break
        assert self.stored() == self.expected
        assert capture(self.app).value == self.typed

    # ------------------------------------------------------------------ checks

    @invariant()
    def nothing_stored_twice_or_out_of_turn(self) -> None:
        # Whatever is still queued, what is stored so far is a prefix of the model's.
        stored = self.stored()
        assert stored == self.expected[:len(stored)]


# Each example starts the app: six are enough. Drawn as CI draws them (derandomized),
# the second already loses a key on the capture this test was written against
# (9751a58^), so six leave a margin; a run without CI draws six new ones each time.
CaptureMachine.TestCase.settings = settings(
    max_examples=6, stateful_step_count=30, deadline=None,
    suppress_health_check=[HealthCheck.too_slow])
TestCapture = CaptureMachine.TestCase
