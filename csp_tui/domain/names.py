"""Names: splitting a list of names, and matching a name to a board's roster.

Two rules live here, and everything calls them:

* **Typed names** (an action's owner, ``/present A, B and C``): :func:`split_names`
  takes a list apart ("A, B, and C", "A and B", "A & B") and :func:`resolve_name`
  matches each name to one roster person: the full name (any case, "Cllr" =
  "Councillor"), else a first name or surname that fits exactly one person, looking
  first at those attending. Two or more candidates match nobody.
* **Tolerant matching** (names from Teams, or near-misses in the minutes):
  :func:`match_name`. The rule that matters: two different people are never merged
silently. Only a match on the exact name, on the name normalised (case, "Surname,
First" order, "Cllr" for "Councillor", hyphens, accents, honorifics) or on the e-mail
address is *confident*; short forms ("Tom" / "Thomas"), close spellings ("Parrot" /
"Parrott") and e-mail-looking names are *guesses*: proposals with a confidence that a
person confirms.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from csp_tui.domain.models import Person

#: Titles that are part of how a councillor is named: "Cllr" is "Councillor".
_TITLES = {"cllr": "councillor", "cllr.": "councillor", "clr": "councillor",
           "clr.": "councillor", "councillor": "councillor", "councilor": "councillor"}
#: Honorifics dropped before comparing.
_HONORIFICS = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame",
               "rev", "revd"}

#: Groups of first names that are the same person's name in short and long form.
_SHORT_FORMS = [
    "tom thomas tommy", "phil philip phillip", "phil pip phillippa philippa pippa",
    "chris christopher kit", "chris christine christina chrissie", "steve stephen steven",
    "mike michael mick mickey", "dave david davey", "dan daniel danny",
    "jon jonathan jonny", "john jack johnny", "nick nicholas nicky", "nicki nicola nicky",
    "rob robert bob bobby robbie bert", "will william bill billy liam",
    "jim james jimmy jamie", "matt matthew matty", "andy andrew drew andi",
    "tony antony anthony", "kate katherine catherine kathryn katie cath kath cathy kit",
    "liz elizabeth beth lizzie betty eliza", "sue susan suzanne susie",
    "jen jenny jennie jennifer", "sam samuel sammy", "sam samantha sammie",
    "alex alexander alexandra sandy", "ben benjamin benny", "ed edward eddie ted ned",
    "fred frederick freddie", "greg gregory", "jo joanne joanna josephine jo-anne",
    "joe joseph joey", "ken kenneth kenny", "larry laurence lawrence laurie",
    "mel melody melanie", "nat nathan nathaniel", "nat natalie natasha tash",
    "pat patrick paddy", "pat patricia trish tricia", "pete peter", "rich richard rick dick",
    "ron ronald ronnie", "tim timothy timmy", "vicky victoria vicki tori",
    "charlie charles chas chuck", "charlie charlotte lottie", "harry henry hal",
    "harry harold", "ian iain", "abi abigail abby gail", "debbie deborah debra deb",
    "becky rebecca becca", "mandy amanda", "angie angela", "di diana diane",
    "fi fiona", "gill gillian jill", "jess jessica jessie", "lou louise louisa",
    "maggie margaret meg peggy maggi", "pam pamela", "steph stephanie",
    "theo theodore", "val valerie", "gerry gerald gerard ged", "len leonard lenny",
    "les leslie lesley", "mo maureen", "tess teresa theresa tessa", "wendy gwendolyn",
    "bea beatrice", "ollie oliver", "olly oliver", "jacqui jacqueline jackie",
]
_FORMS: dict[str, set[int]] = {}
for _i, _group in enumerate(_SHORT_FORMS):
    for _n in _group.split():
        _FORMS.setdefault(_n, set()).add(_i)

#: Confidence given to each kind of match: "e-mail" is the roster's own address,
#: "e-mail local part" an address whose local part is a roster name (see
#: :func:`email_local_name`).
CONFIDENT_KINDS = ("exact", "normalised", "e-mail", "e-mail local part")


@dataclass(frozen=True)
class NameParts:
    """A name taken apart: ``title`` ("councillor" or ""), ``first``, ``surname``."""

    key: str  # normalised whole name, tokens joined by single spaces
    title: str
    first: str
    surname: str


@dataclass
class Match:
    """The best roster person for a name, and how sure we are.

    ``confident`` is True only for exact, normalised and e-mail matches; anything else
    is a guess to be confirmed. ``alternatives`` are other people it might be.
    """

    person: Person
    score: float
    kind: str
    alternatives: list[tuple[Person, float]] = field(default_factory=list)

    @property
    def confident(self) -> bool:
        return self.kind in CONFIDENT_KINDS

    def describe(self) -> str:
        """"Brian Parrott (close spelling, 95%)"."""
        return f"{self.person.name} ({self.kind}, {round(self.score * 100)}%)"


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


#: Text with case and accents aside: how names are compared, and transcripts searched.
fold = _fold


def split_name(name: str) -> NameParts:
    """Normalise a name: "THOMPSON, Stephen" -> first "stephen", surname "thompson";
    "Cllr Carpenter" -> title "councillor", surname "carpenter"."""
    raw = re.sub(r"\s*\([^)]*\)\s*$", "", name.strip())  # "(External)", "(CSP)"
    if "," in raw:
        before, _, after = raw.partition(",")
        if before.strip() and after.strip():
            raw = f"{after.strip()} {before.strip()}"
    else:
        words = raw.split()
        # "THOMPSON Stephen": a surname in capitals first, as directories write it.
        if (len(words) == 2 and words[0].isupper() and len(words[0]) > 1
                and not words[1].isupper()):
            raw = f"{words[1]} {words[0]}"
    text = _fold(raw).replace("'", "").replace("\u2019", "")
    tokens = [t for t in re.split(r"[^\w.]+|-", text) if t]
    tokens = [t.rstrip(".") for t in tokens if t.rstrip(".")]
    title = ""
    while tokens and (tokens[0] in _TITLES or tokens[0] in _HONORIFICS):
        if tokens[0] in _TITLES:
            title = "councillor"
        tokens = tokens[1:]
    if not tokens:
        return NameParts(key=title, title=title, first="", surname="")
    if len(tokens) == 1:
        first, surname = "", tokens[0]
    else:
        first, surname = tokens[0], " ".join(tokens[1:])
    key = " ".join(t for t in (title, first, surname) if t)
    return NameParts(key=key, title=title, first=first, surname=surname)


def same_first_name(a: str, b: str) -> float:
    """How alike two first names are: 1 equal, 0.9 short forms, 0.8 an initial, else
    the difflib ratio."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    if _FORMS.get(a, set()) & _FORMS.get(b, set()):
        return 0.9
    if (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b)):
        return 0.8
    return _ratio(a, b)


