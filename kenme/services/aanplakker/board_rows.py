"""The board as the web page shows it: plain rows in three statements (decisions 0040, 0052).

``board.board`` loads Posts for the API's schemas; the page only needs what a card shows (the
title, the phase and its dates, the oogst, the topic names and the number of colleagues who
contributed), so it reads those columns with Core and no ORM object: the ids of the open
cards and of every closed one, both from index entries alone (the closed ones in the order
they closed, migration 0030), then what the shown cards show with their chips and colleagues.
Same order, filters and visibility rules as ``board.board``; tests/services/test_aanplakker.py
holds both to the same answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, bindparam, distinct, func, select
from sqlalchemy.orm import Session

from kenme import statement_rows
from kenme.models import (
    AanplakkerDetails,
    Phase,
    Post,
    PostType,
    Topic,
    Visibility,
    post_topics,
)
from kenme.pagination import IdQueries, Page, clamp
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
OPEN_PHASES = [phase for phase in Phase if phase != Phase.GESLOTEN]
BOARD_INDEX = "ix_aanplakker_details_board"  # (phase, ends_on)
SORT_KEYS_INDEX = "ix_posts_sort_keys"  # (id, type, visibility, ...): covers the filter


def _keys(on_topic: bool, *columns):
    """Which Aanplakkers a board shows: the details' board index, probing the posts' sort
    keys for type and visibility, without reading a posts row. Without statistics SQLite
    walked ix_posts_list_votes over every Aanplakker and read each row instead; with them
    it chose this plan, now named so it holds either way (tests/services/test_plans.py)."""
    statement = (
        select(_D.post_id.label("id"), *columns)
        .select_from(AanplakkerDetails.__table__.join(Post.__table__, _P.id == _D.post_id))
        .where(_P.type == PostType.AANPLAKKER, _P.visibility == Visibility.VISIBLE)
        .with_hint(AanplakkerDetails.__table__, f"INDEXED BY {BOARD_INDEX}", "sqlite")
        .with_hint(Post.__table__, f"INDEXED BY {SORT_KEYS_INDEX}", "sqlite")
    )
    if not on_topic:
        return statement
    return statement.where(_D.post_id.in_(_ON_TOPIC))


_ON_TOPIC = select(_PT.post_id).where(_PT.topic_id == bindparam("topic_id"))


def _open(on_topic: bool):
    return (
        _keys(on_topic)
        .where(_D.phase.in_(OPEN_PHASES))
        .order_by(_D.ends_on, _D.post_id)
        .limit(OPEN_LIMIT)
    )


OUT_OF_VIEW = [visibility for visibility in Visibility if visibility != Visibility.VISIBLE]
LIST_INDEX = "ix_posts_list_newest"  # (type, visibility, ...): the few out of view
CLOSED_INDEX = "ix_aanplakker_details_closed"  # (phase, phase_changed_at), then post_id


def _closed(on_topic: bool):
    """The visible closed Aanplakkers' ids, last closed first: the closed index's entries in
    order (migration 0030), less the Aanplakkers out of view (a handful, from a list index).
    Probing the posts' sort keys for each closed one cost 1.7 ms at 500 closed Aanplakkers;
    only details rows of Aanplakkers exist."""
    out_of_view = (
        select(_P.id)
        .where(_P.type == PostType.AANPLAKKER, _P.visibility.in_(OUT_OF_VIEW))
        .with_hint(Post.__table__, f"INDEXED BY {LIST_INDEX}", "sqlite")
    )
    statement = (
        select(_D.post_id.label("id"))
        .where(_D.phase == Phase.GESLOTEN, _D.post_id.not_in(out_of_view))
        .order_by(_D.phase_changed_at.desc(), _D.post_id.desc())
        .with_hint(AanplakkerDetails.__table__, f"INDEXED BY {CLOSED_INDEX}", "sqlite")
    )
    if not on_topic:
        return statement
    return statement.where(_D.post_id.in_(_ON_TOPIC))


# What a card shows, for the ids the board shows (by primary key), with its topic chips: one
# row per (card, chip). The colleagues are counted for these cards only; counting them in the
# statement that sorts every closed Aanplakker counted them for all of those (9.5 of 11 ms
# at 100,000 questions).
_CARD_ROWS = (
    select(
        _P.id,
        _P.title,
        _D.phase,
        _D.ends_on,
        _D.oogst_at,
        _D.oogst_html,
        _D.closed_note,
        _CONTRIBUTORS.label("contributors"),
        _T.name.label("topic_name"),
    )
    .select_from(
        Post.__table__.join(AanplakkerDetails.__table__, _D.post_id == _P.id)
        .outerjoin(post_topics, _PT.post_id == _P.id)
        .outerjoin(Topic.__table__, _T.id == _PT.topic_id)
    )
    .where(_P.id.in_(bindparam("ids", expanding=True)))
    .order_by(_T.name)
)


# The open cards' ids and the closed ones (a page of them, their count) with and without a
# topic filter, built once (the topic is a bound parameter): building and compiling them per
# board cost more than running them.
_STATEMENTS: dict[bool, tuple[Select, IdQueries]] = {}


def _statements(on_topic: bool) -> tuple[Select, IdQueries]:
    found = _STATEMENTS.get(on_topic)
    if found is None:
        found = _STATEMENTS[on_topic] = (_open(on_topic), IdQueries.of(_closed(on_topic)))
    return found


def board_rows(
    session: Session, *, topic: Topic | None = None, page: int | str = 1, today: date | None = None
) -> BoardView:
    """The board's cards as rows: open by time left (past their end date last), then one page
    of closed ones, newest first. On the session's connection: Core rows, taken apart by
    position."""
    today = today or local_today()
    page_number, size = clamp(page, CLOSED_PER_PAGE)
    offset = (page_number - 1) * size
    params = {} if topic is None else {"topic_id": topic.id}
    open_statement, closed = _statements(topic is not None)
    session.flush()
    connection = session.connection()
    open_ids = statement_rows.column(connection, open_statement, params)
    (total,) = statement_rows.column(connection, closed.count, params)
    closed_ids = []
    if total > offset:
        window = {**params, "window_limit": size, "window_offset": offset}
        closed_ids = statement_rows.column(connection, closed.window, window)
    cards: dict[int, tuple] = {}
    chips: dict[int, list[CardTopic]] = {}
    if open_ids or closed_ids:
        for post_id, *shown, topic_name in statement_rows.rows(
            connection, _CARD_ROWS, {"ids": [*open_ids, *closed_ids]}
        ):
            if post_id not in cards:
                cards[post_id], chips[post_id] = shown, []
            if topic_name is not None:
                chips[post_id].append(CardTopic(topic_name))

    def card(post_id: int) -> BoardCard:
        title, phase, ends_on, oogst_at, oogst_html, closed_note, contributors = cards[post_id]
        post = CardPost(post_id, title, tuple(chips[post_id]))
        details = CardDetails(phase, ends_on, oogst_at, oogst_html, closed_note)
        return BoardCard(post, contributors, today, details)

    open_cards = [card(i) for i in open_ids if i in cards]
    open_cards.sort(key=lambda c: c.details.ends_on < today)
    closed_page = Page(
        items=[card(i) for i in closed_ids if i in cards],
        page=page_number,
        per_page=size,
        total=total,
    )
    return BoardView(open=open_cards, closed=closed_page)
