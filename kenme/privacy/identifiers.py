"""Detectors for self-validating identifiers: BSN, IBAN and Dutch licence plates."""

from __future__ import annotations

import re
from collections.abc import Iterator

from stdnum import iban
from stdnum.nl import bsn

from kenme.privacy.anchored import Tokens, finditer_at, search_at
from kenme.privacy.citations import is_amount_or_count
from kenme.privacy.findings import Hit
from kenme.privacy.shapes import gated, table_cells

# Nine digits, optionally grouped with single spaces, dots, dashes or slashes ("1234.56.782");
# the number view (kenme.privacy.normalise) has made every other separator one of these.
# A letter may come right before ("bsn123456782"), a digit or a digit plus mark may not.
# The look-behinds sit after the first digit: a pattern that starts with \d lets the regex
# engine jump from digit to digit, which is several times faster on long texts.
_BSN = re.compile(r"\d(?<![\d_]\d)(?<!\d[.,/-]\d)(?:[ ./-]?\d){8}(?![\w])(?![.,/-]?\d)")

# Two letters, two check digits, then 11-30 alphanumerics in groups ("NL91 ABNA 0417 1643 00").
_IBAN = gated(r"(?<![\w])[A-Za-z][ ./-]?[A-Za-z][ ./-]?\d[ ./-]?\d(?:[ ./-]?[A-Za-z0-9]){11,30}")
_IBAN_HEAD = re.compile(r"[A-Za-z][ ./-]?[A-Za-z][ ./-]?\d[ ./-]?\d")

_SIDECODES = (
    "LL-DD-DD", "DD-DD-LL", "DD-LL-DD", "LL-DD-LL", "LL-LL-DD", "DD-LL-LL", "DD-LLL-D",
    "D-LLL-DD", "LL-DDD-L", "L-DDD-LL", "LLL-DD-L", "L-DD-LLL", "D-LL-DDD", "DDD-LL-D",
)  # fmt: skip


# Letters on plates issued since 1978: no vowels (no words), no C, M, Q, W or Y.
# Older plates (with vowels) are found when written in capitals, together or with dashes.
_PLATE_LETTERS = "BDFGHJKLNPRSTVXZbdfghjklnprstvxz"


def _sidecode_pattern(sep: str, letters: str = "A-Za-z") -> str:
    """Build an alternation of all sidecodes with the given separator pattern."""
    parts = []
    for code in _SIDECODES:
        groups = [
            "".join(f"[{letters}]" if ch == "L" else r"\d" for ch in group)
            for group in code.split("-")
        ]
        parts.append(sep.join(groups))
    return "(?:" + "|".join(parts) + ")"


_PLATE = re.compile(rf"(?<![\w-]){_sidecode_pattern('-')}(?![\w-])")
_PLATE_LOOSE = re.compile(rf"(?<![\w-]){_sidecode_pattern('[ .-]?')}(?![\w-])")
# Without the word "kenteken": in capitals with any separator or none ("12ABC3", "12 ABC 3");
# in any case with a dash, dot or slash ("12-abc-3"); in any case with any separator or none
# when only plate letters are used ("12bdt3", "12 bdt 3"). So "artikel 12 lid 3", "op 12 mei
# 3" and "Wi2013" (Wet inburgering 2013) are no plate.
# A full stop right before counts only after a word ("bij zorg.TS.00.00", a missing space).
_PLATE_ANY = re.compile(
    rf"(?<![\w/-])(?<![\W\d_]\.)"
    rf"(?:{_sidecode_pattern('[ ./-]?', 'A-Z')}|{_sidecode_pattern('[./-]')}"
    rf"|{_sidecode_pattern('[ ./-]?', _PLATE_LETTERS)})(?![\w-])(?![./]\w)"
)
_PLATE_WORD = re.compile(r"kenteken|nummerbord", re.IGNORECASE)
_PLATE_CONTEXT = gated(r"\b(?:kenteken\w*|nummerbord\w*)\b\W{0,3}$", re.IGNORECASE)


