"""A Teams transcript read from WebVTT or Word, filed item by item, its speakers found
on the roster; and every kind of bad file refused with one line, nothing read."""

from __future__ import annotations

import datetime as dt
import os
import threading
import zipfile
from pathlib import Path

import pytest
from transcript_gen import generated_cues, generated_items, write_docx, write_vtt

from csp_tui.domain.models import AgendaItem, Timing
from csp_tui.domain.transcript import (
    PLACE_LABELS,
    Cue,
    Transcript,
    file_cues,
    match_speakers,
    parse_started,
    recording_start,
    talk_time,
)
from csp_tui.services import transcript_file
from csp_tui.services.roster import read_roster
from csp_tui.services.transcript_file import TranscriptError, read_transcript

FIXTURES = Path(__file__).parent.parent / "fixtures"
VTT = FIXTURES / "teams-transcript-2021-03-31.vtt"
DAY = dt.date(2021, 3, 31)
#: The fixture's recording started at 09:58:30 (the tests run in UTC: conftest).
REC = dt.datetime(2021, 3, 31, 9, 58, 30, tzinfo=dt.UTC)


def at(offset: str) -> dt.datetime:
    """The wall-clock moment ``offset`` ("1:38:22.240") into the fixture's recording."""
    *hm, s = offset.split(":")
    seconds = float(s) + sum(int(x) * 60 ** (len(hm) - k) for k, x in enumerate(hm))
    return REC + dt.timedelta(seconds=seconds)


def item(id_: int, title: str, *stretches: tuple[str, str], parent: int | None = None,
         ) -> AgendaItem:
    return AgendaItem(id=id_, parent_id=parent, title=title,
                      timings=[Timing(started=at(a), stopped=at(b)) for a, b in stretches])


#: The agenda of 31 March as its timers ran, in offsets of the recording.
AGENDA = [
    item(1, "Introductions and Apologies", ("1:30", "6:32.240")),
    # Starts the very moment cue "Item two, any declarations" starts.
    item(2, "Declaration of Interests", ("6:32.240", "7:30")),
    item(3, "Minutes and Action Log", ("7:30", "13:00")),
    # Paused from 14:08 to 14:34 while the chair's screen share failed.
    item(4, "Street Space Pilot", ("13:00", "14:08"), ("14:34", "20:00")),
    item(5, "Domestic Abuse Commission Update", ("29:00", "31:00")),
    item(10, "RESTRICTED: Partnership Delivery", ("1:37:00", "1:38:20")),
    item(16, "RESTRICTED: MPS Update", ("1:38:20", "1:40:00"), parent=10),
    # Stops the very moment "Stopping the recording now." starts.
    item(15, "Date of Next Meeting", ("2:51:00", "2:51:32.480")),
]


def read_fixture() -> Transcript:
    return read_transcript(VTT)


def filed_fixture():
    t = read_fixture()
    return file_cues(t.cues, REC, AGENDA)


def where_said(filed, words: str) -> int | str:
    return next(f.where for f in filed if words in f.cue.text)


# ------------------------------------------------------------------------ WebVTT


def test_the_teams_vtt_fixture_reads_cue_by_cue() -> None:
    t = read_fixture()
    assert t.kind == "vtt" and t.recording_start is None
    assert len(t.cues) == 40
    assert t.cues[0] == Cue(12.0, 16.4, "Jade Hodgson",
                            "Morning all, the recording and transcript are on now.")
    assert t.cues[-1] == Cue(2 * 3600 + 51 * 60 + 32.48, 2 * 3600 + 51 * 60 + 35.4,
                             "Jade Hodgson", "Stopping the recording now.")
    # Neither the BOM, the cue ids nor the voice tags end up in what was said.
    assert not any("\ufeff" in c.text or "5f1c2b7e" in c.text or "<" in c.text
                   for c in t.cues)
    assert t.speakers[:3] == ["Jade Hodgson", "Stephen Clayman", "Andy Opie"]


def test_a_cue_with_no_speaker_keeps_its_words_and_names_nobody() -> None:
    cue = next(c for c in read_fixture().cues if c.text == "[No response]")
    assert cue.speaker == ""
    assert "" not in read_fixture().speakers


