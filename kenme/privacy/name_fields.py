"""Names that their place, not their shape, gives away (decision 0046).

- the value of a name field in a pasted form, screen, export or JSON: "NAAM : VERMEULEN, J.A.",
  ``"naam": "Jansen"``, "Voornamen: Y0USSEF" (any case, OCR noise and all);
- a name in capitals alone on a line after its label and one space, as OCR reads an identity
  card: "Naam SMITS" (decision 0082; column names of a header row are none);
- a name in another script (Arabic, Cyrillic, Greek, Hebrew, Armenian, Georgian, Chinese,
  Korean): in a Dutch casework note two such words together are a person's name;
- initials standing for a person: "J.W.H. en M.C. (19) wonen samen";
- every first name of a household list once one of them is known: "Sem (2), Liv (4) en Jip (7)".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kenme.privacy import lexicon
from kenme.privacy.anchored import finditer_at
from kenme.privacy.findings import Hit
from kenme.privacy.shapes import CAP_WORD, gated

_I = re.IGNORECASE

# A label, a colon or "=" (or a JSON key), then the value up to two spaces, a quote, a
# semicolon or the line's end.
_NAME_FIELD = gated(
    r"(?<![\w])(?:naam|achternaam|geslachtsnaam|voornaam|voornamen|voorletters|roepnaam"
    r"|surname|given[^\S\n]names?|first[^\S\n]name|last[^\S\n]name|name|t\.?n\.?v\.?)"
    r"(?:\"[^\S\n]*:[^\S\n]*\"|[^\S\n]*[:=][^\S\n]*|(?<=[A-Z])[ \t]{2,})"
    r"(?P<value>[^\W\d_][\w'.-]*(?:(?:,[^\S\n]?|[^\S\n])(?![^\W_][\w'.-]*[:/])[^\W_][\w'.-]*){0,3})",
    _I,
)
# Values that say there is no name to give.
_NO_NAME = frozenset(
    {"onbekend", "nvt", "n.v.t", "geen", "leeg", "anoniem", "x", "xxx", "zie", "nog", "volgt"}
)
# An identity card or register read by OCR: the label, one space, the name in capitals, and
# nothing else on the line ("Naam SMITS", "GESLACHTSNAAM EL AMRANI").
_CAPITALS_LINE = gated(
    r"(?:Naam|NAAM|Achternaam|ACHTERNAAM|Geslachtsnaam|GESLACHTSNAAM|Voornamen|VOORNAMEN)"
    r"[ \t](?P<value>[A-Z][A-Z'-]+(?:[ \t][A-Z][A-Z'-]+){0,3})[ \t]*$",
    re.MULTILINE,
)
# Words a table's header row puts after "Naam": columns, not a name.
_COLUMN_WORDS = frozenset(
    {"bsn", "adres", "postcode", "geb", "geboortedatum", "voornamen", "voorletters", "nr",
     "nummer", "woonplaats", "plaats", "datum", "status", "id", "tel", "telefoon", "email"}
)  # fmt: skip
_PARTICLES = frozenset({"van", "der", "den", "de", "ter", "ten", "te", "el", "al", "op", "in"})
_OTHER_SCRIPT = re.compile(
    r"[\u0370-\u03ff\u0400-\u04ff\u0530-\u058f\u0590-\u05ff\u0600-\u06ff\u0750-\u077f"
    r"\u10a0-\u10ff\u4e00-\u9fff\uac00-\ud7af]+"
    r"(?:[^\S\n][\u0370-\u03ff\u0400-\u04ff\u0530-\u058f\u0590-\u05ff\u0600-\u06ff\u0750-\u077f"
    r"\u10a0-\u10ff\u4e00-\u9fff\uac00-\ud7af]+){0,3}"
)
_INITIALS_ONLY = r"(?:[A-Z]\.){2,4}"
# Initials as a person: with an age after them, or two such persons joined by "en".
_INITIALS_PERSON = re.compile(
    rf"(?<![\w.])(?P<a>{_INITIALS_ONLY})(?:(?=[^\S\n]?\(\d{{1,2}}\))"
    rf"|[^\S\n]+en[^\S\n]+(?P<b>{_INITIALS_ONLY})(?![\w]))"
)
# A household list: "Sem (2), Liv (4) en Jip (7)".
_WITH_AGE = re.compile(rf"(?<![\w'-])(?P<name>{CAP_WORD})[^\S\n]?\(\d{{1,2}}\)")
# Found from the bracket (a literal, which the regex engine finds fast), then read back.
_AGE_BRACKET = re.compile(r"\(\d{1,2}\)")
_LIST_JOINT = re.compile(r"[^\S\n]*(?:,|en|&)[^\S\n]*(?:en[^\S\n]+)?")


def detect_name_fields(text: str, capitals: tuple[int, ...]) -> Iterator[Hit]:
    """Find names in the places listed in the module's docstring; capitals are the positions
    of text's capitals (anchored.Tokens)."""
    organisations = lexicon.context_organisations()
    common, first_names, surnames = (
        lexicon.common_words(),
        lexicon.first_names(),
        lexicon.surnames(),
    )
    for match in _NAME_FIELD.finditer(text):
        value = match.group("value").rstrip(",")
        if value.endswith(".") and not value[-2:-1].isupper():
            value = value[:-1]  # the sentence's full stop, not an initial's
        first = value.split()[0].strip(",.").lower()
        if first in _NO_NAME or (first in common and first not in first_names | surnames):
            continue  # "naam: de klant", "Naam: onbekend"
        yield Hit("name", match.start("value"), match.start("value") + len(value))
    if "AAM" in text or "aam " in text or "amen " in text or "AMEN " in text:
        for match in _CAPITALS_LINE.finditer(text):
            words = [w for w in match.group("value").lower().split() if w not in _PARTICLES]
            if text[text.rfind("\n", 0, match.start()) + 1 : match.start()].strip(" \t"):
                continue  # the label opens the line, after spaces at most
            if words and not any(
                w in _COLUMN_WORDS or w in common or w in _NO_NAME or w in organisations
                for w in words
            ):
                yield Hit("name", match.start("value"), match.end("value"))
    if not text.isascii():
        for match in _OTHER_SCRIPT.finditer(text):
            # A name has two parts ("محمد الحسن", "Олена Коваленко"); a Chinese name is written
            # as one run of two to four characters. A lone word is a greeting or a word.
            word = match.group()
            if " " in word or ("\u4e00" <= word[0] <= "\u9fff" and 2 <= len(word) <= 4):
                yield Hit("name", match.start(), match.end())
    for match in finditer_at(_INITIALS_PERSON, text, capitals):
        yield Hit("name", match.start("a"), match.end("a"))
        if match.group("b"):
            yield Hit("name", match.start("b"), match.end("b"))
    yield from _household(text, first_names)


def _household(text: str, first_names: frozenset[str]) -> Iterator[Hit]:
    """Every name of a list of names with ages once one of them is a known first name."""
    group: list[re.Match[str]] = []
    ages = [
        match
        for bracket in _AGE_BRACKET.finditer(text)
        for match in _WITH_AGE.finditer(text, max(0, bracket.start() - 40), bracket.end())
        if match.end() == bracket.end()
    ]
    for match in [*ages, None]:
        if (
            match is not None
            and group
            and _LIST_JOINT.fullmatch(text, group[-1].end(), match.start())
        ):
            group.append(match)
            continue
        if len(group) >= 2 and any(m.group("name").lower() in first_names for m in group):
            for member in group:
                yield Hit("name", member.start("name"), member.end("name"))
        group = [match] if match is not None else []
