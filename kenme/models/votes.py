"""Votes, endorsements and the reputation ledger."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, SmallInteger, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kenme.extensions import db
from kenme.models.posts import str_enum
from kenme.models.types import UTCDateTime, utcnow
from kenme.models.users import User


class Vote(db.Model):
    """One member's up (+1) or down (-1) vote on a post."""

    __tablename__ = "votes"
    __table_args__ = (UniqueConstraint("user_id", "post_id"), Index("ix_votes_post", "post_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    value: Mapped[int] = mapped_column(SmallInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReputationKind(enum.StrEnum):
    ANSWER_UPVOTED = "answer_upvoted"
    QUESTION_UPVOTED = "question_upvoted"
    DOWNVOTED = "downvoted"
    ANSWER_ACCEPTED = "answer_accepted"
    ACCEPTED_AN_ANSWER = "accepted_an_answer"
    ANSWER_ENDORSED = "answer_endorsed"


class ReputationEvent(db.Model):
    """An append-only ledger row; a reversal is a row with the opposite delta."""

    __tablename__ = "reputation_events"
    __table_args__ = (Index("ix_reputation_events_user", "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="SET NULL"))
    kind: Mapped[ReputationKind] = mapped_column(str_enum(ReputationKind, 30))
    delta: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Endorsement(db.Model):
    """A thema-specialist vouches for an answer on one of their topics."""

    __tablename__ = "endorsements"
    __table_args__ = (UniqueConstraint("post_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    note: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(lazy="joined")
