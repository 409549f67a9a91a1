"""The meeting ``bench_replay.py`` types: a Community Safety Partnership board on the
31 March 2021 agenda (tests/fixtures/agenda-2021-03-31.txt), 70 lines of every kind a
note taker enters: attendance, paragraphs of 150-600 characters, bullets, numbered
points, actions, decisions, moves between items (``/next``, ``/goto``, back to a
skipped item, into sub-items), a deferral.

Written for the replay, not taken from real minutes. Rules the replay relies on (it
checks them): no line's text is found inside another's (so a line glued into another
is told apart from a line that merely shares words), no ``;`` (tmux reads a lone ``;``
as a command separator when keys are sent one at a time), each item is taken up at
most once (so each move is seen as one timing row of the item it went to), and an
action's task has no " by " but the one before its due.
"""

from __future__ import annotations

MEETING: tuple[str, ...] = (
    "/present Stephen Clayman, Jade Hodgson, Andy Opie, April Bald and Councillor Worby",
    "The Chair welcomed members to the meeting of the Community Safety Partnership board, "
    "held on MS Teams, and asked partners to introduce themselves. Apologies were noted "
    "from colleagues in health and probation, who will send written updates to the "
    "secretariat ahead of the next board.",
    "/present Hazel North-Stephens, Angie Fuller, Daniel James and Sonia Drozd",
    "- Apologies were received from Matthew Cole and Melody Williams.",
    "/next",
    "Members were reminded that any interest in an item on the agenda should be declared "
    "at the start of that item. No declarations of interest were made by the members or "
    "advisers present at the meeting.",
    "/next",
    "The board went through the minutes of the previous meeting page by page. Jade Hodgson "
    "reported that eleven of the fourteen open actions had been completed and that the "
    "remaining three were on the agenda for today or carried to the June board.",
    "/agreed The minutes of the December 2020 board were agreed as a correct record.",
    "- The action on the CCTV review was closed, the review having come to the last board.",
    "/a Jade Hodgson to update the action log and send it out with the draft minutes "
    "by 14 April",
    "/next",
    "Street Space gave an overview of the detached youth work pilot, which started in "
    "October in Barking town centre and around Abbey ward. Workers meet young people where "
    "they gather rather than asking them to come to a building, and the team has built "
    "trust with groups that services had not reached before. The presenter described two "
    "cases where young people at risk of exploitation were supported into education and "
    "training, and asked partners to think about how their own staff could work alongside "
    "the detached team in the evenings.",
    "- Street Space has engaged with over 300 young people in the borough since October.",
    "- Detached youth work now runs four evenings a week in the town centre and the ward.",
    "- Partners raised the need for a single referral route into the project.",
    "Councillor Worby thanked the team and asked how the pilot would be evaluated. The "
    "presenter said that an interim report from the university partner is expected in "
    "the summer and will look at reach, retention and onward referrals.",
    "/a April Bald to share the Street Space referral pathway with all partners by 30 April",
    "/agreed The board endorsed the Street Space pilot for a further six months.",
    "/goto 6",
    "Hazel North-Stephens presented the annual review of the Multi-Agency Risk Assessment "
    "Conference. The number of cases heard has risen steadily since the first lockdown, "
    "and the steering group has agreed a new way of listing cases so that the meeting "
    "can give more time to the highest risk victims. Housing and health have both "
    "nominated deputies so that their agencies are represented at every conference, and "
    "a new information sharing agreement has been signed by all core agencies.",
    "1. Referral numbers rose by 18 percent compared with the same quarter last year.",
    "2. Repeat referrals remain below the SafeLives recommended range.",
    "3. Attendance from housing and health partners has improved since the move online.",
    "The Chair asked whether the rise reflected more abuse or better identification. "
    "Hazel said it was likely to be both, and that the police referral rate was now in "
    "line with similar boroughs after a period of under-reporting.",
    "/a Hazel North-Stephens to present the MARAC action plan at the June board",
    "/goto 5",
    "Councillor Worby updated the board on the work of the Domestic Abuse Commission, "
    "which has now finished taking evidence. The Commission has looked at the experience "
    "of survivors across housing, the courts and children's services, and its final "
    "report will set out what the council and its partners should change. Early themes "
    "include the need for a single front door and for training of frontline staff.",
    "- The Commission has heard evidence from more than 40 survivors and frontline staff.",
    "/a Councillor Worby and Jade Hodgson to arrange a briefing for board members "
    "by the end of May",
    "/agreed The board will receive the final report of the Commission in the summer.",
    "/next",
    "April Bald presented the contextual safeguarding update. The exploitation panel now "
    "meets fortnightly and considers places and peer groups as well as individual children. "
    "Work with the British Transport Police has focused on the station and the bus "
    "interchange, where several young people were found carrying drugs for older men. The "
    "service is also reviewing how schools share concerns about children missing from "
    "lessons, as this is often the first sign that something is wrong.",
    "- Twelve young people were identified as at high risk of criminal exploitation.",
    "- The missing episodes protocol has been refreshed with children's care and support.",
    "1. Complete the mapping of peer groups linked to the Gascoigne estate.",
    "2. Strengthen information sharing between schools and the Youth Offending Service.",
    "/a April Bald to bring the exploitation profile to the next board",
    "/next",
    "/defer Item deferred to the June 2021 board as the presenter was unable to attend.",
    "Andy Opie reported on the Public Spaces Protection Order covering the town centre. "
    "The order has helped officers deal with street drinking and aggressive begging, "
    "though its use fell during the lockdown. A consultation on renewing the order for "
    "three more years is under way and residents, businesses and ward members have been "
    "invited to respond online or by post.",
    "1. The consultation on renewing the order closes at the end of April.",
    "2. Fixed penalty notices issued under the order fell over the winter months.",
    "/a Andy Opie to circulate the results of the PSPO consultation by 31 May",
    "/next",
    "Andy Opie presented the partnership's delivery plan against the Violence Reduction "
    "Unit's serious violence priorities. The plan brings the funded projects together "
    "under three headings: prevention in schools, diversion after a first arrest, and "
    "support for victims of knife crime in hospital.",
    "/next",
    "Stephen Clayman gave a restricted update on the operation targeting knife crime in "
    "the north of the borough. Partners were asked to treat the detail as confidential "
    "until the court cases have concluded.",
    "- Operation Wordwell has led to 26 arrests and the seizure of nine bladed weapons.",
    "/next",
    "The Prevent coordinator reported that referrals had returned to the levels seen "
    "before the pandemic. Most concern the extreme right wing and many involve young "
    "people who are online for long hours. Training for school staff restarts next term.",
    "/goto 14",
    "The Chair invited members to raise any other business and took the reports from the "
    "sub-groups in turn, starting with the quarterly performance report.",
    "/next",
    "Daniel James introduced the performance report for the year to February. Overall "
    "crime is lower than last year, largely because of the lockdowns, but the board should "
    "expect a rise as the economy reopens. Burglary and robbery are well down, while "
    "domestic abuse and drug offences are up, the latter reflecting more proactive "
    "policing in the town centre.",
    "1. Total notifiable offences fell by 7 percent year on year.",
    "2. Domestic abuse offences rose, in line with the London picture.",
    "/agreed The board noted the performance report and thanked the analysts.",
    "/goto 14.iii",
    "The Hate, Intolerance and Extremism Sub-Group met in February. It has started a "
    "campaign on reporting hate crime with the faith forum and will bring a draft "
    "strategy to the board later in the year.",
    "/goto 12",
    "Sonia Drozd gave a restricted update on the domestic homicide reviews in progress. "
    "Two reviews have been submitted to the Home Office and a third is waiting for the "
    "criminal trial to finish. The learning about information sharing between GPs and "
    "specialist services is being built into the training offer.",
    "/a Sonia Drozd to share the learning briefing from the latest review by 30 June",
    "/next",
    "Members were asked to send items for the forward plan to the secretariat. The plan "
    "for June already includes the Commission's report and the youth justice plan.",
    "/next",
    "April Bald reported that the Contextual Safeguarding and YOS Board now meets every "
    "two months and shares its risk register with this board. Custody numbers remain low "
    "and the YOS inspection action plan is on track.",
    "/a Angie Fuller to report on the resettlement panel at the September board",
    "/goto 15",
    "The next meeting will be held on MS Teams on 30 June 2021, from ten until one. The "
    "Chair thanked members for their time and closed the meeting at 12:50.",
)

#: How many of the lines ``--quick`` types: the first items, a move back to a skipped
#: item, bullets, points, actions and decisions, but not the deferral.
QUICK_LINES = 30
