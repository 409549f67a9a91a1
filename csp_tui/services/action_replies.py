"""Owners' replies back into the action log (issue 24): the reply sheet's layout, and
``csp actions updates FILE`` reading it (CSV in any encoding Excel saves, or .xlsx),
checking every row and applying the good ones in one transaction.

The layout is the one ``csp actions export --format csv`` writes and every reminder
carries as an attachment: an action a row, with its id and the version the reminder
saw; an owner fills in the status, RAG, new due date and a note.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from csp_tui.domain.action_line import read_due
from csp_tui.domain.models import ActionStatus, Rag
from csp_tui.domain.restriction import RESTRICTED_TEXT, action_restricted
from csp_tui.domain.text import csv_row, csv_value, drop_controls, one_line, path_for_display
from csp_tui.services.chasing import ChaseAction
from csp_tui.storage.action_query import LookupFailed, normalise_status
from csp_tui.storage.action_versions import action_versions

#: The reply sheet's columns, in order. The owner edits the last four.
REPLY_COLUMNS = ("id", "version", "board", "meeting", "item", "owner", "action", "due",
                 "status", "rag", "new due", "note")
#: A reply file bigger than this is refused before it is read: an owner's reply is a
#: few rows, and the whole log of ten years as a sheet is about 10 MB.
MAX_BYTES = 5 * 1024 * 1024
#: Rows read at most (the same reason).
MAX_ROWS = 20_000
#: Header spellings -> the column they mean.
_ALIASES = {"new due": "new due", "new_due": "new due", "new due date": "new due",
            "new date": "new due", "rag": "rag", "r/a/g": "rag", "notes": "note",
            "update": "note", "action id": "id", "#": "id"}
_RAG = {"r": "R", "red": "R", "a": "A", "amber": "A", "g": "G", "green": "G"}
_NO_RAG = {"none", "-", "clear"}


class ReplyError(ValueError):
    """The reply file as a whole cannot be read: one line for the user."""


def reply_row(a: ChaseAction, *, full: bool) -> list[object]:
    """One action as a row of the reply sheet (the cells as stored; the CSV writer makes
    them safe). A restricted action without ``full`` keeps only its id and board."""
    hide = a.restricted and not full
    return [a.id, a.version, drop_controls(a.board), a.meeting_date,
            *(RESTRICTED_TEXT if hide else drop_controls(v) for v in (a.item, a.owner,
                                                                       a.task, a.due)),
            a.status, "" if hide else a.rag, "", ""]


def reply_csv(actions: Iterable[ChaseAction], *, full: bool) -> str:
    """The reply sheet of ``actions`` as CSV text (formula-looking cells made text)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(REPLY_COLUMNS)
    writer.writerows(csv_row(reply_row(a, full=full)) for a in actions)
    return out.getvalue()


# ---------------------------------------------------------------------- reading


