"""Decision 0042: a client's address abroad is an address (label rule of decision 0034).

Generated from the street shapes of other languages (made-up street names, any house number,
postcode and place), never from corpus sentences; next to them, the same words without a home
behind them: an embassy's address, a street named without a number, "al." ending a sentence.
"""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.identifiers import SPELLINGS, kinds_for, obfuscate
from kenme.privacy import scan
from tests.privacy.helpers import kind_over

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

NAMES = st.builds(
    lambda parts: "".join(parts).capitalize(),
    st.lists(st.sampled_from(["kwia", "to", "wa", "lin", "den", "ha", "ber", "mo", "sa", "ri"]),
             min_size=2, max_size=3),
)  # fmt: skip
HOUSE = st.builds(
    lambda n, extra: f"{n}{extra}", st.integers(1, 399), st.sampled_from(["", "a", "/4", "-2"])
)
PLACES = st.sampled_from(["Kleve", "Poznań", "Ankara", "Paris", "Madrid", "Porto", "Gent"])
PERSONS = st.sampled_from(["De klant", "Mevrouw", "Hij", "Haar zoon", "Meneer Yilmaz"])


@st.composite
def foreign_addresses(draw):
    """A street with its number as another language writes it, and the street's text."""
    name, number, place = draw(NAMES), draw(HOUSE), draw(PLACES)
    shape = draw(st.sampled_from(["suffix", "word_first", "number_first", "turkish", "english"]))
    if shape == "suffix":
        suffix = draw(st.sampled_from(["straße", "strasse", "str.", "gasse", "allee", "platz"]))
        street = f"{name}{suffix} {number}"
        postcode = f"{draw(st.integers(10000, 99999))} "
    elif shape == "word_first":
        word = draw(st.sampled_from(["ul.", "rue", "Rue de la", "Calle", "Avenida", "Rua",
                                     "Piazza", "aleja", "Chaussée de"]))  # fmt: skip
        street = f"{word} {name} {number}"
        postcode = draw(st.sampled_from([f"{draw(st.integers(10, 99))}-123 ", "28013 ", ""]))
    elif shape == "number_first":
        street = f"{draw(st.integers(1, 300))} rue {name}"
        postcode = f"{draw(st.integers(10000, 99999))} "
    elif shape == "turkish":
        word = draw(st.sampled_from(["Cad. No:", "Caddesi No", "Sokak", "Sk. No:", "Bulvarı"]))
        street = f"{name} {word} {number}"
        postcode = ""
    else:
        kind = draw(st.sampled_from(["Street", "Road", "Lane", "Avenue", "Drive"]))
        street = f"{draw(st.integers(1, 300))} {name} {kind}"
        postcode = ""
    return street, f"{street}, {postcode}{place}"


TEMPLATES = st.sampled_from(
    [
        "{p} verhuist naar het buitenland, nieuw adres {a}.",
        "{p} woont sinds de zomer op {a}, geen BRP-inschrijving meer.",
        "{p}\nadres: {a}\nvertrek per 1 mei",
    ]
)


@SETTINGS
@given(person=PERSONS, address=foreign_addresses(), template=TEMPLATES)
def test_a_foreign_street_and_number_is_an_address(person, address, template):
    street, written = address
    text = template.format(p=person, a=written)
    assert kind_over(text, street, "postcode_address"), text


# Every obfuscation of the generated suite that applies to an address: digits in other scripts,
# entities, percent-encoding, zero-width marks (at most one encoding, as the suite combines them).
ENCODINGS = [kind for kind in kinds_for("postcode_address") if kind not in ("plain", *SPELLINGS)]


@SETTINGS
@given(
    person=PERSONS,
    address=foreign_addresses(),
    kinds=st.lists(st.sampled_from(ENCODINGS), min_size=1, max_size=3, unique=True).filter(
        lambda kinds: sum(k.startswith(("entities", "percent")) for k in kinds) <= 1
    ),
    seed=st.integers(0, 2**32),
)
def test_a_foreign_address_stays_an_address_in_every_obfuscation(person, address, kinds, seed):
    street, _ = address
    written = obfuscate("postcode_address", street, kinds, random.Random(seed))
    text = f"{person} verhuist naar het buitenland, nieuw adres {written}."
    assert kind_over(text, written, "postcode_address"), text


@SETTINGS
@given(
    name=NAMES,
    number=st.integers(1, 399),
    template=st.sampled_from(
        [
            "De ambassade zit aan de Rue {n} {k}, daar kan de klant terecht.",
            "Het consulaat is gevestigd op de {n}straße {k}; de klant moet er zelf heen.",
            "De klant wil naar de rue {n} kijken, zegt ze.",
            "Dat wist ze al. {n} {k} keer gebeld zonder antwoord.",
            "Hij belde {k} keer via {n} en kreeg niemand.",
            "De klant las artikel {k} over de {n}straße-regeling.",
        ]
    ),
)
def test_an_embassy_a_street_without_number_and_plain_words_are_no_address(name, number, template):
    text = template.format(n=name, k=number)
    assert not [f for f in scan(text) if f.kind == "postcode_address"], text
