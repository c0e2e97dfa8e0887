"""The evaluation set's scoring (benchmarks/search_eval.py): recall@10 and MRR@10 per half."""

from __future__ import annotations

import pytest

from benchmarks import search_eval


def query(qid: str, kind: str, relevant: dict[str, int]) -> dict:
    return {"id": qid, "kind": kind, "q": "x", "relevant": relevant}


def test_recall_counts_every_graded_thread_and_mrr_the_first_answer():
    queries = [
        query("q1", "exact", {"a": 2, "b": 1, "c": 1, "d": 1}),
        query("q2", "typo", {"e": 1}),
    ]
    ranked = {"q1": ["x", "b", "a", "y"], "q2": ["z"]}
    scores = search_eval.score(queries, ranked)
    assert scores.by_kind["exact"][:2] == (pytest.approx(0.5), pytest.approx(1 / 3))
    assert scores.by_kind["typo"][:2] == (0.0, 0.0)
    assert scores.recall == pytest.approx(0.25)
    assert scores.mrr == pytest.approx(1 / 6)
    assert len(scores.misses) == 2


def test_recall_is_out_of_ten_when_more_threads_are_relevant():
    relevant = {f"t{i}": 1 for i in range(14)}
    ranked = {"q": [f"t{i}" for i in range(10)]}
    scores = search_eval.score([query("q", "natural", relevant)], ranked)
    assert scores.recall == 1.0


@pytest.mark.parametrize("name", ["first", "C"])
def test_halves_cover_every_query_once(name):
    tuning = {q["id"] for q in search_eval.load_queries("tuning", name)}
    test = {q["id"] for q in search_eval.load_queries("test", name)}
    assert tuning and test and not tuning & test
    assert tuning | test == {q["id"] for q in search_eval.load_queries(name=name)}


def test_the_first_set_and_set_c_are_loaded_apart():
    """Set C never enters the first set's database or queries, so the first set's figures stay
    comparable; and set C holds only its own threads and queries."""
    first = search_eval.load_threads()
    second = search_eval.load_threads("C")
    first_keys = {t["key"] for t in first["questions"] + first["aanplakkers"]}
    second_keys = {t["key"] for t in second["questions"] + second["aanplakkers"]}
    assert first_keys and len(second_keys) >= 300
    assert all(key.startswith("c") for key in second_keys)
    assert not any(key.startswith("c") for key in first_keys)
    assert all(q["id"].startswith("qc") for q in search_eval.load_queries(name="C"))
    assert not any(q["id"].startswith("qc") for q in search_eval.load_queries())


@pytest.mark.parametrize("name", ["first", "C"])
def test_baseline_finds_a_thread_by_its_own_title_words(name):
    thread = search_eval.load_threads(name)["questions"][0]
    ranked = search_eval.baseline_rankings([{"id": "q", "q": thread["title"]}], name)
    assert thread["key"] in ranked["q"][:3]
