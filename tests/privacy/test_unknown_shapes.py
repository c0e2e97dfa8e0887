"""Decision 0032: unknown identifier shapes in a line about a person are hard findings.

Generated from the general shapes (a date with a birth year, a 6+ digit number or a letter-digit
code, a made-up street word + house number), never from corpus sentences; next to each, the
look-alikes that must stay out (amounts, references, law and event dates, offices, ages).
"""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kenme.privacy import lexicon, scan
from kenme.privacy.contact import NOT_ONE_WORD_STREETS
from kenme.privacy.streets import NOT_POSTCODE_LETTERS
from tests.privacy.fake_identifiers import fake_bsn
from tests.privacy.helpers import NUMBER_KINDS, kind_over

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

PERSONS = st.sampled_from(
    ["De klant", "Mevrouw", "Zijn dochter", "Hij", "Aanvrager", "Mw. K. de Boer", "Haar zoon"]
)
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december"]  # fmt: skip


BIRTH_YEARS = st.integers(1920, 2015)


@st.composite
def birth_dates(draw, years=BIRTH_YEARS):
    """A full date with a year a living client is born in, in one of the usual spellings."""
    year, month, day = draw(years), draw(st.integers(1, 12)), draw(st.integers(1, 28))
    spellings = [
        f"{day} {MONTHS[month - 1]} {year}",
        f"{day:02d}-{month:02d}-{year}",
        f"{day}/{month}/{year}",
        f"{day:02d}.{month:02d}.{year}",
        f"{year}-{month:02d}-{day:02d}",
    ]
    if 1930 <= year <= 1999:  # "'81" is 1981; "'20" would be 2020
        spellings.append(f"{day} {MONTHS[month - 1]} '{year % 100:02d}")
    return draw(st.sampled_from(spellings))


BIRTH_TEMPLATES = st.sampled_from(
    [
        "{p} ({d}) wil een afspraak over de uitkering.",
        "{p}, {d}, vraagt bijzondere bijstand aan.",
        "{p} is van {d} en zoekt werk.",
        "{p}\n{d}\nschulden bij de energieleverancier",
    ]
)


@SETTINGS
@given(person=PERSONS, date=birth_dates(), template=BIRTH_TEMPLATES)
def test_a_birth_shaped_date_near_a_person_is_a_date_of_birth(person, date, template):
    text = template.format(p=person, d=date)
    assert kind_over(text, date, "birthdate"), text


@SETTINGS
@given(
    person=PERSONS,
    date=birth_dates(),
    template=st.sampled_from(
        [
            "{p} is op {d} getrouwd.",
            "{p} is op {d} in dienst gekomen bij de bouw.",
            "{p} woont sinds {d} in de gemeente.",
            "De wet van {d} regelt de kostendelersnorm.",
            "Volgens de uitspraak van {d} mag dat niet.",
            "Per {d} geldt een nieuwe regeling.",
        ]
    ),
)
def test_an_event_or_law_date_with_an_old_year_stays_soft(person, date, template):
    text = template.format(p=person, d=date)
    assert not [f for f in scan(text) if f.kind == "birthdate"], text


@SETTINGS
@given(person=PERSONS, date=birth_dates(years=st.integers(2024, 2027)))
def test_a_recent_date_near_a_person_is_an_event_not_a_birth(person, date):
    assume("'" not in date)
    text = f"{person} heeft op {date} gebeld over de brief."
    assert not [f for f in scan(text) if f.kind == "birthdate"], text


NUMBERS = st.integers(100_000, 9_999_999_999).map(str)
CODES = st.builds(
    lambda letters, dash, digits: f"{letters}{dash}{digits}",
    st.text("ABDFGHKLMNPRSTVWXZ", min_size=1, max_size=3),
    st.sampled_from(["", "-"]),
    st.integers(10_000, 999_999_999).map(str),
)
NUMBER_TEMPLATES = st.sampled_from(
    [
        "{p} staat bij de corporatie onder {n} en heeft een achterstand.",
        "{p} heeft {n} als nummer gekregen van de schuldeiser.",
        "{p}: {n}, nog geen reactie ontvangen.",
        "Vraag van {p} over {n}; wie pakt dit op?",
    ]
)


@SETTINGS
@given(person=PERSONS, number=st.one_of(NUMBERS, CODES), template=NUMBER_TEMPLATES)
def test_an_unknown_number_or_code_near_a_person_is_hard(person, number, template):
    text = template.format(p=person, n=number)
    assert kind_over(text, number, *NUMBER_KINDS), text


