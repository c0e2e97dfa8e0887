"""The retention queue in Chromium, on the demo data: axe clean at 390 and 1280 px, no
horizontal scrolling at 320 px, and a moderator keeps a thread's case text by keyboard alone."""

from __future__ import annotations

import shutil
from datetime import timedelta

import pytest
from sqlalchemy import select

from kenme import create_app
from kenme.extensions import db
from kenme.models import ModerationAction
from kenme.models.types import utcnow
from kenme.services import retention
from tests.browser.conftest import LiveServer
from tests.browser.pages import log_in
from tests.browser.test_pages import axe_violations, demo_template, overflow  # noqa: F401
from tests.conftest import base_config


@pytest.fixture
def proposed_server(demo_template, tmp_path):  # noqa: F811 (the fixture imported above)
    """The demo data with every closed thread proposed (as if a year had passed)."""
    path = tmp_path / "demo.sqlite3"
    shutil.copy(demo_template, path)
    app = create_app({**base_config(tmp_path, f"sqlite:///{path}"), "RETENTION_MONTHS": 6})
    with app.app_context():
        assert retention.propose(db.session, 6, utcnow() + timedelta(days=400)) > 0
        db.session.commit()
        first = retention.pending(db.session)[0].post_id
    with LiveServer(app) as server:
        yield app, server, first
    with app.app_context():
        db.engine.dispose()


def test_the_queue_and_a_review_are_accessible_and_keep_works_by_keyboard(browser, proposed_server):
    app, server, post_id = proposed_server
    context = browser.new_context(base_url=server.url, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(30_000)
    log_in(page, "moderator")
    problems: list[str] = []
    try:
        for path in ("/moderatie/bewaartermijn", f"/moderatie/bewaartermijn/{post_id}"):
            for width in (390, 1280):
                page.set_viewport_size({"width": width, "height": 844})
                page.goto(path)
                problems += [f"{path} {width}px: axe {v}" for v in axe_violations(page, "light")]
            page.set_viewport_size({"width": 320, "height": 640})
            if (extra := overflow(page)) > 0:
                problems.append(f"{path}: {extra}px horizontal scrolling at 320px")
        assert not problems, "\n".join(problems)

        page.set_viewport_size({"width": 1280, "height": 844})
        page.goto(f"/moderatie/bewaartermijn/{post_id}")
        page.focus("#bewaren-reason")
        page.keyboard.type("Lopende bezwaarzaak")
        page.keyboard.press("Tab")  # to "Casus bewaren"
        assert page.evaluate("document.activeElement.textContent").strip() == "Casus bewaren"
        page.keyboard.press("Enter")
        page.wait_for_url(lambda url: url.endswith("/moderatie/bewaartermijn"))
        assert "De casus blijft bewaard" in page.content()
        assert axe_violations(page, "light") == []
    finally:
        context.close()
    with app.app_context():
        row = db.session.scalar(
            select(ModerationAction).where(ModerationAction.action == "retention_keep")
        )
        assert (row.post_id, row.reason) == (post_id, "Lopende bezwaarzaak")
