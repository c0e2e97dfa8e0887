"""Offsets point into the original text even when normalisation changed it."""

from __future__ import annotations

import pytest

from kenme.privacy import scan

NBSP = "\u00a0"
NNBSP = "\u202f"
ZWSP = "\u200b"
SHY = "\u00ad"

CASES = [
    # (text, kind, exact original span)
    (f"BSN 585{NBSP}205{NBSP}516 graag weglaten", "bsn", f"585{NBSP}205{NBSP}516"),
    (f"BSN 33878{ZWSP}5292", "bsn", f"33878{ZWSP}5292"),
    ("BSN ９３４９９９７５２ uit een PDF", "bsn", "９３４９９９７５２"),
    (f"tel{NBSP}06{NNBSP}1234{NNBSP}5678 bellen", "phone", f"06{NNBSP}1234{NNBSP}5678"),
    ("bel 06\u20131234\u20135678", "phone", "06\u20131234\u20135678"),
    (
        f"IBAN NL66{NBSP}ABNA{NBSP}0893{NBSP}0812{NBSP}82.",
        "iban",
        f"NL66{NBSP}ABNA{NBSP}0893{NBSP}0812{NBSP}82",
    ),
    # "Zoë" with a combining diaeresis (e + U+0308) instead of the precomposed letter.
    ("haar dochter Zoe\u0308 (16) gaat", "name", "Zoe\u0308"),
    (f"mevrouw Öz{SHY}türk belde", "name", f"Öz{SHY}türk"),
    ("Mevrouw van ’t Hof belde", "name", "van ’t Hof"),
    ("ﬁrst: mail j.jansen@example.nl", "email", "j.jansen@example.nl"),
    (f"{ZWSP * 3}kenteken GZ‐123‐K", "license_plate", "GZ‐123‐K"),
]


@pytest.mark.parametrize(("text", "kind", "expected"), CASES)
def test_offsets_point_into_the_original_text(text, kind, expected):
    findings = [f for f in scan(text) if f.kind == kind]
    assert len(findings) == 1
    finding = findings[0]
    assert text[finding.start : finding.end] == finding.text == expected


def test_offsets_after_many_removed_characters_stay_exact():
    prefix = ZWSP * 50 + "ﬁ" * 20 + NBSP * 10
    text = prefix + "BSN 637337670"
    (finding,) = scan(text)
    assert finding.start == text.index("637337670")
    assert finding.end == len(text)
