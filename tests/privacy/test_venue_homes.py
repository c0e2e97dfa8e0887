"""A home inside or beside a venue is still a home (decision 0057's venue rules, reviewed).

The venue rules pass an address named after a public place ('gemeentehuis van Zwolle,
Lübeckplein 2', 'het gebouw aan de Molenweg 3'). A member who writes where a client lives,
sleeps or rents a room by such a place still gives that client's address away; the guard
caught these before the venue rules and must go on doing so. A rented postbus said to be one
after its address ('Postbus 2163, 1265 CZ Huizen als briefadres') is the client's too.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kenme.privacy import scan
from tests.privacy.helpers import hard_kinds, kind_over

HEALTH = [HealthCheck.too_slow, HealthCheck.large_base_example, HealthCheck.data_too_large]
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=HEALTH)
STREETS = st.sampled_from(("Kerkstraat", "Molenweg", "Dorpsstraat", "Stationsweg"))
NUMBERS = st.integers(1, 399)


HOMES = (
    "Klant heeft een kamer in het gebouw aan de",
    "Meneer huurt een kamer boven de kerk aan de",
    "Zij logeert bij haar zus in het gebouw aan de",
    "Hij heeft onderdak in de kerk aan de",
    "Haar adres: Kantoor Zuid,",
    "Hij woont in de flat bij het stadhuis van Zwolle,",
    "Klant woont boven het Buurthuis De Linde,",
    "Meneer slaapt in de kerk van Assen,",
)


@SETTINGS
@given(st.sampled_from(HOMES), STREETS, NUMBERS)
def test_a_home_in_or_by_a_venue_is_a_home_a_meeting_there_is_not(lead, street, n):
    address = f"{street} {n}"
    text = f"{lead} {address}. Kan de toeslag naar dat adres?"
    assert kind_over(text, address, "postcode_address"), scan(text)
    for venue in ("het gemeentehuis van Zwolle,", "vergaderruimte De Linde,", "het gebouw aan de"):
        text = f"Het overleg is dit keer in {venue} {address}; de kamer is op de tweede."
        assert hard_kinds(text) == [], scan(text)


@SETTINGS
@given(
    st.integers(1, 9999),
    st.integers(1000, 9999),
    st.sampled_from(("als briefadres", "die hij zelf huurt", ", door haar gehuurd")),
)
def test_a_postbus_said_to_be_a_persons_after_it_is_their_address(box, digits, after):
    code = f"{digits} KL"
    text = f"Klant gebruikt Postbus {box}, {code} Huizen {after}. Mag dat?"
    assert kind_over(text, code, "postcode_address"), scan(text)
