"""The casus corpora were split once at random; the splits and the corpora stay as recorded."""

from __future__ import annotations

import hashlib
import json

import pytest

from kenme.privacy.evaluation import (
    CASUS_B_CORPUS,
    CASUS_B_SEED,
    CASUS_B_SPLIT,
    CASUS_C_CORPUS,
    CASUS_C_SEED,
    CASUS_C_SPLIT,
    CASUS_CORPUS,
    CASUS_D_CORPUS,
    CASUS_D_SEED,
    CASUS_D_SPLIT,
    CASUS_E_CORPUS,
    CASUS_E_SEED,
    CASUS_E_SPLIT,
    CASUS_SEED,
    CASUS_SPLIT,
    casus_halves,
    load_corpus,
    split_halves,
)
from kenme.privacy.findings import HARD_KINDS

CORPORA = [
    pytest.param(CASUS_CORPUS, CASUS_SPLIT, CASUS_SEED, 150, id="casus_2026"),
    pytest.param(CASUS_B_CORPUS, CASUS_B_SPLIT, CASUS_B_SEED, 200, id="casus_2026b"),
    pytest.param(CASUS_C_CORPUS, CASUS_C_SPLIT, CASUS_C_SEED, 200, id="casus_2026c"),
    pytest.param(CASUS_D_CORPUS, CASUS_D_SPLIT, CASUS_D_SEED, 260, id="casus_2026d"),
    pytest.param(CASUS_E_CORPUS, CASUS_E_SPLIT, CASUS_E_SEED, 260, id="casus_2026e"),
]


@pytest.mark.parametrize(("corpus", "split", "seed", "minimum"), CORPORA)
def test_the_recorded_split_is_the_seeded_one_and_the_corpus_is_unchanged(
    corpus, split, seed, minimum
):
    recorded = json.loads(split.read_text(encoding="utf-8"))
    assert recorded["seed"] == seed
    assert recorded["sha256"] == hashlib.sha256(corpus.read_bytes()).hexdigest(), (
        "the casus corpus changed after its split; a changed corpus needs a new, recorded split "
        "and its figures must be reported as a new corpus"
    )
    count = len(load_corpus(corpus))
    assert recorded["count"] == count >= minimum
    assert (recorded["tuning"], recorded["test"]) == split_halves(count, seed)


@pytest.mark.parametrize(("corpus", "split", "seed", "minimum"), CORPORA)
def test_the_halves_are_disjoint_and_cover_the_corpus(corpus, split, seed, minimum):
    recorded = json.loads(split.read_text(encoding="utf-8"))
    tuning, test = set(recorded["tuning"]), set(recorded["test"])
    assert not tuning & test
    assert tuning | test == set(range(recorded["count"]))
    halves = casus_halves(corpus, split)
    assert {e.text for e in halves[0]}.isdisjoint({e.text for e in halves[1]})


def test_the_second_corpus_labels_offsets_and_look_alikes():
    examples = load_corpus(CASUS_B_CORPUS)
    records = [json.loads(line) for line in CASUS_B_CORPUS.read_text(encoding="utf-8").splitlines()]
    assert all("start" in span for record in records for span in record["spans"])
    styles = {record["style"] for record in records}
    assert {"hurried_note", "pasted_email", "professional_role", "obfuscated"} <= styles
    reasons = {span.kind for example in examples for span in example.not_personal}
    assert {"member", "public_role", "legal_age", "law_date"} <= reasons


def test_the_third_corpus_labels_offsets_styles_and_look_alikes():
    examples = load_corpus(CASUS_C_CORPUS)
    records = [json.loads(line) for line in CASUS_C_CORPUS.read_text(encoding="utf-8").splitlines()]
    assert all("start" in span for record in records for span in record["spans"])
    styles = {record["style"] for record in records}
    assert {"hurried_note", "pasted_email", "markdown_table", "split_lines", "obfuscated"} <= styles
    kinds = {span.kind for example in examples for span in example.spans}
    assert {*HARD_KINDS, "name", "age_exact"} <= kinds
    reasons = {span.kind for example in examples for span in example.not_personal}
    assert {"member", "public_role", "legal_age", "law_date", "org_address"} <= reasons
    clean = sum(not example.spans for example in examples)
    assert clean * 3 >= len(examples), "a third of the texts must be free of personal data"


