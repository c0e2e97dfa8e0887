"""The unread count, the inbox and the mail preferences in Chromium, keyboard only; axe clean."""

from __future__ import annotations

from kenme.extensions import db
from kenme.services import mail_preferences, posting
from tests.browser.conftest import assert_accessible, log_in_with_keyboard, tab_to
from tests.factories import ANSWER_BODY, make_question, make_user


def _seed(app) -> tuple[str, int, str]:
    with app.app_context():
        asker = make_user(display_name="Vera Vrager", email="vera@gemeente-testdam.nl")
        question = make_question(asker)
        for name in ("Anton Antwoord", "Bert Bijstand"):
            posting.post_answer(
                db.session, make_user(display_name=name), question, body=ANSWER_BODY
            )
        db.session.commit()
        return asker.email, question.id, question.title


def _text(page, selector: str) -> str:
    return " ".join(page.locator(selector).text_content().split())


def test_unread_count_inbox_and_preferences_with_keyboard_only(page, live_app):
    email, question_id, title = _seed(live_app)
    log_in_with_keyboard(page, email)
    header_link = "header a[href='/meldingen']"
    assert "(2 ongelezen meldingen)" in _text(page, header_link)
    assert_accessible(page)

    tab_to(page, header_link)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Meldingen", exact=True).wait_for()
    group = page.get_by_role("link", name=f"2 nieuwe antwoorden op je vraag “{title}”")
    group.wait_for()
    assert_accessible(page)

    tab_to(page, "ul.inbox a")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/vragen/{question_id}#bericht-*")
    assert "ongelezen" not in _text(page, header_link)

    page.goto("/meldingen")
    tab_to(page, "main a[href='/meldingen/instellingen']")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="E-mail over meldingen").wait_for()
    assert_accessible(page)
    tab_to(page, "#voorkeur-onderwerpen")
    page.keyboard.type("Geen")  # choose "Geen e-mail" in the focused list
    tab_to(page, "main form button[type='submit']")
    page.keyboard.press("Enter")
    page.get_by_text("Je instellingen voor e-mail zijn opgeslagen.").wait_for()
    assert_accessible(page)
    with live_app.app_context():
        from kenme.models import User

        member = db.session.query(User).filter_by(email=email).one()
        chosen = mail_preferences.preferences(db.session, member)
    assert chosen["onderwerpen"] == "uit" and chosen["mijn_berichten"] == "direct"

    for path in ("/meldingen/volgen", "/meldingen/feeds", f"/vragen/{question_id}/volgen"):
        page.goto(path)
        assert_accessible(page)


def test_closed_phone_menu_shows_the_unread_count_also_on_a_kept_question_page(page, live_app):
    """At 390 px the navigation is folded into "Menu": the count must show on that button."""
    email, question_id, _ = _seed(live_app)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in_with_keyboard(page, email)
    summary = page.locator("header details.menu > summary")
    for path in ("/", f"/vragen/{question_id}", f"/vragen/{question_id}"):  # twice: kept page
        page.goto(path)
        assert page.locator("header details.menu").get_attribute("open") is None
        assert summary.is_visible()
        assert _text(page, "header details.menu > summary") == "Menu (2 ongelezen meldingen)"
        assert summary.locator(".nav-count").is_visible()
    assert_accessible(page)
    summary.click()  # open: the count moves to "Meldingen" in the panel
    assert not summary.locator(".nav-count").is_visible()
    assert page.locator("header a[href='/meldingen'] .nav-count").is_visible()
