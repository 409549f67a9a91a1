"""Tolerant matching: every true variant is found, and different people are never
merged (the same first name or the same surname is not the same person)."""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csp_tui.domain.models import Group, Person
from csp_tui.domain.names import match_name, split_name

FIXTURES = Path(__file__).parent.parent / "fixtures"


def roster() -> list[Person]:
    with (FIXTURES / "roster.csv").open(encoding="utf-8-sig") as fh:
        people = [Person(id=i, name=r["name"], group=Group(r["group"]))
                  for i, r in enumerate(csv.DictReader(fh), 1)]
    # Extra people who share a first name or a surname with someone on the roster.
    extra = ["Sarah Thompson", "Stephen Clayton", "Thomas Long", "Tom Fuller",
             "Christine Lyons", "Chris Lyon-Smith", "Mark Longman",
             "Jade Hodges", "Councillor Carpenter-Smith", "Brian Parrott-Jones",
             "Phil Bannister", "Angela Fuller"]
    people += [Person(id=100 + i, name=n) for i, n in enumerate(extra)]
    people.append(Person(id=200, name="Dawn Patel", email="d.patel@example.gov.uk"))
    return people


PEOPLE = roster()

# (as written somewhere, roster name, confident?)
TRUE_PAIRS = [
    ("Stephen Clayman", "Stephen Clayman", True),
    ("stephen clayman", "Stephen Clayman", True),
    ("STEPHEN CLAYMAN", "Stephen Clayman", True),
    ("THOMPSON, Stephen", "Stephen Thompson", True),
    ("Thompson, Stephen", "Stephen Thompson", True),
    ("THOMPSON Stephen", "Stephen Thompson", True),
    ("Cllr Carpenter", "Councillor Carpenter", True),
    ("Cllr. Mullane", "Councillor Mullane", True),
    ("councillor worby", "Councillor Worby", True),
    ("Hazel North Stephens", "Hazel North-Stephens", True),
    ("Dr Matthew Cole", "Matthew Cole", True),
    ("Ifthahar Ahmed (External)", None, None),
    ("Brian Parrot", "Brian Parrott", False),
    ("Kevin McKambe", "Kevin Makambe", False),
    ("Kevin Makembe", "Kevin Makambe", False),
    ("Chris Lyon", "Chris Lyons", False),
    ("Christopher Lyons", "Chris Lyons", False),
    ("Steve Clayman", "Stephen Clayman", False),
    ("Phil Salvador-Jones", "Pip Salvador-Jones", False),
    ("Phillippa Salvador-Jones", "Pip Salvador-Jones", False),
    ("Dan James", "Daniel James", False),
    ("Matt Cole", "Matthew Cole", False),
    ("Jon Woodhams", "Jonathan Woodhams", False),
    ("Larry Piemonte", "Laurence Piemonte", False),
    ("Lawrence Piemonte", "Laurence Piemonte", False),
    ("Ioannis Mathioudakas", "Ioannis Mathioudakis", False),
    ("J Hodgson", "Jade Hodgson", False),
    ("Jenny Coombes", "Jennie Coombes", False),
    ("Antony Ross", "Antony Rose", False),
    ("Maureen Worby", "Councillor Worby", False),
]


@pytest.mark.parametrize(("written", "name", "confident"), TRUE_PAIRS)
def test_true_variants_are_found(written: str, name: str | None,
                                 confident: bool | None) -> None:
    m = match_name(written, PEOPLE)
    if name is None:
        assert m is None
        return
    assert m is not None and m.person.name == name, m and m.describe()
    assert m.confident is confident
    assert 0 < m.score <= 1 and (m.score >= 0.98) is confident


def test_email_match_is_confident_and_beats_the_name() -> None:
    m = match_name("D Patel (Guest)", PEOPLE, email="D.Patel@example.gov.uk")
    assert m is not None and m.person.name == "Dawn Patel" and m.kind == "e-mail"
    assert m.confident
    # An address whose local part is a roster name is that person, whatever Teams
    # shows as the name ("Brian Parrot", sic): sure, not a guess.
    for shown, email in [("Brian Parrot", "brian.parrott@council.gov.uk"),
                         ("Brian P", "Brian.Parrott@example.org"),
                         ("", "brian_parrott@example.org"),
                         ("Hazel N-S", "hazel.north-stephens@example.org"),
                         ("Hazel N-S", "hazel-north-stephens@example.org")]:
        m = match_name(shown, PEOPLE, email=email)
        assert m is not None and m.kind == "e-mail local part", (shown, email)
        assert m.confident and m.score >= 0.98
        assert m.person.name in ("Brian Parrott", "Hazel North-Stephens")