def test_the_fourth_corpus_labels_offsets_styles_and_look_alikes():
    examples = load_corpus(CASUS_D_CORPUS)
    records = [json.loads(line) for line in CASUS_D_CORPUS.read_text(encoding="utf-8").splitlines()]
    for record in records:
        for span in (*record["spans"], *record["not_personal"]):
            assert record["text"][span["start"] : span["end"]] == span["text"]
    styles = {record["style"] for record in records}
    assert {
        "hurried_note", "dictated", "pasted_email", "email_thread", "whatsapp", "markdown_table",
        "pdf_paste", "all_caps", "no_punctuation", "typos", "obfuscated", "signature",
    } <= styles  # fmt: skip
    kinds = [span.kind for example in examples for span in example.spans]
    assert {*HARD_KINDS, "name", "age_exact"} <= set(kinds)
    assert sum(kind in HARD_KINDS for kind in kinds) >= 100
    assert kinds.count("name") >= 90
    look_alikes = [span.kind for example in examples for span in example.not_personal]
    assert len(look_alikes) >= 80
    assert {"member", "public_role", "legal_age", "law_date", "event_date", "org_address",
            "organisation_public", "org_phone"} <= set(look_alikes)  # fmt: skip
    assert sum(not example.spans for example in examples) >= 90
    # Service numbers of organisations are look-alikes ("org_phone"), never phone spans, so the
    # corpus holds whichever way the team decides about them (decision 0033).
    org_phones = [s for example in examples for s in example.not_personal if s.kind == "org_phone"]
    phones = [s for example in examples for s in example.spans if s.kind == "phone"]
    assert not any(
        s.text.replace(" ", "").startswith(("0800", "0900", "088", "14")) for s in phones
    )
    assert org_phones


def test_the_fifth_corpus_labels_offsets_styles_and_look_alikes():
    examples = load_corpus(CASUS_E_CORPUS)
    records = [json.loads(line) for line in CASUS_E_CORPUS.read_text(encoding="utf-8").splitlines()]
    for record in records:
        for span in (*record["spans"], *record["not_personal"]):
            assert record["text"][span["start"] : span["end"]] == span["text"]
    # The careless styles this corpus was written for (decision 0034).
    styles = {record["style"] for record in records}
    assert {
        "csv_line", "markdown_table", "glued", "parentheses", "spoken_numbers", "birthdate_words",
        "age_words", "initials", "double_surname", "particles", "nickname", "children",
        "address_forms", "po_box", "foreign_contact", "mail_header", "signature", "pasted_letter",
        "ocr_noise", "markdown_emoji", "license_plate", "document_numbers", "client_numbers",
    } <= styles  # fmt: skip
    kinds = [span.kind for example in examples for span in example.spans]
    assert {*HARD_KINDS, "name", "age_exact", "date", "place", "organisation"} <= set(kinds)
    assert sum(kind in HARD_KINDS for kind in kinds) >= 150
    assert kinds.count("name") >= 90
    look_alikes = [span.kind for example in examples for span in example.not_personal]
    assert len(look_alikes) >= 150
    assert {"member", "public_role", "legal_age", "law_date", "event_date", "org_address",
            "organisation_public", "org_phone", "amount", "reference", "public_place"} <= set(
        look_alikes
    )  # fmt: skip
    clean = sum(not example.spans for example in examples)
    assert clean * 100 >= 38 * len(examples), "about 40 % of the texts hold no personal data"
    # Organisations' service numbers are look-alikes, never phone spans (decisions 0031, 0033).
    phones = [s for example in examples for s in example.spans if s.kind == "phone"]
    assert not any(
        s.text.replace(" ", "").replace("-", "").startswith(("0800", "0900", "0906", "088", "140"))
        for s in phones
    )
    # Fake identifiers are valid ones: a guard that checks the 11-proef or mod-97 must find them
    # (only the OCR-garbled copies and the ones read aloud in words are not digits).
    from stdnum import iban
    from stdnum.nl import bsn

    checked = 0
    for record in records:
        for span in record["spans"]:
            compact = "".join(span["text"].split()).replace(".", "")
            if span["kind"] == "bsn" and compact.isdigit():
                assert bsn.is_valid(compact.zfill(9)), span
                checked += 1
            if span["kind"] == "iban" and record["style"] != "ocr_noise":
                assert iban.is_valid(compact), span
                checked += 1
    assert checked >= 20