def _ratio(a: str, b: str) -> float:
    # Seam: difflib (and heapq) load with the first near-miss weighed, not at start-up.
    import difflib

    return difflib.SequenceMatcher(None, a, b).ratio() if a and b else 0.0


def similarity(query: NameParts, person: NameParts) -> tuple[float, str]:
    """A guess score in [0, 0.95] and its kind, or (0, "") when they are different
    people. Both the first name and the surname must be alike, so people sharing only
    a first name or only a surname are never proposed for each other."""
    if not query.surname or not person.surname:
        return 0.0, ""
    surname = 1.0 if query.surname == person.surname else _ratio(query.surname,
                                                                  person.surname)
    if query.first and person.first:
        first = same_first_name(query.first, person.first)
        if surname < 0.8 or first < 0.8:
            return 0.0, ""
        score = min(0.95, (first + surname) / 2)
        if surname == 1.0 and first == 0.9:
            return score, "short form"
        if surname == 1.0 and first == 0.8:
            return score, "initial"
        return score, "close spelling"
    # One side has no first name ("Councillor Carpenter"): only the same surname, and
    # only when the titles do not contradict, is worth proposing.
    if surname == 1.0 and (not query.title or not person.title or query.title == person.title):
        if query.title and person.title and not (query.first or person.first):
            return 0.0, ""  # would have been a normalised match
        return 0.7, "same surname"
    if surname >= 0.85 and query.title and query.title == person.title:
        return round(0.6 + surname / 4, 3), "close spelling"
    return 0.0, ""


