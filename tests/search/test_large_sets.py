"""Large matching sets (kenme/search/large.py, SEMANTICS.md §7): beyond TOTAL_EXACT the total
says "more than", the facets are estimates from id windows, and the pages are exactly those
of the full path (every slot's list read whole), level by level, on both databases.

Thresholds are lowered so a few threads exercise the paths a common word takes at 100,000.
"""

from __future__ import annotations

from itertools import product

import pytest

from kenme.extensions import db
from kenme.models import Role
from kenme.search import cache, get_engine, large, levels, pages
from kenme.search.engine import Filters
from kenme.search.fts_postgres import PostgresFts
from kenme.services import tokens
from tests.factories import make_question, make_user
from tests.search.test_level_ranking import FILLER, QUERIES, TEXTS, planned

EXTRA = [
    "De zoon betaalt kostgeld aan zijn moeder",
    "Inwonende dochter en kostgeld",
    "Walrusregeling voor een zoon die studeert",
    "Pinguinregeling en kostgeld",
]


def seed() -> None:
    for title, body in TEXTS:
        make_question(title=title, body=f"{body} {FILLER}")
    for n, title in enumerate(EXTRA * 3):
        make_question(title=f"{title}, casus {n}", body=FILLER)
    db.session.commit()


def every_page(query: str, per_page: int, sort: str = "relevance"):
    found, dropped, page = [], [], 1
    while True:
        cache.clear()
        results = get_engine().search(query, sort=sort, page=page, per_page=per_page)
        if not results.hits:
            return found, dropped, results
        found += [hit.id for hit in results.hits]
        dropped.append(results.dropped)
        page += 1


