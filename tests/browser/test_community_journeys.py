"""Suggested edit and merge, each as one keyboard-only journey in real Chromium, axe clean on
every page on the way (issue 21, decision 0022)."""

from __future__ import annotations

import pytest

from kenme.extensions import db
from kenme.models import Role
from kenme.services import moderation
from tests.browser.conftest import assert_accessible, log_in_with_keyboard, tab_to
from tests.factories import (
    make_answer,
    make_question,
    make_topic,
    make_user,
)

ANSWER = "Ja, sinds 1 januari 2023 tellen huisgenoten onder de 27 niet mee (art. 22a Pw)."
ADDED = " Zie ook de uitspraak van de CRvB uit 2023."
MOVED = "Kijk bij een inwonende zoon ook naar de kostendelersnorm van artikel 22a Pw."


def log_out(page) -> None:
    tab_to(page, "button:has-text('Uitloggen')", limit=120)
    page.keyboard.press("Enter")
    page.get_by_text("Je bent uitgelogd.").wait_for()


@pytest.fixture
def thread(live_app):
    with live_app.app_context():
        topic = make_topic("kostendelersnorm", name="Kostendelersnorm")
        question = make_question(make_user(display_name="Vrager Vera"), topics=[topic])
        author = make_user(display_name="Antwoorder Anton")
        answer = make_answer(question, author, body=ANSWER)
        newcomer = make_user(display_name="Nieuwe Nina", reputation=1)
        return {
            "question_id": question.id,
            "answer_id": answer.id,
            "author": author.email,
            "newcomer": newcomer.email,
        }


def test_suggest_an_edit_and_the_author_approves_it(page, thread):
    log_in_with_keyboard(page, thread["newcomer"])
    page.goto(f"/vragen/{thread['question_id']}")
    tab_to(page, f"a[href='/berichten/{thread['answer_id']}/bewerken']", limit=120)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Bewerking voorstellen").wait_for()
    assert_accessible(page)
    tab_to(page, "#body")
    page.keyboard.press("Control+End")
    page.keyboard.type(ADDED)
    tab_to(page, "#summary")
    page.keyboard.type("Bron toegevoegd")
    tab_to(page, "#submit")
    page.keyboard.press("Enter")
    page.get_by_text("Je voorstel is ingediend.").wait_for()
    page.get_by_text("Wacht op beoordeling").wait_for()
    assert_accessible(page)
    log_out(page)

    log_in_with_keyboard(page, thread["author"])
    page.goto("/bewerkingen")
    page.get_by_text("1 voorstel wacht").wait_for()
    assert_accessible(page)
    tab_to(page, "ul.suggestion-list a", limit=120)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Voorgestelde bewerking").wait_for()
    assert "CRvB" in page.locator("table.diff").inner_text()
    assert_accessible(page)
    tab_to(page, "button:has-text('Goedkeuren'), input[value='Goedkeuren']", limit=120)
    page.keyboard.press("Enter")
    page.get_by_text("Het voorstel is goedgekeurd").wait_for()
    assert ADDED.strip() in page.locator(f"#bericht-{thread['answer_id']}").inner_text()
    page.goto(f"/berichten/{thread['answer_id']}/geschiedenis")
    page.get_by_text("voorgesteld door Nieuwe Nina, goedgekeurd door Antwoorder Anton").wait_for()
    assert_accessible(page)


@pytest.fixture
def duplicate_pair(live_app):
    with live_app.app_context():
        topic = make_topic("kostendelersnorm", name="Kostendelersnorm")
        original = make_question(topics=[topic], title="Telt een inwonende zoon mee voor de norm?")
        make_answer(original, body=ANSWER)
        duplicate = make_question(topics=[topic], title="Zoon woont thuis: telt hij mee?")
        moved = make_answer(duplicate, body=MOVED)
        moderator = make_user(role=Role.MODERATOR, display_name="Mo Moderator")
        moderation.close(db.session, moderator, duplicate, "dubbel", duplicate_of_id=original.id)
        db.session.commit()
        return {
            "original_id": original.id,
            "duplicate_id": duplicate.id,
            "moved_id": moved.id,
            "moderator": moderator.email,
        }


def test_a_moderator_merges_a_duplicate_into_its_original(page, duplicate_pair):
    log_in_with_keyboard(page, duplicate_pair["moderator"])
    page.goto(f"/vragen/{duplicate_pair['duplicate_id']}")
    page.get_by_text("Gesloten: Dubbele vraag.").wait_for()
    tab_to(page, "details.mod-panel > summary", limit=150)
    page.keyboard.press("Enter")
    assert_accessible(page)
    tab_to(page, "form.mod-merge button[type=submit]", limit=150)
    page.keyboard.press("Enter")
    page.get_by_text("De antwoorden staan nu bij de oorspronkelijke vraag.").wait_for()
    assert page.url.endswith(f"/vragen/{duplicate_pair['original_id']}")
    assert MOVED in page.locator(f"#bericht-{duplicate_pair['moved_id']}").inner_text()
    page.get_by_role("heading", name="2 antwoorden").wait_for()
    assert_accessible(page)
    page.goto("/moderatie/logboek")
    assert "Antwoorden samengevoegd" in page.locator("table").inner_text()
    assert_accessible(page)
