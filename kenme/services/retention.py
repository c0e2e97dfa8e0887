"""Retention of case text: closed threads past N months go to moderators, who archive or keep.

Off unless ``KENME_RETENTION_MONTHS`` is a positive number (decision 0029). ``propose`` (run
daily by ``flask --app kenme retention propose``) puts every thread that has been closed for
at least N months in the queue. A moderator then either *archives* it, which clears the case
text everywhere it is stored (the post, every revision, suggested edits, the search index and
with it the caches, which are keyed by the thread's version), or *keeps* it with a reason, and
the thread is not proposed again for another N months. Title, topics, answers, contributions
and the oogst stay. Every decision writes an audit row without case text.

"Closed" is a question with status ``closed`` (counted from the last close in the audit log,
or its last activity when no close was logged, e.g. an import) and an Aanplakker in the phase
Gesloten (counted from the moment it entered that phase).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, selectinload

from kenme import permissions
from kenme.errors import Conflict, NotFound
from kenme.models import (
    AanplakkerDetails,
    ModerationAction,
    Phase,
    Post,
    PostType,
    QuestionStatus,
    RetentionReview,
    RetentionStatus,
    SuggestedEdit,
    SuggestionStatus,
    User,
)
from kenme.models.aanplakker import CASE_FIELDS
from kenme.models.types import UTCDateTime, utcnow
from kenme.search.changes import drop_replaced_tokens, record_change
from kenme.services.moderation.common import clean_reason, log_action

ARCHIVE_NOTE = "Casus gearchiveerd (bewaartermijn)"
# Fields of a revision's confirmed findings that are not case text (kept on archiving).
KEPT_FINDING_FIELDS = frozenset({"title", "oogst", "followup"})


def add_months(moment: datetime, months: int) -> datetime:
    """The same moment ``months`` calendar months later (earlier when negative); the day is
    clamped to the month's last (31 March minus one month is 28 or 29 February)."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def is_closed(post: Post) -> bool:
    """Whether a thread counts as closed for retention."""
    if post.type == PostType.QUESTION:
        return post.status == QuestionStatus.CLOSED
    details = post.aanplakker_details if post.type == PostType.AANPLAKKER else None
    return details is not None and details.phase == Phase.GESLOTEN


def _closed_before(session: Session, cutoff: datetime) -> dict[int, datetime]:
    """Thread id -> closing moment, for threads closed at or before ``cutoff``, not archived."""
    closes = (
        select(
            ModerationAction.post_id.label("post_id"),
            func.max(ModerationAction.created_at, type_=UTCDateTime()).label("closed_at"),
        )
        .where(ModerationAction.action == "close")
        .group_by(ModerationAction.post_id)
        .subquery()
    )
    # Typed, so SQLite compares (and returns) the stored text form, not a str() of the datetime.
    closed_at = func.coalesce(closes.c.closed_at, Post.last_activity_at, type_=UTCDateTime())
    questions = (
        select(Post.id, closed_at)
        .outerjoin(closes, closes.c.post_id == Post.id)
        .where(
            Post.type == PostType.QUESTION,
            Post.status == QuestionStatus.CLOSED,
            Post.case_archived_at.is_(None),
            closed_at <= cutoff,
        )
    )
    aanplakkers = (
        select(Post.id, AanplakkerDetails.phase_changed_at)
        .join(AanplakkerDetails, AanplakkerDetails.post_id == Post.id)
        .where(
            Post.type == PostType.AANPLAKKER,
            AanplakkerDetails.phase == Phase.GESLOTEN,
            Post.case_archived_at.is_(None),
            AanplakkerDetails.phase_changed_at <= cutoff,
        )
    )
    found: dict[int, datetime] = {}
    for query in (questions, aanplakkers):
        found.update((post_id, moment) for post_id, moment in session.execute(query))
    return found


def propose(session: Session, months: int, now: datetime | None = None) -> int:
    """Queue every thread closed ``months`` or more months before ``now``; return how many
    were added. Zero months (the default) proposes nothing."""
    if months <= 0:
        return 0
    now = now or utcnow()
    # Calendar months do not subtract back exactly (31 August + 6 months is 28 February, but
    # 28 February - 6 months is 28 August): select a few days wide, then decide per thread.
    nearly = _closed_before(session, add_months(now, -months) + timedelta(days=4))
    due = {i: closed for i, closed in nearly.items() if add_months(closed, months) <= now}
    # One row per thread ever proposed: all of them, rather than an IN list of any length.
    reviews = {review.post_id: review for review in session.scalars(select(RetentionReview))}
    for post_id, review in reviews.items():
        if review.status == RetentionStatus.PROPOSED and post_id not in due:
            session.delete(review)  # reopened (and maybe closed again since): its clock restarts
    added = 0
    for post_id, closed_at in sorted(due.items()):
        review = reviews.get(post_id)
        if review is None:
            review = RetentionReview(post_id=post_id, keep_reason="")
            session.add(review)
        elif review.status != RetentionStatus.KEPT or (
            review.review_after is not None and review.review_after > now
        ):
            continue  # already waiting, archived, or kept for a while longer
        review.status = RetentionStatus.PROPOSED
        review.closed_at = closed_at
        review.proposed_at = now
        review.decided_at = None
        review.decided_by_id = None
        added += 1
    session.flush()
    return added


