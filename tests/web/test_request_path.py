"""The per-request path of logged-in pages: session cookie refresh, revocation, layout links."""

from __future__ import annotations

import time
from contextlib import contextmanager
from datetime import timedelta

import pytest
from itsdangerous import TimestampSigner

from kenme.extensions import db
from kenme.models import Role
from kenme.models.types import utcnow
from tests.factories import make_user

HOUR = 3600


def session_cookie_set(response) -> bool:
    return any(h.startswith("session=") for h in response.headers.getlist("Set-Cookie"))


@contextmanager
def clock_back(monkeypatch, seconds: int):
    """Sign everything as if it were `seconds` ago (itsdangerous reads the time here)."""
    with monkeypatch.context() as patch:
        patch.setattr(TimestampSigner, "get_timestamp", lambda self: int(time.time()) - seconds)
        yield


def login_ago(monkeypatch, client, auth, user, seconds: int) -> None:
    """Log in, and see the welcome message, with a session cookie signed `seconds` ago."""
    with clock_back(monkeypatch, seconds):
        auth.login_as(user)
        assert session_cookie_set(client.get("/toegankelijkheid")), "message taken out"


def test_fresh_session_cookie_is_not_sent_again_on_every_page(client, auth):
    auth.login_as(make_user())
    client.get("/")  # shows (and so removes) the welcome message: a change
    for path in ("/", "/toegankelijkheid"):
        response = client.get(path)
        assert response.status_code == 200
        assert not session_cookie_set(response), path
    assert client.get("/").status_code == 200, "still logged in"


def test_session_cookie_is_signed_again_once_it_is_older_than_the_refresh_interval(
    client, auth, monkeypatch
):
    login_ago(monkeypatch, client, auth, make_user(), HOUR)  # default: refresh after 30 minutes
    refreshed = client.get("/toegankelijkheid")
    assert session_cookie_set(refreshed)
    assert "Uitloggen" in refreshed.get_data(as_text=True)
    assert not session_cookie_set(client.get("/toegankelijkheid")), "refreshed once"
    assert client.get("/").status_code == 200


@pytest.mark.app_config(PERMANENT_SESSION_LIFETIME=timedelta(hours=2))
def test_idle_session_ends_after_its_lifetime(client, auth, monkeypatch):
    login_ago(monkeypatch, client, auth, make_user(), 2 * HOUR + 60)
    response = client.get("/")
    assert response.status_code == 302
    assert "/inloggen" in response.headers["Location"]


@pytest.mark.app_config(SESSION_REFRESH_AFTER=timedelta(0))
def test_refresh_interval_zero_signs_the_cookie_on_every_request(client, auth):
    auth.login_as(make_user())
    assert session_cookie_set(client.get("/toegankelijkheid"))
    assert session_cookie_set(client.get("/toegankelijkheid"))


def test_refresh_interval_defaults_to_a_24th_of_the_lifetime(app):
    assert app.config["SESSION_REFRESH_AFTER"] == app.permanent_session_lifetime / 24


def test_a_changed_session_is_saved_at_once(client, auth):
    auth.login_as(make_user(display_name="Wim Welkom"))
    first = client.get("/")
    assert "Welkom terug, Wim Welkom." in first.get_data(as_text=True)
    assert session_cookie_set(first), "the shown message is taken out of the session"
    assert "Welkom terug" not in client.get("/").get_data(as_text=True)


def test_ending_every_session_takes_effect_on_the_next_request(client, auth):
    user = make_user()
    auth.login_as(user)
    assert client.get("/").status_code == 200
    user.session_version += 1
    db.session.commit()
    response = client.get("/")
    assert response.status_code == 302
    assert "/inloggen" in response.headers["Location"]


def test_deleted_member_is_logged_out_on_the_next_request(client, auth):
    user = make_user()
    auth.login_as(user)
    assert client.get("/").status_code == 200
    user.deleted_at = utcnow()
    db.session.commit()
    assert client.get("/").status_code == 302


def test_role_change_takes_effect_on_the_next_request(client, auth):
    moderator = make_user(role=Role.MODERATOR)
    auth.login_as(moderator)
    assert client.get("/moderatie").status_code == 200
    assert 'href="/moderatie"' in client.get("/toegankelijkheid").get_data(as_text=True)
    moderator.role = Role.MEMBER
    db.session.commit()
    assert client.get("/moderatie").status_code == 403
    assert 'href="/moderatie"' not in client.get("/toegankelijkheid").get_data(as_text=True)


def test_layout_links_follow_the_mount_point(client, auth):
    auth.login_as(make_user(display_name="Mila Mount"))
    plain = client.get("/toegankelijkheid").get_data(as_text=True)
    mounted = client.get("/toegankelijkheid", environ_overrides={"SCRIPT_NAME": "/kenme"})
    html = mounted.get_data(as_text=True)
    assert 'href="/static/css/kenme.css"' in plain
    assert 'href="/kenme/static/css/kenme.css"' in html
    assert 'href="/kenme/vragen/stellen"' in html
    assert 'action="/kenme/uitloggen"' in html
    assert 'href="/vragen/stellen"' in client.get("/toegankelijkheid").get_data(as_text=True)