@SETTINGS
@given(
    person=PERSONS,
    value=st.integers(100_000, 99_999_999),
    template=st.sampled_from(
        [
            "{p} heeft een schuld van € {v} bij de bank.",
            "{p} krijgt {v} euro terug van de Belastingdienst.",
            "{p} betaalt {m} per jaar aan de verhuurder.",
            "{p} stuurde factuur {v} van het bewindvoerderskantoor door.",
            "{p} vroeg naar het ticket {v} van de helpdesk.",
            "{p} las artikel {v} niet.",
            "{p} valt onder de Wmo{y} en de periode {y}-{z}.",
            "{p} komt tussen 09.00-17.00 langs, zie https://example.nl/a?utm=Xk3{v}qT.",
            "{p} belt 0800-{s} voor de toeslag.",
            "{p} zag de video Xk3{v}qT op internet.",
            "{p} leest de bladzijden {r} van het boek.",
        ]
    ),
)
def test_amounts_references_and_public_codes_near_a_person_stay_out(person, value, template):
    text = template.format(
        p=person,
        v=value,
        m=f"{value:,}".replace(",", "."),
        y=2000 + value % 26,
        z=2001 + value % 26,
        s=f"{value % 10_000:04d}",
        r=f"{value % 1000 + 100}–{value % 1000 + 1100}",
    )
    assert not [f for f in scan(text) if f.kind in ("client_number", "document_number")], text


@SETTINGS
@given(number=NUMBERS)
def test_a_number_in_a_line_about_no_person_stays_out(number):
    text = f"Het rapport {number} over armoedebeleid is openbaar."
    assert not [f for f in scan(text) if f.kind in ("client_number", "document_number")], text


@SETTINGS
@given(number=NUMBERS, word=st.sampled_from(["gebaseerd op", "gebruikt in", "gebeurt in"]))
def test_a_word_starting_like_geb_is_no_person(number, word):
    # "geb." and "geboren" label a person; "gebaseerd", "gebruikt", "gebeurt" do not.
    text = f"Het beleid is {word} rapport {number} over armoede."
    assert not [f for f in scan(text) if f.kind in ("client_number", "document_number")], text


# A made-up street word: syllables that end in no known street suffix.
STREET_WORDS = st.builds(
    lambda parts: "".join(parts).capitalize(),
    st.lists(st.sampled_from(["ka", "lo", "ver", "dun", "mi", "sto", "ter", "bo", "ri", "nal"]),
             min_size=2, max_size=4),
)  # fmt: skip
HOUSE_NUMBERS = st.builds(
    lambda n, extra: f"{n}{extra}", st.integers(1, 399), st.sampled_from(["", "a", "B", "-2"])
)
PLACES = st.sampled_from(["Harlingen", "Den Haag", "Zwolle", "Dokkum", "Tiel"])
ADDRESS_TEMPLATES = st.sampled_from(
    [
        "{p} woont in de {s} {n}, {c}.",
        "{p} verhuist volgende week naar de {s} {n} in {c}.",
        "{p}: {s} {n}, 9101 VB {c}.",
        "{p} slaapt nu bij haar zus, {s} {n}, en zoekt een kamer.",
    ]
)


def _plausible_street(word: str) -> bool:
    lower = word.lower()
    return lower not in NOT_ONE_WORD_STREETS and lower not in lexicon.first_names()


@SETTINGS
@given(
    person=PERSONS,
    street=STREET_WORDS,
    number=HOUSE_NUMBERS,
    place=PLACES,
    template=ADDRESS_TEMPLATES,
)
def test_a_street_of_unknown_shape_near_a_person_is_an_address(
    person, street, number, place, template
):
    assume(_plausible_street(street))
    text = template.format(p=person, s=street, n=number, c=place)
    assert kind_over(text, f"{street} {number}", "postcode_address"), text


@SETTINGS
@given(
    person=PERSONS,
    street=STREET_WORDS,
    number=st.integers(1, 99),
    template=st.sampled_from(
        [
            "Ons loket zit op de {s} {n}, {p} kan daar terecht.",
            "{p} zit in groep {n}, en gaat naar school.",
            "{p} heeft in week {n}, gebeld.",
            "Mw. {s} {n}, woont bij haar moeder.",
            "{p} woonde in {y}, bij zijn broer.",
        ]
    ),
)
def test_offices_groups_weeks_ages_and_years_are_no_address(person, street, number, template):
    assume(_plausible_street(street))
    text = template.format(p=person, s=street, n=number, y=1990 + number % 30)
    assert not [f for f in scan(text) if f.kind == "postcode_address"], text


def test_a_table_column_headed_address_holds_addresses():
    text = "| cliënt | adres |\n|---|---|\n| K. Dijk | Kalover 12 |\n| P. Ros | Stoter 4b |"
    found = {f.text for f in scan(text) if f.kind == "postcode_address"}
    assert {"Kalover 12", "Stoter 4b"} <= found


@SETTINGS
@given(
    person=PERSONS,
    day=st.integers(1, 28),
    month=st.sampled_from(["jan", "mrt", "MEI", "Okt", "OCT", "March", "june", "december"]),
    year=st.one_of(st.integers(1930, 2010).map(str), st.integers(30, 99).map(str)),
)
def test_a_dashed_or_english_month_date_near_a_person_is_a_date_of_birth(person, day, month, year):
    date = f"{day:02d}-{month}-{year}"
    text = f"{person}, {date}, staat nog niet in de BRP."
    assert kind_over(text, date, "birthdate"), text


