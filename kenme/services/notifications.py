"""In-app notifications: writing them for members and reading one's own list."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from kenme.models import Notification, User
from kenme.models.types import utcnow
from kenme.pagination import Page, paginate

# Notices written outside kenme.services.events: their e-mail category.
CATEGORY_OF = {"aanplakker_herinnering": "mijn_berichten"}


def notify(
    session: Session,
    user_ids: Iterable[int],
    *,
    kind: str,
    message: str,
    url: str = "",
    post_id: int | None = None,
    thread_id: int | None = None,
    category: str = "",
    actor: User | None = None,
) -> int:
    """Add one notification per member (never to the actor); the message holds no post text.

    Content events go through kenme.services.events, which decides who hears of what;
    moderation notices come from kenme.services.audit.
    """
    recipients = sorted(set(user_ids) - ({actor.id} if actor is not None else set()))
    now = utcnow()
    for user_id in recipients:
        session.add(
            Notification(
                user_id=user_id,
                kind=kind,
                message=message[:300],
                url=url[:300],
                post_id=post_id,
                thread_id=thread_id,
                category=category or CATEGORY_OF.get(kind, "moderatie"),
                actor_id=actor.id if actor is not None else None,
                created_at=now,
            )
        )
    return len(recipients)


def list_notifications(session: Session, user: User, page: int | str = 1) -> Page:
    """Return a member's notifications, newest first."""
    statement = (
        select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )
    return paginate(session, statement, page)


def unread_count(session: Session, user: User) -> int:
    """Count a member's unread notifications."""
    return (
        session.scalar(
            select(func.count(Notification.id)).where(
                Notification.user_id == user.id, Notification.read_at.is_(None)
            )
        )
        or 0
    )


def mark_all_read(session: Session, user: User) -> None:
    """Mark every notification of a member as read."""
    session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
