"""The moderators' overview (issue #22): what waits, and how the community is doing.

Every figure is one aggregate statement over an indexed range (or a small table), so the
page costs the same few statements however large the forum grows:

- what waits now: posts and comments with open flags, members awaiting approval,
  unanswered questions and Aanplakkers past their end date without an oogst;
- unanswered questions by age (the list index ``ix_posts_list_status_newest``);
- the median time to a first answer per topic, for questions of the last 365 days;
- flags handled per calendar week (12 weeks) and active members per calendar month
  (12 months): members who wrote a post or a comment that month, anonymous posts included.

Weeks and months are the Amsterdam calendar's; time buckets are a CASE over their UTC
boundaries, which SQLite and PostgreSQL read alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from statistics import median

from sqlalchemy import case, func, literal, select, union_all
from sqlalchemy.orm import Session

from kenme import permissions
from kenme.dutch import MONTHS
from kenme.models import (
    AanplakkerDetails,
    Comment,
    Flag,
    FlagStatus,
    Phase,
    Post,
    PostType,
    QuestionStatus,
    Topic,
    User,
    Visibility,
    post_topics,
)
from kenme.models.types import AMSTERDAM, utcnow
from kenme.services import flags

WEEKS = 12
MONTHS_SHOWN = 12
ANSWER_WINDOW_DAYS = 365
OVERDUE_SHOWN = 20
# Unanswered questions by age: (label, at least this old). Youngest first.
AGES = (
    ("Jonger dan 1 dag", timedelta(0)),
    ("1 tot 7 dagen", timedelta(days=1)),
    ("1 tot 4 weken", timedelta(days=7)),
    ("4 weken tot 3 maanden", timedelta(days=28)),
    ("3 maanden of ouder", timedelta(days=91)),
)


@dataclass(frozen=True)
class Chart:
    """One figure: a row per bar, the first column its label, the second its value."""

    slug: str  # the CSV's file name, e.g. "onbeantwoord"
    title: str
    unit: str  # what the value counts, e.g. "vragen"
    headers: tuple[str, ...]
    rows: tuple[tuple, ...]
    empty: str = "Nog geen gegevens."

    @property
    def peak(self) -> float:
        return max((row[1] for row in self.rows), default=0)


@dataclass(frozen=True)
class Overdue:
    post_id: int
    title: str
    phase: Phase
    ends_on: date
    days_over: int


@dataclass(frozen=True)
class Overview:
    open_flags: int
    waiting_members: int
    unanswered: int
    overdue_total: int
    overdue: tuple[Overdue, ...]
    charts: tuple[Chart, ...]

    def chart(self, slug: str) -> Chart:
        return next(chart for chart in self.charts if chart.slug == slug)


def _utc(day: date) -> datetime:
    """Midnight at the start of an Amsterdam day, in UTC."""
    return datetime.combine(day, time(), AMSTERDAM).astimezone(UTC)


def _bucket(column, starts: list[datetime]):
    """The index of the last start at or before the value (starts ascending); else NULL."""
    whens = [(column >= start, index) for index, start in reversed(list(enumerate(starts)))]
    return case(*whens, else_=literal(None))


def unanswered_by_age(session: Session, now: datetime) -> Chart:
    """Open, visible questions without an answer, by how long they have waited."""
    # Youngest band first: created after "now minus the next band's age" means this band.
    whens = [(Post.created_at > now - AGES[i + 1][1], i) for i in range(len(AGES) - 1)]
    band = case(*whens, else_=len(AGES) - 1).label("band")
    counts = dict(
        session.execute(
            select(band, func.count())
            .where(
                Post.type == PostType.QUESTION,
                Post.visibility == Visibility.VISIBLE,
                Post.status != QuestionStatus.CLOSED,
                Post.answer_count == 0,
            )
            .group_by(band)
        ).all()
    )
    rows = [(label, counts.get(i, 0)) for i, (label, _) in enumerate(AGES)]
    return Chart(
        "onbeantwoord",
        "Onbeantwoorde vragen naar leeftijd",
        "vragen",
        ("Wacht al", "Vragen"),
        tuple(rows),
    )


def first_answer_medians(session: Session, now: datetime) -> Chart:
    """Per topic: the median time from question to its first visible answer (last 365 days)."""
    since = now - timedelta(days=ANSWER_WINDOW_DAYS)
    question, answer = Post.__table__.alias("q"), Post.__table__.alias("a")
    first = func.min(answer.c.created_at)
    rows = session.execute(
        select(post_topics.c.topic_id, question.c.created_at, first)
        .select_from(
            question.join(post_topics, post_topics.c.post_id == question.c.id).join(
                answer, answer.c.parent_id == question.c.id
            )
        )
        .where(
            question.c.type == PostType.QUESTION,
            question.c.visibility == Visibility.VISIBLE,
            question.c.created_at >= since,
            answer.c.type == PostType.ANSWER,
            answer.c.visibility == Visibility.VISIBLE,
        )
        .group_by(post_topics.c.topic_id, question.c.id, question.c.created_at)
    ).all()
    waits: dict[int, list[float]] = {}
    for topic_id, asked, answered in rows:
        hours = max((answered - asked).total_seconds(), 0) / 3600
        waits.setdefault(topic_id, []).append(hours)
    names = dict(session.execute(select(Topic.id, Topic.name).where(Topic.id.in_(waits))).all())
    per_topic = sorted(
        ((names[t], round(median(hours), 1), len(hours)) for t, hours in waits.items()),
        key=lambda row: (-row[1], row[0]),
    )
    return Chart(
        "eerste-antwoord",
        "Mediane tijd tot het eerste antwoord per onderwerp",
        "uur",
        ("Onderwerp", "Mediaan (uren)", "Beantwoorde vragen"),
        tuple(per_topic),
        empty="Nog geen beantwoorde vragen in de afgelopen 365 dagen.",
    )


def _week_starts(today: date) -> list[date]:
    monday = today - timedelta(days=today.weekday())
    return [monday - timedelta(weeks=n) for n in range(WEEKS - 1, -1, -1)]


def _month_starts(today: date) -> list[date]:
    starts, year, month = [], today.year, today.month
    for _ in range(MONTHS_SHOWN):
        starts.append(date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return starts[::-1]


def flags_handled_per_week(session: Session, today: date) -> Chart:
    """Flags decided (upheld or dismissed) per calendar week, Monday to Sunday."""
    starts = _week_starts(today)
    bounds = [_utc(day) for day in starts]
    week = _bucket(Flag.resolved_at, bounds).label("week")
    counts = dict(
        session.execute(
            select(week, func.count())
            .where(Flag.status != FlagStatus.OPEN, Flag.resolved_at >= bounds[0])
            .group_by(week)
        ).all()
    )
    rows = tuple(
        (
            f"Week {day.isocalendar().week} (vanaf {day.day} {MONTHS[day.month - 1]})",
            counts.get(i, 0),
        )
        for i, day in enumerate(starts)
    )
    return Chart(
        "meldingen-per-week",
        "Afgehandelde meldingen per week",
        "meldingen",
        ("Week (vanaf maandag)", "Afgehandeld"),
        rows,
    )


def active_members_per_month(session: Session, today: date) -> Chart:
    """Members who wrote a post or a comment, per calendar month."""
    starts = _month_starts(today)
    bounds = [_utc(day) for day in starts]
    writes = union_all(
        select(Post.author_id.label("author"), Post.created_at.label("at")).where(
            Post.created_at >= bounds[0]
        ),
        select(Comment.author_id, Comment.created_at).where(Comment.created_at >= bounds[0]),
    ).subquery()
    month = _bucket(writes.c.at, bounds).label("month")
    counts = dict(
        session.execute(
            select(month, func.count(func.distinct(writes.c.author))).group_by(month)
        ).all()
    )
    rows = tuple(
        (f"{MONTHS[day.month - 1]} {day.year}", counts.get(i, 0)) for i, day in enumerate(starts)
    )
    return Chart(
        "actieve-leden",
        "Actieve leden per maand",
        "leden",
        ("Maand", "Leden die iets schreven"),
        rows,
    )


def overdue_aanplakkers(session: Session, today: date) -> tuple[int, tuple[Overdue, ...]]:
    """Aanplakkers past their end date without an oogst (as the reminders see them)."""
    where = (
        Post.type == PostType.AANPLAKKER,
        Post.visibility == Visibility.VISIBLE,
        AanplakkerDetails.phase != Phase.GESLOTEN,
        AanplakkerDetails.ends_on < today,
    )
    joined = select(Post.id).join(AanplakkerDetails, AanplakkerDetails.post_id == Post.id)
    total = session.scalar(select(func.count()).select_from(joined.where(*where).subquery()))
    rows = session.execute(
        select(Post.id, Post.title, AanplakkerDetails.phase, AanplakkerDetails.ends_on)
        .join(AanplakkerDetails, AanplakkerDetails.post_id == Post.id)
        .where(*where)
        .order_by(AanplakkerDetails.ends_on, Post.id)
        .limit(OVERDUE_SHOWN)
    ).all()
    return total or 0, tuple(
        Overdue(post_id, title, phase, ends_on, (today - ends_on).days)
        for post_id, title, phase, ends_on in rows
    )


def waiting_member_count(session: Session) -> int:
    return (
        session.scalar(
            select(func.count(User.id)).where(User.approved_at.is_(None), User.deleted_at.is_(None))
        )
        or 0
    )


def overview(session: Session, actor: User, now: datetime | None = None) -> Overview:
    """Everything the overview shows; moderators only."""
    permissions.require(actor, "view_moderation")
    now = now or utcnow()
    today = now.astimezone(AMSTERDAM).date()
    unanswered = unanswered_by_age(session, now)
    overdue_total, overdue = overdue_aanplakkers(session, today)
    return Overview(
        open_flags=flags.open_target_count(session),
        waiting_members=waiting_member_count(session),
        unanswered=sum(row[1] for row in unanswered.rows),
        overdue_total=overdue_total,
        overdue=overdue,
        charts=(
            unanswered,
            first_answer_medians(session, now),
            flags_handled_per_week(session, today),
            active_members_per_month(session, today),
        ),
    )