def _waiting():
    """Reviews waiting for a decision whose thread is still closed (one query, any size)."""
    still_closed = or_(
        and_(Post.type == PostType.QUESTION, Post.status == QuestionStatus.CLOSED),
        and_(Post.type == PostType.AANPLAKKER, AanplakkerDetails.phase == Phase.GESLOTEN),
    )
    return (
        select(RetentionReview)
        .join(Post, Post.id == RetentionReview.post_id)
        .outerjoin(AanplakkerDetails, AanplakkerDetails.post_id == Post.id)
        .where(RetentionReview.status == RetentionStatus.PROPOSED, still_closed)
    )


def pending(session: Session) -> list[RetentionReview]:
    """The queue, longest closed first; threads reopened since they were proposed left out."""
    query = _waiting().options(selectinload(RetentionReview.post))
    return list(session.scalars(query.order_by(RetentionReview.closed_at, RetentionReview.id)))


def pending_count(session: Session) -> int:
    """How many threads wait (the moderators' overview shows it on every view)."""
    return session.scalar(select(func.count()).select_from(_waiting().subquery())) or 0


def review_for(session: Session, actor: User, post_id: int) -> RetentionReview:
    """The waiting review of one thread, for a moderator; NotFound otherwise."""
    permissions.require(actor, "purge")
    review = session.scalar(select(RetentionReview).where(RetentionReview.post_id == post_id))
    if review is None or review.status != RetentionStatus.PROPOSED:
        raise NotFound("Deze draad staat niet (meer) in de wachtrij voor de bewaartermijn.")
    if not is_closed(review.post):
        raise Conflict("Deze draad is heropend sinds hij werd voorgesteld; er valt niets te doen.")
    return review


def case_texts(post: Post) -> list[tuple[str, str]]:
    """The case text archiving would clear, as (label, rendered HTML), for the review page."""
    from kenme.models.aanplakker import CASE_HEADINGS

    details = post.aanplakker_details if post.type == PostType.AANPLAKKER else None
    if details is None:
        return [("Casus", post.body_html)] if post.body_markdown else []
    return [
        (CASE_HEADINGS[name], getattr(details, f"{name}_html"))
        for name in CASE_FIELDS
        if getattr(details, f"{name}_markdown")
    ]


@dataclass
class Cleared:
    """What archiving cleared (counts for the audit row, never text)."""

    revisions: int = 0
    suggestions: int = 0


def _without_case(fields: dict | None) -> dict | None:
    if not fields:
        return None
    kept = {key: value for key, value in fields.items() if key not in (*CASE_FIELDS, "body")}
    return kept or None


def _kept_findings(findings: list | None) -> list:
    return [
        f for f in findings or [] if isinstance(f, dict) and f.get("field") in KEPT_FINDING_FIELDS
    ]


def clear_case(session: Session, actor: User, post: Post) -> Cleared:
    """Clear the case text of a thread root in the post, its details, revisions and
    suggested edits (a waiting suggestion is rejected: it would bring the text back)."""
    cleared = Cleared()
    post.body_markdown = ""
    post.body_html = ""
    details = post.aanplakker_details if post.type == PostType.AANPLAKKER else None
    if details is not None:
        for name in CASE_FIELDS:
            setattr(details, f"{name}_markdown", "")
            setattr(details, f"{name}_html", "")
    for revision in post.revisions:
        revision.body_markdown = ""
        revision.body_html = ""
        revision.fields = _without_case(revision.fields)
        revision.confirmed_findings = _kept_findings(revision.confirmed_findings)
        cleared.revisions += 1
    now = utcnow()
    for suggestion in session.scalars(
        select(SuggestedEdit).where(SuggestedEdit.post_id == post.id)
    ):
        suggestion.body_markdown = ""
        suggestion.confirmed_findings = _kept_findings(suggestion.confirmed_findings)
        if suggestion.status == SuggestionStatus.PENDING:
            suggestion.status = SuggestionStatus.REJECTED
            suggestion.reviewer_id = actor.id
            suggestion.review_note = ARCHIVE_NOTE
            suggestion.reviewed_at = now
        cleared.suggestions += 1
    return cleared


def archive(session: Session, actor: User, post_id: int) -> Cleared:
    """Clear a proposed thread's case text (see the module text); one audit row."""
    review = review_for(session, actor, post_id)
    post = review.post
    cleared = clear_case(session, actor, post)
    now = utcnow()
    post.case_archived_at = now
    review.status = RetentionStatus.ARCHIVED
    review.decided_at = now
    review.decided_by_id = actor.id
    review.review_after = None
    session.flush()
    record_change(session, post)  # the search index, and every cache keyed by the version
    drop_replaced_tokens(session)  # and out of SQLite's FTS5 segments
    log_action(
        session,
        actor,
        "retention_archive",
        post,
        ARCHIVE_NOTE,
        revisions=cleared.revisions,
        suggestions=cleared.suggestions,
    )
    return cleared


def keep(
    session: Session,
    actor: User,
    post_id: int,
    reason: str,
    months: int,
    now: datetime | None = None,
) -> RetentionReview:
    """Keep a proposed thread's case text for ``months`` more months, with a reason."""
    review = review_for(session, actor, post_id)
    reason = clean_reason(reason, required=True)
    now = now or utcnow()
    review.status = RetentionStatus.KEPT
    review.decided_at = now
    review.decided_by_id = actor.id
    review.keep_reason = reason
    # With retention off there is no period to wait: proposed at the first run once it is on.
    review.review_after = add_months(now, months) if months > 0 else None
    session.flush()
    # Counts only: a date string after "aanplakker" reads as a street and house number to the
    # flush's privacy gate (kenme/services/privacy_fields.py); the review row keeps the dates.
    details = {"months": months}
    log_action(session, actor, "retention_keep", review.post, reason, **details)
    return review
