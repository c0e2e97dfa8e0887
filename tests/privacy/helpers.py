"""Span checks shared by the privacy tests: does the guard find a kind over a piece of text?"""

from __future__ import annotations

from kenme.privacy import scan

# The hard kinds a bare number can be read as (not an IBAN, plate, postcode or date).
NUMBER_KINDS = ("client_number", "document_number", "bsn", "kvk", "vnummer", "phone")


def findings(text: str) -> list[tuple[str, str]]:
    """Every finding in text as (kind, the text it covers)."""
    return [(finding.kind, finding.text) for finding in scan(text)]


def kinds_over(text: str, piece: str) -> set[str]:
    """The kinds of the findings that overlap the first occurrence of piece in text."""
    start = text.index(piece)
    end = start + len(piece)
    return {f.kind for f in scan(text) if f.start < end and start < f.end}


def kind_over(text: str, piece: str, *kinds: str) -> bool:
    """Tell whether a finding of one of the kinds overlaps the first occurrence of piece."""
    return bool(kinds_over(text, piece) & set(kinds))


def hard_kinds(text: str) -> list[str]:
    """The kinds of the hard findings in text, in order."""
    return [f.kind for f in scan(text) if f.severity == "hard"]
