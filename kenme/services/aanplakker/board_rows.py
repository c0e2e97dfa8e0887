"""The board as the web page shows it: plain rows in three statements built once (decision 0040).

``board.board`` loads Posts for the API's schemas; the page only needs what a card shows (the
title, the phase and its dates, the oogst, the topic names and the number of colleagues who
contributed), so it reads those columns with Core and no ORM object: the open cards with their
contributor counts, one page of closed cards with the same counts and the total of closed
ones (a window count), and the topic chips of every card. Same order, filters and visibility
rules as ``board.board``; tests/services/test_aanplakker.py holds both to the same answers.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import bindparam, distinct, func, select
from sqlalchemy.orm import Session

from kenme.models import (
    AanplakkerDetails,
    Phase,
    Post,
    PostType,
    Topic,
    Visibility,
    post_topics,
)
from kenme.pagination import Page, clamp, count_rows
from kenme.services.aanplakker.board import OPEN_LIMIT, BoardCard, BoardView
from kenme.services.aanplakker.rules import local_today

CLOSED_PER_PAGE = 10
_P, _D, _T, _PT = Post.__table__.c, AanplakkerDetails.__table__.c, Topic.__table__.c, post_topics.c
_CONTRIBUTION = Post.__table__.alias("contribution")


@dataclass(frozen=True, slots=True)
class CardTopic:
    name: str


@dataclass(frozen=True, slots=True)
class CardPost:
    """The Aanplakker on a card: its id, title and topics (what ``post`` is in the macro)."""

    id: int
    title: str
    topics: tuple[CardTopic, ...]


@dataclass(frozen=True, slots=True)
class CardDetails:
    """Its phase, end date and oogst (what ``details`` is in the macro)."""

    phase: Phase
    ends_on: date
    oogst_at: datetime | None
    oogst_html: str
    closed_note: str

    @property
    def has_oogst(self) -> bool:
        return self.oogst_at is not None


_CONTRIBUTORS = (
    select(func.count(distinct(_CONTRIBUTION.c.author_id)))
    .where(
        _CONTRIBUTION.c.parent_id == _P.id,
        _CONTRIBUTION.c.type == PostType.CONTRIBUTION,
        _CONTRIBUTION.c.visibility == Visibility.VISIBLE,
    )
    .correlate(Post.__table__)
    .scalar_subquery()
)
_CARDS = (
    select(
        _P.id,
        _P.title,
        _D.phase,
        _D.ends_on,
        _D.oogst_at,
        _D.oogst_html,
        _D.closed_note,
        _CONTRIBUTORS.label("contributors"),
    )
    .select_from(Post.__table__.join(AanplakkerDetails.__table__, _D.post_id == _P.id))
    .where(_P.type == PostType.AANPLAKKER, _P.visibility == Visibility.VISIBLE)
)
_CHIPS = (
    select(_PT.post_id, _T.name)
    .join(Topic.__table__, _T.id == _PT.topic_id)
    .where(_PT.post_id.in_(bindparam("ids", expanding=True)))
    .order_by(_T.name)
)


def _on_topic(statement, topic_id: int | None):
    if topic_id is None:
        return statement
    return statement.where(_P.id.in_(select(_PT.post_id).where(_PT.topic_id == topic_id)))


def _open(topic_id: int | None):
    return (
        _on_topic(_CARDS, topic_id)
        .where(_D.phase != Phase.GESLOTEN)
        .order_by(_D.ends_on, _P.id)
        .limit(OPEN_LIMIT)
    )


def _closed(topic_id: int | None):
    return _on_topic(_CARDS, topic_id).where(_D.phase == Phase.GESLOTEN)


def board_rows(
    session: Session, *, topic: Topic | None = None, page: int | str = 1, today: date | None = None
) -> BoardView:
    """The board's cards as rows: open by time left (past their end date last), then one page
    of closed ones, newest first."""
    today = today or local_today()
    topic_id = topic.id if topic is not None else None
    open_rows = session.execute(_open(topic_id)).all()
    open_rows.sort(key=lambda row: row.ends_on < today)
    page_number, size = clamp(page, CLOSED_PER_PAGE)
    closed_rows = session.execute(
        _closed(topic_id)
        .add_columns(func.count().over().label("total"))
        .order_by(_D.phase_changed_at.desc(), _P.id.desc())
        .limit(size)
        .offset((page_number - 1) * size)
    ).all()
    if closed_rows:
        total = closed_rows[0].total
    else:  # past the last page (or none at all): count, so the pager can lead back
        total = count_rows(session, _closed(topic_id)) if page_number > 1 else 0
    chips: defaultdict[int, list[CardTopic]] = defaultdict(list)
    ids = [row.id for row in open_rows + closed_rows]
    if ids:
        for post_id, name in session.execute(_CHIPS, {"ids": ids}):
            chips[post_id].append(CardTopic(name))

    def card(row) -> BoardCard:
        post = CardPost(row.id, row.title, tuple(chips[row.id]))
        details = CardDetails(row.phase, row.ends_on, row.oogst_at, row.oogst_html, row.closed_note)
        return BoardCard(post, row.contributors, today, details)

    closed = Page(
        items=[card(row) for row in closed_rows], page=page_number, per_page=size, total=total
    )
    return BoardView(open=[card(row) for row in open_rows], closed=closed)
