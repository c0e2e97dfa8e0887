"""Detector for exact ages of a person, leaving age ranges and durations alone."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kenme.privacy import lexicon
from kenme.privacy.anchored import Tokens, finditer_at
from kenme.privacy.findings import Hit
from kenme.privacy.shapes import gated

_I = re.IGNORECASE

_PERSON_NOUNS = (
    r"man|vrouw|jongen|meisje|zoon|dochter|kind|klant|cli[eë]nt|moeder|vader|broer|zus|baby|"
    r"dame|heer|jongere|oudere|opa|oma|partner|student|scholier|kleinzoon|kleindochter|peuter|"
    r"puber|tiener|neef|nicht|oom|tante|weduwe|weduwnaar|aanvrager|aanvraagster|jongeman|"
    r"echtgenoot|echtgenote|vriend|vriendin|stiefzoon|stiefdochter|pleegkind|dochtertje|zoontje|"
    r"ouder|alleenstaande|huurder|statushouder|bewoner|vluchteling|meneer|mevrouw"
)
_AGE_JARIGE = re.compile(r"\d(?<![\w-]\d)\d{0,2}-jarige(?![\w])(?!\s+leeftijd)", _I)
_AGE_JAAR_OUD = re.compile(r"\d(?<![\w,.]\d)\d{0,2}\s+(?:jaar|jr\.?)\s+oud\b", _I)
# "is", "was", "wordt" … before an age, in digits (below) or in words (further down).
_IS_VERB = r"\b(?:is|was|wordt|werd|ben|bent)\s+"
_AGE_IS = gated(
    _IS_VERB + r"(?:nu\s+|al\s+|bijna\s+|pas\s+|net\s+|inmiddels\s+"
    r"|volgende\s+(?:week|maand)\s+|volgend\s+jaar\s+|binnenkort\s+|toen\s+)?"
    r"(?P<n>\d{1,3})(?P<jaar>\s+jaar)?(?![\w,.]\d|\d)",
    _I,
)
# Anchored on "van N" (cheap to find); the person noun before it is checked afterwards.
# "van 18 tot 21 jaar", "van 18-27": an age range in a rule, not someone's age.
_RANGE_AFTER = r"(?!\s*(?:tot|t/m|à|-|en|of)\s*(?:de\s+)?(?:\d|aow))"
_AGE_OF_PERSON = re.compile(
    rf"\bvan\s+(?P<n>\d{{1,3}})(?:\s+jaar)?(?![\w,.]\d|\d)(?!\s+(?:euro|%)){_RANGE_AFTER}", _I
)
# "Meneer Jansen van 63", "mevrouw El Idrissi van 41": an honorific and a name before "van N".
_HONORIFIC_NAME_BEFORE = gated(
    r"\b(?:meneer|mevrouw|mevr\.?|dhr\.?|mw\.?|de\s+heer)\s+(?:[A-Za-z'-]+\s+){0,2}"
    r"[A-Z][\w'-]+\s*$",
    _I,
)
_AGE_BECAME = re.compile(
    r"(?P<n>\d(?<![\w,.]\d)\d{0,2})\s+(?:jaar\s+)?(?:(?:is|was)\s+geworden|wordt|werd)\b", _I
)
_AGES_OF_CHILDREN = gated(
    r"\b(?:kinderen|zonen|dochters|jongens|meisjes|kleinkinderen|tweeling)\s+van\s+"
    r"(?P<n>\d{1,2}(?:\s*,\s*\d{1,2})*\s+en\s+\d{1,2})(?:\s+jaar)?(?![\w,.]\d|\d)",
    _I,
)
_AGE_LABEL = re.compile(
    r"\bleeftijd(?:\s+(?:klant|cli[eë]nt|aanvrager|partner|kind))?\s*:\s*(?P<n>\d{1,3})(?!\d)"
    # "- moeder: 39 jaar" in a list of a household
    rf"|\b(?:{_PERSON_NOUNS})\s*:\s*(?P<m>\d{{1,3}})\s*(?:jaar|jr)\b",
    _I,
)
_AGE_BRACKETS = re.compile(r"\((?P<n>\d{1,3})(?:\s*(?:jaar|jr\.?|j\.?))?\)", _I)
# A list of a household: "- vader Hamid, 44" or "- moeder Leila, 39" (an age ends the line).
_AGE_LIST_ITEM = gated(
    rf"\b(?:{_PERSON_NOUNS})[^\S\n]+(?P<who>[A-Za-zÀ-ÿ'-]+)(?:[^\S\n]+[A-Za-zÀ-ÿ'-]+){{0,2}},[^\S\n]*"
    r"(?P<n>\d{1,3})[^\S\n]*(?=$|[;)])",
    re.IGNORECASE | re.MULTILINE,
)
# The two patterns above start with a long list of nouns, which the regex engine tries at
# every position; they are only tried near what they must end with (a colon and a number; a
# comma, a number and the end of a line), which is rare and cheap to find.
_LABEL_ANCHOR = re.compile(r":\s*\d{1,3}(?!\d)")
_LIST_ITEM_ANCHOR = re.compile(r",[^\S\n]*\d{1,3}[^\S\n]*(?=$|[;)])", re.MULTILINE)
_AGE_APPOSITION = re.compile(r",\s*(?P<n>\d{1,3})\s+(?:jaar|jr\.?)\s*[,)]", _I)
# "Thijs Koopmans, 23, werkt …": a bare number between commas right after a full name.
_NAME_AGE_APPOSITION = re.compile(
    r"(?<![\w])(?P<first>[A-Z][a-zà-ÿ'-]+)[^\S\n]+(?:[a-z]+[^\S\n]+){0,2}[A-Z][a-zà-ÿ'-]+,[^\S\n]*"
    r"(?P<n>\d{1,3}),"
)
# "dhr koç 58 jr", "Meneer Jansen 63 jaar": an age right after a title and a name.
_AGE_AFTER_NAME = re.compile(r"(?<![\w.,])(?P<n>\d{1,3})\s*(?:jaar|jr\.?|j)(?!\w)", _I)

_DURATION_AFTER = re.compile(
    r"\s+(?:geleden|lang|getrouwd|samen|gescheiden|werkzaam|werkloos|in\s+dienst|in\s+de|"
    r"bij|op|uit|met|zonder|bijstand|in|aan|ingeschreven|bezig|actief|ziek)\b",
    _I,
)
_NOT_PERSON_BEFORE = gated(
    r"(?:leeftijd|grens|norm|termijn|periode|duur|looptijd|maximum|minimum|verjaring\w*)\s*$",
    _I,
)
_PERSON_BEFORE = gated(
    rf"\b(?:hij|zij|ze|ik|u|klant|cli[eë]nt|meneer|mevrouw|{_PERSON_NOUNS})\b", _I
)
_PERSON_NOUN_BEFORE = gated(rf"\b(?:{_PERSON_NOUNS})\s*$", _I)
_BECAME_AFTER = re.compile(r"\s+(?:jaar\s+)?geworden\b", _I)
_CLAUSE_END = re.compile(r"\s*(?:[,.;)!?]|$)|\s+en\b")


# An article reference close by makes an age part of a rule: "nadat hij 21 werd (art. 22a Pw)".
_ARTICLE_NEAR = re.compile(r"\b(?:art(?:ikel|t)?\.?\s*\d+\w?|lid\s+\d+)", _I)
_ARTICLE_WINDOW = 40


def detect_ages(tokens: Tokens) -> Iterator[Hit]:
    """Find exact ages of a person, leaving ages next to an article reference alone."""
    text = tokens.text
    for hit in _detect_ages(tokens):
        window = text[max(0, hit.start - _ARTICLE_WINDOW) : hit.end + _ARTICLE_WINDOW]
        if not _ARTICLE_NEAR.search(window):
            yield hit


def _detect_ages(tokens: Tokens) -> Iterator[Hit]:
    """Find exact ages of a person ("is 34 jaar", "58-jarige", "Zoë (16)"), not age ranges."""
    text = tokens.text
    # The patterns that start with a number are tried where one starts (decision 0064).
    starts = tokens.numbers
    for match in finditer_at(_AGE_JARIGE, text, starts):
        yield Hit("age_exact", match.start(), match.end())
    for match in finditer_at(_AGE_JAAR_OUD, text, starts):
        if _PERSON_BEFORE.search(_sentence_before(text, match.start())):
            yield Hit("age_exact", match.start(), match.end())
    for match in _AGE_OF_PERSON.finditer(text):
        if _PERSON_NOUN_BEFORE.search(
            text, max(0, match.start() - 20), match.start()
        ) or _HONORIFIC_NAME_BEFORE.search(text, max(0, match.start() - 40), match.start()):
            yield Hit("age_exact", match.start("n"), match.end())
    for match in _AGES_OF_CHILDREN.finditer(text):
        yield Hit("age_exact", match.start("n"), match.end())
    for match in finditer_at(_AGE_BECAME, text, starts):
        if _PERSON_BEFORE.search(_sentence_before(text, match.start())):
            yield Hit("age_exact", match.start("n"), match.end("n"))
    for match in _near(_LABEL_ANCHOR, _AGE_LABEL, text, 40, 40):
        group = "n" if match.group("n") else "m"
        yield Hit("age_exact", match.start(group), match.end(group))
    for match in _AGE_IS.finditer(text):
        if _is_age_statement(text, match):
            yield Hit("age_exact", match.start("n"), match.end())
    for match in _AGE_BRACKETS.finditer(text):
        before = text[max(0, match.start() - 40) : match.start()]
        if int(match.group("n")) <= 110 and _person_word_before(before):
            yield Hit("age_exact", match.start("n"), match.end("n"))
    for match in _near(_LIST_ITEM_ANCHOR, _AGE_LIST_ITEM, text, 90, 1):
        who = match.group("who")
        named = who[0].isupper() or who.lower() in lexicon.first_names()
        if named and int(match.group("n")) <= 110:
            yield Hit("age_exact", match.start("n"), match.end("n"))
    for match in finditer_at(_NAME_AGE_APPOSITION, text, tokens.capitals):
        if int(match.group("n")) <= 110 and match.group("first").lower() in lexicon.first_names():
            yield Hit("age_exact", match.start("n"), match.end("n"))
    yield from _ages_in_words(text)
    for match in finditer_at(_AGE_AFTER_NAME, text, starts):
        if not _DURATION_AFTER.match(text, match.end()) and _HONORIFIC_NAME_BEFORE.search(
            text, max(0, match.start() - 40), match.start()
        ):
            yield Hit("age_exact", match.start(), match.end())
    for match in _AGE_APPOSITION.finditer(text):
        if not _NOT_PERSON_BEFORE.search(text, max(0, match.start() - 30), match.start()):
            yield Hit("age_exact", match.start("n"), match.end() - 1)


def _near(
    anchor: re.Pattern[str], pattern: re.Pattern[str], text: str, before: int, after: int
) -> Iterator[re.Match[str]]:
    """Matches of pattern that start at most `before` characters before an anchor and end at
    most `after` characters after it, each once, without overlap (as finditer would)."""
    taken = 0
    for spot in anchor.finditer(text):
        start = max(taken, spot.start() - before)
        for match in pattern.finditer(text, start, min(len(text), spot.end() + after)):
            taken = match.end()
            yield match


# "mw ouali (44)" in a note without capitals: a title before the word makes it a name.
_TITLE_BEFORE_WORD = re.compile(r"\b(?:mevr|mw|dhr|meneer|mevrouw)\.?\s+[\w'-]+\s*$", _I)


def _person_word_before(before: str) -> bool:
    """Tell whether the word before "(N)" is a name or a person noun, not an abbreviation."""
    words = before.split()
    if not words:
        return False
    word = words[-1]
    if _PERSON_NOUN_BEFORE.search(word) or _TITLE_BEFORE_WORD.search(before):
        return True
    return word[:1].isupper() and not word.isupper() and word.replace("-", "").isalpha()


def _is_age_statement(text: str, match: re.Match[str]) -> bool:
    """Tell "de klant is 34 jaar" (an age) from "is 3 jaar getrouwd" (a duration)."""
    age = int(match.group("n"))
    if age > 110:
        return False
    end = match.end()
    sentence = _sentence_before(text, match.start())
    if _NOT_PERSON_BEFORE.search(sentence) or not _PERSON_BEFORE.search(sentence):
        return False
    if _BECAME_AFTER.match(text, end):
        return True  # "is 27 geworden"
    if match.group("jaar"):
        return not _DURATION_AFTER.match(text, end)
    # Without "jaar" only "wordt 27," or "is 34." count: a bare number at the end of a clause.
    return bool(_CLAUSE_END.match(text, end))


def _sentence_before(text: str, pos: int) -> str:
    """Return the text from the start of the sentence up to pos (at most 80 characters)."""
    start = max(0, pos - 80)
    chunk = text[start:pos]
    cut = max(chunk.rfind(". "), chunk.rfind("? "), chunk.rfind("! "), chunk.rfind("\n"))
    return chunk[cut + 1 :] if cut >= 0 else chunk


# Ages written in words, as dictated notes have them: "zesenvijftig jaar oud", "hij is net
# negentien", "Jurgen Isenia, negentien, net over uit Bonaire".
_UNITS_WORDS = r"een|één|twee|drie|vier|vijf|zes|zeven|acht|negen"
_TENS_WORDS = r"twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig"
_AGE_WORD = (
    rf"(?:(?:{_UNITS_WORDS})[eë]n(?:{_TENS_WORDS})|{_TENS_WORDS}|tien|elf|twaalf|dertien"
    r"|veertien|vijftien|zestien|zeventien|achttien|negentien|honderd)"
)
# Each is found from its cheap end ("jaar oud", a comma) and checked backwards from there.
# From the first space of a run only: tried at every space of a long run of them, "\s+"
# ran to its end each time (quadratic).
_JAAR_OUD = re.compile(r"(?<!\s)\s+jaar\s+oud\b", _I)
_AGE_WORD_BEFORE = re.compile(rf"(?<![\w])(?:{_AGE_WORD})$", _I)
_WORDS_IS = gated(
    _IS_VERB + r"(?:nu\s+|al\s+|bijna\s+|pas\s+|net\s+"
    rf"|inmiddels\s+)?(?P<n>{_AGE_WORD}(?:\s+jaar)?)(?=\s*(?:[,.;)!?]|$)|\s+en\b)",
    _I,
)
_COMMA_AGE_WORD = gated(rf",[^\S\n]*(?P<n>(?i:{_AGE_WORD})),")
_FULL_NAME_BEFORE = re.compile(
    r"(?<![\w])(?P<first>[A-Z][a-zà-ÿ'-]+)[^\S\n]+(?:[a-z]+[^\S\n]+){0,2}[A-Z][a-zà-ÿ'-]+$"
)


def _ages_in_words(text: str) -> Iterator[Hit]:
    """Exact ages written in words, in the same places as the ages in digits above."""
    for match in _JAAR_OUD.finditer(text):
        word = _AGE_WORD_BEFORE.search(text, max(0, match.start() - 30), match.start())
        if word and _PERSON_BEFORE.search(_sentence_before(text, word.start())):
            yield Hit("age_exact", word.start(), match.end())
    for match in _WORDS_IS.finditer(text):
        before = _sentence_before(text, match.start())
        if _PERSON_BEFORE.search(before) and not _NOT_PERSON_BEFORE.search(before):
            yield Hit("age_exact", match.start("n"), match.end("n"))
    for match in _COMMA_AGE_WORD.finditer(text):
        name = _FULL_NAME_BEFORE.search(text, max(0, match.start() - 60), match.start())
        if name and name.group("first").lower() in lexicon.first_names():
            yield Hit("age_exact", match.start("n"), match.end("n"))
