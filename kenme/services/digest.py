"""Daily and weekly digests: one mail per member per period, written to the outbox.

``flask --app kenme digest send --daily`` (run by cron each morning) collects, per member, the
unread notifications of yesterday (Amsterdam time) in the categories they want daily;
``--weekly`` those of last week (Monday to Sunday) in the weekly categories. A digest's
dedupe key names the member, the kind and the period, so running it twice writes nothing
twice. Threads hidden or deleted since drop out; suspended and deleted members get nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kenme.dutch import dutch_day
from kenme.models import MailOutbox, Notification, Post, User, Visibility
from kenme.models.types import AMSTERDAM, utcnow
from kenme.services import mail_preferences as prefs
from kenme.services import outbox
from kenme.services.mail_text import DigestLine, digest_mail
from kenme.services.notifications import GROUP_FALLBACK, GROUP_TEXT

MAX_LINES = 30
BATCH = 500


@dataclass(frozen=True)
class Period:
    kind: str  # prefs.DAILY or prefs.WEEKLY
    first_day: date
    end_day: date  # exclusive

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first_day, time(), AMSTERDAM).astimezone(UTC)

    @property
    def end(self) -> datetime:
        return datetime.combine(self.end_day, time(), AMSTERDAM).astimezone(UTC)

    @property
    def label(self) -> str:
        if self.kind == prefs.DAILY:
            return f"Dagelijks overzicht van {dutch_day(self.first_day)}"
        last = self.end_day - timedelta(days=1)
        return f"Wekelijks overzicht van {dutch_day(self.first_day)} tot en met {dutch_day(last)}"

    def key(self, user_id: int) -> str:
        return f"digest:{self.kind}:{self.first_day.isoformat()}:{user_id}"


def period_for(kind: str, today: date | None = None) -> Period:
    """Yesterday (daily) or last Monday-to-Sunday week (weekly), in Amsterdam dates."""
    today = today or datetime.now(AMSTERDAM).date()
    if kind == prefs.DAILY:
        return Period(kind, today - timedelta(days=1), today)
    if kind == prefs.WEEKLY:
        monday = today - timedelta(days=today.weekday())
        return Period(kind, monday - timedelta(days=7), monday)
    raise ValueError(kind)


@dataclass
class DigestResult:
    members: int = 0  # members with something unread in the period
    written: int = 0  # digests written to the outbox now
    already: int = 0  # digests that existed for this period
    skipped: int = 0  # nothing wanted, inactive, or a refused address


def send_digests(session: Session, kind: str, today: date | None = None) -> DigestResult:
    """Write this period's digests to the outbox (idempotent); the worker sends them."""
    period = period_for(kind, today)
    result = DigestResult()
    user_ids = sorted(
        session.scalars(
            select(Notification.user_id)
            .where(
                Notification.created_at >= period.start,
                Notification.created_at < period.end,
                Notification.read_at.is_(None),
            )
            .distinct()
        )
    )
    result.members = len(user_ids)
    for start in range(0, len(user_ids), BATCH):
        _batch(session, period, user_ids[start : start + BATCH], result)
        session.commit()
    return result


def _batch(session: Session, period: Period, user_ids: list[int], result: DigestResult) -> None:
    existing = set(
        session.scalars(
            select(MailOutbox.dedupe_key).where(
                MailOutbox.dedupe_key.in_([period.key(uid) for uid in user_ids])
            )
        )
    )
    wanted_by = prefs.preferences_of(session, user_ids)
    users = {u.id: u for u in session.scalars(select(User).where(User.id.in_(user_ids)))}
    rows = session.execute(
        select(
            Notification.user_id,
            Notification.thread_id,
            Notification.kind,
            Notification.category,
            Notification.message,
            Notification.url,
            Post.title,
        )
        .outerjoin(Post, Post.id == Notification.thread_id)
        .where(
            Notification.user_id.in_(user_ids),
            Notification.created_at >= period.start,
            Notification.created_at < period.end,
            Notification.read_at.is_(None),
            or_(Notification.thread_id.is_(None), Post.visibility == Visibility.VISIBLE),
        )
        .order_by(Notification.user_id, Notification.id.desc())
    )
    per_user: dict[int, list] = defaultdict(list)
    for row in rows:
        if wanted_by[row.user_id].get(row.category) == period.kind:
            per_user[row.user_id].append(row)
    base = outbox.base_url()
    new_rows = []
    for user_id in user_ids:
        if period.key(user_id) in existing:
            result.already += 1
            continue
        user, items = users.get(user_id), per_user.get(user_id)
        if not items or user is None or not outbox.may_mail(user):
            result.skipped += 1
            continue
        if outbox.address_refused(session, user.email):
            result.skipped += 1
            continue
        new_rows.append(_digest_row(period, user, items, base))
    try:
        with session.begin_nested():
            session.add_all(new_rows)
            session.flush()
        result.written += len(new_rows)
    except IntegrityError:  # another run wrote some meanwhile: one at a time
        for row in new_rows:
            if outbox.enqueue(session, row):
                result.written += 1
            else:
                result.already += 1


def _digest_row(period: Period, user: User, items: list, base: str) -> MailOutbox:
    groups: dict[tuple, list] = {}
    for row in items:  # newest first
        key = (row.thread_id or f"n{id(row)}", row.kind)
        groups.setdefault(key, []).append(row)
    lines = []
    for (_thread, kind), rows in groups.items():
        newest = rows[0]
        if len(rows) == 1 or newest.thread_id is None:
            text = newest.message
        else:
            template = GROUP_TEXT.get(kind, GROUP_FALLBACK)
            text = template.format(n=len(rows), title=" ".join((newest.title or "").split()))
        lines.append(DigestLine(text, base + (newest.url or "/meldingen")))
    categories = sorted({row.category for row in items})
    footers = [
        (prefs.DIGESTS["@" + period.kind], outbox.unsubscribe_url(user.id, "@" + period.kind))
    ]
    footers += [
        (prefs.CATEGORIES[c].label, outbox.unsubscribe_url(user.id, c))
        for c in categories
        if c in prefs.CATEGORIES
    ]
    subject, text, html = digest_mail(
        name=user.display_name,
        period_label=period.label,
        lines=lines[:MAX_LINES],
        more=max(0, len(lines) - MAX_LINES),
        inbox=base + "/meldingen",
        footers=footers,
        settings=base + "/meldingen/instellingen",
    )
    now = utcnow()
    return MailOutbox(
        user_id=user.id,
        dedupe_key=period.key(user.id),
        category="digest",
        to_address=user.email,
        subject=subject,
        text_body=text,
        html_body=html,
        unsubscribe_url=outbox.unsubscribe_url(user.id, "@" + period.kind),
        status="pending",
        attempts=0,
        next_attempt_at=now,
        last_error="",
        created_at=now,
    )
