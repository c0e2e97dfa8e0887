"""Detector for named employers, schools and care institutions."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kenme.privacy import lexicon
from kenme.privacy.anchored import Tokens, finditer_at
from kenme.privacy.findings import Hit
from kenme.privacy.shapes import CAP_TOKEN, CAP_WORD, SP, UPPER, gated

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
    r"bewindvoering|bewindvoerderskantoor|administratiekantoor|boekhoudkantoor|bewind"
)
_ARTICLE = rf"(?:(?:De|Het|'t|Sint|St\.|Onze{SP}Lieve{SP}Vrouw(?:e)?){SP})"
# A firm named after its owner keeps the owner's particle: "Bakkerij Van der Sande".
_OWNER_PARTICLE = rf"(?:[Vv]an{SP}(?:(?:der|den|de|'t){SP})?|[Tt]e[rn]{SP})"
_NAME_WORDS = (
    rf"(?:{_ARTICLE}?{_OWNER_PARTICLE}?{CAP_WORD}(?:{SP}(?:{CAP_WORD}|B\.V\.|BV|V\.O\.F\.|VOF|N\.V\."
    rf"|&{SP}{CAP_WORD}))*)"
)
# Compounds count too: "Montessorischool", "Tuincentrum", "Zorgboerderij".
# A school's kind as its abbreviation: "OBS De Klimop", "CBS 't Kompas", "IKC De Regenboog".
_SCHOOL_ABBREVIATIONS = r"OBS|CBS|PCBS|RKBS|KBS|IKC|SBO|SO|VSO|ISK|OSG|CSG|RSG"
_TYPE_FIRST = re.compile(
    rf"(?<![\w-])(?=[^\W\d_]+\s+(?:{UPPER}|'t\s|van\s|te[rn]\s))"  # cheap: a word, then a capital
    rf"(?:(?-i:{_SCHOOL_ABBREVIATIONS})"
    rf"|[^\W\d_]*(?i:{_ORG_TYPES}|centrum|school|opvang|bedrijf|winkel)){SP}"
    rf"(?P<name>{_NAME_WORDS})"
)
_LAST_TYPES = (
    r"(?:Lyceum|College|Gymnasium|Academie|Hogeschool|Scholengemeenschap|Zorg|Zorggroep|"
    r"Transport|Bouw|Installatietechniek|Techniek|Holding|Groep|Schoonmaak|Catering|"
    r"Uitzendbureau|Uitzendgroep|Personeelsdiensten|Stichting|Bewind|Bewindvoering|"
    r"Budgetbeheer|Administratie|ISK)\b"
)
_TYPE_LAST = re.compile(
    rf"(?<![\w-])(?P<name>{_OWNER_PARTICLE}?{CAP_WORD}(?:{SP}{CAP_WORD}){{0,3}}){SP}{_LAST_TYPES}"
)
# "Visser Groep", "Jansen Transport": the surname is the name of a firm there.
ORG_TYPE_AFTER = re.compile(rf"{SP}{_LAST_TYPES}")
# A hurried note without capitals: "werkt bij garage de hoek in ...", "via kredietbank
# zuidoost,". The name must end the clause, so "bij garage de hele dag" names nothing.
_LOWER_TYPE_FIRST = gated(
    r"\b(?:bij|via|van|voor|naar)[^\S\n]+(?P<org>(?:garage|autobedrijf|bakkerij|slagerij|kapsalon"
    r"|kwekerij|boerderij|zorgboerderij|restaurant|snackbar|cafetaria|pizzeria|supermarkt"
    r"|hoveniersbedrijf|schildersbedrijf|bouwbedrijf|transportbedrijf|schoonmaakbedrijf"
    r"|uitzendbureau|kredietbank|bewindvoering|stichting|kinderopvang|basisschool|firma)"
    r"[^\S\n]+"
    r"(?P<name>(?:(?:de|het|'t|van|van\s+de|ter|ten)[^\S\n]+)?(?P<word>[a-zà-ÿ][a-zà-ÿ'-]{2,})))"
    r"(?=[^\S\n]*(?:[.,;:!?)\n]|$)|[^\S\n]+(?:in|te|op|aan|en|want|maar|omdat|als)\b)"
)
_REGION = re.compile(r"(?:Noord|Zuid|Oost|West|Midden)(?:-?(?:oost|west|Oost|West))?")
_LEGAL_FORM = re.compile(
    rf"(?<![\w-])(?P<name>(?:(?:Van|De|Den|Der|Het){SP})*{CAP_WORD}"
    rf"(?:{SP}(?:(?:van|de|den|der){SP})?{CAP_WORD}){{0,3}})"
    rf"{SP}(?P<form>B\.V\.|BV|V\.O\.F\.|VOF|N\.V\.|C\.V\.)(?![\w])"
)
_EMPLOYMENT = gated(
    r"\b(?i:werkt|werkte|werken|werk|werkzaam|in\s+dienst|stage|stageplek|solliciteert|"
    r"gesolliciteerd|ontslagen|proefplaatsing|leerwerkplek|vrijwilligerswerk)"
    rf"(?:{SP}[a-z]+){{0,3}}?{SP}(?:bij|van){SP}(?:de{SP}|het{SP})?"
    rf"(?P<name>{CAP_WORD}(?:{SP}{CAP_WORD}){{0,3}})"
)

# Chains people work for, as a hurried note writes them ("werkt bij albert heijn"). Two read
# as a person's name and never are one: names.py leaves them alone. "Jan Linders" or "Van der
# Valk" can be a person too, so those stay names when no work sentence makes them a chain.
_NAME_LIKE_CHAINS = r"albert\s+heijn|dirk\s+van\s+den\s+broek"
_CHAINS = (
    r"jumbo|lidl|aldi|hoogvliet|vomar|dekamarkt|poiesz|kruidvat|etos|hema|blokker|zeeman|wibra"
    r"|primark|ikea|gamma|praxis|karwei|mediamarkt|coolblue|bol\.com|postnl|dhl|mcdonald'?s"
    r"|burger\s+king|kfc|thuisbezorgd|randstad|tempo-team|adecco|manpower|jan\s+linders"
    r"|van\s+der\s+valk|hans\s+anders"
)
NAME_LIKE_CHAIN = gated(rf"(?<![\w-])(?i:{_NAME_LIKE_CHAINS})(?![\w-])")
# Anchored on "bij/voor/via", which the regex engine rejects quickly at most positions.
_CHAIN_AFTER = gated(
    rf"(?<![\w-])(?i:bij|voor|via)\s+(?:(?i:de|het)\s+)?"
    rf"(?P<chain>(?i:{_NAME_LIKE_CHAINS}|{_CHAINS}))(?![\w-])"
)
_WORK_WORD = gated(
    r"\b(?:werk\w*|in\s+dienst|baan|bijbaan|stage\w*|contract|ontslag\w*|ontslagen|uren"
    r"|loon\w*|vakkenvul\w*|kassa\w*|sollicit\w*|bezorg\w*)\b",
    re.IGNORECASE,
)
_SENTENCE_STOP = re.compile(r"[.!?;\n]")


def _chain_employers(text: str) -> Iterator[Hit]:
    """A chain after "bij/voor/via" in a sentence about work: "hij werkt bij albert heijn"."""
    for found in _CHAIN_AFTER.finditer(text):
        start, end = found.span("chain")
        stops = list(_SENTENCE_STOP.finditer(text, max(0, start - 80), start))
        left = stops[-1].end() if stops else max(0, start - 80)
        stop = _SENTENCE_STOP.search(text, end, end + 80)
        right = stop.start() if stop else min(len(text), end + 80)
        if _WORK_WORD.search(text, left, right):
            yield Hit("organisation", start, end)


# The writer says the employer is big, so naming it narrows nothing down: "Hij werkt bij de
# Visser Groep in de haven, een groot bedrijf" (like the large public bodies, decision 0025).
_LARGE_AFTER = re.compile(
    r"\b(?:een|het|de)\s+(?:heel\s+|erg\s+|zeer\s+)?(?:groot|grote|landelijk|landelijke)"
    r"\s+(?:bedrijf|werkgever|concern|onderneming|organisatie|keten)\b|\bmultinational\b"
    r"|\bmet\s+(?:honderden|duizenden|tienduizenden)\s+(?:werknemers|medewerkers|mensen)\b",
    re.IGNORECASE,
)


def detect_organisations(tokens: Tokens) -> Iterator[Hit]:
    """Find named employers, schools and care institutions, not public bodies named as context
    nor an employer the writer calls large."""
    text = tokens.text
    for hit in _all_organisations(text):
        stop = _SENTENCE_STOP.search(text, hit.end, hit.end + 80)
        if not _LARGE_AFTER.search(text, hit.end, stop.start() if stop else hit.end + 80):
            yield hit


# Where _TYPE_FIRST can start (decision 0064), found from where its look-ahead ends: a space
# before a capital, "'t", "van", "ter" or "ten". Read back in the reversed text, the word before
# the space must end with a type of organisation ("sociale" for "sociale werkplaats") or a
# school's abbreviation; the pattern starts where that word starts. Tried at every word, the
# long list of types cost 0.9 ms on a 5 KB text.
_SPACE_THEN_NAME = re.compile(rf"\s(?={UPPER}|'t\s|van\s|te[rn]\s)")
_TYPE_ENDINGS = (
    *(word.split("\\")[0] for word in _ORG_TYPES.split("|")),
    *("centrum", "school", "opvang", "bedrijf", "winkel"),
)
_TYPE_WORD_BACK = re.compile(
    r"\s+(?=(?i:" + "|".join(re.escape(word[::-1]) for word in _TYPE_ENDINGS) + ")"
    r"|" + "|".join(word[::-1] for word in _SCHOOL_ABBREVIATIONS.split("|")) + r")"
    r"(?P<word>[^\W\d_]+)"
)


def _type_first_starts(text: str) -> list[int]:
    length = len(text)
    backwards = text[::-1]
    starts = set()
    for space in _SPACE_THEN_NAME.finditer(text):
        if word := _TYPE_WORD_BACK.match(backwards, length - space.end()):
            starts.add(length - word.end("word"))
    return sorted(starts)


def _all_organisations(text: str) -> Iterator[Hit]:
    for match in finditer_at(_TYPE_FIRST, text, _type_first_starts(text)):
        name = match.group("name")
        if _is_context(match.group()) or _is_context(name):
            continue
        if _skip_ordinary_words(text, match.start("name"), match.end("name")) is None and not (
            match.group()[0].isupper() and _REGION.fullmatch(name)
        ):
            continue  # "een bedrijf\nVraag: ..." names nothing; "Beschermingsbewind Noord" does
        yield Hit("organisation", match.start(), match.end())
    # A legal form is written with a capital V or as BV or VOF: without one, no pattern pass.
    legal = "V." in text or "BV" in text or "VOF" in text
    for pattern in (_TYPE_LAST, _LEGAL_FORM) if legal else (_TYPE_LAST,):
        for match in pattern.finditer(text):
            start = _skip_ordinary_words(text, match.start("name"), match.end("name"))
            if start is None and match.group("name").lower() in lexicon.surnames():
                start = match.start("name")  # "Vos Bewind", "Bakker Bouw": a surname's firm
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
    yield from _chain_employers(text)


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
