"""The corpus metrics punish a scanner that misses or over-flags, so the targets can fail."""

from __future__ import annotations

import json

import pytest

from kenme.privacy import Finding, scan
from kenme.privacy.evaluation import (
    Example,
    Span,
    evaluate,
    load_corpus,
    under_decision_0031,
)

TEXT = "BSN 637337670 van meneer Jansen."
EXAMPLE = Example(
    TEXT,
    (
        Span("bsn", 4, 13, "637337670"),
        Span("name", 25, 31, "Jansen"),
    ),
)


def finding(kind: str, start: int, end: int, text: str = TEXT) -> Finding:
    """Build a finding on TEXT."""
    severity = "soft" if kind == "name" else "hard"
    return Finding(kind, severity, start, end, text[start:end], "")


def test_scanner_that_finds_nothing_has_zero_recall():
    report = evaluate([EXAMPLE], lambda text: [])
    assert report.scores["bsn"].recall == 0.0
    assert report.scores["name"].recall == 0.0
    assert len(report.missed) == 2


def test_overlap_of_the_same_kind_counts_as_a_match():
    report = evaluate([EXAMPLE], lambda text: [finding("bsn", 6, 15), finding("name", 25, 28)])
    assert report.scores["bsn"].recall == 1.0
    assert report.scores["name"].precision == 1.0


def test_a_finding_of_another_kind_is_wrong_and_misses():
    report = evaluate([EXAMPLE], lambda text: [finding("phone", 4, 13)])
    assert report.scores["bsn"].recall == 0.0
    assert report.scores["phone"].precision == 0.0


def test_hard_finding_on_a_negative_counts_as_blocked():
    negative = Example("Per 1 januari 2024 stijgt de norm.", ())
    report = evaluate([negative], lambda text: [finding("bsn", 0, 3, negative.text)])
    assert len(report.blocked_negatives) == 1
    assert report.hard.precision == 0.0


def test_soft_finding_on_a_negative_does_not_block():
    negative = Example("Per 1 januari 2024 stijgt de norm.", ())
    report = evaluate([negative], lambda text: [finding("name", 0, 3, negative.text)])
    assert report.blocked_negatives == []
    assert report.scores["name"].precision == 0.0


def test_load_corpus_rejects_a_span_that_is_not_in_the_text(tmp_path):
    path = tmp_path / "corpus.jsonl"
    record = {"text": "Meneer Jansen", "spans": [{"kind": "name", "text": "Pietersen"}]}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad span"):
        load_corpus(path)


def test_load_corpus_rejects_an_unknown_kind(tmp_path):
    path = tmp_path / "corpus.jsonl"
    record = {"text": "Meneer Jansen", "spans": [{"kind": "person", "text": "Jansen"}]}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad span"):
        load_corpus(path)


def test_load_corpus_checks_recorded_offsets(tmp_path):
    path = tmp_path / "corpus.jsonl"
    record = {
        "text": "Jansen belde. Meneer Jansen",
        "spans": [{"kind": "name", "start": 21, "end": 27, "text": "Jansen"}],
    }
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert load_corpus(path)[0].spans[0].start == 21  # the second Jansen, as recorded
    record["spans"][0]["start"] = 20
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="offsets"):
        load_corpus(path)


def test_findings_on_a_labelled_look_alike_are_reported(tmp_path):
    path = tmp_path / "corpus.jsonl"
    record = {
        "text": "Wethouder Bakker wil meer maatwerk.",
        "spans": [],
        "not_personal": [
            {"reason": "public_role", "start": 0, "end": 16, "text": "Wethouder Bakker"}
        ],
    }
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    example = load_corpus(path)[0]
    report = evaluate([example], lambda text: [finding("name", 10, 16, text)])
    assert report.look_alikes == 1
    assert [(span.kind, f.text) for _, span, f in report.flagged_look_alikes] == [
        ("public_role", "Bakker")
    ]
    assert evaluate([example], lambda text: []).flagged_look_alikes == []


def test_decision_0031_reads_an_organisations_service_number_as_a_look_alike():
    # Labelled before decision 0031: every phone number hard, "whoever it belongs to".
    text = "Bel de Belastingtelefoon 0800-0543 of mij op 06-12345678."
    example = Example(
        text, (Span("phone", 25, 34, "0800-0543"), Span("phone", 45, 56, "06-12345678"))
    )
    as_written = evaluate([example], scan)
    assert (as_written.scores["phone"].expected, as_written.scores["phone"].recalled) == (2, 1)
    (read,) = under_decision_0031([example])
    assert [s.text for s in read.spans] == ["06-12345678"]
    assert [(s.kind, s.text) for s in read.not_personal] == [("org_phone", "0800-0543")]
    report = evaluate([read], scan)
    assert report.scores["phone"].recall == 1.0
    assert report.look_alikes == 1
    assert report.flagged_look_alikes == []


def test_a_corpus_names_its_own_members_for_the_mention_rule():
    """A corpus written without CASUS_MEMBERS labels its own @mentions as members; the
    benchmark resolves them as the gate resolves mentions against the members table."""
    from kenme.privacy.evaluation import CASUS_MEMBERS, Example, Span, corpus_members

    text = "Dank @Rob, en @Ilse de Vries: klant R. Jansen belt morgen."
    example = Example(
        text,
        (Span("name", text.index("R. Jansen"), text.index("R. Jansen") + 9, "R. Jansen"),),
        (Span("member", 5, 9, "@Rob"), Span("member", 14, 28, "@Ilse de Vries")),
    )
    members = corpus_members([example])
    assert members[: len(CASUS_MEMBERS)] == CASUS_MEMBERS
    assert "Rob" in members and "R. Jansen" not in members
    assert members.count("Ilse de Vries") == 1
