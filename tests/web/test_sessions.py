"""Sessions that end: a login's row on the server decides, not the signed cookie alone.

Each test copies what an attacker would copy (the session cookie, the remember cookie, an API
token) before the member ends the login, and plays it back afterwards.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from kenme.extensions import db
from kenme.models import ApiToken, LoginSession, Post, Role
from kenme.models.types import utcnow
from kenme.services import accounts, sessions
from kenme.services.moderation import members
from kenme.web.questions.page_cache import EXTENSION
from tests.api.conftest import make_token
from tests.conftest import AuthActions, KenMeClient
from tests.factories import PASSWORD, make_user

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


def goes_to_login(response) -> bool:
    return response.status_code == 302 and "/inloggen" in response.headers["Location"]


def new_client(app, user_agent: str | None = None) -> KenMeClient:
    app.test_client_class = KenMeClient
    client = app.test_client()
    if user_agent:
        client.environ_base["HTTP_USER_AGENT"] = user_agent
    return client


def logged_in(app, user, user_agent: str | None = None, **extra) -> KenMeClient:
    client = new_client(app, user_agent)
    response = AuthActions(client).login(user.email, PASSWORD, **extra)
    assert response.status_code == 302, "login failed in test setup"
    client.get("/")  # shows the welcome message once
    return client


@pytest.fixture
def reader(app):
    user = make_user(display_name="Lezer Lotte")
    return user, logged_in(app, user, FIREFOX)


def api_get(app, plain: str, path: str = "/api/v1/me"):
    return new_client(app).get(path, headers={"Authorization": f"Bearer {plain}"})


def copy_of(client) -> KenMeClient:
    """Another browser holding a copy of this one's cookies (same user agent)."""
    thief = new_client(client.application, client.environ_base.get("HTTP_USER_AGENT"))
    for name in ("session", "remember_token"):
        cookie = client.get_cookie(name)
        if cookie is not None:
            thief.set_cookie(name, cookie.value)
    return thief


def test_login_records_a_session_with_a_device_summary_not_the_user_agent(reader):
    user, _client = reader
    [record] = db.session.scalars(select(LoginSession).where(LoginSession.user_id == user.id))
    assert record.device == "Firefox op Windows"
    assert record.ended_at is None and record.expires_at > utcnow() + timedelta(hours=11)
    assert record.key_hash not in repr(_client.get_cookie("session").value)


def test_a_cookie_copied_before_logout_gets_the_login_page_after_it(reader, thread):
    _user, client = reader
    question = thread[0]
    pages = client.application.extensions[EXTENSION]
    client.get(f"/vragen/{question.id}")
    client.get(f"/vragen/{question.id}")
    hits = pages.hits
    assert client.get(f"/vragen/{question.id}").status_code == 200
    assert pages.hits == hits + 1, "the question page is served from the page cache"
    thief = copy_of(client)
    assert thief.get("/").status_code == 200, "the copy works while the login lives"

    assert goes_to_login(client.post_form("/uitloggen"))

    for path in ("/", f"/vragen/{question.id}", "/profiel/sessies", "/profiel/tokens"):
        hits = pages.hits
        assert goes_to_login(thief.get(path)), path
        assert pages.hits == hits, f"{path}: no kept page for an ended login"


def test_a_remember_cookie_copied_before_logout_gets_nothing_after_it(app):
    user = make_user()
    client = logged_in(app, user, remember="y")
    remember = client.get_cookie("remember_token")
    assert remember is not None
    only_remember = new_client(app)
    only_remember.set_cookie("remember_token", remember.value)
    assert only_remember.get("/").status_code == 200, "the remember cookie logs in"
    client.post_form("/uitloggen")
    again = new_client(app)
    again.set_cookie("remember_token", remember.value)
    assert goes_to_login(again.get("/"))


def test_a_revoked_api_token_gets_401_at_once(app, reader):
    user, client = reader
    plain = make_token(user, "intranet")
    assert api_get(app, plain).status_code == 200
    token_id = db.session.scalar(select(ApiToken.id).where(ApiToken.user_id == user.id))
    client.post_form(f"/profiel/tokens/{token_id}/intrekken", page="/profiel/tokens")
    assert api_get(app, plain).status_code == 401


def test_a_deleted_accounts_cookie_and_token_get_nothing(app, reader):
    from kenme.services import avg

    user, client = reader
    plain = make_token(user)
    thief = copy_of(client)
    avg.delete_account(db.session, user)
    db.session.commit()
    assert goes_to_login(thief.get("/"))
    assert api_get(app, plain).status_code == 401
    assert db.session.scalar(select(LoginSession).where(LoginSession.user_id == user.id)) is None


def test_a_password_change_ends_every_session(app, reader):
    user, client = reader
    other = logged_in(app, user, SAFARI)
    accounts.set_password(user, "een-heel-ander-wachtwoord-voor-lotte")
    db.session.commit()
    for browser in (client, other):
        assert goes_to_login(browser.get("/"))
    ended = db.session.scalars(select(LoginSession).where(LoginSession.user_id == user.id)).all()
    assert {r.end_reason for r in ended} == {sessions.ENDED_PASSWORD}


