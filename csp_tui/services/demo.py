"""A realistic demo board: the previous meeting (closed) and a live one near its end.

Names and item titles follow the council's published minutes; the prose is our own.
Times are taken from the repository's clock, so a frozen clock gives a fixed demo.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from csp_tui.domain.action_line import read_due
from csp_tui.domain.agenda import DEFAULT_BOARD as BOARD
from csp_tui.domain.agenda import StandardItem, item_kind
from csp_tui.domain.models import (
    Action,
    ActionStatus,
    AgendaItem,
    AttendanceStatus,
    Entry,
    EntryKind,
    ForwardPlanItem,
    Group,
    Meeting,
    MeetingState,
    NextMeeting,
    Person,
    Rag,
    Role,
)
from csp_tui.domain.names import person_ids, resolve_names
from csp_tui.domain.text import path_for_display
from csp_tui.storage.connection import StorageError, check_file, connect
from csp_tui.storage.repository import Repository

LBBD = "London Borough of Barking and Dagenham"
MPS = "Metropolitan Police Service"

#: name, post title, organisation, group
ROSTER: list[tuple[str, str, str, Group]] = [
    ("Andy Opie", "Director of Enforcement", LBBD, Group.MEMBER),
    ("Angie Fuller", "YOS Manager", LBBD, Group.MEMBER),
    ("Antony Rose", "Head of Service", "National Probation Service", Group.MEMBER),
    ("April Bald", "Operational Director, Children's Care and Support", LBBD, Group.MEMBER),
    ("Brian Parrott", "Station Commander", "London Fire Brigade", Group.MEMBER),
    ("Councillor Carpenter", "Cabinet Member for Educational Attainment", LBBD, Group.MEMBER),
    ("Councillor Mullane", "Cabinet Member for Enforcement and Community Safety", LBBD,
     Group.MEMBER),
    ("Councillor Worby", "Cabinet Member for Social Care and Health Integration", LBBD,
     Group.MEMBER),
    ("Daniel James", "Performance Lead", LBBD, Group.MEMBER),
    ("Fiona Taylor", "Deputy Chair", LBBD, Group.MEMBER),
    ("Hazel North-Stephens", "Service Manager", "Refuge", Group.MEMBER),
    ("Helen Davie", "Head of Safeguarding", "NELFT", Group.MEMBER),
    ("Ioannis Mathioudakis", "Senior Probation Officer", "Community Rehabilitation Company",
     Group.MEMBER),
    ("Jade Hodgson", "Community Safety Policy Officer", LBBD, Group.ADVISER),
    ("Jennie Coombes", "Head of Community Safety", LBBD, Group.MEMBER),
    ("Jonathan Woodhams", "Detective Superintendent", MPS, Group.MEMBER),
    ("Kevin Makambe", "Chief Executive", "Barking and Dagenham CVS", Group.MEMBER),
    ("Kit Weller", "Commissioning Manager", "NHS North East London", Group.MEMBER),
    ("Laurence Piemonte", "Housing Strategy Manager", LBBD, Group.MEMBER),
    ("Lucy Satchell-Day", "Head of Public Health Commissioning", LBBD, Group.MEMBER),
    ("Mark Long", "Deputy BCU Commander", MPS, Group.MEMBER),
    ("Matthew Cole", "Director of Public Health", LBBD, Group.MEMBER),
    ("Melody Williams", "Designated Nurse", "NHS", Group.MEMBER),
    ("Narinder Dail", "Borough Commander", "London Fire Brigade", Group.MEMBER),
    ("Nathan Singleton", "Chief Executive", "Lifeline Projects", Group.MEMBER),
    ("Pip Salvador-Jones", "Head of Operations", "Victim Support", Group.MEMBER),
    ("Sonia Drozd", "Domestic Abuse Commissioning Manager", LBBD, Group.MEMBER),
    ("Stephen Clayman", "BCU Commander", MPS, Group.MEMBER),
    ("Stephen Thompson", "Chair", "Barking and Dagenham Community Police Engagement Group",
     Group.MEMBER),
    ("Chris Lyons", "Prevent Coordinator", LBBD, Group.ADVISER),
    ("Florence Henry", "Community Safety Analyst", LBBD, Group.ADVISER),
    ("Ifthahar Ahmed", "Youth Engagement Lead", "Street Space", Group.OBSERVER),
    ("Phillippa Bannister", "Project Designer", "Street Space", Group.OBSERVER),
    ("Sophie Hardcastle", "Researcher", "Street Space", Group.OBSERVER),
    ("Thomas Llewyn-Jones", "Policy Adviser", "MOPAC", Group.OBSERVER),
]

PRESENT = ["Andy Opie", "Angie Fuller", "April Bald", "Brian Parrott", "Councillor Carpenter",
           "Councillor Mullane", "Councillor Worby", "Hazel North-Stephens",
           "Ioannis Mathioudakis", "Jade Hodgson", "Jennie Coombes", "Jonathan Woodhams",
           "Laurence Piemonte", "Mark Long", "Nathan Singleton", "Sonia Drozd",
           "Stephen Clayman", "Stephen Thompson"]
ATTENDEES = ["Chris Lyons", "Florence Henry", "Ifthahar Ahmed", "Phillippa Bannister",
             "Sophie Hardcastle", "Thomas Llewyn-Jones"]
APOLOGIES = ["Antony Rose", "Daniel James", "Fiona Taylor", "Helen Davie", "Kevin Makambe",
             "Kit Weller", "Lucy Satchell-Day", "Narinder Dail", "Matthew Cole",
             "Melody Williams", "Pip Salvador-Jones"]

P, B, N, D, H = (EntryKind.PARAGRAPH, EntryKind.BULLET, EntryKind.NUMBERED,
                 EntryKind.DECISION, EntryKind.HEADING)

#: (title, presenter, minutes, restricted, public summary, sub-items, minutes content)
#: Content lines are (kind, text) or ("action", owner, task, due).
AGENDA: list[tuple] = [
    ("Introductions and Apologies for Absence", "Chair", 5, False, "", [], [
        (P, "Stephen Clayman welcomed members to the board, introductions were made and "
            "apologies were noted."),
        ("action", "CRC, MOPAC, NPS and NELFT", "sign and return the revised Information "
         "Sharing Agreement", "ASAP"),
    ]),
    ("Declaration of Interests", "Chair", 2, False, "", [], [
        (EntryKind.DECLARATION, "Councillor Worby: trustee of a local women's refuge charity "
                                "(item 5)."),
    ]),
    ("Minutes and Action Log", "Chair", 5, False, "", [], [
        (P, "The minutes of the previous meeting were agreed as an accurate record."),
    ]),
    ("Street Space Pilot", "Street Space", 15, False, "", [], [
        (P, "Street Space presented the findings of the station pilot, which asked residents, "
            "traders and commuters how safe the station forecourt feels and tested a sound "
            "installation with them over two weeks."),
        (B, "Most respondents said they felt unsafe on the forecourt after dark."),
        (B, "Poor lighting, litter and fast traffic were the reasons given most often."),
        (B, "After the installation, two in three participants said the space felt calmer."),
        (P, "Recommendations:"),
        (N, "Programme regular live music and performance on the forecourt."),
        (N, "Work with local businesses to add planting and colour."),
        (N, "Extend active bystander training to station staff and traders."),
        (D, "The board accepted the recommendations."),
        ("action", "Jennie Coombes", "report back on funding options for the recommendations",
         "next board"),
    ]),
    ("Domestic Abuse Commission Update", "Councillor Worby", 15, False, "", [], [
        (P, "Councillor Worby summarised the commission's final report, written with survivors, "
            "and asked every partner to share it through their own organisation."),
        (P, "The report goes to Cabinet in April; a borough-wide campaign follows in the "
            "summer."),
        ("action", "All partners", "circulate the commission report and survivors' film "
         "within their organisations", "+30d"),
    ]),
    ("MARAC Effectiveness and Development", "Hazel North-Stephens", 15, False, "", [], [
        (P, "Hazel North-Stephens presented the review of the MARAC, which drew on case files, "
            "advocates' feedback and conversations with survivors."),
        (B, "Weekly meetings since the first lockdown have shortened the time to a plan."),
        (B, "Referral rates still vary widely between services."),
        (B, "Survivors with several needs are the least well served."),
        (D, "The board agreed to receive an annual MARAC report."),
        ("action", "Hazel North-Stephens", "bring the first annual MARAC report to the board",
         "+182d"),
    ]),
    ("Contextual Safeguarding and Child Exploitation Update", "April Bald", 15, False, "", [], [
        (P, "April Bald described the new exploitation panel and the mapping of places where "
            "young people report feeling unsafe."),
        ("action", "Mark Long and April Bald", "share the location mapping with the "
         "Safer Neighbourhood Board", "+61d"),
    ]),
    ("Resettlement of Young People Coming Out of Secure Estates - A Partnership Response",
     "Angie Fuller", 15, False, "", [], [
        (P, "Angie Fuller set out the plan to give every young person leaving custody a "
            "settled address and a named worker before release."),
        (P, "Housing colleagues offered two flats a year for the scheme."),
    ]),
    ("PSPO Update", "Andy Opie", 10, False, "", [], [
        (P, "Andy Opie reported that the borough-wide order was renewed and that fixed penalty "
            "notices have fallen since the winter."),
        (P, "The board noted the update."),
    ]),
    ("Partnership Delivery to VRU Serious Violence Plan", "Andy Opie", 15, True,
     "The board received an update on the serious violence plan.", [
        ("MPS Update on Operational Wordwell", "Stephen Clayman", None, True, "", [], [
            (P, "Operational detail of three named investigations was discussed."),
            ("action", "Stephen Clayman", "brief the chair privately on the two open "
             "investigations", "ASAP"),
        ]),
    ], [
        (P, "Partners discussed the hotspot locations named in the plan and the funding bid "
            "for the youth outreach team."),
        (D, "The board agreed to back the outreach bid in confidence."),
    ]),
    ("Prevent Update", "Chris Lyons", 10, True, "", [], [
        (P, "Chris Lyons gave the quarter's referral figures by ward and school."),
        ("action", "Chris Lyons", "send the referral breakdown to the Prevent board only",
         "+16d"),
    ]),
    ("DVHR Update", "Sonia Drozd", 10, True, "", [], [
        (P, "The board heard the emerging findings of the domestic homicide review of case "
            "DHR-07."),
        ("action", "Sonia Drozd", "share the draft DHR-07 report with the panel", "+44d"),
    ]),
    ("Forward Plan", "Chair", 5, False, "", [], [
        (P, "The forward plan was agreed, with two items added for the June board."),
    ]),
    ("AOB", "All", 15, False, "", [
        ("Performance Report", "Daniel James", None, False, "", [], []),
        ("Contextual Safeguarding and YOS Board", "April Bald", None, False, "", [], [
            (P, "The YOS board's inspection action plan is on track."),
        ]),
        ("Hate, Intolerance and Extremism Sub-Group", "", None, False, "", [], [
            (P, "The sub-group will meet again in May."),
        ]),
        ("Reducing Re-offending Sub-Group", "", None, False, "", [], [
            (P, "The sub-group's terms of reference were refreshed."),
        ]),
        ("Violence Against Women and Girls", "", None, False, "", [], [
            (P, "A new VAWG strategy group chair is being recruited."),
        ]),
        ("IVOLT", "", None, False, "", [], [
            (P, "The integrated offender team has moved to the new probation model."),
        ]),
        ("Safer Neighbourhood Board Update", "Stephen Thompson", None, False, "", [], [
            (P, "Stephen Thompson reported that the ward panels have met online throughout."),
        ]),
        ("Safeguarding Boards", "", None, False, "", [], []),
    ], []),
    ("Date of Next Meeting", "Chair", 2, False, "", [], []),
]

PREVIOUS_ACTIONS: list[tuple[str, str, str, ActionStatus, Rag | None]] = [
    ("Jade Hodgson", "circulate the updated terms of reference to all members", "+37d",
     ActionStatus.COMPLETED, Rag.GREEN),
    ("Board chairs", "agree a joint protocol for cross-board referrals", "+82d",
     ActionStatus.COMPLETED, Rag.GREEN),
    ("Jonathan Woodhams and Chris Lyons", "review the Prevent referral pathway with schools",
     "+112d", ActionStatus.IN_PROGRESS, Rag.AMBER),
    ("Antony Rose", "report on the reunification of NPS and CRC", "next board",
     ActionStatus.OPEN, Rag.AMBER),
    ("MPS", "provide ward-level knife crime data for the strategic assessment", "+79d",
     ActionStatus.OPEN, Rag.RED),
    ("Matthew Cole", "present the public health approach to violence reduction", "ASAP",
     ActionStatus.OPEN, None),
]


def build_demo(repo: Repository) -> int:
    """Write the demo board into ``repo``; returns the live meeting's id."""
    board = repo.meetings.board(BOARD)
    assert board.id is not None
    people = {name: repo.people.add_person(Person(board_id=board.id, name=name, post_title=title,
                                                  organisation=org, group=group))
              for name, title, org, group in ROSTER}
    now = repo.clock()
    local_now = now.astimezone()
    day = local_now.date()
    _previous_meeting(repo, day - dt.timedelta(days=112), people)

    durations = [_spent(minutes) for _, _, minutes, *_ in AGENDA[:13]]
    started = now - dt.timedelta(minutes=sum(durations) + 4)
    start_local = started.astimezone()
    start = dt.time(start_local.hour, start_local.minute - start_local.minute % 5)
    end = dt.time((start.hour + 3) % 24, start.minute)
    meeting = repo.meetings.create_meeting(
        Meeting(board_name=BOARD, date=day, start=start, end=end if end > start else None,
                venue="MS Teams", chair="Stephen Clayman", note_taker="Jade Hodgson",
                next_meeting=NextMeeting(date=day + dt.timedelta(days=91),
                                         start=dt.time(10), end=dt.time(13), venue="MS Teams",
                                         chair="Councillor Mullane")),
        [(_item(t, p, m, r, s), [_item(*sub[:5]) for sub in subs])
         for t, p, m, r, s, subs, _ in AGENDA])
    mid = meeting.id
    assert mid is not None
    _attendance(repo, mid, people)

    items = repo.meetings.items(mid)
    tops = [i for i in items if i.parent_id is None]
    clock, real_clock = started, repo.clock
    try:
        for n, (spec, item) in enumerate(zip(AGENDA, tops, strict=True)):
            if n >= 14:
                break
            repo.clock = lambda c=clock: c  # type: ignore[misc]
            assert item.id is not None
            repo.meetings.set_current(mid, item.id)
            _content(repo, mid, item.id, spec[6], people, day)
            subs = [i for i in items if i.parent_id == item.id]
            for sub_spec, sub in zip(spec[5], subs, strict=True):
                assert sub.id is not None
                _content(repo, mid, sub.id, sub_spec[6], people, day)
            if n < 13:
                clock += dt.timedelta(minutes=durations[n])
    finally:
        repo.clock = real_clock
    performance = next(i for i in items if i.title == "Performance Report")
    assert performance.id is not None
    repo.meetings.defer_item(performance.id,
                             "Item deferred to the June board as the presenter sent "
                                    "apologies.")
    for title, presenter in [("Serious Violence Duty readiness", "Mark Long"),
                             ("Community Safety Plan refresh", "Jennie Coombes")]:
        repo.meetings.add_forward(ForwardPlanItem(meeting_id=mid, title=title, presenter=presenter,
                                                  when="June board"))
    repo.minutes.add_phrase("The board thanked the presenter for the update.")
    repo.meetings.save_draft(mid, "Councillor Mullane asked that the ward panel dates are")
    return mid


