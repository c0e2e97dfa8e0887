"""Dutch text analysis: normalising, stemming and stop words as both engines see them."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kenme.search.analysis import (
    MAX_TOKEN_LENGTH,
    STOP_WORDS,
    analyse,
    analyse_word,
    index_terms,
    normalise,
    stem,
    term_spans,
    tokenize,
)

PLAIN_TOKEN = re.compile(r"^\w+$")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cliënt", "client"),
        ("naïef café", "naief cafe"),
        ("AOW'ers", "aowers"),
        ("collega’s", "collega"),
        ("art. 22a  Pw!", "art 22a pw"),
        ("Ĳsselstein", "ijsselstein"),
        ("Straße", "strasse"),
        ("ﬁnancieel", "financieel"),
        ("€ 1.200,50", "1 200 50"),
        ("P-wet", "p wet"),
        ("foo_bar", "foo bar"),
        ("Søren Łódź", "soren lodz"),
        ("<script>alert(1)</script>", "script alert 1 script"),
        (" \t\n ", ""),
        ("", ""),
    ],
)
def test_normalise_folds_case_accents_and_punctuation(text, expected):
    assert normalise(text) == expected


def test_tokenize_cuts_overlong_tokens():
    assert tokenize("a" * 500 + " b") == ["a" * MAX_TOKEN_LENGTH, "b"]


@pytest.mark.parametrize(
    "forms",
    [
        ("terugvorderingen", "terugvordering"),
        ("samenwonende", "samenwonen", "samenwonend"),
        ("uitkeringen", "uitkering"),
        ("woningen", "woning"),
        ("kostendelers", "kostendeler"),
        ("maatregelen", "maatregel"),
        ("toeslagen", "toeslag"),
        ("inkomens", "inkomen"),
        ("vermogens", "vermogen"),
        ("gemeenten", "gemeentes", "gemeente"),
        ("sancties", "sanctie"),
        ("situaties", "situatie"),
        ("categorieën", "categorie"),
        ("boetes", "boete"),
        ("kinderen", "kind"),
        ("adressen", "adres"),
        ("verplichtingen", "verplichting"),
        ("alleenstaanden", "alleenstaande"),
        ("Huisbezoeken", "huisbezoek"),
    ],
)
def test_inflections_share_a_stem(forms):
    assert len({stem(normalise(form)) for form in forms}) == 1


@pytest.mark.parametrize(
    ("word", "starts_with"),
    [
        ("gemeente", "gemeen"),  # the Kraaij-Pohlmann stemmer would give "meen"
        ("geldlening", "geldlen"),  # ... and "ldleen"
        ("gezamenlijke", "gezam"),
        ("kostendelersnorm", "kostendelersnorm"),
    ],
)
def test_stemming_keeps_the_front_of_the_word(word, starts_with):
    assert stem(word).startswith(starts_with)


@pytest.mark.parametrize(
    ("a", "b"),
    [("kostendelersnorm", "kostendeler"), ("woning", "wonen"), ("proces", "procent")],
)
def test_different_words_keep_different_stems(a, b):
    assert stem(a) != stem(b)


@pytest.mark.parametrize("token", ["2023", "22a", "ww", "pw", "1e"])
def test_numbers_and_short_tokens_are_not_stemmed(token):
    assert stem(token) == token


def test_stem_is_cached():
    stem.cache_clear()
    stem("terugvorderingen")
    stem("terugvorderingen")
    assert stem.cache_info().hits == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("geen recht op bijstand", ["gen", "recht", "bijstand"]),
        ("Niet verwijtbaar, zonder vast adres", ["niet", "verwijt", "zonder", "vast", "adres"]),
        (
            "Geldt de kostendelersnorm als de inwonende zoon mantelzorg geeft?",
            ["kostendelersnorm", "inwon", "zon", "mantelzorg"],
        ),
        ("Wat is het en hoe dan?", []),
    ],
)
def test_analyse_drops_stop_words_but_keeps_negations(text, expected):
    assert analyse(text) == expected


def test_stop_words_are_written_in_normalised_form():
    assert all(normalise(word) == word for word in STOP_WORDS)
    assert {"geen", "niet", "zonder", "niets", "nooit"}.isdisjoint(STOP_WORDS)


@pytest.mark.parametrize(
    ("word", "expected"),
    [("Uitkeringen", "uitker"), ("de", None), ("", None), ("P-wet", None), ("Pw", "pw")],
)
def test_analyse_word_gives_one_stem_or_none(word, expected):
    assert analyse_word(word) == expected


def test_index_terms_is_the_space_joined_analysis():
    text = "De terugvorderingen van de gemeente Ĳsselstein (2023)"
    assert index_terms(text) == "terugvorder gemeent ijsselstein 2023"


def test_term_spans_point_into_the_original_text():
    text = "De Cliënt’s terugvorderingen, café!"
    spans = [(text[start:end], term) for start, end, term in term_spans(text)]
    assert spans == [("Cliënt’s", "client"), ("terugvorderingen", "terugvorder"), ("café", "caf")]


@settings(max_examples=300, database=None, deadline=None)
@given(st.text(max_size=300))
def test_analysis_of_any_text_gives_plain_stems(text):
    terms = analyse(text)
    assert all(PLAIN_TOKEN.match(term) for term in terms)
    assert normalise(normalise(text)) == normalise(text)
    assert [term for _, _, term in term_spans(text)] == terms


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("geweigerde", "weigeren"),
        ("weigert", "weigeren"),
        ("verhuisd", "verhuizen"),
        ("verhuisde", "verhuizing"),
        ("teruggevorderde", "terugvordering"),
        ("verlaagde", "verlaging"),
        ("toegekende", "toekennen"),
        ("ontheven", "ontheffen"),
        ("afgestemd", "afstemming"),
    ],
)
def test_participles_and_verb_forms_meet_through_the_lemmatiser(a, b):
    assert stem(a) == stem(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("wet", "wetten"),
        ("huur", "huren"),
        ("kosten", "kost"),
        ("normen", "norm"),
        ("boete", "boetes"),
    ],
)
def test_the_lemmatiser_keeps_domain_nouns_and_their_plurals_together(a, b):
    assert stem(a) == stem(b)


def test_the_lemmatiser_is_installed():
    from kenme.search import analysis

    assert analysis.simplemma is not None, "pip install -e . (simplemma is a dependency)"


# --- the stemmer implementation ------------------------------------------------------------


def test_the_c_stemmer_is_in_use():
    # PyStemmer is a dependency: snowballstemmer hands out its C stemmer when it is installed,
    # about 100 times faster than the pure-Python one (rebuilds and every new word of a post).
    from kenme.search.analysis import _STEMMERS

    assert type(_STEMMERS.stemmer).__module__ == "Stemmer"


def _pure_python_stemmer():
    from snowballstemmer import dutch_porter_stemmer

    return dutch_porter_stemmer.DutchPorterStemmer()


def _eval_vocabulary() -> list[str]:
    from pathlib import Path

    folder = Path(__file__).parents[2] / "benchmarks" / "data" / "search_eval"
    words: set[str] = set()
    for path in sorted(folder.glob("threads_*.json")):
        words.update(tokenize(path.read_text(encoding="utf-8")))
    return sorted(words)


def test_the_c_stemmer_stems_the_evaluation_vocabulary_as_the_pure_python_one():
    from kenme.search.analysis import _STEMMERS

    words = _eval_vocabulary()
    assert len(words) > 3000
    pure = _pure_python_stemmer()
    assert [_STEMMERS.stemmer.stemWord(w) for w in words] == [pure.stemWord(w) for w in words]


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzeeeaaiioo", min_size=3, max_size=24))
@settings(max_examples=300)
def test_the_c_stemmer_agrees_with_the_pure_python_one_on_any_word(word):
    from kenme.search.analysis import _STEMMERS

    assert _STEMMERS.stemmer.stemWord(word) == _pure_python_stemmer().stemWord(word)


def test_each_thread_stems_with_its_own_stemmer():
    # A stemmer keeps the word it is working on in the object: shared between threads, a
    # stem could be cut short by another thread's word, and stem() would cache it for good.
    import threading

    from kenme.search.analysis import _STEMMERS

    seen = []
    thread = threading.Thread(target=lambda: seen.append(_STEMMERS.stemmer))
    thread.start()
    thread.join()
    assert seen[0] is not _STEMMERS.stemmer
