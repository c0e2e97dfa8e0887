"""Rules tuned on the tuning half of casus_2026c (decision 0025): client numbers in lists and
tables, names at the start of a line, ages after a comma, birth dates with "geboren" after."""

from __future__ import annotations

import pytest

from kenme.privacy import scan


def kinds(text: str) -> list[tuple[str, str]]:
    return [(finding.kind, finding.text) for finding in scan(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nog doen:\n- RB-44120 – inkomen checken\n- verder niks", "RB-44120"),
        ("* ZK-731002 wacht op stukken", "ZK-731002"),
        ("Signaal over K0204417, wie pakt het op?", "K0204417"),
        ("| Dossiernr | Status |\n|---|---|\n| 5541203 | open |", "5541203"),
        ("| Datum | Klantnummer |\n| --- | --- |\n| 3 mei | 2023-88411 |", "2023-88411"),
    ],
)
def test_a_client_code_in_a_list_or_table_is_found(text, expected):
    assert ("client_number", expected) in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "Zie ECLI:NL:CRVB:2019:1234 en artikel 18 Pw.",
        "De WW-2024 regeling en de AOW 2025.",
        "| Datum | Aantal |\n|---|---|\n| 3 mei | 123456 |",
        "Het paspoort XR1234567 is verlopen.",
    ],
)
def test_codes_that_are_no_client_number_are_not_flagged_as_one(text):
    assert "client_number" not in [kind for kind, _ in kinds(text)]
