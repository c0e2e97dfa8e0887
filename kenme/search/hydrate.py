"""Turn an engine's ids into results: current rows, checked for visibility again, highlighted."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, defer, selectinload

from kenme.models import Post, PostType, QuestionStatus, Visibility
from kenme.models.thread_rows import TOPIC_COLUMNS, TOPIC_ORDER, TopicChip, fold_topics, with_topics
from kenme.search.documents import _aanplakker_texts, plain_text, reply_texts
from kenme.search.engine import Hit
from kenme.search.snippets import Highlighter, highlight, snippet

THREADS = (PostType.QUESTION, PostType.AANPLAKKER)


_THREADS_BY_ID = select(Post).where(Post.id.in_(bindparam("ids", expanding=True)))
# Built once: a suggestion reads a few titles on every keystroke's pause.
_WHOLE_THREADS = _THREADS_BY_ID.options(selectinload(Post.topics))
_TITLED_THREADS = _THREADS_BY_ID.options(defer(Post.body_markdown), defer(Post.body_html))


def load_threads(session: Session, ids: Sequence[int], *, whole: bool = True) -> list[Post]:
    """Load visible threads by id, in the order given; anything else is dropped silently.

    ``whole=False``: for lists of titles (suggestions), without their topics and bodies (read
    when asked for, one statement each).
    """
    if not ids:
        return []
    statement = _WHOLE_THREADS if whole else _TITLED_THREADS
    posts = session.scalars(statement, {"ids": list(ids)}).all()
    by_id = {p.id: p for p in posts if p.visibility == Visibility.VISIBLE and p.type in THREADS}
    return [by_id[i] for i in dict.fromkeys(ids) if i in by_id]


@dataclass(frozen=True, slots=True)
class HitThread:
    """What a search result shows and the API returns of a thread, read as a row."""

    id: int
    type: PostType
    title: str
    body_markdown: str
    status: QuestionStatus | None
    score: int
    answer_count: int
    created_at: datetime
    accepted_answer_id: int | None
    topics: tuple[TopicChip, ...]


_P = Post.__table__.c
# A page of hits in one statement built once, a row per (thread, topic), topics by name as
# Post.topics orders them; no ORM objects (decision 0040).
_HIT_ROWS = (
    select(
        _P.id,
        _P.type,
        _P.visibility,
        _P.title,
        _P.body_markdown,
        _P.status,
        _P.score,
        _P.answer_count,
        _P.created_at,
        _P.accepted_answer_id,
        *TOPIC_COLUMNS,
    )
    .select_from(with_topics(Post.__table__))
    .where(_P.id.in_(bindparam("ids", expanding=True)))
    .order_by(TOPIC_ORDER)
)


def load_hit_threads(session: Session, ids: Sequence[int]) -> list[HitThread]:
    """``load_threads`` for search results: visible threads as rows, in the order given."""
    if not ids:
        return []
    wanted = list(dict.fromkeys(ids))
    # On the connection, not through the ORM's execute: plain rows of a statement built once.
    rows = session.connection().execute(_HIT_ROWS, {"ids": wanted})
    return [
        HitThread(
            id=row.id,
            type=row.type,
            title=row.title,
            body_markdown=row.body_markdown,
            status=row.status,
            score=row.score,
            answer_count=row.answer_count,
            created_at=row.created_at,
            accepted_answer_id=row.accepted_answer_id,
            topics=topics,
        )
        for row, topics in fold_topics(rows, wanted, THREADS)
    ]


def hydrate(
    session: Session, ids: Sequence[int], highlighter: Highlighter | None = None
) -> list[Hit]:
    """Return hits for ids in engine order, each re-checked and with an escaped snippet."""
    highlighter = highlighter or Highlighter()
    posts = load_hit_threads(session, ids)
    aanplakkers = [p.id for p in posts if p.type == PostType.AANPLAKKER]
    oogst = _aanplakker_texts(session, aanplakkers) if aanplakkers else {}
    texts = {p.id: [oogst.get(p.id, ""), plain_text(p.body_markdown)] for p in posts}
    # Answers and comments (visible ones only) are read only for hits that need them.
    unmatched = [
        p.id for p in posts if highlighter and not any(highlighter.spans(t) for t in texts[p.id])
    ]
    # Their replies' texts only: not the whole documents (thread rows, topics, oogst again).
    if unmatched:
        for thread_id, replies in reply_texts(session, unmatched).items():
            texts[thread_id] += replies
    return [
        Hit(
            post=post,
            title_html=highlight(post.title, highlighter),
            snippet=snippet(texts[post.id], highlighter),
        )
        for post in posts
    ]
