"""Building the 2019 reference meetings from their capture scripts, and reading the
page export back as text: shared by the page tests."""

from __future__ import annotations

import csv
import difflib
import re
from html.parser import HTMLParser
from pathlib import Path

from csp_tui.capture.handlers import run
from csp_tui.domain.models import Person
from csp_tui.services.agenda_file import read_agenda_file
from csp_tui.storage.repository import Repository

PAGE_FIXTURES = Path(__file__).parent / "fixtures" / "page2019"

#: The two 2019 references: their date, and the item the page published restricted.
DAYS = ("2019-09-25", "2019-12-11")


def build_reference_meeting(repo: Repository, day: str) -> int:
    """The board of ``day`` made as a note taker makes it: the agenda file, the roster,
    then every line of the capture script through the real capture handlers."""
    meeting = read_agenda_file(repo, PAGE_FIXTURES / f"agenda-{day}.txt")
    assert meeting.id is not None
    with (PAGE_FIXTURES / "roster-2019.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            repo.people.add_person(Person(board_id=meeting.board_id, **row))
    for line in (PAGE_FIXTURES / f"capture-{day}.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            run(repo, meeting.id, line, today=meeting.date)
    return meeting.id


class TextOf(HTMLParser):
    """The text of an HTML page as a reader sees it, a block a line, and its tags."""

    BLOCKS = {"p", "h1", "h2", "h3", "h4", "li", "th", "td", "title", "tr", "br"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "head":
            self.in_head = True
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.in_head:
            self.parts.append(data)

    @property
    def text(self) -> str:
        return "\n".join(line.strip() for line in "".join(self.parts).splitlines()
                         if line.strip())


def html_text(html: str) -> TextOf:
    parser = TextOf()
    parser.feed(html)
    parser.close()
    return parser


#: What the saved reference pages hold that is the web page's furniture, not its text:
#: the document links' icon and size ("pdf icon PDF 131 KB") and the link to the rest
#: of a long item ("... view the full minutes text for item 4.").
_FURNITURE = re.compile(r"\s*pdf icon PDF [\d.]+ [KM]B|\s*\.\.\.\s*view the full minutes "
                        r"text for item \d+\.?")


def reference_text(day: str) -> str:
    """The published page of ``day``, its furniture taken out."""
    text = (PAGE_FIXTURES / f"reference-{day}.txt").read_text(encoding="utf-8")
    return _FURNITURE.sub("", text)


def words(text: str) -> list[str]:
    """The words of ``text``: whitespace-separated tokens with a letter or digit in them
    (the saved pages' table rules "|", "---" and bullet marks "·" are not words)."""
    return [w for w in text.split() if re.search(r"\w", w)]


def similarity(a: str, b: str) -> float:
    """Word similarity: difflib's ratio over the two texts' words."""
    return difflib.SequenceMatcher(None, words(a), words(b), autojunk=False).ratio()


def action_lines(text: str) -> list[str]:
    """Every "ACTION: ..." sentence of ``text`` (several on one saved line are split)."""
    found = re.findall(r"ACTION: .*?(?=\s*ACTION: |\n|$)", text)
    return [a.strip() for a in found]