# A number the writer calls a BSN: eight or nine digits (a leading zero dropped, decision
# 0034) after the word, with no other number between them ("BSN van de klant: 987 097 052").
# It is a BSN whether or not it passes the 11-proef (a typo, or made up: still meant as one).
_BSN_NAMED = re.compile(r"\d(?<![\d_]\d)(?<!\d[.,/-]\d)(?:[ ./-]?\d){7,8}(?![\w])(?![.,/-]?\d)")
# The names a hurried writer gives it: "bsn", "BSN-nr.", "B.S.N.", "burger service nummer",
# "burgerservicenr", "sofinummer", "sofi nr" (any case, any separator between the parts).
_BSN_NAME = (
    r"(?<!\w)(?:bsn|bsnr|b\.s\.n|bsn[ -]?(?:nr|nummer)|burger[ -]?service[ -]?(?:nummer|nr)"
    r"|sofi[ -]?(?:nummer|nr)|sofinr)(?!\w)"
)
_BSN_WORD_BEFORE = gated(_BSN_NAME + r"\.?[^\d\n;!?]{0,40}$", re.IGNORECASE)


def named_bsn(text: str, start: int) -> bool:
    """Tell whether the writer called the number at start a BSN."""
    return bool(_BSN_WORD_BEFORE.search(text, max(0, start - 60), start))


_BSN_WORD = gated(_BSN_NAME, re.IGNORECASE)  # no column is headed BSN without it
# Cells under a column the export calls BSN ("BSN", "bsn-nr", "Burgerservicenummer").
_BSN_HEADER = re.compile(rf".*{_BSN_NAME}.*", re.IGNORECASE)
# A postcode's letters right after the number: its last four digits were the postcode's.
_POSTCODE_LETTERS = re.compile(r"[ ]?[A-Z]{2}(?![\w])")
_SEPARATORS = re.compile(r"[ ./-]")


def detect_bsn(tokens: Tokens) -> Iterator[Hit]:
    """Find nine-digit numbers that pass the 11-proef, written plain or grouped, and eight- or
    nine-digit numbers the writer calls a BSN."""
    text = tokens.text
    # Both patterns start at the first digit of a number (decision 0064).
    for match in finditer_at(_BSN, text, tokens.numbers):
        if is_amount_or_count(text, match.start(), match.end()):
            continue  # "€ 123456782", "123456782 per jaar": an amount that passes the 11-proef
        if bsn.is_valid(_alnum(match.group())) and _one_number(text, match):
            yield Hit("bsn", match.start(), match.end())
    for match in finditer_at(_BSN_NAMED, text, tokens.numbers):
        if named_bsn(text, match.start()):
            yield Hit("bsn", match.start(), match.end())


def detect_bsn_column(tokens: Tokens) -> Iterator[Hit]:
    """Find eight or nine digits in a table column headed BSN; read in the normal form, where
    the lines and columns are as pasted (the number view joins them)."""
    text = tokens.text
    if ("\t" in text or "  " in text or "|" in text or ";" in text) and _BSN_WORD.search(text):
        for start, end, value in table_cells(text, _BSN_HEADER):
            if _BSN_NAMED.fullmatch(value):
                yield Hit("bsn", start, end)


def _one_number(text: str, match: re.Match[str]) -> bool:
    """Tell whether nine digits the 11-proef accepts are written as one number: grouped with one
    kind of separator ("123 456 782", "1234.56.782") that does not go on into a longer code
    ("1234.56.782.T.22"), not an amount and the start of a phone number ("2.04 06 1234"), nor a
    postbus number and the postcode on the next line ("Postbus 42583 / 1000 CZ")."""
    number = match.group()
    separators = set(_SEPARATORS.findall(number))
    if len(separators) > 1:
        return False
    after = text[match.end() : match.end() + 2]
    if after[:1] in separators - {" "} and after[1:].isalpha():
        return False  # "8123.45.678.T.22": a longer code in the same grouping
    last = _SEPARATORS.split(number)[-1]
    return not (len(last) == 4 and last[0] != "0" and _POSTCODE_LETTERS.match(text, match.end()))


