"""The clock bar: the current item's time against its allowance, the meeting's time
against its scheduled end, the projected finish and an overrun signal."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import var
from textual.widget import Widget

from csp_tui.domain.agenda import item_heading
from csp_tui.domain.models import ItemState
from csp_tui.domain.text import terminal_safe
from csp_tui.domain.timing import ClockFigures, fmt_local, fmt_mmss
from csp_tui.widgets.keys import key_for

LEVEL_STYLE = {"ok": "$success", "warning": "$warning", "error": "$error"}


class ClockBar(Widget):
    """Two lines: the item timer with its bar, then the meeting figures."""

    DEFAULT_CSS = """
    ClockBar { height: 2; padding: 0 1; background: $boost; }
    ClockBar.-overrun { background: $error 20%; }
    """

    figures: var[ClockFigures | None] = var(None)

    def watch_figures(self, figures: ClockFigures | None) -> None:
        self.set_class(bool(figures and figures.overrun is not None), "-overrun")
        self.refresh()

    def render(self) -> Content:
        f = self.figures
        if f is None or f.current is None:
            return Content.styled(f"No current item: {key_for(self.app, 'meeting.next-item')} "
                                  "starts the first one.", "dim")
        width = max(20, self.content_region.width)
        style = LEVEL_STYLE.get(f.item_level, "")
        times = fmt_mmss(f.item_elapsed)
        if f.item_allowance is not None:
            times += f" / {fmt_mmss(f.item_allowance)}"
        # A done item gone back to (to correct it) is not paused: it is not timed.
        state = "" if f.running else " DONE" if f.current.state is ItemState.DONE else " PAUSED"
        if f.item_allowance is not None and f.item_elapsed > f.item_allowance:
            state += f" +{fmt_mmss(f.item_elapsed - f.item_allowance)} OVER"
        bar_w = max(5, min(30, width // 4))
        fraction = min(f.item_fraction or 0.0, 1.0)
        filled = min(bar_w, round(bar_w * fraction))
        bar = Content.assemble(("█" * filled, style), ("░" * (bar_w - filled), "dim"))
        item = f.current
        # Plain text in Content: markup stays text.
        label = item_heading(item.number, terminal_safe(item.title),
                             sub=item.parent_id is not None)
        room = max(5, width - len(times) - len(state) - bar_w - 3)
        label = label if len(label) <= room else label[: room - 1] + "…"
        flag = f"bold reverse {style or '$warning'}"
        top = Content.assemble((label, "bold"), " " * max(1, room - len(label) + 1), bar,
                               " ", (times, f"bold {style}"), (state, flag))
        if not f.live:
            # Not today's meeting: the time spent on its items, and no wall-clock
            # projection.
            return Content("\n").join([top, Content.assemble(
                "Time on items ", (fmt_mmss(f.meeting_elapsed), "bold"),
                ("  (a past day: no projection)", "dim"))])
        end = fmt_local(f.scheduled_end) if f.scheduled_end else "--:--"
        bottom: list[Content | str | tuple[str, str]] = [
            "Meeting ", (fmt_mmss(f.meeting_elapsed), "bold"), f"  ends {end}",
            "  projected ", (fmt_local(f.projected_finish), "bold"), "  "]
        if f.overrun is not None:
            minutes = max(1, round(f.overrun.total_seconds() / 60))
            bottom.append((f" OVERRUN +{minutes} min ", "bold reverse $error"))
        else:
            bottom.append(("on time", "$success"))
        return Content("\n").join([top, Content.assemble(*bottom)])
