"""Turn privacy findings into what a form shows: a list, highlights and confirmation boxes.

Used by every form that posts member-written text (ask, answer, edit, comment, and later the
Aanplakker). The template side is the ``privacy_review`` macro in templates/_privacy.html.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from kenme.extensions import db
from kenme.privacy.findings import SOFT_KINDS
from kenme.services import privacy_gate
from kenme.services.privacy_gate import FieldFinding, PersonalDataRefused
from kenme.web.messages import finding_kind_label

CONFIRM_FIELD = "privacy_confirm"
_EMPHASIS = re.compile(r"\*([^*]+)\*")


@dataclass(frozen=True)
class ReviewItem:
    """One finding as the author sees it, with the id of its highlight."""

    finding: FieldFinding
    anchor: str
    field_label: str
    confirmed: bool

    @property
    def hard(self) -> bool:
        return self.finding.severity == "hard"

    @property
    def key(self) -> str:
        return self.finding.key

    @property
    def label(self) -> str:
        return finding_kind_label(self.finding.kind)

    @property
    def suggestion_parts(self) -> list[tuple[str, bool]]:
        """The suggestion split into (text, emphasised) parts; *x* marks an example."""
        parts: list[tuple[str, bool]] = []
        for index, piece in enumerate(_EMPHASIS.split(self.finding.suggestion)):
            if piece:
                parts.append((piece, index % 2 == 1))
        return parts


@dataclass(frozen=True)
class Segment:
    """A run of the author's text, highlighted when it belongs to a finding."""

    text: str
    item: ReviewItem | None = None


@dataclass
class FieldText:
    """A submitted field shown with its findings marked in place."""

    name: str
    label: str
    segments: list[Segment] = field(default_factory=list)


@dataclass
class PrivacyReview:
    """Everything the privacy_review macro needs."""

    items: list[ReviewItem]
    fields: list[FieldText]
    rejected: bool = True

    @property
    def blocked(self) -> bool:
        """Whether a hard finding means the text must be rewritten before it can be posted."""
        return any(item.hard for item in self.items)

    @property
    def open_items(self) -> list[ReviewItem]:
        return [item for item in self.items if not item.confirmed]


def _parse_key(key: str) -> tuple[str, str, int, int] | None:
    try:
        name, kind, start, end = key.rsplit(":", 3)
        return name, kind, int(start), int(end)
    except ValueError:
        return None


def confirmations(fields: Mapping[str, str], keys: Iterable[str]) -> list[dict]:
    """Turn ticked checkboxes into confirmations for the privacy gate.

    A key names a span of the text as it was when the checkbox was shown; it confirms only
    the text now at that span, so a confirmation never carries over to rewritten text.
    """
    result = []
    for key in keys:
        parsed = _parse_key(key)
        if parsed is None:
            continue
        name, kind, start, end = parsed
        text = fields.get(name) or ""
        if kind in SOFT_KINDS and 0 <= start < end <= len(text):
            result.append({"field": name, "kind": kind, "text": text[start:end]})
    return result


def build_review(
    fields: Mapping[str, str],
    labels: Mapping[str, str],
    blocking: Iterable[FieldFinding] | None = None,
    *,
    rejected: bool = True,
    hard_only: bool = False,
) -> PrivacyReview | None:
    """Scan the fields and describe every finding; None when the text is clean.

    ``blocking`` are the findings the privacy gate refused; soft findings not among them were
    confirmed by the author and are shown with a ticked box. Without ``blocking`` (a preview),
    nothing counts as confirmed yet.
    """
    findings = privacy_gate.scan_fields(fields, db.session)
    if hard_only:  # fields without a confirmation step: names there are allowed
        findings = [f for f in findings if f.severity == "hard"]
    if not findings:
        return None
    refused = None if blocking is None else {f.key for f in blocking}
    items: list[ReviewItem] = []
    texts: list[FieldText] = []
    for name, text in fields.items():
        own = sorted((f for f in findings if f.field == name), key=lambda f: (f.start, f.end))
        if not own:
            continue
        label = labels.get(name, name)
        field_text = FieldText(name=name, label=label)
        cursor, anchor = 0, ""
        for index, finding in enumerate(own):
            confirmed = (
                finding.severity != "hard" and refused is not None and finding.key not in refused
            )
            overlaps = finding.start < cursor
            if not overlaps:
                anchor = f"pg-{name}-{index}"
            item = ReviewItem(finding, anchor, label, confirmed)
            items.append(item)
            if overlaps:
                continue  # listed, and linked to the highlight it overlaps
            field_text.segments.append(Segment(text[cursor : finding.start]))
            field_text.segments.append(Segment(text[finding.start : finding.end], item))
            cursor = finding.end
        field_text.segments.append(Segment(text[cursor:]))
        texts.append(field_text)
    return PrivacyReview(items=items, fields=texts, rejected=rejected)


def refusal_review(form, error: PersonalDataRefused) -> PrivacyReview | None:
    """The refused fields of a form (profile, token name, edit summary) with each hard
    identifier marked in place, for the privacy_review macro; the form keeps the text."""
    names = dict.fromkeys(finding.field for finding in error.findings)
    fields = {name: str(form[name].data or "") for name in names if name in form}
    labels = {name: str(form[name].label.text) for name in fields}
    return build_review(fields, labels, error.findings, hard_only=True)