def test_with_and_without_a_bom_read_the_same(tmp_path: Path) -> None:
    data = VTT.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    plain = tmp_path / "plain.vtt"
    plain.write_bytes(data[3:])
    assert read_transcript(plain).cues == read_fixture().cues


def test_a_cue_over_several_lines_is_one_utterance(tmp_path: Path) -> None:
    path = tmp_path / "t.vtt"
    path.write_text(
        "WEBVTT\n\nNOTE written by hand\n\n"
        "a/1-0\n00:00:01.000 --> 00:00:04.500\n"
        "<v Mark Long>Serious violence duty\nreadiness, please,\n for June.</v>\n\n"
        "02:05.000 --> 02:07.250 align:start\n"
        "<v.loud Councillor Worby>Refuge &amp; the police</v>\n", encoding="utf-8")
    cues = read_transcript(path).cues
    assert cues == [Cue(1.0, 4.5, "Mark Long", "Serious violence duty readiness, please, "
                                               "for June."),
                    Cue(125.0, 127.25, "Councillor Worby", "Refuge & the police")]


def test_a_generated_three_hour_vtt_reads_back_every_cue(tmp_path: Path) -> None:
    cues = generated_cues(3000)
    assert any(len(c.text) > 80 for c in cues)  # some are written over two lines
    for bom in (True, False):
        path = write_vtt(tmp_path / f"gen-{bom}.vtt", cues, bom=bom)
        assert read_transcript(path).cues == cues


# ------------------------------------------------------------------------ Word


@pytest.mark.parametrize("one_paragraph", [False, True])
def test_a_teams_word_transcript_reads_header_and_cues(tmp_path: Path,
                                                       one_paragraph: bool) -> None:
    cues = generated_cues(3000)
    path = write_docx(tmp_path / "t.docx", cues, dt.datetime(2021, 3, 31, 9, 58, 30),
                      one_paragraph=one_paragraph)
    t = read_transcript(path)
    spoken = [c for c in cues if c.speaker]
    assert t.kind == "docx"
    assert t.recording_start == dt.datetime(2021, 3, 31, 9, 58)  # Teams shows no seconds
    assert [(c.speaker, c.text) for c in t.cues] == [(c.speaker, c.text) for c in spoken]
    assert [c.start for c in t.cues] == [float(int(c.start)) for c in spoken]
    # A Word cue runs to the next one; the last to the recording's length.
    assert t.cues[0].end == t.cues[1].start
    assert t.cues[-1].end == float(int(cues[-1].end))
    assert not any("transcription" in c.text for c in t.cues)


@pytest.mark.parametrize("line, start", [
    ("31 March 2021, 09:58", dt.datetime(2021, 3, 31, 9, 58)),
    ("March 31, 2021, 1:05 PM", dt.datetime(2021, 3, 31, 13, 5)),
    ("31/03/2021, 09:58:30", dt.datetime(2021, 3, 31, 9, 58, 30)),
    ("3/31/2021, 9:58:30 AM", dt.datetime(2021, 3, 31, 9, 58, 30)),
])
def test_the_word_header_start_in_other_locales(tmp_path: Path, line: str,
                                                start: dt.datetime) -> None:
    from docx import Document

    doc = Document()
    for text in ("CSP Board-Meeting Recording", line, "51m 35s",
                 "Jade Hodgson   0:12", "Morning all."):
        doc.add_paragraph(text)
    doc.save(str(tmp_path / "t.docx"))
    assert read_transcript(tmp_path / "t.docx").recording_start == start


def test_the_format_is_told_by_content_not_by_name(tmp_path: Path) -> None:
    vtt_named_docx = tmp_path / "transcript.docx"
    vtt_named_docx.write_bytes(VTT.read_bytes())
    assert read_transcript(vtt_named_docx).kind == "vtt"
    docx_named_vtt = write_docx(tmp_path / "transcript.vtt", generated_cues(30),
                                dt.datetime(2021, 3, 31, 9, 58))
    assert read_transcript(docx_named_vtt).kind == "docx"


# ------------------------------------------------------------------------ filing


def test_cues_are_filed_under_the_item_whose_timer_ran() -> None:
    filed = filed_fixture()
    assert filed[0].at == at("0:12")
    assert where_said(filed, "recording and transcript are on") == "before"
    assert where_said(filed, "welcome to the March board") == 1
    assert where_said(filed, "Most people we surveyed") == 4
    assert where_said(filed, "survivors' film") == 5


