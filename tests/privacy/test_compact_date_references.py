"""The BRP's compact date of birth ("19920813", decision 0057) is not every eight digits.

A number that a public reference names before it (a factuur, a versie, an order, an article)
was a professional number before the compact form was read as a date, and stays one: a clean
text about a client that cites an invoice or a form's version is not blocked. Eight digits
named a number ("nummer bij de corporatie 19161201") are a client number, as they were.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kenme.privacy import scan
from tests.privacy.helpers import hard_kinds, kind_over

HEALTH = [HealthCheck.too_slow, HealthCheck.large_base_example, HealthCheck.data_too_large]
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=HEALTH)
COMPACT = st.builds(
    lambda y, m, d: f"{y}{m:02d}{d:02d}",
    st.integers(1940, 2005),
    st.integers(1, 12),
    st.integers(1, 28),
)


@SETTINGS
@given(
    COMPACT,
    st.sampled_from(("hij", "mevrouw Jansen", "de klant")),
    st.sampled_from(
        (
            "Klant betaalde factuur {n} niet.",
            "Meneer heeft versie {n} van het formulier ingevuld.",
            "Mevrouw vroeg naar order {n} bij de webwinkel.",
            "Hij las artikel {n} van de regeling niet.",
        )
    ),
)
def test_a_compact_date_a_public_reference_names_is_no_date_of_birth(number, who, sentence):
    text = sentence.format(n=number)
    assert hard_kinds(text) == [], scan(text)
    text = f"In het overzicht van de Kredietbank staat {who} als {number}, klopt dat?"
    assert kind_over(text, number, "birthdate"), scan(text)
    for text in (
        f"Ze woont bij {who}, nummer bij de corporatie {number}.",
        f"Ze heeft {number} als nummer gekregen van de schuldeiser.",
    ):
        assert kind_over(text, number, "client_number"), scan(text)
