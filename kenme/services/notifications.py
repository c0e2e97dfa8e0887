"""In-app notifications: writing them for members and reading one's own list."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from flask import has_app_context
from sqlalchemy import case, func, or_, select, text, update
from sqlalchemy.orm import Session

from kenme.errors import NotFound
from kenme.models import Notification, Post, User, Visibility
from kenme.models.types import utcnow
from kenme.pagination import DEFAULT_PER_PAGE, Page, clamp, count_rows, paginate
from kenme.services import outbox

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
    mail = has_app_context()
    for user_id in recipients:
        note = Notification(
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
        session.add(note)
        if mail:  # a direct mail for members who want one, in this same transaction
            outbox.enqueue_direct(session, note)
    return len(recipients)


def list_notifications(session: Session, user: User, page: int | str = 1) -> Page:
    """Return a member's notifications, newest first."""
    statement = (
        select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )
    return paginate(session, statement, page)


def unread_counted(user_id):
    """The count of a member's unread notifications the inbox shows (threads still visible),
    as a select; ``user_id`` a value or a column (the page cache's member statement)."""
    return (
        select(func.count(Notification.id))
        .outerjoin(Post, Post.id == Notification.thread_id)
        .where(
            Notification.user_id == user_id,
            Notification.read_at.is_(None),
            or_(Notification.thread_id.is_(None), Post.visibility == Visibility.VISIBLE),
        )
    )


def unread_count(session: Session, user: User) -> int:
    """Count a member's unread notifications (those the inbox shows)."""
    return session.scalar(unread_counted(user.id)) or 0


def mark_all_read(session: Session, user: User) -> None:
    """Mark every notification of a member as read."""
    session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )


# --- the inbox: grouped per thread and kind ------------------------------------------------

# "3 nieuwe antwoorden op “…”": the text for a group of more than one notification.
GROUP_TEXT = {
    "antwoord": "{n} nieuwe antwoorden op je vraag “{title}”",
    "gevolgd_antwoord": "{n} nieuwe antwoorden op “{title}”",
    "lid_antwoord": "{n} nieuwe antwoorden van leden die je volgt bij “{title}”",
    "reactie": "{n} nieuwe reacties op je bericht bij “{title}”",
    "vermelding": "{n} keer genoemd bij “{title}”",
    "geaccepteerd": "Je antwoord op “{title}” is geaccepteerd",
    "bekrachtigd": "{n} bekrachtigingen van je antwoord op “{title}”",
    "aanplakker_bijdrage": "{n} nieuwe bijdragen op je Aanplakker “{title}”",
    "aanplakker_gevolgd": "{n} nieuwe bijdragen op “{title}”",
    "aanplakker_antwoord": "{n} antwoorden op je verhelderende vragen bij “{title}”",
    "aanplakker_fase": "“{title}” ging {n} fasen verder",
}
GROUP_FALLBACK = "{n} meldingen over “{title}”"


@dataclass(frozen=True)
class Group:
    """One line of the inbox: the notifications of one kind about one thread."""

    id: int  # the newest notification of the group: its link and its read mark
    kind: str
    count: int
    unread: int
    latest_at: datetime
    text: str
    url: str
    thread_id: int | None


def _group_key():
    return func.coalesce(Notification.thread_id, -Notification.id)


def _inbox_rows(user: User):
    """Per (thread, kind): count, unread, newest id and time; threads that are not visible
    (hidden, deleted after the notification) drop out."""
    key = _group_key().label("group_key")
    unread = func.sum(case((Notification.read_at.is_(None), 1), else_=0))
    return (
        select(
            key,
            Notification.kind,
            func.count(Notification.id).label("count"),
            unread.label("unread"),
            func.max(Notification.id).label("newest"),
            func.max(Notification.created_at).label("latest_at"),
        )
        .outerjoin(Post, Post.id == Notification.thread_id)
        .where(
            Notification.user_id == user.id,
            or_(Notification.thread_id.is_(None), Post.visibility == Visibility.VISIBLE),
        )
        .group_by(key, Notification.kind)
    )


def inbox(session: Session, user: User, page: int | str = 1, per_page: int | None = None) -> Page:
    """A member's notifications grouped per thread and kind, newest group first."""
    statement = _inbox_rows(user)
    page_number, size = clamp(page, per_page or DEFAULT_PER_PAGE)
    total = count_rows(session, statement)
    rows = session.execute(
        statement.order_by(text("newest DESC")).limit(size).offset((page_number - 1) * size)
    ).all()
    newest = {
        n.id: n
        for n in session.scalars(
            select(Notification).where(Notification.id.in_([r.newest for r in rows]))
        )
    }
    thread_ids = {n.thread_id for n in newest.values() if n.thread_id}
    titles = dict(
        session.execute(select(Post.id, Post.title).where(Post.id.in_(sorted(thread_ids)))).all()
        if thread_ids
        else []
    )
    groups = []
    for row in rows:
        note = newest[row.newest]
        if row.count == 1 or note.thread_id is None:
            text_ = note.message
        else:
            template = GROUP_TEXT.get(row.kind, GROUP_FALLBACK)
            text_ = template.format(n=row.count, title=_short(titles.get(note.thread_id, "")))
        groups.append(
            Group(
                id=note.id,
                kind=row.kind,
                count=row.count,
                unread=int(row.unread or 0),
                latest_at=note.created_at,
                text=text_,
                url=note.url,
                thread_id=note.thread_id,
            )
        )
    return Page(items=groups, page=page_number, per_page=size, total=total)


def _short(title: str, limit: int = 120) -> str:
    title = " ".join(title.split())
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def own_notification(session: Session, user: User, notification_id: int | str) -> Notification:
    """One of the member's own notifications; anything else is not found."""
    try:
        wanted = int(notification_id)
    except (TypeError, ValueError):
        raise NotFound("Deze melding bestaat niet.") from None
    note = session.get(Notification, wanted)
    if note is None or note.user_id != user.id:
        raise NotFound("Deze melding bestaat niet.")
    return note


def mark_group_read(session: Session, user: User, notification_id: int | str) -> Notification:
    """Mark the group a notification belongs to (same thread and kind) as read."""
    note = own_notification(session, user, notification_id)
    same = (
        Notification.thread_id == note.thread_id
        if note.thread_id is not None
        else Notification.id == note.id
    )
    session.execute(
        update(Notification)
        .where(
            Notification.user_id == user.id,
            Notification.kind == note.kind,
            same,
            Notification.read_at.is_(None),
        )
        .values(read_at=utcnow())
    )
    return note
