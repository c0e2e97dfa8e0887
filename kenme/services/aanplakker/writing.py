"""Starting an Aanplakker, contributing, answering clarifying questions, "herkenbaar"."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from kenme.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from kenme.models import (
    AanplakkerDetails,
    ContributionDetails,
    ContributionKind,
    Herkenbaar,
    Lens,
    Phase,
    Post,
    PostType,
    QuestionStatus,
    User,
    Visibility,
)
from kenme.models.types import utcnow
from kenme.rendering import render_markdown
from kenme.search.changes import record_change
from kenme.services import counters, events, follows, mentions, privacy_gate
from kenme.services.aanplakker.rules import (
    CONTRIBUTION_MIN,
    FIELD_MIN,
    Confirmations,
    add_revision,
    allowed_kinds,
    check_ends_on,
    check_text,
    check_title,
    compose_body,
    ensure_aanplakker,
    ensure_active,
    local_today,
    only_author,
)
from kenme.services.topics import resolve_topics


def start_aanplakker(
    session: Session,
    author: User,
    *,
    title: str,
    situatie: str,
    dilemma: str,
    geprobeerd: str,
    meedenkvraag: str,
    topic_slugs: Iterable[str],
    ends_on: date | None = None,
    confirmations: Confirmations = (),
) -> Post:
    """Pin a new dilemma to the board in phase verhelderen; topic followers hear of it."""
    ensure_active(author)
    title = check_title(title)
    fields = {
        "situatie": check_text(situatie, "situatie", FIELD_MIN["situatie"]),
        "dilemma": check_text(dilemma, "dilemma", FIELD_MIN["dilemma"]),
        "geprobeerd": check_text(geprobeerd, "geprobeerd", FIELD_MIN["geprobeerd"]),
        "meedenkvraag": check_text(meedenkvraag, "meedenkvraag", FIELD_MIN["meedenkvraag"]),
    }
    topics = resolve_topics(session, topic_slugs)
    ends_on = check_ends_on(ends_on)
    confirmed = privacy_gate.check({"title": title, **fields}, confirmations)
    now = utcnow()
    body = compose_body(fields)
    post = Post(
        type=PostType.AANPLAKKER,
        author=author,
        title=title,
        body_markdown=body,
        body_html=render_markdown(body),
        status=QuestionStatus.OPEN,
        created_at=now,
        last_activity_at=now,
        topics=topics,
    )
    details = AanplakkerDetails(
        post=post, phase=Phase.VERHELDEREN, phase_changed_at=now, ends_on=ends_on
    )
    for name, text in fields.items():
        setattr(details, f"{name}_markdown", text)
        setattr(details, f"{name}_html", render_markdown(text))
    session.add_all([post, details])
    add_revision(post, author, dict(fields), "Aanplakker gestart", confirmed)
    session.flush()
    follows.follow_post(session, author, post.id)
    events.aanplakker_started(session, post)
    record_change(session, post)
    return post


def _kind(value: str | ContributionKind) -> ContributionKind:
    try:
        return ContributionKind(value)
    except ValueError:
        raise ValidationFailed("Kies wat voor bijdrage je geeft.", field="kind") from None


def _lens(value: str | Lens | None) -> Lens | None:
    if value in (None, ""):
        return None
    try:
        return Lens(value)
    except ValueError:
        raise ValidationFailed("Kies een bestaande bril, of geen.", field="lens") from None


PHASE_REFUSALS = {
    Phase.VERHELDEREN: "In de fase Verhelderen kun je alleen een verhelderende vraag stellen. "
    "Meedenken met perspectieven, ervaringen en adviezen kan zodra de schrijver de "
    "Aanplakker naar de fase Meedenken zet.",
    Phase.MEEDENKEN: "In de fase Meedenken deel je een perspectief, ervaring of advies. "
    "De tijd voor verhelderende vragen is voorbij.",
    Phase.OOGST: "Deze Aanplakker is in de fase Oogst: de schrijver verwerkt de bijdragen. "
    "Nieuwe bijdragen kunnen niet meer.",
    Phase.GESLOTEN: "Deze Aanplakker is gesloten. Nieuwe bijdragen kunnen niet meer.",
}


def contribute(
    session: Session,
    member: User,
    aanplakker: Post,
    *,
    kind: str | ContributionKind,
    lens: str | Lens | None = None,
    body: str,
    anonymous: bool = False,
    confirmations: Confirmations = (),
    today: date | None = None,
) -> Post:
    """Add a clarifying question (verhelderen) or a perspective, experience or advice."""
    ensure_active(member)
    details = ensure_aanplakker(aanplakker)
    kind, lens = _kind(kind), _lens(lens)
    if kind == ContributionKind.VRAAG and lens is not None:
        raise ValidationFailed("Een verhelderende vraag stel je zonder bril.", field="lens")
    if member.id == aanplakker.author_id:
        raise NotAllowed(
            "Je eigen Aanplakker: je beantwoordt verhelderende vragen en schrijft straks de "
            "oogst, maar je geeft zelf geen bijdragen."
        )
    if aanplakker.locked:
        raise Conflict("Deze Aanplakker is vergrendeld door een moderator.")
    if kind not in allowed_kinds(details.phase):
        raise Conflict(PHASE_REFUSALS[details.phase], field="kind")
    if (today or local_today()) > details.ends_on:
        raise Conflict(
            "De einddatum van deze Aanplakker is voorbij; bijdragen kan niet meer.", field="kind"
        )
    body = check_text(body, "body", CONTRIBUTION_MIN)
    confirmed = privacy_gate.check({"body": body}, confirmations, session=session)
    now = utcnow()
    body_html, mentioned = mentions.render_post(session, body)
    contribution = Post(
        type=PostType.CONTRIBUTION,
        parent=aanplakker,
        author=member,
        anonymous=bool(anonymous),
        body_markdown=body,
        body_html=body_html,
        created_at=now,
        last_activity_at=now,
    )
    session.add(contribution)
    session.add(ContributionDetails(post=contribution, kind=kind, lens=lens, phase=details.phase))
    add_revision(contribution, member, {"body": body}, f"Bijdrage: {kind.label}", confirmed)
    counters.add(aanplakker, "answer_count", +1)
    aanplakker.last_activity_at = now
    session.flush()
    events.contribution_added(
        session, contribution, kind.label.lower(), mentions.mentioned_ids(mentioned)
    )
    follows.follow_post(session, member, aanplakker.id)
    record_change(session, aanplakker)
    return contribution


def ensure_contribution(post: Post) -> tuple[Post, AanplakkerDetails, ContributionDetails]:
    if post.type != PostType.CONTRIBUTION or post.contribution_details is None:
        raise NotFound("Deze bijdrage bestaat niet.")
    if post.visibility != Visibility.VISIBLE or post.parent is None:
        raise NotFound("Deze bijdrage bestaat niet (meer) of is niet zichtbaar.")
    return post.parent, ensure_aanplakker(post.parent), post.contribution_details


def reply_to_question(
    session: Session,
    author: User,
    contribution: Post,
    body: str,
    *,
    confirmations: Confirmations = (),
) -> Post:
    """The author answers a clarifying question inline, while the phase is verhelderen."""
    ensure_active(author)
    aanplakker, details, item = ensure_contribution(contribution)
    only_author(author, aanplakker, "verhelderende vragen beantwoorden")
    if item.kind != ContributionKind.VRAAG:
        raise Conflict("Alleen verhelderende vragen krijgen een antwoord in de draad.")
    if details.phase != Phase.VERHELDEREN:
        raise Conflict(
            "Vragen beantwoorden kan alleen in de fase Verhelderen. In de fase Meedenken "
            "luister je eerst; wat je meeneemt schrijf je in de oogst."
        )
    body = check_text(body, "reply", CONTRIBUTION_MIN)
    confirmed = privacy_gate.check({"reply": body}, confirmations, session=session)
    now = utcnow()
    item.reply_markdown = body
    item.reply_html, mentioned = mentions.render_post(session, body)
    item.replied_at = now
    add_revision(
        contribution,
        author,
        {"body": contribution.body_markdown, "reply": body},
        "Vraag beantwoord",
        confirmed,
    )
    aanplakker.last_activity_at = now
    session.flush()
    events.clarifying_answered(session, contribution, author, mentions.mentioned_ids(mentioned))
    record_change(session, aanplakker)
    return contribution


def _herkenbaar_target(member: User, contribution: Post) -> ContributionDetails:
    ensure_active(member)
    _aanplakker_post, details, item = ensure_contribution(contribution)
    if contribution.author_id == member.id:
        raise NotAllowed("Je eigen bijdrage kun je niet als herkenbaar markeren.")
    if item.kind == ContributionKind.VRAAG:
        raise Conflict("Alleen perspectieven, ervaringen en adviezen kun je herkenbaar vinden.")
    if details.phase == Phase.GESLOTEN:
        raise Conflict("Deze Aanplakker is gesloten.")
    return item


def mark_herkenbaar(session: Session, member: User, contribution: Post) -> int:
    """Mark a colleague's contribution as recognisable, once; return the new count."""
    item = _herkenbaar_target(member, contribution)
    counters.lock(item, "herkenbaar_count")  # the same mark twice at once: a 409, not a 500
    exists = session.scalar(
        select(Herkenbaar.id).where(
            Herkenbaar.user_id == member.id, Herkenbaar.post_id == contribution.id
        )
    )
    if exists is not None:
        raise Conflict("Je hebt deze bijdrage al als herkenbaar gemarkeerd.")
    session.add(Herkenbaar(user_id=member.id, post_id=contribution.id))
    counters.add(item, "herkenbaar_count", +1)
    session.flush()
    return item.herkenbaar_count


def unmark_herkenbaar(session: Session, member: User, contribution: Post) -> int:
    """Withdraw a "herkenbaar" mark (no-op when there is none); return the new count."""
    item = _herkenbaar_target(member, contribution)
    counters.lock(item, "herkenbaar_count")
    mark = session.scalar(
        select(Herkenbaar).where(
            Herkenbaar.user_id == member.id, Herkenbaar.post_id == contribution.id
        )
    )
    if mark is not None:
        session.delete(mark)
        counters.add(item, "herkenbaar_count", -1, floor=0)
        session.flush()
    return item.herkenbaar_count
