"""OCR confusions in numbers (decision 0046, part of the spelled view): O and o read as 0, l and
I as 1, in a token that is mostly digits; an IBAN whose bank-code letters and digits were
confused is read back and counts only when it then passes mod-97."""

from __future__ import annotations

import re

from stdnum import iban

from kenme.privacy.normalise import Normalised, replace_spans


def around(places, before: int, after: int) -> list[tuple[int, int]]:
    """Merged windows around positions (ints or matches, in order)."""
    windows: list[tuple[int, int]] = []
    for place in places:
        pos = place if isinstance(place, int) else place.start()
        low, high = max(0, pos - before), pos + after
        if windows and low <= windows[-1][1]:
            windows[-1] = (windows[-1][0], high)
        else:
            windows.append((low, high))
    return windows


# A digit next to an O, o, l or I (a space, dot or dash between at most): where OCR may have
# confused them.
_OCR_GATE = re.compile(r"\d[ .-]?[OolI]|[OolI][ .-]?\d")
_OCR_DIGITS = str.maketrans("OolI", "0011")
_DATE_SHAPE = re.compile(r"[0-3]?\d([-/.])[01]?\d\1(?:19|20)\d\d")
_OCR_LETTERS = str.maketrans("0158", "OISB")


def _ocr_tokens(text: str, gates: list[re.Match[str]]) -> list[tuple[int, int]]:
    """The letter-and-digit tokens around the places _OCR_GATE found."""
    tokens: set[tuple[int, int]] = set()
    for gate in gates:
        for pos in (gate.start(), gate.end() - 1):
            start, end = pos, pos + 1
            while start > 0 and (
                _alnum(text, start - 1) or (text[start - 1] in "-/." and _alnum(text, start - 2))
            ):
                start -= 1
            while end < len(text) and (
                _alnum(text, end) or (text[end] in "-/." and _alnum(text, end + 1))
            ):
                end += 1
            if not (_continues(text, start - 1) or _continues(text, end)):
                tokens.add((start, end))
    return sorted(tokens)


def _alnum(text: str, pos: int) -> bool:
    """A token's character: an ASCII letter or digit; a date's "O7-1O-1988" is one token with
    its separators."""
    return 0 <= pos < len(text) and text[pos].isascii() and text[pos].isalnum()


def _continues(text: str, pos: int) -> bool:
    """Tell whether the character at pos (outside the token) is a word character."""
    return 0 <= pos < len(text) and (text[pos].isalnum() or text[pos] == "_")


def read_ocr(norm: Normalised) -> Normalised:
    text = norm.text
    gates = list(_OCR_GATE.finditer(text))  # one pass: the tokens and the IBANs use them
    # an IBAN whose check digits are both misread ("NLlO INGB …") has no digit beside them
    heads = list(_IBAN_OCR_HEAD.finditer(text))
    if not gates and not heads:
        return norm
    edits = []
    for start, end in _ocr_tokens(text, gates):
        token = text[start:end]
        digits = sum(c.isdigit() for c in token)
        others = sum(c.isalpha() for c in token)
        ocr_only = not token.strip("OolI0123456789-/.") and token[:1].isalnum()
        read = token.translate(_OCR_DIGITS)
        if (
            ocr_only
            and others
            and (
                (digits >= 4 and others <= 3 and others < digits)
                or (digits >= 2 and _DATE_SHAPE.fullmatch(read))  # "O5-O5-2OO5"
            )
        ):
            edits.append((start, end, read))
    edits += _ocr_groups(text, gates)
    seen = set()
    places = sorted((*gates, *heads), key=lambda match: match.start()) if heads else gates
    for low, high in around(places, 34, 40):
        for match in _IBAN_OCR.finditer(text, low, high):
            if match.span() not in seen and (fixed := _ocr_iban(match.group())):
                seen.add(match.span())
                edits.append((match.start(), match.end(), fixed))
    edits.sort()
    kept = []
    for edit in edits:  # an IBAN's groups may also be OCR tokens: keep the first, longer one
        if kept and edit[0] < kept[-1][1]:
            if edit[1] - edit[0] > kept[-1][1] - kept[-1][0]:
                kept[-1] = edit
            continue
        kept.append(edit)
    return replace_spans(norm, kept)


# A number copied in groups, one of them misread ("2O45 67 8I2"): each group alone is too short
# to be read as digits, the run of groups is not: at least six digits, at most three letters,
# and no letter standing alone (a Roman "I", a Dutch "o").
_OCR_GROUPS = re.compile(r"(?<![\w])[0-9OolI]+(?: [0-9OolI]+)+(?![\w])")


def _ocr_groups(text: str, gates: list[re.Match[str]]) -> list[tuple[int, int, str]]:
    edits = []
    for low, high in around(gates, 24, 24):
        for match in _OCR_GROUPS.finditer(text, low, high):
            run = match.group()
            letters = sum(c in "OolI" for c in run)
            if (
                0 < letters <= 3
                and sum(c.isdigit() for c in run) >= 6
                and all(len(group) > 1 or group.isdigit() for group in run.split(" "))
            ):
                # each misread group on its own, so a finding maps back to its own groups
                for group in _MISREAD_GROUP.finditer(text, match.start(), match.end()):
                    edits.append((group.start(), group.end(), group.group().translate(_OCR_DIGITS)))
    return edits


_MISREAD_GROUP = re.compile(r"[0-9]*[OolI][0-9OolI]*")


# An IBAN's shape in any characters: a country, two check digits, groups of four.
_IBAN_OCR = re.compile(
    r"(?<![\w])[A-Za-z]{2}[0-9OolI]{2}(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,3})?(?![\w])"
)


_IBAN_OCR_HEAD = re.compile(r"[A-Z]{2}[OolI]{2}(?= ?[A-Za-z0-9]{4})")


def _ocr_iban(written: str) -> str | None:
    """Read an IBAN back from OCR confusions: the Dutch bank code in letters, the rest in
    digits. Only a reading that passes mod-97 (and the written form does not) counts."""
    compact = written.replace(" ", "")
    if iban.is_valid(compact):
        return None
    head = compact[:2].upper() + compact[2:4].translate(_OCR_DIGITS)
    if head[:2] == "NL":
        body = compact[4:8].replace("l", "I").upper().translate(_OCR_LETTERS) + compact[
            8:
        ].translate(_OCR_DIGITS)
    else:
        body = compact[4:].translate(_OCR_DIGITS)
    fixed = head + body
    if fixed.upper() == compact.upper() or not iban.is_valid(fixed):
        return None
    return fixed