def _spent(minutes: int) -> int:
    """Minutes an item took: a little over or under its allowance, as boards do."""
    return max(1, minutes + (minutes * 7) % 5 - 2)


def _item(title: str, presenter: str, minutes: int | None, restricted: bool,
          summary: str) -> AgendaItem:
    return AgendaItem(title=title, presenter=presenter, minutes=minutes, restricted=restricted,
                      public_summary=summary)


def _attendance(repo: Repository, mid: int, people: dict[str, Person]) -> None:
    for names, status in [(PRESENT, AttendanceStatus.PRESENT),
                          (ATTENDEES, AttendanceStatus.ATTENDEE),
                          (APOLOGIES, AttendanceStatus.APOLOGIES)]:
        for name in names:
            pid = people[name].id
            assert pid is not None
            role = {"Stephen Clayman": Role.CHAIR, "Jade Hodgson": Role.NOTE_TAKER}.get(name)
            repo.people.set_attendance(mid, pid, status=status, role=role)
    late = people["Ioannis Mathioudakis"].id
    assert late is not None
    repo.people.set_attendance(mid, late, arrived=dt.time(10, 9), left=dt.time(11, 15))


def _relative(due: str, day: dt.date) -> dt.date | None:
    """"+30d" -> 30 days after ``day``: the demo's due dates move with its date."""
    if due.startswith("+") and due.endswith("d"):
        return day + dt.timedelta(days=int(due[1:-1]))
    return None


