"""Flags, the moderation pages, endorsements and the Kennisbank through the test client."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from kenme.extensions import db
from kenme.models import Flag, ModerationAction, Role, Visibility
from kenme.services import kennisbank, moderation, outdated
from tests.conftest import AuthActions
from tests.factories import (
    FLAGGER_REPUTATION,
    PASSWORD,
    make_answer_row,
    make_comment_row,
    make_flag,
    make_law_change,
    make_question_row,
    make_specialist,
    make_topic_row,
    make_user,
)
from tests.helpers import purge_through_the_web, read_mails

NAME = "meneer Van der Kolk-Heijmans"


@pytest.fixture
def topic(app):
    return make_topic_row("kostendelersnorm", "Kostendelersnorm")


@pytest.fixture
def question(topic):
    return make_question_row(
        topics=[topic],
        body=f"## Situatie\nDe klant, {NAME}, woont met zijn zoon (eind twintig).",
    )


@pytest.fixture
def moderator(app):
    return make_user(role=Role.MODERATOR, display_name="Mo de Moderator")


def page_text(response) -> str:
    return response.get_data(as_text=True)


def test_member_flags_personal_data_and_the_question_disappears(client, auth, question):
    auth.login_as(make_user(reputation=FLAGGER_REPUTATION))
    form = page_text(client.get(f"/berichten/{question.id}/melden"))
    assert "Persoonsgegevens van een klant" in form and 'name="reason"' in form
    response = client.post_form(
        f"/berichten/{question.id}/melden", {"reason": "persoonsgegevens", "note": "Naam klant"}
    )
    assert response.status_code == 302
    assert "meteen verborgen" in page_text(client.get(response.headers["Location"]))
    auth.logout()
    auth.login_as(make_user(reputation=FLAGGER_REPUTATION))
    assert client.get(f"/vragen/{question.id}").status_code == 404
    assert question.title not in page_text(client.get("/"))


def test_flagging_twice_shows_the_reason_and_keeps_one_flag(client, auth, question):
    reporter = make_user(reputation=FLAGGER_REPUTATION)
    auth.login_as(reporter)
    client.post_form(f"/berichten/{question.id}/melden", {"reason": "spam"})
    response = client.post_form(f"/berichten/{question.id}/melden", {"reason": "ongepast"})
    assert response.status_code == 409
    assert "Je hebt dit al gemeld" in page_text(response)
    assert len(db.session.scalars(select(Flag)).all()) == 1


def test_flag_without_a_reason_is_refused_in_dutch(client, auth, question):
    auth.login_as(make_user(reputation=FLAGGER_REPUTATION))
    response = client.post_form(f"/berichten/{question.id}/melden", {"note": "?"})
    assert response.status_code == 400
    assert "Kies een reden voor je melding." in page_text(response)


def test_member_flags_a_comment(client, auth, question):
    comment = make_comment_row(question)
    auth.login_as(make_user(reputation=FLAGGER_REPUTATION))
    response = client.post_form(f"/reacties/{comment.id}/melden", {"reason": "ongepast"})
    assert response.status_code == 302
    assert db.session.scalar(select(Flag)).comment_id == comment.id


def test_queue_shows_text_reasons_and_counts_then_hide_and_restore(
    client, auth, question, moderator
):
    make_flag(question, None, "spam", "Reclame")
    make_flag(question, None, "ongepast")
    auth.login_as(moderator)
    queue = page_text(client.get("/moderatie"))
    assert question.title in queue and "De klant," in queue
    assert "Spam of reclame: 1×" in queue and "Ongepast of beledigend: 1×" in queue
    assert "2 meldingen van 2 leden" in queue and "Reclame" in queue

    response = client.post_form(
        "/moderatie/acties",
        {"action": "hide", "post_id": question.id, "reason": "Reclame", "next": "/moderatie"},
        page="/moderatie",
    )
    assert response.headers["Location"] == "/moderatie"
    assert question.visibility == Visibility.HIDDEN
    assert "Er zijn geen open meldingen." in page_text(client.get("/moderatie"))

    client.post_form(
        "/moderatie/acties", {"action": "restore", "post_id": question.id, "next": "/moderatie"}
    )
    assert question.visibility == Visibility.VISIBLE
    log = page_text(client.get("/moderatie/logboek"))
    assert "Verborgen" in log and "Teruggezet" in log and "Mo de Moderator" in log


def test_refused_action_comes_back_as_a_message_and_logs_nothing(client, auth, question, moderator):
    auth.login_as(moderator)
    response = client.post_form(
        "/moderatie/acties",
        {
            "action": "close",
            "post_id": question.id,
            "close_reason": "dubbel",
            "duplicate_of": str(question.id),
            "next": f"/vragen/{question.id}",
        },
        follow_redirects=True,
    )
    assert "Een vraag kan geen dubbele van zichzelf zijn." in page_text(response)
    assert db.session.scalar(select(ModerationAction)) is None


def test_purge_through_the_web_removes_the_name_everywhere(client, auth, question, moderator):
    auth.login_as(moderator)
    response = purge_through_the_web(client, question.id, NAME, follow_redirects=True)
    assert "overal vervangen" in page_text(response)
    assert NAME not in page_text(client.get(f"/vragen/{question.id}"))
    assert NAME not in question.revisions[0].body_markdown


def test_suspending_logs_the_member_out_and_login_says_why(app, client, auth, moderator):
    member = make_user(reputation=FLAGGER_REPUTATION)
    member_client = app.test_client()
    member_auth = AuthActions(member_client)
    member_auth.login_as(member)
    assert member_client.get("/").status_code == 200
    auth.login_as(moderator)
    until = moderation.today() + timedelta(days=10)
    response = client.post_form(
        f"/moderatie/leden/{member.id}/schorsen",
        {"until": until.isoformat(), "reason": "Herhaaldelijk casusdetails gedeeld"},
    )
    assert response.status_code == 302 and member.is_suspended
    assert "/inloggen" in member_client.get("/").headers["Location"]
    refused = member_auth.login(member.email, PASSWORD)
    assert f"Je account is geschorst tot {until:%d-%m-%Y}" in page_text(refused)
    assert "Herhaaldelijk casusdetails gedeeld" in page_text(refused)


def test_suspension_form_errors_keep_the_page(client, auth, moderator):
    member = make_user(reputation=FLAGGER_REPUTATION)
    auth.login_as(moderator)
    response = client.post_form(
        f"/moderatie/leden/{member.id}/schorsen",
        {"until": (moderation.today() - timedelta(days=1)).isoformat(), "reason": "Iets"},
    )
    assert response.status_code == 400
    assert "Kies een datum na vandaag." in page_text(response)
    admin = make_user(role=Role.ADMIN)
    response = client.post_form(
        f"/moderatie/leden/{admin.id}/schorsen",
        {"until": (moderation.today() + timedelta(days=3)).isoformat(), "reason": "Iets"},
    )
    assert "Een beheerder kan niet worden geschorst." in page_text(response)
    assert admin.suspended_until is None


@pytest.mark.app_config(REQUIRE_APPROVAL=True)
def test_approving_a_waiting_member_mails_them(client, auth, app, moderator):
    waiting = make_user(approved=False, display_name="Nieuwe Collega")
    auth.login_as(moderator)
    assert "Nieuwe Collega" in page_text(client.get("/moderatie/leden"))
    response = client.post_form(f"/moderatie/leden/{waiting.id}/goedkeuren", {})
    assert response.status_code == 302 and waiting.is_approved
    assert read_mails(app)[-1]["To"] == waiting.email


def test_admin_appoints_a_specialist_who_endorses(client, auth, topic, question):
    admin, member = make_user(role=Role.ADMIN), make_user(display_name="Sanne Specialist")
    answer = make_answer_row(question)
    auth.login_as(admin)
    client.post_form(f"/moderatie/leden/{member.id}/specialist", {"topic": topic.slug})
    assert member.role == Role.THEMA_SPECIALIST
    auth.logout()
    auth.login_as(member)
    response = client.post_form(f"/antwoorden/{answer.id}/bekrachtigen", {"endorsed": "1"})
    assert response.status_code == 302 and answer.endorsement_count == 1
    again = client.post_form(
        f"/antwoorden/{answer.id}/bekrachtigen", {"endorsed": "1"}, follow_redirects=True
    )
    assert "Je hebt dit antwoord al bekrachtigd." in page_text(again)
    client.post_form(f"/antwoorden/{answer.id}/bekrachtigen", {"endorsed": "0"})
    assert answer.endorsement_count == 0


def test_kennisbank_start_page_and_topic_page_show_the_curated_content_first(
    client, auth, topic, question, moderator
):
    kennisbank.save_intro(db.session, moderator, topic, "Lees eerst **de basisregel**.")
    kennisbank.add_item(db.session, moderator, topic, question.id, "Het standaardgeval")
    kennisbank.add_law_change(db.session, moderator, topic, date(2023, 1, 1), "Onder 27 telt niet")
    db.session.commit()
    auth.login_as(make_user(reputation=FLAGGER_REPUTATION))
    start = page_text(client.get("/kennisbank"))
    assert "Kennisbank: start hier" in start and "1 onderdeel, 1 wetswijziging" in start
    page = page_text(client.get("/kennisbank/kostendelersnorm"))
    assert "<strong>de basisregel</strong>" in page and "Het standaardgeval" in page
    assert "1 januari 2023" in page and "Kennisbank bewerken" not in page
    topic_page = page_text(client.get("/onderwerpen/kostendelersnorm"))
    assert topic_page.index("Kennisbank: lees dit eerst") < topic_page.index("Vragen over")
    assert "Het standaardgeval" in topic_page


def test_specialist_edits_the_kennisbank_of_their_topic(client, auth, topic):
    auth.login_as(make_specialist(topic))
    assert client.get("/kennisbank/kostendelersnorm/bewerken").status_code == 200
    response = client.post_form(
        "/kennisbank/kostendelersnorm/inleiding", {"intro": "## Basis\nSinds 2023 anders."}
    )
    assert response.status_code == 302
    assert "<h2>Basis</h2>" in page_text(client.get("/kennisbank/kostendelersnorm"))
    other = make_topic_row("schuldhulpverlening")
    assert client.get(f"/kennisbank/{other.slug}/bewerken").status_code == 403


def test_kennisbank_intro_with_personal_data_comes_back_with_the_text(client, auth, topic):
    auth.login_as(make_user(role=Role.MODERATOR))
    text = "Bel de klant op 06-12345678 voor uitleg over de kostendelersnorm."
    response = client.post_form("/kennisbank/kostendelersnorm/inleiding", {"intro": text})
    assert response.status_code == 422
    body = page_text(response)
    assert "telefoonnummer" in body and "06-12345678" in body
    assert kennisbank.page_view(db.session, None, topic).page is None


def test_kennisbank_items_and_law_changes_through_the_forms(client, auth, topic, question):
    """Each editing form answers 400 on a missing field, 422 with its own review (and the text
    kept) on personal data, and stores and returns to its own section when all is well."""
    auth.login_as(make_user(role=Role.MODERATOR))
    base = "/kennisbank/kostendelersnorm"
    missing = client.post_form(f"{base}/onderdelen", {"post": str(question.id), "note": ""})
    assert missing.status_code == 400 and "Link of nummer" in page_text(missing)
    note = "Bel de klant op 06-12345678 als het niet lukt"
    reviewed = client.post_form(f"{base}/onderdelen", {"post": str(question.id), "note": note})
    assert reviewed.status_code == 422 and note in page_text(reviewed)
    added = client.post_form(f"{base}/onderdelen", {"post": str(question.id), "note": "Lees dit"})
    assert added.status_code == 302 and added.headers["Location"].endswith("#onderdelen")

    undated = client.post_form(f"{base}/wetswijzigingen", {"effective_on": "", "note": "Nieuw"})
    assert undated.status_code == 400 and "Kies een datum." in page_text(undated)
    law = {"effective_on": "2027-01-01", "note": "Mail naar jan.jansen@example.nl voor uitleg"}
    reviewed = client.post_form(f"{base}/wetswijzigingen", law)
    assert reviewed.status_code == 422 and "jan.jansen@example.nl" in page_text(reviewed)
    law["note"] = "Vanaf 2027 telt een inwonend kind pas vanaf 27 jaar"
    stored = client.post_form(f"{base}/wetswijzigingen", law)
    assert stored.status_code == 302 and stored.headers["Location"].endswith("#wetswijzigingen")
    view = kennisbank.page_view(db.session, None, topic)
    assert [item.note for item in view.items] == ["Lees dit"]
    assert [change.note for change in view.law_changes] == [law["note"]]


def test_navigation_shows_moderatie_only_to_moderators(client, auth, moderator):
    auth.login_as(make_user(reputation=FLAGGER_REPUTATION))
    home = page_text(client.get("/"))
    assert ">Kennisbank</a>" in home and "/moderatie" not in home
    auth.logout()
    auth.login_as(moderator)
    assert 'href="/moderatie"' in page_text(client.get("/"))


def test_question_page_shows_controls_badges_and_outdated_notice(
    client, auth, topic, question, moderator
):
    written = question.created_at - timedelta(days=900)
    answer = make_answer_row(question, created_at=written)
    make_law_change(topic, outdated.today() - timedelta(days=30), "Nieuwe huisgenotenregel")
    moderation.feature(db.session, moderator, answer)
    db.session.commit()
    auth.login_as(make_user(reputation=FLAGGER_REPUTATION))
    page = page_text(client.get(f"/vragen/{question.id}"))
    assert "Let op: mogelijk verouderd sinds" in page and "Nieuwe huisgenotenregel" in page
    assert "Uitgelicht" in page
    assert f"/berichten/{question.id}/melden" in page and "Verbergen" not in page
    auth.logout()
    auth.login_as(moderator)
    page = page_text(client.get(f"/vragen/{question.id}"))
    assert "Verbergen" in page and "Tekst verwijderen" in page