def detect_iban(tokens: Tokens) -> Iterator[Hit]:
    """Find IBANs (any country, any case, spaced or not) that pass the mod-97 check."""
    text = tokens.text
    starts = iban_starts(tokens.numbers)
    pos = 0
    while match := search_at(_IBAN, text, starts, pos):
        end = _longest_valid_prefix(text, match)
        if end is None:
            pos = match.start() + 1
        else:
            yield Hit("iban", match.start(), end)
            pos = end


def iban_starts(numbers: tuple[int, ...]) -> list[int]:
    """Where _IBAN can match (decision 0064): its first digit, two to four characters on,
    starts a number (a letter or a separator before it)."""
    return sorted({start - k for start in numbers for k in (2, 3, 4) if start >= k})


def _longest_valid_prefix(text: str, match: re.Match[str]) -> int | None:
    """Return the end of the longest valid IBAN at the match's start that ends on a boundary."""
    # The pattern is greedy and may run into the next word or the next IBAN, so every group
    # boundary is a possible end. The mod-97 remainder is carried along (ISO 7064), and only
    # ends that pass it go to stdnum for the country-specific check.
    candidate = match.group()
    first = _IBAN_HEAD.match(candidate)
    if first is None:
        return None
    head = _as_digits(_alnum(first.group()))
    head_shift = 10 ** len(head)
    remainder = 0
    length = 4
    passing = []
    for i in range(first.end(), len(candidate)):
        value = _IBAN_VALUES.get(candidate[i])
        if value is None:
            continue  # a space, dot, dash or slash between groups
        remainder = (remainder * (10 if value < 10 else 100) + value) % 97
        length += 1
        end = i + 1
        at_boundary = end == len(candidate) or candidate[end] in " -./"
        if (
            length >= 15
            and at_boundary
            and (remainder * head_shift + int(head)) % 97 == 1
            and not _continues_word(text, match.start() + end)
        ):
            passing.append(end)
    for end in reversed(passing):
        if iban.is_valid(_alnum(candidate[:end])):
            return match.start() + end
    return None


def _alnum(value: str) -> str:
    """Drop the separators (stdnum does not know the slash)."""
    return "".join(c for c in value if c.isalnum())


def _as_digits(chars: str) -> str:
    """Write letters as numbers (A=10 ... Z=35), as the IBAN check does."""
    return "".join(str(int(c, 36)) for c in chars)


_IBAN_VALUES = {
    c: int(c, 36) for c in "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
}


def _continues_word(text: str, pos: int) -> bool:
    """Tell whether the character at pos continues a word."""
    return pos < len(text) and (text[pos].isalnum() or text[pos] == "_")


# Every plate has a digit next to a letter (with at most one separator between them).
_TRANSITION = re.compile(r"\d[ ./-]?[A-Za-z]|[A-Za-z][ ./-]?\d")


def _plate_any_matches(text: str, numbers: tuple[int, ...]) -> Iterator[re.Match[str]]:
    """Try _PLATE_ANY only just before a digit-letter transition (cheap on ordinary text)."""
    next_free = 0
    for transition in finditer_at(_TRANSITION, text, transition_starts(text, numbers)):
        for start in range(max(next_free, transition.start() - 4), transition.start() + 1):
            match = _PLATE_ANY.match(text, start)
            if match:
                next_free = match.end()
                yield match
                break


def transition_starts(text: str, numbers: tuple[int, ...]) -> list[int]:
    """Where _TRANSITION can match (decision 0064): one or two characters before a number
    (a letter, maybe a separator, then its first digit) and at its last digit."""
    starts = set()
    length = len(text)
    for start in numbers:
        starts.update((start - 2, start - 1) if start >= 2 else range(start))
        end = start + 1
        while end < length and text[end].isdecimal():  # \d: the decimal digits
            end += 1
        starts.add(end - 1)
    return sorted(starts)


