"""Identifiers as klantmanagers paste them from Suite, GWS4all, Socrates and exports (decision
0057), and the professional look-alikes in the same places.

Each shape is drawn by Hypothesis from Dutch conventions, not copied from a corpus text: the
document number of a passport or ID card, a V-nummer named after it, the BRP's compact date of
birth, a date in an export row with a BSN, a house number with its toevoeging before the street,
a postbus a person rents. The look-alikes: an office's venue and the street it stands on, a
public body's fixed line, a ruling's ECLI or LJN, the kenmerk of a public letter.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kenme.privacy import scan
from tests.privacy.fake_identifiers import (
    fake_birth_compact,
    fake_bsn,
    fake_document_number,
    fake_nl_iban,
    fake_vnummer,
)
from tests.privacy.helpers import hard_kinds, kind_over

HEALTH = [HealthCheck.too_slow, HealthCheck.large_base_example, HealthCheck.data_too_large]
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=HEALTH)
RANDOMS = st.randoms(use_true_random=False)
STREETS = st.sampled_from(
    ("Nicolaas Beetsstraat", "Kerkstraat", "Tweede Jan Steenstraat", "Van Hallweg", "Molenlaan")
)
TOEVOEGINGEN = st.sampled_from(("-II", "-hs", "-3", "a-2", "-bis", "/4", "-III", "B"))
DOCUMENT_LABELS = st.sampled_from(("vbv", "paspoort", "ID-kaart", "rijbewijs", "vvr"))
PLACES = st.sampled_from(("Zwolle", "Assen", "Leeuwarden", "Emmen"))


@SETTINGS
@given(RANDOMS, DOCUMENT_LABELS)
def test_a_document_number_named_after_it_in_brackets_is_one(rng, label):
    number = fake_document_number(rng)
    text = f"{number} ({label}) is verlopen volgens de check. Klant zegt dat de verlenging loopt."
    assert kind_over(text, number, "document_number"), scan(text)


@SETTINGS
@given(RANDOMS)
def test_the_dutch_document_shape_in_a_line_about_a_person_is_a_document_number(rng):
    number = fake_document_number(rng)
    text = f"Klant liet {number} zien aan de balie, maar de foto lijkt niet op hem."
    assert kind_over(text, number, "document_number"), scan(text)


@SETTINGS
@given(RANDOMS, st.sampled_from(("Paspoortnr", "ID-kaart nr.", "Documentnummer:")))
def test_a_document_number_in_three_groups_of_three_is_one(rng, label):
    number = fake_document_number(rng)
    spaced = f"{number[:3]} {number[3:6]} {number[6:]}"
    text = f"{label} {spaced} staat op de kopie maar is verlopen."
    assert kind_over(text, spaced, "document_number"), scan(text)


@SETTINGS
@given(RANDOMS, st.sampled_from(("V-nummer", "vreemdelingennummer", "v-nr")))
def test_a_vnummer_named_after_it_in_brackets_is_one(rng, label):
    number = fake_vnummer(rng)
    text = f"{number} ({label}) — is dat het juiste nummer om in de BRP te zoeken?"
    assert kind_over(text, number, "vnummer"), scan(text)


@SETTINGS
@given(st.integers(1, 399), TOEVOEGINGEN, STREETS)
def test_a_house_number_with_its_toevoeging_before_the_street_is_an_address(n, toevoeging, street):
    address = f"{n}{toevoeging}, {street}"
    text = f"{address} — zo staat het in het formulier. Klopt dat?"
    assert kind_over(text, address, "postcode_address"), scan(text)


@SETTINGS
@given(st.integers(1, 9999), st.integers(1000, 9999), st.sampled_from(("AB", "CZ", "KL")))
def test_a_postbus_a_person_rents_is_their_address_an_offices_is_not(box, digits, letters):
    code = f"{digits} {letters}"
    own = f"Klant is dakloos en heeft zelf een postbus gehuurd: Postbus {box}, {code} Laren."
    assert kind_over(own, code, "postcode_address"), scan(own)
    office = f"Bezwaar sturen naar de gemeente, Postbus {box}, {code} Laren."
    assert hard_kinds(office) == []


@SETTINGS
@given(RANDOMS, st.sampled_from(("hij", "mevrouw Jansen", "de klant", "zijn dochter")))
def test_the_brp_compact_date_after_a_person_is_a_date_of_birth(rng, who):
    date = fake_birth_compact(rng)
    text = f"In het overzicht van de Kredietbank staat {who} als {date}, klopt dat met Suite?"
    assert kind_over(text, date, "birthdate"), scan(text)


@SETTINGS
@given(RANDOMS, st.integers(1, 28), st.integers(1, 12), st.integers(1935, 2005))
def test_a_date_in_an_export_row_with_a_bsn_is_a_date_of_birth(rng, day, month, year):
    date = f"{day:02d}-{month:02d}-{year}"
    text = f"Voorbeeld uit de lijst:\n{fake_bsn(rng)}\tYilmaz, H\t{date}\tInkomsten UWV\n"
    assert kind_over(text, date, "birthdate"), scan(text)


@SETTINGS
@given(
    st.sampled_from(("gemeentehuis van Zwolle", "vergaderruimte De Linde", "stadskantoor")),
    st.sampled_from(("Lübeckplein", "Raadhuisplein", "Stationsweg")),
    st.integers(1, 99),
)
def test_a_venue_and_its_street_are_no_home(venue, street, n):
    text = f"Het overleg is dit keer in het {venue}, {street} {n}, van 13:30 tot 16:00."
    assert hard_kinds(text) == [], scan(text)


@SETTINGS
@given(
    st.sampled_from(("UWV-kantoor", "gebouw", "jongerenloket")),
    st.sampled_from(("Laan van Westenenk", "Van Heutsz-Koningsweg", "Kerkstraat")),
    st.integers(1, 599),
)
def test_a_venue_on_its_street_is_no_home_but_a_home_in_a_building_is(venue, street, n):
    office = f"Het team zit in het {venue} aan de {street} {n} in Apeldoorn."
    assert hard_kinds(office) == [], scan(office)
    home = f"Klant woont in het {venue} aan de {street} {n} in Apeldoorn."
    assert "postcode_address" in hard_kinds(home), scan(home)


FIXED_LINES = st.sampled_from(("050 599 77 55", "020 656 56 56", "030 555 12 34", "020 555 5555"))


@SETTINGS
@given(
    st.sampled_from(
        (
            "Voor de studiefinanciering moet ze zelf DUO bellen, {n}.",
            "Bel voor nachtopvang het Centraal Meldpunt Zorg, {n} (24/7).",
            "AOW-vragen gaan naar de SVB, kantoor Amstelveen: {n}.",
        )
    ),
    FIXED_LINES,
    st.sampled_from(("06 1234 5678", "06-12345678")),
)
def test_a_public_bodys_fixed_line_is_no_clients_phone_a_mobile_or_a_persons_line_is(
    sentence, number, mobile
):
    text = sentence.format(n=number)
    assert hard_kinds(text) == [], scan(text)
    text = sentence.format(n=mobile)
    assert kind_over(text, mobile, "phone"), scan(text)
    text = f"Mevrouw De Vries van het UWV, {number}, belde over de klant."
    assert kind_over(text, number, "phone"), scan(text)


@SETTINGS
@given(
    st.sampled_from(("AA", "BB", "BN", "AZ", "BC")),
    st.integers(1000, 9999),
    st.sampled_from(("CRVB", "HR", "RBGEL")),
)
def test_a_rulings_ecli_or_ljn_is_no_plate(letters, digits, court):
    for text in (
        f"Zie ECLI:NL:{court}:2007:{letters}{digits} over toestemming bij het huisbezoek.",
        f"Zie LJN {letters}{digits} over toestemming bij het huisbezoek van de klant.",
    ):
        assert hard_kinds(text) == [], scan(text)


@SETTINGS
@given(
    st.sampled_from(("ledenbrief Lbr. 25/041", "Kamerbrief van 3 maart", "circulaire")),
    st.text("ABCDEFGHJKLMNPRSTUVWXYZ", min_size=2, max_size=4),
    st.integers(10**9, 10**10 - 1),  # ten digits: never a BSN
)
def test_the_kenmerk_of_a_public_letter_is_no_clients_number(letter, prefix, number):
    text = f"De {letter} (kenmerk {prefix}/U{number}) gaat over het BUIG-budget; wie las hem?"
    assert hard_kinds(text) == [], scan(text)


LANDMARKS = st.sampled_from(("de Jumbo", "het Kruidvat", "de Albert Heijn", "de Aldi"))


@SETTINGS
@given(LANDMARKS, st.integers(1, 299), st.sampled_from(("", "a", "b")))
def test_a_landmark_and_a_number_after_a_comma_is_an_address(landmark, n, letter):
    address = f"bij {landmark}, nummer {n}{letter}"
    text = f"Mevrouw woont op de hoek {address}, op de tweede verdieping."
    assert kind_over(text, address, "postcode_address"), scan(text)


@SETTINGS
@given(
    st.sampled_from(("Dorpsstraat", "Parkweg", "Molenlaan", "Vaartweg")),
    st.integers(1, 299),
    st.sampled_from(("", "a", "-II")),
    st.sampled_from(("mei", "december", "uur", "km")),
)
def test_a_street_op_a_number_where_someone_lives_is_an_address_a_date_is_not(
    street, n, toevoeging, unit
):
    address = f"{street} op {n}{toevoeging}"
    text = f"Hij woont sinds kort in de {address}, samen met zijn zus."
    assert kind_over(text, address, "postcode_address"), scan(text)
    text = f"Hij verhuist naar de {street} op {n} {unit}."
    assert hard_kinds(text) == [], scan(text)


@SETTINGS
@given(RANDOMS, st.integers(1_000, 9_999_999), st.sampled_from((",", ";", "\t")))
def test_a_zero_padded_number_in_a_record_with_an_iban_is_a_client_number(rng, n, sep):
    # one leading zero: "00" + digits also reads as an international phone number ("0032…")
    number = f"0{n}"
    account = fake_nl_iban(rng).replace(" ", "")
    row = sep.join((number, account, "VAN ROSSUM P", "415.00"))
    text = f"Het betalingsbestand weigert deze regel:\n{row}\nWat is er mis mee?"
    assert kind_over(text, number, "client_number"), scan(text)
    text = f"Het bestand weigert deze regel:\n{sep.join((number, 'BB-BRIL', '415.00'))}\n"
    assert hard_kinds(text) == [], scan(text)


@SETTINGS
@given(
    st.sampled_from(("043", "050", "020", "030", "070", "010")),
    st.integers(1000, 9999),
    st.sampled_from(("(24/7)", "(24/24)", "(12/7)")),
)
def test_a_service_numbers_tail_is_no_phone_a_mobile_after_it_is(area, b, note):
    # "088 043 0430 (24/7)": after the service number "043 0430 (24/7" is a valid fixed line
    service = f"088 {area} {b}"
    text = f"Voor de verblijfsvergunning: {service} {note}. Wij mogen niet namens haar bellen."
    assert hard_kinds(text) == [], scan(text)
    text = f"Eerst {service}, daarna mevrouw zelf op 06 1234 5678 {note}."
    assert kind_over(text, "06 1234 5678", "phone"), scan(text)
