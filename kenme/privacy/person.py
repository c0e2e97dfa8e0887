"""Unknown identifier shapes near a person (decision 0032).

The other detectors recognise identifiers by their known shapes and labels ("klantnummer:",
"geboren", "...straat 12"). What a writer produces that is new slipped through. Here the
default is turned round inside a line about a person (a client word, a pronoun, a family word,
an honorific, initials and a surname, or a label such as "naam:"): a 6+ digit number or a code
of letters and digits is a client or document number unless it has a known non-personal shape
(an amount, an article or law reference, a year or range, a time, an organisation's service
number, a web address, an invoice or product code).

The scanner keeps these findings only where no other detector found anything (hard or soft):
they are a fallback, never a second reading of a known shape.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from stdnum.nl import bsn, identiteitskaartnummer

from kenme.privacy.anchored import Tokens
from kenme.privacy.citations import is_professional_number
from kenme.privacy.findings import Hit
from kenme.privacy.shapes import INITIALS, SURNAME, gated

_I = re.IGNORECASE

# Words that make a line about a person: the client, a pronoun, a relative, an honorific, a
# label of a form ("naam:", "geb.", "geboren", "geboortedatum"; not "gebaseerd", "gebouw",
# "gebruikers", "gebeurt"), a possessive of the first person (a client's own letter).
_PERSON_WORD = gated(
    r"\b(?:klant(?:e|en)?|cli[eë]nte?n?|meneer|mevrouw|mevr|mw|dhr|heer|hij|zij|hem"
    r"|zoon(?:tje)?|dochter(?:tje)?|kind(?:eren)?|moeder|vader|ouders?|partner|echtgeno\w*"
    r"|ex|aanvrager|aanvraagster|huurder|bewoner|cursist|deelnemer|belanghebbende|betrokkene"
    r"|jongere|vriend(?:in)?|broer|zus|opa|oma|gezin|fam|familie|eigenaar|werknemer|weduwe"
    r"|naam|geb(?:oren|oorte\w*|\.?datum)?|ik|mijn|wonende|woont|woonachtig|inwoner|burger|debiteur|schuldenaar)\b",
    _I,
)
# "ze", "zijn" and "haar" are person words only in a person's role (decision 0042): "ze" with
# a verb in the singular ("ze woont", "heeft ze": she, not they), "zijn" and "haar" before a
# noun (his, her) or "haar" as an object ("belde haar"). The verb "zijn" ("de kosten zijn
# 1250000 per jaar"), the plural "ze zijn/hebben", and "zijn"/"haar" of an organisation ("de
# gemeente en haar partners") do not make a line about a person.
_NOT_A_NOUN = (
    r"(?:de|het|een|'t|er|niet|geen|wel|ook|al|nog|dan|nu|dus|toch|zo|erg|heel|zeer|te|in|op"
    r"|van|voor|met|bij|naar|aan|over|uit|door|om|tot|onder|na|sinds|tegen|tussen|per|en|of"
    r"|maar|dat|die|wat|we|wij|ze|zij|jullie|hun|u|alle|allemaal|veel|weinig|meer|minder|vaak"
    r"|soms|altijd|nooit|daar|hier|waar|echt|inmiddels|vooral|ongeveer|circa|ca|bijna|gelijk"
    r"|nodig|bekend|hoger|lager|hoog|laag|duur|goedkoop|verplicht|verschuldigd|beschikbaar"
    r"|gebaseerd|opgenomen|vastgesteld|toegekend|verlaagd|verhoogd|berekend|betaald|bepaald)"
)
_SINGULAR_VERB = (
    r"(?:is|was|wil|wilde|kan|kon|mag|mocht|zal|zou|had|ging|kwam|zei|las|at|lag|zat|sliep"
    r"|(?!(?:niet|dat|het|met|wat|want|tot|toch|ooit|st)\b)[^\W\d_]+t)"
)
_ORGANISATION_OWNER = (
    r"(?:gemeente|organisatie|college|raad|overheid|dienst|instantie|corporatie|stichting"
    r"|afdeling|regio|provincie|rijksoverheid|bank|verzekeraar|werkgever|school|rechtbank)"
)
# Found by the word itself (a gate on z/h skips most positions), then its role is read from
# the words around it.
_WEAK_PERSON_WORD = gated(r"\b(?:ze|zijn|haar)\b", _I)
_SINGULAR_AFTER = re.compile(rf"[^\S\n]+{_SINGULAR_VERB}\b", _I)
_SINGULAR_BEFORE = re.compile(rf"\b{_SINGULAR_VERB}[^\S\n]+$", _I)
_NOUN_AFTER = re.compile(rf"[^\S\n]+(?!{_NOT_A_NOUN}\b)[^\W\d_]", _I)
_PARTICIPLE_AFTER = re.compile(r"[^\S\n]+ge[^\W\d_]+[dtn]\b", _I)
_ORGANISATION_BEFORE = gated(
    rf"\b{_ORGANISATION_OWNER}\w*[^\S\n]+(?:\w+[^\S\n]+)?(?:en[^\S\n]+)?$", _I
)


def _in_a_persons_role(text: str, match: re.Match[str], left: int) -> bool:
    """Tell whether "ze", "zijn" or "haar" at match stands for a person (see above)."""
    word, start, end = match.group().lower(), match.start(), match.end()
    if word == "ze":
        return bool(
            _SINGULAR_AFTER.match(text, end)
            or _SINGULAR_BEFORE.search(text, max(left, start - 20), start)
        )
    if _ORGANISATION_BEFORE.search(text, max(left, start - 40), start):
        return False
    return bool(
        _NOUN_AFTER.match(text, end) or (word == "haar" and _PARTICIPLE_AFTER.match(text, end))
    )


def _person_word_in(text: str, left: int, right: int) -> bool:
    """Tell whether text[left:right] holds a person word (a weak one only in a person's role)."""
    if _PERSON_WORD.search(text, left, right):
        return True
    return any(
        _in_a_persons_role(text, match, left)
        for match in _WEAK_PERSON_WORD.finditer(text, left, right)
    )


_INITIALLED_NAME = re.compile(rf"{INITIALS}[^\S\n]?{SURNAME}")
_LINE_WINDOW = 160
# A list item, a label line ("- geb.datum: …", "adres: …") or a short line (a PDF paste with
# broken lines, a form's values one per line): the person is named on the line above.
_SHORT_LINE = 40
_LABEL_LINE = re.compile(r"[ \t]*(?:[-*•>|]|\d+[.)]|[^\W\d_][\w. -]{0,20}:)")


def line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The line around a span, at most _LINE_WINDOW characters either side."""
    limit = max(0, start - _LINE_WINDOW)
    newline = text.rfind("\n", limit, start)
    left = newline + 1 if newline >= 0 else limit
    right = text.find("\n", end, end + _LINE_WINDOW)
    if right < 0:
        right = min(len(text), end + _LINE_WINDOW)
    return left, right


def about_person(text: str, start: int, end: int) -> bool:
    """Tell whether the span stands in a line about a person (or a list item under one)."""
    left, right = line_bounds(text, start, end)
    if _person_word_in(text, left, right) or _INITIALLED_NAME.search(text, left, right):
        return True
    # Only a real line has a line above: a window cut off mid-line (no line break within
    # _LINE_WINDOW) has none, and reading back to the text's start made long lines quadratic.
    if text[left - 1 : left] == "\n" and (
        _LABEL_LINE.match(text, left) or right - left <= _SHORT_LINE
    ):
        limit = max(0, left - 1 - _LINE_WINDOW)
        above = max(limit, text.rfind("\n", limit, left - 1) + 1)
        return bool(
            _person_word_in(text, above, left - 1) or _INITIALLED_NAME.search(text, above, left - 1)
        )
    return False


# A token: a run of letters, digits and the marks inside numbers and codes, standing alone.
_TOKEN = re.compile(r"(?<![\w@:/=?&#.,%€+-])[A-Za-z0-9][A-Za-z0-9./-]*[A-Za-z0-9](?![\w@:/=?&%])")
_MIN_DIGITS = 6
_MIN_CODE_DIGITS = 4
_MIN_CODE_CHARS = 6
_MAX_CHARS = 20

_QUANTITY = re.compile(r"\d+[a-z]{1,3}")
_PIECES = re.compile(r"[./-]")
_AMOUNT = re.compile(r"\d{1,3}(?:\.\d{3})+|\d+[.,]\d{1,2}")
_DATE_OR_RANGE = re.compile(
    r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"
    r"|(?:19|20)\d\d[-/](?:19|20)?\d\d|(?:19|20)\d\d[-/]\d{1,3}|\d{1,2}[.:]\d\d-\d{1,2}[.:]\d\d"
)
# A word and a year ("Wmo2015", "Wi2013", "COVID2020"): a law or programme, not a code.
_WORD_AND_YEAR = re.compile(r"[A-Za-z]{2,}-?(?:19|20)\d\d")
_DOCUMENT_WORD = gated(
    r"\b(?:paspoort\w*|id[- ]?kaart\w*|(?-i:ID)\b|identiteits\w*|rijbewijs\w*|verblijfs\w*"
    r"|reisdocument\w*"
    r"|vreemdelingendocument\w*|document\w*|legitimatie\w*|pas|vbv|vvr|id-bewijs)\b",
    _I,
)
_DOCUMENT_WORD_AFTER = gated(rf"[^\S\n]*[(\[,]?[^\S\n]*{_DOCUMENT_WORD.pattern}", _I)


def _is_document(text: str, token: str, start: int, end: int, left: int) -> bool:
    """A document's number: named before or right after it ("SM85NCI94 (vbv)"), or in the
    shape of a Dutch passport and ID-card number (two letters, six letters or digits, a digit,
    no O) with letters among its digits, which a client code does not have."""
    if _DOCUMENT_WORD.search(text, max(left, start - 60), start):
        return True
    if _DOCUMENT_WORD_AFTER.match(text, end):
        return True
    return _dutch_document_shape(token)


def _dutch_document_shape(token: str) -> bool:
    """Two capitals, six capitals or digits, mixed, then a digit, no O: a Dutch passport's or
    ID card's number since 2014 ("SM85NCI94", "NW8K1L2P4"); a client code has no letters
    among its digits."""
    middle = token[2:8]
    return (
        len(token) == 9
        and token.isupper()
        and any(c.isalpha() for c in middle)
        and any(c.isdigit() for c in middle)
        and identiteitskaartnummer.is_valid(token)
    )


def _is_candidate(token: str) -> bool:
    """Tell whether a token has the shape of a client or document number."""
    if len(token) > _MAX_CHARS:
        return False
    digits = sum(c.isdigit() for c in token)
    letters = sum(c.isalpha() for c in token)
    if letters == 0:
        if digits < _MIN_DIGITS or token[0] == "0":
            return False  # a number starting with 0 is a phone number's to judge
        return not (_AMOUNT.fullmatch(token) or _DATE_OR_RANGE.fullmatch(token) or _is_range(token))
    if _QUANTITY.fullmatch(token):
        return False  # "2000mg", "1500kwh": a quantity and its unit
    if _dutch_document_shape(token):
        return True  # "SM85NCI94": a passport or ID card, however few digits it has
    if digits < _MIN_CODE_DIGITS or digits + letters < _MIN_CODE_CHARS:
        return False
    if any(piece.isalpha() and len(piece) >= 4 for piece in _PIECES.split(token)):
        return False  # "0900-nummers", "2026-aanvragen": a word joined to a number
    alpha = "".join(c for c in token if c.isalpha())
    if not (alpha.isupper() or alpha.islower()):
        return False  # mixed case inside: a random token, a video id, a word
    return not _WORD_AND_YEAR.fullmatch(token)


_DIGIT = re.compile(r"\d")
_TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789./-")


# A label glued to its number ("kvk-nr.10000000", "rijbewijsnr.5013827460") is the label's
# reading, not part of a code: the token starts after it.
_GLUED_LABEL = re.compile(r"[A-Za-z][A-Za-z-]*\.(?=\d)")


def _tokens(text: str) -> Iterator[tuple[int, int, str]]:
    """The _TOKEN matches that hold a digit, as (start, end, token): found from their digits,
    since inside a run of token characters only its first character can start a token (every
    other one has a token character before it, which the look-behind refuses)."""
    next_free = 0
    for digits in _DIGIT.finditer(text):
        if digits.start() < next_free:
            continue
        left = digits.start()
        while left > 0 and text[left - 1] in _TOKEN_CHARS:
            left -= 1
        right = digits.end()
        while right < len(text) and text[right] in _TOKEN_CHARS:
            right += 1
        next_free = right
        if match := _TOKEN.match(text, left):
            start, end = match.span()
            if label := _GLUED_LABEL.match(text, start, end):
                start = label.end()
            yield start, end, text[start:end]


_RANGE = re.compile(r"(\d{1,4})[-/](\d{1,4})")


def _is_range(token: str) -> bool:
    """Tell "117-134" (pages, a count from-to) from a number in two groups."""
    match = _RANGE.fullmatch(token)
    return bool(match) and int(match.group(1)) < int(match.group(2))


def detect_unknown_numbers(tokens: Tokens) -> Iterator[Hit]:
    """Find numbers and letter-digit codes of unknown shape in a line about a person."""
    text = tokens.text
    for start, end, token in _tokens(text):
        if not _is_candidate(token) or _IBAN_SHAPE.fullmatch(token):
            continue  # an IBAN's shape is detect_invalid_iban's
        if is_professional_number(text, start, end) or _an_example_of_a_format(text, start):
            continue
        if not about_person(text, start, end):
            continue
        left, _right = line_bounds(text, start, end)
        document = _is_document(text, token, start, end, left)
        yield Hit("document_number" if document else "client_number", start, end)


# "krijgen een nummer van 9 cijfers (bijv. 109449000)": a number shown as an example of a
# format the sentence describes is nobody's.
_EXAMPLE_BEFORE = re.compile(
    r"\b(?:bijv|bv|b\.v|bijvoorbeeld|zoals|e\.g|vb)\.?[^\S\n]*:?[^\S\n]*$", _I
)
_FORMAT_WORDS = re.compile(
    r"\b(?:(?:van|met|uit)[^\S\n]+(?:\d+|een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien"
    r"|elf|twaalf)[^\S\n]+(?:cijfers|tekens|posities)|formaat|format|opbouw|notatie)\b",
    _I,
)


def _an_example_of_a_format(text: str, start: int) -> bool:
    if not _EXAMPLE_BEFORE.search(text, max(0, start - 16), start):
        return False
    left = text.rfind("\n", 0, start) + 1
    return bool(_FORMAT_WORDS.search(text, max(left, start - 120), start))


# An account number in the IBAN shape whose check digits fail (a typo, or made up): an IBAN
# all the same. Dutch shape, with or without separators between the groups.
_IBAN_SHAPE = re.compile(
    r"(?<![\w.-])[A-Za-z]{2}\d{2}[ .-]?[A-Za-z]{4}(?:[ .-]?\d){10}(?![\w])(?![.-]\d)"
)
# Found from the check digits on (a digit is rare, a letter is everywhere), then checked whole.
_IBAN_SHAPE_TAIL = re.compile(r"\d{2}[ .-]?[A-Za-z]{4}(?:[ .-]?\d){10}(?![\w])(?![.-]\d)")


def detect_invalid_iban(tokens: Tokens) -> Iterator[Hit]:
    """Find account numbers in the Dutch IBAN shape that fail the check (a fallback)."""
    text = tokens.text
    for tail in _IBAN_SHAPE_TAIL.finditer(text):
        match = _IBAN_SHAPE.match(text, max(0, tail.start() - 2))
        if match and match.end() == tail.end() and match.start() == tail.start() - 2:
            yield Hit("iban", match.start(), match.end())


# A number read out in words, as a dictated note has it: "nul zes een twee drie vier …".
_DIGIT_WORDS = {
    "nul": "0", "een": "1", "één": "1", "twee": "2", "drie": "3", "vier": "4", "vijf": "5",
    "zes": "6", "zeven": "7", "acht": "8", "negen": "9",
}  # fmt: skip
_DIGIT_WORD = "|".join(_DIGIT_WORDS)
# The separator has one way to match a run of spaces (two adjacent space runs made a long one
# quadratic); at most 41 words, since a run whose every word is followed by "-" ("nul- zes- …")
# is tried again from each of its words. A longer dictation is found in pieces.
_SPOKEN_NUMBER = gated(
    rf"(?<![\w-])(?:{_DIGIT_WORD})(?:(?:[^\S\n]*[,-])?[^\S\n]+(?:{_DIGIT_WORD})){{5,40}}(?![\w-])",
    _I,
)
_SPOKEN_SPLIT = re.compile(r"[\s,-]+")


def detect_spoken_numbers(tokens: Tokens) -> Iterator[Hit]:
    """Find numbers of six or more digits read out in words: a phone number when it starts
    with "nul", a BSN when nine digits pass the 11-proef, else a client number."""
    text = tokens.text
    for match in _SPOKEN_NUMBER.finditer(text):
        digits = "".join(_DIGIT_WORDS[w.lower()] for w in _SPOKEN_SPLIT.split(match.group()))
        if digits.startswith("0") and len(digits) >= 10:
            kind = "phone"
        elif len(digits) == 9 and bsn.is_valid(digits):
            kind = "bsn"
        else:
            kind = "client_number"
        yield Hit(kind, match.start(), match.end())
