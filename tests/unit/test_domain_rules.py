"""The agenda and due-date rules of the domain core, each stated once."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from csp_tui.domain.agenda import (
    STANDARD_ITEMS,
    StandardItem,
    full_number,
    item_heading,
    item_kind,
    item_ref,
    number_items,
    roman,
    roman_value,
    standard_kind,
)
from csp_tui.domain.dates import normalise_due


@pytest.mark.parametrize(("title", "kind"), [
    ("Minutes and Action Log", StandardItem.ACTION_LOG),
    ("Action Log", StandardItem.ACTION_LOG),
    ("ACTION LOG", StandardItem.ACTION_LOG),
    ("Minutes of the last meeting and actions", StandardItem.ACTION_LOG),
    ("Declaration of Interests", StandardItem.DECLARATIONS),
    ("Forward Plan", StandardItem.FORWARD_PLAN),
    ("Date of Next Meeting", StandardItem.NEXT_MEETING),
    ("AOB and Date of Next Meeting", StandardItem.NEXT_MEETING),
    ("Any Other Business", StandardItem.AOB),
    ("AOB", StandardItem.AOB),
    ("Introductions and Apologies for Absence", StandardItem.INTRODUCTIONS),
    ("Street Space Pilot", None),
    ("Knife crime action plan", None),
])
def test_standard_kind(title: str, kind: StandardItem | None):
    assert standard_kind(title) is kind


def test_every_standard_item_is_recognised_and_only_at_the_top():
    kinds = [standard_kind(title) for title, _ in STANDARD_ITEMS]
    assert None not in kinds and len(set(kinds)) == len(kinds)
    assert item_kind("Action Log", None) is StandardItem.ACTION_LOG
    assert item_kind("Action Log", 7) is None


def test_roman_numerals_and_numbering():
    assert [roman(n) for n in (1, 4, 9, 14, 20, 21)] == ["i", "iv", "ix", "xiv", "xx", "21"]
    assert [roman_value(t) for t in ("i", "IV", " xx ", "xxi", "")] == [1, 4, 20, None, None]
    rows = [(10, None), (11, 10), (12, None), (13, 10), (14, 12), (15, None)]
    own = number_items(rows)
    assert own == {10: "1", 11: "(i)", 12: "2", 13: "(ii)", 14: "(i)", 15: "3"}
    assert full_number(own[10], own[13]) == "1(ii)"


def test_item_heading_and_reference():
    """One way to head and name an item (minutes pane, clock, Word, checks, capture)."""
    assert item_heading("4", "Street Space Pilot") == "4. Street Space Pilot"
    assert item_heading("(ii)", "IVOLT", sub=True) == "(ii) IVOLT"
    assert item_heading("", "Welcome") == "Welcome"
    assert item_ref("4") == "item 4"
    assert item_ref("(ii)", "14") == "item 14 (ii)"
    assert item_ref("(ii)", "") == "item (ii)"


def test_agenda_rules_import_no_pydantic():
    # The csp actions fast path numbers items with this module.
    code = ("import sys, csp_tui.domain.agenda; "
            "print(sorted(m for m in sys.modules if m.startswith(('pydantic', 'csp_tui'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "['csp_tui', 'csp_tui.domain', 'csp_tui.domain.agenda']"


TODAY = dt.date(2021, 3, 31)


@pytest.mark.parametrize(("typed", "stored"), [
    ("30/04/2021", "2021-04-30"),
    ("2021-04-30", "2021-04-30"),
    ("30 April 2021", "2021-04-30"),
    ("30 April", "2021-04-30"),
    ("1 March", "2022-03-01"),  # a day without a year is the next such day
    (" 30/4/21 ", "2021-04-30"),
    ("asap", "ASAP"),
    ("As soon as possible", "ASAP"),
    ("next   board", "next board"),
    ("end of June 2021", "end of June 2021"),
    ("Q3 2021", "Q3 2021"),
    ("", ""),
])
def test_normalise_due(typed: str, stored: str):
    assert normalise_due(typed, today=TODAY) == stored


@pytest.mark.parametrize("typed", ["31/04/2021", "2021/13/01", "30 Apirl 2021"])
def test_a_broken_date_is_refused(typed: str):
    with pytest.raises(ValueError, match="is not a date"):
        normalise_due(typed, today=TODAY)
