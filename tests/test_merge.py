"""Merging a duplicate into its original (issue 21, decision 0022): the answers move with
their votes, revisions and comments, the counters stay exact, search follows, and a refused or
failed merge changes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from kenme.errors import Conflict, NotAllowed, ValidationFailed
from kenme.extensions import db
from kenme.models import Follow, ModerationAction, Post, QuestionStatus, Role
from kenme.search import active_engine
from kenme.services import counters, moderation, voting
from kenme.services.moderation import merging
from tests.api.conftest import ApiClient, make_token
from tests.factories import (
    ESTABLISHED,
    make_answer,
    make_comment,
    make_question,
    make_topic,
    make_user,
)

RARE = "Kwartelkoningregeling"  # a word only the moved answer holds
MOVED = f"De {RARE} geldt hier niet; kijk naar artikel 22a van de Participatiewet."


@pytest.fixture
def moderator(app):
    return make_user(role=Role.MODERATOR, display_name="Mo Moderator")


@pytest.fixture
def pair(moderator):
    """An original with one answer; a duplicate with two answers, votes, a comment, an edit."""
    topic = make_topic(name="Kostendelersnorm")
    original = make_question(topics=[topic], title="Telt een inwonende zoon mee voor de norm?")
    make_answer(original)
    asker = make_user(display_name="Vrager Vera")
    duplicate = make_question(asker, topics=[topic], title="Zoon woont thuis: telt hij mee?")
    moved = make_answer(duplicate, body=MOVED)
    other = make_answer(duplicate)
    voting.vote(db.session, make_user(), moved, 1)
    voting.accept(db.session, asker, moved, True)
    make_comment(moved)
    moderation.hide(db.session, moderator, other, "Off-topic")
    moderation.close(db.session, moderator, duplicate, "dubbel", duplicate_of_id=original.id)
    db.session.commit()
    return original, duplicate, moved, other


def snapshot(*posts: Post) -> list[tuple]:
    db.session.expire_all()
    return [
        (p.id, p.parent_id, p.answer_count, p.accepted_answer_id, p.status, p.score) for p in posts
    ]


def drift() -> list:
    """Counters that differ from a recount (users.reputation aside: the factories set it)."""
    return [d for d in counters.differences(db.session) if d.counter != "users.reputation"]


def hit_ids(word: str) -> list[int]:
    db.session.commit()
    return [hit.id for hit in active_engine().search(word).hits]


def test_the_answers_move_with_everything_on_them(pair, moderator):
    original, duplicate, moved, other = pair
    assert hit_ids(RARE) == [duplicate.id]
    moved_ids = merging.merge(db.session, moderator, duplicate, original, "Zelfde vraag")
    db.session.commit()
    db.session.expire_all()
    assert moved_ids == [moved.id, other.id]
    assert moved.parent_id == original.id and other.parent_id == original.id
    assert (moved.score, moved.revision_count, moved.comment_count) == (1, 1, 1)
    assert original.answer_count == 2  # its own and the visible moved one; the hidden not
    assert duplicate.answer_count == 0 and duplicate.accepted_answer_id is None
    assert original.status == QuestionStatus.ANSWERED
    assert duplicate.status == QuestionStatus.CLOSED
    assert drift() == []
    followers = set(db.session.scalars(select(Follow.user_id).where(Follow.post_id == original.id)))
    assert duplicate.author_id in followers
    entry = db.session.scalar(select(ModerationAction).where(ModerationAction.action == "merge"))
    assert entry.actor_id == moderator.id and entry.post_id == duplicate.id
    assert entry.details["into"] == original.id
    assert entry.details["answers"] == [moved.id, other.id]
    assert entry.details["accepted_cleared"] == moved.id
    assert hit_ids(RARE) == [original.id]


@pytest.mark.parametrize("case", ["member", "not_closed", "wrong_original", "no_answers"])
def test_a_refused_merge_changes_nothing(pair, moderator, case):
    original, duplicate, moved, other = pair
    before = snapshot(original, duplicate, moved, other)
    actor, target, into, error = moderator, duplicate, original, Conflict
    if case == "member":
        actor, error = make_user(reputation=ESTABLISHED), NotAllowed
    elif case == "not_closed":
        target = original
    elif case == "wrong_original":
        into, error = make_question(), ValidationFailed
    else:
        merging.merge(db.session, moderator, duplicate, original)
        db.session.commit()
        before = snapshot(original, duplicate, moved, other)
    with pytest.raises(error):
        merging.merge(db.session, actor, target, into)
    db.session.rollback()
    assert snapshot(original, duplicate, moved, other) == before


def test_a_merge_failing_half_way_leaves_nothing_half_applied(pair, moderator, monkeypatch):
    original, duplicate, moved, other = pair
    before = snapshot(original, duplicate, moved, other)

    def broken(*args, **kwargs):
        raise RuntimeError("audit log unreachable")

    monkeypatch.setattr(merging, "log_action", broken)
    with pytest.raises(RuntimeError):
        merging.merge(db.session, moderator, duplicate, original)
    db.session.rollback()
    assert snapshot(original, duplicate, moved, other) == before
    assert drift() == []
    assert hit_ids(RARE) == [duplicate.id]


def test_a_moderator_merges_from_the_page(client, auth, pair, moderator):
    original, duplicate, moved, _other = pair
    auth.login_as(moderator)
    page = client.get(f"/vragen/{duplicate.id}").get_data(as_text=True)
    assert "Antwoorden samenvoegen" in page
    done = client.post_form(
        "/moderatie/acties",
        {
            "action": "merge",
            "post_id": duplicate.id,
            "duplicate_of": original.id,
            "reason": "",
            "next": f"/vragen/{original.id}",
        },
        page=f"/vragen/{duplicate.id}",
        follow_redirects=True,
    )
    text = done.get_data(as_text=True)
    assert "De antwoorden staan nu bij de oorspronkelijke vraag." in text
    assert f'id="bericht-{moved.id}"' in text and RARE in text
    assert "Antwoorden samengevoegd" in client.get("/moderatie/logboek").get_data(as_text=True)
    bad = client.post_form(
        "/moderatie/acties",
        {"action": "merge", "post_id": duplicate.id, "duplicate_of": "²"},
        page=f"/vragen/{duplicate.id}",
    )
    assert bad.status_code == 302  # refused with a message, nothing done


def test_members_cannot_merge_over_http_or_the_api(client, auth, pair):
    original, duplicate, moved, _other = pair
    auth.login_as(make_user(reputation=10**5))
    refused = client.post_form(
        "/moderatie/acties",
        {"action": "merge", "post_id": duplicate.id, "duplicate_of": original.id},
        page="/toegankelijkheid",
    )
    assert refused.status_code == 403
    api = ApiClient(client, make_token(make_user(reputation=10**5)))
    answer = api.post(
        "/moderation/actions", {"action": "merge", "post_id": duplicate.id, "reason": ""}
    )
    assert answer.status_code == 403
    db.session.expire_all()
    assert moved.parent_id == duplicate.id


def test_the_api_merges_and_answers_the_log_line(client, pair, moderator):
    original, duplicate, moved, _other = pair
    api = ApiClient(client, make_token(moderator))
    done = api.post(
        "/moderation/actions", {"action": "merge", "post_id": duplicate.id, "reason": ""}
    )
    assert done.status_code == 200, done.json
    (entry,) = done.json["log_entries"]
    assert entry["action"] == "merge" and entry["details"]["into"] == original.id
    thread = api.get(f"/questions/{original.id}").json
    assert moved.id in [a["id"] for a in thread["answers"]]
