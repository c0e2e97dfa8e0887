"""The beheerder's page for the allowlist of issuers and the password switch (decision 0021)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from kenme.extensions import db
from kenme.models import ModerationAction, Role, SsoIssuer, SsoOrganisation
from tests.factories import make_user

TENANT = "0A1B2C3D-1111-4222-8333-444455556666"
pytestmark = pytest.mark.app_config(
    SSO_CONNECTIONS={
        "entra": {
            "label": "Microsoft (Entra ID)",
            "client_id": "kenme",
            "metadata_url": "https://login.microsoftonline.com/organizations/v2.0/"
            ".well-known/openid-configuration",
            "issuer_template": "https://login.microsoftonline.com/{tenantid}/v2.0",
        },
        "gemeente": {
            "label": "Gemeente Testdam",
            "client_id": "kenme",
            "metadata_url": "https://login.testdam.nl/.well-known/openid-configuration",
        },
    }
)
PAGE = "/moderatie/organisaties"


def add(client, **data):
    return client.post_form(PAGE, data)


def test_only_beheerders_reach_the_page(client, auth):
    assert client.get(PAGE).status_code == 302  # anonymous: to the login page
    moderator = make_user(role=Role.MODERATOR)
    auth.login_as(moderator)
    assert client.get(PAGE).status_code == 403
    token = client.csrf_token()
    response = client.post(
        PAGE,
        data={
            "csrf_token": token,
            "organisation": "Gemeente Kwaaddam",
            "connection": "entra",
            "value": TENANT,
        },
    )
    assert response.status_code == 403
    assert db.session.scalar(select(SsoIssuer)) is None
    assert "Organisaties" not in client.get("/moderatie").get_data(as_text=True)


def test_a_beheerder_adds_a_tenant_and_an_issuer(client, auth):
    admin = make_user(role=Role.ADMIN)
    auth.login_as(admin)
    page = client.get(PAGE).get_data(as_text=True)
    assert "Inloggen met een organisatie-account" in page
    assert (
        add(client, organisation="Gemeente Utrecht", connection="entra", value=TENANT).status_code
        == 302
    )
    row = db.session.scalar(select(SsoIssuer))
    assert row.tenant_id == TENANT.lower()
    assert row.issuer == f"https://login.microsoftonline.com/{TENANT.lower()}/v2.0"
    assert row.organisation.name == "Gemeente Utrecht"
    response = add(
        client,
        organisation="gemeente utrecht",  # the same organisation, in other case
        connection="gemeente",
        value="https://login.utrecht.nl",
    )
    assert response.status_code == 302
    assert len(db.session.scalars(select(SsoOrganisation)).all()) == 1
    page = client.get(PAGE).get_data(as_text=True)
    assert f"tenant {TENANT.lower()}" in page and "https://login.utrecht.nl" in page
    actions = db.session.scalars(select(ModerationAction.action)).all()
    assert actions.count("sso_issuer_added") == 2


@pytest.mark.parametrize(
    ("connection", "value", "words"),
    [
        ("entra", "gemeente-utrecht", "tenant-id"),
        ("gemeente", "http://login.utrecht.nl", "https://"),
        ("gemeente", "login.utrecht.nl", "https://"),
        ("onbekend", "https://login.utrecht.nl", "Not a valid choice"),
    ],
)
def test_a_wrong_value_is_refused_in_dutch(client, auth, connection, value, words):
    auth.login_as(make_user(role=Role.ADMIN))
    response = add(client, organisation="Gemeente Utrecht", connection=connection, value=value)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert words in html and 'aria-invalid="true"' in html
    assert db.session.scalar(select(SsoIssuer)) is None


def test_an_issuer_is_listed_once(client, auth):
    auth.login_as(make_user(role=Role.ADMIN))
    add(client, organisation="Gemeente Utrecht", connection="entra", value=TENANT)
    response = add(client, organisation="Gemeente Zeist", connection="entra", value=TENANT)
    assert response.status_code == 400
    assert "al op de lijst" in response.get_data(as_text=True)


def test_the_password_switch_and_removal(client, auth):
    auth.login_as(make_user(role=Role.ADMIN))
    add(client, organisation="Gemeente Utrecht", connection="entra", value=TENANT)
    org = db.session.scalar(select(SsoOrganisation))
    assert client.post(f"{PAGE}/{org.id}/wachtwoord", data={"stand": "uit"}).status_code == 400
    response = client.post_form(f"{PAGE}/{org.id}/wachtwoord", {"stand": "uit"}, page=PAGE)
    assert response.status_code == 302
    db.session.refresh(org)
    assert org.password_login_off
    assert "Wachtwoord-inloggen aanzetten" in client.get(PAGE).get_data(as_text=True)
    client.post_form(f"{PAGE}/{org.id}/wachtwoord", {"stand": "aan"}, page=PAGE)
    db.session.refresh(org)
    assert not org.password_login_off

    issuer_id = org.issuers[0].id
    assert client.post_form(f"{PAGE}/issuer/{issuer_id}/verwijderen", page=PAGE).status_code == 302
    assert db.session.get(SsoIssuer, issuer_id) is None
    client.post_form(f"{PAGE}/{org.id}/verwijderen", page=PAGE)
    assert db.session.scalar(select(SsoOrganisation)) is None
    actions = db.session.scalars(select(ModerationAction.action)).all()
    for action in ("sso_password_off", "sso_password_on", "sso_issuer_removed"):
        assert action in actions
    assert "sso_organisation_removed" in actions
    log = client.get("/moderatie/logboek").get_data(as_text=True)
    assert "Wachtwoord-inloggen uitgezet voor organisatie" in log
