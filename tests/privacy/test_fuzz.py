"""Whatever the input, scan never crashes and its findings are consistent."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kenme.privacy import scan

ANY_CHARACTER = st.characters(exclude_categories=())  # includes lone surrogates and controls
FRAGMENTS = st.sampled_from(
    [
        "BSN 637337670", "06-12345678", "NL66 ABNA 0893 0812 82", "mevrouw El Amrani",
        "geboren 14-03-1987", "Kerkstraat 12", "6211 LK", "12-BDT-3", "klantnummer 2023114",
        "€ 1.401,50", "art. 22a lid 4 Pw", "\u00a0", "\u200b", "\u0308", "９", "\ud800",
        "Zoë", "(16)", "34-jarige", "op 12 maart", "KvK 81234567", "V-nummer", "@", ".", "-",
    ]
)  # fmt: skip
MIXED = st.lists(st.one_of(FRAGMENTS, st.text(ANY_CHARACTER, max_size=8)), max_size=30).map("".join)
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_consistent(text: str) -> None:
    """Check the invariants every scan result must satisfy."""
    findings = scan(text)
    assert findings == sorted(findings, key=lambda f: (f.start, f.end))
    previous_end = 0
    for finding in findings:
        assert 0 <= finding.start < finding.end <= len(text)
        assert text[finding.start : finding.end] == finding.text
        assert finding.start >= previous_end
        assert finding.severity in ("hard", "soft")
        previous_end = finding.end
    assert scan(text) == findings


@FUZZ
@given(st.text(ANY_CHARACTER, max_size=300))
def test_arbitrary_unicode_never_crashes(text):
    assert_consistent(text)


@FUZZ
@given(MIXED)
def test_identifier_fragments_in_noise_stay_consistent(text):
    assert_consistent(text)


@FUZZ
@given(st.binary(max_size=300), st.sampled_from(["utf-8", "latin-1", "cp1252"]))
def test_decoded_binary_never_crashes(data, encoding):
    assert_consistent(data.decode(encoding, errors="surrogateescape"))
