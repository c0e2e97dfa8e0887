"""Names in the forms hurried notes and pasted lists write them (decision 0042).

- a surname before its initials, as lists and exports sort people: "Kaya, E.", "Bakker, J.P.";
- a genitive before a relative: "Jansens dochter", "Peters moeder";
- a first name with an age in brackets, as household lists have it: "Noor (9), Sem (6)";
- a surname whose particle can only be a name's, also opening a sentence: "Van 't Hof heeft",
  "Van der Meer belde" ("Van de week" is no name: "van de" alone stays a plain phrase);
- a name after a mistyped honorific: "mevruow Kortelnig", "menner Bos";
- a name in any case after "heet": "de klant heet de bruin";
- a listed surname in lower case after an honorific: "klant mevrouw harmsen komma" (0082).

Decision 0082 adds:
- a surname before its initials in capitals too, as registers print it: "JANSSEN, M.A.G.";
- a cell of an exported row (cells split by ";", "|", tabs or commas) holding a surname and its
  initials, with or without dots and comma, or a surname and a first name: "Dijkstra T",
  "VAN ROSSUM P", "Pietersen, G", "Yildiz, Mert";
- initials before a surname in capitals: "H.J. KLAASSEN", "M.C. DE BRUIJN";
- a name with its relation in brackets, or a relation with the name in brackets: "Omar
  (vader), Rasha (moeder)", "Smit (zijn huisgenoot)", "Jonge moeder (Kimberly)";
- the names a family word lists: "kinderen Lina, Yousef en Mariam";
- a surname whose particle opens a sentence, with a verb after it: "Ten Brinke heeft".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import repeat

from kenme.privacy import lexicon
from kenme.privacy.anchored import finditer_at, occurrences
from kenme.privacy.findings import Hit
from kenme.privacy.shapes import CAP_WORD, INITIALS, PARTICLE, SP, SURNAME, UPPER, gated

# Initials that start "A. de Vries" belong to the name after them, not to the word before.
# A register in capitals goes on in capitals after a wider gap: "JANSSEN, M.A.G.   GEB: …".
_REVERSED = re.compile(
    rf"(?<![\w'-])(?P<name>(?P<surname>{CAP_WORD}|(?P<caps>{UPPER}{{2,}})(?![\w'])),[^\S\n]?"
    rf"{INITIALS})(?![^\W\d_])"
    rf"(?(caps)(?![^\S\n]?(?:{UPPER}|{PARTICLE}))|(?![^\S\n]*(?:{UPPER}|{PARTICLE})))"
)
_RELATIVES = (
    r"dochter|zoon|moeder|vader|vrouw|man|partner|vriend|vriendin|broer|zus|ouders|kinderen"
    r"|kind|oma|opa|ex|zoontje|dochtertje|schoonmoeder|schoonvader|oom|tante|neef|nicht"
)
_GENITIVE = re.compile(rf"(?<![\w'-])(?P<name>{CAP_WORD})(?={SP}(?i:{_RELATIVES})(?![\w-]))")
_WITH_AGE = re.compile(
    rf"(?<![\w'-])(?P<name>{CAP_WORD})(?=[^\S\n]?\(\d{{1,2}}(?:[^\S\n]?(?:jr|jaar))?\))"
)
_NAME_PARTICLE = re.compile(
    rf"(?<![\w'-])(?P<name>(?:Van{SP}(?:der|den|'t|’t)|Op{SP}(?:den|ten|'t)|Uit{SP}den"
    rf"|In{SP}'t|Vander|Vanden){SP}{CAP_WORD}(?:-{SURNAME})?)"
)
# A word of five to eight letters one typing slip from "mevrouw" or "meneer", then a name.
_TITLE_LIKE = gated(rf"(?<![\w])(?i:m[a-z]{{4,7}})\.?{SP}(?P<name>{SURNAME})")
_TITLES = ("mevrouw", "meneer")
_HEET = gated(
    r"(?<![\w])(?i:hij|zij|ze|klant|cli[eë]nt|cliënte|vriend|vriendin|partner|man|vrouw|zoon"
    r"|dochter)[^\S\n]+(?i:heet|heette)[^\S\n]+(?P<name>(?P<particle>(?:van[^\S\n]+)?(?:de[nr]?"
    r"|ter|el|al)[^\S\n]+)?(?P<word>[^\W\d_][\w'-]+))"
)

# A relation in brackets after a name, or a name in brackets after a relation.
_BRACKET_KIN = (
    rf"(?:{_RELATIVES}|huisgenoot|buurman|buurvrouw|echtgenoot|echtgenote|stiefvader"
    rf"|stiefmoeder|stiefzoon|stiefdochter|ex-partner|klant|cliënt|client|aanvrager|aanvraagster)"
)
# Both found from the bracket (a literal, found fast), the words before it read back.
_NAME_BEFORE = re.compile(rf"(?<![\w'-])(?P<name>{CAP_WORD})[^\S\n]?$")
_KIN_INSIDE = re.compile(rf"\((?:(?:zijn|haar|de|mijn|hun)[^\S\n]+)?(?i:{_BRACKET_KIN})\)")
_KIN_BEFORE = re.compile(rf"(?<![\w'-])(?i:{_BRACKET_KIN})[^\S\n]?$")
_NAME_INSIDE = re.compile(rf"\((?P<name>{CAP_WORD}(?:{SP}{SURNAME})?)\)")
# A family word and the names it lists: "kinderen Lina, Yousef en Mariam"; found from the
# family word in the lower-cased text.
_KIN_WORDS = (
    "kinderen", "kleinkinderen", "kids", "zoons", "zonen", "dochters", "broers", "zussen",
    "gezinsleden",
)  # fmt: skip
_KIN_LIST = re.compile(
    rf"(?<![\w'-])(?i:kinderen|kids|zoons|zonen|dochters|broers|zussen|kleinkinderen"
    rf"|gezinsleden)[^\S\n]*:?[^\S\n]+(?P<names>{CAP_WORD}"
    rf"(?:(?:,[^\S\n]*|{SP}(?:en|&){SP}){CAP_WORD})+)"
)
_LISTED_WORD = re.compile(CAP_WORD)
# "Ten Brinke heeft", "Van Dam belde": a particle that opens a sentence, a surname, a verb.
_PARTICLE_OPENS = re.compile(
    rf"(?<![\w'-])(?P<name>(?:Ten|Ter|Te|Van|Van{SP}de[nr]?|Van{SP}'t|In{SP}'t|Op{SP}de[nr]?)"
    rf"{SP}{CAP_WORD}(?:-{SURNAME})?)"
    rf"(?={SP}(?:heeft|had|is|was|wil|wilde|kan|kon|zegt|zei|belde|belt|mailde|mailt|komt|kwam"
    rf"|woont|woonde|werkt|werkte|vraagt|vroeg|meldt|meldde|weigert|weigerde)(?![\w]))"
)
# Initials and a surname in capitals, as addresses and registers print them.
_INITIALS_CAPS = re.compile(
    rf"(?<![\w.])(?P<name>(?P<initials>(?:{UPPER}\.[^\S\n]?){{1,4}})[^\S\n]*"
    rf"(?P<particle>(?:(?:VAN|DE|DER|DEN|TER|TEN|EL|AL|OP|IN|'T){SP}){{0,2}})"
    rf"(?P<surname>{UPPER}{{2,}}(?:-{UPPER}{{2,}})?))(?![\w'])"
)
# Initials that are abbreviations, not a person's: "N.B.", "P.S.", "A.U.B.".
ABBREVIATED_INITIALS = frozenset(
    {"NB", "PS", "AUB", "MBT", "IVM", "TAV", "ZSM", "OA", "ED", "BV", "NV", "CQ", "IE", "EG",
     "VS", "MVG", "GGZ", "VOF"}
)  # fmt: skip
# An exported row: two or more cells split by the same mark.
_ROW_MARKS = ";|\t"
_CELL_INITIALS = re.compile(
    rf"(?P<surname>(?:{PARTICLE}|(?:VAN|DE|TER|TEN|EL|AL)[^\S\n])?(?:{CAP_WORD}|{UPPER}{{2,}})"
    rf"(?:-(?:{CAP_WORD}|{UPPER}{{2,}}))?)(?:,[^\S\n]?|[^\S\n])(?:{UPPER}\.?[^\S\n]?){{1,4}}"
    rf"|(?P<last>{CAP_WORD}),[^\S\n]?(?P<first>{CAP_WORD})"
)

# A surname in lower case after an honorific, in a text that has capitals elsewhere: dictated
# and hurried notes ("klant mevrouw harmsen komma geboren ...").
_LOWER_AFTER_TITLE = gated(
    r"(?<![\w])(?i:mevr|mw|dhr|mevrouw|meneer|de\s+heer)\.?[^\S\n]+"
    r"(?P<name>(?P<particle>(?:van\s+(?:de[nr]?\s+)?|de\s+|ter\s+|el\s+|al\s+))?"
    r"(?P<word>[a-zà-ÿ][a-zà-ÿ']+))(?![\w-])"
)


_TITLE_WORDS = ("mevr", "mw", "dhr", "meneer")


def _lower_after_title(text: str, lower: str) -> Iterator[Hit]:
    surnames, common = lexicon.surnames(), lexicon.common_words()
    if len(lower) == len(text):  # tried only where a title starts: its word, or "de" + "heer"
        starts = {p for word in _TITLE_WORDS for p in occurrences(lower, word)}
        starts.update(
            p for p in map(_de_before, occurrences(lower, "heer"), repeat(lower)) if p >= 0
        )
        matches = finditer_at(_LOWER_AFTER_TITLE, text, sorted(starts))
    else:  # lower-casing moved the positions ("İ" -> "i̇")
        matches = _LOWER_AFTER_TITLE.finditer(text)
    for match in matches:
        word = match.group("word")
        if word in surnames and (match.group("particle") or word not in common):
            yield Hit("name", match.start("name"), match.end("name"))


def _de_before(heer: int, lower: str) -> int:
    """Where "de" starts before the spaces before "heer" at heer, or -1."""
    pos = heer
    while pos > 0 and lower[pos - 1].isspace():
        pos -= 1
    return pos - 2 if pos < heer and lower[pos - 2 : pos] == "de" else -1


def detect_name_forms(text: str, capitals: tuple[int, ...]) -> Iterator[Hit]:
    """Find names in the forms listed in the module's docstring; capitals are the positions
    of text's capitals (anchored.Tokens)."""
    first_names, surnames = lexicon.first_names(), lexicon.surnames()
    starts = capitals  # each pattern but the last two starts with a capital
    for match in finditer_at(_REVERSED, text, starts):
        if _listed(match.group("surname"), surnames, first_names):
            yield Hit("name", match.start("name"), match.end("name"))
    for match in finditer_at(_GENITIVE, text, starts):
        word = match.group("name")
        if word.endswith("s") and _listed(word[:-1], surnames, first_names):
            yield Hit("name", match.start("name"), match.end("name"))
    for match in finditer_at(_WITH_AGE, text, starts):
        if match.group("name").lower() in first_names:
            yield Hit("name", match.start("name"), match.end("name"))
    for match in finditer_at(_NAME_PARTICLE, text, starts):
        yield Hit("name", match.start("name"), match.end("name"))
    for match in _TITLE_LIKE.finditer(text):
        word = match.group().split(None, 1)[0].rstrip(".").lower()
        slip = word not in _TITLES and any(_one_slip(word, title) for title in _TITLES)
        if slip and _unlike_a_word(match.group("name").split("-")[0], surnames, first_names):
            yield Hit("name", match.start("name"), match.end("name"))
    for match in _HEET.finditer(text):
        word = match.group("word").lower()
        listed = word in surnames or word in first_names
        if match.group("particle") or (listed and word not in lexicon.common_words()):
            yield Hit("name", match.start("name"), match.end("name"))
    lower = text.lower()
    yield from _kin(text, starts, lower)
    yield from _lower_after_title(text, lower)
    yield from _capitals_and_rows(text, capitals, surnames, first_names)


