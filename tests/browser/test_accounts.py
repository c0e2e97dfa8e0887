"""Register, verify, log in and out in real Chromium with the keyboard only; axe on every page."""

from __future__ import annotations

import re

import pytest

from kenme.demo import DEMO_PASSWORD, seed_members
from kenme.extensions import db
from tests.browser.conftest import assert_accessible, tab_to
from tests.helpers import link_in_last_mail

PUBLIC_PAGES = [
    "/inloggen",
    "/registreren",
    "/wachtwoord-vergeten",
    "/registreren/opnieuw",
    "/toegankelijkheid",
]


def type_into(page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


def test_register_verify_login_logout_with_keyboard_only(page, live_app):
    page.goto("/registreren")
    type_into(page, "#display_name", "Petra K")
    type_into(page, "#email", "petra@gemeente-testdam.nl")
    type_into(page, "#organisation", "Gemeente Testdam")
    type_into(page, "#function", "Klantmanager")
    type_into(page, "#password", "zomer-bij-de-sociale-dienst")
    type_into(page, "#password_confirm", "zomer-bij-de-sociale-dienst")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Bevestig je e-mailadres").wait_for()
    assert_accessible(page)

    with live_app.app_context():
        link = link_in_last_mail(live_app, "petra@gemeente-testdam.nl")
    page.goto(link)
    page.get_by_text("Je e-mailadres is bevestigd").wait_for()

    type_into(page, "#email", "petra@gemeente-testdam.nl")
    type_into(page, "#password", "zomer-bij-de-sociale-dienst")
    page.keyboard.press("Enter")
    page.get_by_text("Welkom terug, Petra K").wait_for()
    assert_accessible(page)

    tab_to(page, "header form[action$='/uitloggen'] button")
    page.keyboard.press("Enter")
    page.get_by_text("Je bent uitgelogd.").wait_for()
    assert re.search(r"/inloggen$", page.url)


def test_skip_link_is_first_and_moves_focus_to_main(page):
    page.goto("/inloggen")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Naar de inhoud"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud"


def test_registration_errors_are_announced_and_keep_input(page):
    page.goto("/registreren")
    type_into(page, "#display_name", "Petra K")
    type_into(page, "#email", "petra@gemeente-testdam.nl")
    type_into(page, "#password", "kort")
    page.keyboard.press("Enter")
    summary = page.locator(".error-summary")
    summary.wait_for()
    assert "Controleer het formulier" in summary.inner_text()
    assert page.input_value("#display_name") == "Petra K"
    assert page.locator("#password").get_attribute("aria-invalid") == "true"
    assert_accessible(page)


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_have_no_axe_violations(page, path):
    page.goto(path)
    assert page.title().endswith("· KenMe")
    assert_accessible(page)


def test_member_pages_have_no_axe_violations(page, live_app):
    with live_app.app_context():
        seed_members(db.session)
        db.session.commit()
    page.goto("/inloggen")
    page.fill("#email", "sanne@demo.kenme.nl")
    page.fill("#password", DEMO_PASSWORD)
    page.press("#password", "Enter")
    page.get_by_text("Welkom terug").wait_for()
    for path in ["/", "/toegankelijkheid", "/bestaat-niet"]:
        page.goto(path)
        assert_accessible(page)
