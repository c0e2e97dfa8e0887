"""Valid, fake identifiers of every hard family, written in every obfuscation an author may use.

Shared by the Hypothesis tests (tests/privacy/test_adversarial.py, which feed a
``random.Random`` drawn by Hypothesis) and ``python -m benchmarks.privacy`` (a seeded one).
Every generator returns the identifier as a careful reader would mark it; ``obfuscate`` writes
it as an attacker might, and ``embed`` puts it in a Dutch sentence and returns the span.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

import phonenumbers
from stdnum import iban
from stdnum.nl import bsn, postcode

# --- identifiers ------------------------------------------------------------------------------

PLATE_LETTERS = "BDFGHJKLNPRSTVXZ"
SIDECODES = (
    "LL-DD-DD", "DD-DD-LL", "DD-LL-DD", "LL-DD-LL", "LL-LL-DD", "DD-LL-LL", "DD-LLL-D",
    "D-LLL-DD", "LL-DDD-L", "L-DDD-LL", "LLL-DD-L", "L-DD-LLL", "D-LL-DDD", "DDD-LL-D",
)  # fmt: skip
BANKS = ("ABNA", "INGB", "RABO", "TRIO", "SNSB", "ASNB", "BUNQ", "KNAB", "RBRB")
MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
    "oktober", "november", "december",
)  # fmt: skip
TLDS = ("nl", "com", "org", "be", "net", "eu")


def make_bsn(rng: random.Random) -> str:
    while True:
        number = f"{rng.randrange(10**8, 10**9):09d}"
        if bsn.is_valid(number):
            return number


def make_iban(rng: random.Random) -> str:
    if rng.random() < 0.8:
        body = f"{rng.choice(BANKS)}{rng.randrange(10**10):010d}"
        country = "NL"
    else:  # Belgian and German accounts turn up too
        country, body = rng.choice(
            (("BE", f"{rng.randrange(10**12):012d}"), ("DE", f"{rng.randrange(10**18):018d}"))
        )
    number = f"{country}{iban.calc_check_digits(country + '00' + body)}{body}"
    if not iban.is_valid(number):  # Belgian national check; draw again
        return make_iban(rng)
    return iban.format(number) if rng.random() < 0.5 else number


def make_plate(rng: random.Random) -> str:
    code = rng.choice(SIDECODES)
    return "".join(
        rng.choice(PLATE_LETTERS) if c == "L" else str(rng.randrange(10)) if c == "D" else c
        for c in code
    )


def make_phone(rng: random.Random) -> str:
    while True:
        kind = rng.randrange(5)
        subscriber = f"{rng.randrange(10**7):07d}"
        if kind == 0:
            text = f"06-{rng.randrange(1, 6)}{subscriber}"
        elif kind == 1:
            mobile = f"{rng.randrange(1, 6)}{subscriber}"
            text = f"06 {mobile[:2]} {mobile[2:4]} {mobile[4:6]} {mobile[6:]}"
        elif kind == 2:
            text = f"+31 6 {rng.randrange(1, 6)}{subscriber}"
        elif kind == 3:
            area = rng.choice(("010", "020", "030", "070", "040", "050"))
            text = f"{area}-{subscriber}"
        else:
            text = f"0031 6{rng.randrange(1, 6)}{subscriber}"
        digits = "".join(c for c in text if c.isdigit())
        national = (
            digits[4:]
            if digits.startswith("0031")
            else digits[2:]
            if text[0] == "+"
            else digits[1:]
        )
        number = phonenumbers.PhoneNumber(country_code=31, national_number=int(national))
        if phonenumbers.is_valid_number(number):
            return text


def make_email(rng: random.Random) -> str:
    def word(low: int, high: int) -> str:
        return "".join(rng.choice("abcdefghijklmnoprstuvwz") for _ in range(rng.randint(low, high)))

    local = word(2, 8) + (f".{word(2, 8)}" if rng.random() < 0.4 else "")
    return f"{local}@{word(3, 10)}.{rng.choice(TLDS)}"


def make_postcode_address(rng: random.Random) -> str:
    while True:
        code = f"{rng.randrange(1000, 10000)} {rng.choice('ABCDEFGHJKLMNPRSTVWXZ')}"
        code += rng.choice("ABCDEFGHJKLMNPRTVWXZ")
        if postcode.is_valid(code):
            break
    number = str(rng.randrange(1, 300)) + rng.choice(("", "", "a", "B", "A"))
    return f"{code} {number}"


def make_birthdate(rng: random.Random) -> str:
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(1935, 2015)
    form = rng.randrange(4)
    if form == 0:
        return f"{day:02d}-{month:02d}-{year}"
    if form == 1:
        return f"{day}/{month}/{year}"
    if form == 2:
        return f"{day} {MONTHS[month - 1]} {year}"
    return f"{year}-{month:02d}-{day:02d}"


def make_vnummer(rng: random.Random) -> str:
    return f"{rng.randrange(10**9, 10**10):010d}"


def make_kvk(rng: random.Random) -> str:
    return f"{rng.randrange(10**7, 10**8):08d}"


# family -> (generator, sentence templates with {x} where the identifier goes)
FAMILIES: dict[str, tuple[Callable[[random.Random], str], tuple[str, ...]]] = {
    "bsn": (
        make_bsn,
        ("Klant met BSN {x} vraagt bijzondere bijstand.", "{x}", "Zie dossier, nummer {x}."),
    ),
    "iban": (make_iban, ("Hij wil het geld op {x} ontvangen.", "Rekening: {x}", "{x}")),
    "license_plate": (
        make_plate,
        ("De auto met kenteken {x} staat op zijn naam.", "Auto {x} staat voor de deur.", "{x}"),
    ),
    "phone": (make_phone, ("Bel haar op {x} na vieren.", "Telefoon: {x}", "{x}")),
    "email": (make_email, ("Zijn mail is {x} zegt hij.", "Mail naar {x}", "{x}")),
    "postcode_address": (
        make_postcode_address,
        ("Ze woont op {x} bij haar moeder.", "Adres: {x}", "{x}"),
    ),
    "birthdate": (
        make_birthdate,
        ("Klant is geboren op {x} in Marokko.", "Geboortedatum: {x}", "geb. {x}"),
    ),
    "vnummer": (make_vnummer, ("Zijn V-nummer is {x} volgens de IND.", "V-nummer: {x}")),
    "kvk": (make_kvk, ("Hij heeft een eenmanszaak, KvK {x}, sinds maart.", "KvK-nummer: {x}")),
}

# --- obfuscations -----------------------------------------------------------------------------

ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u00ad", "\u2060", "\ufeff", "\u200e")
DIGIT_ZEROS = (0x0660, 0x06F0, 0x0966, 0x09E6, 0x0E50, 0xFF10, 0x1D7CE, 0x1D7EC, 0x07C0, 0x1040)
SEPARATORS = ("\n", "\r\n", ".", "-", "/", " ", "  ", " \n", " - ", "_")


def _per_char(text: str, rng: random.Random, encode: Callable[[str], str], share: float) -> str:
    out = [encode(c) if rng.random() < share else c for c in text]
    if out == list(text) and text:  # encode at least one character
        i = rng.randrange(len(text))
        out[i] = encode(text[i])
    return "".join(out)


def entities_decimal(text: str, rng: random.Random) -> str:
    return _per_char(text, rng, lambda c: f"&#{ord(c)};", rng.choice((1.0, 0.5)))


def entities_hex(text: str, rng: random.Random) -> str:
    return _per_char(text, rng, lambda c: f"&#x{ord(c):x};", rng.choice((1.0, 0.5)))


def entities_double(text: str, rng: random.Random) -> str:
    return _per_char(text, rng, lambda c: f"&amp;#{ord(c)};", 0.5)


def percent(text: str, rng: random.Random) -> str:
    def encode(c: str) -> str:
        return "".join(f"%{b:02X}" for b in c.encode("utf-8"))

    return _per_char(text, rng, encode, rng.choice((1.0, 0.5)))


def unicode_digits(text: str, rng: random.Random) -> str:
    zero = rng.choice(DIGIT_ZEROS)
    return "".join(chr(zero + int(c)) if c.isascii() and c.isdigit() else c for c in text)


def zero_width(text: str, rng: random.Random) -> str:
    out = [text[0]]
    for c in text[1:]:
        if rng.random() < 0.4:
            out.append(rng.choice(ZERO_WIDTH))
        out.append(c)
    return "".join(out)


def separators(text: str, rng: random.Random) -> str:
    """Line breaks, dots, dashes, slashes or spaces inside the number (one kind per text).

    Grouped values (plates, postcodes, dates, formatted IBANs and phone numbers) get the new
    separator in their gaps; a bare number is cut at one to three places next to a digit.
    """
    if "@" in text:
        return text
    has_word = any(c.islower() for c in text) and not text[:2].islower()
    sep = rng.choice(("\n", "\r\n", " ", "  ", " \n") if has_word else SEPARATORS)
    if any(c in " -/" for c in text):
        return "".join(sep if c in " -/" else c for c in text)
    places = [i for i in range(1, len(text)) if text[i - 1].isdigit() or text[i].isdigit()]
    cuts = sorted(rng.sample(places, k=min(len(places), rng.randint(1, 3))))
    pieces = [text[i:j] for i, j in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    return sep.join(pieces)


def letter_case(text: str, rng: random.Random) -> str:
    return rng.choice((text.lower(), text.upper(), text.swapcase(), text.title()))


def email_words(text: str, rng: random.Random) -> str:
    if "@" not in text:
        return text
    at = rng.choice((" [at] ", "[at]", " (at) ", "(at)", " at ", " {at} ", " AT ", "[@]"))
    dot = rng.choice((" [dot] ", "[dot]", " (punt) ", "(punt)", " punt ", " dot ", "."))
    local, domain = text.split("@")
    head, tld = domain.rsplit(".", 1)
    return f"{local}{at}{head}{dot}{tld}"


def fullwidth(text: str, rng: random.Random) -> str:
    return "".join(
        chr(ord(c) + 0xFEE0) if "!" <= c <= "~" and rng.random() < 0.7 else c for c in text
    )


DIGIT_WORDS = ("nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen")


def spoken(text: str, rng: random.Random) -> str:
    """Read out as a dictating writer or speech-to-text does (decision 0046): digits as words
    (some left as digits), letters as spelled capitals, groups apart or with commas."""
    gap = rng.choice((" ", ", ", " - "))
    share = rng.choice((1.0, 0.7))
    out = []
    for c in text.replace(" ", "").replace("-", ""):
        if c.isdigit():
            out.append(DIGIT_WORDS[int(c)] if rng.random() < share else c)
        else:
            out.append(c.upper())
    if not any(word in out for word in DIGIT_WORDS[2:]):
        first = next(i for i, c in enumerate(out) if c.isdigit() or c in DIGIT_WORDS)
        if out[first].isdigit():
            out[first] = DIGIT_WORDS[int(out[first])]
    return gap.join(out)


def spaced(text: str, rng: random.Random) -> str:
    """Every character apart, as a form's boxes or a careful typist write it: "2 7 3 0 …"."""
    return " ".join(c for c in text if c not in " -/")


