"""The question lists: the start page, topics, profiles and the API, in a few statements.

One statement finds the page's ids through a list index, one reads their rows, one their
topics. A member's ignored topics (``ignored``) are left out in that first statement: each
walked index entry gets one more probe into post_topics' primary key, so pages stay full
and totals right, and the rows and rendered items stay the same for every member.

The web lists read plain rows (``QuestionRow``): no ORM objects, only the columns an item
shows, so that kenme/web/fragments.py can key each rendered item by exactly what it shows.
The API reads Post objects, as its schemas expect.
"""

from __future__ import annotations

import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import BindParameter, ColumnElement, Engine, Select, bindparam, func, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql import operators
from sqlalchemy.sql.expression import UnaryExpression

from kenme import permissions, statement_rows
from kenme.models import (
    Post,
    PostType,
    QuestionStatus,
    Topic,
    User,
    Visibility,
    post_topics,
)
from kenme.models.thread_rows import TOPIC_COLUMNS, TOPIC_ORDER, TopicChip, with_topics
from kenme.pagination import (
    DEFAULT_PER_PAGE,
    LOOKAHEAD_PAGES,
    Count,
    IdQueries,
    Page,
    clamp,
    paginate_ids,
)


@dataclass(frozen=True, slots=True)
class Author:
    display_name: str
    deleted_at: datetime | None


@dataclass(frozen=True, slots=True)
class QuestionRow:
    """What a list item shows of a question, read as a row (authorship.author_label reads it)."""

    id: int
    title: str
    score: int
    answer_count: int
    status: QuestionStatus
    created_at: datetime
    anonymous: bool
    author_id: int
    author: Author
    topics: tuple[TopicChip, ...]

    @property
    def question(self) -> QuestionRow:
        return self


def list_questions(
    session: Session,
    viewer: User | None,
    *,
    sort: str = "newest",
    status: str | None = None,
    topic: Topic | None = None,
    author: User | None = None,
    page: int | str = 1,
    per_page: int | str | None = None,
    exact_total: bool = True,
    rows: bool = False,
    ignored: Collection[int] = (),
) -> Page:
    """List visible questions, sorted and filtered: one query for the page's ids (and the
    total), one for their rows, one for their topics.

    ``ignored``: topic ids whose questions stay out (a member's ignored topics, read once per
    list by ``follows.ignored_topic_ids``), except the listed ``topic`` itself: a member who
    opens a topic they ignore sees its questions.

    ``exact_total=False`` counts only a few pages ahead (``paginate_ids(count="ahead")``), so
    the cost of a page does not grow with the number of questions; the web lists use it. The
    API and the profile count exactly. ``rows``: the items are ``QuestionRow``s, not Posts.
    """
    hide = set(ignored) - {topic.id} if topic is not None else set(ignored)
    if sort == "hot" and author is None:  # "populair": recent activity, decaying (hot.py)
        from kenme.services import hot

        load = partial(_question_rows if rows else _questions_by_id, session)
        return hot.list_hot(
            session,
            viewer,
            status=status,
            topic=topic,
            page=page,
            per_page=per_page,
            load=load,
            filters=[without_topics(hide)] if hide else [],
        )
    params: dict[str, Any] = {"hide": sorted(hide)} if hide else {}
    hide_anonymous = False
    if author is not None:
        params["author_id"] = author.id
        hide_anonymous = viewer is None or (
            viewer.id != author.id and not permissions.can_moderate(viewer)
        )
    status_filter = "unanswered" if "unanswered" in (sort, status) else status
    if status_filter not in ("unanswered", "open", "answered", "accepted", "closed"):
        status_filter = None
    order = sort if sort in ("active", "votes") else "newest"
    count: Count = "exact" if exact_total else "ahead"
    mode = None
    if topic is not None:
        params["topic_id"] = topic.id
        if _through_post_topics(session, topic, page, per_page, count, status_filter):
            mode = "through" if session.get_bind().dialect.name == "sqlite" else "exists"
        else:
            mode = "walk"
        if mode == "through":
            count = "all"
    shape = (order, status_filter, mode, bool(hide), author is not None, hide_anonymous)
    ids = _SHAPES.get(shape)
    if ids is None:
        ids = _SHAPES[shape] = IdQueries.of(_ids_statement(*shape))
    load = partial(_question_rows if rows else _questions_by_id, session)
    return paginate_ids(session, ids, load, page, per_page, count=count, params=params)


