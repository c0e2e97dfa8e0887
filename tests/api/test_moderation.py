"""Flags, endorsements and moderation through the API, per role."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kenme.extensions import db
from kenme.models import Role
from kenme.services.moderation import today
from tests.factories import FLAGGER_REPUTATION, make_specialist, make_user


@pytest.fixture
def member(app):
    """The flagging member: with enough reputation to flag (issue 21)."""
    return make_user(display_name="Fatima Klantmanager", reputation=FLAGGER_REPUTATION)


def test_member_flags_a_post_and_moderator_sees_the_queue(
    api_as, member, other_member, moderator, ask
):
    question = ask(other_member)
    flagged = api_as(member).post(
        "/flags", {"post_id": question.id, "reason": "spam", "note": "Reclame voor een cursus."}
    )
    assert flagged.status_code == 201
    assert flagged.json["status"] == "open" and flagged.json["reason"] == "spam"
    again = api_as(member).post("/flags", {"post_id": question.id, "reason": "spam"})
    assert again.status_code == 409

    queue = api_as(moderator).get("/moderation/flags").json
    assert queue["total"] == 1
    item = queue["items"][0]
    assert item["post_id"] == question.id and item["reasons"] == {"spam": 1}
    assert item["flags"][0]["reporter"]["id"] == member.id


def test_flag_for_personal_data_hides_the_post_at_once(api_as, member, other_member, ask):
    question = ask(other_member)
    api_as(member).post("/flags", {"post_id": question.id, "reason": "persoonsgegevens"})
    assert api_as(member).get(f"/questions/{question.id}").status_code == 404
    assert api_as(other_member).get(f"/questions/{question.id}").status_code == 200


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ({"reason": "spam"}, 400),
        ({"post_id": 1, "comment_id": 1, "reason": "spam"}, 400),
        ({"post_id": 999999, "reason": "spam"}, 404),
        ({"comment_id": 999999, "reason": "spam"}, 404),
        ({"post_id": 1, "reason": "saai"}, 400),
    ],
)
def test_invalid_flags_are_refused(api_as, member, ask, payload, status):
    ask(member)
    assert api_as(member).post("/flags", payload).status_code == status


@pytest.mark.parametrize("path", ["/moderation/flags", "/moderation/log"])
def test_moderation_is_forbidden_for_members(api_as, member, path):
    response = api_as(member).get(path)
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"


def test_member_cannot_take_moderation_actions(api_as, member, other_member, ask):
    question = ask(other_member)
    response = api_as(member).post(
        "/moderation/actions", {"action": "hide", "post_id": question.id, "reason": "x"}
    )
    assert response.status_code == 403


def test_moderator_hides_and_restores_with_audit_log(api_as, member, moderator, ask):
    question = ask(member)
    mod = api_as(moderator)
    hidden = mod.post(
        "/moderation/actions",
        {"action": "hide", "post_id": question.id, "reason": "Lijkt op een herkenbare casus."},
    )
    assert hidden.status_code == 200
    entry = hidden.json["log_entries"][0]
    assert entry["action"] == "hide" and entry["post_id"] == question.id
    assert entry["actor"]["id"] == moderator.id
    assert api_as(make_user()).get(f"/questions/{question.id}").status_code == 404
    restored = mod.post(
        "/moderation/actions",
        {"action": "restore", "post_id": question.id, "reason": "Toch in orde."},
    )
    assert restored.status_code == 200
    log = mod.get("/moderation/log").json
    assert [e["action"] for e in log["items"][:2]] == ["restore", "hide"]


def test_moderator_locks_and_answers_conflict(api_as, member, other_member, moderator, ask):
    question = ask(member)
    api_as(moderator).post(
        "/moderation/actions",
        {"action": "lock", "post_id": question.id, "reason": "Discussie loopt uit de hand."},
    )
    response = api_as(other_member).post(
        f"/questions/{question.id}/answers",
        {"body": "Nog een antwoord, lang genoeg voor de regels."},
    )
    assert response.status_code == 409


def test_moderator_closes_as_duplicate(api_as, member, moderator, ask):
    original = ask(member)
    duplicate = ask(member, title="Telt een inwonende zoon mee voor de kostendelersnorm?")
    response = api_as(moderator).post(
        "/moderation/actions",
        {
            "action": "close",
            "post_id": duplicate.id,
            "reason": "Staat er al.",
            "duplicate_of": original.id,
        },
    )
    assert response.status_code == 200
    data = api_as(member).get(f"/questions/{duplicate.id}").json
    assert data["status"] == "closed" and data["closed_reason"] == "dubbel"
    assert data["duplicate_of"] == original.id


def test_moderator_purges_a_span_and_log_keeps_no_text(api_as, member, moderator, ask):
    question = ask(
        member,
        body="De klant woont samen met haar zoon sinds het voorjaar, die "
        "mantelzorg geeft. Telt hij mee voor de kostendelersnorm?",
    )
    response = api_as(moderator).post(
        "/moderation/actions",
        {
            "action": "purge",
            "post_id": question.id,
            "purge_text": "sinds het voorjaar",
            "reason": "Tijdstip is herleidbaar.",
        },
    )
    assert response.status_code == 200, response.json
    assert "voorjaar" not in str(response.json)
    data = api_as(member).get(f"/questions/{question.id}").json
    assert "voorjaar" not in data["body_markdown"]
    revisions = api_as(member).get(f"/questions/{question.id}/revisions").json
    assert "voorjaar" not in str(revisions)


def test_moderator_suspends_a_member_whose_token_stops(api_as, member, moderator):
    member_api = api_as(member)
    response = api_as(moderator).post(
        "/moderation/actions",
        {
            "action": "suspend",
            "user_id": member.id,
            "reason": "Herhaaldelijk casusgegevens.",
            "until": (today() + timedelta(days=7)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert response.json["log_entries"][0]["user_id"] == member.id
    assert member_api.get("/me").status_code == 401


def test_suspend_needs_a_member_and_a_date(api_as, member, moderator):
    api = api_as(moderator)
    assert api.post("/moderation/actions", {"action": "suspend", "reason": "x"}).status_code == 400
    no_date = api.post(
        "/moderation/actions",
        {"action": "suspend", "user_id": member.id, "reason": "Herhaaldelijk."},
    )
    assert no_date.status_code == 400
    assert (
        api.post(
            "/moderation/actions",
            {"action": "suspend", "user_id": 999999, "reason": "x", "until": "2099-01-01"},
        ).status_code
        == 404
    )


def test_moderation_action_on_missing_post_is_not_found(api_as, moderator):
    response = api_as(moderator).post(
        "/moderation/actions", {"action": "hide", "post_id": 999999, "reason": "x"}
    )
    assert response.status_code == 404


# ---------------------------------------------------------------- endorsements


def test_specialist_endorses_and_withdraws(api_as, member, other_member, topic, ask, answer):
    specialist = make_specialist(topic, display_name="Thea Specialist")
    question = ask(member)
    reply = answer(other_member, question)
    api = api_as(specialist)
    endorsed = api.post(f"/answers/{reply.id}/endorse", {"note": "Klopt met de wet."})
    assert endorsed.status_code == 200
    assert [u["display_name"] for u in endorsed.json["endorsed_by"]] == ["Thea Specialist"]
    assert api.post(f"/answers/{reply.id}/endorse").status_code == 409
    withdrawn = api.post(f"/answers/{reply.id}/endorse", {"endorsed": False})
    assert withdrawn.json["endorsed_by"] == []


def test_member_and_other_topic_specialist_cannot_endorse(
    api_as, member, other_member, ask, answer
):
    from tests.factories import make_topic_row

    elsewhere = make_specialist(make_topic_row("bijzondere-bijstand", "Bijzondere bijstand"))
    question = ask(member)
    reply = answer(other_member, question)
    assert api_as(member).post(f"/answers/{reply.id}/endorse").status_code == 403
    assert api_as(elsewhere).post(f"/answers/{reply.id}/endorse").status_code == 403


def test_endorse_on_question_id_is_not_found(api_as, topic, member, ask):
    specialist = make_specialist(topic)
    question = ask(member)
    assert api_as(specialist).post(f"/answers/{question.id}/endorse").status_code == 404


def test_admin_role_is_reported(api_as):
    admin = make_user(role=Role.ADMIN)
    db.session.commit()
    assert api_as(admin).get("/me").json["role"] == "admin"
