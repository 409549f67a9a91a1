"""Reminder e-mails as drafts (issue 24): one ``.eml`` an owner, which Outlook and
Thunderbird open ready to send (``X-Unsent: 1``); nothing is ever sent from csp.

Each draft has a plain-text and an HTML alternative listing the owner's actions (the
meeting that raised it, the item, the due date, the status, its id and version) and the
reply sheet as a CSV attachment, so that the owner's answers come back in the layout
``csp actions updates`` reads. Built with the standard library's ``email`` package.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from pathlib import Path

from csp_tui.domain.text import drop_controls, one_line
from csp_tui.exporters.files import atomic_write
from csp_tui.services.action_replies import reply_csv
from csp_tui.services.chasing import ChaseAction, Owner, slug

#: What a draft with restricted actions says in its subject and first line.
CONFIDENTIAL = "CONFIDENTIAL"
#: The reply sheet's file name inside each draft.
SHEET_NAME = "action-updates.csv"


class BadAddress(ValueError):
    """A name or address that cannot go in a header (a line break, a control character,
    not an address at all): one line for the user."""


def address(name: str, email: str) -> Address:
    """``name <email>`` as a header address; BadAddress when either could break the
    header (a line break is how a second header, or a Bcc, would be smuggled in)."""
    for text, what in ((name, "name"), (email, "address")):
        if not text.isprintable():
            raise BadAddress(f"the {what} {one_line(text)!r} has a line break or a "
                             "control character")
    if email.count("@") != 1 or " " in email.strip() or email.strip().startswith("@") \
            or email.strip().endswith("@"):
        raise BadAddress(f"{one_line(email)!r} is not an e-mail address")
    try:
        return Address(display_name=name.strip(), addr_spec=email.strip())
    except (ValueError, IndexError) as exc:
        raise BadAddress(f"{one_line(email)!r} is not an e-mail address ({exc})") from None


def parse_sender(text: str) -> Address:
    """``--from``: "Jade Hodgson <jade@council.gov.uk>" or a bare address."""
    if not text.isprintable():
        raise BadAddress(f"{one_line(text)!r} has a line break or a control character")
    name, addr = parseaddr(text)
    return address(name, addr or text)


def _day(text: str) -> str:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return text or "-"
    return f"{day.day} {day:%B %Y}"


def subject(owner: Owner, next_meeting: dt.date | None, confidential: bool) -> str:
    """"CONFIDENTIAL: Community Safety Partnership: your actions before the meeting
    of 4 March 2027"."""
    when = f"before the meeting of {_day(next_meeting.isoformat())}" if next_meeting \
        else "for the next meeting"
    text = f"{drop_controls(owner.board)}: your actions {when}"
    return f"{CONFIDENTIAL}: {text}" if confidential else text


def _lines(a: ChaseAction, today: dt.date) -> list[tuple[str, str]]:
    """An action's lines in a draft (label, text), its text without control
    characters (an escape code typed into a task acts on whoever's terminal shows it)."""
    late = a.due_day is not None and a.due_day < today
    lines = [("Action", a.task), ("Raised", _day(a.meeting_date) + (
        f", item {a.item}" if a.item else "")),
             ("Due", _day(a.due) + (" (overdue)" if late else "")),
             ("Status", a.status + (f", RAG {a.rag}" if a.rag else "")),
             ("Reference", f"action {a.id}, version {a.version}")]
    return [(label, drop_controls(text)) for label, text in lines]


INSTRUCTIONS = (
    "To update an action, fill in the attached sheet ({sheet}): for each action its "
    "status (open, in progress, completed or dropped), RAG (R, A or G), a new due date "
    "if it has moved, and a note of progress. Keep the id and version columns as they "
    "are, and send the sheet back by replying to this e-mail.")


