"""The hook every write path calls, in its own transaction, when searchable content changes."""

from __future__ import annotations

from sqlalchemy import inspect
from sqlalchemy.orm import Session, object_session

from kenme.models import Comment, Post


def record_change(
    session: Session, post: Post, *, score_only: bool = False, added: Post | Comment | None = None
) -> None:
    """Note that a thread's searchable content or visibility changed.

    Called with the question or aanplakker (or any post of the thread) in the same
    transaction as the change. The embedded engine rewrites the thread's index row right here;
    the Meilisearch engine writes an outbox row that its worker sends later. Either way the
    index cannot drift from the database: a rollback takes the index change with it.
    It also bumps the thread's ``thread_version``, which keys the kept question pages.

    ``score_only``: only a post's score changed (a vote). The embedded index holds no scores
    (it sorts by the posts' own column), so it has nothing to do; Meilisearch sorts on the
    document's score and gets the thread again.

    ``added``: the change is this new answer or comment and nothing else (the thread's
    status and counts may follow from it); the embedded engine then analyses only its text
    (docs/decisions/0038).
    """
    from kenme.search import active_engine

    bump_thread_version(post, removes=not score_only and added is None)
    engine = active_engine()
    if engine is not None:
        engine.record_change(session, post, score_only=score_only, added=added)


# In ``session.info``: thread id -> whether text may have left it, for the kept pages to
# forget once the transaction commits (kenme/web/questions/page_cache.py, decision 0045).
CHANGED_THREADS = "kenme_changed_threads"


def bump_thread_version(post: Post, *, removes: bool = True) -> None:
    """Count one more change on the thread root, as ``thread_version + 1`` in SQL.

    An expression rather than a Python increment, so two concurrent writers both count; a
    thread that is not in the database yet has nothing cached and needs no bump.

    ``removes``: text may have left the thread or the thread left view (anything but a vote
    or a new answer or comment); a copy kept of it anywhere must go, not only go stale.
    """
    thread = post.question
    if thread.id is None or inspect(thread).pending:
        return
    thread.thread_version = Post.thread_version + 1
    session = object_session(thread)
    if session is not None:
        changed = session.info.setdefault(CHANGED_THREADS, {})
        changed[thread.id] = changed.get(thread.id, False) or removes


def drop_replaced_tokens(session: Session) -> None:
    """Make text just removed from a thread unreadable in the embedded index's storage too.

    SQLite's FTS5 keeps a replaced document's tokens in its segments until they merge, where
    they can be read from the database file; for a purge of personal data or an archived case
    (decision 0029) that is not good enough, so the embedded index is merged now (both are
    rare moderator actions). PostgreSQL's old row versions go with (auto)vacuum; Meilisearch
    gets the new document through its outbox.
    """
    from kenme.search import active_engine
    from kenme.search.embedded import EmbeddedEngine
    from kenme.search.fts import backend_for

    if isinstance(active_engine(), EmbeddedEngine) and session.get_bind().dialect.name == "sqlite":
        backend_for(session).optimise(session)
