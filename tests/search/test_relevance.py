"""The labelled query set over the demo data meets its targets on every test database."""

from __future__ import annotations

from benchmarks.search import evaluate, load_queries
from kenme.demo import seed_demo
from kenme.extensions import db
from kenme.search import get_engine
from kenme.search.synonyms import clear_cache, seed_reference

RECALL_TARGET = 0.9
MRR_TARGET = 0.7


def test_the_labelled_queries_find_the_demo_questions(app):
    queries = load_queries()
    kinds = {q["kind"] for q in queries}
    assert len(queries) >= 40
    assert kinds == {"exact", "typo", "inflection", "abbreviation", "natural"}
    seed_reference(db.session)
    seed_demo(db.session)
    db.session.commit()
    clear_cache()
    relevance = evaluate(db.session, get_engine(), queries)
    assert relevance.recall >= RECALL_TARGET, relevance.misses
    assert relevance.mrr >= MRR_TARGET, relevance.misses
