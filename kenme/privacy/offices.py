"""Where an office or a public place sits, not where someone lives (decision 0025,
`org_address`): the address detectors leave those addresses alone."""

from __future__ import annotations

import re

from kenme.privacy import lexicon
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
_VENUES = (
    r"wijkcentrum|buurthuis|buurtcentrum|gemeentehuis|stadhuis|stadskantoor|stadswinkel"
    r"|servicepunt|werkplein|sociaal\s+domein|bibliotheek|loket|kliniek|ziekenhuis"
    r"|polikliniek|kerk|moskee|sporthal|vergaderruimte|vergaderzaal|zaal|gebouw|vestiging"
    r"|jongerenloket|werkgeversservicepunt"
)
# "gemeentehuis van Zwolle, Lübeckplein 2", "vergaderruimte De Linde, Raadhuisplein 5": the
# venue may carry its place ("van"/"in" + a name) or its own name (one or two capitalised words).
_VENUE_BEFORE = gated(
    rf"(?:\b(?i:{_VENUES})|(?i:kantoor))(?:[^\S\n]+(?:van|in)[^\S\n]+[A-Z][\w'-]+"
    r"|(?:[^\S\n]+[A-Z][\w'-]+){1,2})?[^\S\n]*,[^\S\n]*$"
)
# A venue with the street it stands on: "in het UWV-kantoor aan de Laan van Westenenk 501", "in
# het gebouw aan de Van Heutsz-Koningsweg 3".
_VENUE_AT = gated(
    rf"(?:\b(?i:{_VENUES})|(?i:kantoor))[^\S\n]+(?:aan|op)[^\S\n]+(?:(?:de|het)[^\S\n]+)?"
    r"(?:(?:[Vv]an|[Dd]e)[^\S\n]+)?$"
)
_POSTBUS_BEFORE = re.compile(r"(?i:postbus)\s*\d{1,6}\s*,?\s*$")
# A postbus that a person rents or owns is their address: "heeft zelf een postbus gehuurd:
# Postbus 2163, 1265 CZ", "haar eigen postbus", "zijn postbus", "postbus als briefadres".
_OWN_POSTBUS_BEFORE = re.compile(
    r"\b(?:zijn|haar|hun|mijn|eigen|zelf\s+een|(?:ge)?huurt?\s+een|privé)[^\S\n]+postbus"
    r"|\bpostbus\w*[^.;!?\n]{0,30}\b(?:gehuurd|huurt|als\s+briefadres)"
    # "Klant heeft een postbus: Postbus 2163, 1265 CZ", "zij gebruikt sinds kort een postbus"
    r"|\b(?:klant\w*|cli[eë]nt\w*|hij|zij|ze|meneer|mevrouw|mw|dhr|ik|moeder|vader|zoon"
    r"|dochter|gezin|echtpaar|bewoner)\.?[^\S\n]+(?:heeft|had|kreeg|krijgt|gebruikt|gebruikte"
    r"|neemt|nam|houdt)[^\S\n]+(?:\w+[^\S\n]+){0,2}?(?:een[^\S\n]+)?postbus",
    re.IGNORECASE,
)
# Said after its postcode: "Postbus 2163, 1265 CZ Huizen als briefadres", "…, die hij huurt".
_OWN_POSTBUS_AFTER = re.compile(
    r"[^.;!?\n]{0,50}?\b(?:gehuurd|huurt|als[^\S\n]+briefadres)\b", re.IGNORECASE
)
# A street and house number right before a postcode: "Kerkstraat 12, 1234 AB".
STREET_NUMBER_BEFORE = re.compile(r"(?<![\w-])[A-Za-z][\w'-]*\s+\d{1,4}[a-zA-Z]?\s*,?\s*$")


# A work address or an organisation's own line in a signature: "Werkplek: Raadhuisplein 1",
# "Bezoekadres: …", "Gemeente Emmen | Raadhuisplein 1, 7811 AP Emmen".
_WORKPLACE_BEFORE = gated(
    r"\b(?i:werkplek|werklocatie|werkadres|bezoekadres|vestigingsadres|kantooradres"
    r"|kantoorlocatie|standplaats\s+team)[^\S\n]*:[^\S\n]*$"
    r"|\b(?i:gemeente)[^\S\n]+[A-Z][\w'-]+(?:[^\S\n]+[A-Z][\w'-]+)?[^\S\n]*[|–—][^\S\n]*$"
)


