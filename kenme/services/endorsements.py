"""Thema-specialists endorse answers on their topics ("Bekrachtigd door thema-specialist")."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from kenme import permissions
from kenme.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from kenme.models import Endorsement, Post, PostType, ReputationKind, User
from kenme.models.types import utcnow
from kenme.search.changes import record_change
from kenme.services import counters, events, reputation
from kenme.services.posting import ensure_open_thread

NOTE_MAX = 300


def _answer(specialist: User, answer: Post | None) -> Post:
    if (
        answer is None
        or answer.type != PostType.ANSWER
        or not answer.is_visible
        or not permissions.can_see_post(specialist, answer)
    ):
        raise NotFound("Dit antwoord bestaat niet (meer) of is niet zichtbaar.")
    return answer


def endorsement_of(session: Session, specialist: User, answer: Post) -> Endorsement | None:
    """The specialist's endorsement of this answer, if any."""
    return session.scalar(
        select(Endorsement).where(
            Endorsement.post_id == answer.id, Endorsement.user_id == specialist.id
        )
    )


def endorse(session: Session, specialist: User, answer: Post, note: str = "") -> Endorsement:
    """Endorse an answer on one of the specialist's topics; reputation moves with it."""
    permissions.require(specialist, "endorse")
    answer = _answer(specialist, answer)
    permissions.require(specialist, "endorse", answer)
    if answer.author_id == specialist.id:
        raise NotAllowed("Je kunt je eigen antwoord niet bekrachtigen.")
    ensure_open_thread(answer.question, action="bekrachtigen")
    note = " ".join((note or "").split())
    if len(note) > NOTE_MAX:
        raise ValidationFailed(
            f"Houd de toelichting kort: hooguit {NOTE_MAX} tekens.", field="note"
        )
    if note:
        from kenme.services import privacy_gate

        privacy_gate.check({"note": note})
    counters.lock(answer, "endorsement_count")  # the same endorsement twice at once: a 409
    if endorsement_of(session, specialist, answer) is not None:
        raise Conflict("Je hebt dit antwoord al bekrachtigd.")
    endorsement = Endorsement(
        post_id=answer.id, user_id=specialist.id, note=note, created_at=utcnow()
    )
    session.add(endorsement)
    counters.add(answer, "endorsement_count", +1)
    reputation.record(
        session,
        answer.author_id,
        ReputationKind.ANSWER_ENDORSED,
        post_id=answer.id,
        actor_id=specialist.id,
    )
    session.flush()
    events.answer_endorsed(session, answer, specialist)
    record_change(session, answer.question)
    return endorsement


def withdraw(session: Session, specialist: User, answer: Post) -> None:
    """Withdraw the specialist's endorsement (also after their topic ended); reputation back."""
    if not specialist.is_active:
        raise NotAllowed("Je account kan op dit moment niets wijzigen.")
    answer = _answer(specialist, answer)
    existing = endorsement_of(session, specialist, answer)
    if existing is None:
        raise Conflict("Je hebt dit antwoord niet bekrachtigd.")
    session.delete(existing)
    counters.add(answer, "endorsement_count", -1, floor=0)
    reputation.record(
        session,
        answer.author_id,
        ReputationKind.ANSWER_ENDORSED,
        post_id=answer.id,
        actor_id=specialist.id,
        reverse=True,
    )
    session.flush()
    record_change(session, answer.question)


def endorsements(session: Session, answer: Post) -> list[Endorsement]:
    """Who endorsed this answer, oldest first."""
    if not answer.endorsement_count:
        return []
    return list(
        session.scalars(
            select(Endorsement)
            .where(Endorsement.post_id == answer.id)
            .order_by(Endorsement.created_at, Endorsement.id)
        )
    )