# A list's ids statements by shape (order, status filter, how a topic is read, whether topics
# are left out, by author, without anonymous questions): every value is a bound parameter
# (``topic_id``, ``hide``, ``author_id``), so each shape is built and compiled once.
_SHAPES: dict[tuple, IdQueries] = {}
_ORDERS = {
    "newest": (Post.created_at.desc(), Post.id.desc()),
    "active": (Post.last_activity_at.desc(), Post.id.desc()),
    "votes": (Post.score.desc(), Post.created_at.desc(), Post.id.desc()),
}


def _ids_statement(
    order: str,
    status_filter: str | None,
    mode: str | None,
    hide: bool,
    by_author: bool,
    hide_anonymous: bool,
) -> Select:
    """The ids of one list shape, in list order (see ``_SHAPES``)."""
    filters: list[ColumnElement[bool]] = []
    if hide:
        filters.append(without_topics(bindparam("hide", expanding=True)))
    if by_author:
        filters.append(Post.author_id == bindparam("author_id"))
        if hide_anonymous:
            filters.append(Post.anonymous.is_(False))
    # Each filter and order has its own list index (kenme.models.posts, migration 0008), so
    # the ids come from index entries alone, without reading a row.
    if status_filter == "unanswered":
        filters += [Post.answer_count == 0, Post.status != QuestionStatus.CLOSED]
    elif status_filter is not None:
        filters.append(Post.status == QuestionStatus(status_filter))
    ids = select(Post.id).where(*filters).order_by(*_ORDERS[order])
    if mode is None:
        return ids.where(Post.type == PostType.QUESTION, Post.visibility == Visibility.VISIBLE)
    if mode == "through":
        # Every question of the topic by primary key, sorted in memory ("+" keeps SQLite off
        # the list indexes, which it would walk for type and visibility).
        return ids.where(
            Post.id.in_(_topic_post_ids()),
            _no_index(Post.type) == PostType.QUESTION,
            _no_index(Post.visibility) == Visibility.VISIBLE,
        ).with_hint(Post, f"INDEXED BY {SORT_KEYS_INDEX}", "sqlite")
    # Walk the list index in order and probe post_topics' primary key for each entry
    # (EXISTS, not IN: SQLite would build the whole IN list first, 24 ms for the page in
    # a topic of 30,000 questions). PostgreSQL turns EXISTS into a join it plans from a
    # poor guess of the topic's share: a hash join of a whole big topic (55-115 ms where
    # the walk takes 2 ms). OFFSET 0 keeps it a walk. When a walk would be long,
    # PostgreSQL gets the plain EXISTS and joins the topic itself: the forms that make it
    # read through post_topics were no faster there (20-110 ms for 3,400 questions).
    in_topic = select(post_topics.c.post_id).where(
        post_topics.c.post_id == Post.id, post_topics.c.topic_id == bindparam("topic_id")
    )
    return ids.where(
        Post.type == PostType.QUESTION,
        Post.visibility == Visibility.VISIBLE,
        (in_topic.offset(0) if mode == "walk" else in_topic).exists(),
    )


# Costs behind _through_post_topics, in microseconds of CPU, measured on SQLite 3.40 at
# 100,000 questions with the list indexes of migration 0008 (only their ratio matters).
ROW_COST = 3.0  # read one posts row by primary key and sort it (rows hold the text)
WALK_COST = 0.45  # one list index entry plus a probe into post_topics' primary key (EXISTS)
# The part of the questions a status filter keeps, guessed (the generated community has
# closed 1 %, open and unanswered 8 %, answered 53 %, accepted 38 %): a filtered list walks
# an index holding only those questions, so it can walk no further than that part.
STATUS_SHARES = {"closed": 0.01, "open": 0.05, "unanswered": 0.05}
OTHER_STATUS_SHARE = 0.3


SORT_KEYS_INDEX = "ix_posts_sort_keys"  # id and every sort and filter column (0010)


def without_topics(topic_ids: Collection[int] | BindParameter) -> ColumnElement[bool]:
    """Questions in none of ``topic_ids`` (ids, or an expanding bound parameter): NOT EXISTS
    on post_topics' primary key (post_id, topic_id), one probe per walked list index entry."""
    ids = topic_ids if isinstance(topic_ids, BindParameter) else sorted(topic_ids)
    return ~(
        select(post_topics.c.post_id)
        .where(post_topics.c.post_id == Post.id, post_topics.c.topic_id.in_(ids))
        .exists()
    )


def _topic_post_ids() -> Select:
    return select(post_topics.c.post_id).where(post_topics.c.topic_id == bindparam("topic_id"))


