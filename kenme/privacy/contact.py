"""Detectors for contact details: e-mail addresses, phone numbers and home addresses."""

from __future__ import annotations

import re
from collections.abc import Iterator

from stdnum.nl import postcode

from kenme.privacy.anchored import Tokens, finditer_at
from kenme.privacy.findings import Hit
from kenme.privacy.offices import (
    STREET_NUMBER_BEFORE,
    is_office,
    is_office_postcode,
)
from kenme.privacy.phones import detect_phone as detect_phone
from kenme.privacy.phones import is_organisation_number as is_organisation_number
from kenme.privacy.phones import is_phone_number as is_phone_number
from kenme.privacy.shapes import gated

# "anna.k@@outlook.com": a doubled @ (a typo) still gives the address away.
_EMAIL = re.compile(
    r"(?<![\w.+-])[\w+-]+(?:\.[\w+-]+)*@@?[^\W_](?:[\w-]*[^\W_])?(?:\.[^\W_](?:[\w-]*[^\W_])?)*"
    # the top-level domain may hold OCR's 1 or 0 for l or o ("….n1"), never only digits
    r"\.(?=[01]?[A-Za-z])[A-Za-z01]{2,24}(?![\w-])"
)


_POSTCODE = re.compile(r"[1-9](?<![\w-][1-9])\d{3}[ ./-]?[A-Z]{2}(?![^\W\d]|_)(?!-[^\W\d])")
# "2025-RV-0187": a code of letters and a zero-padded serial, joined by dashes, is no postcode
# (a house number never starts with 0).
_CODE_TAIL = re.compile(r"-0\d")
# "1012AB12": the house number written onto the postcode.
_JOINED_NUMBER = re.compile(r"\d{1,5}[a-zA-Z]?(?![\w])")
# In lower case ("2514gl 12a") only with the letters joined on and a house number after: a
# plate "25-14-GL" has no house number, and "1500 km" or "2000mg" are no postcode.
_POSTCODE_LOWER = re.compile(r"[1-9](?<![\w-][1-9])\d{3}[a-zA-Z]{2}(?!\w)(?!-[^\W\d])")
# "adres: 1073 ve 45-3": lower-case letters after a space, only where the writer says it is an
# address and a house number follows ("in 2024 is 12 …" is no postcode).
_POSTCODE_SPACED_LOWER = re.compile(r"[1-9](?<![\w-][1-9])\d{3} [a-z]{2}(?!\w)")
_ADDRESS_WORD_BEFORE = re.compile(
    r"\b(?i:adres|woonadres|postcode|pc|woont|wonende|woonachtig)\b\s*:?\s*(?:(?i:op|in|te)\s+)?$"
)
_TWO_LETTER_WORDS = frozenset(
    {"is", "en", "op", "in", "de", "te", "of", "al", "nu", "er", "om", "na", "zo", "ja", "je",
     "me", "we", "ze", "ik", "uw", "ga", "bv", "ca", "nr"}
)  # fmt: skip
_UNITS = frozenset({"km", "kg", "mg", "ml", "cm", "mm", "gb", "mb", "kb", "kw", "hz", "ha"})
_NUMBER_WORD = re.compile(r"\b(?:huisnummer|huisnr|nr|nummer)\b", re.IGNORECASE)
_POSTCODE_WORD_BEFORE = re.compile(r"\bpostcode\s*:?\s*$", re.IGNORECASE)
# One way to match a run of spaces (a space run after the label only): two adjacent space runs
# made a postcode before a long run quadratic (decision 0046).
_HOUSE_NUMBER_AFTER = re.compile(
    r"(?:,?(?:\s+|[./-])(?:(?:huisnummer|huisnr\.?|nr\.?|nummer)\s*)?)"
    r"(\d{1,5}(?:\s?[a-zA-Z](?![\w])|-\d{1,4})?)"
    r"(?![\w]|[.,:/-]\d|\s*(?:euro|%|uur|jaar|maanden))"
)

_LEGAL_CODES = frozenset({"BW", "SR", "SV", "RV", "EU", "NL", "EG", "EC"})
_ARTICLE_BEFORE = re.compile(r"\b(?:art|artikel|artt)\.?\s*$", re.IGNORECASE)

