"""Log in with the organisation's account in Chromium, then the sessions page: keyboard only.

The provider (oidc-provider-mock) runs on loopback in its own process; its login form is
the provider's page, not ours, so axe checks only KenMe's pages.
"""

from __future__ import annotations

import json
import shutil

import pytest

from kenme import create_app
from kenme.extensions import db
from kenme.models import SsoIssuer, SsoOrganisation, User
from tests.browser.conftest import LiveServer, assert_accessible, tab_to
from tests.conftest import base_config
from tests.sso_provider import start_provider, stop_provider


@pytest.fixture
def provider():
    process, provider = start_provider([])
    yield provider
    stop_provider(process)


@pytest.fixture
def sso_server(sqlite_template, tmp_path, provider, monkeypatch):
    """A live KenMe whose SSO connection is registered at the provider with its own URL."""
    apps = {}
    with LiveServer(lambda environ, start: apps["app"](environ, start)) as server:
        client_id, secret = provider.register([f"{server.url}/inloggen/organisatie/gemeente/terug"])
        path = tmp_path / "browser.sqlite3"
        shutil.copy(sqlite_template, path)
        connections = provider.connections()
        connections["gemeente"].update(client_id=client_id, client_secret=secret)
        monkeypatch.setenv("KENME_SSO_CONNECTIONS", json.dumps(connections))
        app = create_app(base_config(tmp_path, f"sqlite:///{path}"))
        with app.app_context():
            org = SsoOrganisation(name="Gemeente Testdam")
            org.issuers.append(SsoIssuer(connection="gemeente", issuer=provider.url))
            db.session.add(org)
            db.session.commit()
        apps["app"] = app
        server.app = app
        yield server
        with app.app_context():
            db.engine.dispose()


def test_sso_login_and_the_sessions_page_with_the_keyboard_only(browser, sso_server, provider):
    provider.set_user(
        "sub-noor", {"email": "noor@testdam.nl", "email_verified": True, "name": "Noor Jansen"}
    )
    context = browser.new_context(base_url=sso_server.url, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto("/inloggen")
        assert_accessible(page)
        tab_to(page, "a[href='/inloggen/organisatie']")
        page.keyboard.press("Enter")
        page.get_by_role("heading", name="Inloggen met je organisatie-account").wait_for()
        assert_accessible(page)
        tab_to(page, "a[href='/inloggen/organisatie/gemeente']")
        page.keyboard.press("Enter")
        page.wait_for_url(provider.url + "/oauth2/authorize*")  # the provider's own page
        tab_to(page, "input[name=sub]")
        page.keyboard.type("sub-noor")
        page.keyboard.press("Enter")
        page.get_by_text("Welkom, Noor Jansen").wait_for()
        assert page.url.startswith(sso_server.url)

        page.goto("/profiel/sessies")
        page.get_by_role("heading", name="Waar je bent ingelogd").wait_for()
        row = page.locator("tbody tr").first.inner_text()
        assert "(deze browser)" in row and "via organisatie-account" in row
        assert_accessible(page)
        tab_to(page, "tbody tr button")  # log out in this browser
        page.keyboard.press("Enter")
        page.wait_for_url("**/inloggen*")
        with sso_server.app.app_context():
            user = db.session.query(User).filter_by(email="noor@testdam.nl").one()
            assert user.organisation == "Gemeente Testdam"
        page.goto("/profiel/sessies")
        assert "/inloggen" in page.url
    finally:
        context.close()
