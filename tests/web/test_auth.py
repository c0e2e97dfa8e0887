"""Registration, verification, login, logout and password reset through the forms."""

from __future__ import annotations

import logging
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kenme.extensions import db
from kenme.models import User
from tests.factories import PASSWORD, make_user
from tests.helpers import link_in_last_mail, read_mails

CSRF_VALUE = re.compile(r'(name="csrf[_-]token"[^>]*(?:value|content)=)"[^"]*"')
FORM = {
    "display_name": "Petra K",
    "email": "petra@gemeente-testdam.nl",
    "organisation": "Gemeente Testdam",
    "function": "Inkomensconsulent",
    "password": "zomer-bij-de-sociale-dienst",
    "password_confirm": "zomer-bij-de-sociale-dienst",
}


def register(client, **overrides):
    return client.post_form("/registreren", {**FORM, **overrides}, page="/registreren")


def test_register_verify_login_logout(client, app, auth, caplog):
    caplog.set_level(logging.INFO)
    response = register(client)
    assert response.status_code == 200
    assert "Bevestig je e-mailadres" in response.get_data(as_text=True)
    assert "mail written" in caplog.text
    assert "zomer-bij" not in caplog.text

    refused = auth.login(FORM["email"], FORM["password"])
    assert "nog niet bevestigd" in refused.get_data(as_text=True)

    verified = client.get(link_in_last_mail(app, FORM["email"]))
    assert verified.status_code == 302
    assert auth.login(FORM["email"], FORM["password"]).status_code == 302
    home = client.get("/")
    assert home.status_code == 200
    assert "Petra K" in home.get_data(as_text=True)

    auth.logout()
    assert client.get("/").status_code == 302


@pytest.mark.parametrize(
    ("overrides", "field_message"),
    [
        ({"password": "kort", "password_confirm": "kort"}, "minimaal 12 tekens"),
        ({"password_confirm": "iets-heel-anders-123"}, "niet gelijk"),
        ({"email": "geen-adres"}, "geldig e-mailadres"),
        ({"display_name": ""}, "verplicht"),
        ({"password": "passwordpassword", "password_confirm": "passwordpassword"}, "veel voor"),
    ],
)
def test_register_bad_input_keeps_other_fields(client, app, overrides, field_message):
    response = register(client, **overrides)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert field_message in html
    assert 'value="Gemeente Testdam"' in html
    assert 'value="Inkomensconsulent"' in html
    assert "zomer-bij-de-sociale-dienst" not in html, "passwords are never echoed"
    assert db.session.query(User).count() == 0
    assert read_mails(app) == []


def _page_without_secrets(response, email: str) -> str:
    html = CSRF_VALUE.sub("", response.get_data(as_text=True))
    return html.replace(email, "ADRES").replace(email.strip().lower(), "ADRES")


def test_register_answers_a_known_address_as_an_unknown_one_and_mails_the_owner(client, app):
    owner = make_user(email=FORM["email"], display_name="Petra Bestaand")
    known = register(client)
    unknown = register(client, email="nieuwe.collega@gemeente-testdam.nl")
    assert known.status_code == unknown.status_code == 200
    assert _page_without_secrets(known, FORM["email"]) == _page_without_secrets(
        unknown, "nieuwe.collega@gemeente-testdam.nl"
    )
    assert "bestaat al" not in known.get_data(as_text=True)
    assert db.session.query(User).count() == 2
    db.session.refresh(owner)
    assert owner.display_name == "Petra Bestaand", "the known account is left alone"
    [to_owner] = [m for m in read_mails(app) if m["To"] == FORM["email"]]
    assert to_owner["Subject"] == "Je hebt al een account bij KenMe"
    body = to_owner.get_content()
    assert "/wachtwoord-vergeten" in body and "/inloggen" in body
    assert "zomer-bij" not in body, "the password typed is never mailed"
    [to_new] = [m for m in read_mails(app) if m["To"] == "nieuwe.collega@gemeente-testdam.nl"]
    assert "/registreren/bevestigen/" in to_new.get_content()


