"""The restriction rule is written twice: in Python (:mod:`csp_tui.domain.restriction`)
and in the SQL of the ``csp actions`` lookup, which must stay standard-library fast.
Generated meetings hold the two together, and show that what they call restricted
never reaches the public output of ``csp actions`` or of the minutes."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import itertools
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generated_agenda import create_generated_meeting
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csp_tui.cli.main import main
from csp_tui.domain import restriction
from csp_tui.domain.models import Action, ActionStatus
from csp_tui.exporters.document import restricted_actions
from csp_tui.exporters.docx_writer import read_docx_text
from csp_tui.exporters.export import export_meeting
from csp_tui.storage.action_query import Filters, find_actions
from csp_tui.storage.repository import Repository

NUMBERS = itertools.count(1)  # every action's words are its own, across examples


@dataclass(frozen=True)
class Plan:
    """One generated meeting. Indexes pick agenda rows modulo the agenda's length."""

    items: list[tuple[bool, list[bool]]]  # (restricted, [sub-item restricted, ...])
    actions: list[tuple[int | None, bool, ActionStatus]]  # (row or no item, note?, status)
    toggles: list[int]  # rows whose restricted flag is flipped after the actions
    deletes: list[int]  # rows deleted last (an item takes its sub-items with it)


plans = st.builds(
    Plan,
    items=st.lists(st.tuples(st.booleans(), st.lists(st.booleans(), max_size=3)),
                   min_size=1, max_size=4),
    actions=st.lists(st.tuples(st.one_of(st.none(), st.integers(0, 40)), st.booleans(),
                               st.sampled_from(list(ActionStatus))), max_size=8),
    toggles=st.lists(st.integers(0, 40), max_size=2),
    deletes=st.lists(st.integers(0, 40), max_size=2),
)


def build(repo: Repository, plan: Plan, day: dt.date, texts: dict[int, list[str]]) -> int:
    """Create the meeting through the repository; ``texts`` gets each action's words."""
    meeting_id, rows = create_generated_meeting(repo, plan.items, day)
    for row, note, status in plan.actions:
        # Not len(texts): a deleted action's id (and so its key) may be used again.
        n = next(NUMBERS)
        # Unique words: "task3x" is in no other action's text ("task31x").
        action = repo.minutes.add_action(Action(
            meeting_id=meeting_id, item_id=None if row is None else rows[row % len(rows)],
            owner="Jade Hodgson", task=f"task{n}x"))
        assert action.id is not None
        texts[action.id] = [f"task{n}x"]
        if note:
            repo.minutes.update_action(action.id, note=f"note{n}x")
            texts[action.id].append(f"note{n}x")
        if status is not ActionStatus.OPEN:
            repo.minutes.update_action(action.id, status=status)
    for row in rows:
        # An agenda description of its own words: the page prints it unless withheld.
        repo.meetings.update_item(
            repo.meetings.item(row).model_copy(update={"description": f"desc{row}x"}))
    for row in plan.toggles:
        item = repo.meetings.item(rows[row % len(rows)])
        repo.meetings.update_item(item.model_copy(update={"restricted": not item.restricted}))
    for row in plan.deletes:
        repo.delete_item(rows[row % len(rows)])
    return meeting_id


def csp(db: Path, *args: str) -> str:
    """``csp actions --db DB ARGS`` in this process; its standard output."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["actions", "--db", str(db), *args])
    assert code == 0
    return out.getvalue()


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(earlier=plans, later=plans)
def test_lookup_sql_and_python_rule_agree_and_withhold(earlier: Plan, later: Plan):
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "minutes.db"
        with contextlib.closing(Repository.open(db)) as repo:
            texts: dict[int, list[str]] = {}
            build(repo, earlier, dt.date(2020, 12, 9), texts)
            later_id = build(repo, later, dt.date(2021, 3, 31), texts)
            items = [i for m in repo.meetings.meetings() for i in repo.meetings.items(m.id or 0)]
            actions = [a for m in repo.meetings.meetings() for a in repo.minutes.actions(m.id or 0)]
            rule = {a.id: restriction.action_restricted(a, restriction.lookup(items))
                    for a in actions}

            rows = find_actions(repo.conn, Filters(include_closed=True))
            assert {r["id"]: r["restricted"] for r in rows} == rule

            record = repo.record(later_id)
            shown = {a.id for a in [*record.actions, *record.carried_actions]}
            assert restricted_actions(repo, record) == {i for i in shown if rule[i]}

            secret = [(aid, texts[aid]) for aid, hidden in rule.items() if hidden]
            public = "".join(csp(db, "--all", "--format", fmt)
                             for fmt in ("table", "csv", "json", "md"))
            for aid, words in secret:
                public += csp(db, "show", str(aid)) + csp(db, "show", str(aid), "--format",
                                                          "json")
                found = json.loads(csp(db, "--all", "--search", words[0], "--format", "json"))
                assert found == [], f"a search for {words[0]} finds the withheld action"
            public += export_meeting(repo, later_id, out=Path(folder), fmt="md",
                                     action_log=True, name_check=False).path.read_text()
            # The committee-system page, its HTML and its .docx.
            page = export_meeting(repo, later_id, out=Path(folder), fmt="page",
                                  name_check=False)
            page_text = page.path.read_text() + read_docx_text(page.also[0])
            public += page_text
            for _, words in secret:
                for word in words:
                    assert word not in public
            # An item's description is printed unless the item is restricted.
            later_items = repo.meetings.items(later_id)
            for item in later_items:
                hidden = restriction.item_restricted(item, restriction.lookup(later_items))
                assert (item.description in page_text) is not hidden, item
            # The withheld actions are still listed, as "[restricted]".
            assert json.loads(csp(db, "--all", "--format", "json")) == [
                {**r, "action": "[restricted]", "owner": "[restricted]", "due": "[restricted]"}
                if r["restricted"] else r
                for r in json.loads(csp(db, "--all", "--format", "json", "--full"))]
