"""The roster CSV read in (no textual; used by the command line and the app).

Writing it back out is :mod:`csp_tui.exporters.roster_csv`.

Columns ``name, post_title, organisation, email, group`` (headers compared without
case or spaces, so "Post Title" works too); other columns are ignored and missing ones
are empty. UTF-8 with or without a BOM. A bad file is rejected whole, with one line
saying why; a good one is imported in one transaction (one undo step).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from csp_tui.domain.agenda import DEFAULT_BOARD
from csp_tui.domain.models import Group, Person, error_message
from csp_tui.domain.text import csv_value
from csp_tui.services.input_files import InputFileError, read_input, shown
from csp_tui.storage.repository import Repository

COLUMNS = ["name", "post_title", "organisation", "email", "group"]

_ALIASES = {
    "name": "name", "fullname": "name", "person": "name",
    "posttitle": "post_title", "post": "post_title", "title": "post_title",
    "jobtitle": "post_title", "role": "post_title",
    "organisation": "organisation", "organization": "organisation", "org": "organisation",
    "email": "email", "emailaddress": "email", "mail": "email",
    "group": "group", "membership": "group", "type": "group",
}

_GROUPS = {
    "": Group.MEMBER, "member": Group.MEMBER, "members": Group.MEMBER,
    "adviser": Group.ADVISER, "advisers": Group.ADVISER, "advisor": Group.ADVISER,
    "advisors": Group.ADVISER, "nonmember": Group.ADVISER,
    "noncounciladviser": Group.ADVISER, "counciladviser": Group.ADVISER,
    "observer": Group.OBSERVER, "observers": Group.OBSERVER,
    "counciladvisersandobservers": Group.OBSERVER,
}


class RosterError(ValueError):
    """A roster file that cannot be imported; the message is one line for the user."""


@dataclass
class ImportResult:
    """What an import did: names added and names whose details changed."""

    added: list[str]
    updated: list[str]
    unchanged: list[str]

    def summary(self) -> str:
        return (f"{len(self.added)} added, {len(self.updated)} updated, "
                f"{len(self.unchanged)} unchanged")


def _norm(header: str) -> str:
    return re.sub(r"[^a-z]", "", header.lower())


def read_roster(data: bytes, source: str = "the file") -> list[Person]:
    """Parse roster CSV bytes into people (without ids); RosterError if anything is
    wrong, naming the line."""
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise RosterError(f"{source} is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise RosterError(f"{source} is UTF-16 text; save it as 'CSV UTF-8' and try again")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise RosterError(f"{source} is not UTF-8 text (line {line}); save it as "
                          "'CSV UTF-8' and try again") from None
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, ",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = next(reader)
    except StopIteration:
        raise RosterError(f"{source} is empty") from None
    except csv.Error as exc:  # a header cell over the field limit
        raise RosterError(f"{source} is not valid CSV: {exc}") from None
    fields = [_ALIASES.get(_norm(h), "") for h in header]
    if "name" not in fields:
        raise RosterError(f"{source} has no 'name' column (the first line should be: "
                          f"{','.join(COLUMNS)})")
    people: list[Person] = []
    seen: dict[str, int] = {}
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise RosterError(f"{source} is not valid CSV: {exc}") from None
    for offset, row in enumerate(rows):
        line = offset + 2
        if not any(c.strip() for c in row):
            continue
        rec: dict[str, str] = {}
        for col, value in zip(fields, row, strict=False):
            if col and col not in rec:
                rec[col] = csv_value(" ".join(value.split()))
        name = rec.get("name", "")
        if not name:
            raise RosterError(f"{source} line {line}: the name is empty")
        key = name.casefold()
        if key in seen:
            raise RosterError(f"{source} line {line}: {name!r} is already on line "
                              f"{seen[key]} (names must be unique)")
        seen[key] = line
        group_text = _norm(rec.get("group", ""))
        if group_text not in _GROUPS:
            raise RosterError(f"{source} line {line}: group {rec.get('group')!r} is not "
                              "member, adviser or observer")
        try:
            people.append(Person(name=name, post_title=rec.get("post_title", ""),
                                 organisation=rec.get("organisation", ""),
                                 email=rec.get("email", ""), group=_GROUPS[group_text]))
        except ValueError as exc:
            raise RosterError(f"{source} line {line}: {error_message(exc)}") from None
    if not people:
        raise RosterError(f"{source} has a header but no people")
    return people


def read_roster_file(path: Path | str) -> list[Person]:
    """The people of the roster CSV at ``path``, read and checked without touching any
    database; RosterError (one line) for a file that is not a roster, a folder, FIFO or
    device (refused before it is opened) or a file too big for one."""
    try:
        data = read_input(path, what="roster file")
    except InputFileError as exc:
        raise RosterError(str(exc)) from None
    return read_roster(data, shown(path))


def import_roster(repo: Repository, path: Path | str,
                  board_name: str = DEFAULT_BOARD) -> ImportResult:
    """Import a roster file into ``board_name``'s roster in one transaction.

    People already on the roster (same name, any case) get the file's details where
    the file gives them; nobody is removed.
    """
    return import_people(repo, read_roster_file(path), board_name, source=path)


def import_people(repo: Repository, people: list[Person],
                  board_name: str = DEFAULT_BOARD, *,
                  source: Path | str = "a file") -> ImportResult:
    """Add ``people`` (read by :func:`read_roster_file`) to ``board_name``'s roster in
    one transaction; see :func:`import_roster`."""
    board = repo.meetings.board(board_name)
    assert board.id is not None
    result = ImportResult([], [], [])
    with repo.transaction(f"import the roster from {Path(source).name}"):
        for person in people:
            existing = repo.people.find_person(board.id, person.name)
            if existing is None:
                repo.people.add_person(person.model_copy(update={"board_id": board.id}))
                result.added.append(person.name)
                continue
            changes = {k: getattr(person, k) for k in ("post_title", "organisation", "email")
                       if getattr(person, k)}
            changes["group"] = person.group
            updated = existing.model_copy(update=changes)
            if updated != existing:
                repo.people.update_person(updated)
                result.updated.append(person.name)
            else:
                result.unchanged.append(person.name)
    return result
