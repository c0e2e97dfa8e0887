"""Phone numbers, postbussen and addresses as klantmanagers paste them (decision 0063), and the
look-alikes in the same places: a person's line named after an office, a postbus a client has,
an organisation that moves, a number and an amount in an export row, a mobile after "klant".

Every value is drawn by Hypothesis from Dutch conventions, not copied from a corpus text.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kenme.privacy import scan
from tests.privacy.helpers import hard_kinds, kind_over, kinds_over

HEALTH = [HealthCheck.too_slow, HealthCheck.large_base_example, HealthCheck.data_too_large]
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=HEALTH)

FIRST_NAMES = st.sampled_from(("Anna", "Peter", "Fatima", "Mohammed", "Sanne", "Kees", "Ilse"))
SURNAMES = st.sampled_from(("Jansen", "de Vries", "Bakker", "Yilmaz", "Visser"))
SERVICES = st.sampled_from(("het Steunpunt", "de Helpdesk", "het Meldpunt", "het Servicepunt"))
# A Dutch fixed line: an area code and a subscriber number of the right length, first digit 2-9.
AREA_CODES = st.sampled_from(("020", "010", "030", "050", "058", "0591", "0522"))


@st.composite
def fixed_lines(draw) -> str:
    area = draw(AREA_CODES)
    length = 10 - len(area)
    first = draw(st.integers(2, 9))
    rest = draw(st.integers(0, 10 ** (length - 1) - 1))
    return f"{area} {first}{rest:0{length - 1}d}"


@SETTINGS
@given(FIRST_NAMES, SURNAMES, SERVICES, fixed_lines())
def test_a_plain_name_before_an_office_makes_the_line_the_persons(first, last, service, line):
    for text in (
        f"Contact met {first} via {service}, {line}.",
        f"Contactpersoon {first} {last}, {service.split()[1]}, {line}",
        f"Ik sprak {first} {last} van {service}, {line}, over de aanvraag.",
    ):
        assert kind_over(text, line, "phone"), scan(text)
    # the office's own line, with no person before it, stays the office's (decision 0057)
    text = f"Bel voor spoed {service}, {line}."
    assert hard_kinds(text) == [], scan(text)


POSTBUS_NUMBERS = st.integers(1, 9999)  # five digits and a postcode can read as a BSN
POSTCODES = st.tuples(st.integers(1000, 9999), st.sampled_from(("CZ", "AB", "KB", "GL", "EP")))
PERSONS = st.sampled_from(("Klant", "Hij", "Zij", "Mevrouw", "Meneer", "Cliënt"))
HAS = st.sampled_from(("heeft een postbus", "heeft sinds kort een postbus", "gebruikt een postbus"))


@SETTINGS
@given(PERSONS, HAS, POSTBUS_NUMBERS, POSTCODES)
def test_a_postbus_a_client_has_is_their_address_an_organisations_is_not(person, has, number, code):
    postcode = f"{code[0]} {code[1]}"
    text = f"{person} {has}: Postbus {number}, {postcode} Huizen."
    assert kind_over(text, postcode, "postcode_address"), scan(text)
    for body in ("De gemeente", "Het UWV", "De stichting"):
        text = f"{body} {has.replace('een postbus', 'een postbus')}: Postbus {number}, {postcode}."
        assert hard_kinds(text) == [], scan(text)


@SETTINGS
@given(POSTBUS_NUMBERS, POSTCODES, st.sampled_from(("Correspondentieadres", "Postadres")))
def test_a_postbus_in_a_persons_record_beside_the_home_is_theirs(number, code, label):
    postcode = f"{code[0]} {code[1]}"
    text = f"{label}:\nPostbus {number}\n{postcode} Lemelerveld\nWoonadres:\nZwolseweg 19\n"
    assert kind_over(text, postcode, "postcode_address"), scan(text)
    text = f"{label} UWV:\nPostbus {number}\n{postcode} Amsterdam\n"
    assert hard_kinds(text) == [], scan(text)


MOVERS = st.sampled_from(("De gemeente", "Het UWV", "Het wijkteam", "We", "De afdeling"))
MOVES = st.sampled_from(("verhuist", "gaat verhuizen", "verhuizen", "verhuist binnenkort"))
VENUES = st.sampled_from(("het gebouw", "het kantoor", "de vestiging"))
STREETS = st.sampled_from(("Molenweg", "Kerkstraat", "Stationsplein", "Laan van Westenenk"))


@SETTINGS
@given(MOVERS, MOVES, VENUES, STREETS, st.integers(1, 400))
def test_an_organisation_that_moves_is_no_ones_home_a_client_that_moves_is(
    mover, moves, venue, street, number
):
    if mover == "We" and moves == "verhuist":
        moves = "verhuizen"
    text = f"{mover} {moves} naar {venue} aan de {street} {number}."
    assert hard_kinds(text) == [], scan(text)
    text = f"Klant verhuist naar {venue} aan de {street} {number}."
    assert kind_over(text, f"{street} {number}", "postcode_address"), scan(text)


@SETTINGS
@given(
    st.lists(
        st.tuples(st.integers(1, 99999), st.integers(1, 9999), st.integers(0, 99)),
        min_size=1,
        max_size=4,
    ),
    st.sampled_from(("\t", ";", " ")),
)
def test_a_zero_padded_number_before_an_amount_is_no_phone(rows, cell):
    lines = [f"{number:05d}{cell}{euros}.{cents:02d}" for number, euros, cents in rows]
    text = "relatie" + cell + "bedrag\n" + "\n".join(lines)
    assert "phone" not in hard_kinds(text), scan(text)
    # a real phone number in its own cell of the same row is still one
    text = lines[0] + f"{cell.strip() or ';'}06 1234 5678"
    assert kind_over(text, "06 1234 5678", "phone"), scan(text)


@SETTINGS
@given(
    st.sampled_from(("Klant", "klant:", "Cliënt")),
    st.integers(10_000_000, 59_999_999),  # 061-065: mobile series in use
    st.sampled_from(("06-{}", "06{}", "06 {}")),
)
def test_a_mobile_after_klant_is_a_phone_not_a_client_number(word, digits, form):
    number = form.format(digits)
    text = f"{word} {number} belde vanochtend over de uitkering."
    assert kinds_over(text, number) == {"phone"}, scan(text)
    # a client's own number after the bare word stays a client number
    text = f"{word} {digits + 100_000_000} belde vanochtend over de uitkering."
    assert kind_over(text, str(digits + 100_000_000), "client_number", "bsn"), scan(text)
