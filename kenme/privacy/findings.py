"""The Finding value object, the detector hit type and the kinds the scanner reports."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import NamedTuple

HARD = "hard"
SOFT = "soft"

HARD_KINDS = (
    "bsn",
    "iban",
    "email",
    "phone",
    "postcode_address",
    "birthdate",
    "license_plate",
    "client_number",
    "vnummer",
    "document_number",
    "kvk",
)
SOFT_KINDS = ("name", "age_exact", "date", "place", "organisation")
ALL_KINDS = HARD_KINDS + SOFT_KINDS


def severity_of(kind: str) -> str:
    """Return "hard" for kinds that block saving, "soft" for kinds that need confirmation."""
    return HARD if kind in HARD_KINDS else SOFT


class Hit(NamedTuple):
    """A detector result: a kind and a span in the normalised text."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Finding:
    """A span of the original text that looks like personal data of a client."""

    kind: str
    severity: str
    start: int
    end: int
    text: str
    suggestion: str

    def to_dict(self) -> dict:
        """Return the finding as a JSON-serialisable dict."""
        return asdict(self)
