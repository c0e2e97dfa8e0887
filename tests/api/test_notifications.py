"""/api/v1: the inbox, read marks and follows of the token's member."""

from __future__ import annotations

from kenme.extensions import db
from kenme.services import posting
from tests.api.conftest import ANSWER_BODY


def test_inbox_read_marks_and_unread_count(api_as, ask, member, other_member):
    question = ask(member)
    posting.post_answer(db.session, other_member, question, body=ANSWER_BODY)
    posting.post_answer(db.session, other_member, question, body=ANSWER_BODY + " Zie ook 22a.")
    db.session.commit()
    api = api_as(member)
    listing = api.get("/me/notifications").get_json()
    assert listing["unread_count"] == 2
    assert listing["total"] == 1
    group = listing["items"][0]
    assert group["count"] == 2 and group["kind"] == "antwoord"
    assert group["thread_id"] == question.id
    assert ANSWER_BODY[:30] not in str(listing)
    assert api.post(f"/me/notifications/{group['id']}/read").status_code == 204
    assert api.get("/me/notifications/unread-count").get_json() == {"unread_count": 0}
    assert api.post("/me/notifications/read").status_code == 204
    other = api_as(other_member)
    assert other.post(f"/me/notifications/{group['id']}/read").status_code == 404
    assert other.get("/me/notifications?per_page=1000").status_code == 400


def test_follows_in_the_api(api_as, ask, member, other_member, topic):
    question = ask(other_member)
    api = api_as(member)
    assert api.post(f"/me/follows/threads/{question.id}").get_json() == {"changed": True}
    assert api.post(f"/me/follows/threads/{question.id}").get_json() == {"changed": False}
    assert api.post(f"/me/follows/members/{other_member.id}").get_json() == {"changed": True}
    assert api.post(f"/me/follows/members/{member.id}").status_code == 400
    assert api.post(f"/me/ignored-topics/{topic.slug}").get_json() == {"changed": True}
    follows = api.get("/me/follows").get_json()
    assert follows["threads"] == [{"id": question.id, "type": "question", "title": question.title}]
    assert follows["members"] == [
        {"id": other_member.id, "display_name": "Joost Inkomensconsulent"}
    ]
    assert follows["ignored_topics"] == [topic.slug]
    assert api.delete(f"/me/follows/threads/{question.id}").get_json() == {"changed": True}
    assert api.post("/me/follows/topics/bestaat-niet").status_code == 404
    assert api.post("/me/follows/threads/999999").status_code == 404


def test_the_openapi_document_lists_the_inbox(anonymous_api):
    paths = anonymous_api.get("/openapi.json").get_json()["paths"]
    assert "/api/v1/me/notifications" in paths
    assert "post" in paths["/api/v1/me/follows/threads/{post_id}"]


def test_mail_preferences_in_the_api(api_as, member):
    api = api_as(member)
    assert api.get("/me/mail-preferences").get_json()["mijn_berichten"] == "direct"
    changed = api.patch("/me/mail-preferences", json={"onderwerpen": "uit"}).get_json()
    assert changed["onderwerpen"] == "uit" and changed["mijn_berichten"] == "direct"
    assert api.patch("/me/mail-preferences", json={"onderwerpen": "elk-uur"}).status_code == 400
    assert api.patch("/me/mail-preferences", json={"alles": "uit"}).status_code == 400
    assert api.get("/me/mail-preferences").get_json()["onderwerpen"] == "uit"


def test_an_ignored_topic_drops_out_of_my_question_list_only(
    api_as, ask, member, other_member, topic
):
    question = ask(other_member)
    mine, theirs = api_as(member), api_as(other_member)
    assert mine.post(f"/me/ignored-topics/{topic.slug}").get_json() == {"changed": True}
    listing = mine.get("/questions").get_json()
    assert listing["total"] == 0 and listing["items"] == []
    assert [q["id"] for q in mine.get("/questions?sort=hot").get_json()["items"]] == []
    assert [q["id"] for q in theirs.get("/questions").get_json()["items"]] == [question.id]
    # Asking for the ignored topic itself lists it.
    chosen = mine.get(f"/questions?topic={topic.slug}").get_json()
    assert [q["id"] for q in chosen["items"]] == [question.id]
    assert mine.delete(f"/me/ignored-topics/{topic.slug}").get_json() == {"changed": True}
    assert mine.get("/questions").get_json()["total"] == 1
