"""Flag → queue → hide → restore in real Chromium, and axe on the moderation and Kennisbank
pages."""

from __future__ import annotations

from datetime import date

import pytest

from kenme.extensions import db
from kenme.models import Post, Role
from kenme.services import kennisbank
from tests.browser.conftest import assert_accessible, tab_to
from tests.factories import (
    FLAGGER_REPUTATION,
    PASSWORD,
    make_answer_row,
    make_flag,
    make_question_row,
    make_topic_row,
    make_user,
)


@pytest.fixture
def community(live_app):
    """A topic with a question, an answer and a curated page; a member and a moderator."""
    with live_app.app_context():
        topic = make_topic_row("kostendelersnorm", "Kostendelersnorm")
        question = make_question_row(topics=[topic])
        make_answer_row(question, body="Nee, sinds 2023 telt een huisgenoot onder 27 niet mee.")
        member = make_user(display_name="Petra Lid", reputation=FLAGGER_REPUTATION)
        moderator = make_user(role=Role.MODERATOR, display_name="Mo Moderator")
        kennisbank.save_intro(db.session, moderator, topic, "## Basis\nLees dit eerst.")
        kennisbank.add_item(db.session, moderator, topic, question.id, "Het standaardgeval")
        kennisbank.add_law_change(
            db.session, moderator, topic, date(2023, 1, 1), "Onder 27 telt niet"
        )
        db.session.commit()
        return {
            "question_id": question.id,
            "title": question.title,
            "member": member.email,
            "moderator": moderator.email,
        }


def log_in(page, email: str) -> None:
    page.goto("/inloggen")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.press("#password", "Enter")
    page.get_by_text("Welkom terug").wait_for()


def log_out(page) -> None:
    page.get_by_role("button", name="Uitloggen").click()
    page.get_by_text("Je bent uitgelogd.").wait_for()


def test_flag_queue_hide_restore_journey(page, community):
    question_url = f"/vragen/{community['question_id']}"
    log_in(page, community["member"])
    page.goto(question_url)
    tab_to(page, f"a[href='/berichten/{community['question_id']}/melden']")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Vraag melden bij de moderatie").wait_for()
    assert_accessible(page)
    tab_to(page, "#reason-0")
    page.keyboard.press("ArrowDown")
    assert page.is_checked("#reason-1")
    tab_to(page, "#note")
    page.keyboard.type("De toon is kwetsend.")
    tab_to(page, "#submit")
    page.keyboard.press("Enter")
    page.get_by_text("Bedankt voor je melding.").wait_for()
    log_out(page)

    log_in(page, community["moderator"])
    page.get_by_role("link", name="Moderatie").first.click()
    page.get_by_role("heading", name="Moderatie", exact=True).wait_for()
    item = page.locator("article.queue-item")
    assert community["title"] in item.inner_text()
    assert "Ongepast of beledigend: 1×" in item.inner_text()
    assert "De toon is kwetsend." in item.inner_text()
    assert_accessible(page)
    item.get_by_label("Reden").first.fill("Kwetsend voor de klant")
    item.get_by_role("button", name="Verbergen").click()
    page.get_by_text("Het bericht is verborgen voor leden.").wait_for()
    page.get_by_text("Er zijn geen open meldingen.").wait_for()

    page.goto(question_url)
    page.get_by_text("Verborgen voor leden door een moderator").first.wait_for()
    panel = page.locator("details.mod-panel").first
    panel.locator("summary").click()
    panel.get_by_role("button", name="Terugzetten").click()
    page.get_by_text("Het bericht is weer zichtbaar.").wait_for()
    assert page.get_by_text("Verborgen voor leden").count() == 0

    page.goto("/moderatie/logboek")
    log = page.locator("table").inner_text()
    assert "Verborgen" in log and "Teruggezet" in log and "Kwetsend voor de klant" in log
    assert_accessible(page)


def test_moderation_and_kennisbank_pages_have_no_axe_violations(page, live_app, community):
    with live_app.app_context():
        make_flag(db.session.get(Post, community["question_id"]), None, "persoonsgegevens")
        waiting = make_user(approved=False).id
    log_in(page, community["moderator"])
    for path in [
        "/moderatie",
        "/moderatie/logboek",
        "/moderatie/leden",
        f"/moderatie/leden/{waiting}",
        "/kennisbank",
        "/kennisbank/kostendelersnorm",
        "/kennisbank/kostendelersnorm/bewerken",
        "/onderwerpen/kostendelersnorm",
        f"/vragen/{community['question_id']}",
    ]:
        page.goto(path)
        assert page.title().endswith("· KenMe"), path
        page.locator("details").evaluate_all("els => els.forEach(e => e.open = true)")
        assert_accessible(page)
