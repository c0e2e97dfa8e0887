"""The new casus corpus was split once at random; the split and the corpus stay as recorded."""

from __future__ import annotations

import hashlib
import json

from kenme.privacy.evaluation import (
    CASUS_CORPUS,
    CASUS_SEED,
    CASUS_SPLIT,
    casus_halves,
    load_corpus,
    split_halves,
)


def test_the_recorded_split_is_the_seeded_one_and_the_corpus_is_unchanged():
    recorded = json.loads(CASUS_SPLIT.read_text(encoding="utf-8"))
    assert recorded["seed"] == CASUS_SEED
    assert recorded["sha256"] == hashlib.sha256(CASUS_CORPUS.read_bytes()).hexdigest(), (
        "the casus corpus changed after its split; a changed corpus needs a new, recorded split "
        "and its figures must be reported as a new corpus"
    )
    count = len(load_corpus(CASUS_CORPUS))
    assert recorded["count"] == count >= 150
    assert (recorded["tuning"], recorded["test"]) == split_halves(count, CASUS_SEED)


def test_the_halves_are_disjoint_and_cover_the_corpus():
    recorded = json.loads(CASUS_SPLIT.read_text(encoding="utf-8"))
    tuning, test = set(recorded["tuning"]), set(recorded["test"])
    assert not tuning & test
    assert tuning | test == set(range(recorded["count"]))
    halves = casus_halves()
    assert {e.text for e in halves[0]}.isdisjoint({e.text for e in halves[1]})
