"""Asking faster in real Chromium (static/js/compose.js): the topic combobox over the checkbox
list, Enter in a single-line field, the draft in sessionStorage and the Markdown toolbar; and
the same form without JavaScript."""

from __future__ import annotations

import pytest

from kenme.extensions import db
from kenme.models import Post
from tests.browser.conftest import assert_accessible, tab_to
from tests.browser.test_questions import log_in, log_out, type_into
from tests.factories import PASSWORD, make_topic, make_user

TITLE = "Telt een inwonende zoon van dertig mee voor de kostendelersnorm?"
TOPICS = [
    ("kostendelersnorm", "Kostendelersnorm"),
    ("kostgangers", "Kostgangers en onderhuur"),
    ("wmo", "Wmo-huishoudelijke hulp"),
    ("schulden", "Schuldhulpverlening"),
    ("inburgering", "Inburgering"),
    ("jeugd", "Jeugdhulp"),
    ("wajong", "Wajong"),
]


@pytest.fixture
def asker(live_app):
    with live_app.app_context():
        for slug, name in TOPICS:
            make_topic(slug, name=name)
        return make_user(display_name="Asker Anna", email="anna@gemeente.nl").email


def draft_keys(page) -> list[str]:
    return page.evaluate(
        "() => Object.keys(sessionStorage).filter(k => k.startsWith('kenme-concept:'))"
    )


def posts(live_app) -> int:
    with live_app.app_context():
        return db.session.query(Post).count()


def test_combobox_filters_chooses_and_removes_with_the_keyboard(page, asker):
    log_in(page, asker)
    page.goto("/vragen/stellen")
    combobox = page.get_by_role("combobox", name="Zoek een onderwerp")
    # The checkbox list is hidden behind the combobox, and can be shown again.
    assert not page.is_visible("#onderwerp-wmo")
    type_into(page, "[role=combobox]", "kost")
    assert combobox.get_attribute("aria-expanded") == "true"
    options = page.get_by_role("option")
    assert options.all_inner_texts() == ["Kostendelersnorm", "Kostgangers en onderhuur"]
    assert_accessible(page)  # open listbox, active option
    page.keyboard.press("ArrowDown")
    assert combobox.get_attribute("aria-activedescendant") == options.nth(1).get_attribute("id")
    page.keyboard.press("Enter")
    assert page.is_checked("#onderwerp-kostgangers")
    assert combobox.get_attribute("aria-expanded") == "false"
    assert page.url.endswith("/vragen/stellen")  # Enter chose; it did not submit
    chip = page.get_by_role("button", name="Kostgangers en onderhuur × verwijderen")
    # Accents and case do not matter; one that matches nothing says so.
    combobox.fill("SCHÚLD")
    assert page.get_by_role("option").all_inner_texts() == ["Schuldhulpverlening"]
    combobox.fill("zzz")
    assert page.get_by_text("Geen onderwerp gevonden").is_visible()
    page.keyboard.press("Escape")
    assert combobox.get_attribute("aria-expanded") == "false"
    tab_to(page, ".chip-remove")
    page.keyboard.press("Enter")
    assert not page.is_checked("#onderwerp-kostgangers")
    assert chip.count() == 0
    # At most five: the sixth is refused with a message, not silently.
    for typed in ("kostendeler", "wmo", "schuld", "inburg", "jeugd"):
        combobox.fill(typed)
        page.keyboard.press("Enter")
    combobox.fill("wajong")
    page.keyboard.press("Enter")
    assert not page.is_checked("#onderwerp-wajong")
    assert "al 5 onderwerpen" in page.locator(".combobox [role=status]").inner_text()
    page.get_by_role("button", name="Alle onderwerpen als lijst tonen").click()
    assert page.is_visible("#onderwerp-wmo") and page.is_checked("#onderwerp-wmo")


def test_enter_in_the_title_does_not_submit(page, asker, live_app):
    log_in(page, asker)
    page.goto("/vragen/stellen")
    type_into(page, "#title", TITLE)
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    assert page.url.endswith("/vragen/stellen")
    assert page.locator(".error-summary").count() == 0
    assert posts(live_app) == 0


