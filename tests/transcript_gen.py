"""Generated Teams transcripts, for the tests and bench/bench_transcript.py.

A meeting of ``hours`` with ``count`` cues, written as Teams writes them: WebVTT (cue
ids, voice tags, long cues wrapped over two lines, "[No response]" with no speaker,
a BOM) and Word (title, start, length, then "Speaker   m:ss" and the words). The
agenda it goes with, ``generated_items``, has item timers covering the recording with
a gap before the first item, a pause, a sub-item and talk after the last item.
Deterministic for a given seed.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from csp_tui.domain.models import AgendaItem, Timing
from csp_tui.domain.transcript import Cue

SPEAKERS = ["Stephen Clayman", "Jade Hodgson", "Andy Opie", "Angie Fuller",
            "Councillor Worby", "Hazel North-Stephens", "April Bald", "Mark Long",
            "CLAYMAN, Stephen", "Sophie Hardcastle (External)", "Daniel James"]
WORDS = ("the board partners action update report funding police council youth safety "
         "community review plan data referrals housing team next month agreed thanks "
         "question share circulate pilot borough").split()


def generated_cues(count: int = 3000, hours: float = 3.0, seed: int = 31) -> list[Cue]:
    """``count`` cues spread over ``hours``, one after another, never overlapping."""
    rng = random.Random(seed)
    slot = hours * 3600 / count
    cues = []
    for n in range(count):
        start = round(n * slot + rng.uniform(0, slot * 0.2), 3)
        end = round(start + slot * rng.uniform(0.4, 0.75), 3)
        if n % 97 == 50:
            cues.append(Cue(start, end, "", "[No response]"))
            continue
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 40)))
        cues.append(Cue(start, end, rng.choice(SPEAKERS), words.capitalize() + "."))
    return cues


def vtt_time(seconds: float) -> str:
    """01:02:05.250: a WebVTT timestamp."""
    millis = round(seconds * 1000)
    h, rest = divmod(millis, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def vtt_text(cues: list[Cue], bom: bool = True) -> str:
    """The cues as Teams writes a .vtt: ids, voice tags, long cues over two lines."""
    out = ["\ufeffWEBVTT" if bom else "WEBVTT", ""]
    for n, cue in enumerate(cues):
        out.append(f"5f1c2b7e-8d43-4e0a-b6a1-2c9d7e3f4a10/{4 * n + 3}-0")
        out.append(f"{vtt_time(cue.start)} --> {vtt_time(cue.end)}")
        text = cue.text
        if len(text) > 80:
            cut = text.rfind(" ", 0, 80)
            text = text[:cut] + "\n" + text[cut + 1:]
        out.append(f"<v {cue.speaker}>{text}</v>" if cue.speaker else text)
        out.append("")
    return "\n".join(out)


def write_vtt(path: Path, cues: list[Cue], bom: bool = True) -> Path:
    """Write :func:`vtt_text` to ``path`` (UTF-8)."""
    path.write_text(vtt_text(cues, bom), encoding="utf-8")
    return path


def docx_offset(seconds: float) -> str:
    """How Teams shows an offset in a Word transcript: 0:12, 13:25, 1:02:05."""
    total = int(seconds)
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def write_docx(path: Path, cues: list[Cue], started: dt.datetime,
               one_paragraph: bool = False,
               title: str = "CSP Board-20210331_095830-Meeting Recording") -> Path:
    """The cues as Teams lays out a downloaded Word transcript.

    ``one_paragraph`` puts the speaker line and the words in one paragraph separated
    by a line break (as some Teams versions do) instead of two paragraphs. Cues with
    no speaker are left out: the Word layout always names one.
    """
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.text.paragraph import Paragraph

    doc = Document()
    end_of_body = doc.element.body.sectPr

    def paragraph(text: str = "") -> Paragraph:
        # Inserted straight before the section properties: Document.add_paragraph
        # looks for them from the start of the body each time, which makes 30,000
        # cues take minutes.
        p = OxmlElement("w:p")
        end_of_body.addprevious(p)
        para = Paragraph(p, doc._body)
        if text:
            para.add_run(text)
        return para

    paragraph(title)
    hour = started.hour % 12 or 12
    ampm = "AM" if started.hour < 12 else "PM"
    paragraph(f"{started:%B} {started.day}, {started.year}, {hour}:{started:%M}{ampm}")
    length = int(cues[-1].end) if cues else 0
    h, rest = divmod(length, 3600)
    paragraph(f"{h}h {rest // 60}m {rest % 60}s")
    paragraph("Jade Hodgson started transcription")
    for cue in cues:
        if not cue.speaker:
            continue
        head = f"{cue.speaker}   {docx_offset(cue.start)}"
        if one_paragraph:
            p = paragraph()
            p.add_run(head).bold = True
            p.add_run().add_break()
            p.add_run(cue.text)
        else:
            paragraph().add_run(head).bold = True
            paragraph(cue.text)
    paragraph("Jade Hodgson stopped transcription")
    doc.save(str(path))
    return path


def generated_items(recording_start: dt.datetime, hours: float = 3.0,
                    count: int = 15) -> list[AgendaItem]:
    """``count`` items timed one after another from 2 minutes into the recording to
    10 minutes before its end; item 3 is paused for 5 minutes in its middle and the
    last item has a sub-item timed for its second half."""
    first = recording_start + dt.timedelta(minutes=2)
    last = recording_start + dt.timedelta(hours=hours) - dt.timedelta(minutes=10)
    span = (last - first) / count
    items = []
    for n in range(count):
        begin, stop = first + n * span, first + (n + 1) * span
        timings = [Timing(started=begin, stopped=stop)]
        if n == 2:
            mid = begin + span / 2
            timings = [Timing(started=begin, stopped=mid),
                       Timing(started=mid + dt.timedelta(minutes=5), stopped=stop)]
        if n == count - 1:
            timings = [Timing(started=begin, stopped=begin + span / 2)]
        items.append(AgendaItem(id=n + 1, position=n, number=str(n + 1),
                                title=f"Item {n + 1}", timings=timings))
    items.append(AgendaItem(id=count + 1, parent_id=count, number="(i)", title="Sub-item",
                            timings=[Timing(started=first + (count - 0.5) * span,
                                            stopped=last)]))
    return items
