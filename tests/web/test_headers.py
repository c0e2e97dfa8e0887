"""Production headers: HSTS and the rest on every kind of response, kept pages included."""

from __future__ import annotations

import pytest

from kenme.web.questions.page_cache import EXTENSION
from tests.conftest import AuthActions, KenMeClient
from tests.factories import PASSWORD, make_user

HTTPS = "https://kenme.example.nl"
PRODUCTION = pytest.mark.app_config(KENME_ENV="production")
EXPECTED = {
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def https_client(app) -> KenMeClient:
    """A browser on https (production cookies are Secure: sent over https only)."""
    app.test_client_class = KenMeClient
    client = app.test_client()
    client.environ_base["wsgi.url_scheme"] = "https"
    client.environ_base["HTTP_HOST"] = "kenme.example.nl"
    return client


def production_headers_on(response) -> None:
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, name
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert response.headers["Content-Security-Policy"].endswith("; upgrade-insecure-requests")


@PRODUCTION
def test_every_kind_of_response_has_the_production_headers(app, thread):
    client = https_client(app)
    production_headers_on(client.get("/inloggen"))  # public page
    production_headers_on(client.get("/bestaat-niet"))  # error page
    production_headers_on(client.get("/"))  # redirect to the login
    production_headers_on(client.get("/api/v1/me"))  # API, refused
    user = make_user()
    assert AuthActions(client).login_as(user).status_code == 302
    production_headers_on(client.get("/"))
    url = f"/vragen/{thread[0].id}"
    pages = app.extensions[EXTENSION]
    client.get(url)
    fresh = client.get(url)
    hits = pages.hits
    hit = client.get(url)
    assert pages.hits == hits + 1, "served before Flask"
    production_headers_on(hit)
    assert sorted(hit.headers.items()) == sorted(fresh.headers.items())


@PRODUCTION
def test_production_cookies_are_secure(app):
    client = https_client(app)
    user = make_user()
    response = AuthActions(client).login(user.email, PASSWORD, remember="y")
    assert response.status_code == 302
    cookies = response.headers.getlist("Set-Cookie")
    assert cookies and all("Secure" in cookie and "HttpOnly" in cookie for cookie in cookies)


@pytest.mark.app_config(HSTS_MAX_AGE=300, HSTS_PRELOAD=True, KENME_ENV="production")
def test_hsts_age_and_preload_come_from_the_settings(app):
    response = https_client(app).get("/inloggen")
    assert response.headers["Strict-Transport-Security"] == (
        "max-age=300; includeSubDomains; preload"
    )


def test_development_sends_no_hsts(client):
    response = client.get("/inloggen")
    assert "Strict-Transport-Security" not in response.headers
    assert "upgrade-insecure-requests" not in response.headers["Content-Security-Policy"]
