"""Edits that members below the edit threshold suggest, waiting for a reviewer (issue 21)."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kenme.extensions import db
from kenme.models.posts import Post, str_enum
from kenme.models.types import UTCDateTime, utcnow
from kenme.models.users import User


class SuggestionStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class SuggestedEdit(db.Model):
    """A proposed new text of a question or answer; applied only when a reviewer approves.

    The text stays on the row whatever the outcome (a rejected suggestion can be read back);
    an approved one becomes revision ``revision_number`` of the post, written by the
    suggester and approved by the reviewer.
    """

    __tablename__ = "suggested_edits"
    __table_args__ = (
        Index("ix_suggested_edits_status", "status", "created_at"),
        Index("ix_suggested_edits_post", "post_id", "status"),
        Index("ix_suggested_edits_author", "author_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # The revision the suggestion was written against: approving it on a changed post would
    # silently undo the newer edit, so that is refused.
    base_revision: Mapped[int]
    title: Mapped[str] = mapped_column(String(200), default="")
    body_markdown: Mapped[str] = mapped_column(Text, default="")
    edit_summary: Mapped[str] = mapped_column(String(300), default="")
    confirmed_findings: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[SuggestionStatus] = mapped_column(
        str_enum(SuggestionStatus), default=SuggestionStatus.PENDING
    )
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    review_note: Mapped[str] = mapped_column(String(300), default="")
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revision_number: Mapped[int | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    post: Mapped[Post] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    reviewer: Mapped[User | None] = relationship(foreign_keys=[reviewer_id])

    @property
    def is_pending(self) -> bool:
        return self.status == SuggestionStatus.PENDING