def _through_post_topics(
    session: Session,
    topic: Topic,
    page: int | str,
    per_page: int | str | None,
    count: Count,
    status_filter: str | None,
) -> bool:
    """Whether to read a topic's questions through post_topics (and sort them) instead of
    walking a list index in order and keeping the entries that are in the topic.

    Walking is cheap per index entry, but walks about need / share entries, where need is the
    rows the page and its count want and share is the topic's part of all questions: for a
    new topic that is the whole list (80 ms at 100,000 questions). A status filter walks an
    index of only the questions with that status, so no further than their number. SQLite
    keeps no statistics here (no ANALYZE), and PostgreSQL's guess of a topic's share was off
    fourfold and more (it chose a whole-topic hash join for a big topic, and walked the whole
    list for a small one), so we decide on both, estimating the share from the denormalised
    question counts. Those only steer the plan; no number shown depends on them.
    """
    size = max(topic.question_count, 0)
    if size == 0:
        return True
    every = max(_all_topic_questions(session), size)
    share = size / every
    if count == "exact":
        need = every
    else:
        page_number, per = clamp(page, per_page or DEFAULT_PER_PAGE)
        need = (page_number + LOOKAHEAD_PAGES) * per + 1
    kept = STATUS_SHARES.get(status_filter, OTHER_STATUS_SHARE) if status_filter else 1.0
    walked = min(every * kept, need / share)
    return ROW_COST * size <= WALK_COST * walked


# The sum of the topics' question counts by engine, with when it was read: it only steers
# the plan above, so a minute-old sum does as well and saves every topic page a statement.
_SUMS: WeakKeyDictionary[Engine, tuple[float, int]] = WeakKeyDictionary()
SUM_SECONDS = 60.0


def _all_topic_questions(session: Session) -> int:
    engine = session.get_bind()
    read_at, total = _SUMS.get(engine, (-SUM_SECONDS, 0))
    if time.monotonic() - read_at >= SUM_SECONDS:
        total = session.scalar(select(func.sum(Topic.question_count))) or 0
        _SUMS[engine] = (time.monotonic(), total)
    return total


def _no_index(column: Any) -> UnaryExpression:
    """``+column``: the documented way to stop SQLite from using an index for a term."""
    return UnaryExpression(column, operator=operators.custom_op("+"), type_=column.type)


def _questions_by_id(session: Session, ids: Sequence[int]) -> list[Post]:
    """Load questions with their topics by primary key, in the order of ``ids``."""
    rows = session.scalars(
        select(Post).where(Post.id.in_(ids)).options(selectinload(Post.topics))
    ).unique()
    by_id = {
        p.id: p for p in rows if p.type == PostType.QUESTION and p.visibility == Visibility.VISIBLE
    }
    return [by_id[i] for i in ids if i in by_id]


_P, _U = Post.__table__.c, User.__table__.c
# A page's items in one statement built once: a row per (question, topic chip), chips in name
# order. Core columns and an expanding parameter: the ORM's per-statement work (building the
# select, then loading) was three quarters of reading a page (decision 0040).
_ITEM_ROWS = (
    select(
        _P.id,
        _P.type,
        _P.visibility,
        _P.title,
        _P.score,
        _P.answer_count,
        _P.status,
        _P.created_at,
        _P.anonymous,
        _P.author_id,
        _U.display_name,
        _U.deleted_at,
        *TOPIC_COLUMNS,
    )
    .select_from(with_topics(Post.__table__.join(User.__table__, _U.id == _P.author_id)))
    .where(_P.id.in_(bindparam("ids", expanding=True)))
    .order_by(TOPIC_ORDER)
)


def _question_rows(session: Session, ids: Sequence[int]) -> list[QuestionRow]:
    """The list items of visible questions by primary key, in the order of ``ids``.

    On the session's connection, the rows taken apart by position: the ORM's execute and
    named access on each row cost more than the statement (1.7 ms of a start page, 0.7 now).
    """
    found: dict[int, tuple] = {}
    chips: dict[int, list[TopicChip]] = {}
    for row in statement_rows.rows(session.connection(), _ITEM_ROWS, {"ids": list(ids)}):
        post_id, kind, visibility, *shown, topic_id, slug, name = row
        if visibility != Visibility.VISIBLE or kind != PostType.QUESTION:
            continue
        if post_id not in found:
            found[post_id], chips[post_id] = shown, []
        if topic_id is not None:
            chips[post_id].append(TopicChip(topic_id, slug, name))
    items = []
    for post_id in dict.fromkeys(ids):
        shown = found.get(post_id)
        if shown is not None:
            title, score, answers, status, created_at, anonymous, author_id, name, gone = shown
            items.append(
                QuestionRow(
                    post_id,
                    title,
                    score,
                    answers,
                    status,
                    created_at,
                    anonymous,
                    author_id,
                    Author(name, gone),
                    tuple(chips[post_id]),
                )
            )
    return items
