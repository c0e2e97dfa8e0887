"""Log in with the organisation's account, against a real OpenID Connect provider on loopback.

Every test drives the whole redirect flow: KenMe's start URL, the provider's login form over
real HTTP, KenMe's callback, the code exchange and the ID token's checks (decision 0021).
"""

from __future__ import annotations

import logging
import time

import pytest
import requests
from sqlalchemy import func, select

from kenme.extensions import db
from kenme.models import LoginSession, SsoIdentity, SsoIssuer, SsoOrganisation, User
from tests.factories import PASSWORD, make_user
from tests.sso_provider import ForgingRelay, query, start_provider, stop_provider

BACK = "http://localhost/inloggen/organisatie/{}/terug"
TENANT_A = "11111111-aaaa-4aaa-8aaa-111111111111"
TENANT_B = "22222222-bbbb-4bbb-8bbb-222222222222"


@pytest.fixture(scope="module")
def provider():
    process, provider = start_provider(
        [BACK.format("gemeente"), BACK.format("entra"), BACK.format("vervalst")]
    )
    yield provider
    stop_provider(process)


@pytest.fixture(autouse=True)
def _connections(provider, monkeypatch):
    import json

    monkeypatch.setenv("KENME_SSO_CONNECTIONS", json.dumps(provider.connections()))


@pytest.fixture
def allowlist(app, provider):
    """Gemeente Testdam through its own provider; Gemeente Entradam as an Entra ID tenant."""
    testdam = SsoOrganisation(name="Gemeente Testdam")
    testdam.issuers.append(SsoIssuer(connection="gemeente", issuer=provider.url))
    entradam = SsoOrganisation(name="Gemeente Entradam")
    entradam.issuers.append(
        SsoIssuer(
            connection="entra",
            issuer=provider.url + f"/{TENANT_A}/v2.0",
            tenant_id=TENANT_A,
        )
    )
    db.session.add_all([testdam, entradam])
    db.session.commit()
    return testdam


def sso_login(client, provider, sub: str, connection: str = "gemeente"):
    """Start at KenMe, log in at the provider, come back: the callback's response."""
    start = client.get(f"/inloggen/organisatie/{connection}")
    assert start.status_code == 302, start.get_data(as_text=True)
    back = provider.log_in(start.headers["Location"], sub)
    assert back.startswith(BACK.format(connection) + "?")
    return client.get(back)


def user_count() -> int:
    return db.session.scalar(select(func.count(User.id)))


def logged_in(client) -> bool:
    return client.get("/profiel/sessies").status_code == 200


def test_the_login_page_offers_the_organisation_account(client, allowlist):
    html = client.get("/inloggen").get_data(as_text=True)
    assert "Inloggen met je organisatie-account" in html
    choose = client.get("/inloggen/organisatie").get_data(as_text=True)
    assert "/inloggen/organisatie/gemeente" in choose
    assert "/inloggen/organisatie/entra" in choose


def test_the_request_carries_state_nonce_and_pkce(client, provider, allowlist):
    start = client.get("/inloggen/organisatie/gemeente")
    sent = query(start.headers["Location"])
    assert sent["code_challenge_method"] == "S256"
    assert len(sent["code_challenge"]) >= 43
    assert len(sent["state"]) >= 20 and len(sent["nonce"]) >= 20
    assert sent["scope"] == "openid email profile"
    assert sent["redirect_uri"] == BACK.format("gemeente")


def test_first_login_makes_an_account_and_a_server_side_session(client, provider, allowlist):
    provider.set_user(
        "sub-anna", {"email": "Anna@Testdam.nl", "email_verified": True, "name": "Anna de Vries"}
    )
    response = sso_login(client, provider, "sub-anna")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    user = db.session.scalar(select(User).where(User.email == "anna@testdam.nl"))
    assert user.display_name == "Anna de Vries"
    assert user.organisation == "Gemeente Testdam"
    assert user.is_verified and user.password_hash == ""
    record = db.session.scalar(select(LoginSession).where(LoginSession.user_id == user.id))
    assert record.method == "organisatie-account" and record.ended_at is None
    assert logged_in(client)
    assert "via organisatie-account" in client.get("/profiel/sessies").get_data(as_text=True)

    client.post_form("/uitloggen", page="/profiel/sessies")
    count = user_count()
    assert sso_login(client, provider, "sub-anna").status_code == 302
    assert user_count() == count, "the second login finds the same account"
    identities = db.session.scalars(select(SsoIdentity).where(SsoIdentity.user_id == user.id))
    assert [(i.issuer, i.subject) for i in identities] == [(provider.url, "sub-anna")]