@pytest.mark.parametrize("shown, email", [
    ("Brian P", "bparrott@example.org"),  # initial and surname: not the name
    ("Brian P", "b.parrott@example.org"),
    ("Brian P", "brian.parrott2@example.org"),  # a number: not the name
    ("Brian Parrot", "parrott.brian@example.org"),  # surname first: not the name
    ("Brian P", "brian.parrott"),  # not an address
])
def test_an_address_that_only_looks_like_a_roster_name_is_a_guess(shown, email) -> None:
    m = match_name(shown, PEOPLE, email=email)
    assert m is None or not m.confident, m.describe()


@pytest.mark.parametrize("shown, email, guess", [
    # Jade on Brian's laptop, her name misspelt: like hers, not like his.
    ("Jade Hodgsen", "brian.parrott@example.org", "Jade Hodgson"),
    # Nothing like the person the address names: someone else on their account.
    ("Alex Brown", "brian.parrott@example.org", "Brian Parrott"),
])
def test_an_address_naming_someone_the_shown_name_is_not_is_a_guess(shown, email,
                                                                    guess) -> None:
    m = match_name(shown, PEOPLE, email=email)
    assert m is not None and m.person.name == guess and not m.confident, m.describe()


def test_the_display_name_beats_an_address_spelling_another_roster_name() -> None:
    # Jade joined on Brian's laptop: her exact name is surer than his address.
    m = match_name("Jade Hodgson", PEOPLE, email="brian.parrott@example.org")
    assert m is not None and (m.person.name, m.kind) == ("Jade Hodgson", "exact")


# Different people: same first name, or same surname, or both alike but distinct.
DIFFERENT = [
    ("Stephen Clayman", "Stephen Thompson"), ("Stephen Clayton", "Stephen Clayman"),
    ("Sarah Thompson", "Stephen Thompson"), ("Thomas Long", "Mark Long"),
    ("Tom Fuller", "Angie Fuller"), ("Christine Lyons", "Chris Lyons"),
    ("Mark Longman", "Mark Long"), ("Jade Hodges", "Jade Hodgson"),
    ("Angela Fuller", "Angie Fuller"), ("Brian Parrott-Jones", "Brian Parrott"),
    ("Phil Bannister", "Pip Salvador-Jones"),
]


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_people_are_never_merged(a: str, b: str) -> None:
    for written in (a, b):
        m = match_name(written, PEOPLE)
        assert m is not None and m.person.name == written, (written, m and m.describe())
        assert m.confident


def test_each_roster_name_matches_only_itself() -> None:
    for p in PEOPLE:
        m = match_name(p.name, PEOPLE)
        assert m is not None and m.person is p and m.confident


def test_no_confident_match_between_distinct_roster_people() -> None:
    """Matching one person's name against a roster without them never produces a
    confident match to anybody else."""
    for a, b in itertools.permutations(PEOPLE, 2):
        if split_name(a.name).first and split_name(b.name).first:
            m = match_name(a.name, [b])
            assert m is None or not m.confident, (a.name, b.name)


def test_split_name() -> None:
    assert split_name("THOMPSON, Stephen").key == "stephen thompson"
    assert split_name("Cllr Carpenter").key == "councillor carpenter"
    parts = split_name("Pip Salvador-Jones")
    assert (parts.first, parts.surname) == ("pip", "salvador jones")


@given(st.text(max_size=40), st.emails() | st.just(""))
def test_matching_never_crashes(name: str, email: str) -> None:
    m = match_name(name, PEOPLE, email)
    assert m is None or m.person in PEOPLE


def test_an_address_spelling_a_name_two_roster_people_share_is_no_sure_match() -> None:
    # Two boards' rosters, one name: the address cannot say which.
    twins = [Person(id=1, board_id=1, name="Sam Green"), Person(id=2, board_id=2,
                                                               name="Sam Green")]
    m = match_name("Sam Greene", twins, email="sam.green@example.org")
    assert m is None or not m.confident


@pytest.mark.parametrize("email, sure, guess", [
    ("Brian.Parrott@example.org", "brian parrott", "brian parrott"),
    ("hazel.north-stephens@example.org", "hazel north stephens", "hazel north stephens"),
    ("hazel-north-stephens@example.org", "hazel north stephens", "hazel north stephens"),
    ("brian_parrott2@example.org", "brian parrott2", "brian parrott"),  # a number: a guess
    ("bparrott@example.org", "", None),  # one word
    ("brian.parrott", "", None),  # not an address
])
def test_an_address_is_read_as_a_name_one_way(email, sure, guess) -> None:
    # The sure match and the guess read an address's words the same way (once they
    # split it apart differently): they differ only in what a trailing number means.
    from csp_tui.domain.names import _email_name, email_local_name

    assert email_local_name(email) == sure
    found = _email_name(email)
    assert (found.key if found else None) == guess
