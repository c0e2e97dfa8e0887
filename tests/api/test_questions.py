"""Questions, answers, revisions, accepting, votes and comments through the API."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from kenme.extensions import db
from kenme.models import Comment, Post, PostType, QuestionStatus, Visibility
from kenme.models.types import utcnow
from tests.api.conftest import ANSWER_BODY, QUESTION_BODY, QUESTION_TITLE
from tests.factories import make_topic_row, make_user

BSN_BODY = "De klant met BSN 111222333 woont samen met haar zoon, die mantelzorg geeft aan haar."
NAME_BODY = (
    "Mevrouw Jansen woont samen met haar zoon van eind twintig, die mantelzorg geeft. "
    "Telt hij mee voor de kostendelersnorm?"
)


def _new_question(**overrides) -> dict:
    data = {"title": QUESTION_TITLE, "body": QUESTION_BODY, "topics": ["kostendelersnorm"]}
    data.update(overrides)
    return data


def _question_count() -> int:
    return db.session.scalar(select(func.count()).where(Post.type == PostType.QUESTION))


# ---------------------------------------------------------------- asking


def test_member_asks_a_question(api_as, member, topic):
    response = api_as(member).post("/questions", _new_question())
    assert response.status_code == 201
    data = response.json
    assert data["type"] == "question"
    assert data["title"] == QUESTION_TITLE
    assert data["topics"] == ["kostendelersnorm"]
    assert data["author"]["display_name"] == "Fatima Klantmanager"
    assert data["status"] == "open"
    assert data["answers"] == [] and data["comments"] == []
    assert data["url"] == f"/vragen/{data['id']}"
    assert data["created_at"].endswith("+00:00")
    assert "<h2>Situatie</h2>" in data["body_html"]


def test_hard_personal_data_is_refused_and_nothing_stored(api_as, member, topic):
    response = api_as(member).post("/questions", _new_question(body=BSN_BODY))
    assert response.status_code == 422
    error = response.json["error"]
    assert error["code"] == "personal_data"
    findings = error["details"]["findings"]
    assert {"kind": "bsn", "severity": "hard", "field": "body"}.items() <= findings[0].items()
    assert BSN_BODY[findings[0]["start"] : findings[0]["end"]] == findings[0]["text"]
    assert _question_count() == 0


def test_soft_findings_need_confirmation_which_is_recorded(api_as, member, topic):
    api = api_as(member)
    refused = api.post("/questions", _new_question(body=NAME_BODY))
    assert refused.status_code == 422
    findings = refused.json["error"]["details"]["findings"]
    assert findings and all(f["severity"] == "soft" for f in findings)
    assert _question_count() == 0

    confirmations = [{"kind": f["kind"], "text": f["text"], "field": f["field"]} for f in findings]
    accepted = api.post("/questions", _new_question(body=NAME_BODY, confirm_findings=confirmations))
    assert accepted.status_code == 201
    question = db.session.get(Post, accepted.json["id"])
    assert {c["kind"] for c in question.revisions[0].confirmed_findings} == {
        f["kind"] for f in findings
    }


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"body": QUESTION_BODY, "topics": ["kostendelersnorm"]}, "title"),
        (_new_question(title=42), "title"),
        (_new_question(topics="kostendelersnorm"), "topics"),
        (_new_question(anonymous="ja"), "anonymous"),
        (_new_question(extra="veld"), "extra"),
        (_new_question(confirm_findings=[{"kind": "name"}]), "confirm_findings.0.text"),
        (_new_question(title="Te kort"), "title"),
        (_new_question(topics=["bestaat-niet"]), "topics"),
        (_new_question(topics=[]), "topics"),
    ],
)
def test_invalid_question_is_a_validation_error(api_as, member, topic, payload, field):
    response = api_as(member).post("/questions", payload)
    assert response.status_code == 400
    error = response.json["error"]
    assert error["code"] == "validation_error"
    assert field in error["details"]["fields"]
    assert _question_count() == 0


# ---------------------------------------------------------------- reading


def test_question_list_is_paginated_and_stably_ordered(api_as, member, ask):
    for n in range(5):
        ask(member, title=f"{QUESTION_TITLE} (variant {n})")
    api = api_as(member)
    first = api.get("/questions?per_page=2&page=1").json
    second = api.get("/questions?per_page=2&page=2").json
    third = api.get("/questions?per_page=2&page=3").json
    assert first["total"] == 5 and first["per_page"] == 2 and first["page"] == 1
    ids = [q["id"] for page in (first, second, third) for q in page["items"]]
    assert len(ids) == len(set(ids)) == 5
    assert ids == sorted(ids, reverse=True)  # same created_at order, then id
    assert "answers" not in first["items"][0]


def test_per_page_above_100_is_refused(api_as, member):
    response = api_as(member).get("/questions?per_page=101")
    assert response.status_code == 400
    assert "per_page" in response.json["error"]["details"]["fields"]


def test_question_list_filters_by_topic_and_status(api_as, member, other_member, ask, answer):
    make_topic_row("bijzondere-bijstand", "Bijzondere bijstand")
    answered = ask(member)
    answer(other_member, answered)
    ask(member, title="Een tweede vraag over de kostendelersnorm bij studenten")
    api = api_as(member)
    assert api.get("/questions?status=answered").json["total"] == 1
    assert api.get("/questions?status=unanswered").json["total"] == 1
    assert api.get("/questions?topic=kostendelersnorm").json["total"] == 2
    assert api.get("/questions?topic=bijzondere-bijstand").json["total"] == 0
    unknown = api.get("/questions?topic=onbekend")
    assert unknown.status_code == 400
    assert "topic" in unknown.json["error"]["details"]["fields"]
    assert api.get("/questions?sort=sneeuw").status_code == 400


def test_question_detail_has_answers_comments_and_my_vote(
    api_as, member, other_member, ask, answer
):
    question = ask(member)
    reply = answer(other_member, question)
    api = api_as(member)
    api.post(f"/posts/{question.id}/comments", {"body": "Aanvulling: het gaat om de Pw."})
    assert api.post(f"/posts/{reply.id}/votes", {"value": 1}).status_code == 200
    data = api.get(f"/questions/{question.id}").json
    assert data["answer_count"] == 1 and data["status"] == "answered"
    assert data["answers"][0]["body_markdown"] == ANSWER_BODY
    assert data["answers"][0]["my_vote"] == 1 and data["answers"][0]["score"] == 1
    assert data["answers"][0]["author"]["display_name"] == "Joost Inkomensconsulent"
    assert data["comments"][0]["body"] == "Aanvulling: het gaat om de Pw."
    assert data["my_vote"] == 0


def test_anonymous_author_is_hidden_from_members_but_not_moderators(
    api_as, member, other_member, moderator, ask
):
    question = ask(member, anonymous=True)
    seen_by_member = api_as(other_member).get(f"/questions/{question.id}").json
    assert seen_by_member["author"] == {"display_name": "Anoniem lid"}
    assert seen_by_member["anonymous"] is True
    listed = api_as(other_member).get("/questions").json["items"][0]
    assert listed["author"] == {"display_name": "Anoniem lid"}
    revisions = api_as(other_member).get(f"/questions/{question.id}/revisions").json
    assert revisions["items"][0]["author"] == {"display_name": "Anoniem lid"}
    assert api_as(moderator).get(f"/questions/{question.id}").json["author"]["id"] == member.id
    assert api_as(member).get(f"/questions/{question.id}").json["author"]["id"] == member.id


@pytest.mark.parametrize("visibility", [Visibility.HIDDEN, Visibility.DELETED])
def test_invisible_question_is_not_found_for_members(
    api_as, member, other_member, moderator, ask, visibility
):
    question = ask(member)
    question.visibility = visibility
    db.session.commit()
    for path in (f"/questions/{question.id}", f"/questions/{question.id}/revisions"):
        response = api_as(other_member).get(path)
        assert response.status_code == 404
        assert response.json["error"]["code"] == "not_found"
    vote = api_as(other_member).post(f"/posts/{question.id}/votes", {"value": 1})
    assert vote.status_code == 404
    assert api_as(moderator).get(f"/questions/{question.id}").status_code == 200


def test_missing_question_is_not_found(api_as, member):
    assert api_as(member).get("/questions/999999").status_code == 404


# ---------------------------------------------------------------- editing


def test_author_edits_question_into_a_new_revision(api_as, member, ask):
    question = ask(member)
    api = api_as(member)
    response = api.patch(
        f"/questions/{question.id}",
        {
            "body": QUESTION_BODY + "\n\n## Wettelijk kader\nArt. 22a Pw.",
            "edit_summary": "Wettelijk kader aangevuld",
        },
    )
    assert response.status_code == 200
    assert "Art. 22a Pw." in response.json["body_markdown"]
    revisions = api.get(f"/questions/{question.id}/revisions").json["items"]
    assert [r["number"] for r in revisions] == [1, 2]
    assert revisions[1]["edit_summary"] == "Wettelijk kader aangevuld"


def test_other_member_cannot_edit_but_moderator_can(api_as, member, moderator, ask):
    question = ask(member)
    change = {
        "title": "Telt een inwonende zoon mee voor de kostendelersnorm?",
        "edit_summary": "Titel verduidelijkt",
    }
    refused = api_as(make_user()).patch(f"/questions/{question.id}", change)
    assert refused.status_code == 403
    assert refused.json["error"]["code"] == "forbidden"
    assert "vanaf 200 reputatie" in refused.json["error"]["message"]
    assert api_as(moderator).patch(f"/questions/{question.id}", change).status_code == 200


def test_edit_needs_a_summary_and_a_change(api_as, member, ask):
    question = ask(member)
    api = api_as(member)
    missing = api.patch(f"/questions/{question.id}", {"body": QUESTION_BODY + " Extra."})
    assert missing.status_code == 400
    assert "edit_summary" in missing.json["error"]["details"]["fields"]
    unchanged = api.patch(f"/questions/{question.id}", {"edit_summary": "niets"})
    assert unchanged.status_code == 400


def test_edit_with_personal_data_is_refused(api_as, member, ask):
    question = ask(member)
    response = api_as(member).patch(
        f"/questions/{question.id}", {"body": BSN_BODY, "edit_summary": "Casus aangevuld"}
    )
    assert response.status_code == 422
    assert response.json["error"]["details"]["findings"][0]["field"] == "body"
    db.session.refresh(question)
    assert question.revision_count == 1


# ---------------------------------------------------------------- answers


def test_member_answers_and_edits_the_answer(api_as, member, other_member, ask):
    question = ask(member)
    api = api_as(other_member)
    created = api.post(f"/questions/{question.id}/answers", {"body": ANSWER_BODY})
    assert created.status_code == 201
    assert created.json["type"] == "answer" and created.json["question_id"] == question.id
    assert created.json["accepted"] is False and created.json["endorsed_by"] == []
    edited = api.patch(
        f"/answers/{created.json['id']}",
        {"body": ANSWER_BODY + " Zie art. 22a Pw.", "edit_summary": "Bron"},
    )
    assert edited.status_code == 200
    assert edited.json["body_markdown"].endswith("Zie art. 22a Pw.")
    assert (
        api_as(member)
        .patch(
            f"/answers/{created.json['id']}",
            {"body": "Iets heel anders dan eerst, lang genoeg.", "edit_summary": "x"},
        )
        .status_code
        == 403
    )


def test_answer_on_locked_or_closed_question_is_a_conflict(api_as, member, other_member, ask):
    question = ask(member)
    question.locked = True
    db.session.commit()
    locked = api_as(other_member).post(f"/questions/{question.id}/answers", {"body": ANSWER_BODY})
    assert locked.status_code == 409
    assert locked.json["error"]["code"] == "conflict"
    question.locked = False
    question.status = QuestionStatus.CLOSED
    db.session.commit()
    closed = api_as(other_member).post(f"/questions/{question.id}/answers", {"body": ANSWER_BODY})
    assert closed.status_code == 409


def test_answer_with_personal_data_is_refused(api_as, member, other_member, ask):
    question = ask(member)
    response = api_as(other_member).post(
        f"/questions/{question.id}/answers", {"body": "Bel haar op 06-12345678, dan weet je meer."}
    )
    assert response.status_code == 422
    assert response.json["error"]["details"]["findings"][0]["severity"] == "hard"
    db.session.refresh(question)
    assert question.answer_count == 0


# ---------------------------------------------------------------- accepting


def test_asker_accepts_and_unaccepts_an_answer(api_as, member, other_member, ask, answer):
    question = ask(member)
    reply = answer(other_member, question)
    api = api_as(member)
    accepted = api.post(f"/answers/{reply.id}/accept")
    assert accepted.status_code == 200
    assert accepted.json["accepted_answer_id"] == reply.id
    assert accepted.json["status"] == "accepted"
    assert accepted.json["answers"][0]["accepted"] is True
    undone = api.post(f"/answers/{reply.id}/accept", {"accepted": False})
    assert undone.json["accepted_answer_id"] is None
    assert undone.json["status"] == "answered"


def test_only_the_asker_may_accept(api_as, member, other_member, ask, answer):
    question = ask(member)
    reply = answer(other_member, question)
    response = api_as(other_member).post(f"/answers/{reply.id}/accept")
    assert response.status_code == 403


def test_accept_on_a_question_id_is_not_found(api_as, member, ask):
    question = ask(member)
    assert api_as(member).post(f"/answers/{question.id}/accept").status_code == 404


# ---------------------------------------------------------------- votes


def test_member_votes_changes_and_withdraws(api_as, member, other_member, ask):
    question = ask(member)
    api = api_as(other_member)
    assert api.post(f"/posts/{question.id}/votes", {"value": 1}).json == {"score": 1, "my_vote": 1}
    assert api.post(f"/posts/{question.id}/votes", {"value": -1}).json == {
        "score": -1,
        "my_vote": -1,
    }
    assert api.post(f"/posts/{question.id}/votes", {"value": 0}).json == {"score": 0, "my_vote": 0}


def test_member_cannot_vote_on_own_post(api_as, member, ask):
    question = ask(member)
    response = api_as(member).post(f"/posts/{question.id}/votes", {"value": 1})
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"


@pytest.mark.parametrize("value", [2, "1", True, None])
def test_vote_value_must_be_one_zero_or_minus_one(api_as, member, other_member, ask, value):
    question = ask(member)
    response = api_as(other_member).post(f"/posts/{question.id}/votes", {"value": value})
    assert response.status_code == 400
    assert "value" in response.json["error"]["details"]["fields"]


def test_vote_on_locked_thread_is_a_conflict(api_as, member, other_member, ask):
    question = ask(member)
    question.locked = True
    db.session.commit()
    assert api_as(other_member).post(f"/posts/{question.id}/votes", {"value": 1}).status_code == 409


# ---------------------------------------------------------------- comments


def test_member_comments_on_an_answer(api_as, member, other_member, ask, answer):
    question = ask(member)
    reply = answer(other_member, question)
    response = api_as(member).post(
        f"/posts/{reply.id}/comments", {"body": "Dank je, dat helpt mij verder."}
    )
    assert response.status_code == 201
    assert response.json["post_id"] == reply.id
    assert response.json["author"]["display_name"] == "Fatima Klantmanager"


def test_comment_with_personal_data_is_refused(api_as, member, ask):
    question = ask(member)
    response = api_as(member).post(
        f"/posts/{question.id}/comments", {"body": "Mail haar op klant@example.nl"}
    )
    assert response.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(Comment)) == 0


def test_comment_too_short_is_a_validation_error(api_as, member, ask):
    question = ask(member)
    response = api_as(member).post(f"/posts/{question.id}/comments", {"body": "x"})
    assert response.status_code == 400
    assert "body" in response.json["error"]["details"]["fields"]


def test_timestamps_are_iso_with_timezone(api_as, member, ask):
    question = ask(member)
    question.last_activity_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    data = api_as(member).get(f"/questions/{question.id}").json
    for key in ("created_at", "last_activity_at"):
        assert datetime.fromisoformat(data[key]).utcoffset() == timedelta(0)


def test_an_archived_case_shows_in_the_api_and_cannot_be_edited(api_as, moderator):
    from kenme.services import retention
    from tests.test_retention import BODY, DUE, closed_question

    question = closed_question(moderator)
    api = api_as(question.author)
    assert api.get(f"/questions/{question.id}").json["case_archived_at"] is None
    retention.propose(db.session, 6, DUE)
    retention.archive(db.session, moderator, question.id)
    db.session.commit()
    data = api.get(f"/questions/{question.id}").json
    assert data["case_archived_at"] == question.case_archived_at.isoformat()
    assert (data["body_markdown"], data["body_html"]) == ("", "")
    assert data["answers"] and data["title"] == question.title
    response = api.patch(f"/questions/{question.id}", json={"body": BODY, "edit_summary": "Terug"})
    assert response.status_code == 409, response.json
