"""The role matrix: every role x every action, in permissions.py and through HTTP."""

from __future__ import annotations

import shutil
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from kenme import permissions
from kenme.extensions import db
from kenme.models import ModerationAction, Role, Visibility
from kenme.services import moderation
from tests.factories import (
    make_answer_row,
    make_comment_row,
    make_flag,
    make_question_row,
    make_specialist,
    make_topic_row,
    make_user,
)

ROLES = ["member", "thema_specialist", "moderator", "admin"]
MODERATORS = {"moderator", "admin"}
EVERYONE = set(ROLES)
# A member with no reputation lacks every privilege; a specialist has them on their topic.
EARNED = EVERYONE - {"member"}

# action -> roles allowed (the specialist acts on their own topic; the target is a member).
MATRIX: dict[str, set[str]] = {
    "report": EVERYONE,
    "flag": EARNED,
    "comment": EARNED,
    "downvote": EARNED,
    "vote_close": EARNED,
    "vote_reopen": EARNED,
    "review_edits": EARNED,
    "edit_others": EARNED,
    "edit_settings": {"admin"},
    "view_moderation": MODERATORS,
    "dismiss_flags": MODERATORS,
    "hide": MODERATORS,
    "restore": MODERATORS,
    "lock": MODERATORS,
    "unlock": MODERATORS,
    "close": MODERATORS,
    "reopen": MODERATORS,
    "delete": MODERATORS,
    "undelete": MODERATORS,
    "purge": MODERATORS,
    "merge": MODERATORS,
    "feature": MODERATORS,
    "unfeature": MODERATORS,
    "suspend": MODERATORS,
    "unsuspend": MODERATORS,
    "approve_member": MODERATORS,
    "avg_request": MODERATORS,
    "edit_topic": MODERATORS,
    "edit_thesaurus": MODERATORS,
    "endorse": {"thema_specialist"},
    "edit_kennisbank": {"thema_specialist", "moderator", "admin"},
    "confirm_current": {"thema_specialist", "moderator", "admin"},
    "appoint_specialist": {"admin"},
}


@pytest.fixture
def database_url(sqlite_template, tmp_path):
    """SQLite only: the matrix checks roles, not SQL (the service tests cover PostgreSQL)."""
    path = tmp_path / "kenme.sqlite3"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def topic(app):
    return make_topic_row("kostendelersnorm")


@pytest.fixture
def users(topic):
    return {
        "member": make_user(),
        "thema_specialist": make_specialist(topic),
        "moderator": make_user(role=Role.MODERATOR),
        "admin": make_user(role=Role.ADMIN),
    }


def test_the_matrix_covers_every_action():
    assert set(MATRIX) == set(permissions.ACTIONS)


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(topic, users, role):
    """Every action for this role, each on a target of its own, in one database (the app and
    the members are most of the time; the check reads them and writes nothing)."""
    wrong = []
    for action in sorted(MATRIX):
        question = make_question_row(topics=[topic])
        target = {
            "endorse": make_answer_row(question),
            "edit_kennisbank": topic,
            "suspend": make_user(),
            "unsuspend": make_user(),
            "avg_request": make_user(),
        }.get(action, question)
        allowed = permissions.allowed(users[role], action, target)
        if allowed is not (role in MATRIX[action]):
            wrong.append((action, allowed))
    assert wrong == []


@pytest.mark.parametrize("action", ["endorse", "edit_kennisbank"])
def test_specialists_act_only_on_their_own_topics(users, action):
    other = make_topic_row("schuldhulpverlening")
    target = make_answer_row(make_question_row(topics=[other])) if action == "endorse" else other
    assert not permissions.allowed(users["thema_specialist"], action, target)


def test_suspended_and_anonymous_members_may_do_nothing(app):
    suspended = make_user(role=Role.ADMIN, suspended_days=2)
    allowed = [
        (action, who)
        for action in sorted(MATRIX)
        for who, user in (("suspended", suspended), ("anonymous", None))
        if permissions.allowed(user, action)
    ]
    assert allowed == []


def test_no_one_suspends_an_admin_or_themselves_and_only_admins_suspend_moderators(users):
    moderator, admin = users["moderator"], users["admin"]
    assert not permissions.allowed(admin, "suspend", make_user(role=Role.ADMIN))
    assert not permissions.allowed(moderator, "suspend", moderator)
    assert not permissions.allowed(moderator, "suspend", make_user(role=Role.MODERATOR))
    assert permissions.allowed(admin, "suspend", make_user(role=Role.MODERATOR))


def test_unknown_actions_are_a_programming_error(users):
    with pytest.raises(KeyError):
        permissions.allowed(users["admin"], "burn_it_all")


# --- the same matrix through HTTP ---------------------------------------------------------


@pytest.fixture
def world(topic, users):
    """One object in the right state for every route."""
    moderator = users["moderator"]
    question = make_question_row(topics=[topic])
    answer = make_answer_row(question)
    hidden, locked, closed, deleted, flagged = (
        make_question_row(title=f"Vraag {n} over de kostendelersnorm en huisgenoten?")
        for n in range(5)
    )
    moderation.hide(db.session, moderator, hidden, "Test")
    moderation.lock(db.session, moderator, locked)
    moderation.close(db.session, moderator, closed, "off_topic")
    moderation.delete(db.session, moderator, deleted, "Test")
    featured = make_answer_row(question)
    moderation.feature(db.session, moderator, featured)
    suspended = make_user(suspended_days=5)
    db.session.execute(ModerationAction.__table__.delete())
    db.session.commit()
    make_flag(flagged, make_user(reputation=50), "spam")
    return {
        "question": question,
        "answer": answer,
        "comment": make_comment_row(question),
        "hidden": hidden,
        "locked": locked,
        "closed": closed,
        "deleted": deleted,
        "flagged": flagged,
        "featured": featured,
        "member": make_user(),
        "waiting": make_user(approved=False),
        "suspended": suspended,
        "topic": topic,
    }


