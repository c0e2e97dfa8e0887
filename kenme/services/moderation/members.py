"""Moderator actions on members: suspend, approve, appoint thema-specialists.

Every function checks everything before it changes anything: a refusal raises a domain error
with a Dutch reason, and then nothing is changed and nothing is logged as done.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kenme import permissions
from kenme.errors import Conflict, NotFound, ValidationFailed
from kenme.models import Role, Topic, User
from kenme.models.types import AMSTERDAM, dutch_today, utcnow
from kenme.services import sessions
from kenme.services.audit import notify, record_action
from kenme.services.moderation.common import clean_reason

MAX_SUSPENSION_DAYS = 3650

# --- members --------------------------------------------------------------------------------


def _end_of_day(day: date) -> datetime:
    """The last second of a Dutch calendar day, in UTC."""
    return datetime.combine(day, time(23, 59, 59), AMSTERDAM).astimezone(UTC)


def today() -> date:
    """Today's date in the Netherlands."""
    return dutch_today()


def suspend(session: Session, actor: User, member: User, until: date, reason: str) -> None:
    """Suspend a member through a date; they are logged out and told why when they log in."""
    if member is None:
        raise NotFound("Dit lid bestaat niet.")
    permissions.require(actor, "suspend", message="Alleen moderators kunnen leden schorsen.")
    if member.id == actor.id:
        raise ValidationFailed("Je kunt jezelf niet schorsen.")
    if member.role == Role.ADMIN:
        raise ValidationFailed("Een beheerder kan niet worden geschorst.")
    permissions.require(
        actor, "suspend", member, "Alleen een beheerder kan een moderator schorsen."
    )
    if not isinstance(until, date):
        raise ValidationFailed("Kies tot welke datum de schorsing duurt.", field="until")
    if until <= today():
        raise ValidationFailed("Kies een datum na vandaag.", field="until")
    if (until - today()).days > MAX_SUSPENSION_DAYS:
        raise ValidationFailed("Schors hooguit tien jaar.", field="until")
    reason = clean_reason(reason, required=True)
    member.suspended_until = _end_of_day(until)
    member.suspension_reason = reason
    member.session_version += 1
    sessions.end_all(session, member, sessions.ENDED_SUSPENDED)
    session.flush()
    record_action(
        session, actor, "suspend", user=member, reason=reason, details={"until": until.isoformat()}
    )
    notify(
        session,
        member.id,
        "suspended",
        actor=actor,
        until=until.strftime("%d-%m-%Y"),
        reason=reason,
    )


def unsuspend(session: Session, actor: User, member: User, reason: str = "") -> None:
    """Lift a suspension before its end date."""
    if member is None:
        raise NotFound("Dit lid bestaat niet.")
    permissions.require(actor, "unsuspend", member)
    reason = clean_reason(reason)
    if not member.is_suspended:
        raise Conflict("Dit lid is niet geschorst.")
    member.suspended_until = None
    member.suspension_reason = ""
    session.flush()
    record_action(session, actor, "unsuspend", user=member, reason=reason)


def approve_member(session: Session, actor: User, member: User, reason: str = "") -> None:
    """Let a member who waits for approval in."""
    permissions.require(actor, "approve_member")
    if member is None or member.deleted_at is not None:
        raise NotFound("Dit lid bestaat niet.")
    reason = clean_reason(reason)
    if member.approved_at is not None:
        raise Conflict("Dit lid is al goedgekeurd.")
    member.approved_at = utcnow()
    session.flush()
    record_action(session, actor, "approve_member", user=member, reason=reason)


def waiting_members(session: Session, actor: User) -> list[User]:
    """Members who registered and wait for approval, oldest first."""
    permissions.require(actor, "approve_member")
    return list(
        session.scalars(
            select(User)
            .where(User.approved_at.is_(None), User.deleted_at.is_(None))
            .order_by(User.created_at, User.id)
        )
    )


def appoint_specialist(
    session: Session, actor: User, member: User, topic: Topic, reason: str = ""
) -> None:
    """Make a member thema-specialist for a topic (admins)."""
    permissions.require(actor, "appoint_specialist")
    if member is None or member.deleted_at is not None:
        raise NotFound("Dit lid bestaat niet.")
    if topic is None:
        raise NotFound("Dit onderwerp bestaat niet.")
    reason = clean_reason(reason)
    if not member.is_approved:
        raise Conflict("Keur dit lid eerst goed.")
    if topic in member.specialist_topics:
        raise Conflict(f"{member.display_name} is al thema-specialist voor {topic.name}.")
    member.specialist_topics.append(topic)
    if member.role == Role.MEMBER:
        member.role = Role.THEMA_SPECIALIST
    session.flush()
    record_action(
        session,
        actor,
        "appoint_specialist",
        user=member,
        reason=reason,
        details={"topic": topic.slug},
    )


def remove_specialist(
    session: Session, actor: User, member: User, topic: Topic, reason: str = ""
) -> None:
    """End a member's thema-specialism for a topic; without topics they are a member again."""
    permissions.require(actor, "appoint_specialist")
    if member is None:
        raise NotFound("Dit lid bestaat niet.")
    reason = clean_reason(reason)
    if topic is None or topic not in member.specialist_topics:
        raise Conflict("Dit lid is geen thema-specialist voor dit onderwerp.")
    member.specialist_topics.remove(topic)
    if not member.specialist_topics and member.role == Role.THEMA_SPECIALIST:
        member.role = Role.MEMBER
    session.flush()
    record_action(
        session,
        actor,
        "remove_specialist",
        user=member,
        reason=reason,
        details={"topic": topic.slug},
    )


def suspended_members(session: Session, actor: User) -> list[User]:
    """Members suspended right now, the soonest back first."""
    permissions.require(actor, "suspend")
    return list(
        session.scalars(
            select(User)
            .where(User.suspended_until > utcnow(), User.deleted_at.is_(None))
            .order_by(User.suspended_until, User.id)
        )
    )


def search_members(session: Session, actor: User, query: str, limit: int = 50) -> list[User]:
    """Members whose name or e-mail address contains the query, by name."""
    permissions.require(actor, "view_moderation")
    words = " ".join((query or "").split())
    if not words:
        return []
    pattern = f"%{words.lower()}%"
    return list(
        session.scalars(
            select(User)
            .where(
                User.deleted_at.is_(None),
                func.lower(User.display_name).like(pattern) | func.lower(User.email).like(pattern),
            )
            .order_by(User.display_name, User.id)
            .limit(limit)
        )
    )
