"""Close and reopen votes (issue 21, decision 0022): members above the close threshold vote,
N votes (an admin setting) decide, moderators act at once; through the service, HTTP and
the API."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from kenme import permissions
from kenme.errors import Conflict, NotAllowed
from kenme.extensions import db
from kenme.models import (
    CloseReason,
    CloseVote,
    ModerationAction,
    Notification,
    QuestionStatus,
    Role,
)
from kenme.services import close_votes, privileges
from tests.api.conftest import ApiClient, make_token
from tests.factories import make_answer, make_question, make_topic, make_user

NEEDED = permissions.defaults()["close_vote"]


@pytest.fixture
def topic(app):
    return make_topic(name="Kostendelersnorm")


@pytest.fixture
def question(topic):
    return make_question(make_user(display_name="Vrager Vera"), topics=[topic])


def voters(n: int) -> list:
    return [make_user(display_name=f"Stemmer {i}", reputation=NEEDED) for i in range(1, n + 1)]


def standing_votes() -> int:
    return db.session.scalar(select(func.count(CloseVote.id)))


def close_rows() -> list[ModerationAction]:
    return list(
        db.session.scalars(select(ModerationAction).where(ModerationAction.action == "close"))
    )


def test_the_third_vote_closes_for_the_reason_most_gave(question):
    first, second, third = voters(3)
    outcome = close_votes.vote_close(db.session, first, question, "te_breed")
    assert (outcome.decided, outcome.votes, outcome.needed) == (False, 1, 3)
    close_votes.vote_close(db.session, second, question, "off_topic")
    db.session.commit()
    assert question.status != QuestionStatus.CLOSED and close_rows() == []
    outcome = close_votes.vote_close(db.session, third, question, "off_topic")
    db.session.commit()
    assert outcome.decided and outcome.votes == 3
    assert question.status == QuestionStatus.CLOSED
    assert question.closed_reason == CloseReason.OFF_TOPIC
    (row,) = close_rows()
    assert row.actor_id is None
    assert row.details["voters"] == [first.id, second.id, third.id]
    assert standing_votes() == 0  # spent
    told = db.session.scalar(select(Notification).where(Notification.user_id == question.author_id))
    assert told is not None and told.kind == "post_closed"


def test_the_privilege_and_one_vote_each(question):
    below = make_user(reputation=NEEDED - 1)
    with pytest.raises(NotAllowed) as refused:
        close_votes.vote_close(db.session, below, question, "te_breed")
    assert refused.value.message.startswith(
        f"Stemmen om een vraag te sluiten of te heropenen kan vanaf {NEEDED} reputatie"
    )
    db.session.rollback()
    (voter,) = voters(1)
    close_votes.vote_close(db.session, voter, question, "te_breed")
    db.session.commit()
    with pytest.raises(Conflict, match="al gestemd"):
        close_votes.vote_close(db.session, voter, question, "off_topic")
    db.session.rollback()
    assert standing_votes() == 1
    with pytest.raises(Conflict, match="niet gesloten"):
        close_votes.vote_reopen(db.session, voter, question)


def test_a_moderator_closes_at_once_and_spends_the_votes(question):
    (voter,) = voters(1)
    close_votes.vote_close(db.session, voter, question, "te_breed")
    moderator = make_user(role=Role.MODERATOR)
    outcome = close_votes.vote_close(db.session, moderator, question, "off_topic")
    db.session.commit()
    assert outcome.decided and question.status == QuestionStatus.CLOSED
    assert close_rows()[0].actor_id == moderator.id and standing_votes() == 0
    close_votes.vote_reopen(db.session, moderator, question)
    db.session.commit()
    assert question.status == QuestionStatus.OPEN


def test_duplicate_votes_pick_the_original_most_named(question, topic):
    first_original = make_question(topics=[topic])
    second_original = make_question(topics=[topic])
    make_answer(second_original)
    a, b, c = voters(3)
    close_votes.vote_close(db.session, a, question, "dubbel", duplicate_of_id=first_original.id)
    close_votes.vote_close(db.session, b, question, "dubbel", duplicate_of_id=second_original.id)
    close_votes.vote_close(db.session, c, question, "dubbel", duplicate_of_id=second_original.id)
    db.session.commit()
    assert question.closed_reason == CloseReason.DUPLICATE
    assert question.duplicate_of_id == second_original.id


def test_reopen_votes_and_the_admins_setting(question):
    admin = make_user(role=Role.ADMIN)
    privileges.update_settings(db.session, admin, {"close_votes": "2"})
    a, b = voters(2)
    close_votes.vote_close(db.session, a, question, "te_breed")
    close_votes.vote_close(db.session, b, question, "te_breed")
    db.session.commit()
    assert question.status == QuestionStatus.CLOSED
    outcome = close_votes.vote_reopen(db.session, a, question)
    assert not outcome.decided and outcome.needed == 2
    outcome = close_votes.vote_reopen(db.session, b, question)
    db.session.commit()
    assert outcome.decided and question.status == QuestionStatus.OPEN
    reopened = db.session.scalar(
        select(ModerationAction).where(ModerationAction.action == "reopen")
    )
    assert reopened.details["voters"] == [a.id, b.id] and standing_votes() == 0


# --- over HTTP --------------------------------------------------------------------------------


def test_members_vote_from_the_question_page(client, auth, question):
    first, second = voters(2)
    auth.login_as(make_user(reputation=NEEDED - 1))
    page = client.get(f"/vragen/{question.id}").get_data(as_text=True)
    assert "Stem om te sluiten" in page  # shown to every member (decision 0019)
    refused = client.post_form(
        f"/vragen/{question.id}/sluitstem",
        {"close_reason": "te_breed"},
        page=f"/vragen/{question.id}",
    )
    assert refused.status_code == 403
    assert f"vanaf {NEEDED} reputatie" in refused.get_data(as_text=True)
    auth.logout()
    for voter in (first, second):
        auth.login_as(voter)
        counted = client.post_form(
            f"/vragen/{question.id}/sluitstem",
            {"close_reason": "te_breed"},
            page=f"/vragen/{question.id}",
            follow_redirects=True,
        )
        auth.logout()
    assert "2 van de 3 stemmen" in counted.get_data(as_text=True)
    auth.login_as(make_user(display_name="Stemmer Drie", reputation=NEEDED))
    closed = client.post_form(
        f"/vragen/{question.id}/sluitstem",
        {"close_reason": "te_breed"},
        page=f"/vragen/{question.id}",
        follow_redirects=True,
    )
    text = closed.get_data(as_text=True)
    assert "De vraag is gesloten." in text and "Gesloten: Te breed." in text
    assert "Gesloten door de stemmen van Stemmer 1, Stemmer 2 en Stemmer Drie" in text
    assert "Stem om te heropenen" in text


def test_the_api_votes_and_refuses(client, question):
    below = ApiClient(client, make_token(make_user(reputation=NEEDED - 1)))
    refused = below.post(f"/questions/{question.id}/close-votes", {"close_reason": "te_breed"})
    assert refused.status_code == 403
    assert refused.json["error"]["details"]["required_reputation"] == NEEDED
    (voter,) = voters(1)
    api = ApiClient(client, make_token(voter))
    counted = api.post(f"/questions/{question.id}/close-votes", {"close_reason": "te_breed"})
    assert counted.status_code == 200, counted.json
    assert counted.json == {"decided": False, "votes": 1, "needed": 3, "status": "open"}
    again = api.post(f"/questions/{question.id}/close-votes", {"close_reason": "te_breed"})
    assert again.status_code == 409
    moderator = ApiClient(client, make_token(make_user(role=Role.MODERATOR)))
    closed = moderator.post(f"/questions/{question.id}/close-votes", {"close_reason": "dubbel"})
    assert closed.status_code == 400  # a duplicate needs its original
    closed = moderator.post(f"/questions/{question.id}/close-votes", {"close_reason": "te_breed"})
    assert closed.json["decided"] is True and closed.json["status"] == "closed"
    reopened = moderator.post(f"/questions/{question.id}/reopen-votes")
    assert reopened.json["status"] != "closed"
