"""Detector for person names: titles, initials, context words and compact name lists."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from kenme.privacy import lexicon
from kenme.privacy.anchored import Tokens, finditer_at
from kenme.privacy.findings import Hit
from kenme.privacy.name_context import no_client_reader, recurring
from kenme.privacy.name_fields import detect_name_fields
from kenme.privacy.name_forms import ABBREVIATED_INITIALS, detect_name_forms
from kenme.privacy.organisations import NAME_LIKE_CHAIN, ORG_TYPE_AFTER
from kenme.privacy.shapes import (
    CAP_TOKEN,
    CAP_WORD,
    INITIALS,
    PARTICLE,
    SP,
    SURNAME,
    UPPER,
    at_sentence_start,
    gated,
    strip_possessive,
    table_cells,
)

_TITLES = (
    r"meneer|mevrouw|mevr\.?|mw\.?|mr\.|dhr\.?|de\s+heer|mej\.?|mejuffrouw|juffrouw|fam\.|"
    r"familie|gezin|dr\.|drs\.|ir\.|ing\.|prof\."
)
# The lookahead (title-like word, then a capital or a particle) skips most words cheaply.
_TITLED = gated(
    rf"(?<![\w])(?=[^\W\d_]+(?:\s+heer)?(?:\.\s*|\s+)(?:{UPPER}|[a-z']+\s))"
    rf"(?i:{_TITLES})[^\S\n]*"
    rf"(?P<name>(?P<initials>{INITIALS}[^\S\n]*)?(?P<surname>{SURNAME}))"
)
_INITIALLED = re.compile(rf"(?<![\w.])(?P<initials>{INITIALS})[^\S\n]*(?P<surname>{SURNAME})")

_RELATIONS = (
    r"klant|cli[eë]nt|aanvrager|aanvraagster|zoon|dochter|man|vrouw|echtgenoot|echtgenote|"
    r"partner|ex-partner|vriend|vriendin|ex|moeder|vader|broer|zus|zuster|oom|tante|neef|nicht|"
    r"opa|oma|buurman|buurvrouw|collega|kleinzoon|kleindochter|zwager|schoonzus|schoonmoeder|"
    r"schoonvader|stiefvader|stiefmoeder|stiefzoon|stiefdochter|kind|baby|huisgenoot|"
    r"kostganger|bewindvoerder|mentor|begeleider|huisbaas|verhuurder|jongen|meisje|"
    r"zoontje|dochtertje|kindje|broertje|zusje|neefje|nichtje|kleintje|"
    r"heet|heette|genaamd|noemt\s+zich|naam\s+is|roepnaam|voornaam\s+is"
    r"|noem(?:t|en|de|den)\s+(?:hem|haar)|name\s+is|named"
)
# The lookahead (a word, maybe a second one, then a capital) skips most words cheaply.
_AFTER_RELATION = gated(
    rf"(?<![\w])(?=[^\W\d_-]+(?:[\s-][^\W\d_]+)?,?\s+{UPPER})"
    rf"(?i:{_RELATIONS}),?{SP}(?P<first>{CAP_WORD})(?P<rest>{SP}{SURNAME})?"
)
_SURNAME_AFTER = re.compile(rf"{SP}(?:{CAP_WORD}{SP})?(?P<surname>{SURNAME})")
_PARTICLE_BEFORE = gated(rf"(?<![\w'])(?P<particle>{PARTICLE})$")
_HYPHENATED_WORD = re.compile(r"-([^\W\d_]+)")
_LEADING_PARTICLE = re.compile(rf"^{PARTICLE}")


# Hurried notes without capitals: "mevr de vries belde", "mw bakker", "klant molenaar".
_LOWER_TITLED = gated(
    r"(?<![\w])(?:mevr|mw|dhr|mevrouw|meneer|de\s+heer|fam|familie|klant|cli[eë]nt"
    r"|(?:zijn|haar|mijn)\s+(?:vriendin|vriend|broer|zus|moeder|vader|partner|ex|man|vrouw"
    r"|zoon|dochter))\.?[^\S\n]+(?P<name>(?P<particle>(?:van\s+(?:de[nr]?\s+)?|de\s+|ter\s+|el\s+|al\s+))?"
    r"(?P<word>[a-zà-ÿ][a-zà-ÿ']+(?:-(?:el|al)[^\S\n]+[a-zà-ÿ]{2,}|-[a-zà-ÿ']+)*))(?![\w])"
)
# A note without capitals that opens with a surname and a verb: "de wit wil een tweede kans".
_LOWER_SURNAME_OPENS = re.compile(
    r"(?:^|(?<=[.!?:]\s)|(?<=\n)|(?<=\n[-*]\s))(?P<name>(?P<particle>van\s+(?:de[nr]?\s+)?"
    r"|de\s+|ter\s+|el\s+)?(?P<word>[a-zà-ÿ][a-zà-ÿ']+))[^\S\n]+(?=(?:wil|wilde|belde|belt"
    r"|mailde|zegt|zei|heeft|had|vraagt|vroeg|kwam|komt|weigert|weigerde)\b)",
    re.MULTILINE,
)
# Surnames that are also trades: "de bakker wil hem aannemen" is about a baker.
TRADES = frozenset(
    {
        "bakker", "visser", "boer", "kok", "meester", "smit", "smid", "schilder", "timmerman",
        "slager", "molenaar", "koster", "dekker", "koopman", "schipper", "brouwer", "kuiper",
        "koning", "verver", "wever", "snijder", "kramer", "metselaar", "voogd", "rechter",
    }
)  # fmt: skip
# A verb of someone acting right after a capitalised word that opens a sentence makes it a
# name: "Bakker belde", "Jansen zegt", "Roos mailde" (a noun there would have an article).
_PERSON_VERB_AFTER = re.compile(
    r"(?:[^\S\n]+|(?=,))(?:belde|belt|mailde|mailt|appte|appt|schreef|schrijft|vertelde|vertelt|zei|zegt"
    r"|vroeg|vraagt|meldde|meldt|stuurde|stuurt|antwoordde|reageerde|klaagde|klaagt|weigert"
    r"|weigerde|woont|woonde|werkt|werkte|kwam|komt|liet\s+weten|gaf\s+aan|geeft\s+aan"
    r"|heeft\s+gebeld|heeft\s+gemaild"
    # a to-do line ("- Verhoeven terugbellen") and a couple ("Mulder en zijn vrouw")
    r"|(?:terug)?bellen|(?:terug)?mailen|appen|uitnodigen"
    r"|en\s+(?:zijn|haar)\s+(?:vrouw|man|partner|ex|vriend|vriendin|kinderen|zoon|dochter"
    r"|zoontje|dochtertje|kindje|kinderen|baby)"
    # "De Boer, de buurman, bevestigt": a role in apposition
    r"|,[^\S\n]+(?:de|het|haar|zijn|mijn|onze)[^\S\n]+(?:buurman|buurvrouw|huisbaas|verhuurder"
    r"|vader|moeder|zoon|dochter|broer|zus|partner|ex|vriend|vriendin|werkgever|bewindvoerder"
    r"|mentor|begeleider|oom|tante|opa|oma)[^\S\n]*,)"
    r"(?![\w])"
)
# "H. Boukema 06 2019 3847": initials and a surname that sign with a phone number.
_PHONE_AFTER = re.compile(r"[^\S\n]*,?[^\S\n]*(?:\+|0)\d")
# "… over mijn bijzondere bijstand. J. Akkerman"": initials and a surname that end a letter.
_SIGNATURE_END = re.compile(r"[\"”']?[^\S\n]*(?:\n|$)")
# "Visser heeft de stukken gebracht": a listed surname that is no word, opening a sentence.
_AUXILIARY_AFTER = re.compile(r"[^\S\n]+(?:heeft|had|is|was|wil|wilde|kan|kon|moet|moest)(?![\w])")
# A trade is what "is" or "was" says of it: "Bakker is een mooi vak" (a person "heeft").
_BEING_AFTER = re.compile(r"[^\S\n]+(?:is|was)(?![\w])")


def _auxiliary_after(text: str, pos: int, word: str) -> bool:
    return bool(_AUXILIARY_AFTER.match(text, pos)) and not (
        word in TRADES and _BEING_AFTER.match(text, pos)
    )


_INITIAL_LETTERS = re.compile(r"[^A-Z]")
_LOWER_WORD = re.compile(r"(?<![\w'-])[a-zà-ÿ][a-zà-ÿ'-]{2,}(?![\w'-])")
_DIGIT_NEAR = re.compile(r"\d\s*$")


def detect_names(tokens: Tokens) -> Iterator[Hit]:
    """Find person names, with or without a title, that a reader could trace to someone."""
    text = tokens.text
    chains = (
        [(m.start(), m.end()) for m in NAME_LIKE_CHAIN.finditer(text)]
        if ("eijn" in text or "EIJN" in text or "roek" in text or "ROEK" in text)
        else []
    )
    no_client = no_client_reader(text)
    kept = [hit for hit in _all_names(tokens) if _names_a_client(text, hit, chains, no_client)]
    yield from kept
    for hit in recurring(text, kept):
        if _names_a_client(text, hit, chains, no_client):
            yield hit


def _names_a_client(
    text: str, hit: Hit, chains: list[tuple[int, int]], no_client: Callable[[Hit], bool]
) -> bool:
    if no_client(hit):  # "wethouder Mulder", "commissie-Van Dam", ...
        return False
    if any(s < hit.end and hit.start < e for s, e in chains):  # "albert heijn"
        return False
    return not ORG_TYPE_AFTER.match(text, hit.end)  # "de Visser Groep"


def _all_names(tokens: Tokens) -> Iterator[Hit]:
    text = tokens.text
    yield from _table_names(text)
    yield from _list_item_surnames(text)
    yield from _titled(text)
    yield from _initialled(text, tokens.capitals)
    yield from _after_relation(text)
    yield from _listed(text, tokens.capitals)
    yield from detect_name_forms(text, tokens.capitals)
    yield from detect_name_fields(text, tokens.capitals)
    if not CAP_TOKEN.search(text):
        yield from _lower_case(text)


# A markdown table with a column "Naam" or "Klant": its cells are names ("| de Boer | ... |").
_NAME_HEADER = gated(
    r"(?i:naam|namen|klant|klantnaam|cli[eë]nt|achternaam|voornaam|wie|gezinslid|persoon"
    r"|t\.?n\.?v\.?|ten[^\S\n]+name[^\S\n]+van|name|surname)"
)
_NAME_CELL = re.compile(rf"(?:{CAP_WORD}{SP})?{SURNAME}|{PARTICLE}{CAP_WORD}")
_INITIALLED_CELL = re.compile(rf"{INITIALS}[^\S\n]*{SURNAME}")
# As exports and payment screens write a name column (decision 0046): in capitals ("A. BAKKAL",
# "VAN ROSSUM P") or surname first ("Oosterhuis, P.J.").
_LISTED_CELL = re.compile(
    rf"(?:{INITIALS}[^\S\n]*)?{UPPER}(?:{UPPER}|['-])+(?:[^\S\n]{UPPER}(?:{UPPER}|['-])*){{0,3}}"
    rf"(?:[^\S\n]?{INITIALS})?"
    rf"|{SURNAME},[^\S\n]?{INITIALS}"
)
# "- Pietersen: wacht op loonstroken": a surname that heads a list item.
_LIST_ITEM_SURNAME = re.compile(
    rf"^[^\S\n]*[-*•][^\S\n]+(?P<name>{SURNAME})[^\S\n]*(?::|,|[^\S\n][–-][^\S\n])",
    re.MULTILINE,
)


def _table_names(text: str) -> Iterator[Hit]:
    """Names in a table column headed "Naam" or "Klant"."""
    first_names, surnames = lexicon.first_names(), lexicon.surnames()
    for start, end, value in table_cells(text, _NAME_HEADER):
        words = [strip_possessive(word).lower() for word in value.split()]
        listed = any(w in first_names or w in surnames for w in words)
        if (
            (_NAME_CELL.fullmatch(value) and listed)
            or _INITIALLED_CELL.fullmatch(value)
            or _LISTED_CELL.fullmatch(value)
        ):
            yield Hit("name", start, end)


def _list_item_surnames(text: str) -> Iterator[Hit]:
    """Surnames that head a list item, followed by a colon or a dash."""
    for match in _LIST_ITEM_SURNAME.finditer(text):
        name = match.group("name")
        last = strip_possessive(name.split()[-1].split("-", 1)[0]).lower()
        if last in lexicon.surnames() and last not in lexicon.common_words():
            yield Hit("name", match.start("name"), match.end("name"))


def _lower_case(text: str) -> Iterator[Hit]:
    """Names in a text written without capitals: after a title or role, or listed first names."""
    surnames, first_names = lexicon.surnames(), lexicon.first_names()
    common, ambiguous = lexicon.common_words(), lexicon.ambiguous_first_names()
    for match in _LOWER_TITLED.finditer(text):
        word = match.group("word").split("-", 1)[0]
        first = word in first_names and word not in ambiguous
        if word in surnames or (first and (not match.group("particle") or word not in common)):
            yield Hit("name", match.start("name"), match.end("name"))
    for match in _LOWER_SURNAME_OPENS.finditer(text):
        word = match.group("word")
        if (
            word in surnames
            and word not in TRADES
            and (match.group("particle") or word not in common)
        ):
            yield Hit("name", match.start("name"), match.end("name"))
    for match in _LOWER_WORD.finditer(text):
        word = match.group()
        if (
            word in first_names
            and word not in ambiguous
            and word not in common
            and not _DIGIT_NEAR.search(text, max(0, match.start() - 3), match.start())
        ):
            yield Hit("name", match.start(), match.end())


def _is_word(word: str) -> bool:
    """Tell whether a capitalised word is an ordinary word, a place or an organisation."""
    key = strip_possessive(word).lower()
    return (
        key in lexicon.common_words()
        or key in lexicon.context_organisations()
        or key in lexicon.small_places()
    )


def _plausible_surname(surname: str) -> bool:
    """Accept "de Boer" or "Öztürk", but not "het Sociaal" or an ordinary capitalised word."""
    particle = _LEADING_PARTICLE.match(surname)
    first = surname[particle.end() if particle else 0 :].split("-", 1)[0]
    if particle and strip_possessive(first).lower() in lexicon.surnames():
        return True
    return not _is_word(first)


# A title and initials with no surname after them: "voor dhr. J.K. is een bewindvoerder".
_TITLED_INITIALS = gated(
    rf"(?<![\w])(?i:meneer|mevrouw|mevr\.?|mw\.?|dhr\.?|de\s+heer|fam\.)[^\S\n]*"
    rf"(?P<name>(?-i:[A-Z]\.){{2,4}})(?![^\S\n]*(?:{UPPER}|{PARTICLE}))"
)


def _titled(text: str) -> Iterator[Hit]:
    """Names after a title: "mevrouw El Amrani", "dhr. J. van der Berg", "dhr. J.K."."""
    for match in _TITLED_INITIALS.finditer(text):
        yield Hit("name", match.start("name"), match.end("name"))
    for match in _TITLED.finditer(text):
        surname = match.group("surname")
        if (
            match.group("initials")
            or _LEADING_PARTICLE.match(surname)
            or _plausible_surname(surname)
            or strip_possessive(surname.split("-", 1)[0]).lower() in lexicon.surnames()
        ):
            yield Hit("name", match.start("name"), match.end("name"))


def _initialled(text: str, capitals: tuple[int, ...]) -> Iterator[Hit]:
    """Names with initials: "J. de Vries", "P.J. ter Horst", not "A. Situatie"."""
    for match in finditer_at(_INITIALLED, text, capitals):
        surname = match.group("surname")
        known = strip_possessive(surname.split("-", 1)[0]).lower() in lexicon.surnames()
        several = match.group("initials").count(".") > 1
        if not _plausible_surname(surname) and not (
            # a listed surname that is also a word: "T.M. Bos", "J. Vos, 010-2389012"
            known
            and (several or _PHONE_AFTER.match(text, match.end("surname")))
            and _INITIAL_LETTERS.sub("", match.group("initials")) not in ABBREVIATED_INITIALS
        ):
            continue
        has_particle = bool(_LEADING_PARTICLE.match(surname))
        signed = _PHONE_AFTER.match(text, match.end("surname")) or _SIGNATURE_END.match(
            text, match.end("surname")
        )
        if known or several or has_particle or signed or not at_sentence_start(text, match.start()):
            yield Hit("name", match.start(), match.end("surname"))


# After a child's diminutive a capitalised word is a name even when it is also a word:
# children are called Wolf, Storm or Sky ("haar zoontje Wolf"); a place or an organisation
# is still not one.
_CHILD_WORD = re.compile(r"(?i:zoontje|dochtertje|kindje|broertje|zusje|neefje|nichtje|kleintje)")


# Where _AFTER_RELATION can start (decision 0064): its look-ahead reads a word (or two, with
# one space or hyphen between), maybe a comma, spaces and a capital. Found from the capital and
# read back, in the reversed text, to the start of the word, or of the word before it.
_SPACE_CAPITAL = re.compile(rf"\s{UPPER}")
_WORDS_BACK = re.compile(r"\s+,?(?P<last>[^\W\d_]+)(?:[\s-](?P<first>[^\W\d_]+))?")


def _relation_starts(text: str) -> list[int]:
    length = len(text)
    backwards = text[::-1]
    starts = set()
    for capital in _SPACE_CAPITAL.finditer(text):
        words = _WORDS_BACK.match(backwards, length - capital.end() + 1)
        if words:
            starts.add(length - words.end("last"))
            if words.group("first"):
                starts.add(length - words.end("first"))
    return sorted(starts)


_TITLE_WORDS = frozenset({"mr", "dr", "drs", "ir", "ing", "prof", "mw", "mevr", "dhr", "mej"})


def _after_relation(text: str) -> Iterator[Hit]:
    """Names introduced by a role or verb: "mijn klant Jan", "zij heet Fatima"."""
    for match in finditer_at(_AFTER_RELATION, text, _relation_starts(text)):
        first = strip_possessive(match.group("first")).lower()
        if first in _TITLE_WORDS:
            continue  # "client Mr. Dimitrov": the title's name is _titled's
        if _is_word(match.group("first")) and not (
            _CHILD_WORD.match(match.group())
            and first not in lexicon.small_places()
            and first not in lexicon.context_organisations()
        ):
            continue
        end = match.end("first")
        rest = match.group("rest")
        if rest and _plausible_surname(rest.strip()):
            end = match.end("rest")
        yield Hit("name", match.start("first"), end)


def _listed(text: str, capitals: tuple[int, ...]) -> Iterator[Hit]:
    """Names from the first-name and surname lists, with the surname that follows."""
    first_names = lexicon.first_names()
    ambiguous = lexicon.ambiguous_first_names()
    surnames = lexicon.surnames()
    common = lexicon.common_words()
    for token in finditer_at(CAP_TOKEN, text, capitals):
        word = strip_possessive(token.group()).lower()
        start = token.start()
        if word in first_names:
            end = _surname_end(text, token.end())
            unsure = word in ambiguous or word in common
            acting = _PERSON_VERB_AFTER.match(text, token.end())
            if end is None and unsure and at_sentence_start(text, start) and not acting:
                continue
            yield Hit("name", start, end or token.end())
        elif word in surnames:
            particle = _PARTICLE_BEFORE.search(text, max(0, start - 12), start)
            mid_sentence = not at_sentence_start(text, start)
            if particle:
                p_start = particle.start("particle")
                capital = particle.group("particle")[0].isupper()
                if (
                    (capital and not at_sentence_start(text, p_start))
                    or word not in common
                    or _PERSON_VERB_AFTER.match(text, token.end())
                ):
                    yield Hit("name", p_start, token.end())
            elif (mid_sentence and word not in common and not _place_suffix(text, token.end())) or (
                not mid_sentence
                and (
                    _PERSON_VERB_AFTER.match(text, token.end())
                    or (word not in common and _auxiliary_after(text, token.end(), word))
                )
            ):
                yield Hit("name", start, token.end())


def _place_suffix(text: str, pos: int) -> bool:
    """Tell whether "-Oost" or another ordinary word is hyphenated on ("Wijk-Oost")."""
    match = _HYPHENATED_WORD.match(text, pos)
    return bool(match) and match.group(1).lower() in lexicon.common_words()


def _surname_end(text: str, pos: int) -> int | None:
    """Return where the surname after a first name ends, or None if none follows."""
    match = _SURNAME_AFTER.match(text, pos)
    if match and _plausible_surname(match.group("surname")):
        return match.end()
    return None
