"""Decision 0042: identifiers in the forms pasted documents write them, and the documents'
own numbers that are no client's.

Generated from general shapes, never from corpus sentences: dates of birth in foreign and
genealogical notation, Belgian plates, labels glued to their number, a KvK column in a table;
next to them the look-alikes in the same place: a list's bullet before a date, a policy date in
Roman notation, a code with a plate's letters inside a longer one, an invoice's or ticket's own
code, a table column of amounts. Each identifier is checked in every applicable obfuscation of
the generated suite too.
"""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.identifiers import kinds_for, obfuscate
from kenme.privacy import scan
from tests.privacy.helpers import kind_over

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
PERSONS = st.sampled_from(["De klant", "Mevrouw", "Haar zoon", "Meneer Yilmaz", "Hij"])
ONE_ENCODING = st.lists(
    st.sampled_from(
        ["entities_decimal", "entities_hex", "percent", "zero_width", "fullwidth", "unicode_digits"]
    ),
    min_size=1,
    max_size=2,
    unique=True,
).filter(lambda kinds: sum(k.startswith(("entities", "percent")) for k in kinds) <= 1)


@st.composite
def foreign_birth_dates(draw):
    """A date of birth as a foreign or genealogical document writes it, and its label."""
    day, month, year = (
        draw(st.integers(1, 28)),
        draw(st.integers(1, 12)),
        draw(st.integers(1930, 2012)),
    )
    shape = draw(st.sampled_from(["roman", "us", "asterisk"]))
    if shape == "roman":
        date = f"{day:02d}-{ROMAN[month - 1]}-{year}"
        label = draw(st.sampled_from(["geboortedatum", "geb.", "date of birth:", "born"]))
        return f"{label} {date}", date
    if shape == "us":
        day = draw(st.integers(13, 28))  # a day that cannot be a month: the order is certain
        date = f"{month:02d}/{day}/{year}"
        label = draw(st.sampled_from(["born", "date of birth:", "DOB", "geb."]))
        return f"{label} {date}", date
    date = draw(st.sampled_from([f"{day:02d}-{month:02d}-{year}", f"{day}.{month}.{year}"]))
    return f"(*{date})", date


@SETTINGS
@given(person=PERSONS, birth=foreign_birth_dates())
def test_a_date_of_birth_in_foreign_or_genealogical_notation_is_found(person, birth):
    written, date = birth
    text = f"{person} {written}, woont sinds kort in de gemeente."
    assert kind_over(text, date, "birthdate"), text


@SETTINGS
@given(
    day=st.integers(1, 28),
    month=st.integers(1, 12),
    year=st.integers(1990, 2026),
    template=st.sampled_from(
        [
            "* {d}-{m:02d}-{y} gesprek gehad\n* volgende afspraak gepland",
            "De regeling geldt sinds {d}-{r}-{y} voor iedereen.",
            "Volgens de wet van {d}-{r}-{y} kan dat niet.",
        ]
    ),
)
def test_a_bullet_before_a_date_or_a_policy_date_in_roman_notation_is_no_birth(
    day, month, year, template
):
    text = template.format(d=day, m=month, y=year, r=ROMAN[month - 1])
    assert not [f for f in scan(text) if f.kind == "birthdate"], text


BELGIAN_PLATES = st.builds(
    lambda d, letters, n: f"{d}-{letters}-{n:03d}",
    st.integers(1, 9),
    st.text("ABCDEFGHJKLMNPRSTVWXYZ", min_size=3, max_size=3),
    st.integers(0, 999),
)


@SETTINGS
@given(person=PERSONS, plate=BELGIAN_PLATES, kinds=ONE_ENCODING, seed=st.integers(0, 2**32))
def test_a_belgian_plate_is_a_plate_plain_and_obfuscated(person, plate, kinds, seed):
    text = f"{person} rijdt in een auto met Belgisch kenteken {plate}, staat voor de deur."
    assert kind_over(text, plate, "license_plate"), text
    written = obfuscate("license_plate", plate, kinds, random.Random(seed))
    text = f"{person} rijdt in een auto met kenteken {written}, staat voor de deur."
    assert kind_over(text, written, "license_plate"), text


@SETTINGS
@given(plate=BELGIAN_PLATES)
def test_a_plate_shape_inside_a_longer_code_is_no_plate(plate):
    text = f"Bestel onderdeel A{plate}7 of X{plate} bij de leverancier."
    assert not [f for f in scan(text) if f.kind == "license_plate"], text