def _kin(text: str, starts: tuple[int, ...], lower: str) -> Iterator[Hit]:
    """Names with a relation in brackets, listed after a family word, or after a particle that
    opens a sentence, with a verb after them."""
    common = lexicon.common_words()
    for bracket in occurrences(text, "("):
        window = max(0, bracket - 40)
        if _KIN_INSIDE.match(text, bracket):
            found = _NAME_BEFORE.search(text, window, bracket)
        elif _KIN_BEFORE.search(text, window, bracket):
            found = _NAME_INSIDE.match(text, bracket)
        else:
            continue
        if found and found.group("name").split()[0].lower() not in common:
            yield Hit("name", found.start("name"), found.end("name"))
    kin_lists = (
        finditer_at(_KIN_LIST, text, sorted({p for w in _KIN_WORDS for p in occurrences(lower, w)}))
        if len(lower) == len(text)  # else lower-casing moved the positions ("İ" -> "i̇")
        else _KIN_LIST.finditer(text)
    )
    for match in kin_lists:
        for word in _LISTED_WORD.finditer(text, match.start("names"), match.end("names")):
            if word.group().lower() not in common:
                yield Hit("name", word.start(), word.end())
    particles = [pos for pos in starts if text[pos] in "TVIO"]  # Ten, Van, In 't, Op den
    for match in finditer_at(_PARTICLE_OPENS, text, particles):
        last = match.group("name").rsplit(None, 1)[-1].split("-")[0].lower()
        if last not in common and last not in lexicon.context_organisations():
            yield Hit("name", match.start("name"), match.end("name"))


