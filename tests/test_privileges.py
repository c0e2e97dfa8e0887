"""Privileges by reputation (issue 21): the table per action, in permissions.py, over HTTP and
the API, with thresholds an admin changes in the app."""

from __future__ import annotations

import re
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from kenme import permissions
from kenme.errors import NotAllowed, ValidationFailed
from kenme.extensions import db
from kenme.models import (
    Comment,
    CommunitySetting,
    Flag,
    ModerationAction,
    Role,
    SuggestedEdit,
    Visibility,
    Vote,
)
from kenme.services import comments, flags, privileges, suggested_edits
from tests.api.conftest import ApiClient, make_token
from tests.factories import (
    ANSWER_BODY,
    make_answer,
    make_question,
    make_specialist,
    make_topic,
    make_user,
)

DEFAULTS = permissions.defaults()
# Every reputation privilege, and the action that checks it.
ACTION_OF = {
    "flag": "flag",
    "comment": "comment",
    "downvote": "downvote",
    "close_vote": "vote_close",
    "review_edits": "review_edits",
    "edit_others": "edit_others",
}


@pytest.fixture
def database_url(sqlite_template, tmp_path):
    """SQLite: the table checks rules, not SQL; the PostgreSQL variants run in the files of
    the services they touch (tests/services, tests/api)."""
    path = tmp_path / "kenme.sqlite3"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def topic(app):
    return make_topic(name="Kostendelersnorm")


@pytest.fixture
def thread(topic):
    asker = make_user(display_name="Vrager Vera")
    question = make_question(asker, topics=[topic])
    answer = make_answer(question, make_user(display_name="Antwoorder Anton"))
    return question, answer


def test_every_privilege_has_an_action():
    assert set(ACTION_OF) == {p.key for p in permissions.PRIVILEGES}
    assert {getattr(permissions.ACTIONS[a], "privilege", None) for a in ACTION_OF.values()} == set(
        ACTION_OF
    )


@pytest.mark.parametrize("key", sorted(ACTION_OF))
def test_each_privilege_unlocks_exactly_at_its_threshold(thread, key):
    question, _answer = thread
    needed = DEFAULTS[key]
    below, at = make_user(reputation=needed - 1), make_user(reputation=needed)
    assert not permissions.allowed(below, ACTION_OF[key], question)
    assert permissions.allowed(at, ACTION_OF[key], question)
    with pytest.raises(NotAllowed) as refused:
        permissions.require(below, ACTION_OF[key], question)
    assert f"vanaf {needed} reputatie; je hebt er nu {needed - 1}." in refused.value.message
    assert refused.value.details == {
        "privilege": key,
        "required_reputation": needed,
        "reputation": needed - 1,
    }


@pytest.mark.parametrize("key", sorted(ACTION_OF))
def test_an_admin_moves_the_threshold(thread, key):
    question, _answer = thread
    admin = make_user(role=Role.ADMIN)
    member = make_user(reputation=3)
    privileges.update_settings(db.session, admin, {key: "3"})
    db.session.commit()
    assert permissions.allowed(member, ACTION_OF[key], question)
    privileges.update_settings(db.session, admin, {key: "4"})
    db.session.commit()
    assert not permissions.allowed(member, ACTION_OF[key], question)


def test_roles_keep_their_rights_without_reputation(thread, topic):
    question, answer = thread
    moderator, admin = make_user(role=Role.MODERATOR), make_user(role=Role.ADMIN)
    specialist = make_specialist(topic)
    elsewhere = make_question(topics=[make_topic(name="Schuldhulpverlening")])
    for action in ACTION_OF.values():
        assert permissions.allowed(moderator, action, question)
        assert permissions.allowed(admin, action, answer)
        assert permissions.allowed(specialist, action, answer)  # their own topic
        assert not permissions.allowed(specialist, action, elsewhere)
    assert permissions.allowed(specialist, "endorse", answer)