def _decode(data: bytes) -> str:
    """CSV bytes as text: UTF-8 (with or without a BOM), UTF-16 with its BOM (Excel's
    "Unicode Text"), else Windows-1252 (Excel's "CSV" on a UK Windows)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ReplyError("the file says it is UTF-16 but is not") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        raise ReplyError("the file is not text (a CSV or .xlsx is needed)")
    return data.decode("cp1252", errors="replace")


def _csv_rows(text: str) -> Iterator[list[str]]:
    first = text.split("\n", 1)[0]
    # Excel writes tabs in "Unicode Text" and semicolons where the comma is decimal.
    delimiter = max(("\t", ";", ","), key=first.count) if first else ","
    yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _xlsx_rows(path: Path) -> Iterator[list[str]]:
    # Seam: openpyxl loads when that file is written or read, not with this module.
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ReplyError(f"not an Excel .xlsx file ({one_line(str(exc))[:80]})") from None
    try:
        sheet = book.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield ["" if v is None else v.isoformat()[:10] if hasattr(v, "isoformat")
                   else str(v) for v in row]
    finally:
        book.close()


def read_rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The reply file's header and its rows (with their line numbers, the header being
    1); ReplyError when the file as a whole cannot be read."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ReplyError(f"cannot read {path_for_display(path)}: "
                         f"{exc.strerror or exc}") from None
    if not path.is_file():
        raise ReplyError(f"{path_for_display(path)} is not a file")
    if size > MAX_BYTES:
        raise ReplyError(f"{path_for_display(path)} is {size / 2**20:.1f} MB: a reply "
                         f"file holds at most {MAX_BYTES >> 20} MB")
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            rows: Iterable[list[str]] = _xlsx_rows(path)
        else:
            rows = _csv_rows(_decode(path.read_bytes()))
        out: list[tuple[int, list[str]]] = []
        header: list[str] | None = None
        for n, row in enumerate(rows, 1):
            if header is None:
                header = row
                continue
            if not any(c.strip() for c in row):
                continue
            if len(out) >= MAX_ROWS:
                raise ReplyError(f"more than {MAX_ROWS} rows: a reply file is an owner's "
                                 "actions, not the whole log")
            out.append((n, row))
    except csv.Error as exc:
        raise ReplyError(f"not a readable CSV ({one_line(str(exc))})") from None
    except OSError as exc:
        raise ReplyError(f"cannot read {path_for_display(path)}: "
                         f"{exc.strerror or exc}") from None
    if header is None:
        raise ReplyError("the file is empty")
    return header, out


def _columns(header: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, name in enumerate(header):
        key = " ".join(name.strip().lstrip("\ufeff").casefold().replace("_", " ").split())
        key = _ALIASES.get(key, key)
        if key in REPLY_COLUMNS and key not in found:
            found[key] = i
    if "id" not in found:
        raise ReplyError("no id column: reply with the sheet `csp actions export "
                         "--format csv` writes (or the one attached to the reminder)")
    if not {"status", "rag", "new due", "due", "note"} & found.keys():
        raise ReplyError("nothing to update: the file has no status, rag, new due or "
                         "note column")
    return found


@dataclass
class Reply:
    """One good row: what its owner asks for (None: not given)."""

    line: int
    action_id: int
    version: int | None
    status: str | None
    rag: str | None  # "R", "A", "G"; "" clears
    due: str | None
    note: str


def _cell(row: Sequence[str], cols: dict[str, int], key: str) -> str:
    i = cols.get(key)
    if i is None or i >= len(row):
        return ""
    return csv_value(str(row[i]).strip())


def _clean(text: str, what: str) -> str:
    """A cell's text, its line breaks and tabs as spaces; ValueError for any other
    control character (an escape code, a NUL) or a formula."""
    if text.startswith("="):
        raise ValueError(f"the {what} is a spreadsheet formula ({one_line(text)[:30]})")
    flat = " ".join(text.replace("\r", " ").replace("\n", " ").replace("\t", " ").split())
    if not flat.isprintable():
        raise ValueError(f"the {what} has control characters ({one_line(flat)[:40]})")
    return flat


def parse_reply(line: int, row: Sequence[str], cols: dict[str, int]) -> Reply:
    """One row as a :class:`Reply`; ValueError (one line) when it is malformed."""
    raw_id = _clean(_cell(row, cols, "id"), "id").lstrip("#")
    if not raw_id:
        raise ValueError("no id")
    if not (raw_id.isascii() and raw_id.isdigit()) or len(raw_id) > 18:
        # "12.0": a spreadsheet made the id a number; anything else is not an id.
        if raw_id.endswith(".0") and raw_id[:-2].isdigit() and len(raw_id) < 20:
            raw_id = raw_id[:-2]
        else:
            raise ValueError(f"{one_line(raw_id)[:30]!r} is not an action id")
    version_text = _clean(_cell(row, cols, "version"), "version").lstrip("v")
    version = None
    if version_text:
        if version_text.endswith(".0"):
            version_text = version_text[:-2]
        if not (version_text.isascii() and version_text.isdigit()) or len(version_text) > 9:
            raise ValueError(f"{one_line(version_text)[:30]!r} is not a version")
        version = int(version_text)
    status_text = _clean(_cell(row, cols, "status"), "status")
    status = None
    if status_text:
        try:
            status = normalise_status("completed" if status_text.casefold() in (
                "done", "complete") else status_text)
        except LookupFailed as exc:
            raise ValueError(str(exc)) from None
    rag_text = _clean(_cell(row, cols, "rag"), "RAG").casefold()
    rag = None
    if rag_text:
        if rag_text in _NO_RAG:
            rag = ""
        elif rag_text in _RAG:
            rag = _RAG[rag_text]
        else:
            raise ValueError(f"unknown RAG {one_line(rag_text)[:20]!r} (use R, A or G)")
    due_text = _clean(_cell(row, cols, "new due"), "new due date")
    if not due_text and "new due" not in cols:
        due_text = _clean(_cell(row, cols, "due"), "due date")
    due = None
    if due_text and due_text != RESTRICTED_TEXT:
        # Said between meetings: a day without a year is read against today.
        due = read_due(due_text, None)  # ValueError for "31/04/2021"
    note = _clean(_cell(row, cols, "note"), "note")
    if len(note) > 2000:
        raise ValueError("the note is longer than 2,000 characters")
    return Reply(line, int(raw_id), version, status, rag, due, note)


@dataclass
class Planned:
    """What one reply does to its action: the changes (field -> (old, new)) and the note."""

    reply: Reply
    owner: str
    changes: dict[str, tuple[str, str]]
    note: str
    #: The version now, when it is past the one the reply was made against.
    changed_since: int | None = None


@dataclass
class Plan:
    """Every row of a reply file, judged: the changes to make, the rows refused (line,
    why) and the rows with nothing to change."""

    changes: list[Planned]
    refused: list[tuple[int, str]]
    unchanged: int


def plan_replies(repo, path: Path, *, full: bool) -> Plan:  # repo: Repository
    """Read ``path`` and judge every row against the database; nothing is written."""
    header, rows = read_rows(path)
    cols = _columns(header)
    refused: list[tuple[int, str]] = []
    replies: list[Reply] = []
    seen: dict[int, int] = {}
    for line, row in rows:
        try:
            reply = parse_reply(line, row, cols)
        except ValueError as exc:
            refused.append((line, str(exc)))
            continue
        if reply.action_id in seen:
            refused.append((line, f"action {reply.action_id} is already on line "
                                  f"{seen[reply.action_id]}"))
            continue
        seen[reply.action_id] = line
        replies.append(reply)
    versions = action_versions(repo.conn, [r.action_id for r in replies])
    items: dict[int, object] = {}
    changes: list[Planned] = []
    unchanged = 0
    for reply in replies:
        try:
            action = repo.minutes.action(reply.action_id)
        except LookupError:
            refused.append((reply.line, f"no action with id {reply.action_id}"))
            continue

        def item_of(item_id: int):  # noqa: ANN202 - the rule's ItemLookup
            if item_id not in items:
                try:
                    items[item_id] = repo.meetings.item(item_id)
                except LookupError:
                    items[item_id] = None
            return items[item_id]

        restricted = action_restricted(action, item_of) and not full
        planned = Planned(reply, action.owner, {}, reply.note)
        if reply.status is not None and reply.status != action.status.value:
            planned.changes["status"] = (action.status.value, reply.status)
        if reply.rag is not None and reply.rag != (action.rag.value if action.rag else ""):
            planned.changes["rag"] = (action.rag.value if action.rag else "-",
                                      reply.rag or "-")
        if reply.due is not None and reply.due != action.due:
            planned.changes["due"] = (action.due or "-", reply.due)
        # The note already in the history (a reply file applied twice) is not added again.
        if reply.note and any(u.note == reply.note for u in action.updates):
            planned.note = ""
        if not planned.changes and not planned.note:
            # A restricted row handed back as it was sent (withheld) changes nothing.
            unchanged += 1
            continue
        if restricted:
            refused.append((reply.line, f"action {reply.action_id} is restricted "
                                        "(add --full to update it)"))
            continue
        now = versions.get(reply.action_id, 1)
        if reply.version is not None and now != reply.version:
            planned.changed_since = now
        changes.append(planned)
    refused.sort()
    return Plan(changes, refused, unchanged)


def apply_plan(repo, changes: Sequence[Planned], source: str) -> int:  # repo: Repository
    """Make ``changes`` in one transaction (all or none), each in its action's history
    with ``source``; returns how many actions changed."""
    with repo.transaction(f"updates from {source}"):
        for p in changes:
            kwargs: dict[str, object] = {}
            if "status" in p.changes:
                kwargs["status"] = ActionStatus(p.changes["status"][1])
            if "rag" in p.changes:
                new = p.changes["rag"][1]
                kwargs["rag"] = Rag(new) if new != "-" else None
            if "due" in p.changes:
                kwargs["due"] = p.changes["due"][1]
            repo.minutes.update_action(p.reply.action_id, note=p.note, source=source, **kwargs)
    return len(changes)
