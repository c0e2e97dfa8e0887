"""Personal API tokens: bearer auth, revocation, refusals, last use, CLI and profile page."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from kenme.extensions import db
from kenme.models import ApiToken
from kenme.models.types import utcnow
from kenme.services import tokens
from tests.api.conftest import API, make_token
from tests.factories import make_user


def test_request_without_token_is_unauthorized(anonymous_api, member):
    response = anonymous_api.get("/me")
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("header", ["Bearer kenme_nietbestaand", "Bearer", "Basic abc", "kenme_x"])
def test_bad_token_is_unauthorized(client, member, header):
    response = client.get(f"{API}/me", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"


def test_token_acts_as_its_member(api_as, member):
    response = api_as(member).get("/me")
    assert response.status_code == 200
    assert response.json["display_name"] == "Fatima Klantmanager"
    assert response.json["role"] == "member"


def test_cookie_session_never_reaches_the_api(client, auth, member):
    auth.login_as(member)
    assert client.get(f"{API}/me").status_code == 401
    response = client.post(f"{API}/privacy/scan", json={"text": "Goedemorgen"})
    assert response.status_code == 401


def test_token_is_stored_only_as_a_hash(member):
    plain = make_token(member)
    stored = db.session.scalar(select(ApiToken).where(ApiToken.user_id == member.id))
    assert stored.token_hash == hashlib.sha256(plain.encode()).hexdigest()
    assert plain not in (stored.token_hash, stored.prefix)
    assert plain.startswith(stored.prefix)


def test_revoked_token_stops_working(api_as, member):
    api = api_as(member)
    assert api.get("/me").status_code == 200
    token = db.session.scalar(select(ApiToken).where(ApiToken.user_id == member.id))
    tokens.revoke_token(db.session, member, token.id)
    db.session.commit()
    assert api.get("/me").status_code == 401


@pytest.mark.parametrize("change", ["suspend", "unapprove", "delete"])
def test_token_of_refused_member_stops_working_at_once(api_as, member, change):
    api = api_as(member)
    assert api.get("/me").status_code == 200
    if change == "suspend":
        member.suspended_until = utcnow() + timedelta(days=3)
    elif change == "unapprove":
        member.approved_at = None
    else:
        member.deleted_at = utcnow()
    db.session.commit()
    response = api.get("/me")
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"


def test_last_used_is_written_at_most_once_a_minute(api_as, member):
    api = api_as(member)
    api.get("/me")
    token = db.session.scalar(select(ApiToken).where(ApiToken.user_id == member.id))
    first = token.last_used_at
    assert first is not None
    api.get("/me")
    db.session.refresh(token)
    assert token.last_used_at == first
    token.last_used_at = first - timedelta(minutes=2)
    db.session.commit()
    api.get("/me")
    db.session.refresh(token)
    assert token.last_used_at > first - timedelta(minutes=2)


def test_create_token_command_prints_the_token_last(runner, member):
    result = runner.invoke(args=["create-token", "--email", member.email, "--name", "intranet"])
    assert result.exit_code == 0, result.output
    plain = result.output.strip().splitlines()[-1]
    assert tokens.authenticate(db.session, plain).user_id == member.id
    assert db.session.scalar(select(ApiToken.name)) == "intranet"


def test_create_token_command_refuses_unknown_email(runner, app):
    result = runner.invoke(args=["create-token", "--email", "niemand@gemeente.nl"])
    assert result.exit_code != 0
    assert "Geen lid gevonden" in result.output


def test_profile_page_creates_shows_once_lists_and_revokes(client, auth, member):
    auth.login_as(member)
    page = client.get("/profiel/tokens")
    assert page.status_code == 200
    assert "nog geen API-sleutels" in page.get_data(as_text=True)

    created = client.post_form("/profiel/tokens", {"name": "intranet"})
    html = created.get_data(as_text=True)
    plain = re.search(r'value="(kenme_[^"]+)"', html).group(1)
    assert client.get(f"{API}/me", headers={"Authorization": f"Bearer {plain}"}).status_code == 200

    listing = client.get("/profiel/tokens").get_data(as_text=True)
    assert plain not in listing
    assert "intranet" in listing
    token = db.session.scalar(select(ApiToken).where(ApiToken.user_id == member.id))
    assert token.last_used_at is not None

    revoked = client.post_form(f"/profiel/tokens/{token.id}/intrekken", page="/profiel/tokens")
    assert revoked.status_code == 302
    assert client.get(f"{API}/me", headers={"Authorization": f"Bearer {plain}"}).status_code == 401


def test_member_cannot_revoke_someone_elses_token(client, auth, member):
    other = make_user()
    make_token(other)
    token = db.session.scalar(select(ApiToken).where(ApiToken.user_id == other.id))
    auth.login_as(member)
    client.post_form(f"/profiel/tokens/{token.id}/intrekken", page="/profiel/tokens")
    db.session.refresh(token)
    assert token.revoked_at is None


def test_profile_page_needs_login(client, app):
    response = client.get("/profiel/tokens")
    assert response.status_code == 302
    assert "/inloggen" in response.headers["Location"]
