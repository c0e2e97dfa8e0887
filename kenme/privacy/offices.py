"""Where an office or a public place sits, not where someone lives (decision 0025,
`org_address`): the address detectors leave those addresses alone."""

from __future__ import annotations

import re

from kenme.privacy.shapes import gated

# Where an office sits, not where someone lives: "Onze afdeling zit op Plein 1".
_OFFICE_BEFORE = gated(
    r"\b(?i:afdeling|team|kantoor|loket|balie|servicepunt|ambassade|consulaat|we|wij|werkplein"
    r"|wijkteam|buurtteam|wijkcentrum|buurthuis|gemeentehuis|stadhuis|stadskantoor|stadswinkel"
    r"|bibliotheek|consultatiebureau|voedselbank)\s+(?i:zit|zitten"
    r"|is\s+gevestigd|zijn\s+gevestigd|houdt\s+kantoor|houden\s+kantoor"
    r"|(?:is|zijn)\s+verhuisd|verhuist|verhuizen)\s+(?i:nu\s+|sinds\s+kort\s+|tegenwoordig\s+)?"
    r"(?i:op|aan|naar)\s+(?i:de\s+|het\s+)?$"
)
# A public place named just before the address: "in het Wijkcentrum, Kastanjelaan 3", "naar
# het Sociaal Domein, Oldehoofsterkerkhof 2, 8911 DH"; and a postbus ("Postbus 75890, 1070 AW").
_VENUE_BEFORE = gated(
    r"\b(?i:wijkcentrum|buurthuis|buurtcentrum|gemeentehuis|stadhuis|stadskantoor|stadswinkel"
    r"|servicepunt|werkplein|sociaal\s+domein|bibliotheek|kantoor|loket|kliniek|ziekenhuis"
    r"|polikliniek|kerk|moskee|sporthal)[^\S\n]*,[^\S\n]*$"
)
_POSTBUS_BEFORE = re.compile(r"(?i:postbus)\s*\d{1,6}\s*,?\s*$")
# A street and house number right before a postcode: "Kerkstraat 12, 1234 AB".
STREET_NUMBER_BEFORE = re.compile(r"(?<![\w-])[A-Za-z][\w'-]*\s+\d{1,4}[a-zA-Z]?\s*,?\s*$")


def is_office(text: str, start: int) -> bool:
    """Tell whether the address at start is where an office or public place is (decision 0025,
    `org_address`), not where someone lives."""
    left = max(0, start - 60)
    return bool(_OFFICE_BEFORE.search(text, left, start) or _VENUE_BEFORE.search(text, left, start))


def is_office_postcode(text: str, start: int) -> bool:
    """A postcode after a postbus, or after the street and number of an office."""
    if _POSTBUS_BEFORE.search(text, max(0, start - 20), start):
        return True
    street = STREET_NUMBER_BEFORE.search(text, max(0, start - 50), start)
    return bool(street) and is_office(text, street.start())