_STREET_SUFFIXES = (
    "straat|weg|laan|plein|singel|gracht|kade|dijk|pad|hof|steeg|dreef|markt|park|allee"
    "|baan|boulevard|erf|plantsoen|wal|haven|poort|akker|vaart|oever|burcht"
    "|weide|hoeve|rade|stede|pleintje|straatje|laantje|wegje"
    # Frisian: "Sylsterwei 11", "Haadstrjitte 4", "Tsjerkeleane 2"
    "|wei|strjitte|leane|loane|paad|buorren"
)
# Found from the suffix ("...straat 12"): a literal start lets the regex engine skip ahead.
# "Kerkstraat 12", "Kerkstraat, 12", "Kerkstraat op nummer 12", "Weidelaan, standplaats 3".
_STREET_SUFFIX = re.compile(
    rf"(?:{_STREET_SUFFIXES})(?:,?\s+(?:op\s+)?(?:huisnummer|nummer|nr\.?|no\.?|standplaats|ligplaats"
    r"|t/o|tegenover)\s*"
    r"|,\s*|\s+)(?=\d)"
)
# The number first: "nummer 23 van de Bloemstraat", "op nummer 5 in de Molenweg".
_NUMBER_OF_STREET = gated(
    rf"\b(?:huis)?nummer\s+\d{{1,4}}[a-zA-Z]?\s+(?:van|in|aan|op)\s+de\s+"
    rf"[A-Z][\w'-]*(?:{_STREET_SUFFIXES})(?![\w])"
)
# A street of several words: "Laan van Ouderkerk 3", "Weg naar de Kolk 12".
_STREET_OF = re.compile(
    r"(?<![\w])(?:Laan|Weg|Plein|Kade|Dreef|Singel|Straat|Pad)[^\S\n]+(?:van|naar|der|de|op)"
    r"[^\S\n]+(?:(?:de|het|der|den)[^\S\n]+)?[A-Z][\w'-]+(?:[^\S\n]+[A-Z][\w'-]+)?[^\S\n]+"
    r"(?=\d)"
)
# A landmark and a number: "bij de Jumbo op nummer 12", "boven het Kruidvat op nummer 3", "bij
# de Jumbo, nummer 14a", "naast de Aldi, nr. 7".
_LANDMARK_NUMBER = re.compile(
    r"\b(?:bij|naast|tegenover|boven|achter|onder)\s+(?:de|het)\s+[A-Z][\w'&-]*"
    r"(?:\s+[A-Z][\w'&-]*)?(?:\s+op|[^\S\n]*,)[^\S\n]+(?:huis)?(?:nummer|nr\.)[^\S\n]*"
    r"\d{1,4}[a-zA-Z]?(?![\w])"
)
# A street named after "aan de" and its number named after it: "bij de kerk aan de Brink, op
# nummer 6", "aan de Esch op nummer 12".
_STREET_THEN_NAMED_NUMBER = gated(
    r"\b(?:aan|op|in)[^\S\n]+(?:de|het)[^\S\n]+[A-Z][\w'-]*(?:[^\S\n]+[A-Z][\w'-]*)?"
    r"(?:[^\S\n]+op|[^\S\n]*,(?:[^\S\n]+op)?)[^\S\n]+(?:huis)?(?:nummer|nr\.)[^\S\n]*"
    r"\d{1,4}[a-zA-Z]?(?![\w])"
)
_HOUSE_NUMBER = re.compile(
    r"\d{1,4}(?:\s?[a-zA-Z](?![\w])|-\d{1,4}|-(?:[IVX]{1,3}|[a-z])\b"
    r"|\s(?:bis|hs|huis|hoog|[IVX]{1,3})\b)?"
    r"(?![\w.,:]\d|\d|\s*(?:euro|%|uur|jaar|maanden|weken|procent)\b)",
    re.IGNORECASE,
)
# A street that is one ordinary word ("op de Brink 7", "aan de Singel 45", "Adres: Bolwerk
# 22-II", "woont dijk 12", "de woning Hoogte 3") only counts after a word that places someone
# or a home there.
_STREET_WORD = gated(
    r"(?<![\w])(?:(?i:woont|wonen|woonde|woonachtig|ingeschreven|verblijft|slaapt|zit)"
    r"(?:\s+(?i:nu|al|sinds\s+kort))?\s+(?:(?i:op|aan)\s+)?|(?i:op|aan|naar)\s+"
    r"|(?i:van)\s+(?=(?:de\s+)?\S+\s+\d[^\n.?!]{0,8}\s+naar\b)"
    r"|(?i:adres)(?:\s+[a-z]+){0,3}\s*:\s*"
    r"|(?i:woning|huurwoning|bovenwoning|benedenwoning|pand|woonhuis|flat|appartement"
    r"|woonadres|huisadres)\s+)"
    r"(?:(?i:de|het)\s+)?"
    rf"(?P<street>[A-Z][a-z]{{2,}}(?:-[A-Z][a-z]+)?|(?:{_STREET_SUFFIXES}|brink))\s+"
    r"(?=\d)"
)
# Capitalised words that a number follows but that are no street.
_NOT_STREET_WORDS = frozenset(
    {
        "week", "artikel", "art", "lid", "hoofdstuk", "bijlage", "pagina", "blz", "groep",
        "fase", "stap", "trede", "schaal", "niveau", "dag", "maand", "kwartaal", "jaar",
        "versie", "punt", "regel", "vraag", "tabel", "nummer", "kamer", "zaal", "verdieping",
        "etage", "postbus", "route", "lijn", "bus", "tram", "spoor", "perron", "categorie",
        "klasse", "module", "les", "ronde", "tranche", "plek", "stand", "paragraaf", "sectie",
        "team", "zone", "titel", "afdeling", "level", "sprint", "boek", "deel", "casus",
        "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
        "september", "oktober", "november", "december", "maandag", "dinsdag", "woensdag",
        "donderdag", "vrijdag", "zaterdag", "zondag", "windows", "office", "iphone",
        "type", "blok", "unit", "kavel", "bouwnummer", "toren", "vleugel", "portiek",
        "aanplakker", "oogst", "tafel", "locatie", "onderdeel", "sessie", "workshop", "thema",
        "bijeenkomst", "agendapunt", "item", "optie", "variant", "scenario", "alinea",
        "bladzijde", "dia", "slide", "rij", "kolom", "leerweg", "traject", "opdracht",
    }
)  # fmt: skip
# A count of things, not a house number: "op de Markt 14 kramen".
_COUNT_AFTER = re.compile(
    r"\s*(?:kramen|woningen|huizen|mensen|personen|klanten|keer|stuks|deelnemers|bezoekers"
    r"|plekken|plaatsen|kilometer|km|meter|m)\b",
    re.IGNORECASE,
)

