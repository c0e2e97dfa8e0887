"""Flags raised by members and the audit log of moderator actions."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kenme.extensions import db
from kenme.models.posts import str_enum
from kenme.models.types import UTCDateTime, utcnow
from kenme.models.users import User


class FlagReason(enum.StrEnum):
    PERSONAL_DATA = "persoonsgegevens"
    INAPPROPRIATE = "ongepast"
    SPAM = "spam"
    OFF_TOPIC = "off_topic"
    DUPLICATE = "dubbel"


class FlagStatus(enum.StrEnum):
    OPEN = "open"
    UPHELD = "upheld"
    DISMISSED = "dismissed"


class Flag(db.Model):
    """A member asks moderators to look at a post or comment."""

    __tablename__ = "flags"
    __table_args__ = (
        Index("ix_flags_open", "status", "created_at"),
        Index("ix_flags_post", "post_id", "status"),
        Index("ix_flags_comment", "comment_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))
    reason: Mapped[FlagReason] = mapped_column(str_enum(FlagReason))
    note: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[FlagStatus] = mapped_column(str_enum(FlagStatus), default=FlagStatus.OPEN)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    reporter: Mapped[User] = relationship(foreign_keys=[reporter_id])


class ModerationAction(db.Model):
    """Audit log: who did what to which target, why and when (never purged text)."""

    __tablename__ = "moderation_actions"
    __table_args__ = (Index("ix_moderation_actions_created", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(40))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="SET NULL"))
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="SET NULL"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
