"""Curated knowledge per topic: introduction, chosen threads and law-change notes."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kenme.extensions import db
from kenme.models.posts import Post
from kenme.models.types import UTCDateTime, utcnow


class KennisbankPage(db.Model):
    """The curated page of one topic."""

    __tablename__ = "kennisbank_pages"

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"), unique=True)
    intro_markdown: Mapped[str] = mapped_column(Text, default="")
    intro_html: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    items: Mapped[list[KennisbankItem]] = relationship(
        order_by="KennisbankItem.position", cascade="all, delete-orphan"
    )


class KennisbankItem(db.Model):
    """A link to a question, answer or oogst with a one-line note."""

    __tablename__ = "kennisbank_items"
    __table_args__ = (Index("ix_kennisbank_items_page", "page_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("kennisbank_pages.id", ondelete="CASCADE"))
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    note: Mapped[str] = mapped_column(String(300), default="")
    position: Mapped[int] = mapped_column(default=0)

    post: Mapped[Post] = relationship()


class LawChange(db.Model):
    """A dated wetswijziging note; older answers on the topic may be outdated."""

    __tablename__ = "law_changes"
    __table_args__ = (Index("ix_law_changes_topic", "topic_id", "effective_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"))
    effective_on: Mapped[date]
    note: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
