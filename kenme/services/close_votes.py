"""Members vote to close or reopen a question; N votes decide (decision 0022).

Members with the ``close_vote`` privilege (100 reputation by default; thema-specialists on
their own topics) each cast one vote per round, with a reason when closing. When the votes
reach the admins' ``close_votes`` setting (3 by default) the question closes (or reopens)
in the same transaction, for the reason most voters gave; the audit row names the voters.
Moderators close and reopen at once.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kenme import permissions
from kenme.errors import Conflict, NotFound
from kenme.models import CloseReason, CloseVote, CloseVoteKind, Post, QuestionStatus, User
from kenme.models.types import utcnow
from kenme.services import moderation, posting
from kenme.services.moderation.common import ensure_question
from kenme.services.moderation.content import (
    CLOSE_LABELS,
    apply_close,
    apply_reopen,
    original_for,
    parse_close_reason,
)


@dataclass(frozen=True)
class VoteOutcome:
    """What a vote did: whether the question changed state, and the votes so far."""

    decided: bool
    votes: int
    needed: int


def standing(session: Session, question: Post, kind: CloseVoteKind) -> list[CloseVote]:
    """The votes of the current round, oldest first."""
    return list(
        session.scalars(
            select(CloseVote)
            .where(CloseVote.question_id == question.id, CloseVote.kind == kind)
            .order_by(CloseVote.created_at, CloseVote.id)
        )
    )


def _check(session: Session, voter: User, question: Post) -> None:
    posting.ensure_active(voter)
    ensure_question(question)
    if not permissions.can_see_post(voter, question) or not question.is_visible:
        raise NotFound("Deze vraag bestaat niet (meer) of is niet zichtbaar.")


def _cast(session: Session, voter: User, question: Post, vote: CloseVote) -> list[CloseVote]:
    already = session.scalar(
        select(CloseVote.id).where(
            CloseVote.question_id == question.id,
            CloseVote.user_id == voter.id,
            CloseVote.kind == vote.kind,
        )
    )
    if already is not None:
        what = "te sluiten" if vote.kind == CloseVoteKind.CLOSE else "te heropenen"
        raise Conflict(f"Je hebt al gestemd om deze vraag {what}.")
    session.add(vote)
    session.flush()
    return standing(session, question, vote.kind)


def _decision(votes: list[CloseVote]) -> tuple[CloseReason, int | None]:
    """The reason most voters gave (on a tie: the one given first), and for a duplicate the
    original most of its voters named."""
    counted = Counter(v.reason for v in votes)
    best = max(counted.values())
    why = next(v.reason for v in votes if counted[v.reason] == best)
    if why != CloseReason.DUPLICATE:
        return why, None
    originals = Counter(v.duplicate_of_id for v in votes if v.reason == why and v.duplicate_of_id)
    if not originals:
        return why, None
    most = max(originals.values())
    first = next(
        v.duplicate_of_id
        for v in votes
        if v.duplicate_of_id and originals[v.duplicate_of_id] == most
    )
    return why, first


def vote_close(
    session: Session,
    voter: User,
    question: Post,
    close_reason: str,
    *,
    duplicate_of_id: int | str | None = None,
) -> VoteOutcome:
    """Vote to close; the Nth vote closes the question. Moderators close at once."""
    _check(session, voter, question)
    if question.status == QuestionStatus.CLOSED:
        raise Conflict("Deze vraag is al gesloten.")
    why = parse_close_reason(close_reason)
    original = (
        original_for(session, question, duplicate_of_id) if why == CloseReason.DUPLICATE else None
    )
    if permissions.can_moderate(voter):
        moderation.close(
            session, voter, question, why.value, duplicate_of_id=original.id if original else None
        )
        return VoteOutcome(True, 0, 0)
    permissions.require(voter, "vote_close", question)
    vote = CloseVote(
        question_id=question.id,
        user_id=voter.id,
        kind=CloseVoteKind.CLOSE,
        reason=why,
        duplicate_of_id=original.id if original is not None else None,
        created_at=utcnow(),
    )
    votes = _cast(session, voter, question, vote)
    needed = permissions.community_settings()["close_votes"]
    if len(votes) < needed:
        return VoteOutcome(False, len(votes), needed)
    why, original_id = _decision(votes)
    original = None
    if why == CloseReason.DUPLICATE:
        original = original_for(session, question, original_id)
    apply_close(
        session,
        None,
        question,
        why,
        original,
        f"{CLOSE_LABELS[why]} (gesloten door {len(votes)} stemmen)",
        voters=[v.user_id for v in votes],
    )
    return VoteOutcome(True, len(votes), needed)


def vote_reopen(session: Session, voter: User, question: Post) -> VoteOutcome:
    """Vote to reopen a closed question; the Nth vote reopens it. Moderators reopen at once."""
    _check(session, voter, question)
    if question.status != QuestionStatus.CLOSED:
        raise Conflict("Deze vraag is niet gesloten.")
    if permissions.can_moderate(voter):
        moderation.reopen(session, voter, question)
        return VoteOutcome(True, 0, 0)
    permissions.require(voter, "vote_reopen", question)
    vote = CloseVote(
        question_id=question.id,
        user_id=voter.id,
        kind=CloseVoteKind.REOPEN,
        created_at=utcnow(),
    )
    votes = _cast(session, voter, question, vote)
    needed = permissions.community_settings()["close_votes"]
    if len(votes) < needed:
        return VoteOutcome(False, len(votes), needed)
    apply_reopen(
        session,
        None,
        question,
        f"Heropend door {len(votes)} stemmen",
        voters=[v.user_id for v in votes],
    )
    return VoteOutcome(True, len(votes), needed)