def ocr(text: str, rng: random.Random) -> str:
    """What OCR of a scan makes of digits: 0 as O or o, 1 as l or I (decision 0046)."""
    confusable = [i for i, c in enumerate(text) if c in "01" and not _in_bank_code(text, i)]
    if not confusable:
        return text
    chosen = set(rng.sample(confusable, k=rng.randint(1, min(3, len(confusable)))))
    swaps = {"0": "Oo", "1": "lI"}
    return "".join(rng.choice(swaps[c]) if i in chosen else c for i, c in enumerate(text))


def _in_bank_code(text: str, index: int) -> bool:
    """The four letters of a Dutch IBAN's bank code are no digits to confuse."""
    return text[:2] == "NL" and 4 <= len(text[:index].replace(" ", "")) < 8


OBFUSCATIONS: dict[str, Callable[[str, random.Random], str]] = {
    "plain": lambda text, rng: text,
    "entities_decimal": entities_decimal,
    "entities_hex": entities_hex,
    "entities_double": entities_double,
    "percent": percent,
    "unicode_digits": unicode_digits,
    "fullwidth": fullwidth,
    "zero_width": zero_width,
    "separators": separators,
    "letter_case": letter_case,
    "email_words": email_words,
    "spoken": spoken,
    "spaced": spaced,
    "ocr": ocr,
}
# Which obfuscations apply to which family (an e-mail has no digits to respell, a date no case).
APPLIES = {
    "letter_case": {"license_plate", "email", "iban"},
    "email_words": {"email"},
    "separators": set(FAMILIES) - {"email"},
    "unicode_digits": set(FAMILIES) - {"email"},
    "spoken": {"bsn", "phone", "postcode_address", "license_plate", "kvk", "vnummer"},
    "spaced": {"bsn", "iban", "phone", "postcode_address", "license_plate", "kvk", "vnummer"},
    "ocr": {"bsn", "iban", "kvk", "vnummer"},
}
# Order in which combined obfuscations are applied: what a text becomes before it is encoded.
ORDER = (
    "email_words", "letter_case", "spoken", "spaced", "ocr", "separators", "unicode_digits",
    "fullwidth", "zero_width", "entities_double", "entities_decimal", "entities_hex", "percent",
)  # fmt: skip