def test_draft_survives_a_reload_and_is_cleared_on_submit_and_on_logout(page, asker, live_app):
    log_in(page, asker)
    page.goto("/vragen/stellen")
    type_into(page, "#title", TITLE)
    type_into(page, "#body", "De zoon woont sinds kort weer thuis. Wat betekent dat?")
    type_into(page, "[role=combobox]", "kostendeler")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => Object.keys(sessionStorage).some(k => k.startsWith('kenme-concept:'))"
    )
    page.reload()
    assert page.input_value("#title") == TITLE
    assert "woont sinds kort" in page.input_value("#body")
    assert page.is_checked("#onderwerp-kostendelersnorm")
    assert "concept van dit apparaat teruggezet" in page.locator(".draft-note").inner_text()
    assert posts(live_app) == 0  # nothing went to the server
    assert_accessible(page)

    # Logging out ends the draft on this device.
    log_out(page)
    assert draft_keys(page) == []
    log_in(page, asker)
    page.goto("/vragen/stellen")
    assert page.input_value("#title") == ""

    # Submitting ends it too.
    type_into(page, "#title", TITLE)
    type_into(page, "#body", "De zoon woont sinds kort weer thuis. Wat betekent dat voor de norm?")
    type_into(page, "[role=combobox]", "kostendeler")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => Object.keys(sessionStorage).some(k => k.startsWith('kenme-concept:'))"
    )
    tab_to(page, "#submit")
    page.keyboard.press("Enter")
    page.get_by_text("Je vraag is geplaatst").wait_for()
    assert draft_keys(page) == []
    assert posts(live_app) == 1


def test_markdown_toolbar_wraps_the_selection_and_moves_with_arrow_keys(page, asker):
    log_in(page, asker)
    page.goto("/vragen/stellen")
    toolbar = page.get_by_role("toolbar", name="Opmaak (Markdown)")
    page.fill("#body", "Een belangrijk punt")
    page.evaluate("() => document.querySelector('#body').setSelectionRange(4, 14)")
    toolbar.get_by_role("button", name="Vet").click()
    assert page.input_value("#body") == "Een **belangrijk** punt"
    # One tab stop; the arrow keys move within the toolbar (ARIA toolbar pattern).
    toolbar.get_by_role("button", name="Vet").focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("() => document.activeElement.getAttribute('aria-label')") == "Kopje"
    page.keyboard.press("Enter")
    assert "## " in page.input_value("#body")
    assert_accessible(page)


def test_every_toolbar_button_shows_a_glyph_without_an_emoji_font(page, asker):
    """Each button draws text any font has, or an SVG: no emoji that needs an emoji font."""
    log_in(page, asker)
    page.goto("/vragen/stellen")
    toolbar = page.get_by_role("toolbar", name="Opmaak (Markdown)")
    faces = toolbar.locator("button").evaluate_all(
        """buttons => buttons.map(b => {
            const svg = b.querySelector('svg');
            const box = svg ? svg.getBoundingClientRect() : null;
            return [b.getAttribute('aria-label'), b.textContent, box ? box.width : 0];
        })"""
    )
    assert len(faces) == 7
    for label, text, icon_width in faces:
        # Below U+2600 (the symbol and emoji blocks): Latin, punctuation, bullets.
        assert all(ord(c) < 0x2600 for c in text), f"{label}: {text!r}"
        assert text.strip() or icon_width >= 10, f"{label} shows nothing"
    link = next(face for face in faces if face[0] == "Link")
    assert link[1] == "" and link[2] >= 10


def test_without_javascript_the_checkbox_list_is_the_form(browser, live_server, asker):
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto("/inloggen")
        page.fill("#email", asker)
        page.fill("#password", PASSWORD)
        page.click("main button[type=submit], main input[type=submit]")
        page.goto("/vragen/stellen")
        assert page.get_by_role("combobox").count() == 0
        assert page.is_visible("#onderwerp-wmo")
        page.fill("#title", TITLE)
        page.fill("#body", "De zoon woont sinds kort weer thuis. Wat betekent dat voor de norm?")
        page.check("#onderwerp-kostendelersnorm")
        page.click("#submit")
        page.get_by_text("Je vraag is geplaatst").wait_for()
    finally:
        context.close()
