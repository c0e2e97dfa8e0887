"""Denormalised counters: changed in SQL, and defined once so `flask check` can recount them.

A counter such as ``posts.answer_count`` is a copy of something the rows already say. Two
members writing at the same moment must both count, so a change is never "read in Python, add
one, write the result back" (the second writer would overwrite the first with a stale value);
:func:`add` writes ``answer_count = answer_count + 1`` and the database adds under its own
row lock. After the next flush SQLAlchemy reloads the attribute, so reading it then gives the
database's value. Reading it *before* that flush gives the SQL expression, not a number:
flush first (the services do).

:data:`COUNTERS` says, for every counter, which rows it counts; ``flask --app kenme check``
compares the two and ``--repair`` recounts from the rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, case, func, inspect, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ClauseElement

from kenme.models import (
    Comment,
    ContributionDetails,
    Endorsement,
    Follow,
    Herkenbaar,
    Post,
    PostType,
    ReputationEvent,
    Revision,
    Topic,
    User,
    Visibility,
    Vote,
)
from kenme.models.posts import post_topics


def lock(obj, name: str) -> None:
    """Hold ``obj``'s row for writing until commit, and read ``obj.<name>`` afresh after it.

    Writes ``name = name``: PostgreSQL locks the row, SQLite takes its write lock, and every
    read after this sees what others committed before. Use it before a check-then-insert that
    a unique constraint guards (one vote per member and post, one follow per topic): without
    it the same request sent twice at once (a double click, a retry) finds nothing twice, and
    the second insert fails with an error page. Lock the row whose counter the write changes:
    that row is locked anyway a moment later, so this adds no new waiting.
    """
    state = inspect(obj)
    if state.transient or state.pending:
        return
    column = getattr(type(obj), name)
    key = inspect(type(obj)).primary_key[0]
    state.session.execute(
        update(type(obj))
        .where(key == state.identity[0])
        .values({name: column})
        .execution_options(synchronize_session=False)
    )
    state.session.expire(obj, [name])


def add(obj, name: str, delta: int, *, floor: int | None = None) -> None:
    """Add ``delta`` to ``obj.<name>`` in SQL, so concurrent writers both count.

    Two calls before one flush add up. A row not yet in the database has no other writer and
    is changed in Python. ``floor`` keeps the result from dropping below it (``0`` for counts
    a drifted counter must not push negative).
    """
    if not delta:
        return
    state = inspect(obj)
    if state.transient or state.pending:
        value = (getattr(obj, name) or 0) + delta
        setattr(obj, name, value if floor is None else max(floor, value))
        return
    pending = state.attrs[name].history.added
    base = getattr(type(obj), name)
    if pending and isinstance(pending[0], ClauseElement | int):
        base = pending[0]  # a change earlier in this flush: add to it
    expression = base + delta
    if floor is not None and isinstance(expression, ClauseElement):
        expression = case((expression < floor, floor), else_=expression)
    elif floor is not None:
        expression = max(floor, expression)
    setattr(obj, name, expression)


def next_revision_number(post: Post) -> int:
    """Count one more revision on ``post`` and return its number.

    For a stored post the database adds (``revision_count + 1``) and hands back the result
    while it holds the row, so two editors saving at once get 4 and 5, not both 4 (which the
    unique (post, number) constraint would refuse with an error page).
    """
    state = inspect(post)
    if state.transient or state.pending:
        post.revision_count = len(post.revisions) + 1
        return post.revision_count
    add(post, "revision_count", +1)
    state.session.flush()
    return post.revision_count


@dataclass(frozen=True)
class Counter:
    """One denormalised column and the rows it counts (a correlated scalar subquery)."""

    name: str  # e.g. "posts.answer_count (vragen)"
    table: type
    column: str
    expected: ColumnElement
    scope: ColumnElement | None = None

    @property
    def key(self):
        return inspect(self.table).primary_key[0]


def _count(*where) -> ColumnElement:
    return select(func.count()).where(*where).scalar_subquery()


def _sum(column, *where) -> ColumnElement:
    return select(func.coalesce(func.sum(column), 0)).where(*where).scalar_subquery()


def _answer_count(child, label: str, parent: PostType, kind: PostType) -> Counter:
    """``answer_count`` of one kind of post: its visible children of one kind."""
    return Counter(
        f"posts.answer_count ({label})",
        Post,
        "answer_count",
        _count(
            child.c.parent_id == Post.id,
            child.c.type == kind.value,
            child.c.visibility == Visibility.VISIBLE.value,
        ),
        Post.type == parent,
    )


def _counters() -> list[Counter]:
    child = Post.__table__.alias("child")
    visible = Visibility.VISIBLE.value
    return [
        _answer_count(child, "vragen", PostType.QUESTION, PostType.ANSWER),
        _answer_count(child, "Aanplakkers: bijdragen", PostType.AANPLAKKER, PostType.CONTRIBUTION),
        Counter(
            "posts.comment_count",
            Post,
            "comment_count",
            _count(Comment.post_id == Post.id, Comment.visibility == Visibility.VISIBLE),
        ),
        Counter("posts.score", Post, "score", _sum(Vote.value, Vote.post_id == Post.id)),
        Counter(
            "posts.endorsement_count",
            Post,
            "endorsement_count",
            _count(Endorsement.post_id == Post.id),
        ),
        Counter(
            "posts.revision_count", Post, "revision_count", _count(Revision.post_id == Post.id)
        ),
        Counter(
            "topics.question_count",
            Topic,
            "question_count",
            select(func.count())
            .select_from(post_topics.join(child, child.c.id == post_topics.c.post_id))
            .where(
                post_topics.c.topic_id == Topic.id,
                child.c.type == PostType.QUESTION.value,
                child.c.visibility == visible,
            )
            .scalar_subquery(),
        ),
        Counter(
            "topics.follower_count",
            Topic,
            "follower_count",
            _count(Follow.topic_id == Topic.id),
        ),
        Counter(
            "contribution_details.herkenbaar_count",
            ContributionDetails,
            "herkenbaar_count",
            _count(Herkenbaar.post_id == ContributionDetails.post_id),
        ),
        Counter(
            "users.reputation",
            User,
            "reputation",
            _sum(ReputationEvent.delta, ReputationEvent.user_id == User.id),
        ),
    ]


@dataclass(frozen=True)
class Difference:
    counter: str
    row_id: int
    stored: int
    counted: int

    def to_dict(self) -> dict:
        return {
            "counter": self.counter,
            "id": self.row_id,
            "stored": self.stored,
            "counted": self.counted,
        }


def differences(session: Session, limit: int | None = None) -> list[Difference]:
    """Every counter whose stored value differs from a recount of its rows."""
    found: list[Difference] = []
    for counter in _counters():
        column = getattr(counter.table, counter.column)
        query = select(counter.key, column, counter.expected).where(column != counter.expected)
        if counter.scope is not None:
            query = query.where(counter.scope)
        rows = session.execute(query.order_by(counter.key).limit(limit)).all()
        found += [Difference(counter.name, r[0], int(r[1]), int(r[2])) for r in rows]
    return found


def repair(session: Session) -> int:
    """Set every counter to the recount of its rows, in SQL; return how many rows changed."""
    changed = 0
    for counter in _counters():
        column = getattr(counter.table, counter.column)
        where = [column != counter.expected]
        if counter.scope is not None:
            where.append(counter.scope)
        statement = (
            update(counter.table)
            .where(and_(*where))
            .values({counter.column: counter.expected})
            .execution_options(synchronize_session=False)
        )
        changed += session.execute(statement).rowcount or 0
    return changed
