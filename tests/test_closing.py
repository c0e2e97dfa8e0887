"""Closing properly (issue 21): the reason and who closed it on the question page, and a
duplicate that sends its readers to the original."""

from __future__ import annotations

import pytest

from kenme.extensions import db
from kenme.models import Role
from kenme.services import moderation
from tests.api.conftest import ApiClient, make_token
from tests.factories import make_answer, make_question, make_topic, make_user


@pytest.fixture
def topic(app):
    return make_topic(name="Kostendelersnorm")


@pytest.fixture
def moderator(app):
    return make_user(role=Role.MODERATOR, display_name="Mo Moderator")


@pytest.fixture
def pair(topic, moderator):
    """An original with an answer, and a later question closed as its duplicate."""
    original = make_question(topics=[topic], title="Telt een inwonende zoon mee voor de norm?")
    make_answer(original)
    asker = make_user(display_name="Vrager Vera")
    duplicate = make_question(asker, topics=[topic], title="Zoon woont thuis: telt hij mee?")
    moderation.close(db.session, moderator, duplicate, "dubbel", duplicate_of_id=original.id)
    db.session.commit()
    return original, duplicate


def text_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("reason", "label"),
    [
        ("te_breed", "Te breed"),
        ("beantwoord", "Elders beantwoord"),
        ("off_topic", "Buiten het onderwerp"),
    ],
)
def test_the_page_says_why_and_who_closed(client, auth, topic, moderator, reason, label):
    question = make_question(topics=[topic])
    moderation.close(db.session, moderator, question, reason)
    db.session.commit()
    auth.login_as(make_user())
    page = text_of(client.get(f"/vragen/{question.id}"))
    assert "Gesloten:" in page and label.lower() in page.lower()
    assert "Gesloten door Mo Moderator (moderator)" in page


def test_a_renamed_closer_is_never_stale_in_a_kept_page(client, auth, topic, moderator):
    question = make_question(topics=[topic])
    moderation.close(db.session, moderator, question, "te_breed")
    db.session.commit()
    auth.login_as(make_user())
    for _ in range(2):
        assert "Mo Moderator" in text_of(client.get(f"/vragen/{question.id}"))
    moderator.display_name = "Monique Moderator"
    db.session.commit()
    assert "Monique Moderator" in text_of(client.get(f"/vragen/{question.id}"))


def test_a_duplicate_sends_readers_to_the_original_with_a_notice(client, auth, pair):
    original, duplicate = pair
    auth.login_as(make_user())
    response = client.get(f"/vragen/{duplicate.id}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/vragen/{original.id}?via={duplicate.id}")
    page = text_of(client.get(response.headers["Location"]))
    assert "Die is gesloten als dubbel van deze vraag" in page
    assert f"/vragen/{duplicate.id}?toon=1" in page
    shown = text_of(client.get(f"/vragen/{duplicate.id}?toon=1"))
    assert "Gesloten: Dubbele vraag." in shown
    assert f'href="/vragen/{original.id}"' in shown


def test_the_author_and_moderators_still_see_the_duplicate(client, auth, pair, moderator):
    _original, duplicate = pair
    auth.login_as(duplicate.author)
    assert "Gesloten: Dubbele vraag." in text_of(client.get(f"/vragen/{duplicate.id}"))
    auth.logout()
    auth.login_as(moderator)
    assert "Gesloten: Dubbele vraag." in text_of(client.get(f"/vragen/{duplicate.id}"))


def test_a_forged_via_shows_no_notice(client, auth, pair, topic):
    original, _duplicate = pair
    other = make_question(topics=[topic])
    auth.login_as(make_user())
    page = text_of(client.get(f"/vragen/{original.id}?via={other.id}"))
    assert "Je kwam via" not in page
    assert "Je kwam via" not in text_of(client.get(f"/vragen/{original.id}?via=999999"))


def test_reopening_ends_the_redirect(client, auth, pair, moderator):
    _original, duplicate = pair
    moderation.reopen(db.session, moderator, duplicate, "Toch een eigen vraag")
    db.session.commit()
    auth.login_as(make_user())
    assert "Gesloten:" not in text_of(client.get(f"/vragen/{duplicate.id}"))


def test_the_api_closes_as_too_broad(client, topic, moderator):
    question = make_question(topics=[topic])
    api = ApiClient(client, make_token(moderator))
    response = api.post(
        "/moderation/actions",
        {
            "action": "close",
            "post_id": question.id,
            "close_reason": "te_breed",
            "reason": "Drie vragen in één",
        },
    )
    assert response.status_code == 200, response.json
    data = ApiClient(client, make_token(make_user())).get(f"/questions/{question.id}").json
    assert data["closed_reason"] == "te_breed" and data["status"] == "closed"
