"""Merge a duplicate question into its original: its answers move over (decision 0022).

A moderator merges a question that is closed as a duplicate of the original. Every answer
of the duplicate (hidden and deleted ones too) moves with its votes, revisions, comments
and endorsements, which all hang on the answer's own row; the duplicate keeps its own text
and comments and goes on sending readers to the original. The answer counts of both
questions change in SQL (``counters.add``), both search rows and thread versions are
rewritten, and one audit row lists the answers moved. Everything is checked before anything
changes, and nothing is committed here: a refusal, or a failure half-way, leaves the caller's
transaction to roll back whole.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from kenme import permissions
from kenme.errors import Conflict, ValidationFailed
from kenme.models import CloseReason, Follow, Post, PostType, QuestionStatus, User, Visibility
from kenme.models.types import utcnow
from kenme.search.changes import record_change
from kenme.services import counters, follows
from kenme.services.moderation.common import clean_reason, ensure_question, log_action
from kenme.services.posting import refresh_status


def _check(duplicate: Post, original: Post | None) -> Post:
    ensure_question(duplicate)
    if (
        duplicate.status != QuestionStatus.CLOSED
        or duplicate.closed_reason != CloseReason.DUPLICATE
        or duplicate.duplicate_of_id is None
    ):
        raise Conflict(
            "Alleen een vraag die als dubbel is gesloten kan worden samengevoegd; sluit haar "
            "eerst als dubbele van de oorspronkelijke vraag."
        )
    if original is None or original.id != duplicate.duplicate_of_id:
        raise ValidationFailed(
            "Deze vraag is gesloten als dubbele van een andere vraag; voeg haar daarmee samen.",
            field="duplicate_of",
        )
    if original.type != PostType.QUESTION or original.visibility != Visibility.VISIBLE:
        raise Conflict("De oorspronkelijke vraag bestaat niet (meer) of is niet zichtbaar.")
    if original.locked:
        raise Conflict("De oorspronkelijke vraag is vergrendeld; ontgrendel haar eerst.")
    if original.status == QuestionStatus.CLOSED and original.duplicate_of_id is not None:
        raise Conflict(
            "De oorspronkelijke vraag is zelf als dubbel gesloten; voeg samen met de vraag "
            "waar zij naar verwijst."
        )
    return original


def merge(
    session: Session, actor: User, duplicate: Post, original: Post | None = None, reason: str = ""
) -> list[int]:
    """Move the duplicate's answers to its original; return the ids of the answers moved."""
    permissions.require(actor, "merge")
    if original is None and isinstance(duplicate, Post) and duplicate.duplicate_of_id:
        original = session.get(Post, duplicate.duplicate_of_id)
    original = _check(duplicate, original)
    reason = clean_reason(reason)
    answers = list(
        session.scalars(
            select(Post)
            .where(Post.parent_id == duplicate.id, Post.type == PostType.ANSWER)
            .order_by(Post.created_at, Post.id)
        )
    )
    if not answers:
        raise Conflict("Deze vraag heeft geen antwoorden om samen te voegen.")
    visible = sum(1 for answer in answers if answer.visibility == Visibility.VISIBLE)
    accepted = duplicate.accepted_answer_id
    for answer in answers:
        answer.parent = original
    # The duplicate's asker accepted an answer to their own question, not to this one.
    duplicate.accepted_answer_id = None
    counters.add(duplicate, "answer_count", -visible, floor=0)
    counters.add(original, "answer_count", +visible)
    original.last_activity_at = utcnow()
    session.flush()  # the database adds; both counts reload with their values
    refresh_status(original)
    # Who followed the duplicate (its asker, its answerers) hears of the original from now on.
    for user_id in sorted(
        set(session.scalars(select(Follow.user_id).where(Follow.post_id == duplicate.id)))
    ):
        follows.follow_post(session, session.get(User, user_id), original.id)
    session.flush()
    record_change(session, duplicate)
    record_change(session, original)
    log_action(
        session,
        actor,
        "merge",
        duplicate,
        reason,
        into=original.id,
        answers=[answer.id for answer in answers],
        visible=visible,
        accepted_cleared=accepted,
    )
    return [answer.id for answer in answers]
