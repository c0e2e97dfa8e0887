"""Following topics and threads, and in-app notifications."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kenme.extensions import db
from kenme.models.types import UTCDateTime, utcnow


class Follow(db.Model):
    """A member follows a topic or a thread (question or aanplakker)."""

    __tablename__ = "follows"
    __table_args__ = (
        UniqueConstraint("user_id", "topic_id", "post_id"),
        CheckConstraint("(topic_id IS NULL) <> (post_id IS NULL)", name="one_target"),
        Index("ix_follows_topic", "topic_id"),
        Index("ix_follows_post", "post_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Notification(db.Model):
    """Something a member should know about; the message is Dutch and never holds post text."""

    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_user", "user_id", "read_at", "created_at"),
        Index("ix_notifications_digest", "category", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    message: Mapped[str] = mapped_column(String(300))
    url: Mapped[str] = mapped_column(String(300), default="")
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    # The question or Aanplakker it is about: the inbox groups per thread (decision 0018).
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    # Which e-mail preference it falls under (kenme.services.events.CATEGORIES).
    category: Mapped[str] = mapped_column(String(20), default="", server_default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class MemberFollow(db.Model):
    """A member follows another member: their new (not anonymous) questions and answers."""

    __tablename__ = "member_follows"
    __table_args__ = (
        UniqueConstraint("user_id", "member_id"),
        CheckConstraint("user_id <> member_id", name="not_self"),
        Index("ix_member_follows_member", "member_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class TopicIgnore(db.Model):
    """A member ignores a topic: its threads drop out of their notifications."""

    __tablename__ = "topic_ignores"
    __table_args__ = (
        UniqueConstraint("user_id", "topic_id"),
        Index("ix_topic_ignores_topic", "topic_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