def test_an_entra_tenant_on_the_allowlist_logs_in(client, provider, allowlist):
    provider.set_user(
        "sub-entra",
        {
            "email": "bram@entradam.nl",
            "email_verified": True,
            "name": "Bram Bakker",
            "tid": TENANT_A,
            "iss": provider.url + f"/{TENANT_A}/v2.0",
        },
    )
    assert sso_login(client, provider, "sub-entra", "entra").status_code == 302
    user = db.session.scalar(select(User).where(User.email == "bram@entradam.nl"))
    assert user.organisation == "Gemeente Entradam"
    assert logged_in(client)


def test_a_verified_address_links_the_existing_account(client, provider, allowlist):
    member = make_user(email="carla@testdam.nl", display_name="Carla")
    provider.set_user("sub-carla", {"email": "carla@testdam.nl", "email_verified": True})
    count = user_count()
    assert sso_login(client, provider, "sub-carla").status_code == 302
    assert user_count() == count
    identity = db.session.scalar(select(SsoIdentity).where(SsoIdentity.subject == "sub-carla"))
    assert identity.user_id == member.id
    assert logged_in(client)


@pytest.mark.app_config(REQUIRE_APPROVAL=True)
def test_a_new_account_waits_for_approval_like_any_other(client, provider, allowlist):
    provider.set_user("sub-dirk", {"email": "dirk@testdam.nl", "email_verified": True})
    response = sso_login(client, provider, "sub-dirk")
    assert response.status_code == 403
    assert "wacht nog op goedkeuring" in response.get_data(as_text=True)
    user = db.session.scalar(select(User).where(User.email == "dirk@testdam.nl"))
    assert user is not None and user.approved_at is None
    assert not logged_in(client)


FAILURES = {
    # name: (connection, claims beyond a good set, reason code, words on the page)
    "wrong_issuer": (
        "gemeente",
        lambda p: {"iss": p.url + "/ander"},
        "wrong_issuer",
        "niet van de organisatie",
    ),
    "wrong_issuer_for_tenant": (
        "entra",
        lambda p: {"tid": TENANT_A, "iss": p.url + f"/{TENANT_B}/v2.0"},
        "wrong_issuer",
        "niet van de organisatie",
    ),
    "unknown_tenant": (
        "entra",
        lambda p: {"tid": TENANT_B, "iss": p.url + f"/{TENANT_B}/v2.0"},
        "unknown_issuer",
        "niet aangesloten",
    ),
    "wrong_audience": (
        "gemeente",
        lambda p: {"aud": "een-andere-app"},
        "wrong_audience",
        "niet voor KenMe",
    ),
    "expired": (
        "gemeente",
        lambda p: {"exp": int(time.time()) - 3600, "iat": int(time.time()) - 7200},
        "expired",
        "verlopen",
    ),
    "nonce_mismatch": (
        "gemeente",
        lambda p: {"nonce": "een-andere-nonce"},
        "nonce",
        "hoorde niet bij",
    ),
}


def refused_login(client, provider, caplog, sub, claims, *, connection="gemeente"):
    """Log in at the provider as sub with these claims; KenMe must refuse and keep nothing:
    no account, no link, no session. Returns the Dutch error page's response."""
    provider.set_user(sub, claims)
    count = user_count()
    with caplog.at_level(logging.INFO):
        response = sso_login(client, provider, sub, connection)
    assert response.status_code in (400, 403)
    assert user_count() == count
    assert db.session.scalar(select(func.count(SsoIdentity.id))) == 0, "not even a link"
    assert not logged_in(client)
    return response


@pytest.fixture
def relay(provider, monkeypatch):
    """A connection "vervalst" whose token endpoint is a relay that can re-sign ID tokens."""
    import json

    relay = ForgingRelay(provider)
    forged = {"label": "Vervalst", "metadata_url": relay.metadata_url}
    monkeypatch.setenv(
        "KENME_SSO_CONNECTIONS",
        json.dumps(provider.connections(vervalst={**provider.connections()["gemeente"], **forged})),
    )
    yield relay
    relay.stop()


def allow_forged(provider) -> None:
    organisation = SsoOrganisation(name="Gemeente Vervalst")
    organisation.issuers.append(SsoIssuer(connection="vervalst", issuer=provider.url))
    db.session.add(organisation)
    db.session.commit()


