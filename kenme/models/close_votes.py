"""Members' votes to close or reopen a question (issue 21, decision 0022)."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kenme.extensions import db
from kenme.models.posts import CloseReason, str_enum
from kenme.models.types import UTCDateTime, utcnow
from kenme.models.users import User


class CloseVoteKind(enum.StrEnum):
    CLOSE = "close"
    REOPEN = "reopen"


class CloseVote(db.Model):
    """One member's standing vote to close (with a reason) or to reopen a question.

    Only the votes of the current round are rows: when the question closes (or reopens), the
    votes that did it go into the audit log's details and their rows are deleted.
    """

    __tablename__ = "close_votes"
    __table_args__ = (
        UniqueConstraint("question_id", "user_id", "kind"),
        Index("ix_close_votes_question", "question_id", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[CloseVoteKind] = mapped_column(str_enum(CloseVoteKind))
    reason: Mapped[CloseReason | None] = mapped_column(str_enum(CloseReason))
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()
