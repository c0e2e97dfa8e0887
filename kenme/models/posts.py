"""Every authored text in one table (Stack Exchange style), its revisions and comments."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Column,
    Enum,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kenme.extensions import db
from kenme.models.topics import Topic
from kenme.models.types import UTCDateTime, utcnow
from kenme.models.users import User


def str_enum(enum_class: type[enum.StrEnum], length: int = 20) -> Enum:
    """Store a StrEnum as its value in a plain string column (portable, readable)."""
    return Enum(
        enum_class,
        native_enum=False,
        length=length,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


class PostType(enum.StrEnum):
    QUESTION = "question"
    ANSWER = "answer"
    AANPLAKKER = "aanplakker"
    CONTRIBUTION = "contribution"


class Visibility(enum.StrEnum):
    """Whether members see a post; hidden and deleted posts never reach lists or search."""

    VISIBLE = "visible"
    HIDDEN = "hidden"
    DELETED = "deleted"


class QuestionStatus(enum.StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    ACCEPTED = "accepted"
    CLOSED = "closed"


class CloseReason(enum.StrEnum):
    DUPLICATE = "dubbel"
    OFF_TOPIC = "off_topic"
    ANSWERED = "beantwoord"  # elders beantwoord
    TOO_BROAD = "te_breed"


post_topics = Table(
    "post_topics",
    db.metadata,
    Column("post_id", ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True),
    # A topic's question ids from the index alone (the primary key starts with post_id).
    Index("ix_post_topics_topic", "topic_id", "post_id"),
)


class Post(db.Model):
    """A question, answer, aanplakker or contribution; the current text lives here too."""

    __tablename__ = "posts"
    __table_args__ = (
        # One index per list order and filter (kenme.services.question_lists.list_questions), each
        # ending in id: the lists order by it last, and PostgreSQL reads the ids from the
        # index alone. Migration 0008 explains the figures.
        Index("ix_posts_list_newest", "type", "visibility", "created_at", "id"),
        Index("ix_posts_list_active", "type", "visibility", "last_activity_at", "id"),
        Index("ix_posts_list_votes", "type", "visibility", "score", "created_at", "id"),
        Index("ix_posts_list_status_newest", "type", "visibility", "status", "created_at", "id"),
        Index(
            "ix_posts_list_status_active", "type", "visibility", "status", "last_activity_at", "id"
        ),
        Index(
            "ix_posts_list_status_votes",
            *("type", "visibility", "status", "score", "created_at", "id"),
        ),
        Index(
            "ix_posts_list_unanswered",
            *("type", "visibility", "answer_count", "created_at", "id", "status"),
        ),
        # A topic's questions read through post_topics, by id, without visiting the rows
        # (which hold the text): every column a list filters or sorts on. Migration 0010.
        Index(
            "ix_posts_sort_keys",
            *("id", "type", "visibility", "status", "answer_count"),
            *("created_at", "score", "last_activity_at"),
        ),
        Index("ix_posts_parent", "parent_id", "visibility"),
        Index("ix_posts_author", "author_id", "type"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[PostType] = mapped_column(str_enum(PostType))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    anonymous: Mapped[bool] = mapped_column(default=False)
    title: Mapped[str] = mapped_column(String(200), default="")
    body_markdown: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[QuestionStatus] = mapped_column(
        str_enum(QuestionStatus), default=QuestionStatus.OPEN
    )
    visibility: Mapped[Visibility] = mapped_column(str_enum(Visibility), default=Visibility.VISIBLE)
    # Why a post is hidden: "flag_persoonsgegevens", "flags", "moderator".
    hidden_reason: Mapped[str] = mapped_column(String(40), default="")
    locked: Mapped[bool] = mapped_column(default=False)
    closed_reason: Mapped[CloseReason | None] = mapped_column(str_enum(CloseReason))
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="SET NULL"))
    accepted_answer_id: Mapped[int | None] = mapped_column(
        ForeignKey("posts.id", ondelete="SET NULL")
    )
    featured: Mapped[bool] = mapped_column(default=False)
    # An answer a thema-specialist confirmed as "nog actueel na" the wetswijziging in force
    # on this date: law changes up to it no longer mark the answer (decision 0019).
    current_as_of: Mapped[date | None] = mapped_column()
    current_confirmed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    score: Mapped[int] = mapped_column(default=0)
    answer_count: Mapped[int] = mapped_column(default=0)
    comment_count: Mapped[int] = mapped_column(default=0)
    endorsement_count: Mapped[int] = mapped_column(default=0)
    revision_count: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The case text (body, case fields, revisions) was cleared after the retention period
    # (kenme/services/retention.py, decision 0029); title, topics and answers stay.
    case_archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Bumped by every change to the thread (record_change); keys the kept question pages.
    thread_version: Mapped[int] = mapped_column(default=0, server_default="0")
    # Identifier in an older platform, so imports are idempotent.
    source_id: Mapped[str | None] = mapped_column(String(120), unique=True)

    author: Mapped[User] = relationship(foreign_keys=[author_id], lazy="joined")
    parent: Mapped[Post | None] = relationship(
        remote_side=[id], foreign_keys=[parent_id], back_populates="children"
    )
    children: Mapped[list[Post]] = relationship(
        foreign_keys=[parent_id], back_populates="parent", passive_deletes=True
    )
    topics: Mapped[list[Topic]] = relationship(secondary=post_topics, order_by=Topic.name)
    revisions: Mapped[list[Revision]] = relationship(
        back_populates="post", order_by="Revision.number", cascade="all, delete-orphan"
    )
    comments: Mapped[list[Comment]] = relationship(
        back_populates="post", order_by="Comment.created_at", cascade="all, delete-orphan"
    )

    @property
    def is_visible(self) -> bool:
        return self.visibility == Visibility.VISIBLE

    @property
    def is_question(self) -> bool:
        return self.type == PostType.QUESTION

    @property
    def question(self) -> Post:
        """The thread this post belongs to (itself for questions and aanplakkers)."""
        return self.parent if self.parent_id else self

    def __repr__(self) -> str:
        return f"<Post {self.id} {self.type.value}>"


class Revision(db.Model):
    """One version of a post's text; edits add revisions, purges rewrite them all."""

    __tablename__ = "revisions"
    __table_args__ = (UniqueConstraint("post_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(200), default="")
    body_markdown: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    # Structured fields of multi-field posts (aanplakker), keyed by field name.
    fields: Mapped[dict | None] = mapped_column(JSON)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # A suggested edit: author_id suggested it, approved_by_id approved it (issue 21).
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    edit_summary: Mapped[str] = mapped_column(String(300), default="")
    # Soft privacy findings the author confirmed are not personal data: [{kind, text, field}].
    confirmed_findings: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    post: Mapped[Post] = relationship(back_populates="revisions")
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])


class Comment(db.Model):
    """A short plain-text remark under a question or answer."""

    __tablename__ = "comments"
    __table_args__ = (Index("ix_comments_post", "post_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    visibility: Mapped[Visibility] = mapped_column(str_enum(Visibility), default=Visibility.VISIBLE)
    hidden_reason: Mapped[str] = mapped_column(String(40), default="")
    confirmed_findings: Mapped[list] = mapped_column(JSON, default=list)
    # "Anoniem voor leden", as for posts: moderators and the author see who (decision 0022).
    anonymous: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    post: Mapped[Post] = relationship(back_populates="comments")
    author: Mapped[User] = relationship(lazy="joined")

    @property
    def is_visible(self) -> bool:
        return self.visibility == Visibility.VISIBLE
