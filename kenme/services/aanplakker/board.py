"""Reading Aanplakkers: the board, topic lists and a thread, each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import case, distinct, func, select
from sqlalchemy.orm import Session, contains_eager, selectinload

from kenme import permissions
from kenme.errors import NotFound
from kenme.models import (
    AanplakkerDetails,
    ContributionDetails,
    ContributionKind,
    Herkenbaar,
    Phase,
    Post,
    PostType,
    Topic,
    User,
    Visibility,
    post_topics,
)
from kenme.pagination import Page, paginate
from kenme.services.aanplakker.rules import (
    allowed_kinds,
    is_open_for_contributions,
    is_overdue,
    local_today,
)
from kenme.services.threads import may_see_in_thread

FEW_CONTRIBUTORS = 3
OPEN_LIMIT = 100


@dataclass
class BoardCard:
    """One Aanplakker on the board, with what the card shows: a Post with its details, or the
    plain rows of board_rows (the web page)."""

    post: Post | Any
    contributor_count: int
    today: date
    details: AanplakkerDetails | Any = None

    def __post_init__(self):
        if self.details is None:
            self.details = self.post.aanplakker_details

    @property
    def days_left(self) -> int:
        return (self.details.ends_on - self.today).days

    @property
    def few_contributors(self) -> bool:
        """ "Nog weinig meedenkers": an open Aanplakker with fewer than three colleagues."""
        return self.details.phase != Phase.GESLOTEN and self.contributor_count < FEW_CONTRIBUTORS

    @property
    def overdue(self) -> bool:
        return is_overdue(self.details, self.today)


@dataclass
class BoardView:
    open: list[BoardCard]
    closed: Page


@dataclass
class ContributionView:
    post: Post
    herkenbaar_by_me: bool = False

    @property
    def details(self) -> ContributionDetails:
        return self.post.contribution_details


@dataclass
class ThreadView:
    """An Aanplakker with its contributions grouped by the phase they were posted in."""

    post: Post
    groups: list[tuple[Phase, list[ContributionView]]]
    contributor_count: int
    today: date
    viewer_is_author: bool
    contributions: list[ContributionView] = field(default_factory=list)

    @property
    def details(self) -> AanplakkerDetails:
        return self.post.aanplakker_details

    @property
    def open_for_contributions(self) -> bool:
        return is_open_for_contributions(self.details, self.today)

    @property
    def allowed_kinds(self) -> tuple[ContributionKind, ...]:
        return allowed_kinds(self.details.phase) if self.open_for_contributions else ()

    @property
    def days_left(self) -> int:
        return (self.details.ends_on - self.today).days

    @property
    def overdue(self) -> bool:
        return is_overdue(self.details, self.today)

    @property
    def helpful(self) -> list[ContributionView]:
        return [c for c in self.contributions if c.details.helpful]


def _aanplakkers():
    return (
        select(Post)
        .join(Post.aanplakker_details)
        .where(Post.type == PostType.AANPLAKKER, Post.visibility == Visibility.VISIBLE)
        .options(contains_eager(Post.aanplakker_details), selectinload(Post.topics))
    )


def _on_topic(statement, topic: Topic | None):
    if topic is None:
        return statement
    return statement.where(
        Post.id.in_(select(post_topics.c.post_id).where(post_topics.c.topic_id == topic.id))
    )


def contributor_counts(session: Session, post_ids: list[int]) -> dict[int, int]:
    """Distinct colleagues who contributed, per Aanplakker, in one query."""
    if not post_ids:
        return {}
    rows = session.execute(
        select(Post.parent_id, func.count(distinct(Post.author_id)))
        .where(
            Post.parent_id.in_(post_ids),
            Post.type == PostType.CONTRIBUTION,
            Post.visibility == Visibility.VISIBLE,
        )
        .group_by(Post.parent_id)
    ).all()
    return dict(rows)


def _cards(session: Session, posts: list[Post], today: date) -> list[BoardCard]:
    counts = contributor_counts(session, [p.id for p in posts])
    return [BoardCard(p, counts.get(p.id, 0), today) for p in posts]


def board(
    session: Session, *, topic: Topic | None = None, page: int | str = 1, today: date | None = None
) -> BoardView:
    """Open Aanplakkers by time left (past their end date last), then closed ones, newest first."""
    today = today or local_today()
    open_posts = list(
        session.scalars(
            _on_topic(_aanplakkers(), topic)
            .where(AanplakkerDetails.phase != Phase.GESLOTEN)
            .order_by(AanplakkerDetails.ends_on, Post.id)
            .limit(OPEN_LIMIT)
        ).unique()
    )
    open_posts.sort(key=lambda p: (p.aanplakker_details.ends_on < today,))
    closed = paginate(
        session,
        _on_topic(_aanplakkers(), topic)
        .where(AanplakkerDetails.phase == Phase.GESLOTEN)
        .order_by(AanplakkerDetails.phase_changed_at.desc(), Post.id.desc()),
        page,
        10,
    )
    counts = contributor_counts(session, [p.id for p in open_posts + closed.items])
    closed.items = [BoardCard(p, counts.get(p.id, 0), today) for p in closed.items]
    return BoardView(
        open=[BoardCard(p, counts.get(p.id, 0), today) for p in open_posts], closed=closed
    )


def aanplakkers_for_topic(session: Session, topic: Topic, limit: int = 5) -> list[BoardCard]:
    """Aanplakkers on a topic for its topic page: open ones first, then the latest oogsten."""
    closed_last = case((AanplakkerDetails.phase == Phase.GESLOTEN, 1), else_=0)
    posts = list(
        session.scalars(
            _on_topic(_aanplakkers(), topic)
            .order_by(closed_last, AanplakkerDetails.phase_changed_at.desc(), Post.id.desc())
            .limit(limit)
        ).unique()
    )
    return _cards(session, posts, local_today())


def thread_view(
    session: Session, viewer: User | None, post_id: int, *, today: date | None = None
) -> ThreadView:
    """Load an Aanplakker with its contributions and the viewer's marks in four queries."""
    post = session.scalar(
        select(Post)
        .join(Post.aanplakker_details)
        .where(Post.id == post_id, Post.type == PostType.AANPLAKKER)
        .options(contains_eager(Post.aanplakker_details), selectinload(Post.topics))
    )
    if post is None or not permissions.can_see_post(viewer, post):
        raise NotFound("Deze Aanplakker bestaat niet (meer) of is niet zichtbaar.")
    # Hidden ones are filtered in Python so SQL keeps to the parent index (see threads).
    contributions = [
        contribution
        for contribution in session.scalars(
            select(Post)
            .join(Post.contribution_details)
            .where(Post.parent_id == post.id, Post.type == PostType.CONTRIBUTION)
            .where(Post.visibility.in_([Visibility.VISIBLE, Visibility.HIDDEN]))
            .options(contains_eager(Post.contribution_details))
            .order_by(Post.created_at, Post.id)
        ).unique()
        if may_see_in_thread(viewer, contribution)
    ]
    marked: set[int] = set()
    if viewer is not None and contributions:
        marked = set(
            session.scalars(
                select(Herkenbaar.post_id).where(
                    Herkenbaar.user_id == viewer.id,
                    Herkenbaar.post_id.in_([c.id for c in contributions]),
                )
            )
        )
    views = [ContributionView(c, c.id in marked) for c in contributions]
    groups = [
        (phase, [v for v in views if v.details.phase == phase])
        for phase in (Phase.VERHELDEREN, Phase.MEEDENKEN)
    ]
    return ThreadView(
        post=post,
        groups=[(phase, items) for phase, items in groups if items],
        contributor_count=len(
            {c.author_id for c in contributions if c.visibility == Visibility.VISIBLE}
        ),
        today=today or local_today(),
        viewer_is_author=viewer is not None and viewer.id == post.author_id,
        contributions=views,
    )
