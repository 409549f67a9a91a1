"""A generated board for the agenda pack's tests: a previous meeting (minutes to go
under Minutes and Action Log, a forward plan) and the meeting being prepared, whose
agenda has five items with papers, item 7 restricted; a roster of four, in an order
that is not alphabetical."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from csp_tui.domain.models import AgendaItem, Entry, ForwardPlanItem, Group, Meeting, Person
from csp_tui.storage.repository import Repository
from tests.papers_gen import docx_paper, odt_paper, pdf_paper

#: The prepared meeting's items: (title, presenter, minutes, restricted).
ITEMS = [("Introductions and Apologies for Absence", "Chair", 5, False),
         ("Declaration of Interests", "Chair", 2, False),
         ("Minutes and Action Log", "Chair", 10, False),
         ("Fire Safety Review", "Stephen Norman", 30, False),
         ("Policing Update", "Jane Scotchbrook", 30, False),
         ("Sub-group Plans", "Tim Barfoot", 20, False),
         ("Gang Exploitation Casework", "Rita Chadha", 15, True),
         ("Performance Report", "Daniel James", 15, False),
         ("Hate Crime Update", "Greg Tillett", 10, False),
         ("Forward Plan", "Chair", 5, False),
         ("Any Other Business", "All", 5, False),
         ("Date of Next Meeting", "", 2, False)]

#: The papers: item number -> (maker, file name, title in the text, pages).
PAPERS = {"4": (docx_paper, "fire.docx", "Fire safety findings", 3),
          "5": (pdf_paper, "policing.pdf", "Policing figures", 2),
          "6": (odt_paper, "subgroups.odt", "Sub-group plan", 2),
          "7": (pdf_paper, "casework.pdf", "CONFIDENTIAL casework names", 2),
          "8": (docx_paper, "performance.docx", "Performance dashboard", 1)}

ROSTER = [("Zoe Chair", "Deputy Chief Executive", "LBBD", Group.MEMBER),
          ("Adam Police", "Borough Commander", "Metropolitan Police Service", Group.MEMBER),
          ("Mary Health", "Director of Public Health", "LBBD", Group.MEMBER),
          ("Bob Adviser", "MOPAC Link Officer", "MOPAC", Group.ADVISER)]


def make_board(repo: Repository, folder: Path, *, attach: bool = True) -> int:
    """The board; returns the prepared meeting's id. Papers are made in ``folder``."""
    from csp_tui.services.papers import attach_file

    prev = repo.meetings.create_meeting(Meeting(date=dt.date(2017, 6, 12), start=dt.time(10),
                                                end=dt.time(13), venue="Conference Room"))
    assert prev.id is not None
    first = repo.meetings.items(prev.id)[0]
    assert first.id is not None
    repo.minutes.add_entry(Entry(item_id=first.id, text="The Chair welcomed the attendees."))
    repo.meetings.add_forward(ForwardPlanItem(meeting_id=prev.id, title="Knife crime strategy",
                                              presenter="Matthew Cole", when="December board"))
    board_id = prev.board_id
    for name, post, org, group in ROSTER:
        repo.people.add_person(Person(board_id=board_id, name=name, post_title=post,
                                      organisation=org, group=group))
    m = repo.meetings.create_meeting(
        Meeting(date=dt.date(2017, 9, 12), start=dt.time(14), end=dt.time(17),
                venue="Conference Room 1, Barking Learning Centre"),
        [(AgendaItem(title=t, presenter=p, minutes=n, restricted=r), [])
         for t, p, n, r in ITEMS])
    assert m.id is not None
    if attach:
        items = {i.number: i for i in repo.meetings.items(m.id)}
        for number, (make, name, title, pages) in PAPERS.items():
            path = make(folder / name, title, pages)
            item_id = items[number].id
            assert item_id is not None
            attach_file(repo, item_id, path, title=title)
    return m.id
