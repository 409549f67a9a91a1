"""No public output holds restricted text, whatever happens to the agenda.

Generated meetings with restricted items, restricted parents, sub-items, minutes and
actions (with notes, with and without owners), then items restricted or not,
deleted, and changes undone. Every word typed is unique; at the end a word is secret
when what holds it is deleted or restricted (by the one rule), and no public output
may hold a secret word: the Word minutes of both meetings (every part of the file:
body, headers, footers, properties), their Markdown, the action plan, ``csp actions``
in every format, ``show`` and ``--search``, and the export warnings. Items made exempt
(a paragraph of Schedule 12A and a public summary) print, in the public minutes, the
exclusion resolution citing their paragraph and their public summary, and still
nothing else of theirs."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import itertools
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from generated_agenda import create_generated_meeting
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csp_tui.cli.main import main
from csp_tui.domain import restriction
from csp_tui.domain.models import Action, Entry
from csp_tui.exporters.checks import check_record
from csp_tui.exporters.export import export_meeting
from csp_tui.storage.repository import Repository


@dataclass(frozen=True)
class Plan:
    """One meeting. Rows pick agenda lines modulo the agenda's length."""

    items: list[tuple[bool, list[bool]]]  # (restricted, [sub-item restricted, ...])
    lines: list[tuple[int, str]]  # (row, "entry" | "action" | "noted" | "ownerless")
    toggles: list[int]  # rows whose restricted mark is flipped after the lines
    deletes: list[int]  # rows deleted (an item takes its sub-items with it)
    undos: int  # changes undone at the end
    #: (row, paragraph of Schedule 12A): made exempt, with a public summary, after the
    #: lines and before the toggles (which may take the restriction off again).
    exempt: list[tuple[int, int]] = ()  # type: ignore[assignment]


plans = st.builds(
    Plan,
    items=st.lists(st.tuples(st.booleans(), st.lists(st.booleans(), max_size=2)),
                   min_size=1, max_size=3),
    lines=st.lists(st.tuples(st.integers(0, 20),
                             st.sampled_from(["entry", "action", "noted", "ownerless"])),
                   max_size=6),
    toggles=st.lists(st.integers(0, 20), max_size=1),
    deletes=st.lists(st.integers(0, 20), max_size=2),
    undos=st.integers(0, 2),
    exempt=st.lists(st.tuples(st.integers(0, 20), st.integers(1, 7)), max_size=2),
)


class Words:
    """Unique marker words ("w7q": no marker is part of another) and what holds each."""

    def __init__(self) -> None:
        self.count = itertools.count(1)
        self.held: dict[str, tuple[str, int]] = {}  # word -> ("entries"|"actions", id)
        #: Public summary word -> the item it summarises (published while restricted).
        self.summaries: dict[str, int] = {}

    def new(self) -> str:
        return f"w{next(self.count)}q"


def build(repo: Repository, plan: Plan, day: dt.date, words: Words) -> int:
    """Create one meeting from ``plan`` through the repository."""
    meeting_id, rows = create_generated_meeting(repo, plan.items, day)
    for row, kind in plan.lines:
        item_id = rows[row % len(rows)]
        if kind == "entry":
            text = f"said {words.new()}"
            entry = repo.minutes.add_entry(Entry(item_id=item_id, text=text))
            words.held[text.split()[1]] = ("entries", entry.id or 0)
            continue
        task, owner = words.new(), "" if kind == "ownerless" else f"Officer {words.new()}"
        action = repo.minutes.add_action(Action(meeting_id=meeting_id, item_id=item_id,
                                                owner=owner, task=f"to check {task}"))
        assert action.id is not None
        words.held[task] = ("actions", action.id)
        if owner:
            words.held[owner.split()[1]] = ("actions", action.id)
        if kind == "noted":
            note = words.new()
            repo.minutes.update_action(action.id, note=f"progress {note}")
            words.held[note] = ("actions", action.id)
    for row, paragraph in plan.exempt:
        item = repo.meetings.item(rows[row % len(rows)])
        word = words.new()
        words.summaries[word] = item.id or 0
        repo.meetings.update_item(item.model_copy(update={
            "restricted": True, "exempt_paragraph": paragraph,
            "public_summary": f"summary {word}"}))
    for row in plan.toggles:
        item = repo.meetings.item(rows[row % len(rows)])
        repo.meetings.update_item(item.model_copy(update={"restricted": not item.restricted}))
    for row in plan.deletes:
        repo.delete_item(rows[row % len(rows)])
    return meeting_id


