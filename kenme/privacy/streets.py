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

from stdnum.nl import postcode

from kenme.privacy import lexicon
from kenme.privacy.anchored import Tokens, finditer_at
from kenme.privacy.contact import (
    ADDRESS_WORD_BEFORE,
    NOT_ONE_WORD_STREETS,
    STREET_SUFFIXES,
)
from kenme.privacy.findings import Hit
from kenme.privacy.offices import is_office
from kenme.privacy.person import about_person
from kenme.privacy.shapes import UPPER, gated, table_cells

_WORD = rf"{UPPER}[a-zà-ÿ'’]+(?:-{UPPER}?[a-zà-ÿ'’]+)*"
_LINK = r"(?:van|de|der|den|het|'t|op|aan|in|bij)"
# One to three words, the first capitalised: "Tjalk", "Lange Voorhout", "Burg. de Withlaan".
_STREET = rf"{_WORD}(?:[^\S\n]+(?:{_LINK}[^\S\n]+)*{_WORD}){{0,2}}"
_NUMBER = (
    r"\d{1,4}(?:[a-zA-Z](?![\w])|-\d{1,3}(?![\w])|-[a-z](?![\w])"
    r"|[^\S\n](?:hoog|bis|hs|[IVX]{1,3})(?![\w]))?"
)
# In the look-ahead each run of spaces has one way to match (see _POSTCODE_IN_WORDS).
_CANDIDATE = re.compile(
    rf"(?<![\w.-])(?P<street>{_STREET})[^\S\n]+(?P<number>{_NUMBER})"
    r"(?=[^\S\n]*(?:[,;)\n]|$)|[^\S\n]+(?:in|te)[^\S\n]+[A-Z]"
    r"|[^\S\n]*(?:,[^\S\n]*)?[1-9]\d{3}[^\S\n]?[A-Za-z]{2}\b)"
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
# A postcode in lower case and without a house number ("9201bt", "9201 bt Drachten"): in a
# line about a person it is where they live. A unit ("1500 km", "2000mg") or a two-letter word
# after a number ("2024 is", "12 en") is no postcode.
_LOWER_POSTCODE = re.compile(
    r"(?<![\w.,/-])[1-9]\d{3}(?:(?P<joined>[a-zA-Z]{2})|[^\S\n](?P<spaced>[a-z]{2})"
    r"(?=[^\S\n]+[A-Z][a-z]))(?![\w])"
)
NOT_POSTCODE_LETTERS = frozenset(
    {"km", "kg", "mg", "ml", "cm", "mm", "gb", "mb", "kb", "kw", "hz", "ha", "is", "en", "op",
     "in", "de", "te", "of", "al", "nu", "er", "om", "na", "zo", "ja", "je", "me", "we", "ze",
     "ik", "uw", "ga", "bv", "ca", "nr", "st", "pp", "pm", "am", "eu", "bw", "sr", "sv", "rv"}
)  # fmt: skip
# A postcode read out in words, as a dictated note has it: "negen twee nul één BT", with the
# house number in words or digits after it.
_DIGIT_WORD = r"(?:nul|een|één|twee|drie|vier|vijf|zes|zeven|acht|negen)"
_NUMBER_WORDS = (
    r"(?:\d{1,4}|(?:(?:een|één|twee|drie|vier|vijf|zes|zeven|acht|negen)(?:en(?:twintig|dertig"
    r"|veertig|vijftig|zestig|zeventig|tachtig|negentig))?|tien|elf|twaalf|dertien|veertien"
    r"|vijftien|zestien|zeventien|achttien|negentien|twintig|dertig|veertig|vijftig|zestig"
    r"|zeventig|tachtig|negentig|honderd))"
)
# Each run of spaces has one way to match (two adjacent space runs made a long run quadratic).
_POSTCODE_IN_WORDS = gated(
    rf"(?i:\b(?:vier|vijf|zes|zeven|acht|negen|een|één|twee|drie)(?:[^\S\n]+{_DIGIT_WORD}){{3}})"
    r"(?:[^\S\n]*,)?[^\S\n]+(?:[A-Z]{2}|[a-z]{2}(?=[^\S\n]+(?:huis)?nummer))(?![\w])"
    rf"(?:,?[^\S\n]+(?:(?i:(?:huis)?nummer|nr\.?)[^\S\n]*)?(?i:{_NUMBER_WORDS})(?![\w]))?"
)
_ADDRESS_HEADER = re.compile(r".*(?:adres|straat|woonplaats).*", re.IGNORECASE)


def detect_unknown_address(tokens: Tokens) -> Iterator[Hit]:
    """Find a street + house number of unknown shape set off as an address near a person."""
    text = tokens.text
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
    yield from _postcodes_of_unknown_shape(text, tokens.numbers)
    for start, end, value in table_cells(text, _ADDRESS_HEADER):
        if any(c.isdigit() for c in value) and any(c.isalpha() for c in value):
            yield Hit("postcode_address", start, end)


def _postcodes_of_unknown_shape(text: str, numbers: tuple[int, ...]) -> Iterator[Hit]:
    """A lower-case postcode without a house number, or one read out in words, near a person."""
    for match in finditer_at(_LOWER_POSTCODE, text, numbers):  # it starts a number
        letters = (match.group("joined") or match.group("spaced")).lower()
        if letters in NOT_POSTCODE_LETTERS:
            continue
        if postcode.is_valid(match.group().replace(" ", "").upper()) and about_person(
            text, match.start(), match.end()
        ):
            yield Hit("postcode_address", match.start(), match.end())
    for match in _POSTCODE_IN_WORDS.finditer(text):
        yield Hit("postcode_address", match.start(), match.end())


_HOME_WORD_BEFORE = re.compile(
    r"\b(?:woont|wonen|woonde|wonend|wonende|woonachtig|adres|woonadres|postcode|pc|verhuist"
    r"|verhuisd|verhuizen|ingeschreven)\b[^\n.;!?\d]{0,20}$",
    re.IGNORECASE,
)


def detect_home_postcode(tokens: Tokens) -> Iterator[Hit]:
    """A lower-case postcode right after a word about where someone lives ("verhuist naar
    9201bt"): a postcode, not the old sidecode plate "92-01-BT" it could also spell. Not a
    fallback: it out-ranks the plate reading of the same span."""
    text = tokens.text
    for match in finditer_at(_LOWER_POSTCODE, text, tokens.numbers):  # it starts a number
        letters = (match.group("joined") or match.group("spaced")).lower()
        if letters in NOT_POSTCODE_LETTERS:
            continue
        if _HOME_WORD_BEFORE.search(text, max(0, match.start() - 40), match.start()) and (
            postcode.is_valid(match.group().replace(" ", "").upper())
        ):
            yield Hit("postcode_address", match.start(), match.end())


# The number first, set off by a comma: "14, Singel", "3a, Kerkstraat" (decision 0046), where an
# address stands on its own (a line's start) or after "adres:", "woont op". The number may carry
# a toevoeging as Dutch addresses write it ("14-II", "3-hs", "12 bis", "7a-2", "22/3") and the
# street up to three words before its suffix ("14-II, Nicolaas Beetsstraat").
_TOEVOEGING = (
    r"[a-zA-Z]?(?:[-/](?:[IVX]{1,3}|hs|HS|bis|hoog|huis|bg|\d{1,3}|[a-zA-Z])(?![\w])"
    r"|[^\S\n](?:[IVX]{1,3}|hs|bis|hoog)(?=,))?"
)
_NUMBER_COMMA_STREET = gated(
    rf"(?<![\w.,/-])(?P<n>\d{{1,4}}){_TOEVOEGING},[^\S\n]*(?=[A-Z])"
    rf"(?:[A-Za-zà-ÿ'.]+[^\S\n]){{0,3}}[A-Za-zà-ÿ]*(?i:{STREET_SUFFIXES})"
    r"(?![\w])(?![^\S\n]*\d)"
)


# "Hij woont in de Dorpsstraat op 14": a street, "op" and the bare number, after a word that
# places someone there; "op 14 mei", "op 14:00" and "op 14 km" are no house numbers.
_STREET_OP_NUMBER = re.compile(
    rf"(?<![\w-])(?P<street>[A-Z][\w'-]*(?i:{STREET_SUFFIXES}))[^\S\n]+op[^\S\n]+"
    r"(?P<n>\d{1,4}(?:[a-zA-Z]|-(?:[IVX]{1,3}|hs|\d{1,3}))?)(?![\w.,:/-]?\d)(?![\w])"
    r"(?![^\S\n]*(?:-|(?i:jan|feb|maa|mrt|apr|mei|jun|jul|aug|sep|okt|nov|dec|uur|u\b|km|m\b"
    r"|%|procent|euro|jaar|maanden|weken|dagen|keer|stuks)))"
)
_HOME_VERB = gated(
    r"\b(?:woont|wonen|woonde|wonend|wonende|woonachtig|verhuist|verhuisd|verhuizen"
    r"|ingeschreven)\b",
    re.IGNORECASE,
)
_HOME_VERB_BEFORE = re.compile(rf"{_HOME_VERB.pattern}[^\n.;!?]{{0,30}}$", re.IGNORECASE)
_CAPITAL_START = re.compile(r"(?<![\w-])[A-Z]")


def _streets_op_number(text: str) -> Iterator[re.Match[str]]:
    """The _STREET_OP_NUMBER matches that can have a home verb within 30 characters before
    them, tried only at the capitals after the verbs' stems, found with str.find (trying the
    pattern at every capital of a text cost ~0.5 ms in 5 KB, a pattern for the verbs ~0.1);
    detect_number_before_street checks the verb itself."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a character whose lower case is longer ("İ")
        yield from _STREET_OP_NUMBER.finditer(text)
        return
    tried: set[int] = set()
    for stem in _HOME_STEMS:
        at = lowered.find(stem)
        while at >= 0:
            for capital in _CAPITAL_START.finditer(text, at + len(stem), at + len(stem) + 40):
                start = capital.start()
                if start not in tried:
                    tried.add(start)
                    if match := _STREET_OP_NUMBER.match(text, start):
                        yield match
            at = lowered.find(stem, at + 1)


# Every verb of _HOME_VERB_BEFORE holds one of these (the longest verb is 12 letters past
# its stem's start, plus 30 characters: the 40 above reach every street it allows).
_HOME_STEMS = ("woon", "wonen", "verhui", "ingeschreven")


def detect_number_before_street(tokens: Tokens) -> Iterator[Hit]:
    """Find a house number written before its street, set off by a comma, and a street with
    "op" before its number where someone lives ("woont in de Dorpsstraat op 14")."""
    text = tokens.text
    for match in _streets_op_number(text):
        start = match.start()
        if (
            _HOME_VERB_BEFORE.search(text, max(0, start - 40), start)
            and match.group("street").lower() not in NOT_ONE_WORD_STREETS
            and not is_office(text, start)
        ):
            yield Hit("postcode_address", start, match.end())
    for match in finditer_at(_NUMBER_COMMA_STREET, text, tokens.numbers):
        start = match.start()
        line_start = not text[max(0, start - 20) : start].split("\n")[-1].strip()
        if (
            (
                line_start
                # "Op nummer 42, Hofstraat": the number is named
                or _NAMED_NUMBER_BEFORE.search(text, max(0, start - 12), start)
                or ADDRESS_WORD_BEFORE.search(text, max(0, start - 30), start)
            )
            and not 1900 <= int(match.group("n")) <= 2099
            and not is_office(text, start)
        ):
            yield Hit("postcode_address", start, match.end())
    for verb in _HOME_VERB.finditer(text):  # tried only after a home verb (cost)
        for match in _NUMBER_SPACE_STREET.finditer(text, verb.end(), verb.end() + 40):
            start = match.start()
            if _HOME_VERB_BEFORE.search(text, max(0, start - 40), start) and not is_office(
                text, start
            ):
                yield Hit("postcode_address", start, match.end())
    lowered = text.lower()
    if any(word in lowered for word in _SITE_WORDS):  # the pattern only where it can match
        for match in _SITE_NUMBER.finditer(text):
            if not is_office(text, match.start()):
                yield Hit("postcode_address", match.start(), match.end())


_NAMED_NUMBER_BEFORE = re.compile(r"\b(?:huisnummer|nummer|nr\.?)[^\S\n]*$", re.IGNORECASE)
_SITE_WORDS = ("camping", "woonwagen", "park", "botenhaven")
# "Ze woont op 12B Kerkweg": the number with its toevoeging before the street, no comma, after
# a word that places someone there.
_NUMBER_SPACE_STREET = gated(
    rf"(?<![\w.,/-])\d{{1,4}}{_TOEVOEGING}[^\S\n]+(?=[A-Z])"
    rf"(?:[A-Za-zà-ÿ'.]+[^\S\n]){{0,2}}[A-Za-zà-ÿ]*(?i:{STREET_SUFFIXES})"
    r"(?![\w])(?![^\S\n]*\d)"
)
# A pitch where people live: "Woonwagencentrum De Horst 11", "camping De Vlinderhoeve, plaats
# 48", "chaletpark Het Bos, chalet 12". A count after it ("48 plaatsen") is no pitch.
_SITE_NUMBER = gated(
    r"\b(?i:camping|woonwagencentrum|woonwagenkamp|woonwagenlocatie|woonwagenpark"
    r"|vakantiepark|chaletpark|bungalowpark|recreatiepark|woonbotenhaven)"
    r"[^\S\n]+(?:(?:[Dd]e|[Hh]et|'t)[^\S\n]+)?[A-Z][\w'-]*(?:[^\S\n]+[A-Z][\w'-]*)?"
    r"(?:[^\S\n]*,?[^\S\n]*(?i:standplaats|plaats|plek|kavel|chalet|unit|nummer|nr\.?)"
    r"[^\S\n]*|[^\S\n]+)\d{1,4}[a-zA-Z]?(?![\w])(?![.,:]\d)"
    r"(?![^\S\n]*(?i:plaatsen|plekken|standplaatsen|chalets|woonwagens|bewoners|mensen"
    r"|personen|gezinnen|kavels|huisjes|km|uur|jaar))"
)
