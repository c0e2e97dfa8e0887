"""Context: legal ages, dates of laws and rulings are no finding; addresses and exact ages are."""

from __future__ import annotations

import pytest

from kenme.privacy import scan
from kenme.privacy.evaluation import with_members


@pytest.mark.parametrize(
    "text",
    [
        "Vanaf 21 jaar geldt de volledige norm.",
        "Jongeren jonger dan 27 tellen niet mee als kostendeler.",
        "Voor wie onder de 27 is, geldt een zoekperiode.",
        "Vanaf de AOW-leeftijd valt iemand buiten de Participatiewet.",
        "Zijn moeder kreeg minder nadat hij 21 werd (art. 22a Pw).",
        "Een jongere van 18 tot 21 jaar krijgt de jongerennorm.",
        "Bij de wet van 9 oktober 2014 is de kostendelersnorm ingevoerd.",
        "Sinds de uitspraak van de CRvB van 12 juni 2023 kijken we anders naar giften.",
        "Per 1 juli 2024 zijn de normen verhoogd.",
    ],
)
def test_rules_and_legal_dates_are_no_finding(text):
    assert [(f.kind, f.text) for f in scan(text) if f.kind in ("age_exact", "date")] == []


ADDRESS = "postcode_address"


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("In de Kerkstraat op nummer 7 wonen zes mensen.", ADDRESS, "Kerkstraat op nummer 7"),
        ("Hij woont op nummer 23 van de Bloemstraat.", ADDRESS, "nummer 23 van de Bloemstraat"),
        ("Zij woont op Dorpsstraat 4-II met haar zoon.", ADDRESS, "Dorpsstraat 4-II"),
        ("Hij woont bij de Jumbo op nummer 12, erboven.", ADDRESS, "bij de Jumbo op nummer 12"),
        ("Aan de Weidelaan, standplaats 3, staat zijn wagen.", ADDRESS, "Weidelaan, standplaats 3"),
        ("Meneer Jansen van 63 wil nog werken.", "age_exact", "63"),
        ("Hij is 27 geworden in maart.", "age_exact", "27"),
        ("Een alleenstaande ouder van 22 met een baby vraagt bijstand.", "age_exact", "22"),
        ("De KvK van de klant (nr. 85106624) toont een autohandel.", "kvk", "85106624"),
    ],
)  # fmt: skip
def test_addresses_in_other_orders_and_exact_ages_are_found(text, kind, expected):
    assert expected in [f.text for f in scan(text) if f.kind == kind]


def test_a_mention_of_a_member_is_no_name_but_a_client_name_is():
    scan_members = with_members(scan, ["Ilse de Vries"])
    text = "@Ilse de Vries, wat vind jij van de casus van mevrouw Kaya?"
    assert [f.text for f in scan_members(text) if f.kind == "name"] == ["Kaya"]
