"""Member profiles: who they are and what they contributed; anonymity respected."""

from __future__ import annotations

import pytest

from kenme.extensions import db
from kenme.models import Role
from kenme.models.types import utcnow
from tests.factories import make_answer, make_question, make_topic, make_user


def html_of(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def petra():
    user = make_user(display_name="Petra", organisation="Gemeente Zwolle")
    user.expertise = [make_topic("kostendelersnorm", name="Kostendelersnorm")]
    db.session.commit()
    return user


def test_profile_shows_who_and_what(client, auth, petra):
    question = make_question(petra, title="Mijn vraag over de kostendelersnorm bij kamerhuur")
    answered = make_question(title="Een vraag van iemand anders over de Wmo-indicatie")
    make_answer(answered, petra)
    auth.login_as(make_user())
    html = html_of(client.get(f"/leden/{petra.id}"))
    assert "<h1>Petra</h1>" in html
    assert "Gemeente Zwolle" in html
    assert "<dt>Functie</dt><dd>Klantmanager</dd>" in html
    assert "<dt>Reputatie</dt><dd>0</dd>" in html
    assert "Expertise" in html and "Kostendelersnorm" in html
    assert question.title in html
    assert answered.title in html
    assert "Vragen (1)" in html and "Antwoorden (1)" in html


def test_anonymous_questions_are_hidden_from_others(client, auth, petra):
    secret = make_question(petra, anonymous=True, title="Anonieme vraag over een gevoelige casus")
    make_answer(secret, petra, body="Aanvulling van de vraagsteller in de eigen draad.")
    auth.login_as(make_user())
    html = html_of(client.get(f"/leden/{petra.id}"))
    assert secret.title not in html
    assert "Vragen (0)" in html and "Antwoorden (0)" in html

    auth.logout()
    auth.login_as(petra)
    own = html_of(client.get(f"/leden/{petra.id}"))
    assert secret.title in own

    auth.logout()
    auth.login_as(make_user(role=Role.MODERATOR))
    assert secret.title in html_of(client.get(f"/leden/{petra.id}"))


def test_own_profile_is_linked_from_the_header(client, auth, petra):
    auth.login_as(petra)
    html = html_of(client.get(f"/leden/{petra.id}"))
    assert f'<a class="who" href="/leden/{petra.id}" aria-current="page">' in html
    assert "Mijn profiel: </span>Petra" in html


def test_own_profile_links_to_tokens_and_notifications_others_do_not(client, auth, petra):
    auth.login_as(petra)
    own = html_of(client.get(f"/leden/{petra.id}"))
    assert 'href="/profiel/tokens"' in own and 'href="/meldingen">Mijn meldingen' in own
    assert client.get("/profiel/tokens").status_code == 200
    other = make_user()
    assert 'href="/profiel/tokens"' not in html_of(client.get(f"/leden/{other.id}"))


def test_deleted_or_unknown_member_is_404(client, auth, petra):
    auth.login_as(make_user())
    assert client.get("/leden/999").status_code == 404
    petra.deleted_at = utcnow()
    db.session.commit()
    response = client.get(f"/leden/{petra.id}")
    assert response.status_code == 404
    assert "Dit lid bestaat niet (meer)." in html_of(response)


def test_profile_lists_paginate_separately(client, auth, petra):
    topic = make_topic()
    for n in range(21):
        make_question(
            petra, title=f"Vraag {n:02d} uit Zwolle over de kostendelersnorm", topics=[topic]
        )
    auth.login_as(make_user())
    html = html_of(client.get(f"/leden/{petra.id}"))
    assert 'aria-label="Paginering vragen"' in html
    assert f'href="/leden/{petra.id}?vragen=2#vragen"' in html
    assert "Vraag 00 uit Zwolle" in html_of(client.get(f"/leden/{petra.id}?vragen=2"))
