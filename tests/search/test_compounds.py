"""Compounds both ways from the index's own vocabulary (embedded engine, SEMANTICS.md §3.9)."""

from __future__ import annotations

from kenme.extensions import db
from kenme.search import get_engine
from kenme.search.compounds import (
    absent_compound_head,
    best_split,
    lexicon_split,
    query_split,
    split_candidates,
)
from kenme.search.synonyms import clear_cache, seed_reference
from kenme.search.vocabulary import TermStore
from tests.factories import make_question

BODY = "## Situatie\nEen klant in de bijstand.\n\n## Mijn vraag\nHoe pakken jullie dit aan?"


def ids(query: str) -> list[int]:
    return [hit.id for hit in get_engine().search(query).hits]


def ask(title: str):
    return make_question(title=title, body=BODY)


def setup_threads():
    seed_reference(db.session)
    threads = {
        "huisbezoek": ask("Een huisbezoek bij een klant die niet opendoet"),
        "apart": ask("De verkoop van de woning van een klant met een hypotheek"),
        "vrijlating": ask("Inkomstenvrijlating bij een baan van twaalf uur"),
        "head": ask("De vrijlating geldt zes maanden, daarna niet meer"),
        "other": ask("Een bezoek aan het wijkteam samen met een klant"),
    }
    db.session.commit()
    clear_cache()
    return threads


def test_a_compound_finds_its_parts_apart(app):
    threads = setup_threads()
    assert ids("woningverkoop ")[:1] == [threads["apart"].id]


def test_neighbouring_words_find_their_compound(app):
    threads = setup_threads()
    found = ids("huis bezoek ")
    assert found[0] == threads["huisbezoek"].id


def test_a_word_finds_the_compounds_it_starts_when_the_rest_is_a_word(app):
    threads = setup_threads()
    assert threads["vrijlating"].id in ids("inkomsten ")


def test_only_splits_into_indexed_words_count(app):
    setup_threads()
    store = TermStore(db.session)
    assert best_split("woningverkoop", store) == ("woning", "verkop")
    assert best_split("zeppelinhangar", store) is None
    assert ("kostendeler", "norm") in split_candidates("kostendelersnorm")


def test_the_lexicon_splits_compounds_for_meilisearch():
    assert lexicon_split("woningverkoop") == ("woning", "verkoop")
    assert lexicon_split("kostendelersnorm") == ("kosten", "delers", "norm")
    assert lexicon_split("huisbezoek") == ("huis", "bezoek")
    assert lexicon_split("terugvordering") is None  # a particle is no part
    assert lexicon_split("verantwoordelijk") is None  # nor is a suffix
    assert lexicon_split("uitkering") is None  # too short to split
    assert query_split("huisbezoek") is None  # known whole: the query keeps it
    assert query_split("woningverkoop") == ("woning", "verkoop")


def test_a_compound_no_thread_holds_finds_its_head(app):
    """A Dutch compound names a kind of its head: a "vechtscheiding" nobody wrote about still
    finds the "scheiding" (decision 0069). A compound some thread holds does not widen, and a
    short head ("geld", under MIN_HEAD letters) says too little to stand for its compound."""
    seed_reference(db.session)
    fight = ask("Een scheiding met veel ruzie over de kinderen")
    money = ask("Geld van familie voor de boodschappen")
    visit = ask("Een huisbezoek bij een klant die niet opendoet")
    ask("Een bezoek aan het wijkteam samen met een klant")
    db.session.commit()
    clear_cache()
    store = TermStore(db.session)
    assert absent_compound_head("vechtscheiding", store) == "scheiding"
    assert ids("vechtscheiding ") == [fight.id]
    assert absent_compound_head("vakantiegeld", store) is None
    assert money.id not in ids("vakantiegeld ")
    assert absent_compound_head("huisbezoek", store) is None  # indexed as it stands
    assert ids("huisbezoek ") == [visit.id]