# Words that end like a street but are not one.
_NOT_STREETS = frozenset(
    {
        "gerechtshof", "onderweg", "halfweg", "arbeidsmarkt", "woningmarkt", "zijweg", "omweg",
        "snelweg", "invalshoek", "uitweg", "stappenplan", "spoorweg", "waterweg", "luchthaven",
        "zeehaven", "landweg", "tussenweg", "middenweg", "fietspad", "wandelpad", "levenspad",
        "loopbaan", "ijsbaan", "werkbaan", "bijbaan", "zijbaan",
        # KenMe's own numbered things and paths through a programme: "Aanplakker 12" (decision
        # 0004), "leerweg 2", "Ontwikkelpad 3".
        "aanplakker", "plakker", "leerweg", "leerpad", "groeipad", "ontwikkelpad", "werkpad",
        "zorgpad", "behandelpad", "participatiepad", "re-integratiepad", "werkweg", "leerbaan",
        "gewei", "wei",
    }
)  # fmt: skip
NOT_ONE_WORD_STREETS = _NOT_STREET_WORDS | _NOT_STREETS
STREET_SUFFIXES = _STREET_SUFFIXES
ADDRESS_WORD_BEFORE = _ADDRESS_WORD_BEFORE


def detect_email(tokens: Tokens) -> Iterator[Hit]:
    """Find e-mail addresses."""
    text = tokens.text
    if "@" not in text:
        return
    for match in _EMAIL.finditer(text):
        yield Hit("email", match.start(), match.end())


