"""The retention review: closed threads whose case fields are due for archiving (issue 20).

One row per thread that was ever proposed; the decisions themselves go to the audit log
(``moderation_actions``), without case text. Decision 0029 explains the rules.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kenme.extensions import db
from kenme.models.posts import Post, str_enum
from kenme.models.types import UTCDateTime, utcnow
from kenme.models.users import User


class RetentionStatus(enum.StrEnum):
    PROPOSED = "voorgesteld"  # waiting in the moderators' queue
    KEPT = "bewaard"  # a moderator kept the case text; proposed again after review_after
    ARCHIVED = "gearchiveerd"  # the case fields are cleared; never proposed again


class RetentionReview(db.Model):
    """Where one closed thread stands in the retention review."""

    __tablename__ = "retention_reviews"
    __table_args__ = (Index("ix_retention_reviews_status", "status", "closed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), unique=True)
    status: Mapped[RetentionStatus] = mapped_column(str_enum(RetentionStatus))
    # When the thread was closed (the moment the retention period counts from).
    closed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Why a moderator kept the case text (the audit row holds it too).
    keep_reason: Mapped[str] = mapped_column(Text, default="")
    # A kept thread is not proposed again before this moment.
    review_after: Mapped[datetime | None] = mapped_column(UTCDateTime)

    post: Mapped[Post] = relationship()
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