def test_at_an_item_boundary_the_cue_goes_to_the_item_starting() -> None:
    filed = filed_fixture()
    # Item 1 stops and item 2 starts at 6:32.240, exactly when this cue starts.
    assert where_said(filed, "Item two, any declarations") == 2
    assert where_said(filed, "Can partners chase that") == 1


def test_a_cue_said_while_the_timer_was_paused_is_between_items() -> None:
    filed = filed_fixture()
    assert where_said(filed, "The sound installation ran") == 4  # 14:05, just before
    assert where_said(filed, "keep that going") == "between"  # 14:11, paused
    assert where_said(filed, "funding options") == "between"  # 14:22, paused
    assert where_said(filed, "Lovely, thank you both") == 4  # 14:35, resumed
    assert where_said(filed, "MARAC referrals") == "between"  # no timer at all


def test_a_sub_item_has_its_own_cues() -> None:
    filed = filed_fixture()
    assert where_said(filed, "This next part is restricted") == 10
    assert where_said(filed, "two live investigations") == 16


def test_cues_before_and_after_the_agenda() -> None:
    filed = filed_fixture()
    assert where_said(filed, "Next board is the thirtieth") == 15
    # Starts the moment the last timer stopped.
    assert where_said(filed, "Stopping the recording now") == "after"
    assert [f.where for f in filed].count("before") == 1


def test_a_timer_still_running_holds_every_later_cue() -> None:
    live = [*AGENDA[:-1], AgendaItem(id=15, title="Date of Next Meeting",
                                     timings=[Timing(started=at("2:51:00"))])]
    # While a timer runs the meeting has no length yet, so no cue is too long for it.
    cues = [*read_fixture().cues, Cue(3 * 3600, 6 * 3600, "Stephen Clayman", "Any other?")]
    filed = file_cues(cues, REC, live)
    assert where_said(filed, "Stopping the recording now") == 15
    assert where_said(filed, "Any other?") == 15


@pytest.mark.parametrize("running", [False, True], ids=["timers stopped", "timer running"])
def test_a_cue_31_years_on_is_outside_the_meeting_never_under_an_item(running: bool) -> None:
    agenda = AGENDA if not running else [
        *AGENDA[:-1], AgendaItem(id=15, title="Date of Next Meeting",
                                 timings=[Timing(started=at("2:51:00"))])]
    years = 31 * 365.25 * 86400
    cues = [*read_fixture().cues, Cue(years, years + 5, "Stephen Clayman", "Much later.")]
    filed = file_cues(cues, REC, agenda)
    assert where_said(filed, "Much later.") == "outside"
    assert PLACE_LABELS["outside"] == "outside the meeting"
    assert where_said(filed, "Next board is the thirtieth") == 15  # the rest as before


def test_a_cue_further_from_the_meeting_than_it_is_long_is_outside() -> None:
    # The meeting ran 2:49:30 (1:30 to 2:51:00 of the recording, stopped at 2:51:32.48).
    length = (at("2:51:32.480") - at("1:30")).total_seconds()
    end = (at("2:51:32.480") - REC).total_seconds()
    cues = [Cue(end + length - 10, end + length - 5, "A", "Just after."),
            Cue(end + length + 5, end + length + 10, "A", "Too far after.")]
    filed = file_cues([*read_fixture().cues, *cues], REC, AGENDA)
    assert where_said(filed, "Just after.") == "after"
    assert where_said(filed, "Too far after.") == "outside"
    # A recording said to start days before the meeting: every cue is outside it.
    with pytest.raises(TranscriptError, match="every cue falls outside the meeting"):
        file_cues(read_fixture().cues, REC - dt.timedelta(days=3), AGENDA)


def test_filing_three_thousand_cues_agrees_with_looking_at_every_timer() -> None:
    cues = generated_cues(3000)
    items = generated_items(REC)
    filed = file_cues(cues, REC, items)

    def running(moment: dt.datetime) -> int | None:
        hits = [i.id for i in items for t in i.timings
                if t.started <= moment and (t.stopped is None or moment < t.stopped)]
        assert len(hits) <= 1
        return hits[0] if hits else None

    for f in filed:
        assert f.item_id == running(f.at)
        assert (f.item_id is None) == (f.place is not None)
    places = {f.place for f in filed}
    assert places == {None, "before", "between", "after"}
    assert any(f.item_id == 16 for f in filed)  # the sub-item


