"""Turn an engine's ids into results: current rows, checked for visibility again, highlighted."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from kenme.models import Post, PostType, Visibility
from kenme.search.documents import _aanplakker_texts, load_documents, plain_text
from kenme.search.engine import Hit
from kenme.search.snippets import Highlighter, highlight, snippet

THREADS = (PostType.QUESTION, PostType.AANPLAKKER)


def load_threads(session: Session, ids: Sequence[int]) -> list[Post]:
    """Load visible threads by id, in the order given; anything else is dropped silently."""
    if not ids:
        return []
    posts = session.scalars(
        select(Post).where(Post.id.in_(list(ids))).options(selectinload(Post.topics))
    ).all()
    by_id = {p.id: p for p in posts if p.visibility == Visibility.VISIBLE and p.type in THREADS}
    return [by_id[i] for i in dict.fromkeys(ids) if i in by_id]


def hydrate(
    session: Session, ids: Sequence[int], highlighter: Highlighter | None = None
) -> list[Hit]:
    """Return hits for ids in engine order, each re-checked and with an escaped snippet."""
    highlighter = highlighter or Highlighter()
    posts = load_threads(session, ids)
    aanplakkers = [p.id for p in posts if p.type == PostType.AANPLAKKER]
    oogst = _aanplakker_texts(session, aanplakkers) if aanplakkers else {}
    texts = {p.id: [oogst.get(p.id, ""), plain_text(p.body_markdown)] for p in posts}
    # Answers and comments (visible ones only) are read only for hits that need them.
    unmatched = [
        p.id for p in posts if highlighter and not any(highlighter.spans(t) for t in texts[p.id])
    ]
    if unmatched:
        for thread_id, document in load_documents(session, unmatched).items():
            texts[thread_id] += [*document.answers, *document.comments]
    return [
        Hit(
            post=post,
            title_html=highlight(post.title, highlighter),
            snippet=snippet(texts[post.id], highlighter),
        )
        for post in posts
    ]
