"""Names in the forms hurried notes and pasted lists write them (decision 0042).

- a surname before its initials, as lists and exports sort people: "Kaya, E.", "Bakker, J.P.";
- a genitive before a relative: "Jansens dochter", "Peters moeder";
- a first name with an age in brackets, as household lists have it: "Noor (9), Sem (6)";
- a surname whose particle can only be a name's, also opening a sentence: "Van 't Hof heeft",
  "Van der Meer belde" ("Van de week" is no name: "van de" alone stays a plain phrase);
- a name after a mistyped honorific: "mevruow Kortelnig", "menner Bos";
- a name in any case after "heet": "de klant heet de bruin".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kenme.privacy import lexicon
from kenme.privacy.anchored import finditer_at
from kenme.privacy.findings import Hit
from kenme.privacy.shapes import CAP_WORD, INITIALS, PARTICLE, SP, SURNAME, UPPER, gated

# Initials that start "A. de Vries" belong to the name after them, not to the word before.
_REVERSED = re.compile(
    rf"(?<![\w'-])(?P<name>(?P<surname>{CAP_WORD}),[^\S\n]?{INITIALS})"
    rf"(?![^\W\d_])(?![^\S\n]*(?:{UPPER}|{PARTICLE}))"
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