def test_talk_time_per_item_per_speaker() -> None:
    times = talk_time(filed_fixture())
    assert times[2] == pytest.approx({"Stephen Clayman": 4.16 + 3.92, "": 3.04})
    assert list(times[4]) == ["Sophie Hardcastle", "Phillippa Bannister", "Stephen Clayman"]
    assert times["before"] == pytest.approx({"Jade Hodgson": 4.4})
    assert sum(sum(s.values()) for s in times.values()) == pytest.approx(
        sum(c.seconds for c in read_fixture().cues))


# ------------------------------------------------------------------------ start time


def test_the_recording_start_from_started_then_the_header_then_the_first_item() -> None:
    vtt = read_fixture()
    given = recording_start(DAY, vtt, AGENDA, parse_started("09:58:30"))
    assert (given.at, given.source, given.warning) == (REC, "--started", "")
    docx = Transcript([Cue(1, 2, "A", "x")], "docx", dt.datetime(2021, 3, 31, 9, 58))
    header = recording_start(DAY, docx, AGENDA)
    assert (header.at, header.source, header.warning) == (REC.replace(second=0),
                                                          "transcript", "")
    guess = recording_start(DAY, vtt, AGENDA)
    assert (guess.at, guess.source) == (at("1:30"), "first item")
    assert "10:00:00" in guess.warning and "--started" in guess.warning
    assert recording_start(DAY, docx, AGENDA, parse_started("09:58:30")).at == REC
    other_day = recording_start(dt.date(2021, 4, 1), docx, AGENDA)
    assert "31 March 2021" in other_day.warning


def test_the_started_time_is_read_in_local_time(london: None) -> None:
    start = recording_start(DAY, read_fixture(), AGENDA, parse_started("10:58:30"))
    assert start.at == REC  # 10:58:30 BST is 09:58:30 UTC


@pytest.mark.parametrize("text", ["9.58", "25:00", "09:61", "noon", ""])
def test_a_bad_started_time_is_refused(text: str) -> None:
    with pytest.raises(TranscriptError, match="HH:MM"):
        parse_started(text)


# ------------------------------------------------------------------------ speakers


def test_speakers_are_matched_to_the_roster_by_the_name_rule() -> None:
    people = read_roster((FIXTURES / "roster.csv").read_bytes())
    matches = match_speakers([*read_fixture().speakers, "CLAYMAN, Stephen"], people)
    assert matches["Stephen Clayman"].person.name == "Stephen Clayman"
    assert matches["Councillor Mullane"].confident
    assert matches["Hazel North-Stephens"].person.name == "Hazel North-Stephens"
    assert matches["CLAYMAN, Stephen"].person.name == "Stephen Clayman"
    assert matches["CLAYMAN, Stephen"].confident
    # Street Space's guests are not on the board's roster.
    assert matches["Sophie Hardcastle"] is None
    assert matches["Phillippa Bannister"] is None
    assert "" not in matches


# ------------------------------------------------------------------------ bad input


def refused(path: Path, words: str) -> str:
    with pytest.raises(TranscriptError) as caught:
        read_transcript(path)
    message = str(caught.value)
    assert words in message and "\n" not in message
    return message


