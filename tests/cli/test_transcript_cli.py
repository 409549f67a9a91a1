"""`csp transcript`: import, show, stats, shift and purge through the real entry point,
on a real database and the Teams fixtures (WebVTT and Word, 40 cues and 3,000)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from docx import Document
from transcript_gen import generated_cues, write_docx, write_vtt
from transcript_meeting import RECORDING, VTT, fixture_meeting, generated_meeting

from csp_tui.cli.main import main
from csp_tui.domain.transcript import Cue
from csp_tui.storage.repository import Repository
from tests.conftest import FIXTURES

#: Words said only under the restricted item (Prevent Update) of the fixture.
SECRET = "two live investigations"


def one_error_line(capsys) -> str:
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


@pytest.fixture
def meeting_db(db_path: Path, clock) -> Path:
    with Repository.open(db_path, clock=clock) as repo:
        fixture_meeting(repo)
    return db_path


def csp(db: Path, *args: str) -> int:
    return main(["--db", str(db), "transcript", *args])


def filed(db: Path) -> dict[str, tuple]:
    """Each cue's first words -> (item title or place, speaker, person's name)."""
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT c.text, coalesce(i.title, c.place), c.speaker, p.name FROM transcript_cues c "
        "LEFT JOIN items i ON i.id = c.item_id LEFT JOIN people p ON p.id = c.person_id "
        "ORDER BY seq").fetchall()
    conn.close()
    return {text[:30]: (where, speaker, name) for text, where, speaker, name in rows}


def imported(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT count(*) FROM transcript_cues").fetchone()[0]
    finally:
        conn.close()


def test_import_files_each_cue_under_the_item_whose_timer_ran(meeting_db: Path, capsys):
    assert csp(meeting_db, "import", str(FIXTURES / VTT), "--started", "09:58:30") == 0
    out = capsys.readouterr().out
    assert out.startswith("imported 40 cues into the meeting of 31 March 2021 (1 before "
                          "the agenda, ")
    assert "the recording started at 09:58:30 (--started)" in out
    cues = filed(meeting_db)
    assert cues["Morning all, the recording and"][0] == "before"
    assert cues["Can partners chase that intern"][0].startswith("Introductions")
    # 06:32.240 into the recording is 10:05:02.240, when item 1 stopped and item 2 began.
    assert cues["Item two, any declarations of "][0] == "Declaration of Interests"
    # Item 4 was paused from 10:12:30 to 10:13:00.
    assert cues["The sound installation ran for"][0] == "Street Space Pilot"
    assert cues["How do we keep that going once"][0] == "between"
    assert cues["I can look at funding options "][0] == "between"
    assert cues["Lovely, thank you both. We acc"][0] == "Street Space Pilot"
    assert cues["The operational update covers "][0] == "Prevent Update"
    assert cues["Stopping the recording now."][0] == "after"
    # Speakers: on the roster (matched), not on it (kept as written), and no speaker.
    assert cues["Andy Opie, community safety, m"][1:] == ("Andy Opie", "Andy Opie")
    assert cues["The performance pack has gone "][1:] == ("Daniel James", None)
    assert cues["[No response]"][1:] == ("", None)
    assert "not on the roster, kept as written: Sophie Hardcastle," in out
    assert "spoke but not marked present: Mark Long" in out


def test_a_second_import_needs_replace(meeting_db: Path, capsys):
    assert csp(meeting_db, "import", str(FIXTURES / VTT), "--started", "09:58:30") == 0
    capsys.readouterr()
    assert csp(meeting_db, "import", str(FIXTURES / VTT), "--started", "09:59:30") == 2
    assert "has a transcript already (40 cues): give --replace" in one_error_line(capsys)
    assert filed(meeting_db)["Item two, any declarations of "][0] == "Declaration of Interests"
    assert csp(meeting_db, "import", str(FIXTURES / VTT), "--started", "09:59:30",
               "--replace") == 0
    assert imported(meeting_db) == 40
    # A minute later, the boundary cue falls between items 1 and 2 ... in item 2 still.
    assert filed(meeting_db)["Morning all, the recording and"][0] == "before"
    assert filed(meeting_db)["Good morning everyone and welc"][0] == "Introductions and " \
        "Apologies for Absence"


@pytest.mark.parametrize(("make", "words"), [
    (lambda p: p.write_text("just some notes\n"), "not a WebVTT file or Teams transcript"),
    (lambda p: p.write_text("WEBVTT\n\n00:00:05.000 --> 00:00:09.000\n<v A>one</v>\n\n"
                            "00:00:03.000 --> 00:00:04.000\n<v A>two</v>\n"),
     "cue times go backwards"),
    (lambda p: p.write_text("WEBVTT\n\n00:00:05.000 --> 00:00:09.000\n<v A>one</v>\n\n"
                            "00:00:08.000 --> 00:00:10.000\n<v A>two</v>\n"), "cues overlap"),
    (lambda p: p.write_text("WEBVTT\n\n00:00:05.000 --> 05:00:09.000\n<v A>one</v>\n"),
     "longer than the whole meeting"),
])
def test_bad_files_are_refused_with_one_line_and_nothing_imported(
        meeting_db: Path, tmp_path: Path, capsys, make, words: str):
    bad = tmp_path / "bad.vtt"
    make(bad)
    assert csp(meeting_db, "import", str(bad), "--started", "09:58:30") == 2
    line = one_error_line(capsys)
    assert line.startswith("csp: ") and words in line, line
    assert imported(meeting_db) == 0


def test_bad_meeting_start_and_database_are_refused(meeting_db: Path, tmp_path: Path,
                                                    capsys):
    assert csp(meeting_db, "import", str(FIXTURES / VTT), "--meeting", "2020-01-01") == 2
    assert one_error_line(capsys) == "csp: no meeting on 2020-01-01"
    assert csp(meeting_db, "import", str(FIXTURES / VTT), "--started", "18:00") == 2
    assert "every cue falls outside the meeting" in one_error_line(capsys)
    assert csp(meeting_db, "import", str(FIXTURES / VTT), "--started", "25:00") == 2
    assert "is not a time" in one_error_line(capsys)
    assert imported(meeting_db) == 0
    missing = tmp_path / "none.db"
    for command in (["import", str(FIXTURES / VTT)], ["show"], ["stats"], ["purge"]):
        assert main(["--db", str(missing), "transcript", *command]) == 2
        assert "no database at" in one_error_line(capsys)
    assert not missing.exists()
    assert csp(meeting_db, "show") == 2
    assert "has no transcript; import one" in one_error_line(capsys)


def test_without_started_the_first_item_is_taken_with_a_warning(meeting_db: Path, capsys):
    assert csp(meeting_db, "import", str(FIXTURES / VTT)) == 0
    captured = capsys.readouterr()
    assert "warning: the recording is taken to start when the first item did (10:00:00)" \
        in captured.err
    assert "(first item)" in captured.out


def test_show_withholds_restricted_cues_without_full(meeting_db: Path, capsys):
    assert csp(meeting_db, "import", str(FIXTURES / VTT), "--started", "09:58:30") == 0
    capsys.readouterr()
    assert csp(meeting_db, "show") == 0
    out = capsys.readouterr().out
    assert "  11:36:40  [restricted] 2 cues (--full shows them)" in out
    assert SECRET not in out and "This next part is restricted" not in out
    assert "6  Prevent Update\n" in out
    assert "  09:58:42  Jade Hodgson: Morning all, the recording and transcript are on now." \
        in out
    assert "between items\n  10:12:41  Councillor Mullane: How do we keep" in out
    # Searching cannot look into restricted cues either, in any format.
    assert csp(meeting_db, "show", "--search", "investigations", "--format", "json") == 0
    assert json.loads(capsys.readouterr().out) == []
    assert csp(meeting_db, "show", "--search", "INVESTIGATIONS", "--full") == 0
    assert SECRET in capsys.readouterr().out
    assert csp(meeting_db, "show", "--item", "6", "--format", "json") == 0
    assert json.loads(capsys.readouterr().out) == [
        {"time": "11:36:40", "where": "6", "item_id": 6, "speaker": "", "text": "[restricted]",
         "restricted": True, "cues": 2}]


def test_show_by_item_speaker_and_words(meeting_db: Path, capsys):
    assert csp(meeting_db, "import", str(FIXTURES / VTT), "--started", "09:58:30") == 0
    capsys.readouterr()
    assert csp(meeting_db, "show", "--item", "2") == 0
    assert capsys.readouterr().out.splitlines() == [
        "2  Declaration of Interests",
        "  10:05:02  Stephen Clayman: Item two, any declarations of interest?",
        "  10:05:09  -: [No response]",
        "  10:05:14  Stephen Clayman: None noted, thank you."]
    assert csp(meeting_db, "show", "--speaker", "andy opie", "--search", "housing") == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        "  11:11:44  Andy Opie: Housing have offered two flats a year to start with."]
    assert csp(meeting_db, "show", "--item", "9") == 2
    assert one_error_line(capsys) == "csp: no item 9 on the agenda"


def test_show_makes_words_from_the_file_safe_for_the_terminal(meeting_db: Path,
                                                              tmp_path: Path, capsys):
    path = write_vtt(tmp_path / "t.vtt", [
        Cue(100, 104, "Jade Hodgson", "hello \x1b]0;owned\x07 there \u202e")])
    assert csp(meeting_db, "import", str(path), "--started", "09:58:30") == 0
    capsys.readouterr()
    assert csp(meeting_db, "show") == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u202e" not in out
    assert "hello \\x1b]0;owned\\x07 there \\u202e" in out


def test_stats_per_item_by_speaker_with_restricted_speakers_withheld(meeting_db: Path,
                                                                    capsys):
    assert csp(meeting_db, "import", str(FIXTURES / VTT), "--started", "09:58:30") == 0
    capsys.readouterr()
    assert csp(meeting_db, "stats") == 0
    out = capsys.readouterr().out.splitlines()
    first = out.index("1  Introductions and Apologies for Absence  00:39")
    assert out[first + 1].startswith("  Stephen Clayman          ███████████████▏ ")
    assert out[first + 1].endswith("00:16")
    restricted = out.index("6  Prevent Update  00:18")
    assert out[restricted + 1].startswith("  [restricted]")
    assert not any("Andy Opie" in line for line in out[restricted:restricted + 3])
    assert csp(meeting_db, "stats", "--full") == 0
    assert "  Andy Opie " in capsys.readouterr().out


def test_shift_moves_the_start_and_files_every_cue_again(meeting_db: Path, capsys):
    assert csp(meeting_db, "import", str(FIXTURES / VTT), "--started", "09:58:30") == 0
    assert csp(meeting_db, "shift", "-10") == 0
    assert "now starts at 09:58:20; every cue filed again" in capsys.readouterr().out
    # Ten seconds earlier, the cue at item 2's first second is still item 1's.
    assert filed(meeting_db)["Item two, any declarations of "][0].startswith("Introductions")
    assert csp(meeting_db, "shift", "+10") == 0
    assert filed(meeting_db)["Item two, any declarations of "][0] == "Declaration of Interests"
    assert csp(meeting_db, "shift", "soon") == 2
    assert "is not a number of seconds" in one_error_line(capsys)
    assert csp(meeting_db, "shift", "+36000") == 2
    assert "every cue falls outside the meeting" in one_error_line(capsys)
    assert filed(meeting_db)["Item two, any declarations of "][0] == "Declaration of Interests"


def all_bytes(db: Path) -> bytes:
    """The database as it lies on disk: the file, its write-ahead log and shared memory."""
    return b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*"))


def test_purge_leaves_no_trace_in_the_database(meeting_db: Path, capsys):
    assert csp(meeting_db, "import", str(FIXTURES / VTT), "--started", "09:58:30") == 0
    assert csp(meeting_db, "import", str(FIXTURES / VTT), "--started", "09:58:30",
               "--replace") == 0
    assert SECRET.encode() in all_bytes(meeting_db)
    conn = sqlite3.connect(meeting_db)
    # Never journaled, and no trigger or full-text index copies a cue anywhere.
    assert conn.execute("SELECT count(*) FROM journal WHERE tbl LIKE 'transcript%'"
                        ).fetchone() == (0,)
    assert conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND "
                        "sql LIKE '%transcript%'").fetchall() == []
    conn.close()
    capsys.readouterr()
    assert csp(meeting_db, "purge") == 0
    assert capsys.readouterr().out == ("deleted the transcript of the meeting of 31 March "
                                       "2021 for good (40 cues)\n")
    conn = sqlite3.connect(meeting_db)
    dump = "\n".join(conn.iterdump())
    assert conn.execute("SELECT count(*) FROM transcripts").fetchone() == (0,)
    conn.close()
    assert "investigations" not in dump and "Morning all" not in dump
    # Not merely unlinked: overwritten on disk, in the file and its log.
    for words in (SECRET, "Morning all, the recording", "Stopping the recording"):
        assert words.encode() not in all_bytes(meeting_db)
    assert csp(meeting_db, "purge") == 2
    assert "has no transcript" in one_error_line(capsys)


def test_no_export_contains_the_transcript(meeting_db: Path, tmp_path: Path, capsys):
    assert csp(meeting_db, "import", str(FIXTURES / VTT), "--started", "09:58:30") == 0
    for args in (["--out", str(tmp_path / "m.docx"), "--full", "--action-log"],
                 ["--out", str(tmp_path / "m.md"), "--full"],
                 ["--out", str(tmp_path / "m.json"), "--full"]):
        assert main(["--db", str(meeting_db), "export", *args]) == 0
    word = "\n".join(p.text for p in Document(str(tmp_path / "m.docx")).paragraphs)
    texts = [word, (tmp_path / "m.md").read_text(), (tmp_path / "m.json").read_text()]
    for text in texts:
        for words in ("recording and transcript", "survivors", SECRET, "Daniel James"):
            assert words not in text


def test_a_three_hour_word_transcript_takes_its_start_from_its_header(
        db_path: Path, tmp_path: Path, clock, capsys):
    with Repository.open(db_path, clock=clock) as repo:
        generated_meeting(repo)
    cues = generated_cues(3000)
    path = write_docx(tmp_path / "t.docx", cues, RECORDING.replace(tzinfo=None))
    assert csp(db_path, "import", str(path)) == 0
    out = capsys.readouterr().out
    assert "the recording started at 09:58:00 (transcript)" in out
    conn = sqlite3.connect(db_path)
    places = dict(conn.execute("SELECT coalesce(place, 'item'), count(*) FROM transcript_cues "
                               "GROUP BY 1").fetchall())
    sub = conn.execute("SELECT count(*) FROM transcript_cues JOIN items ON items.id = item_id "
                       "WHERE parent_id IS NOT NULL").fetchone()[0]
    conn.close()
    assert sum(places.values()) == sum(1 for c in cues if c.speaker)
    assert places["before"] > 0 and places["between"] > 0 and places["after"] > 0
    assert sub > 0
    # The same three hours as WebVTT (no header, so --started), replacing it.
    vtt = write_vtt(tmp_path / "t.vtt", cues)
    assert csp(db_path, "import", str(vtt), "--started", "09:58:30", "--replace") == 0
    assert imported(db_path) == 3000


def test_approving_the_minutes_suggests_purging_the_transcript(meeting_db: Path, capsys):
    assert csp(meeting_db, "import", str(FIXTURES / VTT), "--started", "09:58:30") == 0
    assert main(["--db", str(meeting_db), "minutes", "close", "--meeting", "1"]) == 0
    capsys.readouterr()
    assert main(["--db", str(meeting_db), "minutes", "approve", "--meeting", "1"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "the meeting still has its Teams transcript (40 cues): now the minutes are "
        "approved, delete it for good with csp transcript purge --meeting 2021-03-31")
    assert imported(meeting_db) == 40  # suggested, not done