def _capitals_and_rows(
    text: str, capitals: tuple[int, ...], surnames: frozenset[str], first_names: frozenset[str]
) -> Iterator[Hit]:
    """Initials before a surname in capitals, and names in the cells of exported rows."""
    common = lexicon.common_words()
    initials = [pos for pos in capitals if text[pos + 1 : pos + 2] == "."]
    for match in finditer_at(_INITIALS_CAPS, text, initials):
        initials = match.group("initials").replace(".", "").replace(" ", "")
        surname = match.group("surname").split("-")[0].lower()
        if initials in ABBREVIATED_INITIALS or surname in common:
            continue
        if surname in surnames or match.group("particle") or len(initials) > 1:
            yield Hit("name", match.start("name"), match.end("name"))
    for line in _row_lines(text):
        yield from _row_cells(text, *line, surnames, first_names)


def _row_lines(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, mark) of the lines with at least two of one row mark; commas count only
    as a CSV writes them, with no space after."""
    marks = [mark for mark in _ROW_MARKS if text.count(mark) >= 2]
    csv = text.count(",") - text.count(", ") >= 2
    if not (marks or csv):
        return
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        for mark in marks:
            if line.count(mark) >= 2:
                yield start, end, mark
                break
        else:
            if csv and line.count(",") - line.count(", ") >= 2:
                yield start, end, ","
        start = end + 1


def _row_cells(
    text: str,
    start: int,
    end: int,
    mark: str,
    surnames: frozenset[str],
    first_names: frozenset[str],
) -> Iterator[Hit]:
    """Cells of one row that hold a listed surname and initials, or a surname and first name."""
    pos = start
    for cell in text[start:end].split(mark):
        value = cell.strip()
        if value:
            left = pos + cell.index(value)
            match = _CELL_INITIALS.fullmatch(text, left, left + len(value))
            if match and _cell_is_a_name(match, surnames, first_names):
                yield Hit("name", left, left + len(value))
        pos += len(cell) + 1


def _cell_is_a_name(
    match: re.Match[str], surnames: frozenset[str], first_names: frozenset[str]
) -> bool:
    if match.group("last"):
        return match.group("last").lower() in surnames and match.group("first").lower() in (
            first_names
        )
    last = match.group("surname").split()[-1].split("-")[0].lower()
    return last in surnames and last not in lexicon.common_words()


def _listed(word: str, surnames: frozenset[str], first_names: frozenset[str]) -> bool:
    """Tell whether a word is a listed surname or first name."""
    return word.lower() in surnames or word.lower() in first_names


def _unlike_a_word(word: str, surnames: frozenset[str], first_names: frozenset[str]) -> bool:
    """Tell whether a capitalised word can be a name: listed, or no ordinary word."""
    key = word.lower()
    return _listed(word, surnames, first_names) or (
        len(key) > 3 and key not in lexicon.common_words()
    )


def _one_slip(word: str, target: str) -> bool:
    """Tell whether word is target with one letter dropped, added, changed or two swapped."""
    if abs(len(word) - len(target)) > 1 or word == target:
        return False
    if len(word) == len(target):
        diff = [i for i in range(len(word)) if word[i] != target[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and word[diff[0]] == target[diff[1]]
            and word[diff[1]] == target[diff[0]]
        )
    short, long_ = sorted((word, target), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))