def email_words(email: str) -> list[str]:
    """The words of an e-mail address's local part, in any case, parted at ``.``,
    ``_`` and ``-``: "Brian.Parrott@council.gov.uk" -> ["brian", "parrott"],
    "hazel.north-stephens@..." -> ["hazel", "north", "stephens"]; [] when it is not an
    address. The one reading of an address as a name, for a sure match
    (:func:`email_local_name`) and for a guess (:func:`_email_name`)."""
    local, at, _ = email.strip().partition("@")
    return [w for w in re.split(r"[._-]", local.casefold()) if w] if at else []


def _email_name(email: str) -> NameParts | None:
    """"brian.parrott2@example.org" -> the name Brian Parrott, for a guess (a number
    after the name, as a second account has, is dropped)."""
    words = email_words(email)
    if words:
        words[-1] = words[-1].rstrip("0123456789")
    words = [w for w in words if w]
    return split_name(" ".join(words)) if len(words) >= 2 else None


def email_local_name(email: str) -> str:
    """The words of an e-mail address's local part (:func:`email_words`), in the form
    :func:`name_words` gives a roster name, to compare the two: "Brian.Parrott@..." ->
    "brian parrott"; "" when it is not an address or has one word ("bparrott@").
    "b.parrott@" or "brian.parrott2@" give words that are no roster name, so they
    match nobody here (a guess may still offer them: :func:`_email_name`)."""
    words = email_words(email)
    return " ".join(words) if len(words) >= 2 else ""


def name_words(name: str) -> str:
    """A roster name as :func:`email_local_name` compares it: any case, words parted by
    spaces or hyphens. Only this: an address's local part counts as a name only when
    it is the name (Teams' display name may be misspelt; the address is not)."""
    return " ".join(w for w in re.split(r"[\s-]+", name.casefold()) if w)


def _shown_as(text: str, query: NameParts, person: Person, people: Sequence[Person],
              parts: Callable[[Person], NameParts]) -> bool:
    """Whether the name shown (``text``, split as ``query``) can be ``person``'s: none
    shown, or like theirs (a close spelling, or a word of it: "Brian P") and not more
    like anyone else's on the roster."""
    if not text:
        return True
    own = similarity(query, parts(person))[0]
    words = set(name_words(text).split())
    if own <= 0 and not words & set(name_words(person.name).split()):
        return False
    return all(similarity(query, parts(p))[0] <= own for p in people if p is not person)