def build_message(owner: Owner, *, sender: Address | None, next_meeting: dt.date | None,
                  full: bool, today: dt.date) -> EmailMessage:
    """The draft for ``owner`` (BadAddress if the owner's name or address is unsafe;
    an owner without an address gets a draft with no ``To``)."""
    confidential = full and any(a.restricted for a in owner.actions)
    msg = EmailMessage()
    msg["Subject"] = subject(owner, next_meeting, confidential)
    if owner.email.strip():
        msg["To"] = address(owner.name, owner.email)
    elif not owner.name.isprintable():
        raise BadAddress(f"the name {one_line(owner.name)!r} has a line break or a "
                         "control character")
    if sender is not None:
        msg["From"] = sender
    msg["Date"] = formatdate(localtime=True)
    # Outlook opens an .eml with this header as a draft with a Send button.
    msg["X-Unsent"] = "1"
    if confidential:
        msg["Sensitivity"] = "Company-Confidential"
    greeting = f"Dear {drop_controls(owner.name)},"
    board = drop_controls(owner.board)
    when = (f"the next meeting of the {board} on {_day(next_meeting.isoformat())}"
            if next_meeting else f"the next meeting of the {board}")
    intro = f"Ahead of {when}, these are the actions in your name:"
    text = [f"{CONFIDENTIAL}: this e-mail lists restricted actions. Do not forward it.",
            ""] if confidential else []
    text += [greeting, "", intro, ""]
    body = []
    for n, a in enumerate(owner.actions, 1):
        lines = _lines(a, today)
        text.append(f"{n}. {lines[0][1]}")
        text += [f"   {label}: {value}" for label, value in lines[1:]]
        text.append("")
        cells = "".join(f"<tr><th scope=\"row\">{html.escape(label)}</th>"
                        f"<td>{html.escape(value)}</td></tr>" for label, value in lines)
        body.append(f"<h2>{n}. {html.escape(lines[0][1])}</h2><table>{cells}</table>")
    instructions = INSTRUCTIONS.format(sheet=SHEET_NAME)
    sign = sender.display_name if sender is not None and sender.display_name else ""
    text += [instructions, "", "Thank you,", *([sign] if sign else [])]
    msg.set_content("\n".join(text) + "\n")
    mark = (f"<p><strong>{CONFIDENTIAL}: this e-mail lists restricted actions. Do not "
            "forward it.</strong></p>") if confidential else ""
    page = (f"<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(msg['Subject'])}</title></head><body>{mark}"
            f"<p>{html.escape(greeting)}</p><p>{html.escape(intro)}</p>{''.join(body)}"
            f"<p>{html.escape(instructions)}</p><p>Thank you,"
            + (f"<br>{html.escape(sign)}" if sign else "") + "</p></body></html>")
    msg.add_alternative(page, subtype="html")
    # The byte order mark: Excel reads the sheet as UTF-8 only with it.
    msg.add_attachment("\ufeff" + reply_csv(owner.actions, full=full), subtype="csv",
                       charset="utf-8", filename=SHEET_NAME)
    return msg


def write_message(msg: EmailMessage, path: Path, *, sync_folder: bool = True) -> Path:
    """Write a draft atomically, readable by its owner only: it holds names, addresses
    and perhaps restricted text (``sync_folder``: see
    :func:`~csp_tui.exporters.files.atomic_write`)."""
    data = msg.as_bytes()
    return atomic_write(path, lambda tmp: tmp.write_bytes(data), private=True,
                        sync_folder=sync_folder)


def file_stems(owners: Sequence[Owner]) -> list[str]:
    """A file name's stem for each owner, unique within the run: the name, the board
    first when there are several boards, the roster id when two names meet."""
    boards = {o.board_id for o in owners}
    stems = [(slug(o.board) + "-" if len(boards) > 1 else "") + slug(o.name)
             for o in owners]
    counts: dict[str, int] = {}
    for s in stems:
        counts[s] = counts.get(s, 0) + 1
    return [f"{s}-{o.person_id if o.person_id is not None else n}" if counts[s] > 1 else s
            for n, (s, o) in enumerate(zip(stems, owners, strict=True))]
