"""Query parsing: operators, phrases and exclusions, and no input that can break it."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kenme.search.query import MAX_QUERY_LENGTH, MAX_WORDS, ParsedQuery, parse

PLAIN_WORD = re.compile(r"^\w+$")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", ParsedQuery()),
        ("   ", ParsedQuery()),
        ("kostendelersnorm", ParsedQuery(terms=["kostendelersnorm"], prefix=True)),
        ("kostendelersnorm ", ParsedQuery(terms=["kostendelersnorm"])),
        ("kostendelersnorm?", ParsedQuery(terms=["kostendelersnorm"])),
        ("kosten*", ParsedQuery(terms=["kosten"], prefix=True, star=True)),
        ("Cliënt AOW'ers", ParsedQuery(terms=["Cliënt", "AOWers"], prefix=True)),
        ("P-wet", ParsedQuery(terms=["P", "wet"], prefix=True)),
        ('"exacte zin"', ParsedQuery(phrases=["exacte zin"])),
        ("„gezamenlijke huishouding”", ParsedQuery(phrases=["gezamenlijke huishouding"])),
        (
            'kdn "inwonende zoon" bijstand',
            ParsedQuery(terms=["kdn", "bijstand"], phrases=["inwonende zoon"], prefix=True),
        ),
        ("-uitsluiten woning", ParsedQuery(terms=["woning"], excluded=["uitsluiten"], prefix=True)),
        ('-"jonger dan 27"', ParsedQuery(excluded_phrases=["jonger dan 27"])),
        ('-"zoon"', ParsedQuery(excluded=["zoon"])),
        ("--woning", ParsedQuery(excluded=["woning"])),
        ("- woning", ParsedQuery(terms=["woning"], prefix=True)),
        ("onderwerp:kostendelersnorm", ParsedQuery(topics=["kostendelersnorm"])),
        ("Onderwerp:Algemene-Bijstand,", ParsedQuery(topics=["algemene-bijstand"])),
        ("is:onbeantwoord is:geaccepteerd", ParsedQuery(flags={"unanswered", "accepted"})),
        ("is:bekrachtigd", ParsedQuery(flags={"endorsed"})),
        ("is:vraag", ParsedQuery(type="question")),
        ("is:vraag is:aanplakker", ParsedQuery(type="aanplakker")),  # the last one wins
        ("is:onzin woning", ParsedQuery(terms=["woning"], prefix=True, ignored=["is:onzin"])),
        ("-is:vraag", ParsedQuery(ignored=["-is:vraag"])),
        ("onderwerp: woning", ParsedQuery(terms=["woning"], prefix=True, ignored=["onderwerp:"])),
        ("kdn:woning", ParsedQuery(terms=["kdn", "woning"], prefix=True)),
        ('"gezamenlijke huish', ParsedQuery(terms=["gezamenlijke", "huish"], prefix=True)),
        ('-"jonger dan', ParsedQuery(terms=["dan"], excluded=["jonger"], prefix=True)),
        ('"a" "b" "c', ParsedQuery(terms=["c"], phrases=["a", "b"], prefix=True)),
        (
            "kdn OR kostendelersnorm AND NOT woning NEAR",
            ParsedQuery(terms=["kdn", "kostendelersnorm", "woning"]),
        ),
        ("or and", ParsedQuery(terms=["or", "and"], prefix=True)),
        ("'; DROP TABLE posts; --", ParsedQuery(terms=["DROP", "TABLE", "posts"])),
        ("<script>alert(1)</script>", ParsedQuery(terms=["script", "alert", "1", "script"])),
        ("a* NEAR(b c) ^d e:f", ParsedQuery(terms=["a", "b", "c", "d", "e", "f"], prefix=True)),
        ("kdn is:vraag", ParsedQuery(terms=["kdn"], type="question")),
    ],
)
def test_parse(raw, expected):
    assert parse(raw) == expected


@pytest.mark.parametrize(
    ("raw", "has_text", "is_empty"),
    [
        ("", False, True),
        ("?!", False, True),
        ("is:vraag", False, False),
        ("-woning", False, False),
        ("woning", True, False),
        ('"woning"', True, False),
    ],
)
def test_has_text_and_is_empty(raw, has_text, is_empty):
    query = parse(raw)
    assert (query.has_text, query.is_empty) == (has_text, is_empty)


@pytest.mark.parametrize("raw", [None, b"kdn", 42])
def test_parse_takes_a_missing_or_odd_query_as_empty(raw):
    assert parse(raw) == ParsedQuery()


def test_long_queries_are_cut_to_the_limit():
    query = parse("woning " * 1000)
    assert len(query.terms) == MAX_QUERY_LENGTH // len("woning ") + 1
    assert parse("x" * 10_000).terms == ["x" * MAX_QUERY_LENGTH]


def test_word_budget_spans_terms_phrases_and_exclusions():
    query = parse('"a b c d e f g h i j" -k ' + " ".join(f"w{i}" for i in range(40)))
    words = [w for p in query.phrases for w in p.split()] + query.excluded + query.terms
    assert len(words) == MAX_WORDS
    assert query.terms[-1] == f"w{MAX_WORDS - 12}"


@pytest.mark.parametrize(
    "raw",
    [
        'onderwerp:kostendelersnorm is:onbeantwoord is:vraag "exacte zin" -uitsluiten kdn',
        '"inwonende zoon" -"jonger dan 27" kdn woning ',
        "is:geaccepteerd is:bekrachtigd",
        "",
    ],
)
def test_text_is_canonical(raw):
    assert parse(raw).text() == raw


def words_of(query: ParsedQuery) -> list[str]:
    """Return every word the query hands to an engine."""
    phrases = [w for p in query.phrases + query.excluded_phrases for w in p.split(" ")]
    return query.terms + query.excluded + phrases


SYNTAX = st.sampled_from(
    ['"', "-", ":", "*", "(", ")", "^", " ", "is:", "onderwerp:", "NEAR", "AND", "OR", "'", ";"]
)
QUERIES = st.one_of(
    st.text(max_size=1200),
    st.lists(st.one_of(SYNTAX, st.text(max_size=6)), max_size=60).map("".join),
)


@settings(max_examples=400, database=None, deadline=None)
@given(QUERIES)
def test_parse_never_raises_and_hands_out_plain_words(raw):
    query = parse(raw)
    assert all(PLAIN_WORD.match(word) for word in words_of(query))
    assert all(SLUG.match(topic) for topic in query.topics)
    assert query.flags <= {"unanswered", "accepted", "endorsed"}
    assert query.type in (None, "question", "aanplakker")
    assert len(words_of(query)) <= MAX_WORDS
    assert sum(len(word) for word in words_of(query)) <= MAX_QUERY_LENGTH


@settings(max_examples=300, database=None, deadline=None)
@given(st.lists(st.one_of(SYNTAX, st.text(max_size=6)), max_size=20).map("".join))
# Found only in the full suite, where Hypothesis also draws the constants of every loaded module:
# a quoted keyword is an excluded word, and text() must keep it quoted.
@example('-"NEAR"')
@example('-"AND" -"OR" NOT')
def test_text_round_trips(raw):
    query = parse(raw)
    assert parse(query.text()) == replace(query, ignored=[])


def test_a_long_question_loses_its_question_words_a_short_query_keeps_them():
    question = (
        "is het erg als ik bij een vergelijkbare klant steeds anders beslis dan mijn collega?"
    )
    assert parse(question).terms == [
        "is",
        "het",
        "als",
        "ik",
        "bij",
        "een",
        "vergelijkbare",
        "klant",
        "anders",
        "beslis",
        "dan",
        "mijn",
        "collega",
    ]
    # Four words besides stop words: a keyword query, every word counts.
    assert parse("niet eens advies beschut").terms == ["niet", "eens", "advies", "beschut"]
    # Never down to fewer than two terms, and the word being typed stays.
    assert parse("niet geen steeds elke hoeveel bijstand").terms == [
        "niet",
        "geen",
        "steeds",
        "elke",
        "hoeveel",
        "bijstand",
    ]
    assert parse("klant vraagt elke maand extra geld nooit").terms[-1] == "nooit"
    assert parse("klant vraagt elke maand extra geld nooit ").terms == [
        "klant",
        "vraagt",
        "maand",
        "extra",
        "geld",
    ]
