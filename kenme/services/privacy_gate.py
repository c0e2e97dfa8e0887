"""Run every user-written field through the privacy scan before anything is stored."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kenme.errors import DomainError, ValidationFailed

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# Findings a mention of a member may cover without being one: "@Ilse de Vries" names a
# colleague, not a client. Never hard kinds: a display name cannot whitelist a BSN.
MENTION_EXEMPT_KINDS = frozenset({"name"})


@dataclass(frozen=True)
class FieldFinding:
    """A privacy finding in one named field of a submission."""

    field: str
    kind: str
    severity: str
    start: int
    end: int
    text: str
    suggestion: str

    def to_dict(self) -> dict:
        return {
            "field": self.field,
            "kind": self.kind,
            "severity": self.severity,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "suggestion": self.suggestion,
        }

    @property
    def key(self) -> str:
        """A stable identifier for a confirmation checkbox."""
        return f"{self.field}:{self.kind}:{self.start}:{self.end}"


class PersonalDataFound(DomainError):
    """The submission holds (possible) personal data of clients; nothing was stored."""

    code = "personal_data"
    status = 422

    def __init__(self, findings: list[FieldFinding]):
        hard = any(f.severity == "hard" for f in findings)
        message = (
            "Je tekst bevat persoonsgegevens van een klant. Haal ze weg; we hebben niets "
            "opgeslagen."
            if hard
            else "Je tekst bevat mogelijk persoonsgegevens. Pas de gemarkeerde stukken aan of "
            "bevestig per stuk dat het geen herleidbaar persoonsgegeven is."
        )
        super().__init__(message, details={"findings": [f.to_dict() for f in findings]})
        self.findings = findings
        self.hard = hard


class PersonalDataRefused(ValidationFailed):
    """A field that has no confirmation step holds a hard identifier; nothing was stored.

    A ValidationFailed with the field at fault, so every form shows it at that field and keeps
    what the author typed; the API answers 422 with the findings (kind, field, span,
    suggestion). The message names the kind, never the identifier itself.
    """

    code = "personal_data"
    status = 422

    def __init__(self, findings: list[FieldFinding], message: str | None = None):
        from kenme.privacy.messages import KIND_LABELS

        kinds = sorted({KIND_LABELS.get(f.kind, f.kind) for f in findings})
        message = message or (
            f"Dit veld bevat persoonsgegevens van een klant ({', '.join(kinds)}). Haal ze weg; "
            "we hebben niets opgeslagen."
        )
        details = {
            "findings": [{k: v for k, v in f.to_dict().items() if k != "text"} for f in findings]
        }
        super().__init__(message, field=findings[0].field, details=details)
        self.findings = findings


@functools.lru_cache(maxsize=64)
def _scan_cached(text: str) -> tuple:
    """scan(text), remembered for the few texts of one request (service check, then flush)."""
    from kenme.privacy import scan

    return tuple(scan(text))


def mask_hard(text: str) -> str:
    """Replace every hard identifier in text by "[BSN weggelaten]" and the like (for previews)."""
    from kenme.privacy import TextTooLarge
    from kenme.privacy.messages import KIND_LABELS

    if not text:
        return text
    try:
        findings = [f for f in _scan_cached(text) if f.severity == "hard"]
    except TextTooLarge:
        return ""
    for finding in sorted(findings, key=lambda f: f.start, reverse=True):
        label = KIND_LABELS.get(finding.kind, finding.kind)
        text = f"{text[: finding.start]}[{label} weggelaten]{text[finding.end :]}"
    return text


def refuse_hard(fields: Mapping[str, str] | Iterable[tuple[str, str]]) -> None:
    """Raise PersonalDataRefused when any field holds a hard identifier; soft kinds pass.

    For fields without a confirmation step (profile, token name, edit summary, notes, reasons,
    topics, thesaurus) and for the flush hook (``kenme.services.privacy_fields``).
    """
    from kenme.privacy import TextTooLarge

    pairs = fields.items() if isinstance(fields, Mapping) else fields
    hard: list[FieldFinding] = []
    for name, text in pairs:
        if not text:
            continue
        try:
            results = _scan_cached(text)
        except TextTooLarge as error:
            raise ValidationFailed(str(error), field=name) from error
        hard.extend(
            FieldFinding(name, f.kind, f.severity, f.start, f.end, f.text, f.suggestion)
            for f in results
            if f.severity == "hard"
        )
    if hard:
        raise PersonalDataRefused(hard)


SEARCH_REFUSED = (
    "Je zoekopdracht bevat persoonsgegevens van een klant ({kinds}). We hebben niet gezocht en "
    "niets bewaard. Zoek op de situatie of de regel, niet op de klant."
)


def _search_findings(text: str, field: str = "q") -> list[FieldFinding]:
    from kenme.privacy import TextTooLarge

    if not text or not text.strip():
        return []
    try:
        results = _scan_cached(text)
    except TextTooLarge:
        return []  # the search layer cuts long queries itself
    return [
        FieldFinding(field, f.kind, f.severity, f.start, f.end, f.text, f.suggestion)
        for f in results
        if f.severity == "hard"
    ]


def search_refusal(text: str) -> str | None:
    """The Dutch notice for a search query that holds a hard identifier, else None."""
    from kenme.privacy.messages import KIND_LABELS

    findings = _search_findings(text)
    if not findings:
        return None
    kinds = ", ".join(sorted({KIND_LABELS.get(f.kind, f.kind) for f in findings}))
    return SEARCH_REFUSED.format(kinds=kinds)


def refuse_search(text: str, *, field: str) -> None:
    """Raise a 422 (code personal_data) for a search or suggest query with a hard identifier."""
    findings = _search_findings(text, field)
    if findings:
        raise PersonalDataRefused(findings, message=search_refusal(text))


def _confirmed(finding: FieldFinding, confirmations: list[Mapping]) -> bool:
    for item in confirmations:
        if item.get("kind") != finding.kind or item.get("text") != finding.text:
            continue
        if item.get("field") in (None, finding.field):
            return True
    return False


def scan_fields(fields: Mapping[str, str], session: Session | None = None) -> list[FieldFinding]:
    """Scan each field and return every finding, tagged with its field.

    With a ``session``, names inside a mention of a community member are no finding
    (``kenme.services.mentions``).
    """
    from kenme.privacy import TextTooLarge

    findings: list[FieldFinding] = []
    for name, text in fields.items():
        if not text:
            continue
        try:
            results = list(_scan_cached(text))
        except TextTooLarge as error:
            raise ValidationFailed(str(error), field=name) from error
        if session is not None and any(f.kind in MENTION_EXEMPT_KINDS for f in results):
            results = _outside_mentions(session, text, results)
        findings.extend(
            FieldFinding(name, f.kind, f.severity, f.start, f.end, f.text, f.suggestion)
            for f in results
        )
    return findings


def _outside_mentions(session: Session, text: str, results: list) -> list:
    """Drop name findings that lie inside a mention of a member."""
    from kenme.services.mentions import resolve

    spans = [(m.start, m.end) for m in resolve(session, text)]
    return [
        f
        for f in results
        if f.kind not in MENTION_EXEMPT_KINDS
        or not any(start <= f.start and f.end <= end for start, end in spans)
    ]


def check(
    fields: Mapping[str, str],
    confirmations: Iterable[Mapping] = (),
    *,
    session: Session | None = None,
) -> list[dict]:
    """Raise PersonalDataFound unless the fields are clean or every soft finding is confirmed.

    Returns the confirmed soft findings, to be stored on the revision. With a ``session``,
    mentions of members are no finding (``scan_fields``).
    """
    confirmations = list(confirmations or ())
    findings = scan_fields(fields, session)
    blocking = [f for f in findings if f.severity == "hard" or not _confirmed(f, confirmations)]
    if blocking:
        raise PersonalDataFound(blocking)
    return [{"field": f.field, "kind": f.kind, "text": f.text} for f in findings]
