"""Typo tolerance: the per-word budget, bounded edit distance and the vocabulary lookups."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kenme.search.typo import Vocabulary, allowed_typos, damerau_levenshtein_within, typo_cost


@pytest.mark.parametrize(
    ("word", "typos"),
    [
        ("", 0),
        ("kdn", 0),
        ("wwb", 0),
        ("abcd", 0),
        ("woning", 1),
        ("abcde", 1),
        ("abcdefgh", 1),
        ("abcdefghi", 2),
        ("kostendelersnorm", 2),
        ("wi2021", 0),  # digits: never a typo
        ("22a", 0),
    ],
)
def test_allowed_typos_follows_word_length(word, typos):
    assert allowed_typos(word) == typos


@pytest.mark.parametrize(
    ("a", "b", "k", "within"),
    [
        ("woning", "woning", 0, True),
        ("woning", "wonign", 1, True),  # a swap of neighbours is one edit
        ("woning", "wonnig", 1, True),
        ("woning", "wining", 0, False),
        ("woning", "wining", 1, True),
        ("kostendelersnorm", "kostendelersnrom", 1, True),
        ("kostendelersnorm", "kostndelersnrom", 1, False),
        ("kostendelersnorm", "kostndelersnrom", 2, True),
        ("ca", "abc", 2, False),  # restricted: no edit inside a swapped pair
        ("", "ab", 2, True),
        ("", "abc", 2, False),
        ("abc", "abc", -1, False),
    ],
)
def test_damerau_levenshtein_within(a, b, k, within):
    assert damerau_levenshtein_within(a, b, k) is within


@pytest.mark.parametrize(
    ("word", "candidate", "cost"),
    [
        ("kostendelersnrom", "kostendelersnorm", 1),
        ("wonig", "woning", 1),
        ("bijstnad", "bijstand", 1),
        ("bijstand", "bijstand", 0),
        ("vijstand", "bijstand", None),  # the first letter costs two; 8 letters allow one
        ("hostendelersnorm", "kostendelersnorm", 2),
        ("ostendelersnorm", "kostendelersnorm", 2),
        ("okstendelersnorm", "kostendelersnorm", 2),
        ("hostendelersnrom", "kostendelersnorm", None),
        ("kdm", "kdn", None),
        ("2023", "2022", None),
        ("", "woning", None),
    ],
)
def test_typo_cost(word, candidate, cost):
    assert typo_cost(word, candidate) == cost


@pytest.fixture
def vocabulary() -> Vocabulary:
    return Vocabulary(
        [
            ("kostendelersnorm", 50),
            ("kostendeler", 20),
            ("bijstand", 90),
            ("bijstaan", 3),
            ("woning", 40),
            ("woningen", 10),
            ("wonen", 30),
            ("hostendelersnorm", 1),
            ("woning", 5),  # repeated terms add up
            ("", 7),  # ignored
        ]
    )


def test_vocabulary_counts_terms(vocabulary):
    assert len(vocabulary) == 8
    assert vocabulary.frequency("woning") == 45
    assert vocabulary.frequency("onbekend") == 0
    assert "bijstand" in vocabulary and "" not in vocabulary


@pytest.mark.parametrize(
    ("word", "limit", "expected"),
    [
        ("kostendelersnrom", 5, ["kostendelersnorm"]),
        ("kostendelersnorm", 5, ["hostendelersnorm"]),  # itself is no correction
        ("bijstnad", 5, ["bijstand"]),
        ("bijstan", 5, ["bijstand", "bijstaan"]),  # one typo each: commonest first
        ("wonign", 5, ["woning"]),  # woningen is two typos away; six letters allow one
        ("wonign", 1, ["woning"]),
        ("wonign", 0, []),
        ("wonne", 5, ["wonen"]),
        ("kdm", 5, []),  # too short for typos
        ("ostendelersnorm", 5, ["kostendelersnorm", "hostendelersnorm"]),  # two typos each
        ("zzzzzzzzzz", 5, []),
    ],
)
def test_corrections(vocabulary, word, limit, expected):
    assert vocabulary.corrections(word, limit) == expected


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("won", ["woning", "wonen", "woningen"]),
        ("woning", ["woning", "woningen"]),
        ("kostendel", ["kostendelersnorm", "kostendeler"]),
        ("w", ["woning", "wonen", "woningen"]),
        ("x", []),
        ("", []),
    ],
)
def test_completions_commonest_first(vocabulary, prefix, expected):
    assert vocabulary.completions(prefix) == expected
    assert vocabulary.completions(prefix, limit=100) == expected  # beyond the short-prefix cache
    assert vocabulary.completions(prefix, limit=1) == expected[:1]


@pytest.mark.parametrize(
    ("tokens", "keep", "expected"),
    [
        (["kostendelersnrom", "bijstand"], (), "kostendelersnorm bijstand"),
        (["bijstand", "wonign"], (), "bijstand woning"),
        (["bijstand"], (), None),
        (["kdn", "bijstand"], ("kdn",), None),
        (["xyzzyqqq"], (), None),
        ([], (), None),
    ],
)
def test_did_you_mean(vocabulary, tokens, keep, expected):
    assert vocabulary.did_you_mean(tokens, keep=keep) == expected


words = st.text(alphabet="abcd", min_size=1, max_size=11)


@settings(max_examples=150, database=None, deadline=None)
@given(st.lists(words, min_size=1, max_size=60), words)
def test_corrections_agree_with_brute_force(terms, word):
    vocabulary = Vocabulary((term, 1) for term in terms)
    expected = {t for t in set(terms) if t != word and typo_cost(word, t) is not None}
    assert set(vocabulary.corrections(word, limit=len(terms) + 1)) == expected