def match_name(name: str, people: Sequence[Person], email: str = "",
               parts_of: dict[str, NameParts] | None = None) -> Match | None:
    """The roster person ``name`` (and ``email``) most likely is, or None.

    ``parts_of`` (from :func:`roster_parts`) saves re-splitting the roster's names
    when matching many names against it.
    """
    cache = parts_of if parts_of is not None else {}

    def parts(p: Person) -> NameParts:
        found = cache.get(p.name)
        if found is None:
            found = cache[p.name] = split_name(p.name)
        return found

    text = " ".join(name.split())
    mail = email.strip().casefold()
    if mail:
        hits = [p for p in people if p.email and p.email.strip().casefold() == mail]
        if len(hits) == 1:
            return Match(hits[0], 1.0, "e-mail")
    folded = text.casefold()
    exact = [p for p in people if " ".join(p.name.split()).casefold() == folded]
    if len(exact) == 1:
        return Match(exact[0], 1.0, "exact")
    query = split_name(text)
    if query.key:
        same = [p for p in people if parts(p).key == query.key]
        if len(same) == 1:
            return Match(same[0], 0.98, "normalised")
    spelt = email_local_name(mail) if mail else ""
    if spelt:
        # "brian.parrott@..." is Brian Parrott even when Teams shows "Brian Parrot";
        # not when the name shown is nothing like his, or more like someone else's
        # ("Jade Hodgsen" on Brian's laptop): then it is a guess to confirm.
        named = [p for p in people if name_words(p.name) == spelt]
        if len(named) == 1 and _shown_as(text, query, named[0], people, parts):
            return Match(named[0], 0.99, "e-mail local part")
    scored: dict[int, tuple[float, str, Person]] = {}

    def offer(p: Person, score: float, kind: str) -> None:
        k = id(p)
        if score > 0 and (k not in scored or score > scored[k][0]):
            scored[k] = (score, kind, p)

    for p in people:
        score, kind = similarity(query, parts(p))
        offer(p, score, kind)
    from_mail = _email_name(mail) if mail else None
    if from_mail:
        for p in people:
            pp = parts(p)
            if pp.key == from_mail.key:
                offer(p, 0.92, "e-mail name")
    if not scored and query.key:
        # Last resort for names that do not split into first name and surname.
        for p in people:
            r = _ratio(query.key, parts(p).key)
            if r >= 0.88:
                offer(p, round(min(0.9, r) * 0.9, 3), "close spelling")
    if not scored:
        return None
    ranked = sorted(scored.values(), key=lambda t: (-t[0], t[2].name))
    best = ranked[0]
    return Match(best[2], best[0], best[1],
                 alternatives=[(p, s) for s, _k, p in ranked[1:4]])


def close_person(typed: str, people: Sequence[Person]) -> Person | None:
    """The one roster person a name that is not on the roster stands close to (a close
    spelling, "Surname, First", a short form, an e-mail address), by the rules of
    :func:`match_name`; None when nobody is close, or two people are equally close."""
    typed = typed.strip()
    found = match_name("" if "@" in typed else typed, people,
                       email=typed if "@" in typed else "")
    if found is None:
        return None
    if found.alternatives and found.alternatives[0][1] >= found.score:
        return None
    return found.person


def roster_parts(people: Iterable[Person]) -> dict[str, NameParts]:
    """The cache :func:`match_name` takes: each roster name taken apart."""
    return {p.name: split_name(p.name) for p in people}


# ---------------------------------------------------------------------------- typed names

#: What separates names in a list: a comma (with or without "and" or "&" after it, the
#: Oxford comma), " and ", or "&".
_SEPARATOR = re.compile(r"(\s*,\s*(?:(?:and|&)\s+)?|\s+and\s+|\s*&\s*)", re.I)


def split_names_keeping(text: str) -> list[str]:
    """``text`` cut at the separators, keeping them: name, separator, name, ...

    Joined again they give ``text`` back, so a display can mark each name in place;
    the last part is the name still being typed, for completion.
    """
    return _SEPARATOR.split(text)


def split_names(text: str) -> list[str]:
    """"A, B, and C" -> ["A", "B", "C"] (also "A, B and C", "A & B"); a full stop at
    the end is not part of the last name."""
    parts = split_names_keeping(text.strip().rstrip("."))
    return [n.strip() for n in parts[::2] if n.strip()]


def normalise_name(name: str) -> str:
    """"cllr  Worby" -> "Councillor Worby": spaces collapsed, the title spelled out."""
    words = name.split()
    if words and words[0].casefold() in _TITLES:
        words[0] = "Councillor"
    return " ".join(words)


