"""A query's levels (levels.py) are ranked by each level's own expression, not over the
any-word match: the same threads, in the same order, without ranking every thread that
holds one common word."""

from __future__ import annotations

import json

from sqlalchemy import text

from kenme.extensions import db
from kenme.search import cache, get_engine
from kenme.search.embedded import _reading_backend
from kenme.search.engine import Filters
from kenme.search.fts_sqlite import WEIGHTS
from kenme.search.levels import BAND, bands, group_levels, held_weight, levels
from kenme.search.pg_rank import PG_WEIGHTS
from kenme.search.plan import build_plan
from kenme.search.query import parse
from kenme.search.synonyms import current_thesaurus, current_topics
from kenme.search.vocabulary import TermStore
from tests.factories import make_question

TEXTS = [
    ("Walrusregeling en pinguinregeling bij een inwonende zoon", "Kostgeld telt niet mee."),
    ("Walrusregeling bij een inwonende zoon", "De zoon betaalt kostgeld, walrusregeling."),
    ("Pinguinregeling voor een zoon", "Kostgeld en de pinguinregeling, pinguinregeling."),
    ("Kostgeld van een inwonende dochter", "Geen walrusregeling hier."),
    ("Een zoon die kostgeld betaalt", "Niets anders."),
    ("Een inwonende zoon thuis", "De pinguinregeling telt, kostgeld ook, walrusregeling niet."),
    ("Kostgeld van de klant", "Kostgeld, kostgeld en nog eens kostgeld van een zoon."),
    ("Alleen de pinguinregeling hier", "Een dochter, geen zoon."),
]
FILLER = "De klantmanager wil weten hoe het team hiermee omgaat."
QUERIES = [
    "walrusregeling pinguinregeling kostgeld zoon",
    "mag ik kostgeld van een inwonende zoon als walrusregeling zien",
    "pinguinregeling zoon -dochter",
    'kostgeld "inwonende zoon" walrusregeling',
]


def planned(query: str, filters: Filters):
    backend = _reading_backend(db.session)
    reader = cache.Reader(db.session, cache.version(db.session))
    store = TermStore(db.session, reader)
    parsed = parse(query)
    plan = build_plan(
        parsed,
        parsed.terms,
        current_thesaurus(db.session),
        store,
        parsed.prefix,
        current_topics(db.session),
    )
    return backend, levels(plan, store)


def level_groups(query: str, filters: Filters | None = None):
    filters = filters or Filters()
    backend, ordered = planned(query, filters)
    assert len(ordered.slots) > 1, query
    expression = backend.expression(ordered.plan, filters, any_slot=True)
    per_slot = [
        set(backend.ids(db.session, backend.expression(ordered.single(i), filters)))
        for i in range(len(ordered.slots))
    ]
    groups = group_levels(backend.ids(db.session, expression), per_slot)
    return backend, ordered, expression, groups


def test_a_level_expression_matches_exactly_the_threads_of_its_level(app):
    for title, body in TEXTS:
        make_question(title=title, body=f"{body} {FILLER}")
    db.session.commit()
    seen_levels = 0
    for query in QUERIES:
        for filters in (Filters(), Filters(type="question"), Filters(type="aanplakker")):
            backend, ordered, _, groups = level_groups(query, filters)
            for key, members in groups:
                level = backend.level_expression(ordered.plan, filters, key)
                assert set(backend.ids(db.session, level)) == set(members), (query, key)
                seen_levels += 1
    assert seen_levels >= 10  # several levels per query were compared, not none


def test_a_level_is_ranked_as_over_the_any_word_expression(app):
    for title, body in TEXTS:
        make_question(title=title, body=f"{body} {FILLER}")
    db.session.commit()
    compared = 0
    for query in QUERIES:
        backend, ordered, expression, groups = level_groups(query)
        for key, members in groups:
            level = backend.level_expression(ordered.plan, Filters(), key)
            got = backend.ranked_level(db.session, expression, level, members, 0, 50)
            assert got == ranked_over(backend, expression, members), (query, key)
            compared += len(members) > 1
    assert compared >= 3  # levels of several threads, where the order is something to test


def ranked_over(backend, expression: str, ids: list[int], ordered=None) -> list[int]:
    """Rank ids by the any-word expression, as levels were ranked before (the reference); on
    PostgreSQL, given the query's slots (ordered), as a search ranks a level of a query of
    several slots: by each slot's ts_rank times its weight, summed (decision 0048)."""
    if db.engine.dialect.name == "postgresql" and ordered is not None:
        relevance = relevance_over(backend, ordered, expression, ids)
        return sorted(ids, key=lambda i: (-relevance[i], -i))
    if db.engine.dialect.name == "postgresql":
        return backend.ranked_among(db.session, expression, ids, 0, 50)
    weights = ", ".join(str(w) for w in WEIGHTS)
    statement = text(
        "SELECT rowid FROM fts_threads WHERE fts_threads MATCH :m "  # noqa: S608
        "AND rowid IN (SELECT value FROM json_each(:ids)) "
        f"ORDER BY bm25(fts_threads, {weights}), rowid DESC"
    )
    return list(db.session.scalars(statement, {"m": expression, "ids": json.dumps(ids)}))