def test_a_suspension_ends_every_session(app, reader, thread):
    user, client = reader
    question = thread[0]
    client.get(f"/vragen/{question.id}")
    client.get(f"/vragen/{question.id}")
    thief = copy_of(client)
    moderator = make_user(role=Role.MODERATOR)
    members.suspend(db.session, moderator, user, members.today() + timedelta(days=7), "Spam")
    db.session.commit()
    assert goes_to_login(thief.get(f"/vragen/{question.id}"))
    assert all(
        r.end_reason == sessions.ENDED_SUSPENDED
        for r in db.session.scalars(select(LoginSession).where(LoginSession.user_id == user.id))
    )


def test_the_sessions_page_lists_and_ends_another_browser(app, reader):
    user, client = reader
    phone = logged_in(app, user, SAFARI)
    page = client.get("/profiel/sessies").get_data(as_text=True)
    assert "Firefox op Windows <strong>(deze browser)</strong>" in page
    assert "Safari op iPhone" in page
    phone_id = db.session.scalar(
        select(LoginSession.id).where(LoginSession.device == "Safari op iPhone")
    )
    response = client.post_form(f"/profiel/sessies/{phone_id}/beeindigen", page="/profiel/sessies")
    assert response.status_code == 302
    assert "Safari op iPhone is beëindigd" in client.get("/profiel/sessies").get_data(as_text=True)
    assert goes_to_login(phone.get("/"))
    assert client.get("/").status_code == 200, "this browser stays logged in"


def test_ending_another_members_session_is_refused(app, reader):
    _user, client = reader
    other = make_user()
    logged_in(app, other)
    their_id = db.session.scalar(select(LoginSession.id).where(LoginSession.user_id == other.id))
    client.post_form(f"/profiel/sessies/{their_id}/beeindigen", page="/profiel/sessies")
    assert "bestaat niet" in client.get("/profiel/sessies").get_data(as_text=True)
    assert db.session.get(LoginSession, their_id).ended_at is None


def test_a_post_without_csrf_ends_nothing(app, reader):
    user, client = reader
    response = client.post("/profiel/sessies/overal-uitloggen", data={})
    assert response.status_code in (302, 400)
    assert client.get("/").status_code == 200
    assert all(
        r.ended_at is None
        for r in db.session.scalars(select(LoginSession).where(LoginSession.user_id == user.id))
    )


def test_overal_uitloggen_ends_every_browser(app, reader):
    user, client = reader
    phone = logged_in(app, user, SAFARI)
    response = client.post_form("/profiel/sessies/overal-uitloggen", page="/profiel/sessies")
    assert goes_to_login(response)
    assert "overal uitgelogd (2 sessies" in client.get("/inloggen").get_data(as_text=True)
    assert goes_to_login(phone.get("/"))
    assert goes_to_login(client.get("/"))


def test_last_seen_is_noted_without_counting_as_a_change_to_the_site(app, reader, thread):
    user, client = reader
    record = db.session.scalar(select(LoginSession).where(LoginSession.user_id == user.id))
    record.last_seen_at = utcnow() - sessions.TOUCH_EVERY - timedelta(minutes=1)
    db.session.commit()
    version = select(Post.thread_version).where(Post.id == thread[0].id)
    generation = db.session.scalar(version)
    before = record.last_seen_at
    assert client.get(f"/vragen/{thread[0].id}").status_code == 200
    db.session.expire_all()
    record = db.session.get(LoginSession, record.id)
    assert record.last_seen_at > before + timedelta(minutes=1)
    assert record.expires_at > utcnow() + timedelta(hours=11)
    assert db.session.scalar(version) == generation  # kept pages of the thread stay kept


def test_an_expired_session_row_ends_the_login(app, reader, thread):
    user, client = reader
    question = thread[0]
    client.get(f"/vragen/{question.id}")
    client.get(f"/vragen/{question.id}")
    record = db.session.scalar(select(LoginSession).where(LoginSession.user_id == user.id))
    record.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert goes_to_login(client.get(f"/vragen/{question.id}"))
    assert goes_to_login(client.get("/"))


@given(st.text(max_size=120))
def test_any_login_id_text_parses_to_nothing_or_to_itself(text):
    found = sessions.parse_login_id(text)
    if found is not None:
        assert f"{found.user_id}:{found.version}:{found.key}" == text


@pytest.mark.parametrize(
    ("agent", "summary"),
    [
        (FIREFOX, "Firefox op Windows"),
        (SAFARI, "Safari op iPhone"),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0 Safari/537.36 Edg/126.0",
            "Edge op Windows",
        ),
        ("Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/126.0 Safari/537.36", "Chrome op Linux"),
        (None, "Onbekende browser"),
        ("<script>" * 50, "Onbekende browser"),
    ],
)
def test_device_summaries(agent, summary):
    assert sessions.describe_device(agent) == summary
