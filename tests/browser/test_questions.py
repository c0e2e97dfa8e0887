"""Ask, answer, vote and accept in real Chromium with the keyboard only; axe on every page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from kenme.extensions import db
from tests.browser.conftest import assert_accessible, tab_to
from tests.factories import PASSWORD, make_answer, make_question, make_topic, make_user

TITLE = "Telt een inwonende zoon van dertig mee voor de kostendelersnorm?"
ANSWER = "Ja: sinds 2023 tellen alleen huisgenoten van 27 jaar en ouder mee (art. 22a Pw)."


@pytest.fixture
def people(live_app):
    with live_app.app_context():
        make_topic(
            "kostendelersnorm",
            name="Kostendelersnorm",
            description="Lagere norm bij het delen van een woning.",
        )
        make_topic("wmo", name="Wmo", legal_basis="Wmo 2015")
        asker = make_user(display_name="Asker Anna", email="anna@gemeente.nl")
        helper = make_user(display_name="Helper Hans", email="hans@gemeente.nl")
        return {"asker": (asker.id, asker.email), "helper": (helper.id, helper.email)}


def type_into(page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


def choose_topic(page, typed: str) -> None:
    """Pick the first topic that matches in the topic combobox (compose.js), by keyboard."""
    type_into(page, "[role=combobox]", typed)
    page.keyboard.press("Enter")
    page.locator(".chosen-topics li").first.wait_for()


def log_in(page, email: str) -> None:
    page.goto("/inloggen")
    type_into(page, "#email", email)
    type_into(page, "#password", PASSWORD)
    page.keyboard.press("Enter")
    page.get_by_text("Welkom terug").wait_for()


def log_out(page) -> None:
    tab_to(page, 'header form[action="/uitloggen"] button')
    page.keyboard.press("Enter")
    page.get_by_text("Je bent uitgelogd.").wait_for()


def test_ask_answer_vote_accept_with_keyboard_only(page, people):
    asker_id, asker_email = people["asker"]
    _, helper_email = people["helper"]

    # A asks, starting from the main menu.
    log_in(page, asker_email)
    assert_accessible(page)  # the question list (home)
    tab_to(page, 'nav[aria-label="Hoofdmenu"] a[href="/vragen/stellen"]')
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Stel een casusvraag").wait_for()
    assert_accessible(page)
    type_into(page, "#title", TITLE)
    tab_to(page, "#body")
    page.keyboard.press("Control+End")
    page.keyboard.type("\nDe klant woont met haar zoon in een huurwoning; hij werkt fulltime.")
    choose_topic(page, "kostendeler")
    tab_to(page, "#submit")
    page.keyboard.press("Enter")
    page.get_by_text("Je vraag is geplaatst").wait_for()
    question_url = page.url
    assert re.search(r"/vragen/\d+$", question_url)
    assert page.locator("h1").inner_text() == TITLE
    assert_accessible(page)
    log_out(page)

    # B answers.
    log_in(page, helper_email)
    page.goto(question_url)
    type_into(page, "#body", ANSWER)
    tab_to(page, "#submit")
    page.keyboard.press("Enter")
    page.get_by_text("Je antwoord is geplaatst.").wait_for()
    log_out(page)

    # A votes B's answer up (updated in place by the script) and accepts it.
    log_in(page, asker_email)
    page.goto(question_url)
    up = page.locator(".answer .vote-up").first
    tab_to(page, ".answer .vote-up")
    page.keyboard.press("Enter")
    # Playwright's locator assertions poll without eval, which our CSP forbids.
    expect(up).to_have_attribute("aria-pressed", "true")
    assert page.locator(".answer [data-score]").first.inner_text() == "1"
    assert page.url == question_url  # no reload: updated in place
    tab_to(page, ".answer .accept-form button")
    page.keyboard.press("Enter")
    page.get_by_text("Je hebt dit antwoord geaccepteerd.").wait_for()
    assert page.locator(".answer-accepted .badge-accepted").count() == 1
    assert page.locator(".answer [data-score]").first.inner_text() == "1"
    assert_accessible(page)

    # The profile and the topic page.
    page.goto(f"/leden/{asker_id}")
    page.get_by_role("heading", name="Asker Anna").wait_for()
    assert TITLE in page.content()
    assert_accessible(page)
    page.goto("/onderwerpen/kostendelersnorm")
    assert TITLE in page.content()
    assert_accessible(page)


def test_live_checks_while_asking_and_the_blocked_form_are_accessible(page, live_app, people):
    with live_app.app_context():
        existing = make_question(title="Klant deelt zijn rekening met een huisgenoot: wat nu?")
        existing_title = existing.title
    _, asker_email = people["asker"]
    log_in(page, asker_email)
    page.goto("/vragen/stellen")
    type_into(page, "#title", "Hoe ga ik om met een klant die zijn rekening deelt?")
    page.locator("[data-similar-results]").get_by_text(existing_title).wait_for()
    tab_to(page, "#body")
    page.keyboard.press("Control+End")
    page.keyboard.type("\nZijn BSN is 111222333, dat staat in het dossier.")
    live = page.locator("[data-privacy-live]")
    live.get_by_text("BSN: “111222333”").wait_for()
    choose_topic(page, "wmo")
    tab_to(page, "#submit")
    page.keyboard.press("Enter")
    summary = page.locator("#privacy-review")
    summary.wait_for()
    assert "Haal de persoonsgegevens van de klant weg" in summary.inner_text()
    assert "111222333" in page.input_value("#body")
    expect(summary).to_be_focused()
    assert_accessible(page)
    with live_app.app_context():
        from kenme.models import Post

        assert db.session.query(Post).count() == 1  # only the existing question


def test_lists_topics_and_history_pages_are_accessible(page, live_app, people):
    with live_app.app_context():
        question = make_question(title="Bijzondere bijstand voor een wasmachine na een verhuizing")
        make_answer(question)
        question_id = question.id
    _, email = people["helper"]
    log_in(page, email)
    for path in ["/?sort=unanswered", "/onderwerpen", f"/berichten/{question_id}/geschiedenis"]:
        page.goto(path)
        assert_accessible(page)
