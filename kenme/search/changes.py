"""The hook every write path calls, in its own transaction, when searchable content changes."""

from __future__ import annotations

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from kenme.models import Post


def record_change(session: Session, post: Post) -> None:
    """Note that a thread's searchable content or visibility changed.

    Called with the question or aanplakker (or any post of the thread) in the same
    transaction as the change. The embedded engine rewrites the thread's index row right here;
    the Meilisearch engine writes an outbox row that its worker sends later. Either way the
    index cannot drift from the database: a rollback takes the index change with it.
    It also bumps the thread's ``thread_version``, which keys the rendered-thread cache.
    """
    from kenme.search import active_engine

    bump_thread_version(post)
    engine = active_engine()
    if engine is not None:
        engine.record_change(session, post)


def bump_thread_version(post: Post) -> None:
    """Count one more change on the thread root, as ``thread_version + 1`` in SQL.

    An expression rather than a Python increment, so two concurrent writers both count; a
    thread that is not in the database yet has nothing cached and needs no bump.
    """
    thread = post.question
    if thread.id is None or inspect(thread).pending:
        return
    thread.thread_version = Post.thread_version + 1