def write(tmp_path: Path, text: str, name: str = "t.vtt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


CUE = "00:00:01.000 --> 00:00:02.000\n<v A>one</v>\n\n"


@pytest.mark.parametrize("text, words", [
    ("Name,First Join\nJade,9:58\n", "not a WebVTT file or Teams transcript"),
    ("", "not a WebVTT file or Teams transcript"),
    (CUE, "missing WEBVTT header"),
    ("WEBVTT\n\n" + CUE + "00:00:03,000 --> 00:00:04.000\n<v A>two</v>\n",
     "line 6: malformed cue timing"),
    ("WEBVTT\n\n" + CUE + "id-2\n<v A>no timing line</v>\n", "line 7: expected a cue timing"),
    ("WEBVTT\n\n" + CUE + "00:00:00.500 --> 00:00:00.900\n<v A>two</v>\n", "go backwards"),
    ("WEBVTT\n\n" + CUE + "00:00:01.500 --> 00:00:03.000\n<v B>two</v>\n", "overlap"),
    ("WEBVTT\n\n00:00:05.000 --> 00:00:04.000\n<v A>one</v>\n", "ends (00:00:04.000) before"),
    ("WEBVTT\n\nNOTE nothing said\n", "no cues"),
])
def test_a_bad_vtt_is_refused_with_one_line(tmp_path: Path, text: str, words: str) -> None:
    refused(write(tmp_path, text), words)


def test_binary_and_other_zip_files_are_refused(tmp_path: Path) -> None:
    (tmp_path / "x.bin").write_bytes(bytes(range(256)) * 4)
    refused(tmp_path / "x.bin", "not UTF-8 text")
    with zipfile.ZipFile(tmp_path / "x.zip", "w") as z:
        z.writestr("readme.txt", "hello")
    refused(tmp_path / "x.zip", "damaged zip or Word file")


def test_a_word_file_that_is_not_a_transcript_is_refused(tmp_path: Path) -> None:
    from docx import Document

    doc = Document()
    doc.add_paragraph("Minutes of the Community Safety Partnership")
    doc.add_paragraph("Present: Stephen Clayman (Chair)")
    doc.save(str(tmp_path / "minutes.docx"))
    refused(tmp_path / "minutes.docx", "no 'Speaker Name   0:00' lines")


def test_word_offsets_that_go_backwards_are_refused(tmp_path: Path) -> None:
    cues = [Cue(95, 96, "Stephen Clayman", "Welcome."), Cue(12, 13, "Jade Hodgson", "On.")]
    refused(write_docx(tmp_path / "t.docx", cues, dt.datetime(2021, 3, 31, 9, 58)),
            "go backwards")


def test_a_fifo_a_folder_and_a_huge_file_are_refused_without_reading(tmp_path: Path,
                                                                     ) -> None:
    fifo = tmp_path / "pipe.vtt"
    os.mkfifo(fifo)
    outcome: list[BaseException | object] = []

    def attempt() -> None:
        try:
            outcome.append(read_transcript(fifo))
        except BaseException as exc:
            outcome.append(exc)

    # Opening a FIFO waits for a writer: run the read aside so that a regression fails
    # this test instead of hanging the suite, then release it by opening the far end.
    reader = threading.Thread(target=attempt, daemon=True)
    reader.start()
    reader.join(timeout=10)
    if reader.is_alive():
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        reader.join(timeout=10)
        pytest.fail("read_transcript opened the FIFO and waited for a writer")
    assert isinstance(outcome[0], TranscriptError)
    assert "pipe.vtt is a named pipe (FIFO), not a transcript" in str(outcome[0])
    refused(tmp_path, "is a folder")
    refused(tmp_path / "missing.vtt", "missing.vtt: no such transcript")
    huge = tmp_path / "huge.vtt"
    with huge.open("wb") as fh:  # sparse: nothing is written to disk
        fh.write(b"WEBVTT\n\n")
        fh.truncate(transcript_file.MAX_BYTES + 1)
    refused(huge, "huge.vtt is 32 MiB: too large")


def test_a_cue_longer_than_the_meeting_is_refused() -> None:
    long = [Cue(0, 3 * 3600, "Stephen Clayman", "A very long speech.")]
    with pytest.raises(TranscriptError, match="longer than the whole meeting"):
        file_cues(long, REC, AGENDA)


@pytest.mark.parametrize("hours", [-4, 5])
def test_a_start_that_puts_every_cue_outside_the_meeting_is_refused(hours: int) -> None:
    wrong = REC + dt.timedelta(hours=hours)
    with pytest.raises(TranscriptError, match="every cue falls outside the meeting") as e:
        file_cues(read_fixture().cues, wrong, AGENDA)
    assert "\n" not in str(e.value)


def test_filing_needs_a_timed_agenda() -> None:
    with pytest.raises(TranscriptError, match="no agenda item was timed"):
        file_cues(read_fixture().cues, REC, [AgendaItem(id=1, title="Not started")])
    with pytest.raises(TranscriptError, match="--started"):
        recording_start(DAY, read_fixture(), [AgendaItem(id=1, title="Not started")])