def test_suspended_members_have_no_privilege_whatever_their_reputation(thread):
    question, _answer = thread
    suspended = make_user(reputation=10_000, suspended_days=3)
    for action in ACTION_OF.values():
        assert not permissions.allowed(suspended, action, question)


def test_commenting_under_your_own_posts_needs_no_reputation(thread):
    question, answer = thread
    asker, answerer, stranger = question.author, answer.author, make_user()
    comments.add_comment(db.session, asker, question, "Aanvulling: het gaat om de Pw.")
    comments.add_comment(db.session, asker, answer, "Dank, dat helpt mij verder.")
    comments.add_comment(db.session, answerer, answer, "Zie ook artikel 22a.")
    with pytest.raises(NotAllowed, match="vanaf 10 reputatie"):
        comments.add_comment(db.session, stranger, question, "Goede vraag, ik twijfel ook.")
    db.session.commit()
    assert db.session.scalar(select(func.count(Comment.id))) == 3


# --- the persoonsgegevens flag ----------------------------------------------------------------


def test_anyone_reports_personal_data_but_only_a_privileged_flag_hides(thread):
    _question, answer = thread
    newcomer = make_user()
    flags.flag(db.session, newcomer, answer, "persoonsgegevens")
    db.session.commit()
    assert answer.visibility == Visibility.VISIBLE
    with pytest.raises(NotAllowed, match="Persoonsgegevens van een klant melden kan altijd"):
        flags.flag(db.session, newcomer, answer, "spam")
    flags.flag(db.session, make_user(reputation=DEFAULTS["flag"]), answer, "persoonsgegevens")
    db.session.commit()
    assert answer.visibility == Visibility.HIDDEN


def test_an_author_cannot_hide_their_own_post_by_flagging_it(thread):
    question, _answer = thread
    author = question.author
    author.reputation = 10_000
    flags.flag(db.session, author, question, "persoonsgegevens")
    db.session.commit()
    assert question.visibility == Visibility.VISIBLE
    assert db.session.scalar(select(func.count(Flag.id))) == 1  # the moderators see it
    with pytest.raises(NotAllowed, match="eigen bericht"):
        flags.flag(db.session, author, question, "ongepast")


# --- admins set the numbers -------------------------------------------------------------------


def test_only_admins_change_the_settings(app):
    for role in (Role.MEMBER, Role.THEMA_SPECIALIST, Role.MODERATOR):
        with pytest.raises(NotAllowed):
            privileges.update_settings(db.session, make_user(role=role, reputation=10**5), {})


