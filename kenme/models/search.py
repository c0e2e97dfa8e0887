"""Search bookkeeping: the outbox to Meilisearch, the thesaurus and the index vocabulary.

The full-text tables themselves (``fts_threads``: SQLite FTS5 or a PostgreSQL tsvector table)
are created by the migration, not here: the ORM has no type for them and Alembic leaves
``fts_*`` tables alone.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kenme.extensions import db
from kenme.models.types import UTCDateTime, utcnow


class SearchOutbox(db.Model):
    """A change to send to an external search engine, written in the changing transaction."""

    __tablename__ = "search_outbox"
    __table_args__ = (Index("ix_search_outbox_due", "available_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # "thread": re-send (or delete) the document of post_id; "settings": re-apply settings.
    kind: Mapped[str] = mapped_column(String(20), default="thread")
    # No foreign key: a hard-deleted post must still reach the engine as a delete.
    post_id: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    available_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(String(500), default="")


class SynonymGroupRecord(db.Model):
    """One thesaurus entry: names that are equal for search (moderators edit these)."""

    __tablename__ = "search_synonym_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    canonical: Mapped[str] = mapped_column(String(200))
    terms: Mapped[list] = mapped_column(JSON, default=list)
    # A, S, O→N, ... as in the reference file; for display and editing only.
    kind: Mapped[str] = mapped_column(String(20), default="S")
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class SearchTerm(db.Model):
    """An analysed term of the embedded index with its document frequency (typo candidates).

    Kept in step with the index in the same transaction, so it holds visible text only.
    """

    __tablename__ = "search_terms"
    __table_args__ = (
        Index("ix_search_terms_bucket", "head", "size"),
        Index("ix_search_terms_tail", "tail"),
    )

    term: Mapped[str] = mapped_column(String(64), primary_key=True)
    head: Mapped[str] = mapped_column(String(1))
    tail: Mapped[str] = mapped_column(String(63))
    size: Mapped[int]
    df: Mapped[int] = mapped_column(default=0)
    # A word as members typed it that analyses to this term, to show in "Bedoelde je".
    word: Mapped[str] = mapped_column(String(64), default="")


class SearchState(db.Model):
    """One row: the index's epoch, new with every rebuild or thesaurus change (cached
    searches of another epoch are forgotten), and how its documents are written.

    epoch is random per row, so a wiped and refilled table never repeats an old (epoch,
    stamp) pair. No row is updated by every writer (kenme/search/stamps.py); the unused
    ``generation`` column went with migration 0026.
    """

    __tablename__ = "search_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    epoch: Mapped[str] = mapped_column(String(32))
    # How the indexed documents were written: 2 = with thesaurus name tokens (every document
    # indexed since a rebuild or on an index that was empty; docs/decisions/0010).
    index_format: Mapped[int] = mapped_column(default=2, server_default="1")


class SearchChange(db.Model):
    """Which threads one index change touched, and how, under a generation that says when it
    committed (kenme/search/stamps.py).

    A cached search result computed at an older generation reads the changes since and is
    kept when none of them can alter it (kenme/search/cache.py, decision 0023). Old rows are
    pruned as the generation moves on.
    """

    __tablename__ = "search_changes"

    generation: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    thread_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    # The document lost a word of its text, or left the index.
    lost: Mapped[bool] = mapped_column(default=True)
    # It lost a filter token (its status or a topic changed): filtered searches may drop it.
    meta: Mapped[bool] = mapped_column(default=True)
    # The title changed, or the document came or went (suggestions read titles only).
    title: Mapped[bool] = mapped_column(default=True)
    # The vocabulary gained or lost a term (typo corrections read it).
    words: Mapped[bool] = mapped_column(default=True)