def _owner_ids(owner: str, people: dict[str, Person]) -> list[int]:
    return person_ids(resolve_names(owner, list(people.values())))


def _content(repo: Repository, mid: int, item_id: int, lines: list[tuple],
             people: dict[str, Person], day: dt.date) -> None:
    for line in lines:
        if line[0] == "action":
            _, owner, task, due = line
            parsed = _relative(due, day)
            repo.minutes.add_action(Action(meeting_id=mid, item_id=item_id, owner=owner, task=task,
                                           due=parsed.isoformat() if parsed
                                           else read_due(due, day),
                                           owner_ids=_owner_ids(owner, people)))
        else:
            repo.minutes.add_entry(Entry(item_id=item_id, kind=line[0], text=line[1]))


def _previous_meeting(repo: Repository, day: dt.date, people: dict[str, Person]) -> None:
    meeting = repo.meetings.create_meeting(Meeting(
        board_name=BOARD, date=day, start=dt.time(10), end=dt.time(13), venue="MS Teams",
        chair="Stephen Clayman", note_taker="Jade Hodgson", state=MeetingState.CLOSED))
    mid = meeting.id
    assert mid is not None
    log = next(i for i in repo.meetings.items(mid)
               if item_kind(i.title, i.parent_id) is StandardItem.ACTION_LOG)
    repo.minutes.add_entry(Entry(item_id=log.id or 0,
                                 text="The minutes of the previous meeting were agreed."))
    created = repo.clock() - dt.timedelta(days=112)
    for owner, task, due, status, rag in PREVIOUS_ACTIONS:
        when = _relative(due, day)
        action = repo.minutes.add_action(
            Action(meeting_id=mid, item_id=log.id, owner=owner, task=task,
                   due=when.isoformat() if when
                   else read_due(due, day), rag=rag,
                   created=created,
                   owner_ids=_owner_ids(owner, people)))
        assert action.id is not None
        if status is ActionStatus.COMPLETED:
            repo.minutes.complete_action(action.id, note="Done before this board.")
        elif status is ActionStatus.IN_PROGRESS:
            repo.minutes.update_action(action.id, status=status,
                                       note="Meeting with schools booked.")


