"""Numbers, dates and addresses as a hurried writer, dictation software or OCR writes them
(decision 0046), and the professional look-alikes in the same places.

The spoken, spaced and OCR forms of every identifier family are in the generated suite
(benchmarks/identifiers.py, tests/privacy/test_adversarial.py); here are the dates of birth,
addresses and client numbers whose form is more than a respelling of the digits.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.identifiers import MONTHS
from kenme.privacy import scan
from tests.privacy.helpers import hard_kinds, kind_over

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])

UNITS = ("nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen")
TEENS = (
    "tien", "elf", "twaalf", "dertien", "veertien", "vijftien", "zestien", "zeventien",
    "achttien", "negentien",
)  # fmt: skip
TENS = ("", "", "twintig", "dertig", "veertig", "vijftig", "zestig", "zeventig", "tachtig")
TENS += ("negentig",)
ORDINALS = {1: "eerste", 3: "derde", 8: "achtste"}
ENGLISH_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


def dutch(n: int) -> str:
    """A number below 100 in Dutch words, written the way it is said."""
    if n < 10:
        return UNITS[n]
    if n < 20:
        return TEENS[n - 10]
    tens, unit = divmod(n, 10)
    if not unit:
        return TENS[tens]
    joint = "ën" if UNITS[unit].endswith("e") else "en"
    return f"{UNITS[unit]}{joint}{TENS[tens]}"


def dutch_ordinal(n: int) -> str:
    if n in ORDINALS:
        return ORDINALS[n]
    word = dutch(n)
    return word + ("ste" if n >= 20 else "de")


@st.composite
def spoken_births(draw) -> str:
    """A date of birth with the day, the year or both in words."""
    day, month, year = (
        draw(st.integers(1, 28)),
        draw(st.integers(1, 12)),
        draw(st.integers(1935, 2012)),
    )
    century, rest = divmod(year, 100)
    year_words = draw(
        st.sampled_from(
            [
                f"{dutch(century)} {dutch(rest)}" if rest else str(year),
                f"{dutch(century)}{dutch(rest)}" if rest >= 10 else str(year),
                f"{dutch(century)}honderd{dutch(rest)}" if rest else str(year),
                f"'{rest:02d}",
                str(year),
            ]
        )
    )
    if year >= 2000:
        year_words = f"tweeduizend {dutch(rest)}" if rest else "tweeduizend"
    form = draw(st.integers(0, 3))
    if form == 0:
        return f"{dutch(day)} {MONTHS[month - 1]} {year_words}"
    if form == 1:
        return f"{ENGLISH_MONTHS[month - 1]} {day}{draw(st.sampled_from(['', 'th']))}, {year}"
    if form == 2:
        short = ENGLISH_MONTHS[month - 1][:3].upper()
        return f"{day:02d} {short}/{short} {year}"
    return f"de {dutch_ordinal(day)} van de {dutch_ordinal(month)}, {dutch(rest)}"


@SETTINGS
@given(
    birth=spoken_births(),
    lead=st.sampled_from(["Klant is geboren op", "geb.", "Geboortedatum:", "Ze is van", "born"]),
)
def test_a_date_of_birth_in_words_or_in_other_orders_is_a_date_of_birth(birth, lead):
    text = f"{lead} {birth}, graag advies over de aanvraag."
    assert kind_over(text, birth, "birthdate"), (text, scan(text))


@SETTINGS
@given(
    day=st.integers(1, 28),
    month=st.sampled_from(MONTHS),
    template=st.sampled_from(
        [
            "Op {d} {m} is er weer teamoverleg, wie neemt de notulen?",
            "Het raadsbesluit van {d} {m} tweeduizend vijfentwintig regelt de toeslag.",
            "We hebben {d} kinderen in de groep en {d} {m} is de laatste dag.",
            "Er kwamen {d}, {d} of soms {d} mensen op het spreekuur.",
        ]
    ),
)
def test_a_day_in_words_without_a_birth_or_a_law_date_in_words_is_no_hard_finding(
    day, month, template
):
    text = template.format(d=dutch(day), m=month)
    assert hard_kinds(text) == [], text


@SETTINGS
@given(
    street=st.sampled_from(["Voorhout", "Kerkstraat", "Lange Voorhout", "Brink", "Wal"]),
    number=st.integers(1, 300),
    code=st.integers(1000, 9999),
    letters=st.sampled_from(["EG", "BW", "SR", "AB", "KL"]),
    joint=st.sampled_from(["\n", ", ", " ", "\n\n"]),
)
def test_a_street_and_number_before_a_postcode_is_an_address_whatever_its_letters(
    street, number, code, letters, joint
):
    address = f"{street} {number}{joint}{code} {letters}"
    text = f"Adres uit de etiketten:\nFam. Demir\n{address}\nKlopt het?"
    assert kind_over(text, f"{code} {letters}", "postcode_address"), text


@SETTINGS
@given(code=st.integers(1000, 9999), letters=st.sampled_from(["BW", "SR", "EG"]))
def test_an_article_before_a_legal_code_is_no_address(code, letters):
    text = f"Volgens art. 7 {code} {letters} mag dat niet, zie ook artikel 12 {code} {letters}."
    assert hard_kinds(text) == [], text


@SETTINGS
@given(
    number=st.integers(1, 300),
    street=st.sampled_from(["Singel", "Kerkstraat", "Molenweg", "Oudegracht", "Dorpsplein"]),
    lead=st.sampled_from(["", "Adres: ", "Nieuw adres: ", "woont op "]),
)
def test_the_number_before_the_street_is_an_address(number, street, lead):
    address = f"{number}, {street}"
    text = f"{lead}{address} – zo schreef ze het zelf."
    assert kind_over(text, address, "postcode_address"), text


@SETTINGS
@given(
    number=st.integers(1, 30),
    word=st.sampled_from(["Weg", "Park", "Plein", "Markt"]),
    lead=st.sampled_from(["Punt", "Stap", "Fase", "Er waren er"]),
)
def test_a_numbered_point_before_a_capitalised_street_word_is_no_address(number, word, lead):
    text = f"{lead} {number}, {word} naar de toekomst is het thema."
    assert hard_kinds(text) == [], text


@SETTINGS
@given(
    groups=st.lists(st.integers(1, 9999).map(str), min_size=2, max_size=4).filter(
        lambda g: 6 <= sum(map(len, g)) <= 12
    ),
    label=st.sampled_from(["klantnummer", "klantnr", "dossiernummer", "relatienummer"]),
)
def test_a_client_number_in_groups_after_its_label_is_one_number(groups, label):
    number = " ".join(groups)
    text = f"klant ramdin {label} {number} heeft weer geen inkomsten"
    assert kind_over(text, number, "client_number"), text


@SETTINGS
@given(prefix=st.sampled_from(["INC", "RITM", "REQ", "CHG"]), number=st.integers(10**6, 10**7))
def test_a_helpdesk_ticket_is_no_client_number(prefix, number):
    text = f"Ik heb bij de leverancier melding {prefix}{number:07d} open staan over de klant."
    assert hard_kinds(text) == [], text


@SETTINGS
@given(
    document=st.sampled_from(["raadsbesluit", "collegebesluit", "beleidsregels", "verordening"]),
    number=st.integers(100000, 999999),
)
def test_a_public_documents_zaak_number_is_no_client_number_but_a_clients_is(document, number):
    text = f"Het {document} over reiskosten staat onder zaaknummer Z/26/{number} in ons DMS."
    assert hard_kinds(text) == [], text
    text = f"Het {document} geldt voor de klant, zijn zaaknummer is Z/26/{number}."
    assert kind_over(text, f"Z/26/{number}", "client_number"), text


@SETTINGS
@given(
    venue=st.sampled_from(["Het Werkplein", "Het wijkteam", "Het stadskantoor", "De bibliotheek"]),
    number=st.integers(1, 300),
)
def test_where_a_public_venue_sits_is_no_home_address(venue, number):
    text = f"{venue} zit sinds kort op de Stationsweg {number} (naast het station)."
    assert hard_kinds(text) == [], text


@SETTINGS
@given(year=st.integers(2000, 2030), letters=st.sampled_from(["RV", "BW", "KL"]))
def test_a_code_of_year_letters_and_serial_is_no_postcode(year, letters):
    text = f"Het raadsbesluit ({year}-{letters}-0187) regelt de toeslag."
    assert hard_kinds(text) == [], text
    text = f"Ze woont op {year}-{letters}-187 bij haar moeder."
    assert kind_over(text, f"{year}-{letters}-187", "postcode_address"), text
    text = f"Het besluit {year}-{letters}-0187 staat online."
    assert hard_kinds(text) == [], text


@SETTINGS
@given(
    local=st.from_regex(r"[a-z]{3,8}", fullmatch=True),
    domain=st.from_regex(r"[a-z]{3,10}", fullmatch=True),
    tld=st.sampled_from(["n1", "nI", "c0m"]),
)
def test_an_e_mail_address_whose_domain_ocr_garbled_is_still_one(local, domain, tld):
    address = f"{local}@{domain}.{tld}"
    text = f'OCR van het ondernemersplan: "e-mail: {address} tel"'
    assert kind_over(text, address, "email"), text


@SETTINGS
@given(
    place=st.sampled_from(["banenmarkt", "weekmarkt", "speelpark", "fietspad", "schoolplein"]),
    noun=st.sampled_from(["gesprek", "afspraak", "folder", "vacature", "kraam", "uitkering"]),
    count=st.sampled_from(UNITS[2:] + TEENS),
)
def test_the_article_after_a_street_like_word_is_no_house_number(place, noun, count):
    """'op een banenmarkt een gesprek': 'een' before its noun is the article, also when the
    word before it ends like a street and a number word nearby opens the spelled view."""
    text = f"Na {count} maanden heeft hij op een {place} een {noun} gehad."
    assert hard_kinds(text) == []