def _plate_starts(text: str) -> Iterator[int]:
    """Yield the positions where a plate could start: 1-3 characters before a dash."""
    last = -1
    dash = text.find("-")
    while dash >= 0:
        yield from range(max(0, dash - 3, last + 1), dash)
        last = dash
        dash = text.find("-", dash + 1)


# A random token (a video id, a tracking code, base64): a long run of word characters, joined
# by "_", "-", "+", "/" or "=", with a piece besides the plate that mixes letters and digits or
# switches case inside ("…Zvhl-Xtawp73Q_C810MX_2evxAM"). Plates in prose ("auto_12ABC3_foto")
# and after the word "kenteken" still count. The scanner asks this of the text as written,
# since the number view has already made "_" a space.
_TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_+/=-")
_TOKEN_SPLIT = re.compile(r"[_+/=-]+")
_RANDOM_PIECE = re.compile(r"[A-Za-z]\d|\d[A-Za-z]|[a-z][A-Z]")
_MIN_TOKEN = 16


def inside_random_token(text: str, start: int, end: int) -> bool:
    """Tell whether a plate-shaped span is part of a random token rather than written prose."""
    left, right = start, end
    while left > 0 and text[left - 1] in _TOKEN_CHARS:
        left -= 1
    while right < len(text) and text[right] in _TOKEN_CHARS:
        right += 1
    if right - left < _MIN_TOKEN or _PLATE_WORD.search(text, left, right):
        return False
    pieces = _TOKEN_SPLIT.split(text[left:start]) + _TOKEN_SPLIT.split(text[end:right])
    return any(_RANDOM_PIECE.search(piece) for piece in pieces)


# A Belgian plate (since 2010: digit, three letters, three digits), written with its dashes:
# a client across the border drives with one ("1-ABC-234").
_BELGIAN_PLATE = re.compile(r"(?<![\w-])[1-9]-[A-Za-z]{3}-\d{3}(?![\w-])")


# A ruling's number: the last part of an ECLI ("ECLI:NL:CRVB:2007:BB5562") and the older LJN
# ("LJN BB5562") have the shape of a sidecode-1 plate.
_RULING_BEFORE = re.compile(
    r"(?:(?i:ecli):[A-Za-z]{2}:[A-Za-z]{2,8}:\d{4}:|\bLJN[^\S\n]*:?[^\S\n]*)$"
)


def detect_license_plate(tokens: Tokens) -> Iterator[Hit]:
    """Find Dutch licence plates in every sidecode, any case, with or without separators, and
    Belgian plates with their dashes; not a ruling's number (ECLI, LJN)."""
    text = tokens.text
    for hit in _plates(text, tokens.numbers):
        if not _RULING_BEFORE.search(text, max(0, hit.start - 30), hit.start):
            yield hit


def _plates(text: str, numbers: tuple[int, ...]) -> Iterator[Hit]:
    for match in finditer_at(_BELGIAN_PLATE, text, numbers):  # it starts a number
        yield Hit("license_plate", match.start(), match.end())
    seen: set[int] = set()
    for start in _plate_starts(text):
        match = _PLATE.match(text, start)
        if match and match.group().isupper():
            seen.add(match.start())
            yield Hit("license_plate", match.start(), match.end())
    for match in _plate_any_matches(text, numbers):
        separators = [c for c in match.group() if not c.isalnum()]
        consistent = not separators or (len(separators) == 2 and len(set(separators)) == 1)
        if match.start() not in seen and consistent:  # "1401 BW" is no "14-01-BW"
            seen.add(match.start())
            yield Hit("license_plate", match.start(), match.end())
    for context in _PLATE_WORD.finditer(text):
        # Loose spellings ("hz 904 k") only count right after the word "kenteken".
        match = _PLATE_LOOSE.search(text, context.end(), context.end() + 40)
        if (
            match
            and match.start() not in seen
            and _PLATE_CONTEXT.search(text, max(0, match.start() - 30), match.start())
        ):
            yield Hit("license_plate", match.start(), match.end())
