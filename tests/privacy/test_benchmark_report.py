"""The privacy benchmark prints casus test halves as figures only: their texts stay held out."""

from __future__ import annotations

import json
import random

import pytest

from benchmarks.privacy_suite import print_casus_corpora
from kenme.privacy.evaluation import CasusCorpus
from tests.privacy.fake_identifiers import fake_bsn

RNG = random.Random(33)
BSN_TEST, BSN_TUNING = fake_bsn(RNG), fake_bsn(RNG)

# Each text gives the guard something to miss (a "kvk" label on an ordinary word), something it
# finds that is not labelled (a BSN, a mobile number) and a look-alike it flags: the lines the
# report prints with excerpts, if it prints any.
TEST_TEXTS = [
    f"Meneer belde over zijn aanvraag, bsn {BSN_TEST}, graag terugbellen op 06-41287793.",
    "Wethouder kreeg de brief over de vergoeding; bel mevrouw op 06-23918405 voor de afspraak.",
    "Toeslagen? De Belastingtelefoon, 0800-0543, helpt ook bij een herziening.",
]
TUNING_TEXTS = [f"Tuningtekst: klant wacht nog steeds op zijn voorschot; BSN={BSN_TUNING}."]


def record(text: str, ordinary_word: str) -> dict:
    """A labelled example whose label the guard cannot match (an ordinary word as a KvK)."""
    start = text.index(ordinary_word)
    span = {"kind": "kvk", "start": start, "end": start + len(ordinary_word), "text": ordinary_word}
    phone = text.find("06-")
    look_alike = (
        [{"reason": "org_phone", "start": phone, "end": phone + 11, "text": text[phone:phone + 11]}]
        if phone >= 0
        else []
    )  # fmt: skip
    return {"text": text, "style": "test", "spans": [span], "not_personal": look_alike}


def service_number_labelled_phone(text: str, number: str) -> dict:
    """An example labelled before decision 0031: an organisation's number as a `phone` span."""
    start = text.index(number)
    span = {"kind": "phone", "start": start, "end": start + len(number), "text": number}
    return {"text": text, "style": "test", "spans": [span], "not_personal": []}


@pytest.fixture
def corpora(tmp_path):
    corpus = tmp_path / "casus_tiny.jsonl"
    records = [
        record(TEST_TEXTS[0], "aanvraag"),
        record(TUNING_TEXTS[0], "voorschot"),
        record(TEST_TEXTS[1], "vergoeding"),
        service_number_labelled_phone(TEST_TEXTS[2], "0800-0543"),
    ]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    split = tmp_path / "casus_tiny_split.json"
    split.write_text(json.dumps({"tuning": [1], "test": [0, 2, 3]}), encoding="utf-8")
    return (CasusCorpus("casus_tiny", "0000", 0, 4, directory=tmp_path),)


def pieces(text: str, width: int = 8) -> set[str]:
    """Every stretch of width characters of a text, to catch an excerpt however it is cut."""
    return {text[i : i + width] for i in range(len(text) - width + 1)}


def leaked(output: str, texts: list[str]) -> set[str]:
    return {piece for text in texts for piece in pieces(text) if piece in output}


def test_the_default_report_prints_no_text_of_a_test_half(corpora, capsys):
    print_casus_corpora(corpora)
    output = capsys.readouterr().out
    assert "TEST half" in output and "ALL HARD" in output
    assert "look-alikes (not personal data) flagged: " in output
    assert "under decision 0031 (service numbers as look-alikes)" in output
    assert not leaked(output, TEST_TEXTS + TUNING_TEXTS)
    assert BSN_TEST not in output


def test_show_test_misses_prints_them(corpora, capsys):
    # The same report with the flag does show test texts, so the check above can fail.
    print_casus_corpora(corpora, show_test_misses=True)
    output = capsys.readouterr().out
    assert leaked(output, TEST_TEXTS)
    assert "missed kvk: 'aanvraag'" in output


def test_the_tuning_report_prints_tuning_misses_and_no_test_text(corpora, capsys):
    assert not leaked(" ".join(TUNING_TEXTS), TEST_TEXTS)  # the halves share no piece
    print_casus_corpora(corpora, tuning=True)
    output = capsys.readouterr().out
    assert "TUNING half" in output
    assert "missed kvk: 'voorschot'" in output
    assert leaked(output, TUNING_TEXTS)
    assert not leaked(output, TEST_TEXTS)


def test_every_recorded_casus_split_is_reported():
    # A held-out corpus that the benchmark does not print is never measured (decision 0034).
    from pathlib import Path

    from kenme.privacy.evaluation import CASUS_CORPORA

    here = Path(__file__).resolve().parent
    recorded = {path.name for path in here.glob("casus_*_split.json")}
    reported = {casus.split.name for casus in CASUS_CORPORA}
    assert {
        "casus_2026e_split.json",
        "casus_2026f_split.json",
        "casus_2026g_split.json",
        "casus_2026h_split.json",
        "casus_2026i_split.json",
        "casus_2026j_split.json",
    } <= recorded
    assert recorded == reported
