"""Steps every moderator action shares: reasons, flags, visibility, the log and notices."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from kenme.errors import NotFound, ValidationFailed
from kenme.models import (
    Comment,
    Flag,
    FlagStatus,
    ModerationAction,
    Post,
    PostType,
    User,
    Visibility,
)
from kenme.models.types import utcnow
from kenme.search.changes import record_change
from kenme.services import counters
from kenme.services.audit import REASON_MAX, comment_path, notify, post_path, record_action
from kenme.services.posting import refresh_status
from kenme.services.topics import count_questions

HIDDEN_BY_MODERATOR = "moderator"

Target = Post | Comment

# --- shared steps -------------------------------------------------------------------------


def clean_reason(reason: str | None, *, required: bool = False) -> str:
    """Trim a moderator's reason; refuse an empty one where needed, or personal data."""
    reason = " ".join((reason or "").split())
    if required and not reason:
        raise ValidationFailed("Geef een reden op; die komt in het logboek.", field="reason")
    if len(reason) > REASON_MAX:
        raise ValidationFailed(f"Houd de reden kort: hooguit {REASON_MAX} tekens.", field="reason")
    if reason:
        from kenme.services.privacy_gate import scan_fields

        if any(f.severity == "hard" for f in scan_fields({"reason": reason})):
            raise ValidationFailed(
                "De reden bevat persoonsgegevens (zoals een BSN of adres). Laat die weg.",
                field="reason",
            )
    return reason


def thread_of(target: Target) -> Post:
    """The question or aanplakker a post or comment belongs to."""
    post = target.post if isinstance(target, Comment) else target
    return post.question


def target_path(target: Target) -> str:
    return comment_path(target) if isinstance(target, Comment) else post_path(target)


def flags_of(target: Target):
    if isinstance(target, Comment):
        return Flag.comment_id == target.id
    return Flag.post_id == target.id


def open_flags(session: Session, target: Target) -> list[Flag]:
    """The flags on this target no moderator has decided on yet."""
    return list(
        session.scalars(
            select(Flag).where(flags_of(target), Flag.status == FlagStatus.OPEN).order_by(Flag.id)
        )
    )


def resolve_flags(session: Session, target: Target, actor: User, status: FlagStatus) -> int:
    flags = open_flags(session, target)
    now = utcnow()
    for flag in flags:
        flag.status = status
        flag.resolved_at = now
        flag.resolved_by_id = actor.id
    return len(flags)


def set_visibility(
    session: Session, target: Target, visibility: Visibility, hidden_reason: str = ""
) -> None:
    """Change what members see, keep the counters right, and let search follow."""
    was_visible = target.visibility == Visibility.VISIBLE
    target.visibility = visibility
    target.hidden_reason = hidden_reason if visibility == Visibility.HIDDEN else ""
    now_visible = visibility == Visibility.VISIBLE
    if was_visible != now_visible:
        delta = 1 if now_visible else -1
        if isinstance(target, Comment):
            counters.add(target.post, "comment_count", delta, floor=0)
        elif target.type == PostType.ANSWER and target.parent is not None:
            counters.add(target.parent, "answer_count", delta, floor=0)
            session.flush()  # the database adds; answer_count reloads with its value
            refresh_status(target.parent)
        elif target.type == PostType.CONTRIBUTION and target.parent is not None:
            counters.add(target.parent, "answer_count", delta, floor=0)
        elif target.type == PostType.QUESTION:
            count_questions(target.topics, delta)
    session.flush()
    record_change(session, thread_of(target))


def target_kind(target: Target) -> dict:
    return {"target": "comment" if isinstance(target, Comment) else target.type.value}


def log_action(
    session: Session, actor: User | None, action: str, target: Target, reason: str, **details
) -> ModerationAction:
    if isinstance(target, Comment):
        return record_action(
            session,
            actor,
            action,
            comment=target,
            reason=reason,
            details=target_kind(target) | details,
        )
    return record_action(
        session, actor, action, post=target, reason=reason, details=target_kind(target) | details
    )


def notify_author(session: Session, target: Target, kind: str, actor: User | None) -> None:
    if actor is not None and target.author_id == actor.id:
        return
    post = target.post if isinstance(target, Comment) else target
    notify(session, target.author_id, kind, post=post, url=target_path(target), actor=actor)


def ensure_exists(target: Target) -> None:
    if target is None:
        raise NotFound("Dit bericht bestaat niet (meer).")


def ensure_thread_root(post: Post, what: str) -> None:
    if not isinstance(post, Post) or post.parent_id is not None:
        raise ValidationFailed(f"Alleen een vraag of aanplakker kan worden {what}.")


def ensure_question(post: Post) -> None:
    if not isinstance(post, Post) or post.type != PostType.QUESTION:
        raise ValidationFailed("Alleen een vraag kan worden gesloten of heropend.")