@pytest.mark.parametrize("rank_limit", [1000, 2])
def test_capped_searches_page_exactly_as_the_full_path(app, monkeypatch, rank_limit):
    seed()
    monkeypatch.setattr(pages, "RANK_LIMIT", rank_limit)  # 2: levels listed newest first
    # PostgreSQL reads every list whole anyway, so it takes the full path in production;
    # here it asks level by level too, so both back ends' level expressions are held to it.
    monkeypatch.setattr(PostgresFts, "lazy_lists", True)
    original, asked = large.levels_in_order, []

    def spied(*args):
        asked.append(args)
        return original(*args)

    monkeypatch.setattr(pages, "levels_in_order", spied)
    for query in QUERIES:
        for per_page in (1, 2, 5):
            full, full_dropped, exact = every_page(query, per_page)
            assert not exact.total_capped and exact.total == len(full) > 2
            monkeypatch.setattr(large, "TOTAL_EXACT", 2)
            found, dropped, capped = every_page(query, per_page)
            monkeypatch.setattr(large, "TOTAL_EXACT", 1000)
            assert capped.total == 2 and capped.total_capped
            assert found == full[: -(-2 // per_page) * per_page], (query, per_page)
            assert dropped == full_dropped[: len(dropped)]
    assert asked  # the level-by-level path ran


def test_too_many_levels_fall_back_to_the_full_lists(app, monkeypatch):
    seed()
    monkeypatch.setattr(PostgresFts, "lazy_lists", True)
    query = QUERIES[1]
    full, _, _ = every_page(query, 2)
    monkeypatch.setattr(large, "TOTAL_EXACT", 3)
    monkeypatch.setattr(large, "MAX_LEVEL_QUERIES", 0)
    found, _, capped = every_page(query, 2)
    assert capped.total_capped and found == full[:4]


def test_estimated_facets_come_from_id_windows_and_say_so(app, monkeypatch):
    for n in range(60):
        make_question(title=f"Kostgeld van een inwonende zoon, casus {n}", body=FILLER)
    db.session.commit()
    exact = get_engine().search("kostgeld zoon")
    assert exact.total == 60 and not exact.facets_estimated
    assert exact.facets["type"] == {"question": 60}
    monkeypatch.setattr(large, "TOTAL_EXACT", 10)
    monkeypatch.setattr(large, "SAMPLE", 12)  # SQLite: windows of about 12 matches
    monkeypatch.setattr(pages, "FACETS_EXACT", 12)  # PostgreSQL: one in five matches
    cache.clear()
    estimated = get_engine().search("kostgeld zoon", per_page=5)
    assert estimated.total == 10 and estimated.total_capped and estimated.facets_estimated
    # Evenly spread matches: the estimate is near the true 60 (not the capped 10).
    assert 40 <= estimated.facets["type"]["question"] <= 80
    backend, ordered = planned("kostgeld", Filters())
    expression = backend.expression(ordered.plan, Filters())
    sample, scale = large.windows_sample(db.session, backend, expression)
    assert 0 < len(sample) < 60 and scale > 1
    assert set(sample) <= set(backend.ids(db.session, expression))


def test_the_page_and_the_api_say_more_than(app, client, auth, monkeypatch):
    for n in range(25):
        make_question(title=f"Kostgeld van een inwonende zoon, casus {n}", body=FILLER)
    member = make_user(role=Role.MEMBER, display_name="Petra")
    db.session.commit()
    auth.login_as(member)
    _token, plain = tokens.create_token(db.session, member, "test")
    db.session.commit()
    api = {"Authorization": f"Bearer {plain}"}
    monkeypatch.setattr(large, "TOTAL_EXACT", 21)  # more than one page of 20
    monkeypatch.setattr(large, "SAMPLE", 5)
    monkeypatch.setattr(pages, "FACETS_EXACT", 5)
    cache.clear()
    html = client.get("/zoeken", query_string={"q": "kostgeld zoon"}).get_data(as_text=True)
    assert "Meer dan 21 resultaten" in html
    assert "Aantallen geschat" in html
    second = client.get("/zoeken", query_string={"q": "kostgeld zoon", "pagina": 2})
    assert second.get_data(as_text=True).count('<li class="hit">') == 5  # paging goes on
    answer = client.get("/api/v1/search?q=kostgeld+zoon", headers=api).get_json()
    assert answer["total"] == 21 and answer["total_capped"] is True
    monkeypatch.setattr(large, "TOTAL_EXACT", 1000)
    monkeypatch.setattr(pages, "FACETS_EXACT", 1000)
    cache.clear()
    html = client.get("/zoeken", query_string={"q": "kostgeld zoon"}).get_data(as_text=True)
    assert "Meer dan" not in html and "Aantallen geschat" not in html and "25 resultaten" in html
    answer = client.get("/api/v1/search?q=kostgeld+zoon", headers=api).get_json()
    assert answer["total"] == 25 and answer["total_capped"] is False


def test_the_capped_comparison_crosses_a_band_of_several_levels(app):
    # The pages compared above include a band of levels close in weight (levels.bands), so
    # the capped path's "read the last band to its end" is what they hold equal.
    seed()
    several = 0
    for query in QUERIES:
        backend, ordered = planned(query, Filters())
        expression = backend.expression(ordered.plan, Filters(), any_slot=True)
        per_slot = [
            backend.ids(db.session, backend.expression(ordered.single(i), Filters()))
            for i in range(len(ordered.slots))
        ]
        groups = levels.group_levels(backend.ids(db.session, expression), per_slot, ordered.weights)
        several += sum(len(keys) > 1 for keys, _ in levels.bands(groups, ordered.weights))
    assert several


def test_a_word_no_thread_holds_is_asked_for_once_not_in_every_level(app, monkeypatch):
    # "zien" is in no thread: it weighs most, so the levels holding it come first, and each
    # would be a statement of its own that finds nothing. One probe of the word answers for
    # them all (large._matching_nothing); the pages stay those of the full path.
    seed()
    monkeypatch.setattr(PostgresFts, "lazy_lists", True)
    query = QUERIES[1]
    full, full_dropped, _ = every_page(query, 2)
    backend, ordered = planned(query, Filters())
    word = next(i for i, slot in enumerate(ordered.slots) if slot.words == ("zien",))
    holding = {
        backend.level_expression(ordered.plan, Filters(), key)
        for key in product((False, True), repeat=len(ordered.slots))
        if any(key) and not key[word]
    }
    asked: list[str] = []
    newest = type(backend).newest

    def spied(self, session, expression, count):
        asked.append(expression)
        return newest(self, session, expression, count)

    monkeypatch.setattr(type(backend), "newest", spied)
    monkeypatch.setattr(large, "TOTAL_EXACT", 2)
    found, dropped, capped = every_page(query, 2)
    assert capped.total_capped and found == full[:2] and dropped == full_dropped[:1]
    assert backend.expression(ordered.single(word), Filters()) in asked
    assert not holding & set(asked)


def test_a_capped_search_asks_its_levels_and_reads_no_slots_whole_list(app, monkeypatch):
    # Every slot's whole list costs PostgreSQL a heap visit per match (0.5 s for a common
    # word at 100,000 questions); the levels a page needs are ANDs of the slots. Both back
    # ends ask a large set's levels one by one, and the pages are those of the full path.
    seed()
    query = QUERIES[0]
    full, full_dropped, _ = every_page(query, 5)
    backend, ordered = planned(query, Filters())
    singles = {backend.expression(ordered.single(i), Filters()) for i in range(len(ordered.slots))}
    read: list[str] = []
    ids = type(backend).ids

    def spied(self, session, expression):
        read.append(expression)
        return ids(self, session, expression)

    monkeypatch.setattr(type(backend), "ids", spied)
    monkeypatch.setattr(large, "TOTAL_EXACT", 2)
    found, dropped, capped = every_page(query, 5)
    assert capped.total_capped and found == full[:5] and dropped == full_dropped[:1]
    assert read and not singles & set(read)
