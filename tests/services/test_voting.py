"""Votes, accepts and the reputation ledger, without HTTP."""

from __future__ import annotations

import pytest

from kenme.errors import NotAllowed, ValidationFailed
from kenme.extensions import db
from kenme.models import QuestionStatus, ReputationEvent, User
from kenme.services import posting, reputation, voting
from tests.factories import earn_reputation, make_topic_row, make_user


@pytest.fixture
def thread(app):
    make_topic_row("kostendelersnorm")
    asker, answerer, voter = make_user(), make_user(), make_user()
    earn_reputation(voter, 25)  # downvoting is a privilege
    question = posting.ask_question(
        db.session,
        asker,
        title="Telt een inwonende broer mee voor de kdn?",
        body="## Situatie\nDe klant deelt de woning met een broer van boven de 27.",
        topic_slugs=["kostendelersnorm"],
    )
    answer = posting.post_answer(
        db.session, answerer, question, body="Ja, tenzij er sprake is van een commerciële relatie."
    )
    db.session.commit()
    return question, answer, asker, answerer, voter


def rep(user: User) -> int:
    db.session.refresh(user)
    return user.reputation


def test_answer_upvote_gives_ten_and_withdraw_undoes_exactly(thread):
    _, answer, _, answerer, voter = thread
    result = voting.vote(db.session, voter, answer, 1)
    assert (result.score, result.my_vote) == (1, 1)
    assert rep(answerer) == 10
    voting.vote(db.session, voter, answer, 0)
    db.session.commit()
    assert answer.score == 0 and rep(answerer) == 0


def test_question_upvote_gives_five(thread):
    question, _, asker, _, voter = thread
    voting.vote(db.session, voter, question, 1)
    assert rep(asker) == 5


def test_changing_a_vote_reverses_first(thread):
    _, answer, _, answerer, voter = thread
    voting.vote(db.session, voter, answer, 1)
    voting.vote(db.session, voter, answer, -1)
    db.session.commit()
    assert answer.score == -1
    assert rep(answerer) == -2


def test_voting_twice_the_same_changes_nothing(thread):
    _, answer, _, answerer, voter = thread
    voting.vote(db.session, voter, answer, 1)
    voting.vote(db.session, voter, answer, 1)
    assert answer.score == 1 and rep(answerer) == 10


def test_member_cannot_vote_on_own_answer(thread):
    _, answer, _, answerer, _ = thread
    with pytest.raises(NotAllowed, match="eigen"):
        voting.vote(db.session, answerer, answer, 1)
    assert answer.score == 0


def test_vote_value_must_be_one_of_three(thread):
    _, answer, *_ = thread
    with pytest.raises(ValidationFailed):
        voting.vote(db.session, make_user(), answer, 2)


def test_accept_gives_fifteen_and_two_and_moves_status(thread):
    question, answer, asker, answerer, _ = thread
    voting.accept(db.session, asker, answer)
    db.session.commit()
    assert question.status == QuestionStatus.ACCEPTED
    assert (rep(answerer), rep(asker)) == (15, 2)


def test_changing_the_accepted_answer_moves_reputation(thread):
    question, first, asker, first_author, _ = thread
    other = make_user()
    second = posting.post_answer(db.session, other, question, body="Een tweede goed antwoord.")
    voting.accept(db.session, asker, first)
    voting.accept(db.session, asker, second)
    db.session.commit()
    assert question.accepted_answer_id == second.id
    assert (rep(first_author), rep(other), rep(asker)) == (0, 15, 2)
    voting.accept(db.session, asker, second, accepted=False)
    db.session.commit()
    assert question.status == QuestionStatus.ANSWERED
    assert (rep(other), rep(asker)) == (0, 0)


def test_only_the_asker_may_accept(thread):
    _, answer, _, _answerer, voter = thread
    with pytest.raises(NotAllowed):
        voting.accept(db.session, voter, answer)


def test_recompute_gives_the_same_numbers_as_the_ledger(thread):
    question, answer, asker, _answerer, voter = thread
    voting.vote(db.session, voter, answer, 1)
    voting.vote(db.session, voter, question, -1)
    voting.accept(db.session, asker, answer)
    db.session.commit()
    live = {u.id: u.reputation for u in db.session.query(User)}
    for user in db.session.query(User):
        user.reputation = 999
    totals = reputation.recompute(db.session)
    db.session.commit()
    assert {u.id: u.reputation for u in db.session.query(User)} == live
    assert sum(totals.values()) == sum(e.delta for e in db.session.query(ReputationEvent))


def test_reputation_recompute_command(runner, thread):
    _, answer, _, answerer, voter = thread
    voting.vote(db.session, voter, answer, 1)
    answerer.reputation = 3
    db.session.commit()
    result = runner.invoke(args=["reputation", "recompute"])
    assert result.exit_code == 0, result.output
    assert "1 gewijzigd" in result.output
    assert rep(answerer) == 10