def detect_address(tokens: Tokens) -> Iterator[Hit]:
    """Find postcodes (with the house number when it follows) and street + house number."""
    text = tokens.text
    # The three postcode patterns start at the first digit of a number (decision 0064).
    for match in finditer_at(_POSTCODE, text, tokens.numbers):
        if not postcode.is_valid(re.sub(r"[./-]", "", match.group())):
            continue
        if "-" in match.group() and _CODE_TAIL.match(text, match.end()):
            continue  # "2025-RV-0187": a document's code, dashes throughout
        number = _HOUSE_NUMBER_AFTER.match(text, match.end())
        if text[match.end() : match.end() + 1].isdigit():
            number = _JOINED_NUMBER.match(text, match.end())
            if not number:
                continue
        if is_office_postcode(text, match.start()):
            continue
        # "Voorhout 54\n2514 EG": with a street and number before it (decision 0046) no legal
        # code ("EG", "BW") is meant.
        if (
            not number
            and _is_legal_reference(text, match)
            and not _home_street_before(text, match.start())
        ):
            continue
        yield Hit("postcode_address", match.start(), number.end() if number else match.end())
    for match in finditer_at(_POSTCODE_LOWER, text, tokens.numbers):
        letters = match.group()[4:]
        if letters.isupper():
            continue  # capitals are the pattern above
        number = _HOUSE_NUMBER_AFTER.match(text, match.end())
        if letters.lower() in _UNITS and not (
            (number and _NUMBER_WORD.search(number.group()))
            or _POSTCODE_WORD_BEFORE.search(text, max(0, match.start() - 12), match.start())
        ):
            continue  # "1500 km" or "3000ha 12" (hectares), unless "nr 17" or "postcode" says so
        if number and postcode.is_valid(match.group().upper()):
            yield Hit("postcode_address", match.start(), number.end())
    for match in finditer_at(_POSTCODE_SPACED_LOWER, text, tokens.numbers):
        number = _HOUSE_NUMBER_AFTER.match(text, match.end())
        if match.group()[-2:] in _TWO_LETTER_WORDS or not postcode.is_valid(
            match.group().replace(" ", "").upper()
        ):
            continue
        if number and _ADDRESS_WORD_BEFORE.search(text, max(0, match.start() - 20), match.start()):
            yield Hit("postcode_address", match.start(), number.end())
        elif (
            street := STREET_NUMBER_BEFORE.search(text, max(0, match.start() - 50), match.start())
        ) and not is_office(text, street.start()):
            # "Oude Rijn 34 1136 ln": a street and number right before it say it is one
            yield Hit("postcode_address", street.start(), match.end())
    for match in _STREET_SUFFIX.finditer(text):
        start = _word_start(text, match.start())
        street = text[start : match.start()]
        number = _HOUSE_NUMBER.match(text, match.end())
        if sum(c.isalpha() for c in street) < 2 or not number:
            continue
        name = text[start : match.end()].strip().lower()
        if name in _NOT_STREETS or _looks_like_year(number.group()):
            continue
        if is_office(text, start):
            continue  # "Ons loket zit op Stadhuisplein 1": an office, not a home
        yield Hit("postcode_address", start, number.end())
    for match in _STREET_WORD.finditer(text):
        number = _HOUSE_NUMBER.match(text, match.end())
        if (
            number
            and match.group("street").lower() not in NOT_ONE_WORD_STREETS
            and not _looks_like_year(number.group())
            and not _COUNT_AFTER.match(text, number.end())
            and not is_office(text, match.start("street"))
        ):
            yield Hit("postcode_address", match.start("street"), number.end())
    for match in _STREET_OF.finditer(text):
        number = _HOUSE_NUMBER.match(text, match.end())
        if (
            number
            and not _looks_like_year(number.group())
            and not _COUNT_AFTER.match(text, number.end())
            and not is_office(text, match.start())
        ):
            yield Hit("postcode_address", match.start(), number.end())
    for pattern in (_NUMBER_OF_STREET, _LANDMARK_NUMBER):
        for match in pattern.finditer(text):
            yield Hit("postcode_address", match.start(), match.end())
    if "ummer" in text or "nr." in text:  # the number is named: tried only then (cost)
        for match in _STREET_THEN_NAMED_NUMBER.finditer(text):
            if not is_office(text, match.start() + 4):
                yield Hit("postcode_address", match.start(), match.end())


def _home_street_before(text: str, start: int) -> bool:
    """Tell whether a street and house number stand right before a postcode."""
    street = STREET_NUMBER_BEFORE.search(text, max(0, start - 50), start)
    if street is None or street.group().split()[0].lower().rstrip(".") in NOT_ONE_WORD_STREETS:
        return False
    return not _ARTICLE_BEFORE.search(text, max(0, street.start() - 12), street.start())


def _word_start(text: str, pos: int) -> int:
    """Walk back from pos to the start of the (possibly hyphenated) word around it."""
    while pos > 0 and (text[pos - 1].isalpha() or text[pos - 1] == "-"):
        pos -= 1
    return pos


def _is_legal_reference(text: str, match: re.Match[str]) -> bool:
    """Tell "art. 1401 BW" or "2016 EU" (law, not an address) from a postcode."""
    if match.group()[-2:] in _LEGAL_CODES:
        return True
    return bool(_ARTICLE_BEFORE.search(text, max(0, match.start() - 12), match.start()))


def _looks_like_year(number: str) -> bool:
    """Tell whether a "house number" is really a year ("Rotterdamseweg 2023" is unlikely)."""
    return number.isdigit() and 1900 <= int(number) <= 2099
