"""Moving an Aanplakker on: phases, the oogst, a moderator's close, follow-up, reminders."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from kenme import permissions
from kenme.errors import Conflict, NotAllowed, ValidationFailed
from kenme.models import (
    AanplakkerDetails,
    ModerationAction,
    Phase,
    Post,
    PostType,
    QuestionStatus,
    User,
    Visibility,
)
from kenme.models.aanplakker import CASE_FIELDS
from kenme.models.types import utcnow
from kenme.rendering import render_markdown
from kenme.search.changes import record_change
from kenme.services import events, notifications, privacy_gate
from kenme.services.aanplakker.rules import (
    FOLLOWUP_MIN,
    NOTE_MIN,
    OOGST_MIN,
    REMIND_EVERY_DAYS,
    Confirmations,
    add_revision,
    check_text,
    ensure_aanplakker,
    ensure_active,
    local_today,
    only_author,
    revision_fields,
    thread_url,
)


def _set_phase(aanplakker: Post, details: AanplakkerDetails, to: Phase) -> None:
    now = utcnow()
    details.phase = to
    details.phase_changed_at = now
    aanplakker.last_activity_at = now
    if to == Phase.GESLOTEN:
        aanplakker.status = QuestionStatus.CLOSED


def advance_phase(session: Session, actor: User, aanplakker: Post, to_phase: str | Phase) -> Phase:
    """Move the thread forward to meedenken or oogst (the author; a moderator may force)."""
    ensure_active(actor)
    details = ensure_aanplakker(aanplakker)
    try:
        target = Phase(to_phase)
    except ValueError:
        raise ValidationFailed("Onbekende fase.", field="phase") from None
    if actor.id != aanplakker.author_id and not permissions.can_moderate(actor):
        raise NotAllowed("Alleen de schrijver of een moderator kan de fase veranderen.")
    if target == details.phase:
        raise Conflict(f"De Aanplakker is al in de fase {target.label}.")
    if target.order < details.phase.order:
        raise Conflict("Een fase terugzetten kan niet: de fasen gaan alleen vooruit.")
    if target == Phase.GESLOTEN:
        raise Conflict("Sluiten gaat via de oogst: schrijf wat je meeneemt en markeer wat hielp.")
    _set_phase(aanplakker, details, target)
    session.flush()
    events.aanplakker_moved(session, aanplakker, actor, "aanplakker_fase", phase=target.label)
    record_change(session, aanplakker)
    return target


def write_oogst(
    session: Session,
    author: User,
    aanplakker: Post,
    *,
    body: str,
    helpful_ids: Iterable[int | str] = (),
    confirmations: Confirmations = (),
) -> Post:
    """The author writes what they take away, marks what helped, and closes the thread."""
    ensure_active(author)
    details = ensure_aanplakker(aanplakker)
    only_author(author, aanplakker, "de oogst schrijven")
    if details.phase != Phase.OOGST:
        raise Conflict(
            "De oogst schrijf je in de fase Oogst."
            if details.phase != Phase.GESLOTEN
            else "Deze Aanplakker is al gesloten."
        )
    try:
        wanted = {int(i) for i in helpful_ids}
    except (TypeError, ValueError):
        raise ValidationFailed("Kies bijdragen uit deze Aanplakker.", field="helpful") from None
    contributions = list(
        session.scalars(
            select(Post).where(
                Post.parent_id == aanplakker.id,
                Post.type == PostType.CONTRIBUTION,
                Post.visibility == Visibility.VISIBLE,
            )
        )
    )
    unknown = wanted - {c.id for c in contributions}
    if unknown:
        raise ValidationFailed(
            "Je kunt alleen bijdragen uit deze Aanplakker als behulpzaam markeren.",
            field="helpful",
        )
    body = check_text(body, "oogst", OOGST_MIN)
    confirmed = privacy_gate.check({"oogst": body}, confirmations)
    for contribution in contributions:
        contribution.contribution_details.helpful = contribution.id in wanted
    details.oogst_markdown = body
    details.oogst_html = render_markdown(body)
    details.oogst_at = utcnow()
    _set_phase(aanplakker, details, Phase.GESLOTEN)
    add_revision(aanplakker, author, revision_fields(details), "Oogst geschreven", confirmed)
    session.flush()
    events.aanplakker_moved(session, aanplakker, author, "aanplakker_oogst")
    record_change(session, aanplakker)
    return aanplakker


def moderator_close(session: Session, moderator: User, aanplakker: Post, note: str) -> Post:
    """A moderator closes a thread whose author left, with a note; logged in the audit log."""
    ensure_active(moderator)
    details = ensure_aanplakker(aanplakker)
    if not permissions.can_moderate(moderator):
        raise NotAllowed("Alleen moderators kunnen een Aanplakker zonder oogst sluiten.")
    if details.phase == Phase.GESLOTEN:
        raise Conflict("Deze Aanplakker is al gesloten.")
    note = check_text(note, "note", NOTE_MIN, 1000)
    privacy_gate.check({"note": note})
    now = utcnow()
    details.closed_by_id = moderator.id
    details.closed_note = note
    details.closed_at = now
    _set_phase(aanplakker, details, Phase.GESLOTEN)
    session.add(
        ModerationAction(
            actor_id=moderator.id,
            action="close_aanplakker",
            post_id=aanplakker.id,
            reason=note,
            created_at=now,
        )
    )
    session.flush()
    record_change(session, aanplakker)
    return aanplakker


def add_followup(
    session: Session,
    author: User,
    aanplakker: Post,
    body: str,
    *,
    confirmations: Confirmations = (),
) -> Post:
    """The author tells how it turned out ("Hoe is het afgelopen?"), once, after closing."""
    ensure_active(author)
    details = ensure_aanplakker(aanplakker)
    only_author(author, aanplakker, "een vervolg toevoegen")
    if details.phase != Phase.GESLOTEN:
        raise Conflict("Een vervolg voeg je toe nadat de Aanplakker met de oogst is gesloten.")
    if details.has_followup:
        raise Conflict("Je hebt al verteld hoe het is afgelopen.")
    body = check_text(body, "followup", FOLLOWUP_MIN)
    confirmed = privacy_gate.check({"followup": body}, confirmations)
    now = utcnow()
    details.followup_markdown = body
    details.followup_html = render_markdown(body)
    details.followup_at = now
    aanplakker.last_activity_at = now
    add_revision(aanplakker, author, revision_fields(details), "Vervolg toegevoegd", confirmed)
    session.flush()
    events.aanplakker_moved(session, aanplakker, author, "aanplakker_vervolg")
    record_change(session, aanplakker)
    return aanplakker


def remind_overdue(
    session: Session, today: date | None = None, *, every_days: int = REMIND_EVERY_DAYS
) -> list[Post]:
    """Remind authors whose Aanplakker is past its end date without an oogst.

    At most once per ``every_days``; returns the Aanplakkers whose author was reminded. The
    notification is mailed through the outbox like any other (category mijn_berichten).
    """
    today = today or local_today()
    now = utcnow()
    cutoff = now - timedelta(days=every_days) + timedelta(minutes=1)
    overdue = list(
        session.scalars(
            select(Post)
            .join(AanplakkerDetails, AanplakkerDetails.post_id == Post.id)
            .where(
                Post.type == PostType.AANPLAKKER,
                Post.visibility == Visibility.VISIBLE,
                AanplakkerDetails.phase != Phase.GESLOTEN,
                AanplakkerDetails.ends_on < today,
                AanplakkerDetails.reminded_at.is_(None) | (AanplakkerDetails.reminded_at < cutoff),
            )
            .order_by(AanplakkerDetails.ends_on, Post.id)
        )
    )
    reminded = []
    for post in overdue:
        if post.author.deleted_at is not None:
            continue
        notifications.notify(
            session,
            [post.author_id],
            kind="aanplakker_herinnering",
            message="De einddatum van je Aanplakker is voorbij. Schrijf je oogst: wat neem je "
            "mee en wat ga je doen?",
            url=thread_url(post.id) + "#oogst-schrijven",
            post_id=post.id,
            thread_id=post.id,
        )
        post.aanplakker_details.reminded_at = now
        reminded.append(post)
    session.flush()
    return reminded


def purge_details_text(post: Post, span: str, replacement: str = "[verwijderd]") -> bool:
    """Replace a purged span in an Aanplakker's or contribution's own fields.

    For the moderation purge, which rewrites posts and revisions: these fields live next to
    the post, so they are rewritten here. Returns whether anything changed.
    """
    changed = False
    details = post.aanplakker_details or post.contribution_details
    if details is None or not span:
        return False
    names = [*CASE_FIELDS, "oogst", "followup"] if post.aanplakker_details else ["reply"]
    for name in names:
        text = getattr(details, f"{name}_markdown")
        if span in text:
            text = text.replace(span, replacement)
            setattr(details, f"{name}_markdown", text)
            setattr(details, f"{name}_html", render_markdown(text))
            changed = True
    if post.aanplakker_details and details.closed_note and span in details.closed_note:
        details.closed_note = details.closed_note.replace(span, replacement)
        changed = True
    return changed
