"""Exact ages written in words are ages; durations and legal ages in words are not."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kenme.privacy import scan

SETTINGS = settings(max_examples=100, deadline=None)
UNITS = ["een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen"]
TENS = ["twintig", "dertig", "veertig", "vijftig", "zestig", "zeventig", "tachtig", "negentig"]
TEENS = ["dertien", "veertien", "vijftien", "zestien", "zeventien", "achttien", "negentien"]


@st.composite
def ages_in_words(draw):
    """A Dutch number word from 13 to 99: "negentien", "zesenvijftig", "tweeëntwintig"."""
    tens = draw(st.sampled_from(TENS))
    unit = draw(st.sampled_from(UNITS))
    joint = "ën" if unit.endswith("e") else "en"
    return draw(st.sampled_from([*TEENS, tens, f"{unit}{joint}{tens}"]))


def _ages(text: str) -> list[str]:
    return [f.text for f in scan(text) if f.kind == "age_exact"]


@SETTINGS
@given(
    age=ages_in_words(),
    template=st.sampled_from(
        [
            "Hij is {a} jaar oud en zoekt werk.",
            "Mijn klant is net {a}.",
            "Zij is inmiddels {a} jaar, en woont alleen.",
            "Fatima Bakker, {a}, vraagt bijzondere bijstand.",
        ]
    ),
)
def test_an_age_in_words_is_an_exact_age(age, template):
    text = template.format(a=age)
    assert any(age in found for found in _ages(text)), text


@SETTINGS
@given(
    age=ages_in_words(),
    template=st.sampled_from(
        [
            "Hij werkt al {a} jaar bij de gemeente.",
            "De leeftijdsgrens is {a}.",
            "Het is {a} jaar geleden dat de wet veranderde.",
            "Het aantal aanvragen is {a}.",
        ]
    ),
)
def test_a_duration_a_limit_or_a_count_in_words_is_no_age(age, template):
    text = template.format(a=age)
    assert _ages(text) == [], text
