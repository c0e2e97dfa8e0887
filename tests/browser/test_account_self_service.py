"""The sessions page, my data (export) and deleting my account, keyboard only, axe-clean."""

from __future__ import annotations

import re

from kenme.extensions import db
from kenme.models import User
from tests.browser.conftest import assert_accessible, log_in_with_keyboard, tab_to
from tests.factories import PASSWORD, make_question, make_user


def test_sessions_export_and_delete_with_the_keyboard_only(page, live_app, browser, live_server):
    with live_app.app_context():
        user = make_user(display_name="Lotte Lezer", email="lotte@gemeente-testdam.nl")
        make_question(user, title="Telt een inwonende zoon mee voor de kostendelersnorm?")
        user_id = user.id
        db.session.commit()
    log_in_with_keyboard(page, "lotte@gemeente-testdam.nl")
    other = browser.new_context(base_url=live_server.url, locale="nl-NL").new_page()
    other.set_default_timeout(30_000)
    log_in_with_keyboard(other, "lotte@gemeente-testdam.nl")

    page.goto(f"/leden/{user_id}")
    tab_to(page, "a[href='/profiel/sessies']")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Waar je bent ingelogd").wait_for()
    assert page.locator("tbody tr").count() == 2
    assert "(deze browser)" in page.locator("tbody").inner_text()
    assert_accessible(page)
    tab_to(page, "tbody tr:not(:has(strong)) button")  # the other browser's row
    page.keyboard.press("Enter")
    page.get_by_text("is beëindigd").wait_for()
    other.goto("/")
    assert re.search(r"/inloggen", other.url), "the other browser is logged out"

    page.goto("/profiel/gegevens")
    assert_accessible(page)
    tab_to(page, "a[href='/profiel/gegevens/overzicht']")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Al je gegevens bij KenMe").wait_for()
    assert "Telt een inwonende zoon mee" in page.content()
    assert_accessible(page)
    with page.expect_download() as download:
        page.goto("/profiel/gegevens")
        tab_to(page, "a[href='/profiel/gegevens/kenme-gegevens.json']")
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.startswith("kenme-gegevens-")

    page.goto("/profiel/verwijderen")
    assert_accessible(page)
    tab_to(page, "#password")
    page.keyboard.type(PASSWORD)
    tab_to(page, "button.button-danger")
    page.keyboard.press("Enter")  # without the box ticked
    page.locator(".error-summary").wait_for()
    assert page.locator("#confirm").get_attribute("aria-invalid") == "true"
    assert_accessible(page)
    tab_to(page, "#password")
    page.keyboard.type(PASSWORD)
    tab_to(page, "#confirm")
    page.keyboard.press("Space")
    tab_to(page, "button.button-danger")
    page.keyboard.press("Enter")
    page.get_by_text("Je account is verwijderd").wait_for()
    with live_app.app_context():
        assert db.session.get(User, user_id).display_name == "verwijderd lid"
