"""The question lists' pager in real Chromium: axe-clean and usable with the keyboard, also
when the list was counted only a few pages ahead (no last page, "Pagina 1 van 4 of meer")."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kenme import pagination
from kenme.models.types import utcnow
from tests.browser.conftest import assert_accessible, tab_to
from tests.browser.test_questions import log_in
from tests.factories import make_question_row, make_topic, make_user


@pytest.fixture
def eight_questions(live_app, monkeypatch):
    """Two questions a page (the server runs in this process), eight questions: four pages."""
    monkeypatch.setattr(pagination, "DEFAULT_PER_PAGE", 2)
    with live_app.app_context():
        topic = make_topic("bijstand", name="Bijstand")
        start = utcnow() - timedelta(hours=1)
        for n in range(8):
            make_question_row(
                title=f"Vraag {n} over de bijstand voor een inwonende zoon",
                topics=[topic],
                created_at=start + timedelta(minutes=n),
            )
        return make_user(email="lezer@gemeente.nl").email


def test_pager_is_accessible_and_works_with_the_keyboard(page, eight_questions):
    log_in(page, eight_questions)
    page.goto("/")
    pager = page.get_by_role("navigation", name="Paginering")
    assert "Pagina 1 van 4 of meer" in pager.inner_text()
    assert_accessible(page)
    tab_to(page, 'nav.pager a[rel="next"]')
    page.keyboard.press("Enter")
    page.wait_for_url("**/?page=2")
    assert page.locator('nav.pager a[aria-current="page"]').inner_text().endswith("2")
    page.goto("/?page=4")
    assert "Pagina 4 van 4 (8 in totaal)" in pager.inner_text()
    assert_accessible(page)
    page.goto("/onderwerpen/bijstand")
    assert_accessible(page)
