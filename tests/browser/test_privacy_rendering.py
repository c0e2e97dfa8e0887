"""In real Chromium: an identifier written as HTML entities is never rendered as the number.

The guard decodes entities before it scans, so such text is refused; the pages that show what
the author typed (the blocked form, the findings, the preview, the search page) show it as
typed, never decoded into the identifier.
"""

from __future__ import annotations

import pytest

from kenme.extensions import db
from tests.browser.conftest import tab_to
from tests.browser.test_questions import type_into
from tests.factories import PASSWORD, make_question, make_topic, make_user

BSN = "111222333"
ENTITY_BSN = "".join(f"&#{ord(c)};" for c in BSN)
HEX_IBAN = "".join(f"&#x{ord(c):x};" for c in "NL91ABNA0417164300")
ENTITY_MAIL = "klant&#64;voorbeeld&#46;nl"
DECODED = (BSN, "NL91ABNA0417164300", "klant@voorbeeld.nl")


@pytest.fixture
def member_email(live_app):
    with live_app.app_context():
        make_topic("kostendelersnorm", name="Kostendelersnorm")
        make_question(title="Telt een inwonende zoon mee voor de kostendelersnorm?")
        return make_user(display_name="Asker Anna", email="anna@gemeente.nl").email


def log_in(page, email: str) -> None:
    page.goto("/inloggen")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.keyboard.press("Enter")
    page.get_by_text("Welkom terug").wait_for()


def assert_never_rendered(page) -> None:
    shown = page.inner_text("body")
    for value in DECODED:
        assert value not in shown, f"{value} rendered on {page.url}"


def test_entity_encoded_identifiers_are_refused_and_never_rendered(page, live_app, member_email):
    log_in(page, member_email)
    body = (
        f"## Situatie\nKlant met BSN {ENTITY_BSN}, rekening {HEX_IBAN} en mail {ENTITY_MAIL}."
        "\n\n## Vraag\nMag ik dit zo opschrijven?"
    )
    page.goto("/vragen/stellen")
    page.fill("#title", "Hoe schrijf ik een casus zonder persoonsgegevens?")
    page.fill("#body", body)
    # The topic combobox (compose.js) stands in front of the checkbox list.
    type_into(page, "[role=combobox]", "kostendelers")
    page.keyboard.press("Enter")
    assert page.is_checked("#onderwerp-kostendelersnorm")
    tab_to(page, "#submit")
    page.keyboard.press("Enter")
    page.locator("#privacy-review").wait_for()
    assert page.input_value("#body") == body  # the author's text kept exactly as typed
    assert_never_rendered(page)

    with live_app.app_context():
        from kenme.models import Post

        question_id = db.session.query(Post.id).scalar()
    page.goto(f"/vragen/{question_id}")
    page.fill("#body", f"Probeer het eens met {ENTITY_BSN} in de preview.")
    page.get_by_role("button", name="Voorbeeld").click()
    page.wait_for_load_state()
    assert_never_rendered(page)

    page.goto("/zoeken?q=" + ENTITY_BSN.replace("&", "%26").replace("#", "%23"))
    assert "We hebben niet gezocht" in page.inner_text("body")
    assert_never_rendered(page)
    with live_app.app_context():
        from kenme.models import Post

        assert db.session.query(Post).count() == 1
