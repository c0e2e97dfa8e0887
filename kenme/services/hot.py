"""The "populair" list (``?sort=hot``): questions with recent votes, answers and comments,
each event counting less as it ages (decision 0019).

hot(question, now) = sum over its events in the last ``WINDOW`` of
    weight(event) * 0.5 ** (age(event) / HALF_LIFE)

Events: the question being asked (1), an answer (3), a comment (0.5) and a vote on the
question or one of its answers (+1 up, -1 down), only on what members can see. ``now`` is a
parameter, so the order is the same on every run of a test. Page views are not counted:
KenMe does not record them, and a write on every read would defeat the kept question pages
(decisions 0011, 0012 and 0016).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import partial

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from kenme.models import Comment, Post, PostType, QuestionStatus, Topic, User, Visibility, Vote
from kenme.models.types import utcnow
from kenme.pagination import Page, clamp

HALF_LIFE = timedelta(days=3)
WINDOW = timedelta(days=30)
WEIGHTS = {"question": 1.0, "answer": 3.0, "comment": 0.5, "vote": 1.0}


def _decay(now: datetime, when: datetime) -> float:
    age = max(timedelta(0), now - when)
    return 0.5 ** (age / HALF_LIFE)


def hot_scores(session: Session, now: datetime) -> dict[int, float]:
    """Every question with events in the window up to ``now``, by its score (three queries)."""
    since = now - WINDOW
    thread = func.coalesce(Post.parent_id, Post.id)
    visible_post = (Post.visibility == Visibility.VISIBLE) & Post.type.in_(
        (PostType.QUESTION, PostType.ANSWER)
    )
    scores: dict[int, float] = defaultdict(float)
    for thread_id, post_type, created_at in session.execute(
        select(thread, Post.type, Post.created_at).where(
            visible_post, Post.created_at.between(since, now)
        )
    ):
        kind = "question" if post_type == PostType.QUESTION else "answer"
        scores[thread_id] += WEIGHTS[kind] * _decay(now, created_at)
    for thread_id, value, created_at in session.execute(
        select(thread, Vote.value, Vote.created_at)
        .join(Post, Post.id == Vote.post_id)
        .where(visible_post, Vote.created_at.between(since, now), Vote.value != 0)
    ):
        scores[thread_id] += WEIGHTS["vote"] * value * _decay(now, created_at)
    for thread_id, created_at in session.execute(
        select(thread, Comment.created_at)
        .join(Post, Post.id == Comment.post_id)
        .where(
            visible_post,
            Comment.visibility == Visibility.VISIBLE,
            Comment.created_at.between(since, now),
        )
    ):
        scores[thread_id] += WEIGHTS["comment"] * _decay(now, created_at)
    return scores


def list_hot(
    session: Session,
    viewer: User | None,
    *,
    now: datetime | None = None,
    status: str | None = None,
    topic: Topic | None = None,
    page: int | str = 1,
    per_page: int | str | None = None,
    load=None,
    filters: Sequence[ColumnElement[bool]] = (),
) -> Page:
    """Visible questions with a positive score, hottest first (ties: newest activity, id).

    ``filters``: further conditions on the questions (the member's ignored topics)."""
    from kenme.services.question_lists import _questions_by_id

    scores = {k: v for k, v in hot_scores(session, now or utcnow()).items() if v > 0}
    candidates = select(Post.id, Post.last_activity_at).where(
        Post.id.in_(list(scores)),
        Post.type == PostType.QUESTION,
        Post.visibility == Visibility.VISIBLE,
        *filters,
    )
    if status == "unanswered":
        candidates = candidates.where(Post.answer_count == 0, Post.status != QuestionStatus.CLOSED)
    elif status in ("open", "answered", "accepted", "closed"):
        candidates = candidates.where(Post.status == QuestionStatus(status))
    if topic is not None:
        candidates = candidates.where(Post.topics.any(Topic.id == topic.id))
    rows = session.execute(candidates).all() if scores else []
    ordered = sorted(
        rows, key=lambda row: (-scores[row.id], -row.last_activity_at.timestamp(), -row.id)
    )
    number, size = clamp(page, per_page)
    start = (number - 1) * size
    ids = [row.id for row in ordered[start : start + size]]
    return Page(
        items=(load or partial(_questions_by_id, session))(ids),
        page=number,
        per_page=size,
        total=len(ordered),
    )
