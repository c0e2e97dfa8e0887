"""Table-driven specification of what each detector flags and what it leaves alone."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kenme.privacy import scan

FLAGGED = [
    # (text, kind, flagged text)
    ("BSN 637337670 staat op de brief.", "bsn", "637337670"),
    ("bsn: 2505.91.960", "bsn", "2505.91.960"),
    ("burgerservicenummer 552 619 292", "bsn", "552 619 292"),
    ("Rekening NL66 ABNA 0893 0812 82 van de klant", "iban", "NL66 ABNA 0893 0812 82"),
    ("betaald vanaf nl70ingb5721230159.", "iban", "nl70ingb5721230159"),
    ("Duitse rekening DE89370400440532013000", "iban", "DE89370400440532013000"),
    ("mail naar j.jansen@example.nl graag", "email", "j.jansen@example.nl"),
    ("bel 06-12345678 na vijven", "phone", "06-12345678"),
    ("bel +31 (0)6 1234 5678", "phone", "+31 (0)6 1234 5678"),
    ("bel 0031 43 350 1234", "phone", "0031 43 350 1234"),
    ("bel (043) 350 12 34", "phone", "(043) 350 12 34"),
    # Decision 0031: a follow-me number (084/087) can be a person's; only 088 and 14 0xx are
    # company-wide or municipal.
    ("bereikbaar via 084-1234567", "phone", "084-1234567"),
    ("fax 087 012 3456", "phone", "087 012 3456"),
    ("woont op de Kerkstraat 12a", "postcode_address", "Kerkstraat 12a"),
    ("postcode 6211 LK 14", "postcode_address", "6211 LK 14"),
    ("naar 3511LK", "postcode_address", "3511LK"),
    ("Hij is geboren op 14-03-1987.", "birthdate", "14-03-1987"),
    ("geb. 3 juni 1992", "birthdate", "3 juni 1992"),
    ("auto 12-BDT-3 op naam", "license_plate", "12-BDT-3"),
    ("kenteken gz 123 k", "license_plate", "gz 123 k"),
    # A missing space after a full stop (found by the end-to-end test's answer + sentence).
    ("ook bij zorg.TS.00.00", "license_plate", "TS.00.00"),
    ("ook bij zorg.TS\n00\n00", "license_plate", "TS\n00\n00"),
    ("Bel me.0612345678 na vijven", "phone", "0612345678"),
    ("klantnummer 20231145", "client_number", "20231145"),
    ("Dossiernummer: WIZ-2024-004512", "client_number", "WIZ-2024-004512"),
    ("relatienr. 7700123456", "client_number", "7700123456"),
    ("V-nummer 2845193067", "vnummer", "2845193067"),
    ("paspoortnummer NW3K4L8P2", "document_number", "NW3K4L8P2"),
    ("KvK-nummer 69599084", "kvk", "69599084"),
    ("Ik sprak mevrouw El Amrani.", "name", "El Amrani"),
    ("Dhr. J. van der Berg belde.", "name", "J. van der Berg"),
    ("mevrouw Van 't Hof-de Wit", "name", "Van 't Hof-de Wit"),
    ("mijn klant Jan werkt", "name", "Jan"),
    ("Zij heet Fatima.", "name", "Fatima"),
    ("Gülşen Yılmaz vraagt bijstand aan.", "name", "Gülşen Yılmaz"),
    ("haar dochter Zoë gaat naar school", "name", "Zoë"),
    ("De klant is 34 jaar en woont alleen.", "age_exact", "34 jaar"),
    ("een 34-jarige vrouw", "age_exact", "34-jarige"),
    ("Op 12 maart 2024 is hij verhuisd.", "date", "12 maart 2024"),
    ("Ze woont in Noorbeek.", "place", "Noorbeek"),
    ("Hij werkt bij Bakkerij Jansen.", "organisation", "Bakkerij Jansen"),
    ("De kinderen zitten op basisschool De Regenboog.", "organisation", "basisschool De Regenboog"),
]

NOT_FLAGGED = [
    "Op grond van art. 22a lid 4 Pw blijft de norm buiten toepassing.",
    "Zie artikel 18 lid 2 Pw en art. 4:6 Awb.",
    "De norm is € 1.401,50 per maand, 5,5 % meer dan vorig jaar.",
    "Per 1 januari 2023 geldt de nieuwe regel; sinds 1-1-2023 tellen jongeren niet mee.",
    "Het UWV, de SVB, Divosa, het CAK en de Belastingdienst zijn betrokken.",
    "Ik werk bij de gemeente Maastricht.",
    "Klant is eind veertig, haar zoon begin twintig.",
    "Jongeren onder de 27 en 27-plussers worden anders behandeld.",
    "De kostendelersnorm staat in Stb. 2014, 270.",
    "In 2015 werd de WWB de Participatiewet.",
    "Het nummer 474174652 haalt de elfproef niet.",
    "Het ordernummer 0612-3456 staat op de factuur.",
    "Mevrouw A. heeft drie kinderen.",
    "Meneer is bang dat hij zijn huis kwijtraakt.",
    "Ben benieuwd naar jullie ervaring.",
    "Lieve collega's, wie weet raad?",
    "CRvB 12-03-2019, ECLI:NL:CRVB:2019:857.",
    "Bel de Belastingtelefoon 0800-0543.",
    # Decision 0031: organisations' service numbers are no client's personal data.
    "Het Juridisch Loket (0900-8020) en het UWV (088-898 9294) helpen verder.",
    "De gemeente is bereikbaar op 14 020 en het Nibud op 0900-1234567.",
    "De factor is 3.0612345678 en versie 2.12.34 bleef.",
    "Onrechtmatige daad, art. 1401 BW.",
    "Wie geboren is na 31 december 1960 krijgt later AOW.",
    "De AOW-leeftijd is 67 jaar.",
    "Hij zit al 5 jaar in de bijstand.",
    "18-jarigen krijgen een brief over de zorgverzekering.",
    "Het dossiernummer laat ik weg.",
]


@pytest.mark.parametrize(("text", "kind", "expected"), FLAGGED)
def test_flags(text, kind, expected):
    found = [(f.kind, f.text) for f in scan(text)]
    assert (kind, expected) in found


@pytest.mark.parametrize("text", NOT_FLAGGED)
def test_leaves_alone(text):
    assert [(f.kind, f.text) for f in scan(text)] == []


@pytest.mark.parametrize(
    ("text", "severity"),
    [("BSN 637337670", "hard"), ("Ik sprak mevrouw El Amrani.", "soft")],
)
def test_severity_follows_the_kind(text, severity):
    assert {f.severity for f in scan(text)} == {severity}


def test_soft_date_inside_a_birthdate_is_reported_once_as_hard():
    findings = scan("Geboren op 14-03-1987 in Rabat.")
    assert [(f.kind, f.severity) for f in findings] == [("birthdate", "hard")]


def test_findings_do_not_overlap_and_are_sorted():
    text = "Meneer Bakker (52 jaar), Dorpsstraat 14, bel 06-41 52 63 74, BSN 744214798."
    findings = scan(text)
    assert [f.kind for f in findings] == ["name", "age_exact", "postcode_address", "phone", "bsn"]
    for first, second in itertools.pairwise(findings):
        assert first.end <= second.start


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("BSN van de klant: 987 097 052", "bsn"),  # the name wins over the generic "klant:"
        ("burgerservicenummer van cliënt: 987097052", "bsn"),
        ("klant: 987097052", "client_number"),  # no BSN named: the client context stands
        ("klantnummer 987097052 graag", "client_number"),
    ],
)
def test_a_number_called_a_bsn_is_reported_as_a_bsn(text, kind):
    assert [f.kind for f in scan(text)] == [kind]


@settings(max_examples=100, deadline=None)
@given(
    mobile=st.integers(10_000_000, 59_999_999),
    landline=st.integers(2_000_000, 7_999_999),
    joint=st.sampled_from([" / ", "/", " /", "/ "]),
)
def test_phone_numbers_listed_with_a_slash_are_each_found(mobile, landline, joint):
    first, second = f"06{mobile}", f"020{landline}"
    text = f"tel: {first}{joint}{second}, graag terugbellen"
    found = {f.text for f in scan(text) if f.kind == "phone"}
    assert {first, second} <= found, text
