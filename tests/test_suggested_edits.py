"""Suggested edits (issue 21, decision 0022): below the edit threshold an edit waits in a
review queue; the author, a moderator or a privileged member approves or rejects it. Through
the service, over HTTP and through the API."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from kenme import permissions
from kenme.errors import Conflict, NotAllowed
from kenme.extensions import db
from kenme.models import Notification, Revision, Role, SuggestedEdit, SuggestionStatus
from kenme.services import moderation, posting, suggested_edits
from kenme.services.privacy_gate import PersonalDataFound, PersonalDataRefused
from kenme.services.suggested_edits import SuggestionHoldsPersonalData
from tests.api.conftest import ApiClient, make_token
from tests.factories import ANSWER_BODY, make_answer, make_question, make_topic, make_user
from tests.helpers import notification_kinds as kinds_for

REVIEW = permissions.defaults()["review_edits"]
BETTER = ANSWER_BODY + " Zie ook de uitspraak van de CRvB uit 2023."
SOFT = ANSWER_BODY + " Ik besprak het met mevrouw Jansen van het team."
BSN = ANSWER_BODY + " Het BSN van de klant is 111222333."


@pytest.fixture
def thread(app):
    topic = make_topic(name="Kostendelersnorm")
    question = make_question(make_user(display_name="Vrager Vera"), topics=[topic])
    answer = make_answer(question, make_user(display_name="Antwoorder Anton"))
    return question, answer


@pytest.fixture
def newcomer(app):
    return make_user(display_name="Nieuwe Nina", reputation=1)


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(model.id)))


def suggest(user, post, body=BETTER, **kwargs) -> SuggestedEdit:
    suggestion = suggested_edits.suggest_edit(db.session, user, post, body=body, **kwargs)
    db.session.commit()
    return suggestion


# --- the service --------------------------------------------------------------------------


def test_the_author_approves_and_the_revision_records_both(thread, newcomer):
    _question, answer = thread
    suggestion = suggest(newcomer, answer, summary="Bron toegevoegd")
    assert suggestion.status == SuggestionStatus.PENDING and suggestion.base_revision == 1
    assert answer.body_markdown == ANSWER_BODY and answer.revision_count == 1
    assert kinds_for(answer.author) == ["bewerking_voorgesteld"]

    revision = suggested_edits.approve(db.session, answer.author, suggestion)
    db.session.commit()
    assert answer.body_markdown == BETTER and answer.revision_count == 2
    assert (revision.number, revision.author_id, revision.approved_by_id) == (
        2,
        newcomer.id,
        answer.author_id,
    )
    assert revision.edit_summary == "Bron toegevoegd"
    assert suggestion.status == SuggestionStatus.APPROVED and suggestion.revision_number == 2
    assert kinds_for(newcomer) == ["bewerking_beoordeeld"]


def test_reviewing_others_suggestions_needs_the_privilege(thread, newcomer):
    _question, answer = thread
    suggestion = suggest(newcomer, answer)
    below = make_user(reputation=REVIEW - 1)
    with pytest.raises(NotAllowed) as refused:
        suggested_edits.approve(db.session, below, suggestion)
    assert f"vanaf {REVIEW} reputatie; je hebt er nu {REVIEW - 1}." in refused.value.message
    assert refused.value.details["privilege"] == "review_edits"
    db.session.rollback()
    with pytest.raises(NotAllowed, match="Je eigen voorstel"):
        suggested_edits.approve(db.session, newcomer, suggestion)
    db.session.rollback()
    assert answer.revision_count == 1 and suggestion.is_pending
    suggested_edits.reject(db.session, make_user(reputation=REVIEW), suggestion, "Klopt niet.")
    db.session.commit()
    assert suggestion.status == SuggestionStatus.REJECTED
    assert suggestion.body_markdown == BETTER  # the text is kept
    assert answer.body_markdown == ANSWER_BODY and answer.revision_count == 1


def test_moderators_review_and_direct_editors_need_no_suggestion(thread, newcomer):
    _question, answer = thread
    with pytest.raises(Conflict, match="zelf bewerken"):
        suggested_edits.suggest_edit(db.session, answer.author, answer, body=BETTER)
    with pytest.raises(Conflict, match="zelf bewerken"):
        suggested_edits.suggest_edit(db.session, make_user(reputation=10**4), answer, body=BETTER)
    db.session.rollback()
    suggestion = suggest(newcomer, answer)
    suggested_edits.approve(db.session, make_user(role=Role.MODERATOR), suggestion)
    db.session.commit()
    assert answer.revision_count == 2


def test_a_refused_suggestion_stores_nothing(thread, newcomer):
    _question, answer = thread
    with pytest.raises(PersonalDataFound) as hard:
        suggested_edits.suggest_edit(db.session, newcomer, answer, body=BSN)
    assert hard.value.hard
    db.session.rollback()
    with pytest.raises(PersonalDataFound) as soft:
        suggested_edits.suggest_edit(db.session, newcomer, answer, body=SOFT)
    db.session.rollback()
    assert count(SuggestedEdit) == 0 and kinds_for(answer.author) == []
    confirmed = [{"field": f.field, "kind": f.kind, "text": f.text} for f in soft.value.findings]
    suggestion = suggest(newcomer, answer, body=SOFT, confirmations=confirmed)
    revision = suggested_edits.approve(db.session, answer.author, suggestion)
    db.session.commit()
    assert revision.confirmed_findings == [{"field": "body", "kind": "name", "text": "Jansen"}]


def test_an_approval_the_scan_refuses_now_changes_nothing(thread, newcomer):
    _question, answer = thread
    confirmed = [{"field": "body", "kind": "name", "text": "Jansen"}]
    suggestion = suggest(newcomer, answer, body=SOFT, confirmations=confirmed)
    suggestion.confirmed_findings = []  # as if the scan had learnt a new kind since
    db.session.commit()
    with pytest.raises(SuggestionHoldsPersonalData):
        suggested_edits.approve(db.session, answer.author, suggestion)
    db.session.rollback()
    assert answer.body_markdown == ANSWER_BODY and answer.revision_count == 1
    assert count(Revision) == 2  # one each for the question and the answer, no more
    assert suggestion.is_pending and kinds_for(newcomer) == []


def test_one_waits_per_post_and_a_stale_one_cannot_be_approved(thread, newcomer):
    _question, answer = thread
    suggestion = suggest(newcomer, answer)
    with pytest.raises(Conflict, match="al een voorgestelde bewerking"):
        suggested_edits.suggest_edit(db.session, make_user(), answer, body=SOFT)
    db.session.rollback()
    posting.edit_post(db.session, answer.author, answer, body=ANSWER_BODY + " (art. 22a)")
    db.session.commit()
    with pytest.raises(Conflict, match="gewijzigd sinds dit voorstel"):
        suggested_edits.approve(db.session, answer.author, suggestion)
    db.session.rollback()
    assert answer.revision_count == 2 and suggestion.is_pending
    suggested_edits.reject(db.session, answer.author, suggestion)
    db.session.commit()
    with pytest.raises(Conflict, match="al beoordeeld"):
        suggested_edits.approve(db.session, answer.author, suggestion)


def test_a_locked_thread_takes_no_suggestions_and_notes_are_scanned(thread, newcomer):
    question, answer = thread
    suggestion = suggest(newcomer, answer)
    with pytest.raises(PersonalDataRefused):
        suggested_edits.reject(db.session, answer.author, suggestion, "BSN 111222333 erin")
    db.session.rollback()
    assert suggestion.is_pending
    moderation.perform(db.session, make_user(role=Role.MODERATOR), "lock", question, reason="Rust")
    db.session.commit()
    with pytest.raises(NotAllowed, match="vergrendeld"):
        suggested_edits.suggest_edit(db.session, make_user(), question, body=BETTER * 2)
    with pytest.raises(Conflict, match="vergrendeld"):
        suggested_edits.approve(db.session, answer.author, suggestion)


def test_a_purge_reaches_the_suggestions_of_the_post(thread, newcomer):
    _question, answer = thread
    suggestion = suggest(newcomer, answer)
    moderator = make_user(role=Role.MODERATOR)
    moderation.purge(db.session, moderator, answer, "art. 22a Pw", "Herleidbaar")
    db.session.commit()
    assert "art. 22a Pw" not in suggestion.body_markdown
    assert "[verwijderd]" in suggestion.body_markdown


def test_the_anonymous_asker_is_never_named_as_reviewer(app, newcomer):
    asker = make_user(display_name="Geheime Gerda")
    question = make_question(asker, anonymous=True)
    suggestion = suggest(newcomer, question, body=question.body_markdown + "\n\nAangevuld.")
    note = db.session.scalar(select(Notification).where(Notification.user_id == asker.id))
    assert note.actor_id == newcomer.id  # the suggester is not anonymous
    suggested_edits.approve(db.session, asker, suggestion)
    db.session.commit()
    told = db.session.scalar(select(Notification).where(Notification.user_id == newcomer.id))
    assert told.actor_id is None and "Gerda" not in told.message
    other = make_user()
    assert suggested_edits.reviewer_label(suggestion, other) == "Anoniem lid"
    assert suggested_edits.reviewer_label(suggestion, asker) == "Geheime Gerda"
    moderator = make_user(role=Role.MODERATOR)
    assert suggested_edits.reviewer_label(suggestion, moderator) == "Geheime Gerda"


def test_the_queue_holds_what_a_member_may_review(thread, newcomer):
    question, answer = thread
    on_answer = suggest(newcomer, answer)
    on_question = suggest(newcomer, question, body=question.body_markdown + "\n\nAangevuld.")
    ids = lambda user: [s.id for s in suggested_edits.review_queue(db.session, user).items]  # noqa: E731
    assert ids(answer.author) == [on_answer.id]
    assert ids(question.author) == [on_question.id]
    assert ids(make_user(reputation=REVIEW)) == [on_answer.id, on_question.id]
    assert ids(make_user(reputation=REVIEW - 1)) == []
    assert ids(newcomer) == []


# --- over HTTP --------------------------------------------------------------------------------


def test_a_newcomer_suggests_through_the_edit_page(client, auth, thread, newcomer):
    question, answer = thread
    auth.login_as(newcomer)
    page = client.get(f"/vragen/{question.id}").get_data(as_text=True)
    assert f'href="/berichten/{answer.id}/bewerken">Bewerking voorstellen' in page
    form = client.get(f"/berichten/{answer.id}/bewerken").get_data(as_text=True)
    assert "<h1>Bewerking voorstellen</h1>" in form and "vanaf 200 reputatie" in form
    refused = client.post_form(f"/berichten/{answer.id}/bewerken", {"body": BSN, "summary": "x"})
    assert refused.status_code == 422
    assert "111222333" in refused.get_data(as_text=True)  # the text stays in the form
    assert count(SuggestedEdit) == 0
    sent = client.post_form(
        f"/berichten/{answer.id}/bewerken", {"body": BETTER, "summary": "Bron toegevoegd"}
    )
    assert sent.status_code == 302
    suggestion = db.session.scalar(select(SuggestedEdit))
    assert sent.location.endswith(f"/bewerkingen/{suggestion.id}")
    shown = client.get(sent.location).get_data(as_text=True)
    assert "Wacht op beoordeling" in shown
    assert "CRvB" in shown and "Goedkeuren" not in shown  # the suggester does not review
    assert answer.revision_count == 1


def test_the_author_approves_over_http_and_the_history_says_who(client, auth, thread, newcomer):
    question, answer = thread
    suggestion = suggest(newcomer, answer, summary="Bron toegevoegd")
    auth.login_as(answer.author)
    page = client.get(f"/bewerkingen/{suggestion.id}").get_data(as_text=True)
    assert "Goedkeuren" in page and "Afwijzen" in page
    done = client.post_form(f"/bewerkingen/{suggestion.id}/goedkeuren", {})
    assert done.status_code == 302 and f"/vragen/{question.id}" in done.location
    history = client.get(f"/berichten/{answer.id}/geschiedenis").get_data(as_text=True)
    assert "voorgesteld door Nieuwe Nina, goedgekeurd door Antwoorder Anton" in history


def test_a_reviewer_below_the_threshold_gets_a_dutch_403(client, auth, thread, newcomer):
    _question, answer = thread
    suggestion = suggest(newcomer, answer)
    auth.login_as(make_user(reputation=REVIEW - 1))
    queue = client.get("/bewerkingen").get_data(as_text=True)
    assert f"vanaf {REVIEW} reputatie" in queue and "0 voorstellen wachten" in queue
    refused = client.post_form(f"/bewerkingen/{suggestion.id}/afwijzen", {"note": ""})
    assert refused.status_code == 403
    text = refused.get_data(as_text=True)
    assert "Voorgestelde bewerkingen beoordelen kan vanaf 150 reputatie" in text
    assert suggestion.is_pending
    auth.logout()
    auth.login_as(make_user(reputation=REVIEW))
    assert "1 voorstel wacht" in client.get("/bewerkingen").get_data(as_text=True)
    rejected = client.post_form(f"/bewerkingen/{suggestion.id}/afwijzen", {"note": "Dubbel."})
    assert rejected.status_code == 302
    db.session.expire_all()
    assert suggestion.status == SuggestionStatus.REJECTED and suggestion.review_note == "Dubbel."


# --- through the API --------------------------------------------------------------------------


def test_the_api_suggests_reviews_and_refuses(client, thread, newcomer):
    _question, answer = thread
    api = ApiClient(client, make_token(newcomer))
    direct = api.patch(f"/answers/{answer.id}", {"body": BETTER, "edit_summary": "Bron"})
    assert direct.status_code == 403
    assert "Tot dan kun je een bewerking voorstellen" in direct.json["error"]["message"]
    refused = api.post(f"/posts/{answer.id}/suggested-edits", {"body": BSN})
    assert refused.status_code == 422 and refused.json["error"]["code"] == "personal_data"
    assert count(SuggestedEdit) == 0
    made = api.post(f"/posts/{answer.id}/suggested-edits", {"body": BETTER, "edit_summary": "B"})
    assert made.status_code == 201, made.json
    body = made.json
    assert body["status"] == "pending" and body["suggested_by"]["display_name"] == "Nieuwe Nina"
    assert body["may_review"] is False
    below = ApiClient(client, make_token(make_user(reputation=REVIEW - 1)))
    forbidden = below.post(f"/suggested-edits/{body['id']}/approve")
    assert forbidden.status_code == 403
    assert forbidden.json["error"]["details"]["required_reputation"] == REVIEW
    author = ApiClient(client, make_token(answer.author))
    assert [s["id"] for s in author.get("/suggested-edits").json["items"]] == [body["id"]]
    approved = author.post(f"/suggested-edits/{body['id']}/approve")
    assert approved.status_code == 200, approved.json
    assert approved.json["status"] == "approved" and approved.json["revision_number"] == 2
    revisions = author.get(f"/questions/{answer.parent_id}").json
    assert revisions["answers"][0]["body_markdown"] == BETTER
    again = author.post(f"/suggested-edits/{body['id']}/reject", {"note": ""})
    assert again.status_code == 409