def kinds_for(family: str) -> list[str]:
    return [kind for kind in OBFUSCATIONS if family in APPLIES.get(kind, {family})]


def obfuscate(family: str, value: str, kinds: list[str], rng: random.Random) -> str:
    """Write value in the given obfuscation kinds, applied in a sensible order; of the
    spellings (spoken, spaced, OCR, separators) only the first applies: spacing out the
    letters of a number read out in words writes no number."""
    spelled = False
    for kind in ORDER:
        if kind in kinds and family in APPLIES.get(kind, {family}):
            if kind in SPELLINGS:
                if spelled:
                    continue
                spelled = True
            value = OBFUSCATIONS[kind](value, rng)
    return value


def combination(family: str, rng: random.Random) -> list[str]:
    """Two to four obfuscation kinds that apply to the family, one of each encoding group and
    one spelling."""
    kinds = [k for k in kinds_for(family) if k != "plain"]
    chosen = rng.sample(kinds, k=min(len(kinds), rng.randint(2, 4)))
    encodings = [k for k in chosen if k.startswith(("entities", "percent"))]
    spellings = [k for k in chosen if k in SPELLINGS]
    return [k for k in chosen if k not in encodings[1:] and k not in spellings[1:]]


# Ways of writing the characters themselves: one per text (a spoken number is not also OCR'd).
SPELLINGS = ("spoken", "spaced", "ocr", "separators")


def embed(family: str, written: str, rng: random.Random) -> tuple[str, int, int]:
    """Put the written identifier into one of the family's sentences; return text and span."""
    template = rng.choice(FAMILIES[family][1])
    start = template.index("{x}")
    text = template.replace("{x}", written)
    return text, start, start + len(written)


_POSTCODE_SHAPED = re.compile(r"\d\d-\d\d-[A-Z]{2}").fullmatch


def generate(family: str, kinds: list[str], rng: random.Random) -> tuple[str, int, int, str]:
    """One test case: (text, start, end, the identifier as generated)."""
    value = FAMILIES[family][0](rng)
    while (
        family == "license_plate" and {"spoken", "spaced"} & set(kinds) and _POSTCODE_SHAPED(value)
    ):
        # "18-37-XL" read out or spaced without its dashes is "1837 XL", a postcode: only the
        # context tells them apart, which a bare generated value does not give.
        value = FAMILIES[family][0](rng)
    written = obfuscate(family, value, kinds, rng)
    text, start, end = embed(family, written, rng)
    return text, start, end, value
