"""The @mention type-ahead in real Chromium (static/js/mentions.js), keyboard only, axe clean;
and the same answer form without JavaScript, where a mention is typed as plain text."""

from __future__ import annotations

import pytest

from kenme.extensions import db
from kenme.models import Post, PostType
from tests.browser.conftest import assert_accessible, tab_to
from tests.browser.test_questions import log_in
from tests.factories import make_question, make_user

TEXT = "Sinds 2023 telt een inwonende dochter onder de 27 niet mee; vraag het "


@pytest.fixture
def thread(live_app):
    with live_app.app_context():
        question = make_question(make_user(display_name="Vera Vrager"))
        for name in ("Ilse de Vries", "Ilse Jansen", "Iris Bakker"):
            make_user(display_name=name)
        return make_user(display_name="Anton Antwoord", email="anton@gemeente.nl").email, (
            question.id
        )


def answer_text(live_app) -> str:
    with live_app.app_context():
        answer = db.session.query(Post).filter_by(type=PostType.ANSWER).one()
        return answer.body_markdown, answer.body_html


def test_type_ahead_picks_a_colleague_with_the_keyboard(page, thread, live_app):
    email, question_id = thread
    log_in(page, email)
    page.goto(f"/vragen/{question_id}")
    textarea = page.locator("textarea#body")
    assert textarea.get_attribute("aria-autocomplete") == "list"
    tab_to(page, "textarea#body")
    page.keyboard.type(TEXT + "@il")
    listbox = page.get_by_role("listbox", name="Collega's om te noemen")
    listbox.wait_for()
    options = listbox.get_by_role("option")
    assert options.all_text_contents() == ["Ilse de Vries", "Ilse Jansen"]
    status = page.locator("#body + .mention-typeahead [role=status]")
    assert "2 collega's gevonden" in status.inner_text()
    first = options.nth(0).get_attribute("id")
    assert textarea.get_attribute("aria-activedescendant") == first
    assert_accessible(page)
    page.keyboard.press("ArrowDown")
    assert textarea.get_attribute("aria-activedescendant") == options.nth(1).get_attribute("id")
    assert options.nth(1).get_attribute("aria-selected") == "true"
    page.keyboard.press("Enter")  # chooses; does not add a line break nor submit
    assert listbox.is_hidden()
    assert textarea.input_value() == TEXT + "@Ilse Jansen "
    # Escape closes the list and leaves the text as typed.
    page.keyboard.type("of @ir")
    listbox.wait_for()
    page.keyboard.press("Escape")
    assert listbox.is_hidden()
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")
    page.keyboard.type("hierover.")
    tab_to(page, "#antwoord-formulier .form-actions [type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/vragen/{question_id}#bericht-*")
    markdown, html = answer_text(live_app)
    assert markdown == TEXT + "@Ilse Jansen of hierover."
    assert "/leden/" in html and "Ilse Jansen</a>" in html


def test_without_javascript_a_mention_is_typed_as_plain_text(browser, live_server, thread):
    email, question_id = thread
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        log_in(page, email)
        page.goto(f"/vragen/{question_id}")
        assert page.locator("[role=listbox]").count() == 0
        tab_to(page, "textarea#body")
        page.keyboard.type(TEXT + "@Ilse de Vries.")
        tab_to(page, "#antwoord-formulier .form-actions [type=submit]")
        page.keyboard.press("Enter")
        page.wait_for_url(f"**/vragen/{question_id}#bericht-*")  # (axe needs JavaScript)
    finally:
        context.close()
    markdown, html = answer_text(live_server.app)
    assert markdown == TEXT + "@Ilse de Vries."
    assert "Ilse de Vries</a>" in html