DIGIT_WORDS = ["nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen"]


@SETTINGS
@given(
    code=st.integers(1000, 9999),
    letters=st.text("ABCDEFGHJKLMNPRTVWXZ", min_size=2, max_size=2),
    number=st.sampled_from(["twaalf", "achtentwintig", "drie", "14"]),
)
def test_a_postcode_read_out_in_words_is_an_address(code, letters, number):
    spoken = " ".join(DIGIT_WORDS[int(d)] for d in str(code))
    text = f"De postcode is {spoken} {letters} huisnummer {number}. Graag terugbellen."
    assert kind_over(text, f"{spoken} {letters}", "postcode_address"), text


@SETTINGS
@given(
    person=PERSONS,
    code=st.integers(1000, 9999),
    letters=st.text("bdfghjklnprstvxz", min_size=2, max_size=2),
    template=st.sampled_from(
        ["{p} verhuist naar {c}{l}, meer weet ik niet.", "{p} woont in {c} {l} Drachten."]
    ),
)
def test_a_lower_case_postcode_where_someone_lives_is_an_address(person, code, letters, template):
    text = template.format(p=person, c=code, l=letters)
    written = f"{code}{letters}" if "{c}{l}" in template else f"{code} {letters}"
    assume(postcode_valid(written) and letters not in NOT_POSTCODE_LETTERS)
    assert kind_over(text, written, "postcode_address"), text


def postcode_valid(written: str) -> bool:
    from stdnum.nl import postcode

    return postcode.is_valid(written.replace(" ", "").upper())


@SETTINGS
@given(
    person=PERSONS,
    amount=st.integers(1000, 9999),
    unit=st.sampled_from(["mg", "km", "kg", "ml", "ha"]),
    count=st.integers(1000, 9999),
)
def test_units_and_short_words_after_a_number_are_no_postcode(person, amount, unit, count):
    text = f"{person} neemt {amount}{unit} per dag en woont hier sinds {count} en nu is het op."
    assert not [f for f in scan(text) if f.kind == "postcode_address"], text


SPOKEN = ["nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen"]


def _spoken(digits: str, joint: str = " ") -> str:
    return joint.join(SPOKEN[int(d)] for d in digits)


@SETTINGS
@given(
    kind_digits=st.one_of(
        st.tuples(st.just("phone"), st.integers(10_000_000, 99_999_999).map(lambda n: f"06{n}")),
        st.tuples(
            st.just("bsn"),
            st.randoms(use_true_random=False).map(lambda rng: fake_bsn(rng)),
        ),
        st.tuples(st.just("client_number"), st.integers(1_000_000, 9_999_999).map(str)),
    ),
    joint=st.sampled_from([" ", ", ", " - "]),
)
def test_a_number_read_out_in_words_is_found_as_its_kind(kind_digits, joint):
    kind, digits = kind_digits
    assume(kind != "client_number" or not bsn_valid(digits))
    spoken = _spoken(digits, joint)
    text = f"Ze gaf door: {spoken}. Graag terugbellen."
    assert kind_over(text, spoken, kind), text


def bsn_valid(digits: str) -> bool:
    from stdnum.nl import bsn

    return bsn.is_valid(digits)


@SETTINGS
@given(count=st.integers(2, 5))
def test_counting_out_loud_is_no_number(count):
    text = f"Ze telde {_spoken('123456789'[:count])} en toen was het stil."
    assert not [f for f in scan(text) if f.severity == "hard"], text


@SETTINGS
@given(
    digits=st.integers(100_000_000, 999_999_999).map(str),
    template=st.sampled_from(
        ["BSN van de klant: {n}, graag controleren.", "Zijn bsn {n} staat fout in Suite."]
    ),
)
def test_a_named_bsn_that_fails_the_11_proef_is_still_a_bsn(digits, template):
    text = template.format(n=digits)
    assert kind_over(text, digits, "bsn"), text


@SETTINGS
@given(
    country=st.sampled_from(["NL", "nl", "BE"]),
    check=st.integers(0, 99),
    bank=st.sampled_from(["ABNA", "RABO", "INGB", "TRIO"]),
    account=st.integers(0, 9_999_999_999),
    grouped=st.booleans(),
)
def test_an_account_number_in_the_iban_shape_is_an_iban_whatever_its_check(
    country, check, bank, account, grouped
):
    digits = f"{account:010d}"
    written = (
        f"{country}{check:02d} {bank} {digits[:4]} {digits[4:8]} {digits[8:]}"
        if grouped
        else f"{country}{check:02d}{bank}{digits}"
    )
    text = f"Hij heeft rekening {written} bij de bank."
    assert kind_over(text, written, "iban"), text