WORDS = st.one_of(
    st.integers(min_value=-(10**9), max_value=10**9).map(str),
    st.text(max_size=12),
    st.sampled_from(["", " ", "1e3", "0x10", "٣", "²", "12 ", "+5", "--1", "1.0"]),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(key=st.sampled_from(sorted(DEFAULTS)), raw=WORDS, other=st.sampled_from(sorted(DEFAULTS)))
def test_bad_numbers_are_refused_and_nothing_is_half_written(app, key, raw, other):
    """Generated input: a value is stored exactly when it is a whole number in range, and a
    refused form leaves every setting as it was (also the valid one sent along)."""
    admin = db.session.scalar(permissions_admin()) or make_user(role=Role.ADMIN)
    before = permissions.community_settings()
    low, high = privileges._limits(key)
    text = raw.strip()
    valid = bool(re.fullmatch(r"-?[0-9]{1,7}", text)) and low <= int(text) <= high
    payload = {key: raw}
    if other != key:
        payload[other] = str(privileges._limits(other)[0])
    try:
        privileges.update_settings(db.session, admin, payload)
        db.session.commit()
    except ValidationFailed as error:
        db.session.rollback()
        assert not valid
        assert error.field in payload
        assert "heel getal" in error.message
        assert permissions.community_settings() == before
    else:
        assert valid
        assert permissions.community_settings()[key] == int(text)
    db.session.execute(CommunitySetting.__table__.delete())
    db.session.commit()


def permissions_admin():
    from kenme.models import User

    return select(User).where(User.role == Role.ADMIN).limit(1)


def test_unknown_settings_are_refused(app):
    with pytest.raises(ValidationFailed, match="Onbekende instelling"):
        privileges.update_settings(db.session, make_user(role=Role.ADMIN), {"vote_up": "1"})


# --- the same table over HTTP and the API ----------------------------------------------------


def _http(client, thread, key):
    """Try the action of a privilege through the web; returns the response."""
    question, answer = thread
    if key == "flag":
        return client.post_form(f"/berichten/{answer.id}/melden", {"reason": "spam"})
    if key == "comment":
        return client.post_form(
            f"/berichten/{answer.id}/reacties",
            {"post_id": answer.id, "body": "Goede aanvulling, dank."},
            page=f"/vragen/{question.id}",
        )
    if key == "downvote":
        return client.post_form(
            f"/berichten/{answer.id}/stem", {"value": -1}, page=f"/vragen/{question.id}"
        )
    if key == "review_edits":
        suggestion = _pending(answer)
        return client.post_form(
            f"/bewerkingen/{suggestion.id}/goedkeuren", {}, page=f"/bewerkingen/{suggestion.id}"
        )
    return client.post_form(
        f"/berichten/{answer.id}/bewerken",
        {"body": ANSWER_BODY + " Aangevuld met de bron.", "summary": "Bron"},
    )


def _api(api: ApiClient, thread, key):
    _question, answer = thread
    if key == "flag":
        return api.post("/flags", {"post_id": answer.id, "reason": "spam"})
    if key == "comment":
        return api.post(f"/posts/{answer.id}/comments", {"body": "Goede aanvulling, dank."})
    if key == "downvote":
        return api.post(f"/posts/{answer.id}/votes", {"value": -1})
    if key == "review_edits":
        return api.post(f"/suggested-edits/{_pending(answer).id}/approve")
    change = {"body": ANSWER_BODY + " Aangevuld met de bron.", "edit_summary": "Bron"}
    return api.patch(f"/answers/{answer.id}", change)


def _done(key, answer) -> bool:
    db.session.expire_all()
    return {
        "flag": lambda: db.session.scalar(select(func.count(Flag.id))) == 1,
        "comment": lambda: db.session.scalar(select(func.count(Comment.id))) == 1,
        "downvote": lambda: db.session.scalar(select(func.count(Vote.id))) == 1,
        "edit_others": lambda: answer.revision_count == 2,
        "review_edits": lambda: answer.revision_count == 2,
    }[key]()


ROUTED = ("flag", "comment", "downvote", "edit_others", "review_edits")


def _pending(answer) -> SuggestedEdit:
    """The suggestion waiting on the answer: made by a newcomer the first time it is asked."""
    found = db.session.scalar(select(SuggestedEdit).where(SuggestedEdit.post_id == answer.id))
    if found is None:
        found = suggested_edits.suggest_edit(
            db.session, make_user(), answer, body=ANSWER_BODY + " Met de bron erbij."
        )
        db.session.commit()
    return found


def _prepare(thread, key) -> None:
    if key == "review_edits":
        _pending(thread[1])


@pytest.mark.parametrize("key", ROUTED)
def test_privilege_table_through_http(client, auth, thread, key):
    needed = DEFAULTS[key]
    _prepare(thread, key)
    auth.login_as(make_user(reputation=needed - 1))
    refused = client_response = _http(client, thread, key)
    if key == "edit_others":  # below the threshold an edit becomes a suggestion (0022)
        assert refused.status_code == 302 and "/bewerkingen/" in refused.location
        assert db.session.scalar(select(func.count(SuggestedEdit.id))) == 1
    else:
        assert refused.status_code == 403
        page = refused.get_data(as_text=True)
        assert f"vanaf {needed} reputatie" in page and "je hebt er nu" in page
    assert not _done(key, thread[1])
    auth.logout()
    auth.login_as(make_user(reputation=needed))
    client_response = _http(client, thread, key)
    assert client_response.status_code == 302, client_response.get_data(as_text=True)[:400]
    assert _done(key, thread[1])


@pytest.mark.parametrize("key", ROUTED)
def test_privilege_table_through_the_api(client, thread, key):
    needed = DEFAULTS[key]
    _prepare(thread, key)
    refused = _api(ApiClient(client, make_token(make_user(reputation=needed - 1))), thread, key)
    assert refused.status_code == 403
    error = refused.json["error"]
    assert error["code"] == "forbidden" and f"vanaf {needed} reputatie" in error["message"]
    assert error["details"]["required_reputation"] == needed
    assert not _done(key, thread[1])
    granted = _api(ApiClient(client, make_token(make_user(reputation=needed))), thread, key)
    assert granted.status_code in (200, 201), granted.json
    assert _done(key, thread[1])


def test_the_vote_script_gets_the_reason_as_json(client, auth, thread):
    question, answer = thread
    auth.login_as(make_user())
    response = client.post(
        f"/berichten/{answer.id}/stem",
        data={"value": "-1", "csrf_token": client.csrf_token(f"/vragen/{question.id}")},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 403
    assert "Omlaag stemmen kan vanaf 25 reputatie" in response.get_json()["error"]["message"]


def test_an_admin_changes_a_threshold_in_the_app_and_the_log_says_so(client, auth, thread):
    admin = make_user(role=Role.ADMIN)
    auth.login_as(admin)
    form = {key: str(value) for key, value in DEFAULTS.items()}
    bad = client.post_form("/moderatie/rechten", {**form, "downvote": "veel", "flag": "1"})
    assert bad.status_code == 400
    assert "Vul een heel getal in" in bad.get_data(as_text=True)
    assert db.session.scalar(select(func.count(CommunitySetting.key))) == 0
    saved = client.post_form("/moderatie/rechten", {**form, "downvote": "1"})
    assert saved.status_code == 302
    assert permissions.community_settings()["downvote"] == 1
    entry = db.session.scalar(select(ModerationAction))
    assert entry.action == "edit_settings" and entry.details == {
        "downvote": {"oud": 25, "nieuw": 1}
    }
    auth.logout()
    auth.login_as(make_user(reputation=1))
    assert _http(client, thread, "downvote").status_code == 302


@pytest.mark.parametrize("role", [Role.MEMBER, Role.THEMA_SPECIALIST, Role.MODERATOR])
def test_only_admins_reach_the_settings_page(client, auth, role):
    auth.login_as(make_user(role=role, reputation=10**5))
    assert client.get("/moderatie/rechten").status_code == 403
    assert client.post_form("/moderatie/rechten", {"downvote": "0"}).status_code == 403
    assert db.session.scalar(select(func.count(CommunitySetting.key))) == 0


def test_the_profile_shows_what_a_member_can_do_and_what_unlocks_next(client, auth):
    newcomer = make_user(reputation=7)
    auth.login_as(newcomer)
    page = client.get(f"/leden/{newcomer.id}").get_data(as_text=True)
    assert "Wat je kunt" in page
    assert "<strong>Hierna:</strong> reageren onder berichten van anderen bij 10 reputatie" in page
    assert "(nog 3)" in page
    other = client.get(f"/leden/{make_user().id}").get_data(as_text=True)
    assert "Wat je kunt" not in other and "Hierna" not in other


def test_moderators_see_their_role_rights_on_their_profile(client, auth):
    moderator = make_user(role=Role.MODERATOR)
    auth.login_as(moderator)
    page = client.get(f"/leden/{moderator.id}").get_data(as_text=True)
    assert "Als moderator heb je alle rechten" in page