def is_office(text: str, start: int) -> bool:
    """Tell whether the address at start is where an office or public place is (decision 0025,
    `org_address`), not where someone lives."""
    left = max(0, start - 60)
    if _OFFICE_BEFORE.search(text, left, start) or _WORKPLACE_BEFORE.search(text, left, start):
        return True
    venue = _VENUE_BEFORE.search(text, left, start) or _VENUE_AT.search(text, left, start)
    # "Klant woont in het gebouw aan de Kerkstraat 5", "Haar adres: Kantoor Zuid, Kerkstraat
    # 5": a home in or by that venue.
    if not venue:
        return False
    home = _HOME_BEFORE.search(text, max(0, venue.start() - 40), venue.start())
    return home is None or _organisation_moves(text, home)


# "De gemeente verhuist naar het gebouw aan de Molenweg 3", "het wijkteam gaat verhuizen": an
# organisation that moves is no one's home.
_ORGANISATION_SUBJECT = re.compile(
    r"(?:\b(?i:gemeente|afdeling|team|wijkteam|buurtteam|loket|kantoor|organisatie|stichting"
    r"|dienst|bibliotheek|praktijk|we|wij)|(?-i:\b[A-Z]{2,}))[^\S\n]+"
    r"(?:(?i:is|gaat|zal|moet|wil|gaan|zullen|zijn)[^\S\n]+)?(?:(?i:binnenkort|volgend\w*"
    r"|straks|ook|in\s+\w+)[^\S\n]+)?$"
)


def _organisation_moves(text: str, home: re.Match[str]) -> bool:
    if not home.group().lower().startswith("verhuis"):
        return False
    return bool(_ORGANISATION_SUBJECT.search(text, max(0, home.start() - 50), home.start()))


# Where someone lives, sleeps or has a room; "adres" unless it is the venue's ("het adres van
# het gemeentehuis, …").
_HOME_BEFORE = re.compile(
    r"\b(?:woon\w*|woont|wonen|wonende|verhuis\w*|ingeschreven|verblijft|verblijven|slaapt"
    r"|slapen|logeer\w*|logeren|onderdak|(?:zijn|haar|hun|mijn)[^\S\n]+kamer"
    r"|(?:huurt|heeft|kreeg|krijgt)[^\S\n]+een[^\S\n]+kamer"
    r"|adres(?![^\S\n]+van[^\S\n]+(?:het|de)[^\S\n]+[\w-]*$))\b"
    r"[^.;!?\n]*$",
    re.IGNORECASE,
)


# A person's record that gives a postbus as where their mail goes and their home apart
# ("Correspondentieadres:⏎Postbus 2214⏎3930 KB …⏎Woonadres:⏎…"): the postbus is theirs.
_MAIL_LABEL_BEFORE = re.compile(
    r"\b(?:correspondentie|post|brief)adres\b[^\S\n]*:?\s*$", re.IGNORECASE
)
_HOME_LABEL = re.compile(r"\b(?:woonadres|woonachtig|woont)\b", re.IGNORECASE)


def is_office_postcode(text: str, start: int) -> bool:
    """A postcode after a postbus, or after the street and number of an office."""
    if postbus := _POSTBUS_BEFORE.search(text, max(0, start - 20), start):
        own_record = _MAIL_LABEL_BEFORE.search(
            text, max(0, postbus.start() - 30), postbus.start()
        ) and _HOME_LABEL.search(text, max(0, start - 200), start + 200)
        return not (
            own_record
            or _OWN_POSTBUS_BEFORE.search(text, max(0, postbus.start() - 80), start)
            or _OWN_POSTBUS_AFTER.match(text, start, start + 80)
        )
    street = STREET_NUMBER_BEFORE.search(text, max(0, start - 50), start)
    return bool(street) and is_office(text, street.start())


