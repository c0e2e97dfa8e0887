"""The two full-text back ends of the embedded engine: SQLite FTS5 and PostgreSQL tsvector.

Both store our own analysed terms (never their own stemming) plus meta tokens for topics,
type, status, year and flags, and get queries built from plain ``\\w+`` stems and our own
tokens, so nothing a member types can reach their query syntax.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from kenme.search.fts_common import filter_tokens, similar_in_steps
from kenme.search.fts_postgres import PostgresFts
from kenme.search.fts_sqlite import SqliteFts
from kenme.search.tsvector import tsvector_literal

__all__ = [
    "PostgresFts",
    "SqliteFts",
    "backend_for",
    "filter_tokens",
    "similar_in_steps",
    "tsvector_literal",
]


def backend_for(session: Session) -> SqliteFts | PostgresFts:
    """Return the back end for the session's database."""
    dialect = session.get_bind().dialect.name
    return PostgresFts() if dialect == "postgresql" else SqliteFts()
