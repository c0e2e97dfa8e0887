"""The current member: /me, the AVG export and deleting the account."""

from __future__ import annotations

from kenme.extensions import db
from kenme.models import ApiToken, Post
from tests.api.conftest import ANSWER_BODY, QUESTION_TITLE


def test_me_is_the_tokens_member(api_as, member):
    data = api_as(member).get("/me").json
    assert data == {
        "id": member.id,
        "display_name": "Fatima Klantmanager",
        "organisation": "Gemeente Testdam",
        "function": "Klantmanager",
        "role": "member",
        "reputation": 0,
    }


def test_export_holds_all_the_members_data(api_as, member, other_member, ask, answer):
    question = ask(member)
    answer(other_member, question)
    api = api_as(member)
    api.post(f"/posts/{question.id}/comments", {"body": "Ik vul later nog iets aan."})
    data = api.get("/me/export").json
    assert data["format"] == "kenme-export-1"
    assert data["profile"]["email"] == member.email
    assert [p["title"] for p in data["posts"]] == [QUESTION_TITLE]
    assert data["revisions"][0]["post_id"] == question.id
    assert data["comments"][0]["body"] == "Ik vul later nog iets aan."
    assert data["api_tokens"][0]["prefix"].startswith("kenme_")
    assert "token_hash" not in data["api_tokens"][0]
    assert ANSWER_BODY not in str(data)  # someone else's answer is not the member's data


def test_delete_account_keeps_posts_as_deleted_member(
    api_as, member, other_member, ask, answer, client, auth
):
    question = ask(member)
    reply = answer(member, ask(other_member, title="Een andere vraag over de kostendelersnorm"))
    api = api_as(member)
    email = member.email
    response = api.delete("/me")
    assert response.status_code == 204
    assert api.get("/me").status_code == 401

    seen = api_as(other_member).get(f"/questions/{question.id}").json
    assert seen["author"] == {"display_name": "verwijderd lid"}
    thread = api_as(other_member).get(f"/questions/{reply.parent_id}").json
    assert thread["answers"][0]["author"] == {"display_name": "verwijderd lid"}

    db.session.refresh(member)
    assert member.deleted_at is not None
    assert email not in member.email and member.display_name == "verwijderd lid"
    assert db.session.get(Post, question.id) is not None
    assert all(t.revoked_at for t in db.session.query(ApiToken).filter_by(user_id=member.id))
    login = auth.login(email, "lange-testzin-voor-kenme")
    assert login.status_code != 302


def test_delete_account_ends_web_sessions(api_as, member, client, auth):
    auth.login_as(member)
    assert client.get("/profiel/tokens").status_code == 200
    api_as(member).delete("/me")
    response = client.get("/profiel/tokens")
    assert response.status_code == 302
