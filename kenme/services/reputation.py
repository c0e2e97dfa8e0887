"""Reputation as a ledger: every change is a row, written with the vote or accept."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from kenme.models import ReputationEvent, ReputationKind, User

POINTS = {
    ReputationKind.ANSWER_UPVOTED: 10,
    ReputationKind.QUESTION_UPVOTED: 5,
    ReputationKind.DOWNVOTED: -2,
    ReputationKind.ANSWER_ACCEPTED: 15,
    ReputationKind.ACCEPTED_AN_ANSWER: 2,
    ReputationKind.ANSWER_ENDORSED: 10,
}


def record(
    session: Session,
    user_id: int,
    kind: ReputationKind,
    *,
    post_id: int | None,
    actor_id: int | None,
    reverse: bool = False,
) -> None:
    """Add a ledger row (or its exact reversal) and move the member's total with it."""
    delta = -POINTS[kind] if reverse else POINTS[kind]
    session.add(
        ReputationEvent(user_id=user_id, actor_id=actor_id, post_id=post_id, kind=kind, delta=delta)
    )
    session.execute(
        update(User).where(User.id == user_id).values(reputation=User.reputation + delta)
    )


def recompute(session: Session) -> dict[int, int]:
    """Set every member's reputation to the sum of their ledger; return {user_id: total}."""
    totals = dict(
        session.execute(
            select(ReputationEvent.user_id, func.sum(ReputationEvent.delta)).group_by(
                ReputationEvent.user_id
            )
        ).all()
    )
    for user in session.scalars(select(User)):
        user.reputation = int(totals.get(user.id, 0))
    session.flush()
    return {user_id: int(total) for user_id, total in totals.items()}
