"""The retention queue page (/moderatie/bewaartermijn): moderators only, plain forms with CSRF,
and an archived case gone from the question page, also from the kept page (decision 0029)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from kenme.extensions import db
from kenme.models import ModerationAction, Phase, RetentionReview, RetentionStatus, Role
from kenme.services import retention
from kenme.web.questions.page_cache import EXTENSION
from tests.factories import ESTABLISHED, make_aanplakker, make_user
from tests.test_retention import BODY, DUE, WORD, closed_question
from tests.web.test_kept_threads import html_of, second_client

pytestmark = pytest.mark.app_config(RETENTION_MONTHS=6)


@pytest.fixture
def moderator(app):
    return make_user(role=Role.MODERATOR, display_name="Moderator Mo")


@pytest.fixture
def proposed(moderator):
    question = closed_question(moderator)
    retention.propose(db.session, 6, DUE)
    db.session.commit()
    return question


def test_members_get_403_on_every_retention_page(client, auth, proposed):
    auth.login_as(make_user(reputation=ESTABLISHED))
    base = "/moderatie/bewaartermijn"
    assert client.get(base).status_code == 403
    assert client.get(f"{base}/{proposed.id}").status_code == 403
    token = client.csrf_token()
    for action, data in (
        ("archiveren", {"archiveren-confirm": "y"}),
        ("bewaren", {"bewaren-reason": "Wil ik houden"}),
    ):
        response = client.post(f"{base}/{proposed.id}/{action}", data={**data, "csrf_token": token})
        assert response.status_code == 403
    assert proposed.body_markdown == BODY


def test_a_post_without_csrf_changes_nothing(client, auth, moderator, proposed):
    auth.login_as(moderator)
    response = client.post(
        f"/moderatie/bewaartermijn/{proposed.id}/archiveren", data={"archiveren-confirm": "y"}
    )
    assert response.status_code == 400
    db.session.refresh(proposed)
    assert proposed.body_markdown == BODY and proposed.case_archived_at is None


def test_the_overview_and_the_queue_lead_to_the_review(client, auth, moderator, proposed):
    auth.login_as(moderator)
    overview = html_of(client.get("/moderatie/overzicht"))
    assert 'href="/moderatie/bewaartermijn"' in overview
    assert "gesloten draad wacht op een besluit over de bewaartermijn" in overview
    queue = html_of(client.get("/moderatie/bewaartermijn"))
    assert f'href="/moderatie/bewaartermijn/{proposed.id}"' in queue
    assert "6 maanden" in queue
    page = html_of(client.get(f"/moderatie/bewaartermijn/{proposed.id}"))
    assert WORD in page  # the case text the moderator is about to clear
    assert "huisgenoten onder de 27" in page  # the answer that stays
    assert "Persoonsgegevens verwijderen" in page  # purge a quote from the answer here


def test_archiving_needs_the_box_and_then_clears_the_page_also_when_kept(
    app, client, auth, moderator, proposed
):
    reader = second_client(app, make_user(reputation=ESTABLISHED))
    url = f"/vragen/{proposed.id}"
    reader.get(url)  # the login's flash message: not kept
    assert WORD in html_of(reader.get(url))
    pages = app.extensions[EXTENSION]
    hits = pages.hits
    before = html_of(reader.get(url))
    assert WORD in before
    assert pages.hits == hits + 1  # the question page is kept, and served from the cache

    auth.login_as(moderator)
    review = f"/moderatie/bewaartermijn/{proposed.id}"
    response = client.post_form(f"{review}/archiveren", {}, page=review)
    assert response.status_code == 400 and "Vink dit aan" in response.get_data(as_text=True)
    assert db.session.scalar(select(RetentionReview)).status == RetentionStatus.PROPOSED
    response = client.post_form(f"{review}/archiveren", {"archiveren-confirm": "y"}, page=review)
    assert response.status_code == 302

    edit_link = f'href="/berichten/{proposed.id}/bewerken"'
    assert edit_link in before  # "Bewerking voorstellen" for the reader
    page = html_of(reader.get(url))
    assert WORD not in page and "gearchiveerd" in page
    assert proposed.title in page and "huisgenoten onder de 27" in page
    assert edit_link not in page  # the edit would be refused
    assert client.get(review).status_code == 404  # no longer waiting


def test_keeping_needs_a_reason_and_logs_it(client, auth, moderator, proposed):
    auth.login_as(moderator)
    review = f"/moderatie/bewaartermijn/{proposed.id}"
    response = client.post_form(f"{review}/bewaren", {"bewaren-reason": ""}, page=review)
    assert response.status_code == 400
    response = client.post_form(
        f"{review}/bewaren", {"bewaren-reason": "Lopende bezwaarzaak"}, page=review
    )
    assert response.status_code == 302
    row = db.session.scalar(
        select(ModerationAction).where(ModerationAction.action == "retention_keep")
    )
    assert (row.actor_id, row.reason) == (moderator.id, "Lopende bezwaarzaak")
    assert f'href="{review}"' not in html_of(client.get("/moderatie/bewaartermijn"))
    log = html_of(client.get("/moderatie/logboek"))
    assert "Casus bewaard na de bewaartermijn" in log and WORD not in log


def test_an_archived_aanplakker_shows_a_note_instead_of_the_case(client, auth, moderator):
    closed = make_aanplakker(phase=Phase.GESLOTEN)
    closed.aanplakker_details.phase_changed_at = DUE.replace(year=2025, month=8, day=28)
    db.session.commit()
    situatie = closed.aanplakker_details.situatie_markdown
    retention.propose(db.session, 6, DUE)
    retention.archive(db.session, moderator, closed.id)
    db.session.commit()
    auth.login_as(make_user(reputation=ESTABLISHED))
    page = html_of(client.get(f"/aanplakker/{closed.id}"))
    assert situatie not in page and "gearchiveerd" in page
    assert closed.aanplakker_details.oogst_markdown in page
