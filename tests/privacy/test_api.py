"""The public surface other modules code against: Finding, scan, TextTooLarge."""

from __future__ import annotations

import dataclasses

import pytest

from kenme.privacy import MAX_TEXT_CHARS, Finding, TextTooLarge, lexicon, scan
from kenme.privacy.findings import ALL_KINDS
from kenme.privacy.messages import SUGGESTIONS


def test_finding_is_frozen_and_serialisable():
    finding = scan("BSN 637337670")[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.kind = "iban"  # type: ignore[misc]
    assert finding.to_dict() == {
        "kind": "bsn",
        "severity": "hard",
        "start": 4,
        "end": 13,
        "text": "637337670",
        "suggestion": "Laat het BSN weg; het is niet nodig om de casus te begrijpen.",
    }


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_every_kind_has_a_dutch_suggestion(kind):
    assert SUGGESTIONS[kind].startswith(("Laat", "Noem"))


def test_empty_and_blank_texts_have_no_findings():
    assert scan("") == []
    assert scan("   \n\t ") == []


def test_text_at_the_limit_is_scanned():
    text = ("Geen persoonsgegevens hier. " * 2000)[:MAX_TEXT_CHARS]
    assert scan(text) == []


def test_text_over_the_limit_is_refused_with_a_dutch_message():
    with pytest.raises(TextTooLarge) as caught:
        scan("a" * (MAX_TEXT_CHARS + 1))
    assert isinstance(caught.value, ValueError)
    assert "maximaal 50.000 tekens" in str(caught.value)
    assert caught.value.length == MAX_TEXT_CHARS + 1


def test_non_text_input_is_a_type_error():
    with pytest.raises(TypeError):
        scan(b"BSN 637337670")  # type: ignore[arg-type]


def test_scan_is_deterministic():
    text = "Mevrouw de Vries, geboren 12-08-1975, woont in Mheer. Haar BSN is 744214798."
    assert scan(text) == scan(text)


def test_name_lists_load_once_per_process():
    assert lexicon.first_names() is lexicon.first_names()
    assert lexicon.small_places() is lexicon.small_places()
    assert "fatima" in lexicon.first_names()
    assert "jansen" in lexicon.surnames()


def test_findings_are_plain_finding_objects():
    assert all(isinstance(f, Finding) for f in scan("Bel 06-12345678 of mail a@b.nl"))
