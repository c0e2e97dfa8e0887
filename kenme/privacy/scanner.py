"""The scan: normalise, run every detector, map hits to the original text, resolve overlaps."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable

from kenme.privacy.ages import detect_ages
from kenme.privacy.contact import detect_address, detect_email, detect_phone
from kenme.privacy.dates import detect_dates
from kenme.privacy.findings import HARD, HARD_KINDS, Finding, Hit, severity_of
from kenme.privacy.foreign_streets import detect_foreign_address
from kenme.privacy.identifiers import (
    detect_bsn,
    detect_iban,
    detect_license_plate,
    inside_random_token,
)
from kenme.privacy.messages import SUGGESTIONS, TEXT_TOO_LARGE
from kenme.privacy.names import detect_names
from kenme.privacy.normalise import Normalised, normalise, number_view
from kenme.privacy.organisations import detect_organisations
from kenme.privacy.person import (
    detect_invalid_iban,
    detect_spoken_numbers,
    detect_unknown_numbers,
)
from kenme.privacy.places import detect_places
from kenme.privacy.references import (
    detect_client_number,
    detect_document_number,
    detect_kvk,
    detect_vnummer,
)
from kenme.privacy.streets import detect_home_postcode, detect_unknown_address

MAX_TEXT_CHARS = 50_000

Detector = Callable[[str], Iterable[Hit]]

# Detectors of numbers read the number view (separators inside numbers made alike); the
# others read the normal form, where line breaks and sentences are as the author wrote them.
NUMBER_DETECTORS: tuple[Detector, ...] = (
    detect_client_number,
    detect_vnummer,
    detect_document_number,
    detect_kvk,
    detect_bsn,
    detect_iban,
    detect_phone,
    detect_address,
    detect_dates,
    detect_license_plate,
)
TEXT_DETECTORS: tuple[Detector, ...] = (
    detect_email,
    detect_organisations,
    detect_names,
    detect_places,
    detect_ages,
    detect_home_postcode,
    detect_spoken_numbers,
    detect_foreign_address,
)
# Unknown shapes near a person (decision 0032): kept only where no other detector found
# anything, so a known shape (a phone number, a date, an amount) keeps its own reading.
FALLBACK_DETECTORS: tuple[Detector, ...] = (
    detect_invalid_iban,
    detect_unknown_numbers,
    detect_unknown_address,
)
DETECTORS = NUMBER_DETECTORS + TEXT_DETECTORS + FALLBACK_DETECTORS

# When two findings overlap and are equally long, the more specific kind wins.
_PRIORITY = {
    kind: rank
    for rank, kind in enumerate(
        (
            "client_number", "vnummer", "document_number", "kvk", "birthdate", "bsn", "iban",
            "email", "phone", "postcode_address", "license_plate",
            "organisation", "name", "place", "date", "age_exact",
        )
    )
}  # fmt: skip


class TextTooLarge(ValueError):
    """Raised for texts longer than MAX_TEXT_CHARS; the message is Dutch and shown to authors."""

    def __init__(self, length: int, limit: int = MAX_TEXT_CHARS) -> None:
        super().__init__(TEXT_TOO_LARGE.format(limit=_dutch_int(limit), length=_dutch_int(length)))
        self.length = length
        self.limit = limit


def _dutch_int(value: int) -> str:
    """Format an integer with Dutch thousands separators (50.000)."""
    return f"{value:,}".replace(",", ".")


def scan(text: str) -> list[Finding]:
    """Return the personal data found in text, sorted by position, with offsets into text."""
    if not isinstance(text, str):
        raise TypeError("scan() verwacht tekst (str)")
    if len(text) > MAX_TEXT_CHARS:
        raise TextTooLarge(len(text))
    if not text.strip():
        return []
    normalised = normalise(text)
    numbers = number_view(normalised)
    hits = [
        Hit(hit.kind, *view.original_span(hit.start, hit.end))
        for view, detectors in ((numbers, NUMBER_DETECTORS), (normalised, TEXT_DETECTORS))
        for detect in detectors
        for hit in detect(view.text)
        if hit.end > hit.start
    ]
    hits += _fallback_hits(normalised, hits)
    # A plate spelled inside a video id or tracking code is no plate; asked of the text as
    # written, since the number view has made "_" a space.
    hits = [
        h
        for h in hits
        if h.kind != "license_plate" or not inside_random_token(text, h.start, h.end)
    ]
    findings = [
        Finding(
            kind=hit.kind,
            severity=severity_of(hit.kind),
            start=hit.start,
            end=hit.end,
            text=text[hit.start : hit.end],
            suggestion=SUGGESTIONS[hit.kind],
        )
        for hit in _resolve_overlaps(_named_bsn_first(text, hits))
    ]
    return sorted(findings, key=lambda f: (f.start, f.end))


# A fallback hit gives way to these readings of the same text; a name or a place under a
# street word ("Kalover 12") does not stop it (the hard finding out-ranks them anyway).
_KNOWN_READINGS = frozenset((*HARD_KINDS, "date", "age_exact"))


def _fallback_hits(view: Normalised, hits: list[Hit]) -> list[Hit]:
    """The fallback detectors' hits (original offsets) that overlap no known reading. A hard
    reading strictly inside a longer fallback hit does not stop it ("0100 0000 00", read as a
    phone number, inside an account number in the IBAN shape): the longer one wins later."""
    known = sorted(
        (h.start, h.end, h.kind in HARD_KINDS) for h in hits if h.kind in _KNOWN_READINGS
    )
    starts = [s for s, _, _ in known]
    kept = []
    for detect in FALLBACK_DETECTORS:
        for hit in detect(view.text):
            start, end = view.original_span(hit.start, hit.end)
            if end <= start:
                continue
            # Known spans that start before this one ends; at most a few are near it.
            i = bisect.bisect_left(starts, end)
            blocked = False
            for k_start, k_end, hard in reversed(known[:i]):
                if k_end <= start:
                    if k_end < start - 400:
                        break  # known spans are short; none further back can reach start
                    continue
                inside = start <= k_start and k_end <= end and (k_start, k_end) != (start, end)
                if not (hard and inside):
                    blocked = True
                    break
            if not blocked:
                kept.append(Hit(hit.kind, start, end))
    return kept


_BSN_NAMED = re.compile(r"\b(?:bsn|burgerservicenummer|sofinummer)\b", re.IGNORECASE)


def _named_bsn_first(text: str, hits: list[Hit]) -> list[Hit]:
    """Drop a client-number reading of a number that the BSN detector also found when the
    writer called it a BSN shortly before ("BSN van de klant: 987 097 052"): the generic
    client context ("klant:") must not out-rank the explicit name. A number of eight or nine
    digits so named that fails the 11-proef (a typo, or made up) is read as a BSN too."""
    bsn_spans = {(h.start, h.end) for h in hits if h.kind == "bsn"}
    kept = []
    for h in hits:
        if h.kind == "client_number" and _BSN_NAMED.search(text, max(0, h.start - 40), h.start):
            if (h.start, h.end) in bsn_spans:
                continue
            if sum(c.isdigit() for c in text[h.start : h.end]) in (8, 9):
                h = Hit("bsn", h.start, h.end)  # one that fails the 11-proef: still a BSN
        kept.append(h)
    return kept


def _resolve_overlaps(hits: list[Hit]) -> list[Hit]:
    """Keep one finding per stretch of text: hard before soft, then longer, then more specific."""
    ranked = sorted(
        set(hits),
        key=lambda h: (
            severity_of(h.kind) != HARD,
            -(h.end - h.start),
            _PRIORITY[h.kind],
            h.start,
        ),
    )
    starts: list[int] = []  # kept spans, sorted by start; they never overlap each other
    ends: list[int] = []
    kept: list[Hit] = []
    for hit in ranked:
        i = bisect.bisect_left(starts, hit.start)
        if i < len(starts) and starts[i] < hit.end:
            continue
        if i > 0 and ends[i - 1] > hit.start:
            continue
        starts.insert(i, hit.start)
        ends.insert(i, hit.end)
        kept.append(hit)
    return kept
