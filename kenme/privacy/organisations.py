"""Detector for named employers, schools and care institutions."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kenme.privacy import lexicon
from kenme.privacy.findings import Hit
from kenme.privacy.shapes import CAP_TOKEN, CAP_WORD, SP, UPPER

_ORG_TYPES = (
    r"bakkerij|slagerij|kapsalon|kapper|garage|autobedrijf|autoservice|schildersbedrijf|"
    r"hoveniersbedrijf|installatiebedrijf|bouwbedrijf|transportbedrijf|schoonmaakbedrijf|"
    r"loonbedrijf|uitzendbureau|restaurant|café|cafetaria|snackbar|pizzeria|eetcafé|lunchroom|"
    r"supermarkt|winkel|kledingwinkel|bloemisterij|groentezaak|kwekerij|boerderij|zorgboerderij|"
    r"hotel|camping|sportschool|fitnesscentrum|basisschool|school|kinderopvang|kinderdagverblijf|"
    r"peuterspeelzaal|bso|college|lyceum|gymnasium|mavo|vmbo|havo|praktijkschool|"
    r"zorginstelling|verpleeghuis|verzorgingshuis|woonzorgcentrum|zorgcentrum|dagbesteding|"
    r"stichting|praktijk|huisartsenpraktijk|tandartspraktijk|fysiotherapie|apotheek|"
    r"woongroep|instelling|kliniek|sociale\s+werkplaats|werkplaats|cateraar|catering|"
    r"webwinkel|koeriersdienst|pakketdienst|taxibedrijf|bezorgdienst|bedrijf|firma|"
    r"schoonmaakdienst|beveiligingsbedrijf|callcenter|distributiecentrum|kredietbank|"
    r"bewindvoering|bewindvoerderskantoor|administratiekantoor|boekhoudkantoor"
)
_ARTICLE = rf"(?:(?:De|Het|'t|Sint|St\.|Onze{SP}Lieve{SP}Vrouw(?:e)?){SP})"
_NAME_WORDS = (
    rf"(?:{_ARTICLE}?{CAP_WORD}(?:{SP}(?:{CAP_WORD}|B\.V\.|BV|V\.O\.F\.|VOF|N\.V\."
    rf"|&{SP}{CAP_WORD}))*)"
)
# Compounds count too: "Montessorischool", "Tuincentrum", "Zorgboerderij".
_TYPE_FIRST = re.compile(
    rf"(?<![\w-])(?=[^\W\d_]+\s+(?:{UPPER}|'t\s))"  # cheap: a word, then a capital
    rf"[^\W\d_]*(?i:{_ORG_TYPES}|centrum|school|opvang|bedrijf|winkel){SP}"
    rf"(?P<name>{_NAME_WORDS})"
)
_TYPE_LAST = re.compile(
    rf"(?<![\w-])(?P<name>{CAP_WORD}(?:{SP}{CAP_WORD}){{0,3}}){SP}"
    r"(?:Lyceum|College|Gymnasium|Academie|Hogeschool|Scholengemeenschap|Zorg|Zorggroep|"
    r"Transport|Bouw|Installatietechniek|Techniek|Holding|Groep|Schoonmaak|Catering|"
    r"Uitzendbureau|Uitzendgroep|Personeelsdiensten|Stichting)\b"
)
# A hurried note without capitals: "werkt bij garage de hoek in ...", "via kredietbank
# zuidoost,". The name must end the clause, so "bij garage de hele dag" names nothing.
_LOWER_TYPE_FIRST = re.compile(
    r"\b(?:bij|via|van|voor|naar)[^\S\n]+(?P<org>(?:garage|autobedrijf|bakkerij|slagerij|kapsalon"
    r"|kwekerij|boerderij|zorgboerderij|restaurant|snackbar|cafetaria|pizzeria|supermarkt"
    r"|hoveniersbedrijf|schildersbedrijf|bouwbedrijf|transportbedrijf|schoonmaakbedrijf"
    r"|uitzendbureau|kredietbank|bewindvoering|stichting|kinderopvang|basisschool|firma)"
    r"[^\S\n]+"
    r"(?P<name>(?:(?:de|het|'t|van|van\s+de|ter|ten)[^\S\n]+)?(?P<word>[a-zà-ÿ][a-zà-ÿ'-]{2,})))"
    r"(?=[^\S\n]*(?:[.,;:!?)\n]|$)|[^\S\n]+(?:in|te|op|aan|en|want|maar|omdat|als)\b)"
)
_LEGAL_FORM = re.compile(
    rf"(?<![\w-])(?P<name>(?:(?:Van|De|Den|Der|Het){SP})*{CAP_WORD}"
    rf"(?:{SP}(?:(?:van|de|den|der){SP})?{CAP_WORD}){{0,3}})"
    rf"{SP}(?P<form>B\.V\.|BV|V\.O\.F\.|VOF|N\.V\.|C\.V\.)(?![\w])"
)
_EMPLOYMENT = re.compile(
    r"\b(?i:werkt|werkte|werken|werk|werkzaam|in\s+dienst|stage|stageplek|solliciteert|"
    r"gesolliciteerd|ontslagen|proefplaatsing|leerwerkplek|vrijwilligerswerk)"
    rf"(?:{SP}[a-z]+){{0,3}}?{SP}(?:bij|van){SP}(?:de{SP}|het{SP})?"
    rf"(?P<name>{CAP_WORD}(?:{SP}{CAP_WORD}){{0,3}})"
)


def detect_organisations(text: str) -> Iterator[Hit]:
    """Find named employers, schools and care institutions, not public bodies named as context."""
    for match in _TYPE_FIRST.finditer(text):
        name = match.group("name")
        if _is_context(match.group()) or _is_context(name):
            continue
        if _skip_ordinary_words(text, match.start("name"), match.end("name")) is None:
            continue  # "een bedrijf\nVraag: ..." names nothing
        yield Hit("organisation", match.start(), match.end())
    for pattern in (_TYPE_LAST, _LEGAL_FORM):
        for match in pattern.finditer(text):
            start = _skip_ordinary_words(text, match.start("name"), match.end("name"))
            if start is not None:
                yield Hit("organisation", start, match.end())
    for match in _LOWER_TYPE_FIRST.finditer(text):
        name, word = match.group("name"), match.group("word")
        named = name != word or word not in lexicon.common_words()  # "de hoek", not "om"
        if named and not _is_context(name):
            yield Hit("organisation", match.start("org"), match.end("org"))
    for match in _EMPLOYMENT.finditer(text):
        start = _skip_ordinary_words(text, match.start("name"), match.end("name"))
        if start is not None and not _is_context(text[start : match.end()]):
            yield Hit("organisation", start, match.end())


def _is_context(name: str) -> bool:
    """Tell whether a name is a public body or national organisation used as context."""
    key = " ".join(name.split()).lower()
    orgs = lexicon.context_organisations()
    return key in orgs or key.split(" ", 1)[0] in orgs


_PARTICLES = frozenset({"van", "de", "den", "der", "het", "ter", "ten", "'t"})


def _skip_ordinary_words(text: str, start: int, end: int) -> int | None:
    """Move start past leading ordinary words ("Volgens", "Bij"); None if nothing is left."""
    common = lexicon.common_words()
    for token in CAP_TOKEN.finditer(text, start, end):
        word = token.group().lower()
        if word in _PARTICLES or word not in common:
            return token.start()
    return None