def test_the_relay_alone_changes_nothing(relay, client, provider):
    allow_forged(provider)
    provider.set_user("sub-relay", {"email": "rik@vervalst.nl", "email_verified": True})
    assert sso_login(client, provider, "sub-relay", "vervalst").status_code == 302
    assert logged_in(client) and relay.forged == 0


@pytest.mark.parametrize("mode", ["same_header", "unknown_kid"])
def test_an_id_token_signed_with_a_key_the_provider_does_not_publish_is_refused(
    mode, relay, client, provider, caplog
):
    allow_forged(provider)
    relay.mode = mode
    claims = {"email": "vera@vervalst.nl", "email_verified": True, "name": "Vera Vals"}
    response = refused_login(client, provider, caplog, f"sub-{mode}", claims, connection="vervalst")
    assert relay.forged == 1, "the token KenMe checked was the forged one"
    assert response.status_code == 400
    assert_audit_line(caplog, "token", secrets=[f"sub-{mode}", claims["email"], "Vera Vals"])


def assert_audit_line(caplog, reason: str, secrets: list[str]) -> None:
    lines = [r.getMessage() for r in caplog.records if r.name == "kenme.sso"]
    assert any(f"reden={reason} " in line for line in lines), lines
    everything = "\n".join(r.getMessage() for r in caplog.records)
    for secret in secrets:
        assert secret not in everything
    assert "eyJ" not in everything, "no token (a JWT starts with eyJ) in the log"


@pytest.mark.parametrize("case", FAILURES)
def test_a_bad_id_token_is_refused(case, client, provider, allowlist, caplog):
    connection, extra, reason, words = FAILURES[case]
    sub = f"sub-{case}"
    claims = {"email": f"{case}@testdam.nl", "email_verified": True, "name": "Eva Evers"}
    claims_sent = {**claims, **extra(provider)}
    response = refused_login(client, provider, caplog, sub, claims_sent, connection=connection)
    assert words in response.get_data(as_text=True)
    assert_audit_line(caplog, reason, secrets=[sub, claims["email"], "Eva Evers"])


def test_missing_email_makes_no_account(client, provider, allowlist, caplog):
    claims = {"name": "Zonder Adres", "email": None}
    response = refused_login(client, provider, caplog, "sub-zonder", claims)
    assert response.status_code == 403
    assert "geen e-mailadres" in response.get_data(as_text=True)
    assert_audit_line(caplog, "missing_email", secrets=["sub-zonder", "Zonder Adres"])


def test_an_unverified_address_does_not_take_over_an_account(client, provider, allowlist, caplog):
    member = make_user(email="fenna@testdam.nl")
    claims = {"email": "fenna@testdam.nl", "email_verified": False}
    response = refused_login(client, provider, caplog, "sub-fenna", claims)
    assert response.status_code == 403
    assert "bevestigd e-mailadres" in response.get_data(as_text=True)
    assert_audit_line(caplog, "unverified_email", secrets=["sub-fenna", member.email])


def test_a_suspended_member_stays_out(client, provider, allowlist, caplog):
    make_user(email="gijs@testdam.nl", suspended_days=7)
    claims = {"email": "gijs@testdam.nl", "email_verified": True}
    response = refused_login(client, provider, caplog, "sub-gijs", claims)
    assert response.status_code == 403
    assert "geschorst" in response.get_data(as_text=True)
    assert_audit_line(caplog, "refused_account", secrets=["sub-gijs", "gijs@testdam.nl"])


def test_a_replayed_state_is_refused(client, app, provider, allowlist, caplog):
    provider.set_user("sub-hans", {"email": "hans@testdam.nl", "email_verified": True})
    start = client.get("/inloggen/organisatie/gemeente")
    back = provider.log_in(start.headers["Location"], "sub-hans")
    cookie = client.get_cookie("session").value  # as it was before the callback
    assert client.get(back).status_code == 302
    client.post_form("/uitloggen", page="/profiel/sessies")
    count = user_count()
    with caplog.at_level(logging.INFO):
        again = client.get(back)  # the state was used up
    assert again.status_code == 400
    assert "al gebruikt" in again.get_data(as_text=True)
    assert_audit_line(caplog, "state", secrets=["sub-hans", "hans@testdam.nl"])

    # With the cookie from before the callback, the state is there but the code is used.
    other = app.test_client()
    other.set_cookie("session", cookie)
    caplog.clear()
    with caplog.at_level(logging.INFO):
        replay = other.get(back)
    assert replay.status_code == 400
    assert user_count() == count
    assert other.get("/profiel/sessies").status_code == 302
    assert_audit_line(caplog, "provider_error", secrets=["sub-hans", "hans@testdam.nl"])