def test_register_with_an_unverified_address_sends_the_verification_link_again(client, app):
    make_user(email=FORM["email"], verified=False)
    register(client)
    assert "/registreren/bevestigen/" in link_in_last_mail(app, FORM["email"])


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    shape=st.lists(st.booleans(), min_size=len(FORM["email"]), max_size=len(FORM["email"])),
    pad=st.sampled_from(["", " ", "  ", "\t"]),
)
def test_no_spelling_of_a_known_address_gets_a_different_answer(client, app, shape, pad):
    """Upper/lower case and surrounding blanks: the page equals the one for a new address."""
    if db.session.query(User).filter_by(email=FORM["email"]).first() is None:
        make_user(email=FORM["email"])
    spelled = pad + "".join(
        c.upper() if up else c for c, up in zip(FORM["email"], shape, strict=True)
    )
    fresh = f"n{len(read_mails(app))}@gemeente-testdam.nl"
    assert _page_without_secrets(register(client, email=spelled), spelled) == (
        _page_without_secrets(register(client, email=pad + fresh), pad + fresh)
    )
    assert db.session.query(User).filter(User.email.like("%petra%")).count() == 1


def test_register_disallowed_domain(client, app):
    app.config["ALLOWED_EMAIL_DOMAINS"] = ["*.gemeente.nl"]
    html = register(client).get_data(as_text=True)
    assert "aangesloten organisatie" in html
    assert 'value="Petra K"' in html


def test_tampered_verification_link_changes_nothing(client, app):
    register(client)
    link = link_in_last_mail(app, FORM["email"])
    response = client.get(link[:-3] + "abc")
    assert response.status_code == 400
    assert "ongeldig" in response.get_data(as_text=True)
    assert db.session.query(User).one().email_verified_at is None


def test_unapproved_member_is_told_why(client, app, auth):
    user = make_user(approved=False)
    html = auth.login(user.email, PASSWORD).get_data(as_text=True)
    assert "wacht nog op goedkeuring" in html


def test_suspended_member_is_told_why_and_until_when(client, auth):
    user = make_user(suspended_days=10)
    html = auth.login(user.email, PASSWORD).get_data(as_text=True)
    assert "geschorst tot" in html
    assert "persoonsgegevens" in html


def test_member_suspended_while_logged_in_is_logged_out(client, auth):
    user = make_user()
    auth.login_as(user)
    user.suspended_until = user.created_at.replace(year=user.created_at.year + 1)
    db.session.commit()
    response = client.get("/")
    assert response.status_code == 302
    assert "/inloggen" in response.headers["Location"]


def test_password_reset_flow(client, app, auth):
    user = make_user()
    client.post_form("/wachtwoord-vergeten", {"email": user.email})
    link = link_in_last_mail(app, user.email)
    page = client.get(link)
    assert page.status_code == 200
    response = client.post_form(
        link,
        {"password": "nieuwe-lange-zin-voor-mij", "password_confirm": "nieuwe-lange-zin-voor-mij"},
    )
    assert response.status_code == 302
    assert auth.login(user.email, PASSWORD).status_code == 200
    assert auth.login(user.email, "nieuwe-lange-zin-voor-mij").status_code == 302
    client.post_form("/uitloggen")
    assert client.get(link).status_code == 400, "a reset link works only once"


def test_reset_request_does_not_reveal_unknown_addresses(client, app):
    response = client.post_form("/wachtwoord-vergeten", {"email": "niemand@gemeente.nl"})
    assert response.status_code == 302
    assert read_mails(app) == []


def test_login_rejects_foreign_next_url(client, auth):
    user = make_user()
    response = client.post_form(
        "/inloggen?next=//evil.example/x",
        {"email": user.email, "password": PASSWORD},
        page="/inloggen",
    )
    assert response.headers["Location"] == "/"


def test_login_keeps_local_next_url(client):
    user = make_user()
    response = client.post_form(
        "/inloggen?next=/toegankelijkheid",
        {"email": user.email, "password": PASSWORD},
        page="/inloggen",
    )
    assert response.headers["Location"] == "/toegankelijkheid"


def test_remember_me_sets_a_remember_cookie(client):
    user = make_user()
    client.post_form("/inloggen", {"email": user.email, "password": PASSWORD, "remember": "y"})
    assert client.get_cookie("remember_token") is not None


def test_logout_needs_csrf(client, auth):
    user = make_user()
    auth.login_as(user)
    client.post("/uitloggen")
    assert client.get("/").status_code == 200, "a POST without token must not log out"
