"""The scan: normalise, run every detector, map hits to the original text, resolve overlaps."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable

from kenme.privacy.ages import detect_ages
from kenme.privacy.anchored import Tokens
from kenme.privacy.contact import detect_address, detect_email, detect_phone
from kenme.privacy.dates import detect_dates
from kenme.privacy.findings import HARD, HARD_KINDS, Finding, Hit, severity_of
from kenme.privacy.foreign_streets import detect_foreign_address
from kenme.privacy.identifiers import (
    detect_bsn,
    detect_bsn_column,
    detect_iban,
    detect_license_plate,
    inside_random_token,
)
from kenme.privacy.messages import SUGGESTIONS, TEXT_TOO_LARGE
from kenme.privacy.names import detect_names
from kenme.privacy.normalise import normalise, number_view
from kenme.privacy.organisations import detect_organisations
from kenme.privacy.person import (
    detect_invalid_iban,
    detect_spoken_numbers,
    detect_unknown_numbers,
)
from kenme.privacy.places import detect_places
from kenme.privacy.references import (
    detect_client_number,
    detect_column_numbers,
    detect_document_number,
    detect_kvk,
    detect_vnummer,
)
from kenme.privacy.spelled import spelled_view
from kenme.privacy.streets import (
    detect_home_postcode,
    detect_number_before_street,
    detect_unknown_address,
)

MAX_TEXT_CHARS = 50_000

# A detector reads one view of the text, with the positions its patterns can start from, found
# once per view and scan (anchored.Tokens); it keeps nothing of the text after it.
Detector = Callable[[Tokens], Iterable[Hit]]

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
    detect_number_before_street,
    detect_foreign_address,
    detect_invalid_iban,
    detect_bsn_column,
    detect_column_numbers,
)
# Unknown shapes near a person (decision 0032): kept only where no known reading stands, so a
# known shape (a phone number, a date, an amount) keeps its own reading. A number read out in
# words is read by the number detectors in the spelled view first (decision 0046).
FALLBACK_DETECTORS: tuple[Detector, ...] = (
    detect_unknown_numbers,
    detect_spoken_numbers,
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
    views = [(numbers, NUMBER_DETECTORS), (normalised, TEXT_DETECTORS + FALLBACK_DETECTORS)]
    # Numbers spaced out, misread by OCR or spelled in words (decision 0046): the number
    # detectors read them again, as digits, where a pass of the spelled view changed something.
    spelled = spelled_view(numbers)
    if spelled is not numbers:
        views.append((spelled, NUMBER_DETECTORS))
    hits: list[tuple[int, Hit]] = []
    for view, detectors in views:
        tokens = Tokens(view.text)  # this scan's own: no text stays once scan() returns
        hits += [
            (_tier(detect, hit.kind), Hit(hit.kind, *view.original_span(hit.start, hit.end)))
            for detect in detectors
            for hit in detect(tokens)
            if hit.end > hit.start
        ]
    # A plate spelled inside a video id or tracking code is no plate; asked of the text as
    # written, since the number view has made "_" a space.
    hits = [
        (tier, h)
        for tier, h in hits
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
        for hit in _resolve_overlaps(hits)
    ]
    return sorted(findings, key=lambda f: (f.start, f.end))


# The tiers of the one overlap rule. A known reading (a hard kind, a date, an age) comes
# first; an unknown shape near a person (decision 0032) only where none stands; a name, place
# or organisation last, so a name under a street word ("Kalover 12") does not stop the
# address (the hard finding out-ranks it anyway).
_KNOWN_READINGS = frozenset((*HARD_KINDS, "date", "age_exact"))
_FALLBACK = frozenset(FALLBACK_DETECTORS)


def _tier(detect: Detector, kind: str) -> int:
    if detect in _FALLBACK:
        return 1
    return 0 if kind in _KNOWN_READINGS else 2


def _resolve_overlaps(hits: list[tuple[int, Hit]]) -> list[Hit]:
    """Keep one finding per stretch of text: a known reading before an unknown shape before a
    name, place or organisation (see _tier); then hard before soft, longer, more specific."""
    ranked = [
        hit
        for _, hit in sorted(
            set(hits),
            key=lambda th: (
                th[0],
                severity_of(th[1].kind) != HARD,
                -(th[1].end - th[1].start),
                _PRIORITY[th[1].kind],
                th[1].start,
            ),
        )
    ]
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
