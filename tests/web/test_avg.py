"""AVG self-service in the web UI, and moderators acting on a member's request."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from kenme.extensions import db
from kenme.models import (
    ApiToken,
    CloseReason,
    CloseVote,
    CloseVoteKind,
    Herkenbaar,
    LoginSession,
    MailOutbox,
    MemberFollow,
    ModerationAction,
    Role,
    SuggestedEdit,
    User,
)
from kenme.models.types import utcnow
from kenme.services import follows
from kenme.services.avg import export_member_data
from tests.api.conftest import make_token
from tests.conftest import AuthActions, KenMeClient
from tests.factories import PASSWORD, make_question, make_user


def as_member(app, user) -> KenMeClient:
    app.test_client_class = KenMeClient
    client = app.test_client()
    AuthActions(client).login_as(user)
    client.get("/")
    return client


@pytest.fixture
def lotte(app):
    user = make_user(display_name="Lotte Lezer", organisation="Gemeente Testdam")
    make_question(user, title="Telt <script>alert(1)</script> mee voor de kostendelersnorm?")
    other = make_user(display_name="Volger Vincent")
    follows.follow_member(db.session, other, user)
    follows.follow_member(db.session, user, other)
    db.session.add(
        MailOutbox(
            user_id=user.id,
            dedupe_key=f"test-{user.id}",
            to_address=user.email,
            subject="Nieuw antwoord op je vraag",
            text_body="Er is een antwoord.",
        )
    )
    db.session.commit()
    return user


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_the_json_download_holds_everything_and_is_a_file(app, lotte):
    client = as_member(app, lotte)
    response = client.get("/profiel/gegevens/kenme-gegevens.json")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    data = json.loads(response.get_data(as_text=True))
    assert data["profile"]["email"] == lotte.email
    assert data["posts"][0]["title"].startswith("Telt <script>")
    assert data["login_sessions"] and data["login_sessions"][0]["device"]
    assert len(data["member_follows"]) == 1
    assert data["mails"][0]["subject"] == "Nieuw antwoord op je vraag"


def test_the_readable_page_shows_every_section_escaped(app, lotte):
    client = as_member(app, lotte)
    html = client.get("/profiel/gegevens/overzicht").get_data(as_text=True)
    for heading in ("Profiel", "Vragen en antwoorden", "Sessies", "Mails aan jou"):
        assert heading in html
    assert lotte.email in html
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
    saved = client.get("/profiel/gegevens/overzicht?opslaan=1")
    assert saved.headers["Content-Disposition"].startswith("attachment; filename=")


def test_data_pages_are_for_the_member_only(client):
    for path in (
        "/profiel/gegevens",
        "/profiel/gegevens/kenme-gegevens.json",
        "/profiel/verwijderen",
    ):
        response = client.get(path)
        assert response.status_code == 302 and "/inloggen" in response.headers["Location"]


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"password": PASSWORD}, "niet ongedaan"),
        ({"password": "een-verkeerd-wachtwoord", "confirm": "y"}, "klopt niet"),
        ({"confirm": "y"}, "verplicht"),
    ],
)
def test_deleting_needs_the_password_and_the_box(app, lotte, form, message):
    client = as_member(app, lotte)
    response = client.post_form("/profiel/verwijderen", form)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    db.session.refresh(lotte)
    assert lotte.deleted_at is None
    assert client.get("/").status_code == 200


def test_a_post_without_csrf_deletes_nothing(app, lotte):
    client = as_member(app, lotte)
    client.post("/profiel/verwijderen", data={"password": PASSWORD, "confirm": "y"})
    db.session.refresh(lotte)
    assert lotte.deleted_at is None


def test_deleting_my_account_keeps_posts_and_drops_the_rest(app, lotte):
    client = as_member(app, lotte)
    plain = make_token(lotte)
    copy = KenMeClient(app)
    copy.set_cookie("session", client.get_cookie("session").value)
    question_id = lotte_question(lotte)
    from kenme.services import feeds

    feed = f"/feeds/{feeds.feed_token(lotte)}/laatste.atom"
    assert KenMeClient(app).get(feed).status_code == 200, "the feed works before"
    response = client.post_form(
        "/profiel/verwijderen", {"password": PASSWORD, "confirm": "y"}, page="/profiel/verwijderen"
    )
    assert response.status_code == 302 and "/inloggen" in response.headers["Location"]
    assert "Je account is verwijderd" in client.get("/inloggen").get_data(as_text=True)
    db.session.expire_all()
    user = db.session.get(User, lotte.id)
    assert user.deleted_at is not None and user.display_name == "verwijderd lid"
    for model, where in (
        (LoginSession, LoginSession.user_id == user.id),
        (MemberFollow, (MemberFollow.user_id == user.id) | (MemberFollow.member_id == user.id)),
        (MailOutbox, MailOutbox.user_id == user.id),
        (ApiToken, (ApiToken.user_id == user.id) & ApiToken.revoked_at.is_(None)),
    ):
        assert count(model, where) == 0, model.__name__
    assert copy.get("/").status_code == 302, "a copied cookie gets nothing"
    api = KenMeClient(app).get("/api/v1/me", headers={"Authorization": f"Bearer {plain}"})
    assert api.status_code == 401
    assert KenMeClient(app).get(feed).status_code == 404, "a feed URL gets nothing"
    reader = as_member(app, make_user())
    page = reader.get(f"/vragen/{question_id}").get_data(as_text=True)
    assert "verwijderd lid" in page and "Lotte Lezer" not in page


def lotte_question(user) -> int:
    from kenme.models import Post

    return db.session.scalar(select(Post.id).where(Post.author_id == user.id))


# --- moderators acting on a request ---------------------------------------------------------


def test_a_moderator_exports_on_request_with_an_audit_record(app, lotte):
    moderator = as_member(app, make_user(role=Role.MODERATOR))
    page = f"/moderatie/leden/{lotte.id}/avg"
    assert moderator.get(page).status_code == 200
    refused = moderator.post_form(f"{page}/inzage", {"inzage-reference": ""}, page=page)
    assert refused.status_code == 400
    assert count(ModerationAction, ModerationAction.action == "avg_export") == 0
    response = moderator.post_form(
        f"{page}/inzage", {"inzage-reference": "verzoek per mail van 3 december"}, page=page
    )
    assert response.status_code == 200
    assert json.loads(response.get_data(as_text=True))["profile"]["email"] == lotte.email
    [entry] = db.session.scalars(
        select(ModerationAction).where(ModerationAction.action == "avg_export")
    )
    assert entry.user_id == lotte.id and entry.reason == "verzoek per mail van 3 december"


def test_a_moderator_deletes_on_request_after_the_confirmation(app, lotte):
    moderator = as_member(app, make_user(role=Role.MODERATOR))
    member_copy = as_member(app, lotte)
    page = f"/moderatie/leden/{lotte.id}/avg"
    unconfirmed = moderator.post_form(
        f"{page}/verwijderen", {"verwijderen-reference": "verzoek 12"}, page=page
    )
    assert unconfirmed.status_code == 400
    db.session.refresh(lotte)
    assert lotte.deleted_at is None
    done = moderator.post_form(
        f"{page}/verwijderen",
        {"verwijderen-reference": "verzoek 12", "verwijderen-confirm": "y"},
        page=page,
    )
    assert done.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, lotte.id).deleted_at is not None
    assert count(ModerationAction, ModerationAction.action == "avg_delete") == 1
    assert member_copy.get("/").status_code == 302


def test_who_may_act_on_a_request(app, lotte):
    plain = as_member(app, make_user())
    assert plain.get(f"/moderatie/leden/{lotte.id}/avg").status_code == 403
    moderator_user = make_user(role=Role.MODERATOR)
    moderator = as_member(app, moderator_user)
    admin = make_user(role=Role.ADMIN)
    page = f"/moderatie/leden/{admin.id}/avg"
    response = moderator.post_form(
        f"{page}/verwijderen",
        {"verwijderen-reference": "verzoek 13", "verwijderen-confirm": "y"},
        page=f"/moderatie/leden/{lotte.id}/avg",
    )
    assert response.status_code == 403
    db.session.refresh(admin)
    assert admin.deleted_at is None
    assert count(ModerationAction, ModerationAction.created_at <= utcnow()) == 0


# Every column that points at a member is either part of the member's export, or has a reason
# why it is not. A new table with a member column fails here until someone decides.
EXPORTED = {
    ("api_tokens", "user_id"): "api_tokens",
    ("close_votes", "user_id"): "close_votes",
    ("comments", "author_id"): "comments",
    ("endorsements", "user_id"): "endorsements",
    ("flags", "reporter_id"): "flags",
    ("follows", "user_id"): "follows",
    ("herkenbaar_marks", "user_id"): "herkenbaar_marks",
    ("login_sessions", "user_id"): "login_sessions",
    ("mail_outbox", "user_id"): "mails",
    ("mail_preferences", "user_id"): "mail_preferences",
    ("member_follows", "user_id"): "member_follows",
    ("moderation_actions", "user_id"): "moderation_actions",
    ("notifications", "user_id"): "notifications",
    ("posts", "author_id"): "posts",
    ("reputation_events", "user_id"): "reputation_events",
    ("revisions", "author_id"): "revisions",
    ("specialist_topics", "user_id"): "profile",
    ("sso_identities", "user_id"): "organisation_accounts",
    ("suggested_edits", "author_id"): "suggested_edits",
    ("topic_ignores", "user_id"): "topic_ignores",
    ("user_expertise", "user_id"): "profile",
    ("votes", "user_id"): "votes",
}
NOT_EXPORTED = {
    ("aanplakker_details", "closed_by_id"): "a moderator's work on others' posts (audit log)",
    ("community_settings", "updated_by_id"): "an admin's work on settings (audit log)",
    ("flags", "resolved_by_id"): "a moderator's work on others' flags (audit log)",
    ("kennisbank_pages", "updated_by_id"): "a specialist's work on shared pages",
    ("law_changes", "created_by_id"): "a specialist's work on shared notes",
    ("member_follows", "member_id"): "who follows me is the followers' data",
    ("moderation_actions", "actor_id"): "a moderator's work on others (audit log)",
    ("notifications", "actor_id"): "the recipient's notification, not mine",
    ("posts", "current_confirmed_by_id"): "a specialist's mark on others' answers",
    ("reputation_events", "actor_id"): "the other member's reputation",
    ("retention_reviews", "decided_by_id"): "a moderator's work on others' threads (audit log)",
    ("revisions", "approved_by_id"): "approving another member's suggestion",
    ("search_synonym_groups", "updated_by_id"): "a moderator's work on the thesaurus",
    ("suggested_edits", "reviewer_id"): "reviewing another member's suggestion",
}


def test_every_member_column_is_exported_or_has_a_reason(app):
    from kenme.web.account.views import SECTION_LABELS

    member_columns = {
        (table.name, column.name)
        for table in db.metadata.tables.values()
        for column in table.columns
        if any(fk.column.table.name == "users" for fk in column.foreign_keys)
    }
    assert len(member_columns) > 20
    assert sorted(member_columns - EXPORTED.keys() - NOT_EXPORTED.keys()) == []
    assert sorted((EXPORTED.keys() | NOT_EXPORTED.keys()) - member_columns) == []
    assert not EXPORTED.keys() & NOT_EXPORTED.keys()
    assert sorted(set(EXPORTED.values()) - SECTION_LABELS.keys()) == []
    sections = export_member_data(db.session, make_user()).keys()
    assert sorted(set(EXPORTED.values()) - sections) == []


def test_suggestions_close_votes_and_marks_are_in_the_export(app, lotte):
    other = make_user(display_name="Andere Anne")
    question = make_question(
        other, title="Mag de bijstand de spaarrekening van een kind meetellen?"
    )
    db.session.add_all(
        [
            SuggestedEdit(
                post_id=question.id,
                author_id=lotte.id,
                base_revision=1,
                title=question.title,
                body_markdown="Een betere versie van de vraag.",
                edit_summary="Vraag verduidelijkt",
            ),
            CloseVote(
                question_id=question.id,
                user_id=lotte.id,
                kind=CloseVoteKind.CLOSE,
                reason=CloseReason.TOO_BROAD,
            ),
            Herkenbaar(user_id=lotte.id, post_id=question.id),
        ]
    )
    db.session.commit()
    client = as_member(app, lotte)
    data = json.loads(client.get("/profiel/gegevens/kenme-gegevens.json").get_data(as_text=True))
    assert [e["edit_summary"] for e in data["suggested_edits"]] == ["Vraag verduidelijkt"]
    assert data["close_votes"] == [
        {
            "question_id": question.id,
            "kind": "close",
            "reason": "te_breed",
            "duplicate_of_id": None,
            "created_at": data["close_votes"][0]["created_at"],
        }
    ]
    assert [m["post_id"] for m in data["herkenbaar_marks"]] == [question.id]
    html = client.get("/profiel/gegevens/overzicht").get_data(as_text=True)
    for heading in ("Voorgestelde bewerkingen", "Stemmen om te sluiten", "Organisatie-accounts"):
        assert heading in html
    assert "Een betere versie van de vraag." in html
