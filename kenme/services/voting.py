"""Voting on posts and accepting answers, with reputation in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kenme import permissions
from kenme.errors import NotAllowed, NotFound, ValidationFailed
from kenme.models import Post, PostType, ReputationKind, User, Vote
from kenme.search.changes import record_change
from kenme.services import counters, events, reputation
from kenme.services.posting import ensure_open_thread, refresh_status


@dataclass(frozen=True)
class VoteResult:
    score: int
    my_vote: int


def _upvote_kind(post: Post) -> ReputationKind:
    return (
        ReputationKind.ANSWER_UPVOTED
        if post.type == PostType.ANSWER
        else ReputationKind.QUESTION_UPVOTED
    )


def _reputation_for(session: Session, post: Post, voter: User, value: int, reverse: bool):
    kind = _upvote_kind(post) if value > 0 else ReputationKind.DOWNVOTED
    reputation.record(
        session, post.author_id, kind, post_id=post.id, actor_id=voter.id, reverse=reverse
    )


def vote(session: Session, voter: User, post: Post, value: int) -> VoteResult:
    """Set the member's vote to +1, -1 or 0 (withdraw); never on their own post."""
    if value not in (-1, 0, 1):
        raise ValidationFailed("Een stem is +1, -1 of 0.", field="value")
    if not voter.is_active:
        raise NotAllowed("Je account kan op dit moment niet stemmen.")
    if post.type not in (PostType.QUESTION, PostType.ANSWER) or not permissions.can_see_post(
        voter, post
    ):
        raise NotFound("Dit bericht bestaat niet (meer) of is niet zichtbaar.")
    if post.author_id == voter.id:
        raise NotAllowed("Je kunt niet op je eigen bericht stemmen.")
    ensure_open_thread(post.question, action="stemmen")
    counters.lock(post, "score")  # the same vote twice at once: the second sees the first
    existing = session.scalar(select(Vote).where(Vote.user_id == voter.id, Vote.post_id == post.id))
    old = existing.value if existing else 0
    if old == value:
        return VoteResult(post.score, value)
    if value < 0:
        permissions.require(voter, "downvote", post)
    if existing is not None:
        _reputation_for(session, post, voter, old, reverse=True)
        if value == 0:
            session.delete(existing)
        else:
            existing.value = value
    else:
        session.add(Vote(user_id=voter.id, post_id=post.id, value=value))
    if value != 0:
        _reputation_for(session, post, voter, value, reverse=False)
    counters.add(post, "score", value - old)
    session.flush()
    record_change(session, post, score_only=True)
    return VoteResult(post.score, value)


def accept(session: Session, user: User, answer: Post, accepted: bool = True) -> Post:
    """Let the asker accept one answer (or withdraw it); the question's status follows."""
    if answer.type != PostType.ANSWER or not permissions.can_see_post(user, answer):
        raise NotFound("Dit antwoord bestaat niet (meer) of is niet zichtbaar.")
    question = answer.question
    if question.author_id != user.id:
        raise NotAllowed("Alleen wie de vraag stelde kan een antwoord accepteren.")
    ensure_open_thread(question, action="accepteren")
    previous_id = question.accepted_answer_id
    if (accepted and previous_id == answer.id) or (not accepted and previous_id != answer.id):
        return question
    if previous_id is not None:
        previous = session.get(Post, previous_id)
        _accept_reputation(session, question, previous, reverse=True)
    question.accepted_answer_id = answer.id if accepted else None
    if accepted:
        _accept_reputation(session, question, answer, reverse=False)
    refresh_status(question)
    session.flush()
    if accepted:
        events.answer_accepted(session, answer, user)
    record_change(session, question)
    return question


def _accept_reputation(session: Session, question: Post, answer: Post | None, reverse: bool):
    if answer is None or answer.author_id == question.author_id:
        return  # accepting your own answer earns nothing
    reputation.record(
        session,
        answer.author_id,
        ReputationKind.ANSWER_ACCEPTED,
        post_id=answer.id,
        actor_id=question.author_id,
        reverse=reverse,
    )
    reputation.record(
        session,
        question.author_id,
        ReputationKind.ACCEPTED_AN_ANSWER,
        post_id=answer.id,
        actor_id=question.author_id,
        reverse=reverse,
    )
