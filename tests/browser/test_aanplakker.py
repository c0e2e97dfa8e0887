"""De Aanplakker in real Chromium, keyboard only: start, clarify, think along, oogst; axe clean."""

from __future__ import annotations

import re

from kenme.extensions import db
from kenme.models import Post, PostType
from tests.browser.conftest import assert_accessible, tab_to
from tests.factories import PASSWORD, make_topic_row, make_user


def type_into(page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


def press(page, selector: str, key: str = "Enter") -> None:
    tab_to(page, selector)
    page.keyboard.press(key)


def log_in(page, email: str) -> None:
    page.goto("/inloggen")
    type_into(page, "#email", email)
    type_into(page, "#password", PASSWORD)
    page.keyboard.press("Enter")
    page.get_by_text("Welkom terug").wait_for()


def log_out(page) -> None:
    press(page, "header form[action='/uitloggen'] button")
    page.get_by_text("Je bent uitgelogd.").wait_for()


def contribution_ids(app) -> list[int]:
    with app.app_context():
        return list(
            db.session.scalars(
                db.select(Post.id).where(Post.type == PostType.CONTRIBUTION).order_by(Post.id)
            )
        )


def test_start_clarify_think_along_and_harvest_with_the_keyboard(page, live_app):
    with live_app.app_context():
        make_topic_row("vakmanschap-intervisie", "Vakmanschap en intervisie")
        author = make_user(email="auteur@gemeente.nl", display_name="Auteur")
        colleague = make_user(email="collega@gemeente.nl", display_name="Collega")
        author_email, colleague_email = author.email, colleague.email

    # The author starts an Aanplakker from the board.
    log_in(page, author_email)
    page.goto("/aanplakker")
    page.get_by_role("heading", name="Aanplakker", exact=True).wait_for()
    assert_accessible(page)
    press(page, "main a[href='/aanplakker/nieuw']")
    page.get_by_role("heading", name="Aanplakker starten").wait_for()
    assert_accessible(page)
    type_into(page, "#title", "Huisbezoek of vertrouwen van de klant bewaren?")
    type_into(page, "#situatie", "Handhaving vraagt mij informatie uit mijn coachgesprekken.")
    type_into(page, "#dilemma", "Meewerken of mijn begeleiding beschermen?")
    type_into(page, "#geprobeerd", "Besproken met mijn teamleider.")
    type_into(page, "#meedenkvraag", "Ik wil meedenken over mijn rol als coach.")
    type_into(page, "[role=combobox]", "intervisie")
    page.keyboard.press("Enter")
    press(page, "main form input[type=submit]")
    page.get_by_text("Je Aanplakker hangt op het bord").wait_for()
    thread_url = page.url
    assert re.search(r"/aanplakker/\d+$", thread_url)
    assert_accessible(page)
    log_out(page)

    # A colleague asks a clarifying question.
    log_in(page, colleague_email)
    page.goto(thread_url)
    page.get_by_role("heading", name="Stel een verhelderende vraag").wait_for()
    type_into(page, "#body", "Weet de klant al van het onderzoek?")
    press(page, "#meedenken input[type=submit]")
    page.get_by_text("Je bijdrage is geplaatst").wait_for()
    log_out(page)

    # The author answers inline and moves the Aanplakker to meedenken.
    (question_id,) = contribution_ids(live_app)
    log_in(page, author_email)
    page.goto(thread_url)
    type_into(page, f"#antwoord-{question_id}-reply", "Nee, dat weet ze nog niet.")
    press(page, f"#bijdrage-{question_id} input[type=submit]")
    page.get_by_text("Je antwoord staat bij de vraag.").wait_for()
    press(page, ".ap-phase-form button")
    page.get_by_text("De Aanplakker is nu in de fase Meedenken").wait_for()
    assert_accessible(page)
    log_out(page)

    # The colleague thinks along: a perspective through the ethical lens.
    log_in(page, colleague_email)
    page.goto(thread_url)
    page.get_by_role("heading", name="Denk mee").wait_for()
    press(page, "#soort-perspectief", " ")
    tab_to(page, "#lens")
    for _ in range(4):  # Geen bril → juridisch → methodisch → klantperspectief → ethisch
        page.keyboard.press("ArrowDown")
    assert page.input_value("#lens") == "ethisch"
    type_into(page, "#body", "Vanuit je rol als coach is vertrouwen je belangrijkste werkmiddel.")
    press(page, "#meedenken input[type=submit]")
    page.get_by_text("Je bijdrage is geplaatst").wait_for()
    assert_accessible(page)
    log_out(page)

    # The author moves to oogst, marks what helped and writes the oogst.
    perspective_id = contribution_ids(live_app)[-1]
    log_in(page, author_email)
    page.goto(thread_url)
    press(page, ".ap-phase-form button")
    page.get_by_text("De Aanplakker is nu in de fase Oogst").wait_for()
    press(page, f"#nuttig-{perspective_id}", " ")
    assert page.is_checked(f"#nuttig-{perspective_id}")
    type_into(page, "#oogst", "Ik leg mijn rol vooraf uit aan de klant en aan handhaving.")
    press(page, "form[action$='/oogst'] input[type=submit]")
    page.get_by_text("Je oogst is geplaatst").wait_for()

    current = page.locator(".ap-phases [aria-current=step]").inner_text()
    assert current.startswith("Gesloten")
    html = page.content()
    assert html.index("Ik leg mijn rol vooraf uit") < html.index("De casus")
    assert page.locator(f"#bijdrage-{perspective_id} .ap-badge-helpful").is_visible()
    assert_accessible(page)

    page.goto("/aanplakker")
    page.get_by_role("heading", name="Gesloten, met oogst").wait_for()
    assert "Ik leg mijn rol vooraf uit" in page.content()
    assert_accessible(page)


def test_thread_as_moderator_privacy_review_and_notifications_are_axe_clean(page, live_app):
    from kenme.models import ContributionKind, Phase, Role
    from kenme.services import aanplakker, follows
    from tests.factories import make_aanplakker, make_contribution

    with live_app.app_context():
        topic = make_topic_row("vakmanschap-intervisie", "Vakmanschap en intervisie")
        moderator = make_user(role=Role.MODERATOR, email="moderator@gemeente.nl")
        follows.follow_topic(db.session, moderator, topic)
        db.session.commit()
        post = make_aanplakker(phase=Phase.VERHELDEREN)
        question = make_contribution(post)
        aanplakker.reply_to_question(db.session, post.author, question, "Nee, nog niet.")
        aanplakker.advance_phase(db.session, post.author, post, Phase.MEEDENKEN)
        db.session.commit()
        advice = make_contribution(post, kind=ContributionKind.ADVIES, lens="juridisch")
        aanplakker.mark_herkenbaar(db.session, moderator, advice)
        db.session.commit()
        thread_url, email = f"/aanplakker/{post.id}", moderator.email

    log_in(page, email)
    page.goto(thread_url)
    page.get_by_role("heading", name="Denk mee").wait_for()
    assert page.locator("button[aria-pressed=true]").count() == 1
    assert_accessible(page)

    press(page, ".ap-moderation summary")
    assert page.locator(".ap-moderation #note").is_visible()
    assert_accessible(page)

    page.goto("/aanplakker/nieuw")
    type_into(page, "#title", "Een dilemma met een nummer dat er niet in hoort")
    type_into(page, "#situatie", "De klant noemde haar BSN 111222333 aan de telefoon.")
    type_into(page, "#dilemma", "Wat doe ik met gegevens die ik niet nodig heb?")
    type_into(page, "#geprobeerd", "Nog niets geprobeerd.")
    type_into(page, "#meedenkvraag", "Ik wil meedenken over zorgvuldig omgaan met gegevens.")
    type_into(page, "[role=combobox]", "intervisie")
    page.keyboard.press("Enter")
    press(page, "main form input[type=submit]")
    page.locator(".privacy-review").wait_for()
    assert page.input_value("#dilemma") == "Wat doe ik met gegevens die ik niet nodig heb?"
    assert_accessible(page)

    page.goto("/meldingen")
    page.get_by_text("Nieuwe Aanplakker in Vakmanschap en intervisie").first.wait_for()
    assert_accessible(page)
