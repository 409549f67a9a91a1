"""Reading the transcript Teams lets the organiser download: WebVTT or Word.

* WebVTT (``.vtt``): a ``WEBVTT`` header, then cues of an optional identifier, a
  ``HH:MM:SS.mmm --> HH:MM:SS.mmm`` timing line and one or more lines of text, the
  speaker in a voice tag ``<v Jade Hodgson>...</v>`` (none for "[No response]").
  UTF-8, with or without a byte order mark.
* Word (``.docx``): a title, the date and time the recording started ("March 31,
  2021, 9:58AM"), its length ("2h 51m 35s"), then per cue a "Speaker Name   1:35"
  line and the words, as paragraphs or as lines of one paragraph. Word cues have no
  end: each runs to the next one, the last to the recording's length.

The format is told by the content, not the file name. Written by hand rather than
with a WebVTT library: the one candidate (webvtt-py) silently drops a cue whose timing
line is malformed and accepts times that go backwards, so every check would have been
needed on top of it, and the subset Teams writes is a page of code (which reads a
3,000-cue file about five times faster than webvtt-py did, measured here).
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from pathlib import Path

from csp_tui.domain.transcript import Cue, Transcript, TranscriptError
from csp_tui.services.input_files import InputFileError, read_input
from csp_tui.services.teams import parse_timestamp

__all__ = ["MAX_BYTES", "Transcript", "TranscriptError", "parse_transcript",
           "read_transcript"]

#: A three-hour Teams transcript is about 300 KB as WebVTT and 100 KB as Word; a file
#: far larger is not a transcript and would only be read into memory for nothing.
MAX_BYTES = 32 * 1024 * 1024

_TIME = r"(?:(\d+):)?([0-5]\d):([0-5]\d)\.(\d{3})"
_TIMING = re.compile(rf"^{_TIME}[ \t]+-->[ \t]+{_TIME}(?:[ \t].*)?$")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?[ \t]+([^>]*)>")
_TAG = re.compile(r"</?[^>]*>")
#: Blocks that are not cues: comments, style sheets and region definitions.
_COMMENT = re.compile(r"^(?:NOTE|STYLE|REGION)(?:[ \t]|$)")
#: "Jade Hodgson   1:35" (Teams puts several spaces between name and offset).
_SPEAKER_LINE = re.compile(r"^(\S.{0,98}?)(?:[ \t]{2,}|\t)(\d{1,3}(?::\d{2}){1,2})$")
_EVENT_LINE = re.compile(r"(started|stopped) transcription$", re.I)
_DURATION = re.compile(r"^(?:(\d+)h)?\s*(?:(\d+)m)?\s*(?:(\d+)s)?$")
_MONTHS = {m: n for n, m in enumerate(
    ("jan feb mar apr may jun jul aug sep oct nov dec").split(), 1)}
_WORDY_DATE = re.compile(
    r"^(?:(?P<mon1>[A-Za-z]+)\.?\s+(?P<day1>\d{1,2})|(?P<day2>\d{1,2})\s+(?P<mon2>[A-Za-z]+)\.?)"
    r",?\s+(?P<year>\d{4}),?\s+(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?\s*"
    r"(?P<ampm>[AaPp]\.?[Mm]\.?)?$")


def read_transcript(path: Path | str) -> Transcript:
    """Read a Teams transcript (WebVTT or Word) from ``path``.

    TranscriptError, with one line for the user, when it is not a regular file, is too
    large, or is not a transcript we can read.
    """
    try:
        data = read_input(path, what="transcript", max_bytes=MAX_BYTES)
    except InputFileError as exc:
        raise TranscriptError(str(exc)) from None
    return parse_transcript(data)


def parse_transcript(data: bytes) -> Transcript:
    """A transcript from the bytes of a WebVTT or Word file, told apart by content."""
    if data.startswith(b"PK\x03\x04"):
        return _parse_docx(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TranscriptError("not a WebVTT file or Teams transcript (not UTF-8 text)") \
            from None
    return _parse_vtt(text)


# ----------------------------------------------------------------------------- WebVTT


def _seconds(groups: tuple[str | None, ...]) -> float:
    h, m, s, ms = (int(g or 0) for g in groups)
    # Summed in milliseconds and divided once: 00:00:28.952 is then 28.952 exactly as
    # written, not 28.951999999999998.
    return (((h * 60 + m) * 60 + s) * 1000 + ms) / 1000


def _cue_text(lines: list[str]) -> tuple[str, str]:
    """The speaker of the first voice tag (or "") and the words without markup."""
    raw = "\n".join(lines)
    voice = _VOICE.search(raw)
    speaker = " ".join(html.unescape(voice.group(1)).split()) if voice else ""
    words = html.unescape(_TAG.sub("", raw))
    return speaker, " ".join(words.split())


def _parse_vtt(text: str) -> Transcript:
    lines = text.splitlines()
    first = lines[0] if lines else ""
    if not re.match(r"^WEBVTT(?:[ \t].*)?$", first):
        if any("-->" in line for line in lines[:50]):
            raise TranscriptError("missing WEBVTT header: the first line must be WEBVTT")
        raise TranscriptError("not a WebVTT file or Teams transcript")
    cues: list[Cue] = []
    n, total = 1, len(lines)
    while n < total and lines[n].strip():  # the header block runs to the first blank line
        if "-->" in lines[n]:
            raise TranscriptError(f"line {n + 1}: a blank line must follow the WEBVTT header")
        n += 1
    while n < total:
        if not lines[n].strip():
            n += 1
            continue
        block_start = n
        while n < total and lines[n].strip():
            n += 1
        block = lines[block_start:n]
        head = block[0]
        if _COMMENT.match(head):
            continue
        k = 0 if "-->" in head else 1  # an identifier line comes before the timing
        if k >= len(block) or "-->" not in block[k]:
            raise TranscriptError(f"line {block_start + k + 1}: expected a cue timing "
                                  f"(HH:MM:SS.mmm --> HH:MM:SS.mmm)")
        timing = _TIMING.match(block[k].strip())
        if not timing:
            raise TranscriptError(f"line {block_start + k + 1}: malformed cue timing "
                                  f"{block[k].strip()[:60]!r}")
        groups = timing.groups()
        speaker, words = _cue_text(block[k + 1:])
        cues.append(Cue(_seconds(groups[:4]), _seconds(groups[4:]), speaker, words))
    return Transcript(cues, "vtt")


# ----------------------------------------------------------------------------- Word


def _offset(text: str) -> float:
    """"1:35" -> 95; "1:02:05" -> 3725."""
    parts = [int(p) for p in text.split(":")]
    seconds = 0
    for p in parts:
        seconds = seconds * 60 + p
    return float(seconds)


def _header_start(line: str) -> dt.datetime | None:
    """The recording's start from a header line such as "March 31, 2021, 9:58AM",
    "31 March 2021, 09:58" or "31/03/2021, 09:58:30"; None when it is not one."""
    m = _WORDY_DATE.match(line.strip())
    if m:
        month = _MONTHS.get((m["mon1"] or m["mon2"])[:3].lower())
        if month is None:
            return None
        hour = int(m["h"])
        ampm = (m["ampm"] or "").lower().replace(".", "")
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        try:
            return dt.datetime(int(m["year"]), month, int(m["day1"] or m["day2"]), hour,
                               int(m["m"]), int(m["s"] or 0))
        except ValueError:
            return None
    # Numeric dates: day first unless a 12-hour clock says the organiser is American.
    return parse_timestamp(line, dayfirst=not re.search(r"[AaPp]\.?[Mm]\.?\s*$", line))


def _parse_docx(data: bytes) -> Transcript:
    # Seam: python-docx loads only for a .docx transcript, not for WebVTT (the usual).
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    # A broken package fails in zipfile, lxml or python-docx's own error types, none
    # of which share a base class short of Exception.
    except Exception as exc:
        raise TranscriptError(f"not a WebVTT file or Teams transcript (a damaged zip or "
                              f"Word file: {type(exc).__name__})") from None
    lines = [line.strip() for p in document.paragraphs for line in p.text.split("\n")]
    started = None
    length: float | None = None
    heads: list[tuple[str, float]] = []
    texts: list[list[str]] = []
    for line in lines:
        if not line:
            continue
        m = _SPEAKER_LINE.match(line)
        if m:
            heads.append((" ".join(m.group(1).split()), _offset(m.group(2))))
            texts.append([])
        elif not heads:  # the header: title, start, length, "... started transcription"
            d = _DURATION.match(line)
            if d and any(d.groups()):
                h, mi, s = (int(g or 0) for g in d.groups())
                length = float(h * 3600 + mi * 60 + s)
            elif started is None:
                started = _header_start(line)
        elif not _EVENT_LINE.search(line):
            texts[-1].append(line)
    if not heads:
        raise TranscriptError("not a WebVTT file or Teams transcript (a Word file with no "
                              "'Speaker Name   0:00' lines)")
    cues = []
    for k, ((speaker, start), words) in enumerate(zip(heads, texts, strict=True)):
        if k + 1 < len(heads):
            end = max(start, heads[k + 1][1])
        else:
            end = max(start, length) if length is not None else start
        cues.append(Cue(start, end, speaker, " ".join(" ".join(words).split())))
    return Transcript(cues, "docx", started)