def relevance_over(backend, ordered, expression: str, ids: list[int]) -> dict[int, float]:
    """Return each thread's bm25 (negated) over the any-word expression, or on PostgreSQL
    its ts_rank per slot times the slot's weight, summed (ts_rank weighs no word's rarity)."""
    if db.engine.dialect.name == "postgresql":
        relevance = dict.fromkeys(ids, 0.0)
        for slot, weight in zip(ordered.slots, ordered.weights, strict=True):
            statement = text(
                f"SELECT post_id, ts_rank('{PG_WEIGHTS}'::float4[], document, "  # noqa: S608
                "CAST(:q AS tsquery), 1) FROM fts_threads WHERE post_id = ANY(:ids)"
            )
            rows = db.session.execute(statement, {"q": backend.slot(slot), "ids": ids})
            for i, rank in rows:
                relevance[i] += weight * float(rank)
        return relevance
    weights = ", ".join(str(w) for w in WEIGHTS)
    statement = text(
        f"SELECT rowid, -bm25(fts_threads, {weights}) FROM fts_threads "  # noqa: S608
        "WHERE fts_threads MATCH :m AND rowid IN (SELECT value FROM json_each(:ids))"
    )
    return dict(db.session.execute(statement, {"m": expression, "ids": json.dumps(ids)}).all())


def test_a_search_lists_the_levels_best_first_and_each_by_rank(app):
    for title, body in TEXTS:
        make_question(title=title, body=f"{body} {FILLER}")
    db.session.commit()
    query = QUERIES[0]
    backend, ordered, expression, _ = level_groups(query)
    per_slot = [
        backend.ids(db.session, backend.expression(ordered.single(i), Filters()))
        for i in range(len(ordered.slots))
    ]
    groups = group_levels(backend.ids(db.session, expression), per_slot, ordered.weights)
    # Levels close in weight form one band, ranked together (levels.bands, SEMANTICS §3.8):
    # each thread by its level's weight plus BAND x the band's best weight x its relevance
    # (bm25; on PostgreSQL ts_rank per slot, weighed) as a share of the band's best (0041).
    listed = bands(groups, ordered.weights)
    assert any(len(keys) > 1 for keys, _ in listed)  # a band of several levels is here
    level_of = {i: key for key, members in groups for i in members}
    expected = []
    for keys, members in listed:
        if len(keys) == 1:
            expected += ranked_over(backend, expression, members, ordered)
            continue
        rank = relevance_over(backend, ordered, expression, members)
        top, best = held_weight(keys[0], ordered.weights), max(rank.values())
        score = {
            i: held_weight(level_of[i], ordered.weights) + BAND * top * rank[i] / best
            for i in members
        }
        expected += sorted(members, key=lambda i: (-score[i], -i))
    cache.clear()
    results = get_engine().search(query, per_page=50)
    assert [hit.id for hit in results.hits] == expected
    assert results.total == len(expected) == len(TEXTS)


def test_pages_read_from_the_level_of_all_words_alone_agree_with_the_levels(app):
    # Five threads hold both words: pages of two within them are read from that level alone
    # (without placing every thread in its level), the page across it from all levels.
    for title, body in TEXTS:
        make_question(title=title, body=f"{body} {FILLER}")
    for n in range(2):
        make_question(title=f"Walrusregeling voor een zoon, casus {n}", body=FILLER)
    db.session.commit()
    query = "walrusregeling zoon"
    backend, ordered, expression, groups = level_groups(query)
    assert len(groups[0][1]) == 5 and not any(groups[0][0])
    # The level of all words is ranked over its AND expression (ts_rank weighs it otherwise;
    # on PostgreSQL a search weighs each slot's ts_rank: decision 0048).
    every_slot = backend.expression(ordered.plan, Filters())
    expected = (
        ranked_over(backend, every_slot, groups[0][1], ordered)
        if db.engine.dialect.name == "postgresql"
        else backend.ranked(db.session, every_slot, 0, 50)
    )
    assert sorted(expected) == sorted(groups[0][1])
    expected += [
        i for _, members in groups[1:] for i in ranked_over(backend, expression, members, ordered)
    ]
    pages = []
    for page in (1, 2, 3):
        cache.clear()
        results = get_engine().search(query, page=page, per_page=2)
        assert results.dropped == []
        pages += [hit.id for hit in results.hits]
    assert pages == expected[:6]


def test_levels_are_grouped_as_thread_by_thread_and_keep_newest_first():
    import random

    chooser = random.Random(16)
    for slots in (1, 2, 3, 5, 8):
        ids = sorted(chooser.sample(range(1, 5000), 400), reverse=True)
        per_slot = [[i for i in ids if chooser.random() < 0.3] for _ in range(slots)]
        reference: dict[tuple[bool, ...], list[int]] = {}
        for thread in ids:  # one thread at a time, in the given order (newest first)
            key = tuple(thread not in set(found) for found in per_slot)
            reference.setdefault(key, []).append(thread)
        expected = sorted(reference.items(), key=lambda item: (sum(item[0]), item[0]))
        assert group_levels(ids, per_slot) == expected