GLUED = st.sampled_from(
    [
        ("rijbewijsnr.", "document_number", st.integers(10**9, 10**10 - 1)),
        ("paspoortnr.", "document_number", st.integers(10**8, 10**9 - 1)),
        ("klantnr.", "client_number", st.integers(10**5, 10**8)),
        ("dossiernr.", "client_number", st.integers(10**5, 10**8)),
        ("kvk-nr.", "kvk", st.integers(10**7, 10**8 - 1)),
    ]
)


@SETTINGS
@given(glued=GLUED, data=st.data(), kinds=ONE_ENCODING, seed=st.integers(0, 2**32))
def test_a_label_glued_to_its_number_still_names_it(glued, data, kinds, seed):
    label, kind, numbers = glued
    number = str(data.draw(numbers))
    text = f"{label}{number} verlopen, de klant kan niet verder."
    assert kind_over(text, number, kind), text
    written = obfuscate("kvk", number, kinds, random.Random(seed))
    text = f"{label}{written} verlopen, de klant kan niet verder."
    assert kind_over(text, written, kind), text


@SETTINGS
@given(
    word=st.sampled_from(["factuur", "ticket", "order", "bestelling", "incident", "storing"]),
    prefix=st.text("ABCDFGHKLMNPRSTVWXZ", min_size=1, max_size=3),
    number=st.integers(10_000, 99_999_999),
    year=st.sampled_from(["", "2026-"]),
)
def test_an_invoices_or_tickets_own_code_is_no_client_number(word, prefix, number, year):
    code = f"{prefix}{year}{number}"
    text = f"De leverancier stuurt {word} {code} voor drie wasmachines van de klant."
    assert not [f for f in scan(text) if f.kind == "client_number"], text


@SETTINGS
@given(
    prefix=st.text("DFGHKLMPRSTWXZ", min_size=2, max_size=3),
    number=st.integers(10_000, 9_999_999),
)
def test_a_clients_bare_code_stays_a_client_number(prefix, number):
    code = f"{prefix}-{number}"
    text = f"Overzicht van vandaag:\n- {code}: wacht op loonstroken"
    assert kind_over(text, code, "client_number"), text


@SETTINGS
@given(number=st.integers(10_000_000, 99_999_999), header=st.sampled_from(["kvk", "KvK-nummer"]))
def test_a_table_column_headed_kvk_holds_kvk_numbers(number, header):
    text = f"| onderneming | {header} | sinds |\n|---|---|---|\n| Kapsalon X | {number} | 2019 |"
    assert kind_over(text, str(number), "kvk"), text


@SETTINGS
@given(number=st.integers(10_000_000, 99_999_999), header=st.sampled_from(["bedrag", "omzet"]))
def test_a_table_column_of_amounts_holds_no_kvk_numbers(number, header):
    text = f"| onderneming | {header} | sinds |\n|---|---|---|\n| Kapsalon X | {number} | 2019 |"
    assert not [f for f in scan(text) if f.kind == "kvk"], text


def test_the_generated_suite_families_still_cover_plates_and_kvk():
    # The obfuscations used above are the generated suite's own (benchmarks.identifiers).
    assert {"entities_decimal", "zero_width"} <= set(kinds_for("license_plate"))


@SETTINGS
@given(
    digits=st.one_of(
        st.integers(10_000_000, 99_999_999).map(str), st.integers(100_000_000, 999_999_999).map(str)
    ),
    label=st.sampled_from(["BSN van de klant:", "Zijn bsn", "burgerservicenummer", "sofinummer:"]),
    kinds=ONE_ENCODING,
    seed=st.integers(0, 2**32),
)
def test_eight_or_nine_digits_called_a_bsn_are_a_bsn_whatever_the_11_proef(
    digits, label, kinds, seed
):
    # The BSN detector reads the name itself: a client context in between ("van de klant:")
    # does not make it a client number, and a leading zero dropped (eight digits) is still one.
    text = f"{label} {digits}, graag controleren."
    assert [f.kind for f in scan(text) if f.severity == "hard"] == ["bsn"], text
    written = obfuscate("bsn", digits, kinds, random.Random(seed))
    text = f"{label} {written}, graag controleren."
    assert kind_over(text, written, "bsn"), text


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example],
)
@given(rng=st.randoms(use_true_random=False), number=st.integers(1_000_000, 9_999_999))
def test_the_bsn_word_names_only_the_number_right_after_it(rng, number):
    from tests.privacy.fake_identifiers import fake_bsn

    valid = fake_bsn(rng)
    text = f"BSN {valid}, klantnummer {number} bij de gemeente."
    assert kind_over(text, str(number), "client_number"), text
    assert not kind_over(text, str(number), "bsn"), text
