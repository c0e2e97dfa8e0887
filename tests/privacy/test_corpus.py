"""The scanner meets its recall and precision targets on the labelled corpus."""

from __future__ import annotations

import pytest

from kenme.privacy import ALL_KINDS, HARD_KINDS, SOFT_KINDS, scan
from kenme.privacy.evaluation import Report, evaluate, load_corpus

# Targets from the privacy-guard issue; the floor for other soft kinds is our own.
HARD_RECALL = 1.0
HARD_PRECISION = 0.95
NAME_RECALL = 0.90
NAME_PRECISION = 0.80
OTHER_SOFT_FLOOR = 0.80


@pytest.fixture(scope="module")
def report() -> Report:
    """Score the scanner over the whole corpus once for this module."""
    return evaluate(load_corpus(), scan)


def _explain(report: Report, kind: str) -> str:
    """List the misses and false findings of one kind, for a readable failure."""
    missed = [span.text for _, span in report.missed if span.kind == kind]
    wrong = [finding.text for _, finding in report.wrong if finding.kind == kind]
    return f"missed={missed} wrong={wrong}"


def test_corpus_has_enough_texts_and_negatives():
    examples = load_corpus()
    assert len(examples) >= 150
    assert sum(example.is_negative for example in examples) >= 60


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_corpus_has_positives_of_every_kind(kind):
    assert any(span.kind == kind for example in load_corpus() for span in example.spans)


@pytest.mark.parametrize("kind", HARD_KINDS)
def test_hard_identifiers_are_all_found(report, kind):
    assert report.scores[kind].recall >= HARD_RECALL, _explain(report, kind)


@pytest.mark.parametrize("kind", HARD_KINDS)
def test_hard_identifiers_are_precise(report, kind):
    assert report.scores[kind].precision >= HARD_PRECISION, _explain(report, kind)


def test_hard_identifiers_overall(report):
    assert report.hard.recall >= HARD_RECALL
    assert report.hard.precision >= HARD_PRECISION


def test_names_meet_their_targets(report):
    score = report.scores["name"]
    assert score.recall >= NAME_RECALL, _explain(report, "name")
    assert score.precision >= NAME_PRECISION, _explain(report, "name")


@pytest.mark.parametrize("kind", [kind for kind in SOFT_KINDS if kind != "name"])
def test_other_soft_kinds_stay_above_the_floor(report, kind):
    score = report.scores[kind]
    assert score.recall >= OTHER_SOFT_FLOOR, _explain(report, kind)
    assert score.precision >= OTHER_SOFT_FLOOR, _explain(report, kind)


def test_no_negative_text_is_blocked(report):
    blocked = [(text[:60], [f.text for f in found]) for text, found in report.blocked_negatives]
    assert report.negatives >= 60
    assert blocked == []
