"""Street + house number of unknown shape near a person (decision 0032).

The address detector in contact.py knows streets by their suffix ("...straat 12") or by a
word that places someone there ("woont op de Brink 7"). A street whose name ends otherwise
("Tjalk 12", "Westeinde 5", "Lange Voorhout 3") slipped through wherever no such word stood
before it. In a line about a person a word + house number counts as a home address when it is
set off like one: after a comma, a colon, "op/aan/in/bij de", or at the start of a line, and
followed by a comma, the end of the line, "in"/"te" + a place, or a postcode. Words that a
number follows without being a street (article, groep, week, a month...), a year, a count or an
age, and an office or public place (decision 0025, `org_address`) stay out. A column headed
"adres" in a table holds addresses.

The scanner keeps these findings only where no other detector found anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kenme.privacy import lexicon
from kenme.privacy.contact import NOT_ONE_WORD_STREETS, is_office
from kenme.privacy.findings import Hit
from kenme.privacy.person import about_person
from kenme.privacy.shapes import UPPER, table_cells

_WORD = rf"{UPPER}[a-zà-ÿ'’]+(?:-{UPPER}?[a-zà-ÿ'’]+)*"
_LINK = r"(?:van|de|der|den|het|'t|op|aan|in|bij)"
# One to three words, the first capitalised: "Tjalk", "Lange Voorhout", "Burg. de Withlaan".
_STREET = rf"{_WORD}(?:[^\S\n]+(?:{_LINK}[^\S\n]+)*{_WORD}){{0,2}}"
_NUMBER = (
    r"\d{1,4}(?:[a-zA-Z](?![\w])|-\d{1,3}(?![\w])|-[a-z](?![\w])"
    r"|[^\S\n](?:hoog|bis|hs|[IVX]{1,3})(?![\w]))?"
)
_CANDIDATE = re.compile(
    rf"(?<![\w.-])(?P<street>{_STREET})[^\S\n]+(?P<number>{_NUMBER})"
    r"(?=[^\S\n]*(?:[,;)\n]|$)|[^\S\n]+(?:in|te)[^\S\n]+[A-Z]|[^\S\n]*,?[^\S\n]*[1-9]\d{3}[^\S\n]?[A-Za-z]{2}\b)"
)
# What may stand right before the street: a line start, a comma, colon, dash or bracket, or a
# word that places someone there.
_SET_OFF_BEFORE = re.compile(
    r"(?:^|\n|[,:;(–—|-]|\b(?:op|aan|in|bij|naar|van|woont|wonen|woonde|wonend|wonende"
    r"|woonachtig|adres|verhuist|verhuisd)\b(?:[^\S\n]+(?:de|het|den|'t))?)[^\S\n]*$",
    re.IGNORECASE,
)
_HONORIFIC_BEFORE = re.compile(
    r"\b(?:mw|mevr|mevrouw|dhr|heer|meneer|fam|familie|klant|cli[eë]nte?)\.?[^\S\n]*$"
    r"|(?:[A-Z]\.[^\S\n]?)+$",
    re.IGNORECASE,
)
_MONTHS_AND_DAYS = frozenset(
    ["jan", "feb", "mrt", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "nov", "dec"]
)
_NOT_STREET_WORDS = frozenset(
    {
        "klant", "cliënt", "client", "cliënte", "casus", "vraag", "antwoord", "bijlage",
        "stap", "nummer", "huisnummer", "postcode", "adres", "kamer", "etage", "hoog", "nr",
        "pagina", "artikel", "lid", "wet", "regel", "zoon", "dochter", "kind", "top", "punt",
        "groep", "klas", "leerjaar", "periode", "blok", "ronde", "week", "dag",
    }
)  # fmt: skip
_ADDRESS_HEADER = re.compile(r".*(?:adres|straat|woonplaats).*", re.IGNORECASE)


def detect_unknown_address(text: str) -> Iterator[Hit]:
    """Find a street + house number of unknown shape set off as an address near a person."""
    for match in _CANDIDATE.finditer(text):
        street = match.group("street")
        words = street.split()
        if any(word.lower().rstrip(".") in _NOT_STREET_WORDS for word in words):
            continue
        if words[0].lower() in NOT_ONE_WORD_STREETS or words[0].lower() in _MONTHS_AND_DAYS:
            continue
        first = words[0].lower()
        if first in lexicon.first_names() and first not in lexicon.ambiguous_first_names():
            continue  # "Jurgen Isenia 19,": a name and an age
        number = match.group("number")
        if number.isdigit() and 1900 <= int(number) <= 2099:
            continue  # a year
        start = match.start()
        before = text[max(0, start - 30) : start]
        if not _SET_OFF_BEFORE.search(before) or _HONORIFIC_BEFORE.search(before):
            continue
        if is_office(text, start) or not about_person(text, start, match.end()):
            continue
        yield Hit("postcode_address", start, match.end("number"))
    for start, end, value in table_cells(text, _ADDRESS_HEADER):
        if any(c.isdigit() for c in value) and any(c.isalpha() for c in value):
            yield Hit("postcode_address", start, end)
