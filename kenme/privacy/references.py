"""Detectors for numbers that only context reveals: client, V-, document and KvK numbers."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from stdnum import iban
from stdnum.nl import bsn, identiteitskaartnummer

from kenme.privacy.anchored import Tokens
from kenme.privacy.citations import (
    cites_ruling,
    is_professional_number,
    is_public_documents_number,
)
from kenme.privacy.findings import Hit
from kenme.privacy.identifiers import named_bsn
from kenme.privacy.phones import is_phone_number
from kenme.privacy.shapes import gated, table_cells

_I = re.IGNORECASE

_CLIENT_CONTEXT = gated(
    r"\b(?:(?:klant|cli[eë]nt|dossier|zaak|relatie|registratie|aanvraag|debiteur|referentie"
    r"|inschrijf)(?:nummer|nr\b\.?|no\b\.?)|(?:ons|uw)\s+kenmerk|kenmerk\s*:|betalingskenmerk"
    r"|betaalkenmerk"
    r"|\bkl\.?\s?nr\b\.?|(?:ons|onze|uw)\s+referentie)",
    _I,
)
# A bare "dossier 2023-118422" or "zaak #554120" only counts when the number follows at once.
_CLIENT_BARE_CONTEXT = gated(
    r"\b(?:klant|cli[eë]nt|dossier|zaak|aanmelding|polis|relatie|klant-?id|cli[eë]nt-?id)"
    r"(?=\s*[#:]?\s*[A-Z]{0,4}[-/]?\d)"
    # "uw besluit, kenmerk UIT-2026-33781": a letter code; "kenmerk 2023/045" of a beschikking
    # in a question about the rules is no client's number (older corpus)
    r"|\bkenmerk(?=\s*[#:]?\s*(?-i:[A-Z]{1,4})[-/]?\d)",
    _I,
)
# Groups of one to four digits after a space belong to the number ("K-778 012", "12 345 678",
# a hurried "88 12 40 7", decision 0046).
# A payment reference in groups of four ("1000 2384 7712 0461") is one number too.
# A label glued to its number with a full stop ("rijbewijsnr.5013827460", "klantnr.88124")
# still names it: after "nr." or "no." the number may start at once.
_GLUED = r"(?:(?<=[Nn][Rr]\.)|(?<=[Nn][Oo]\.)|(?<=NR\.)|(?<=NO\.))"
_CLIENT_NUMBER_BODY = (
    r"(?:\d{4}(?: \d{4}){2,4}(?![\w])|(?:[A-Z]{1,4}[-/]?)?\d(?:[./-]?\d){0,30}"
    r"(?: \d{%s}(?![\w]))*(?![\w]))(?![.,]\d)"
)
_CLIENT_NUMBER = re.compile(rf"(?:{_GLUED}|(?<![\w.,€])){_CLIENT_NUMBER_BODY % '1,4'}")
# After a bare word ("klant: 06 - 12 34 56 78") only groups of three: a phone number's pairs
# are the phone detector's.
_CLIENT_NUMBER_BARE = re.compile(rf"(?:{_GLUED}|(?<![\w.,€])){_CLIENT_NUMBER_BODY % '3'}")
# A code of capitals and five or more digits on its own ("KL-20931", "K0098321") is a client
# or case number in a list or table even without the word "klantnummer". Prefixes that name
# another identifier (BSN, KvK, V-nummer, IBAN country) are left to their own detectors.
_BARE_CODE = re.compile(
    r"(?<![\w./-])(?P<prefix>[A-Z]{1,4})-?(?:\d{2,4}-)?\d{5,10}(?![\w])(?![./-]\d)"
)
_BARE_CODE_NOT = frozenset({"BSN", "KVK", "V", "NL", "BTW", "ECLI", "IBAN", "ART", "NR", "TEL"})
# "De klant 01-01-1990": a date of birth after the bare word, not a client number.
_FULL_DATE = re.compile(r"\d{1,2}[-/]\d{1,2}[-/](?:19|20)\d\d|(?:19|20)\d\d[-/]\d{1,2}[-/]\d{1,2}")
_UNIT_AFTER = re.compile(r"\s*(?:euro|eur|%|procent|uur|jaar|maanden|weken|dagen)\b", _I)

_VNUMMER_CONTEXT = gated(r"\b(?:v-?nummer|v[-.]?\s?nr\b\.?|vreemdelingennummer)", _I)
_VNUMMER = re.compile(r"(?<![\w.])\d(?:[ ./-]?\d){7,9}(?![\w])(?![ ./-]?\d)")

_DOCUMENT_CONTEXT = gated(
    r"\b(?:paspoort\w*|id[- ]?kaart\w*|(?-i:ID)\b|identiteits(?:kaart|bewijs)\w*"
    r"|document(?:nummer|\s*nr\b\.?)"
    r"|rijbewijs\w*|verblijfs(?:document|pas|vergunning)\w*|reisdocument\w*|vreemdelingendocument"
    # the short forms klantmanagers write: "vbv" and "vvr" (verblijfsvergunning), "W-document",
    # "legitimatiebewijs", "id-bewijs"
    r"\w*|vbv|vvr|w-document|legitimatie\w*|id-bewijs)",
    _I,
)
# A document number as one token, or in three groups of three as a passport or ID card prints
# it on a copy ("NW8 K1L 2P4"; _is_document_number checks the shape without the spaces).
# Copied by hand in groups: "IV A0Q XWZ1", "IRQ9-2NNP6" (the ID card's nine characters), a
# driving licence's ten digits "4940 282 393".
_DOCUMENT = re.compile(
    rf"(?:{_GLUED}|(?<![\w.-]))(?:[A-Za-z0-9]{{8,12}}|[A-Za-z0-9]{{3}}(?: [A-Za-z0-9]{{3}}){{2}}"
    r"|[A-Za-z0-9]{2,5}(?:[ -][A-Za-z0-9]{1,5}){1,3})"
    r"(?![\w-])"
)
# The name of a number in brackets right after it: "979.848.8180 (V-nummer)", "SM85NCI94 (vbv)".
_LABEL_AFTER = re.compile(r"[^\S\n]*[(\[][^\S\n]*")

_KVK_CONTEXT = gated(
    r"\b(?:kvk|k\.v\.k\.|kamer\s+van\s+koophandel|handelsregister|vestigingsnummer)", _I
)
_KVK = re.compile(
    rf"(?:{_GLUED}|(?<![\w.]))" r"\d(?:[ ./-]?\d){7}(?:(?:[ ./-]?\d){4})?(?![\w])(?![ .,/-]?\d)"
)


_MAX_TOKEN = 80
# A sentence end, but not the dot of an abbreviation ("KvK (nr. 85106624)", "art. 3").
_SENTENCE_END = gated(r"(?<!nr)(?<!\bno)(?<!\bart)(?<!\bvgl)(?<!\bca)[.;!?]\s|\n", re.I)


def _after_context(
    text: str,
    contexts: Iterable[re.Match[str]],
    token: re.Pattern[str],
    accept: Callable[[str], bool],
    window: int,
) -> Iterator[tuple[int, int]]:
    """Yield the first accepted token that starts within window characters after a context."""
    last_end = -1
    for ctx in contexts:
        limit = ctx.end() + window
        # Tokens are at most _MAX_TOKEN long, so this end never cuts one that starts in time.
        for tok in token.finditer(text, ctx.end(), limit + _MAX_TOKEN):
            if tok.start() > limit or _SENTENCE_END.search(text, ctx.end(), tok.start()):
                break
            if tok.start() >= last_end and accept(tok.group()):
                last_end = tok.end()
                yield tok.start(), tok.end()
                break


def _before_context(
    text: str,
    contexts: Iterable[re.Match[str]],
    token: re.Pattern[str],
    accept: Callable[[str], bool],
) -> Iterator[tuple[int, int]]:
    """Yield the accepted token that stands right before a context in brackets ("979.848.8180
    (V-nummer)"): the name of the number written after it."""
    for ctx in contexts:
        gap = text.rfind("(", max(0, ctx.start() - 3), ctx.start())
        gap = max(gap, text.rfind("[", max(0, ctx.start() - 3), ctx.start()))
        if gap < 0:
            continue
        low = max(0, gap - _MAX_TOKEN)
        found = None
        for tok in token.finditer(text, low, gap):
            if _LABEL_AFTER.fullmatch(text, tok.end(), ctx.start()):
                found = tok
        if found and accept(found.group()):
            yield found.start(), found.end()


def _digit_count(value: str) -> int:
    """Count the digits in a string."""
    return sum(ch.isdigit() for ch in value)


def detect_client_number(tokens: Tokens) -> Iterator[Hit]:
    """Find client, dossier, case and relation numbers named as such."""
    text = tokens.text

    def accept(value: str) -> bool:
        return 5 <= _digit_count(value) <= 20

    def accept_bare(value: str) -> bool:
        # "dossier 12.345" may be an amount; "dossier D-2231.448" is a code
        dotted = "." in value and not value[0].isalpha()
        # "Klant 06-12345678": after the bare word, a mobile number is the phone detector's
        mobile = value.startswith("06") and is_phone_number(value)
        return accept(value) and not dotted and not _FULL_DATE.fullmatch(value) and not mobile

    hits = list(_after_context(text, _CLIENT_CONTEXT.finditer(text), _CLIENT_NUMBER, accept, 40))
    hits += _after_context(
        text, _CLIENT_BARE_CONTEXT.finditer(text), _CLIENT_NUMBER_BARE, accept_bare, 3
    )
    for start, end in hits:
        if named_bsn(text, start):
            continue  # "BSN van de klant: 987 097 052": the BSN detector's (its name wins)
        if not (
            _UNIT_AFTER.match(text, end)
            or cites_ruling(text, start, end)
            or is_public_documents_number(text, start, end)
        ):
            yield Hit("client_number", start, end)
            yield from _listed_after(text, end, accept)
    for code in _BARE_CODE.finditer(text):
        before = text[max(0, code.start() - 40) : code.start()]
        if code.group("prefix") in _BARE_CODE_NOT or _OTHER_NUMBER_BEFORE.search(before):
            continue
        if _OTHER_NUMBER_AFTER.match(text, code.end()):
            continue  # "AB1234567 (paspoort)": named after it, the document's
        if not set(code.group("prefix")) - {"I", "O"}:  # OCR's 1 and 0: the spelled view's
            continue
        if is_professional_number(text, code.start(), code.end()):
            continue  # "factuur F2026-10334", "ticket INC0048811": that document's number
        yield Hit("client_number", code.start(), code.end())
    yield from _table_column_numbers(text)
    yield from _zero_padded_in_a_record(text)


# A row of a payment file or export (cells split by ",", ";", tabs or "|") with an IBAN or a BSN
# in it is a person's record; a zero-padded number of five to nine digits in it is their
# relation or client number as administrative systems write it ("0042193,NL62KNAB…,VAN ROSSUM
# P,415.00"). Ten digits from 0 would be a phone number.
_ZERO_PADDED_CELL = re.compile(
    r"(?:^|(?<=[,;\t|]))[^\S\n]*(?P<n>0\d{4,8})[^\S\n]*(?=[,;\t|]|$)", re.M
)
_RECORD_IDENTIFIER = re.compile(
    r"(?<![\w])(?:[A-Z]{2}\d{2}[ ]?[A-Z]{4}(?:[ ]?\d){10}|\d{9})(?![\w])"
)


def _zero_padded_in_a_record(text: str) -> Iterator[Hit]:
    for run in _ZERO_RUN.finditer(text):  # a literal "0" first: the engine skips ahead fast
        cell = _ZERO_PADDED_CELL.match(text, _cell_start(text, run.start()))
        if cell is None or cell.start("n") != run.start():
            continue
        left = text.rfind("\n", 0, run.start()) + 1
        right = text.find("\n", run.end())
        row = text[left : right if right >= 0 else len(text)]
        if any(
            iban.is_valid(m.group()) or (len(m.group()) == 9 and bsn.is_valid(m.group()))
            for m in _RECORD_IDENTIFIER.finditer(row)
        ):
            yield Hit("client_number", run.start(), run.end())


_ZERO_RUN = re.compile(r"0\d{4,8}(?!\d)")


def _cell_start(text: str, pos: int) -> int:
    """Walk back over the spaces before pos to where a cell starts."""
    while pos > 0 and text[pos - 1] in " \u00a0":
        pos -= 1
    return pos


# "cliëntnr 10029384 én 10029385": more numbers of the same kind in a list.
_LIST_NEXT = re.compile(r"\s*(?:,|&|/|\b(?:en|of)\b|én)\s*", _I)


def _listed_after(text: str, end: int, accept: Callable[[str], bool]) -> Iterator[Hit]:
    """The numbers that follow a found one in a list ("12345, 12346 en 12347")."""
    while (joint := _LIST_NEXT.match(text, end)) and (
        number := _CLIENT_NUMBER.match(text, joint.end())
    ):
        if not accept(number.group()) or _UNIT_AFTER.match(text, number.end()):
            return
        yield Hit("client_number", number.start(), number.end())
        end = number.end()


_TABLE_HEADER = re.compile(
    r".*(?:klant|cli[eë]nt|dossier|zaak|relatie)\s*(?:nummer|nr\.?|no\.?).*|.*kenmerk.*"
    # a column headed by the person alone: its numbers are theirs ("| klant | traject |")
    r"|(?:klant|cli[eë]nt|relatie|deelnemer|aanvrager|klant-?id|dossier)",
    _I,
)


_CELL_LABEL = re.compile(r"[a-zA-Z]{1,5}\.?:?[^\S\n]+(?=[A-Z]{0,4}[-/]?\d)")


def _table_column_numbers(text: str) -> Iterator[Hit]:
    """In a markdown table whose header says "Klantnummer", every number in that column is one."""
    for start, end, value in table_cells(text, _TABLE_HEADER):
        if label := _CELL_LABEL.match(value):  # "bkb 12.3.4567": a creditor's short label
            start, value = start + label.end(), value[label.end() :]
        if _CLIENT_NUMBER.fullmatch(value) and 5 <= _digit_count(value) <= 20:
            if _FULL_DATE.fullmatch(value) or is_phone_number(value):
                continue  # a date or a phone number under "klant" is read as such
            yield Hit("client_number", start, end)


_OTHER_NUMBER_BEFORE = gated(
    rf"(?:{_VNUMMER_CONTEXT.pattern}|{_DOCUMENT_CONTEXT.pattern}|{_KVK_CONTEXT.pattern})"
    r"(?:[^.;\n]|(?<=\bnr)\.|(?<=\bno)\.)*$",
    _I,
)


_OTHER_NUMBER_AFTER = re.compile(
    rf"{_LABEL_AFTER.pattern}(?:{_VNUMMER_CONTEXT.pattern}|{_DOCUMENT_CONTEXT.pattern}"
    rf"|{_KVK_CONTEXT.pattern})",
    _I,
)


def detect_vnummer(tokens: Tokens) -> Iterator[Hit]:
    """Find V-nummers (vreemdelingennummers) after their name."""
    text = tokens.text
    contexts = list(_VNUMMER_CONTEXT.finditer(text))
    for start, end in _after_context(text, contexts, _VNUMMER, lambda v: True, 20):
        yield Hit("vnummer", start, end)
    for start, end in _before_context(text, contexts, _VNUMMER, lambda v: True):
        yield Hit("vnummer", start, end)


def _is_document_number(value: str) -> bool:
    """Accept Dutch passport/ID numbers, driving-licence numbers and foreign passport numbers."""
    if identiteitskaartnummer.is_valid(value):
        return True
    if " " in value or "-" in value:
        # groups: the Dutch passport and ID-card shape, or a driving licence's ten digits
        joined = value.replace(" ", "").replace("-", "")
        shaped = joined[:2].isalpha() and _digit_count(joined) >= 2
        if shaped and identiteitskaartnummer.is_valid(joined.upper()):
            return True
        # a driving licence number never starts with 0; a phone number does
        return len(joined) == 10 and joined.isdigit() and not joined.startswith("0")
    digits = _digit_count(value)
    return digits >= 5 and (value.isdigit() or value[:1].isalpha())


def detect_document_number(tokens: Tokens) -> Iterator[Hit]:
    """Find passport, ID-card, residence-document and driving-licence numbers."""
    text = tokens.text
    contexts = list(_DOCUMENT_CONTEXT.finditer(text))
    for start, end in _after_context(text, contexts, _DOCUMENT, _is_document_number, 30):
        yield Hit("document_number", start, end)
    for start, end in _before_context(text, contexts, _DOCUMENT, _is_document_number):
        yield Hit("document_number", start, end)


_KVK_HEADER = re.compile(r".*\b(?:kvk|k\.v\.k\.|kvk-?nummer|kvk-?nr\.?)\b.*", _I)


def detect_kvk(tokens: Tokens) -> Iterator[Hit]:
    """Find KvK (Chamber of Commerce) numbers and branch numbers after their name, and in a
    table column headed "kvk"."""
    text = tokens.text
    for start, end in _after_context(text, _KVK_CONTEXT.finditer(text), _KVK, lambda v: True, 50):
        yield Hit("kvk", start, end)
    yield from _kvk_column(text)


def _kvk_column(text: str) -> Iterator[Hit]:
    for start, end, value in table_cells(text, _KVK_HEADER):
        if _KVK.fullmatch(value):
            yield Hit("kvk", start, end)


def detect_column_numbers(tokens: Tokens) -> Iterator[Hit]:
    """Client, KvK and V-nummers in a column of that name, read in the normal form: the number
    view joins the lines of a pasted range or CSV export into one, so only a markdown table's
    columns are still columns there (decision 0072)."""
    text = tokens.text
    if "\t" in text or "  " in text or ";" in text:
        if _COLUMN_WORDS.search(text):
            yield from _table_column_numbers(text)
        if _KVK_WORD.search(text):
            yield from _kvk_column(text)
    # the number detectors read no V-nummer column at all, a markdown table's included
    if ("\t" in text or "  " in text or ";" in text or "|" in text) and _VNUMMER_CONTEXT.search(
        text
    ):
        for start, end, value in table_cells(text, _VNUMMER_HEADER):
            if _VNUMMER.fullmatch(value):
                yield Hit("vnummer", start, end)


_VNUMMER_HEADER = re.compile(rf".*(?:{_VNUMMER_CONTEXT.pattern}).*", _I)


# The words a client's or a KvK column's header holds (_TABLE_HEADER, _KVK_HEADER): without one
# of them no column is read.
_COLUMN_WORDS = gated(r"klant|cli[eë]nt|dossier|zaak|relatie|kenmerk|deelnemer|aanvrager", _I)
_KVK_WORD = gated(r"kvk|k\.v\.k", _I)
