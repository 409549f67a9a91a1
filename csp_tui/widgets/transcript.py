"""The transcript pane: the current item's stretch of the Teams transcript beside its
minutes (time, speaker, words), a search within it, the item's talk time as bars, and
the people who spoke but are not marked present.

It only shows what the screen gives it (:class:`TranscriptView`) and reports upward:
Enter on a cue (:class:`TranscriptPane.CueChosen`: its words go to the capture line to
edit, never straight into the minutes), the search words
(:class:`TranscriptPane.Searched`) and ``p`` (:class:`TranscriptPane.MarkPresent`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive, var
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from csp_tui.domain.attendance import join_names
from csp_tui.domain.restriction import RESTRICTED_TEXT
from csp_tui.domain.text import terminal_safe
from csp_tui.domain.timing import fmt_mmss
from csp_tui.services.transcript import CueRow, ItemTalk, bar

#: Bars of the talk time shown at most (the item's main speakers).
TOP_SPEAKERS = 4


@dataclass(frozen=True)
class TranscriptView:
    """What the pane shows, built by the screen from the repository."""

    title: str
    rows: list[CueRow] = field(default_factory=list)
    talk: ItemTalk | None = None
    #: Roster people who spoke in the transcript but are not marked present: id, name.
    absent: list[tuple[int, str]] = field(default_factory=list)
    #: Why there is nothing to show ("no transcript: F7 imports one"), when so.
    empty: str = ""


def talk_lines(talk: ItemTalk, width: int) -> Content:
    """The item's talk time by speaker as block-character bars, longest first."""
    longest = max((s for _, s in talk.speakers), default=0.0) or 1.0
    # Names as long as they are (up to 18), the bars take what is left.
    name_w = min(18, width // 2, max((len(s) for s, _ in talk.speakers), default=8))
    bar_w = max(4, width - name_w - 8)
    lines = [Content.styled(f"Talk time {fmt_mmss(talk.total)}", "bold")]
    for speaker, seconds in talk.speakers[:TOP_SPEAKERS]:
        lines.append(Content.assemble(
            f"{terminal_safe(speaker)[:name_w]:<{name_w}} ",
            (bar(seconds / longest, bar_w), "$accent"), f" {fmt_mmss(seconds):>6}"))
    return Content("\n").join(lines)


def cue_line(row: CueRow) -> Content:
    """One cue: its local time, the speaker and the words (made terminal safe)."""
    when = f"{row.at.astimezone():%H:%M:%S} "
    if row.restricted:
        return Content.assemble((when, "dim"), (f"{RESTRICTED_TEXT} {row.count} cues", "italic"))
    return Content.assemble((when, "dim"), (terminal_safe(row.speaker or "-"), "bold"),
                            ": ", terminal_safe(row.text))


class TalkBars(Widget):
    """The item's talk time as bars, drawn to the width the pane has now."""

    talk: reactive[ItemTalk | None] = reactive(None, layout=True)

    def render(self) -> Content:
        if self.talk is None:
            return Content("")
        return talk_lines(self.talk, max(20, self.size.width))


class TranscriptCues(OptionList):
    """The cues of the item; Enter takes one into the capture line."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Copy to capture line", id="transcript.copy-cue"),
    ]


class TranscriptPane(Vertical):
    """The current item's transcript, beside its minutes (the meeting screen's F6)."""

    # Here, not in the screen's stylesheet: parsed only when the pane is first shown.
    DEFAULT_CSS = """
    TranscriptPane {
        width: 1fr;
        height: 100%;
        border: round $primary 50%;
        &:focus-within { border: round $primary; }
        #transcript-talk { height: auto; max-height: 5; padding: 0 1; }
        #transcript-absent { height: auto; padding: 0 1; }
        #transcript-search { height: 1; border: none; padding: 0 1; margin: 0; }
        #transcript-cues { height: 1fr; border: none; scrollbar-size-vertical: 1; }
        #transcript-cues > .option-list--option { padding: 0 1; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search transcript", id="transcript.search"),
        Binding("p", "mark_present", "Mark speakers present", id="transcript.mark-present"),
    ]

    view: var[TranscriptView | None] = var(None)

    class CueChosen(Message):
        """The note taker took a cue: its words go to the capture line to edit."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Searched(Message):
        """The search words changed: the screen filters the item's cues again."""

        def __init__(self, words: str) -> None:
            super().__init__()
            self.words = words

    class MarkPresent(Message):
        """Mark these roster people (ids) present: they spoke."""

        def __init__(self, person_ids: list[int]) -> None:
            super().__init__()
            self.person_ids = person_ids

    def compose(self) -> ComposeResult:
        yield TalkBars(id="transcript-talk")
        yield Static(id="transcript-absent")
        yield Input(placeholder="/ search this item's transcript", id="transcript-search",
                    select_on_focus=False)
        yield TranscriptCues(id="transcript-cues")

    def watch_view(self, view: TranscriptView | None) -> None:
        cues = self.query_one(TranscriptCues)
        talk = self.query_one(TalkBars)
        absent = self.query_one("#transcript-absent", Static)
        if view is None:
            self.border_title = "Transcript"
            cues.clear_options()
            talk.talk = None
            absent.update("")
            return
        self.border_title = view.title
        talk.talk = view.talk
        talk.display = view.talk is not None
        names = join_names([terminal_safe(n) for _, n in view.absent])
        absent.update(Content.styled(f"Spoke but not marked present: {names} (p marks "
                                     f"present)", "$warning") if view.absent else "")
        absent.display = bool(view.absent)
        highlighted = cues.highlighted
        if view.rows:
            cues.set_options(Option(cue_line(r), id=str(n), disabled=r.restricted)
                             for n, r in enumerate(view.rows))
            # Enter takes the highlighted cue: there is always one, the first at start.
            cues.highlighted = min(highlighted or 0, len(view.rows) - 1)
        else:
            cues.set_options([Option(Content.styled(view.empty or "No cues match.", "dim"),
                                     disabled=True)])

    @on(OptionList.OptionSelected, "#transcript-cues")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.view is None or event.option.id is None:
            return
        row = self.view.rows[int(event.option.id)]
        if not row.restricted:
            self.post_message(self.CueChosen(row.text))

    @on(Input.Changed, "#transcript-search")
    def _search(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Searched(event.value))

    @on(Input.Submitted, "#transcript-search")
    def _searched(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(TranscriptCues).focus()

    def action_search(self) -> None:
        """Search the item's transcript: every word typed, case and accents aside."""
        self.query_one("#transcript-search", Input).focus()

    def action_mark_present(self) -> None:
        """Mark everyone who spoke but is not marked present as present."""
        if self.view is not None and self.view.absent:
            self.post_message(self.MarkPresent([pid for pid, _ in self.view.absent]))