#: A table only demo databases have: ``csp demo`` resets a file only if it holds one.
#: A table, not ``user_version`` (the schema's own) nor the application id (every csp
#: file's), so that no migration ever has to know about it.
DEMO_MARK = "csp_demo"


def is_demo(path: Path) -> bool:
    """Whether ``path`` is a csp database that ``csp demo`` wrote (read-only look)."""
    check_file(path)  # not a csp file at all: refused with its own message
    conn = connect(path, readonly=True)
    try:
        return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                            (DEMO_MARK,)).fetchone() is not None
    finally:
        conn.close()


def write_demo(path: Path | str) -> int:
    """Create (or reset) the demo database at ``path``; returns the live meeting's id.

    Only a path that does not exist (or an empty file) or that holds an earlier demo
    is written: real minutes are never deleted (StorageError, one line, instead).
    """
    path = Path(path).expanduser()
    if path.exists() and (not path.is_file() or path.stat().st_size) and not is_demo(path):
        raise StorageError(
            f"{path_for_display(path)} holds minutes, not a demo: csp demo never "
            "overwrites them (give --db a new file)")
    for suffix in ("", "-wal", "-shm"):
        target = Path(f"{path}{suffix}")
        if target.exists():
            target.unlink()
    with Repository.open(path) as repo:
        # The table is the mark (one autocommitted statement; nothing journals it).
        repo.conn.execute(f"CREATE TABLE {DEMO_MARK} (made TEXT)")
        return build_demo(repo)