# An organisation named right before a fixed-line number (decision 0057, `org_phone`): "zelf DUO
# bellen, 050 599 77 55", "bel het Centraal Meldpunt Zorg, 020 555 5555", "naar de SVB, kantoor
# Amstelveen: 020 656 56 56". The name is a public body of the lexicon or ends in a word that
# names a service; between it and the number only "bellen", its office or a label.
_ORGANISATION_BEFORE_PHONE = re.compile(
    r"(?<![\w-])(?P<org>[A-Z][\w&'-]*(?:[^\S\n]+[A-Z][\w&'-]*){0,3})"
    r"(?:[^\S\n]+(?:bellen|opbellen)|[^\S\n]*,[^\S\n]*(?:kantoor|vestiging|locatie)[^\S\n]+"
    r"[A-Z][\w'-]+)?[^\S\n]*[,:|]?[^\S\n]*(?:(?:op|via|tel\.?|telefoon(?:nummer)?)[^\S\n]*:?"
    r"[^\S\n]*)?\(?$"
)
_PERSON_BEFORE_ORGANISATION = re.compile(
    r"\b(?:mevrouw|meneer|mevr|mw|dhr|heer|klant\w*|cli[eë]nt\w*|(?:[A-Z]\.[^\S\n]?)+"
    r"[A-Z][\w'-]+)\b[^.;!?\n]*$",
    re.IGNORECASE,
)
# A service named in brackets right after the number: "058 - 233 83 83 (crisisdienst)".
_SERVICE_AFTER = re.compile(
    r"[^\S\n]*\([^\S\n]*(?:crisisdienst|spoedlijn|piketdienst|storingsdienst|meldpunt|helpdesk"
    r"|servicedesk|klantenservice|klantcontactcentrum|huisartsenpost|spoedpost|algemeen"
    r"(?:[^\S\n]+nummer)?|receptie|centrale|hoofdnummer)\b",
    re.IGNORECASE,
)
_SERVICE_NOUNS = frozenset(
    {
        "meldpunt", "loket", "servicepunt", "helpdesk", "klantcontactcentrum", "klantenservice",
        "informatiepunt", "steunpunt", "adviespunt", "centrum", "crisisdienst", "spoedpost",
        "huisartsenpost", "dienst", "nachtopvang", "opvang", "inloop",
    }
)  # fmt: skip


def is_office_phone(text: str, start: int, digits: str, end: int = -1) -> bool:
    """Tell whether a Dutch fixed-line number (never a mobile) is the line of an organisation
    named just before it (see _ORGANISATION_BEFORE_PHONE)."""
    national = digits[2:] if digits.startswith("31") else digits.lstrip("0")
    if national.startswith("6"):
        return False
    if _SERVICE_AFTER.match(text, end):
        return True  # "058 - 233 83 83 (crisisdienst)": the line named after it
    match = _ORGANISATION_BEFORE_PHONE.search(text, max(0, start - 50), start)
    if match is None:
        return False
    if _PERSON_BEFORE_ORGANISATION.search(text, max(0, match.start() - 50), match.start()):
        return False  # "Mevrouw De Vries van het UWV, 020 …": a person's own line
    if _plain_name_before(text, match.start()):
        return False  # "Contact met Anna via het Steunpunt, 020 …": the person's line
    words = match.group("org").lower().split()
    public = lexicon.context_organisations()
    return " ".join(words) in public or any(w in public or w in _SERVICE_NOUNS for w in words)


# "Contact met Anna via het Steunpunt", "Contactpersoon Peter Jansen, Helpdesk": a plain first
# name or surname (no title, no initials) in the clause before the organisation is a person.
_CLAUSE_BEFORE = re.compile(r"[^.;!?\n]{0,50}$")
_CAPITALISED = re.compile(r"(?<![\w'-])[A-Z][a-zà-ÿ'-]+(?![\w'-])")
_PERSON_WORDS = re.compile(r"\b(?:contactpersoon|contact\s+met|collega|casemanager)\b", re.I)


def _plain_name_before(text: str, start: int) -> bool:
    clause = _CLAUSE_BEFORE.search(text, max(0, start - 50), start)
    if clause is None:
        return False
    if _PERSON_WORDS.search(clause.group()):
        return True
    first, ambiguous, surnames = (
        lexicon.first_names(),
        lexicon.ambiguous_first_names(),
        lexicon.surnames(),
    )
    public = lexicon.context_organisations()
    for word in _CAPITALISED.findall(clause.group()):
        lower = word.lower()
        if lower in public or lower in _SERVICE_NOUNS:
            continue
        if (lower in first and lower not in ambiguous) or lower in surnames:
            return True
    return False
