"""The hook every write path calls, in its own transaction, when searchable content changes."""

from __future__ import annotations

from sqlalchemy.orm import Session

from kenme.models import Post


def record_change(session: Session, post: Post) -> None:
    """Note that a thread's searchable content or visibility changed.

    Called with the question or aanplakker (or any post of the thread) in the same
    transaction as the change. The embedded engine rewrites the thread's index row right here;
    the Meilisearch engine writes an outbox row that its worker sends later. Either way the
    index cannot drift from the database: a rollback takes the index change with it.
    """
    from kenme.search import active_engine

    engine = active_engine()
    if engine is not None:
        engine.record_change(session, post)
