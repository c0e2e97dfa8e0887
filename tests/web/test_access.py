"""The closed community: what anonymous visitors may see, and security headers."""

from __future__ import annotations

import pytest

from tests.factories import make_user

PUBLIC = [
    "/inloggen",
    "/inloggen/organisatie",
    "/registreren",
    "/wachtwoord-vergeten",
    "/toegankelijkheid",
    "/.well-known/security.txt",
    "/registreren/opnieuw",
]


@pytest.mark.parametrize("path", PUBLIC)
def test_public_pages_are_reachable_anonymously(client, path):
    assert client.get(path).status_code == 200


def test_content_pages_redirect_anonymous_visitors_to_login(client, app):
    closed = [
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods
        and not rule.arguments
        and rule.rule not in PUBLIC
        and not rule.rule.startswith(("/static", "/api/"))
    ]
    assert "/" in closed
    for path in closed:
        response = client.get(path)
        assert response.status_code == 302, path
        assert "/inloggen" in response.headers["Location"], path


def test_security_txt_names_contact_and_expiry(client):
    body = client.get("/.well-known/security.txt").get_data(as_text=True)
    assert body.startswith("Contact: ")
    assert "Expires: " in body


def test_pages_carry_security_headers(client):
    headers = client.get("/inloggen").headers
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"


def test_base_layout_is_dutch_and_accessible(client, auth):
    auth.login_as(make_user())
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="nl">' in html
    assert 'class="skip-link" href="#inhoud"' in html
    assert '<main id="inhoud"' in html
    assert "<title>Nieuwste vragen · KenMe</title>" in html
    assert 'aria-label="Hoofdmenu"' in html


def test_unknown_page_is_a_dutch_404(client, auth):
    auth.login_as(make_user())
    response = client.get("/bestaat-niet")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.get_data(as_text=True)


def test_post_without_csrf_token_is_refused_in_dutch(client):
    response = client.post("/inloggen", data={"email": "a@b.nl", "password": "x"})
    assert response.status_code == 400
    assert "beveiligingscode" in response.get_data(as_text=True)