def act(action: str, key: str, **extra):
    return (
        "POST",
        "/moderatie/acties",
        lambda w: {"action": action, "post_id": w[key].id, "reason": "Volgens de regels", **extra},
    )


SOON = (moderation.today() + timedelta(days=7)).isoformat()
ROUTES = {
    "report": ("GET", lambda w: f"/berichten/{w['question'].id}/melden", None),
    "flag": (
        "POST",
        lambda w: f"/berichten/{w['question'].id}/melden",
        lambda w: {"reason": "spam"},
    ),
    "comment": (
        "POST",
        lambda w: f"/berichten/{w['question'].id}/reacties",
        lambda w: {"post_id": w["question"].id, "body": "Dank, dit helpt mij verder."},
    ),
    "downvote": ("POST", lambda w: f"/berichten/{w['question'].id}/stem", lambda w: {"value": -1}),
    "edit_others": ("GET", lambda w: f"/berichten/{w['question'].id}/bewerken", None),
    "edit_settings": ("GET", "/moderatie/rechten", None),
    "view_moderation": ("GET", "/moderatie", None),
    "view_moderation:log": ("GET", "/moderatie/logboek", None),
    "view_moderation:members": ("GET", "/moderatie/leden", None),
    "dismiss_flags": act("dismiss_flags", "flagged"),
    "hide": act("hide", "question"),
    "restore": act("restore", "hidden"),
    "lock": act("lock", "question"),
    "unlock": act("unlock", "locked"),
    "close": act("close", "question", close_reason="beantwoord"),
    "reopen": act("reopen", "closed"),
    "delete": act("delete", "answer"),
    "undelete": act("undelete", "deleted"),
    "purge": act("purge", "question", purge_text="eind twintig"),
    "feature": act("feature", "answer"),
    "unfeature": act("unfeature", "featured"),
    "suspend": (
        "POST",
        lambda w: f"/moderatie/leden/{w['member'].id}/schorsen",
        lambda w: {"until": SOON, "reason": "Herhaaldelijk casusdetails gedeeld"},
    ),
    "unsuspend": (
        "POST",
        lambda w: f"/moderatie/leden/{w['suspended'].id}/schorsing-opheffen",
        lambda w: {},
    ),
    "approve_member": (
        "POST",
        lambda w: f"/moderatie/leden/{w['waiting'].id}/goedkeuren",
        lambda w: {},
    ),
    "avg_request": (
        "POST",
        lambda w: f"/moderatie/leden/{w['member'].id}/avg/verwijderen",
        lambda w: {"verwijderen-reference": "verzoek 3 december", "verwijderen-confirm": "y"},
    ),
    "edit_topic": ("GET", lambda w: f"/onderwerpen/{w['topic'].slug}/bewerken", None),
    "endorse": (
        "POST",
        lambda w: f"/antwoorden/{w['answer'].id}/bekrachtigen",
        lambda w: {"endorsed": "1"},
    ),
    "edit_kennisbank": ("GET", lambda w: f"/kennisbank/{w['topic'].slug}/bewerken", None),
    "appoint_specialist": (
        "POST",
        lambda w: f"/moderatie/leden/{w['member'].id}/specialist",
        lambda w: {"topic": w["topic"].slug},
    ),
}
# Privileges whose pages come with later steps of issue 21 (the services check them already).
# merge needs a closed duplicate; tests/test_merge.py covers it over HTTP and the API.
NOT_YET_ROUTED = {"vote_close", "vote_reopen", "review_edits", "merge"}
# Routed, and tested with the state it needs in its own file (tests/test_outdated_advice.py).
NOT_YET_ROUTED |= {"confirm_current"}
# Actions that write the audit log when they succeed.
LOGGED = {
    "dismiss_flags",
    "hide",
    "restore",
    "lock",
    "unlock",
    "close",
    "reopen",
    "delete",
    "undelete",
    "purge",
    "feature",
    "unfeature",
    "suspend",
    "unsuspend",
    "approve_member",
    "avg_request",
    "appoint_specialist",
}


def test_every_action_with_a_route_is_in_the_http_matrix():
    routed = {name.split(":")[0] for name in ROUTES}
    assert routed == set(MATRIX) - {"edit_thesaurus", *NOT_YET_ROUTED}


@pytest.mark.parametrize("route", sorted(ROUTES))
@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_through_http(client, auth, users, world, role, route):
    method, url, data = ROUTES[route]
    url = url(world) if callable(url) else url
    auth.login_as(users[role])
    response = client.get(url) if method == "GET" else client.post_form(url, data(world))
    allowed = role in MATRIX[route.split(":")[0]]
    if route == "edit_others":
        # Below the edit privilege the edit page takes a suggestion instead (issue 21).
        page = response.get_data(as_text=True)
        assert response.status_code == 200, route
        assert ("Bewerking voorstellen" in page) == (not allowed), route
        return
    if not allowed:
        assert response.status_code == 403, response.get_data(as_text=True)[:500]
        assert db.session.scalar(select(func.count(ModerationAction.id))) == 0
        return
    assert response.status_code == (200 if method == "GET" else 302), route
    if method == "POST":
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        assert "flash-error" not in page, page[page.find("flash-error") - 50 :][:400]
    if route in LOGGED:
        assert db.session.scalar(select(func.count(ModerationAction.id))) == 1


def test_members_never_see_a_hidden_post_through_http(client, auth, users, world):
    auth.login_as(users["member"])
    assert client.get(f"/vragen/{world['hidden'].id}").status_code == 404
    assert world["hidden"].visibility == Visibility.HIDDEN
