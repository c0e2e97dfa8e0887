"""Topics of the social domain, their search synonyms and who specialises in them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kenme.extensions import db
from kenme.models.types import UTCDateTime, utcnow

specialist_topics = Table(
    "specialist_topics",
    db.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True),
)

# Topics a member lists as expertise on their profile (self-declared, unlike specialists).
user_expertise = Table(
    "user_expertise",
    db.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True),
)


class Topic(db.Model):
    """A theme such as the kostendelersnorm, with its legal basis."""

    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    legal_basis: Mapped[str] = mapped_column(String(200), default="")
    question_count: Mapped[int] = mapped_column(default=0)
    follower_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    synonyms: Mapped[list[TopicSynonym]] = relationship(
        back_populates="topic", cascade="all, delete-orphan", order_by="TopicSynonym.term"
    )

    def __repr__(self) -> str:
        return f"<Topic {self.slug}>"


class TopicSynonym(db.Model):
    """Another word members use for a topic (search and topic pickers)."""

    __tablename__ = "topic_synonyms"

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"), index=True)
    term: Mapped[str] = mapped_column(String(120))

    topic: Mapped[Topic] = relationship(back_populates="synonyms")
