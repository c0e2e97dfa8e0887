"""Foreign street + house number: a client's address abroad is an address too (decision 0042,
label rule of decision 0034).

Streets are known by the word the language uses for them, wherever it stands:
- a suffix (German): "Hauptstraße 112", "Lindenstr. 4", "Bahnhofsgasse 3";
- a word before the name (French, Spanish, Italian, Portuguese, Polish): "rue de la Paix 12",
  "12 rue Victor Hugo", "Calle Mayor 5", "ul. Kwiatowa 17/4", "Rua Augusta 40";
- a word after the name (Turkish): "Atatürk Cad. No: 45", "Gül Sokak 12";
- an English street with the number first: "14 Baker Street".
A postcode and place after it ("47533 Kleve", "60-123 Poznań") belong to the address. An office
or public place (decision 0025, `org_address`) stays out, as for Dutch streets.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kenme.privacy.anchored import Tokens
from kenme.privacy.findings import Hit
from kenme.privacy.offices import is_office
from kenme.privacy.shapes import UPPER, gated

_NAME = rf"{UPPER}[\w'’.-]*"
# Every run of spaces below has one way to match ("(?:[^\S\n]*,)?[^\S\n]+", never
# "[^\S\n]*,?[^\S\n]+"): two adjacent runs split a long run of spaces in n ways.
_NAMES = rf"{_NAME}(?:[^\S\n]+{_NAME}){{0,2}}"
_HOUSE = r"\d{1,4}[a-zA-Z]?(?:[/-]\d{1,4}[a-zA-Z]?)?(?![\w/-])"
# "47533 Kleve", "60-123 Poznań", "2000 Antwerpen", "Keçiören/Ankara": a postcode and a place.
_PLACE_AFTER = re.compile(
    rf"(?:[^\S\n]*,)?[^\S\n]*(?:(?:\d{{5}}|\d{{2}}-\d{{3}}|\d{{4}})[^\S\n]+)?{_NAME}(?:/{_NAME})?"
)
_SUFFIXED = gated(
    rf"(?<![\w-]){UPPER}[\w-]*(?i:straße|strasse|str\.|gasse|allee|platz|damm|ufer|chaussee)"
    rf"(?:[^\S\n]*,)?[^\S\n]+(?P<number>{_HOUSE})"
)
_FOREIGN_WORDS = (
    r"ul\.|ulica|aleja|rue|avenue|boulevard|chaussée|chemin|impasse|calle|avenida|paseo"
    r"|carrer|viale|piazza|corso|rua|travessa|praça|largo"
)
_ARTICLES = r"(?:(?:de|du|des|la|le|les|l'|del|della|delle|dei|di|da|do|dos|das)[^\S\n]+)*"
_WORD_FIRST = gated(
    rf"(?<![\w.])(?:(?P<before>\d{{1,4}}(?:[^\S\n]?(?:bis|ter))?),?[^\S\n]+)?"
    rf"(?i:{_FOREIGN_WORDS})[^\S\n]+{_ARTICLES}(?:l')?{_NAMES}"
    rf"(?:(?:[^\S\n]*,)?[^\S\n]+(?:(?i:n[º°o]\.?)[^\S\n]*)?(?P<number>{_HOUSE}))?"
)
_WORD_AFTER = re.compile(
    rf"(?<![\w-]){_NAMES}[^\S\n]+(?:Cad\.|Caddesi|Cd\.|Sok\.|Sokak|Sokağı|Sk\.|Bulvarı|Blv\.)"
    rf"(?:[^\S\n]*,)?[^\S\n]*(?:(?i:no)[:.]?[^\S\n]*)?(?P<number>{_HOUSE})"
)
_NUMBER_FIRST = re.compile(
    rf"(?<![\w.,/-])\d{{1,4}}[a-zA-Z]?[^\S\n]+{_NAMES}[^\S\n]+"
    r"(?:Street|Road|Avenue|Lane|Drive|Close|Crescent|Terrace|Gardens)(?![\w])"
)


# Each pattern runs only when a word it needs is in the text (a substring test costs
# microseconds; most texts hold no foreign street and the patterns cost ~0.3-0.8 ms per 5 KB).
_MARKERS = (
    (_SUFFIXED, ("straße", "strasse", "str.", "gasse", "allee", "platz", "damm", "ufer",
                 "chaussee")),
    (_WORD_FIRST, tuple(w.replace("\\", "") for w in _FOREIGN_WORDS.split("|"))),
    (_WORD_AFTER, ("cad", "cd.", "sok", "sk.", "bulvar", "blv.")),
    (_NUMBER_FIRST, ("street", "road", "avenue", "lane", "drive", "close", "crescent", "terrace",
                     "gardens")),
)  # fmt: skip


def detect_foreign_address(tokens: Tokens) -> Iterator[Hit]:
    """Find a foreign street with its house number, and the postcode and place after it."""
    text = tokens.text
    lower = text.lower()
    for pattern, markers in _MARKERS:
        if not any(marker in lower for marker in markers):
            continue
        for match in pattern.finditer(text):
            groups = match.groupdict()
            if pattern is _WORD_FIRST and not (groups.get("number") or groups.get("before")):
                continue  # "rue de la Paix" without a number names no home
            if is_office(text, match.start()):
                continue
            end = match.end()
            place = _PLACE_AFTER.match(text, end)
            if place and ("," in place.group() or any(c.isdigit() for c in place.group())):
                end = place.end() - place.group().endswith(".")  # the sentence's full stop
            yield Hit("postcode_address", match.start(), end)
