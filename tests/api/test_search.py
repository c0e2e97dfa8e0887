"""Search and suggestions through the API, over the configured (embedded) engine."""

from __future__ import annotations

from tests.api.conftest import QUESTION_TITLE


def test_search_finds_a_question_with_a_highlighted_snippet(api_as, member, ask):
    question = ask(member)
    data = api_as(member).get("/search?q=mantelzorg").json
    assert data["engine"] == "embedded"
    assert data["total"] == 1
    hit = data["hits"][0]
    assert hit["id"] == question.id and hit["type"] == "question"
    assert "<mark>" in hit["snippet"]
    assert hit["url"] == f"/vragen/{question.id}"
    assert data["facets"]["topic"] == {"kostendelersnorm": 1}


def test_search_filters_and_paginates(api_as, member, ask):
    for n in range(3):
        ask(member, title=f"{QUESTION_TITLE} (geval {n})")
    api = api_as(member)
    page = api.get("/search?q=kostendelersnorm&per_page=2&sort=newest").json
    assert page["total"] == 3 and len(page["hits"]) == 2 and page["per_page"] == 2
    assert api.get("/search?q=kostendelersnorm&type=aanplakker").json["total"] == 0
    assert api.get("/search?q=kostendelersnorm&status=accepted").json["total"] == 0


def test_hidden_questions_never_appear_in_search(api_as, member, other_member, ask):
    from kenme.extensions import db
    from kenme.models import Visibility
    from kenme.services.moderation import set_visibility

    question = ask(member)
    set_visibility(db.session, question, Visibility.HIDDEN, "moderator")
    db.session.commit()
    assert api_as(other_member).get("/search?q=mantelzorg").json["total"] == 0


def test_search_rejects_unknown_sort_and_big_pages(api_as, member):
    api = api_as(member)
    assert api.get("/search?q=x&sort=random").status_code == 400
    assert api.get("/search?q=x&per_page=500").status_code == 400


def test_suggest_returns_similar_questions(api_as, member, ask):
    question = ask(member)
    data = api_as(member).get("/search/suggest?title=kostendelersnorm zoon mantelzorg").json
    assert [item["id"] for item in data["items"]] == [question.id]
    assert set(data["items"][0]) == {"id", "title", "url", "answer_count", "accepted"}


def test_suggest_needs_a_title(api_as, member):
    response = api_as(member).get("/search/suggest")
    assert response.status_code == 400
    assert "title" in response.json["error"]["details"]["fields"]


def test_search_needs_a_token(anonymous_api, app):
    assert anonymous_api.get("/search?q=bijstand").status_code == 401
