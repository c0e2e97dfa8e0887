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

from kenme.privacy import ages, name_fields, name_forms, names, organisations, spelled
from kenme.privacy.anchored import capitals, finditer_at, numbers
from kenme.privacy.shapes import CAP_TOKEN

# Pieces that make the patterns match and nearly match, with the characters at their edges.
PIECES = [
    "klant", "Jan", "ex-partner", "noemt zich", "naam is", "mijn", "zoontje", "Bakker", "de",
    "van", "Van der", "Op den", "In 't", "J.", "P.J.", "A.B.", "Kaya, E.", "Jansens", "dochter",
    "Noor (9)", "(16)", "Thijs Koopmans, 23,", "58-jarige", "34", "jaar", "oud", "jr.", "werd",
    "is geworden", "Bakkerij", "sociale", "Werkplaats", "eetcafé", "OBS", "RKBS", "Stichting",
    "'t", "ter", "ten", "een", "eén", "één", "geen", "nul", "zes", "zeven", "tig", "negentien",
    "maart", "Öztürk", "İlker", "ſ", "K", "_", "7", "٣", ",", ".", "-", ":", "'",
]  # fmt: skip
JOINTS = [" ", "", "  ", "\n", ", ", "-", "\t", "\u00a0"]
TEXTS = st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(JOINTS)), max_size=24).map(
    lambda parts: "".join(piece + joint for piece, joint in parts)
)
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ANCHORED = [
    ("CAP_TOKEN", CAP_TOKEN, capitals),
    ("names._INITIALLED", names._INITIALLED, capitals),
    ("names._AFTER_RELATION", names._AFTER_RELATION, names._relation_starts),
    ("name_forms._REVERSED", name_forms._REVERSED, capitals),
    ("name_forms._GENITIVE", name_forms._GENITIVE, capitals),
    ("name_forms._WITH_AGE", name_forms._WITH_AGE, capitals),
    ("name_forms._NAME_PARTICLE", name_forms._NAME_PARTICLE, capitals),
    ("name_fields._INITIALS_PERSON", name_fields._INITIALS_PERSON, capitals),
    ("ages._NAME_AGE_APPOSITION", ages._NAME_AGE_APPOSITION, capitals),
    ("ages._AGE_JARIGE", ages._AGE_JARIGE, numbers),
    ("ages._AGE_JAAR_OUD", ages._AGE_JAAR_OUD, numbers),
    ("ages._AGE_BECAME", ages._AGE_BECAME, numbers),
    ("ages._AGE_AFTER_NAME", ages._AGE_AFTER_NAME, numbers),
    ("organisations._TYPE_FIRST", organisations._TYPE_FIRST, organisations._type_first_starts),
]


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


def test_no_scanned_text_stays_in_the_start_caches():
    # capitals() and numbers() are cached by the text itself: without emptying them after a
    # scan, the last texts scanned (client data the guard flagged, or a purged post) stayed in
    # every worker's memory until other texts pushed them out.
    from kenme.privacy import scan
    from kenme.privacy.anchored import capitals, numbers

    text = "Mevrouw Jansen (34) woont aan de Dorpsstraat 12 en heeft BSN 111222333."
    assert scan(text)
    assert capitals.cache_info().currsize == 0
    assert numbers.cache_info().currsize == 0
