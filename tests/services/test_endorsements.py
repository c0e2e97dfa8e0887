"""Thema-specialists endorse answers on their topics, with reputation, without HTTP."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from kenme.errors import Conflict, NotAllowed, NotFound
from kenme.extensions import db
from kenme.models import Endorsement, ReputationEvent, ReputationKind, Role
from kenme.services import endorsements, moderation
from tests.factories import (
    make_answer_row,
    make_question_row,
    make_specialist,
    make_topic_row,
    make_user,
)


@pytest.fixture
def topic(app):
    return make_topic_row("kostendelersnorm")


@pytest.fixture
def answer(topic):
    return make_answer_row(make_question_row(topics=[topic]))


def reputation_of(user) -> int:
    db.session.refresh(user)
    return user.reputation


def test_specialist_endorses_an_answer_on_their_topic(topic, answer):
    specialist = make_specialist(topic)
    endorsements.endorse(db.session, specialist, answer, "Klopt met de wet")
    db.session.commit()
    assert answer.endorsement_count == 1
    assert reputation_of(answer.author) == 10
    event = db.session.scalar(select(ReputationEvent))
    assert (event.kind, event.actor_id, event.post_id) == (
        ReputationKind.ANSWER_ENDORSED,
        specialist.id,
        answer.id,
    )
    assert [e.user for e in endorsements.endorsements(db.session, answer)] == [specialist]


def test_withdrawing_undoes_count_and_reputation_exactly(topic, answer):
    specialist = make_specialist(topic)
    endorsements.endorse(db.session, specialist, answer)
    endorsements.withdraw(db.session, specialist, answer)
    db.session.commit()
    assert answer.endorsement_count == 0 and reputation_of(answer.author) == 0
    assert db.session.scalar(select(Endorsement)) is None
    with pytest.raises(Conflict, match="niet bekrachtigd"):
        endorsements.withdraw(db.session, specialist, answer)


def test_endorsing_twice_is_refused(topic, answer):
    specialist = make_specialist(topic)
    endorsements.endorse(db.session, specialist, answer)
    with pytest.raises(Conflict, match="al bekrachtigd"):
        endorsements.endorse(db.session, specialist, answer)
    assert answer.endorsement_count == 1


@pytest.mark.parametrize("who", ["member", "other topic", "moderator", "admin", "suspended"])
def test_others_cannot_endorse(topic, answer, who):
    actor = {
        "member": lambda: make_user(),
        "other topic": lambda: make_specialist(make_topic_row("schuldhulpverlening")),
        "moderator": lambda: make_user(role=Role.MODERATOR),
        "admin": lambda: make_user(role=Role.ADMIN),
        "suspended": lambda: make_specialist(topic, suspended_days=3),
    }[who]()
    with pytest.raises(NotAllowed):
        endorsements.endorse(db.session, actor, answer)
    db.session.rollback()
    assert answer.endorsement_count == 0 and reputation_of(answer.author) == 0


def test_specialist_cannot_endorse_own_answer(topic):
    specialist = make_specialist(topic)
    answer = make_answer_row(make_question_row(topics=[topic]), specialist)
    with pytest.raises(NotAllowed, match="eigen"):
        endorsements.endorse(db.session, specialist, answer)


def test_hidden_answers_and_locked_threads_cannot_be_endorsed(topic, answer):
    specialist, moderator = make_specialist(topic), make_user(role=Role.MODERATOR)
    moderation.lock(db.session, moderator, answer.question)
    with pytest.raises(Conflict, match="vergrendeld"):
        endorsements.endorse(db.session, specialist, answer)
    moderation.unlock(db.session, moderator, answer.question)
    moderation.hide(db.session, moderator, answer, "Ongepast")
    with pytest.raises(NotFound):
        endorsements.endorse(db.session, specialist, answer)
    with pytest.raises(NotFound):
        endorsements.endorse(db.session, specialist, answer.question)
    assert answer.endorsement_count == 0
