"""How messages name things and fit their room (csp_tui.domain.wording)."""

from __future__ import annotations

from csp_tui.domain.wording import action_words, excerpt, line_words, one_line, whose_action, wrap

PATH = "/home/notetaker/Documents/minutes/Community-Safety-Partnership-2021-03-31-minutes.docx"


def test_an_action_is_named_as_the_minutes_say_it():
    assert action_words("Jade Hodgson", "map the hotspots") == "Jade Hodgson to map the hotspots"
    assert action_words("Jade Hodgson", "to map the hotspots") == \
        "Jade Hodgson to map the hotspots"
    assert action_words("", "review the ISA") == "Review the ISA"
    assert whose_action("Jade Hodgson") == "Jade Hodgson's action"
    assert whose_action("Tom Jones") == "Tom Jones' action"
    assert whose_action("") == "the action with no owner"


def test_a_line_is_named_by_its_kind_and_first_words():
    assert line_words("bullet", "Crime is down.") == "the bullet 'Crime is down.'"
    long = "The board noted the figures for the quarter and asked for more detail"
    assert excerpt(long) == "The board noted the figures for the…"
    assert len(excerpt(long)) <= 40


def test_wrap_breaks_a_path_at_its_folders_never_mid_name():
    lines = wrap(f"Minutes written to {PATH}", 40)
    assert all(len(line) <= 40 for line in lines)
    assert lines == ["Minutes written to", "/home/notetaker/Documents/minutes/",
                     "Community-Safety-Partnership-2021-03-31-", "minutes.docx"]


def test_one_line_keeps_the_file_name_and_says_where_the_rest_is():
    message = f"Minutes written to {PATH}\n2 warnings, the first: x"
    assert one_line(message, 200) == f"Minutes written to {PATH} · 2 warnings, the first: x"
    shown = one_line(message, 78, " (ctrl+l)")
    assert shown.startswith("Minutes written to …/Community-Safety-Partnership-2021-03-31")
    assert len(shown) <= 78
    assert one_line("word " * 30, 40, " (ctrl+l)").endswith("… (ctrl+l)")
