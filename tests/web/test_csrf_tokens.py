"""CSRF tokens signed once per session secret in a worker (decision 0050), still each session's
own, still checked on every form."""

from __future__ import annotations

import re

import pytest
from itsdangerous import URLSafeTimedSerializer

from tests.conftest import AuthActions
from tests.factories import make_user

META = re.compile(r'<meta name="csrf-token" content="([^"]+)">')


@pytest.fixture
def signings(monkeypatch):
    """How often a CSRF token is signed (itsdangerous's own dumps, counted, not replaced; the
    session cookie is signed by it too, with another salt)."""
    counted = {"n": 0}
    dumps = URLSafeTimedSerializer.dumps

    def counting(self, *args, **kwargs):
        counted["n"] += self.salt == b"wtf-csrf-token"
        return dumps(self, *args, **kwargs)

    monkeypatch.setattr(URLSafeTimedSerializer, "dumps", counting)
    return counted


def token_of(client, path: str = "/toegankelijkheid") -> str:
    response = client.get(path)
    assert response.status_code == 200
    return META.search(response.get_data(as_text=True)).group(1)


def test_a_sessions_token_is_signed_once_and_still_accepted(client, auth, thread, signings):
    auth.login_as(make_user())
    first = token_of(client)
    before = signings["n"]
    assert token_of(client) == first
    assert token_of(client, f"/vragen/{thread[0].id}") == first
    assert signings["n"] == before
    response = client.post(f"/berichten/{thread[1].id}/stem", data={"csrf_token": first})
    assert response.status_code in (302, 303)


def test_each_session_and_each_login_gets_its_own_token(app, client, auth, thread):
    member = make_user()
    auth.login_as(member)
    mine = token_of(client)
    other = app.test_client()
    AuthActions(other).login_as(make_user())
    theirs = token_of(other)
    assert theirs != mine
    refused = other.post(f"/berichten/{thread[1].id}/stem", data={"csrf_token": mine})
    assert refused.status_code == 400
    auth.logout()
    auth.login_as(member)  # a new login: a new secret, so a new token; the old one is refused
    again = token_of(client)
    assert again != mine
    refused = client.post(f"/berichten/{thread[1].id}/stem", data={"csrf_token": mine})
    assert refused.status_code == 400
    response = client.post(f"/berichten/{thread[1].id}/stem", data={"csrf_token": again})
    assert response.status_code in (302, 303)


@pytest.mark.app_config(WTF_CSRF_TIME_LIMIT=3600)
def test_a_time_limit_turns_keeping_off(client, auth, signings):
    auth.login_as(make_user())
    token_of(client)
    before = signings["n"]
    token_of(client)
    assert signings["n"] == before + 1
