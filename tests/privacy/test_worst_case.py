"""Hostile texts at the size limit stay fast: no detector may turn quadratic."""

from __future__ import annotations

import time

import pytest

from kenme.privacy import MAX_TEXT_CHARS, scan

# Each of these once took 5-30 s (a context word without a number, a 50,000-letter word,
# thousands of names). Linear code scans them well under a second; 5 s still catches a
# quadratic regression. Measured in process CPU time: on a shared machine at load 15 the wall
# clock of "thousands of names" passed 5 s while the scan itself used 0.6 s of CPU.
LIMIT_SECONDS = 5.0
HOSTILE = {
    "context words without numbers": "klantnummer kvk v-nummer paspoort ",
    "one endless word": "a",
    "thousands of names": "Jan ",
    "iban-like groups": "NL12 ",
    "phone-like groups": "06 ",
    "capitalised words": "Aa ",
    "titles without names": "mevrouw ",
}


@pytest.mark.parametrize("unit", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_text_at_the_limit_is_scanned_quickly(unit):
    text = (unit * (MAX_TEXT_CHARS // len(unit) + 1))[:MAX_TEXT_CHARS]
    started = time.process_time()
    scan(text)
    assert time.process_time() - started < LIMIT_SECONDS
