"""Patterns tried only where they can start find exactly what finditer finds (decision 0064).

Each detector that tries a pattern at chosen positions (kenme.privacy.anchored) relies on those
positions holding every place where the pattern can match. When a pattern is edited so that it
can start elsewhere (a lower-case alternative before a capitalised word, a word before a
number), these tests fail instead of the detector silently missing matches.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kenme.privacy import (
    ages,
    contact,
    dates,
    identifiers,
    name_fields,
    name_forms,
    names,
    organisations,
    phones,
    spelled,
    streets,
)
from kenme.privacy.anchored import Tokens, capital_starts, finditer_at, number_starts
from kenme.privacy.shapes import CAP_TOKEN

# Pieces that make the patterns match and nearly match, with the characters at their edges.
PIECES = [
    "klant", "Jan", "ex-partner", "noemt zich", "naam is", "mijn", "zoontje", "Bakker", "de",
    "van", "Van der", "Op den", "In 't", "J.", "P.J.", "A.B.", "Kaya, E.", "Jansens", "dochter",
    "Noor (9)", "(16)", "Thijs Koopmans, 23,", "58-jarige", "34", "jaar", "oud", "jr.", "werd",
    "is geworden", "Bakkerij", "sociale", "Werkplaats", "eetcafé", "OBS", "RKBS", "Stichting",
    "'t", "ter", "ten", "een", "eén", "één", "geen", "nul", "zes", "zeven", "tig", "negentien",
    "maart", "Öztürk", "İlker", "ſ", "K", "_", "7", "٣", ",", ".", "-", ":", "'",
    # numbers for the patterns that start at a digit: dates, postcodes, BSNs, house numbers
    "1234 AB", "2514gl", "1073 ve", "12-03-1990", "3 mei 1950", "03-XI-1964", "07/23/1990",
    "1990-03-12", "19920813", "3-OCT-75", "1-ABC-234", "111222333", "1234.56.782", "14-II,",
    "NL91 ABNA 0417 1643 00", "nl91abna0417164300", "+31 6 1234 5678", "(020) 123 4567",
    "06-12345678", "tel0612345678", "12ABC3", "GZ-123-K", "Kerkstraat", "Singel",
    "14, Kerkstraat", "3a, Hofweg", "2024", "12", "/", "nr.",
]  # fmt: skip
JOINTS = [" ", "", "  ", "\n", ", ", "-", "\t", "\u00a0"]
TEXTS = st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(JOINTS)), max_size=24).map(
    lambda parts: "".join(piece + joint for piece, joint in parts)
)
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ANCHORED = [
    ("CAP_TOKEN", CAP_TOKEN, capital_starts),
    ("names._INITIALLED", names._INITIALLED, capital_starts),
    ("names._AFTER_RELATION", names._AFTER_RELATION, names._relation_starts),
    ("name_forms._REVERSED", name_forms._REVERSED, capital_starts),
    ("name_forms._GENITIVE", name_forms._GENITIVE, capital_starts),
    ("name_forms._WITH_AGE", name_forms._WITH_AGE, capital_starts),
    ("name_forms._NAME_PARTICLE", name_forms._NAME_PARTICLE, capital_starts),
    ("name_fields._INITIALS_PERSON", name_fields._INITIALS_PERSON, capital_starts),
    ("ages._NAME_AGE_APPOSITION", ages._NAME_AGE_APPOSITION, capital_starts),
    ("ages._AGE_JARIGE", ages._AGE_JARIGE, number_starts),
    ("ages._AGE_JAAR_OUD", ages._AGE_JAAR_OUD, number_starts),
    ("ages._AGE_BECAME", ages._AGE_BECAME, number_starts),
    ("ages._AGE_AFTER_NAME", ages._AGE_AFTER_NAME, number_starts),
    ("organisations._TYPE_FIRST", organisations._TYPE_FIRST, organisations._type_first_starts),
    *(
        (f"{module.__name__.rsplit('.', 1)[1]}.{name}", getattr(module, name), number_starts)
        for module, name in (
            (identifiers, "_BSN"), (identifiers, "_BSN_NAMED"), (identifiers, "_BELGIAN_PLATE"),
            (dates, "_DATE_WORDS"), (dates, "_DATE_DASHED"), (dates, "_DATE_NUMERIC"),
            (dates, "_DATE_ISO"), (dates, "_DATE_ROMAN"), (dates, "_DATE_US"),
            (dates, "_DATE_MONTH_FIRST"), (dates, "_DATE_COMPACT"), (contact, "_POSTCODE"),
            (contact, "_POSTCODE_LOWER"), (contact, "_POSTCODE_SPACED_LOWER"),
            (streets, "_LOWER_POSTCODE"), (streets, "_NUMBER_COMMA_STREET"),
        )
    ),
    ("identifiers._IBAN", identifiers._IBAN, lambda t: identifiers.iban_starts(number_starts(t))),
    (
        "identifiers._TRANSITION",
        identifiers._TRANSITION,
        lambda t: identifiers.transition_starts(t, number_starts(t)),
    ),
    ("phones._PHONE", phones._PHONE, lambda t: phones.phone_starts(t, number_starts(t))),
]  # fmt: skip


def spans(matches) -> list[tuple[int, int]]:
    return [match.span() for match in matches]


@pytest.mark.parametrize(("name", "pattern", "starts"), ANCHORED, ids=[a[0] for a in ANCHORED])
@FUZZ
@given(text=TEXTS)
def test_anchored_patterns_find_what_finditer_finds(name, pattern, starts, text):
    assert spans(finditer_at(pattern, text, starts(text))) == spans(pattern.finditer(text))


@FUZZ
@given(text=TEXTS)
def test_spelled_seeds_are_the_seed_pattern_s_matches(text):
    lowered = text.lower()
    assert spans(spelled._seeds(lowered)) == spans(spelled._SEED.finditer(lowered))


def test_examples_match_where_finditer_does():
    text = "Mijn klant Jan Bakker (34) werd 58-jarige. Zij werkt bij Bakkerij De Hoop; geen twee"
    for _, pattern, starts in ANCHORED:
        assert spans(finditer_at(pattern, text, starts(text))) == spans(pattern.finditer(text))
    relation = finditer_at(names._AFTER_RELATION, text, [5])
    assert [match.group() for match in relation] == ["klant Jan Bakker"]


def test_positions_inside_a_match_are_skipped_as_finditer_skips_them():
    pattern = re.compile(r"ab|b")
    assert spans(finditer_at(pattern, "abab", [0, 1, 2, 3])) == [(0, 2), (2, 4)]


def test_a_view_s_tokens_are_its_capitals_and_numbers_found_once():
    # The scan hands every detector of a view the same Tokens (test_no_text_kept checks that
    # none outlives the scan): each start list is found on first use and then shared.
    tokens = Tokens("Jan (34) woont op nr 12 in Zeist")
    assert tokens.capitals == capital_starts(tokens.text) == (0, 27)
    assert tokens.numbers == number_starts(tokens.text) == (5, 21)
    assert tokens.capitals is tokens.capitals
    assert tokens.numbers is tokens.numbers