def secret_words(repo: Repository, words: Words) -> list[str]:
    """Words held by something deleted, or by something restricted now."""
    items = [i for m in repo.meetings.meetings() for i in repo.meetings.items(m.id or 0)]
    item_of = restriction.lookup(items)
    actions = {a.id: a for m in repo.meetings.meetings() for a in repo.minutes.actions(m.id or 0)}
    entries = {e.id: e for i in items for e in repo.minutes.entries(i.id or 0)}
    secret = []
    for word, (table, row_id) in words.held.items():
        if table == "actions":
            action = actions.get(row_id)
            hidden = action is None or restriction.action_restricted(action, item_of)
        else:
            entry = entries.get(row_id)
            item = item_of(entry.item_id) if entry is not None else None
            hidden = item is None or restriction.item_restricted(item, item_of)
        if hidden:
            secret.append(word)
    return secret


def published(repo: Repository, words: Words) -> dict[int, list[str]]:
    """What each meeting's public minutes must print of its exempt items: the public
    summary of each restricted one, and the paragraph cited by each marked one."""
    items = [i for m in repo.meetings.meetings() for i in repo.meetings.items(m.id or 0)]
    item_of = restriction.lookup(items)
    out: dict[int, list[str]] = {}
    for word, item_id in words.summaries.items():
        item = item_of(item_id)
        if item is None or not restriction.item_restricted(item, item_of):
            continue
        must = out.setdefault(item.meeting_id or 0, [])
        if item.public_summary == f"summary {word}":
            must.append(word)
        if (paragraph := restriction.exclusion_paragraph(item)) is not None:
            must.append(f"paragraph {paragraph} of Part 1 of Schedule 12A")
    return out


def csp(*args: str) -> str:
    """``csp ARGS`` in this process: what it printed, out and err."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        main(list(args))
    return out.getvalue() + err.getvalue()


def docx_parts(path: Path) -> str:
    """Every part of a .docx (body, headers, footers, properties), as stored."""
    with zipfile.ZipFile(path) as z:
        return "".join(z.read(name).decode("utf-8", "replace") for name in z.namelist())


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(earlier=plans, later=plans)
def test_no_public_output_holds_restricted_or_deleted_text(earlier: Plan, later: Plan):
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        db = out / "minutes.db"
        words = Words()
        with contextlib.closing(Repository.open(db)) as repo:
            ids = [build(repo, earlier, dt.date(2020, 12, 9), words),
                   build(repo, later, dt.date(2021, 3, 31), words)]
            for _ in range(later.undos):
                repo.undo()
            secret = secret_words(repo, words)
            must = published(repo, words)
            public = []
            kept = {m.id for m in repo.meetings.meetings()}  # undo may take a meeting back
            for n, mid in enumerate(i for i in ids if i in kept):
                for fmt in ("docx", "md"):
                    result = export_meeting(repo, mid, out=out / f"{n}{fmt}", fmt=fmt,
                                            action_log=True)
                    public.append(docx_parts(result.path) if fmt == "docx"
                                  else result.path.read_text())
                    if fmt == "md":
                        text = " ".join(result.path.read_text().split())
                        missing = [w for w in must.get(mid, []) if w not in text]
                        assert missing == [], f"an exempt item's public words: {missing}"
                    public.extend(result.warnings)
                public.extend(check_record(repo.record(mid)))
                public.append(csp("export", str(mid), "--check", "--db", str(db)))
            all_ids = [
                a.id for m in repo.meetings.meetings() for a in repo.minutes.actions(m.id or 0)]
        plan_docx = out / "plan.docx"
        public.append(csp("actions", "export", "--all", "--docx", str(plan_docx), "--db",
                          str(db)))
        public.append(docx_parts(plan_docx))
        for fmt in ("table", "csv", "json", "md"):
            public.append(csp("actions", "--all", "--format", fmt, "--db", str(db)))
        for aid in all_ids:
            for fmt in ("text", "json"):
                public.append(csp("actions", "show", str(aid), "--format", fmt, "--db",
                                  str(db)))
        for word in secret:
            public.append(csp("actions", "--all", "--search", word, "--db", str(db)))
            public.append(csp("actions", "--all", "--owner", word, "--db", str(db)))
        # Outputs name the files they wrote; the temporary folder's random name may hold
        # a marker ("/tmp/tmpaw6qx1"), which is not a leak.
        text = "\n".join(public).replace(folder, "<folder>")
        leaked = [w for w in secret if w in text]
        assert leaked == [], f"restricted or deleted text in a public output: {leaked}"
