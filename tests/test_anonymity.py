"""Anonymity for answers, comments and Aanplakker contributions (issue 21, decision 0022):
the same rules as for questions. Moderators and the author see who; the author's reputation
still counts; the name never reaches other members through pages, the API, feeds,
notifications, profiles or search."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from kenme.extensions import db
from kenme.models import Notification, Role
from kenme.services import (
    aanplakker,
    authorship,
    comments,
    feeds,
    follows,
    posting,
    threads,
    voting,
)
from tests.api.conftest import ApiClient, make_token
from tests.factories import (
    ANSWER_BODY,
    ESTABLISHED,
    make_aanplakker,
    make_question,
    make_topic,
    make_user,
)

NAME = "Zwijgzame Zeger"


@pytest.fixture
def quiet(app):
    return make_user(display_name=NAME, reputation=ESTABLISHED)


@pytest.fixture
def question(app):
    return make_question(make_user(display_name="Vrager Vera"), topics=[make_topic()])


def answer_anonymously(question, author, body=ANSWER_BODY):
    answer = posting.post_answer(db.session, author, question, body=body, anonymous=True)
    db.session.commit()
    return answer


def notices_for(user) -> list[Notification]:
    return list(
        db.session.scalars(
            select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
        )
    )


def test_an_anonymous_answer_names_nobody_but_to_moderators_and_its_author(question, quiet):
    fan = make_user()
    follows.follow_member(db.session, fan, quiet)
    db.session.commit()
    answer = answer_anonymously(question, quiet)
    other, moderator = make_user(), make_user(role=Role.MODERATOR)
    assert authorship.author_label(answer, other) == "Anoniem lid"
    assert authorship.author_label(answer, moderator) == NAME
    assert authorship.author_label(answer, quiet) == NAME
    (told,) = notices_for(question.author)
    assert told.kind == "antwoord" and NAME not in told.message and told.actor_id is None
    assert notices_for(fan) == []  # following a member never reveals their anonymous posts
    # The author's reputation still counts.
    before = quiet.reputation
    voting.vote(db.session, other, answer, 1)
    db.session.commit()
    db.session.refresh(quiet)
    assert quiet.reputation > before


def test_profiles_and_feeds_leave_anonymous_answers_out(question, quiet):
    answer = answer_anonymously(question, quiet)
    other = make_user()
    assert threads.list_answers_by(db.session, other, quiet).items == []
    assert [a.id for a in threads.list_answers_by(db.session, quiet, quiet).items] == [answer.id]
    moderator = make_user(role=Role.MODERATOR)
    assert [a.id for a in threads.list_answers_by(db.session, moderator, quiet).items] == [
        answer.id
    ]
    _thread, entries = feeds.of_thread(db.session, question.id, question.type)
    assert all(NAME not in entry.title and entry.author != NAME for entry in entries)


def test_anonymous_comments_and_the_anonymous_answerers_own_comments(question, quiet):
    named = posting.post_answer(db.session, make_user(), question, body=ANSWER_BODY)
    comment = comments.add_comment(
        db.session, quiet, named, "Dat klopt, zie ook de Pw.", anonymous=True
    )
    db.session.commit()
    other = make_user()
    assert authorship.author_label(comment, other) == "Anoniem lid"
    (told,) = notices_for(named.author)
    assert told.kind == "reactie" and NAME not in told.message and told.actor_id is None
    own = answer_anonymously(question, make_user(display_name="Stille Sanne"))
    under_own = comments.add_comment(db.session, own.author, own, "Aanvulling op mijn antwoord.")
    db.session.commit()
    assert authorship.author_label(under_own, other) == "Anoniem lid"


def test_an_anonymous_contribution(app, quiet):
    post = make_aanplakker(make_user(display_name="Aanplakker Ada"))
    contribution = aanplakker.contribute(
        db.session,
        quiet,
        post,
        kind="vraag",
        body="Hoe kijkt de klant zelf naar de samenwerking met jou?",
        anonymous=True,
    )
    db.session.commit()
    assert authorship.author_label(contribution, make_user()) == "Anoniem lid"
    (told,) = notices_for(post.author)
    assert NAME not in told.message and told.actor_id is None


def test_pages_never_show_the_name(client, auth, question, quiet):
    auth.login_as(quiet)
    posted = client.post_form(
        f"/vragen/{question.id}/antwoorden",
        {"body": ANSWER_BODY, "anonymous": "y"},
        page=f"/vragen/{question.id}",
    )
    assert posted.status_code == 302
    answer_id = int(posted.location.rsplit("-", 1)[1])
    commented = client.post_form(
        f"/berichten/{question.id}/reacties",
        {"post_id": question.id, "body": "Goede vraag, wij twijfelen ook.", "anonymous": "y"},
        page=f"/vragen/{question.id}",
    )
    assert commented.status_code == 302
    own_view = client.get(f"/vragen/{question.id}").get_data(as_text=True)
    assert "Anoniem geplaatst" in own_view
    auth.logout()
    auth.login_as(make_user(reputation=ESTABLISHED))
    for path in (
        f"/vragen/{question.id}",
        "/zoeken?q=kostendelersnorm",
        f"/berichten/{answer_id}/geschiedenis",
    ):
        page = client.get(path)
        assert page.status_code == 200, path
        assert NAME not in page.get_data(as_text=True), path
    profile = client.get(f"/leden/{quiet.id}").get_data(as_text=True)
    assert f"bericht-{answer_id}" not in profile and question.title not in profile
    assert "Anoniem lid" in client.get(f"/vragen/{question.id}").get_data(as_text=True)
    auth.logout()
    auth.login_as(make_user(role=Role.MODERATOR))
    assert NAME in client.get(f"/vragen/{question.id}?toon=1").get_data(as_text=True)


def test_the_api_never_names_an_anonymous_author(client, question, quiet):
    api = ApiClient(client, make_token(quiet))
    made = api.post(f"/questions/{question.id}/answers", {"body": ANSWER_BODY, "anonymous": True})
    assert made.status_code == 201, made.json
    assert made.json["anonymous"] is True
    commented = api.post(
        f"/posts/{question.id}/comments", {"body": "Wij twijfelen ook.", "anonymous": True}
    )
    assert commented.status_code == 201 and commented.json["anonymous"] is True
    other = ApiClient(client, make_token(make_user()))
    for path in (
        f"/questions/{question.id}",
        f"/questions/{question.id}/revisions",
        "/search?q=kostendelersnorm",
    ):
        answer = other.get(path)
        assert answer.status_code == 200, path
        assert NAME not in json.dumps(answer.json), path
    thread = other.get(f"/questions/{question.id}").json
    assert thread["answers"][0]["author"] == {"display_name": "Anoniem lid"}
    assert thread["comments"][0]["author"] == {"display_name": "Anoniem lid"}
    moderator = ApiClient(client, make_token(make_user(role=Role.MODERATOR)))
    assert NAME in json.dumps(moderator.get(f"/questions/{question.id}").json)
