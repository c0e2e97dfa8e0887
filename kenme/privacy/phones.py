"""The phone detector: Dutch and foreign numbers that phonenumbers validates, an organisation's
service number (decision 0031) and its fixed line (0057) left out."""

from __future__ import annotations

import re
from collections.abc import Iterator

import phonenumbers

from kenme.privacy.anchored import Tokens, occurrences, search_at
from kenme.privacy.findings import Hit
from kenme.privacy.offices import is_office_phone
from kenme.privacy.shapes import gated

# A phone-shaped run: an international or trunk prefix, then 6-12 digits with separators.
# A full stop may come right before when it ends a word ("bel me.0612345678", a missing space),
# not when it ends a number ("3.0612345678").
_PHONE_BODY = r"(?:(?:\+|00)\s?\d{1,3}|\(0\d{1,4}\)|0)(?:[\s./()-]{0,3}\d){6,12}(?![\w])"
# "tel0643639876", "TEL:0612…": glued to its label as old systems export it.
_PHONE = gated(
    rf"(?:(?<=[Tt]el)|(?<=TEL)|(?<=[Mm]ob)|(?<=MOB)|(?<![\w+/,-]))(?<![\W\d_]\.){_PHONE_BODY}"
)
# "tel: 0612345678 / 0201234567": the number view makes " / " one slash, which the look-behind
# above refuses ("1/06…" is no phone); right after a phone number it starts the next one.
_NEXT_PHONE = re.compile(rf"/\s?(?={_PHONE_BODY})")
_PHONE_BODY_RE = re.compile(_PHONE_BODY)
_PHONE_SPLIT = re.compile(r"[\s./()-]+")
_AMOUNT = re.compile(r"(?<=[\s/()-])\d+\.\d\d")
# Decision 0031: an organisation's service number is not a client's personal data.
_SERVICE_NUMBER_TYPES = frozenset(
    {
        phonenumbers.PhoneNumberType.TOLL_FREE,
        phonenumbers.PhoneNumberType.PREMIUM_RATE,
        phonenumbers.PhoneNumberType.SHARED_COST,
        phonenumbers.PhoneNumberType.UAN,
    }
)
# phonenumbers files the Dutch 084/087 "persoonlijke-assistentdiensten" (follow-me numbers a
# person can hold) under UAN with 088 and 14 0xx; they can reach a person, so they count.
_PERSONAL_UAN = ("3184", "3187")


_SERVICE_PREFIXES = ("080", "090", "088", "0 8", "0 9")  # as written; the parser decides


def detect_phone(tokens: Tokens) -> Iterator[Hit]:
    """Find Dutch and foreign phone numbers that phonenumbers validates."""
    text = tokens.text
    starts = phone_starts(text, tokens.numbers)
    pos = 0
    while match := search_at(_PHONE, text, starts, pos):
        end = _longest_valid_phone(match)
        if end is None:
            # An organisation's service number (0031) is passed whole: started again one
            # character on, "088 043 0430 (24/7)" read "043 0430 (24/7" as a phone.
            service = match.group().startswith(_SERVICE_PREFIXES) and _longest_valid_phone(
                match, is_organisation_number
            )
            pos = service or match.start() + 1
        else:
            digits = "".join(c for c in text[match.start() : end] if c.isdigit())
            if not is_office_phone(text, match.start(), digits, end):
                yield Hit("phone", match.start(), end)
            pos = end
            while (slash := _NEXT_PHONE.match(text, pos)) and (
                following := _PHONE_BODY_RE.match(text, slash.end())
            ):
                next_end = _longest_valid_phone(following)
                if next_end is None:
                    break
                yield Hit("phone", following.start(), next_end)
                pos = next_end


def phone_starts(text: str, numbers: tuple[int, ...]) -> list[int]:
    """Where _PHONE can match (decision 0064): at a "+", a "(" or a number's first digit."""
    return sorted({*numbers, *occurrences(text, "+"), *occurrences(text, "(")})


def _longest_valid_phone(match: re.Match[str], valid=None) -> int | None:
    """Return the end of the longest valid phone number (or what valid accepts) at the start of
    a candidate."""
    # Trailing digit groups may belong to the next number or a date: trim until valid.
    candidate = match.group()
    # A tab ends a cell: "01000<tab>415.00" in an export row is a number and an amount.
    candidate = candidate[: candidate.find("\t")] if "\t" in candidate else candidate
    cuts = {m.start() for m in _PHONE_SPLIT.finditer(candidate)} | {len(candidate)}
    for cut in sorted(cuts, reverse=True):
        piece = candidate[:cut].rstrip(" ./(-")
        if _is_amount_after_number(piece):
            continue  # "01000 415.00": a number and an amount with its cents, no phone
        if (valid or _is_phone)(piece):
            return match.start() + len(piece)
    return None


def _is_amount_after_number(piece: str) -> bool:
    """Tell whether a candidate holds an amount with its cents ("01000 415.00") as a group."""
    amount = _AMOUNT.search(piece)
    return bool(amount) and piece.count(".") == 1 and piece[amount.end() :][:1] in ("", " ", "\n")


def _is_phone(candidate: str) -> bool:
    """Validate a phone-number candidate; Dutch numbers skip the (slow) text parser."""
    digits = "".join(c for c in candidate if c.isdigit())
    if candidate.startswith("+") or digits.startswith("00"):
        if not 9 <= len(digits) <= 17:
            return False
        international = digits[2:] if digits.startswith("00") else digits
        if international.startswith("31"):
            national = international[2:].removeprefix("0")  # "+31 (0)6 ..."
            return _is_valid_dutch(national)
        return _is_valid_international("+" + international)
    return len(digits) == 10 and _is_valid_dutch(digits[1:])


def _is_valid_dutch(national: str) -> bool:
    """Validate a Dutch national number without trunk prefix ("612345678")."""
    if not national.isdigit() or national.startswith("0"):
        return False
    number = phonenumbers.PhoneNumber(country_code=31, national_number=int(national))
    return _is_personal(number)


def _is_valid_international(number_text: str) -> bool:
    """Validate a foreign number given as "+<country><number>"."""
    try:
        number = phonenumbers.parse(number_text, None)
    except phonenumbers.NumberParseException:
        return False
    return _is_personal(number)


def _is_personal(number: phonenumbers.PhoneNumber) -> bool:
    """Tell a valid number that can reach a person from an organisation's service number."""
    return phonenumbers.is_valid_number(number) and not _is_service_type(number)


def _is_service_type(number: phonenumbers.PhoneNumber) -> bool:
    """Free, premium, shared-cost and company-wide numbers (0800, 0900, 088, 14 0xx) belong to
    organisations, never to a client (decision 0031); 084/087 can be a person's."""
    if phonenumbers.number_type(number) not in _SERVICE_NUMBER_TYPES:
        return False
    return not f"{number.country_code}{number.national_number}".startswith(_PERSONAL_UAN)


def is_organisation_number(written: str) -> bool:
    """Tell whether a written phone number ("0800-0543", "14 020", "+31 88 898 9294") is an
    organisation's service number, which the guard lets through (decision 0031)."""
    try:
        number = phonenumbers.parse(written, "NL")
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(number) and _is_service_type(number)


def is_phone_number(candidate: str) -> bool:
    """Tell whether a written number is a valid phone number a person can be reached on."""
    return _is_phone(candidate.strip())