def test_a_callback_without_a_login_started_is_refused(client, provider, allowlist):
    response = client.get(BACK.format("gemeente") + "?code=abc&state=verzonnen")
    assert response.status_code == 400
    assert not logged_in(client)


def test_logout_ends_the_provider_session_too(client, provider, allowlist):
    provider.set_user("sub-ilse", {"email": "ilse@testdam.nl", "email_verified": True})
    sso_login(client, provider, "sub-ilse")
    response = client.post_form("/uitloggen", page="/profiel/sessies")
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith(provider.url + "/oauth2/end_session?")
    sent = query(location)
    assert sent["post_logout_redirect_uri"] == "http://localhost/inloggen"
    assert sent["id_token_hint"].startswith("eyJ")
    record = db.session.scalar(select(LoginSession))
    assert record.ended_at is not None
    assert not logged_in(client)
    confirm = requests.post(
        provider.url + "/oauth2/end_session/confirm",
        data={"redirect_uri": sent["post_logout_redirect_uri"]},
        allow_redirects=False,
        timeout=10,
    )
    assert confirm.headers["Location"] == "http://localhost/inloggen"


def test_password_login_off_keeps_the_organisation_out(client, provider, allowlist):
    allowlist.password_login_off = True
    by_name = make_user(email="jan@testdam.nl", organisation="gemeente testdam ")
    linked = make_user(email="kim@elders.nl", organisation="Elders")
    db.session.add(SsoIdentity(user_id=linked.id, issuer=provider.url, subject="sub-kim"))
    make_user(email="lars@elders.nl", organisation="Elders")
    db.session.commit()
    for email in (by_name.email, linked.email):
        response = client.post_form("/inloggen", {"email": email, "password": PASSWORD})
        assert "inloggen met een wachtwoord uitgezet" in response.get_data(as_text=True)
        assert not logged_in(client)
    response = client.post_form("/inloggen", {"email": "lars@elders.nl", "password": PASSWORD})
    assert response.status_code == 302
    assert logged_in(client)


def test_export_shows_and_deletion_drops_the_link(client, provider, allowlist):
    provider.set_user(
        "sub-mila", {"email": "mila@testdam.nl", "email_verified": True, "name": "Mila"}
    )
    sso_login(client, provider, "sub-mila")
    data = client.get("/profiel/gegevens/kenme-gegevens.json").get_json()
    assert data["organisation_accounts"][0]["subject"] == "sub-mila"
    page = client.get("/profiel/verwijderen").get_data(as_text=True)
    assert 'id="password"' not in page and "geen wachtwoord" in page
    response = client.post_form(
        "/profiel/verwijderen", {"confirm": "y"}, page="/profiel/verwijderen"
    )
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(SsoIdentity.id))) == 0
    assert not logged_in(client)


def test_a_name_claim_with_a_bsn_is_refused_and_nothing_stored(client, provider, allowlist, caplog):
    name = "Piet Peters 111222333"  # a valid BSN (elfproef): the privacy scan of registration
    claims = {"email": "piet@testdam.nl", "email_verified": True, "name": name}
    response = refused_login(client, provider, caplog, "sub-piet", claims)
    assert response.status_code == 403
    assert "gegevens die KenMe niet opslaat" in response.get_data(as_text=True)
    assert_audit_line(caplog, "claims_refused", secrets=["sub-piet", "111222333", "Piet Peters"])


def test_denying_at_the_provider_is_refused(client, provider, allowlist, caplog):
    start = client.get("/inloggen/organisatie/gemeente")
    denied = requests.post(
        start.headers["Location"], data={"action": "deny"}, allow_redirects=False, timeout=10
    )
    back = denied.headers["Location"]
    assert back.startswith(BACK.format("gemeente")) and "error=access_denied" in back
    with caplog.at_level(logging.INFO):
        response = client.get(back)
    assert response.status_code == 400
    assert "niet toegestaan of afgebroken" in response.get_data(as_text=True)
    assert not logged_in(client)
    assert_audit_line(caplog, "provider_error", secrets=[])
