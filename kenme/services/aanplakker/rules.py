"""The Aanplakker's rules: the phase state machine, limits and shared checks."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from kenme.errors import NotAllowed, NotFound, ValidationFailed
from kenme.models import (
    AanplakkerDetails,
    ContributionKind,
    Phase,
    Post,
    PostType,
    Revision,
    User,
    Visibility,
)
from kenme.models.aanplakker import CASE_FIELDS, CASE_HEADINGS
from kenme.models.types import dutch_today, utcnow
from kenme.services import counters

DEFAULT_DAYS, MIN_DAYS, MAX_DAYS = 14, 3, 30
TITLE_MIN, TITLE_MAX = 15, 150
FIELD_MIN = {"situatie": 30, "dilemma": 20, "geprobeerd": 10, "meedenkvraag": 15}
FIELD_MAX = 10_000
CONTRIBUTION_MIN, OOGST_MIN, FOLLOWUP_MIN, NOTE_MIN = 10, 30, 20, 10
REMIND_EVERY_DAYS = 7

# The state machine: which phase follows which, and which contributions each phase allows.
NEXT_PHASE = {
    Phase.VERHELDEREN: Phase.MEEDENKEN,
    Phase.MEEDENKEN: Phase.OOGST,
    Phase.OOGST: Phase.GESLOTEN,
}
ALLOWED_KINDS = {
    Phase.VERHELDEREN: (ContributionKind.VRAAG,),
    Phase.MEEDENKEN: (
        ContributionKind.PERSPECTIEF,
        ContributionKind.ERVARING,
        ContributionKind.ADVIES,
    ),
    Phase.OOGST: (),
    Phase.GESLOTEN: (),
}
FIELD_LABELS = {
    "title": "Titel",
    "situatie": "Situatie",
    "dilemma": "Mijn dilemma",
    "geprobeerd": "Wat ik al heb geprobeerd",
    "meedenkvraag": "Waarover wil ik meedenken",
    "body": "Je bijdrage",
    "reply": "Je antwoord",
    "oogst": "Je oogst",
    "followup": "Hoe is het afgelopen?",
    "note": "Toelichting",
}

Confirmations = Iterable[Mapping]


def local_today() -> date:
    """Today in the Netherlands: end dates are calendar days there."""
    return dutch_today()


def thread_url(post_id: int) -> str:
    return f"/aanplakker/{post_id}"


def allowed_kinds(phase: Phase) -> tuple[ContributionKind, ...]:
    """The contribution kinds the phase allows (none in oogst and gesloten)."""
    return ALLOWED_KINDS[phase]


def is_open_for_contributions(details: AanplakkerDetails, today: date | None = None) -> bool:
    """Contributing is possible in verhelderen and meedenken, up to and including ends_on."""
    return bool(allowed_kinds(details.phase)) and (today or local_today()) <= details.ends_on


def is_overdue(details: AanplakkerDetails, today: date | None = None) -> bool:
    """Past the end date without an oogst: the author is reminded."""
    return details.phase != Phase.GESLOTEN and (today or local_today()) > details.ends_on


def ensure_active(user: User) -> None:
    if not user.is_active:
        raise NotAllowed("Je account kan op dit moment niets plaatsen.")


def check_text(value: str | None, field: str, minimum: int, maximum: int = FIELD_MAX) -> str:
    value = (value or "").strip()
    label = FIELD_LABELS[field]
    if len(value) < minimum:
        raise ValidationFailed(
            f"{label}: schrijf iets meer, minimaal {minimum} tekens.", field=field
        )
    if len(value) > maximum:
        raise ValidationFailed(
            f"{label}: je tekst is te lang, hooguit {maximum:,} tekens.".replace(",", "."),
            field=field,
        )
    return value


def check_title(value: str | None) -> str:
    title = " ".join((value or "").split())
    if len(title) < TITLE_MIN:
        raise ValidationFailed(
            f"Maak de titel iets langer: minimaal {TITLE_MIN} tekens.", field="title"
        )
    if len(title) > TITLE_MAX:
        raise ValidationFailed(f"Maak de titel korter: hooguit {TITLE_MAX} tekens.", field="title")
    return title


def check_ends_on(ends_on: date | None, today: date | None = None) -> date:
    """Return a valid end date (default: in 14 days) or refuse it in Dutch."""
    today = today or local_today()
    if ends_on is None:
        return today + timedelta(days=DEFAULT_DAYS)
    if ends_on < today:
        raise ValidationFailed("De einddatum ligt in het verleden.", field="ends_on")
    if ends_on < today + timedelta(days=MIN_DAYS):
        raise ValidationFailed(
            f"Geef collega's minimaal {MIN_DAYS} dagen om mee te denken.", field="ends_on"
        )
    if ends_on > today + timedelta(days=MAX_DAYS):
        raise ValidationFailed(f"Kies een einddatum binnen {MAX_DAYS} dagen.", field="ends_on")
    return ends_on


def ensure_aanplakker(post: Post) -> AanplakkerDetails:
    """Refuse posts that are not a visible Aanplakker; return its details."""
    if post.type != PostType.AANPLAKKER or post.aanplakker_details is None:
        raise NotFound("Deze Aanplakker bestaat niet.")
    if post.visibility != Visibility.VISIBLE:
        raise NotFound("Deze Aanplakker bestaat niet (meer) of is niet zichtbaar.")
    return post.aanplakker_details


def only_author(actor: User, post: Post, action: str) -> None:
    if actor.id != post.author_id:
        raise NotAllowed(f"Alleen wie de Aanplakker startte, kan {action}.")


def add_revision(post: Post, author: User, fields: dict, summary: str, confirmed: list) -> None:
    number = counters.next_revision_number(post)
    post.revisions.append(
        Revision(
            number=number,
            title=post.title,
            body_markdown=post.body_markdown,
            body_html=post.body_html,
            fields=fields,
            author=author,
            edit_summary=summary,
            confirmed_findings=confirmed,
            created_at=utcnow(),
        )
    )


def compose_body(fields: Mapping[str, str]) -> str:
    """One Markdown text of the case fields, so search and purge see them as a post body."""
    return "\n\n".join(f"## {CASE_HEADINGS[name]}\n\n{fields[name]}" for name in CASE_FIELDS)


def revision_fields(details: AanplakkerDetails) -> dict:
    fields = {name: getattr(details, f"{name}_markdown") for name in CASE_FIELDS}
    if details.oogst_markdown:
        fields["oogst"] = details.oogst_markdown
    if details.followup_markdown:
        fields["followup"] = details.followup_markdown
    return fields