@dataclass(frozen=True)
class Resolved:
    """A name as typed, and the roster person it stands for (if exactly one)."""

    typed: str
    person: Person | None = None
    candidates: tuple[Person, ...] = ()

    @property
    def name(self) -> str:
        """The roster name when matched, else the name as typed (Cllr -> Councillor)."""
        return self.person.name if self.person else normalise_name(self.typed)

    @property
    def ambiguous(self) -> bool:
        """Two or more roster people fit the name, so it stands for nobody."""
        return self.person is None and len(self.candidates) > 1

    def ambiguity(self) -> str:
        """"'Stephen' could be Stephen Clayman or Stephen Thompson"."""
        names = [p.name for p in self.candidates]
        return f"{self.typed!r} could be {', '.join(names[:-1])} or {names[-1]}"


def _is_councillor(name: str) -> bool:
    return normalise_name(name).casefold().startswith("councillor ")


def _words(name: str) -> list[str]:
    words = normalise_name(name).casefold().split()
    # "Councillor Worby" has a surname but no first name.
    return words[1:] if words and words[0] == "councillor" else words


#: "Refuge/Hazel North-Stephens" and "Hazel North-Stephens (Refuge)": a person and the
#: body they come from, either way round.
_WITH_BODY = re.compile(r"\s*([^/()]+?)\s*/\s*([^/()]+?)\s*|\s*([^()]+?)\s*\(([^()]+)\)\s*")


def name_and_body(typed: str) -> tuple[str, ...]:
    """The two halves of "Org/Person" or "Person (Org)", person side first where the
    form says which; () for a plain name."""
    m = _WITH_BODY.fullmatch(typed)
    if m is None:
        return ()
    if m.group(3):
        return (m.group(3), m.group(4))
    return (m.group(2), m.group(1))


def resolve_name(typed: str, roster: Sequence[Person],
                 attending: Iterable[int] = ()) -> Resolved:
    """Match a typed name to one roster person: the exact name (case-insensitive,
    "Cllr" = "Councillor"); else a single word that is the first name or the surname of
    exactly one person, looked for first among those attending (person ids), then the
    whole roster. Two or more candidates match nobody (``candidates`` lists them)."""
    want = normalise_name(typed).casefold()
    for p in roster:
        if normalise_name(p.name).casefold() == want:
            return Resolved(typed, p)
    halves = name_and_body(typed)
    if halves:
        # The person half of "Refuge/Hazel North-Stephens"; the body is not a person.
        found = [r.person for r in (resolve_name(h, roster, attending) for h in halves)
                 if r.person is not None]
        return Resolved(typed, found[0]) if len(found) == 1 else Resolved(typed)
    words = _words(typed)
    if len(words) != 1:
        return Resolved(typed)
    w = words[0]
    is_cllr = _is_councillor(typed)

    def hits(people: Iterable[Person]) -> list[Person]:
        out = []
        for p in people:
            pw = _words(p.name)
            if not pw:
                continue
            p_cllr = _is_councillor(p.name)
            if is_cllr and not p_cllr:
                continue
            # A councillor is known by surname: "Worby", not a first name.
            if pw[-1] == w or (pw[0] == w and not p_cllr):
                out.append(p)
        return out

    here = set(attending)
    found = hits(p for p in roster if p.id in here)
    if not found:
        found = hits(roster)
    if len(found) == 1:
        return Resolved(typed, found[0])
    return Resolved(typed, None, tuple(found))


def resolve_names(text: str, roster: Sequence[Person],
                  attending: Iterable[int] = ()) -> list[Resolved]:
    """Each name of a typed list (:func:`split_names`) matched by :func:`resolve_name`."""
    here = list(attending)
    return [resolve_name(n, roster, here) for n in split_names(text)]


def person_ids(resolved: Iterable[Resolved]) -> list[int]:
    """The ids of the roster people matched, each once, in the order named."""
    return list(dict.fromkeys(r.person.id for r in resolved
                              if r.person is not None and r.person.id is not None))
