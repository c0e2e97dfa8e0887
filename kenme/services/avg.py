"""AVG (GDPR) rights of a member: a copy of all their data, and deleting the account."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kenme import permissions
from kenme.errors import NotAllowed
from kenme.models import (
    ApiToken,
    CloseVote,
    Comment,
    Endorsement,
    Flag,
    Follow,
    Herkenbaar,
    LoginSession,
    MailOutbox,
    MailPreference,
    MemberFollow,
    ModerationAction,
    Notification,
    Post,
    ReputationEvent,
    Revision,
    SsoIdentity,
    SuggestedEdit,
    Topic,
    TopicIgnore,
    User,
    Vote,
)
from kenme.models.types import utcnow
from kenme.services import follows, sessions, tokens
from kenme.services.audit import record_action
from kenme.services.moderation.common import clean_reason

DELETED_NAME = "verwijderd lid"
EXPORT_FORMAT = "kenme-export-1"


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def export_member_data(session: Session, user: User) -> dict:
    """Return everything KenMe stores about the member, as JSON-ready data."""
    posts = session.scalars(
        select(Post).where(Post.author_id == user.id).order_by(Post.created_at, Post.id)
    ).all()
    revisions = session.scalars(
        select(Revision)
        .where(Revision.author_id == user.id)
        .order_by(Revision.created_at, Revision.id)
    ).all()
    comments = session.scalars(
        select(Comment).where(Comment.author_id == user.id).order_by(Comment.created_at, Comment.id)
    ).all()
    votes = session.scalars(select(Vote).where(Vote.user_id == user.id).order_by(Vote.id)).all()
    endorsements = session.scalars(
        select(Endorsement).where(Endorsement.user_id == user.id).order_by(Endorsement.id)
    ).all()
    follows = session.scalars(
        select(Follow).where(Follow.user_id == user.id).order_by(Follow.id)
    ).all()
    notifications = session.scalars(
        select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
    ).all()
    flags = session.scalars(select(Flag).where(Flag.reporter_id == user.id).order_by(Flag.id)).all()
    reputation = session.scalars(
        select(ReputationEvent)
        .where(ReputationEvent.user_id == user.id)
        .order_by(ReputationEvent.id)
    ).all()
    actions = session.scalars(
        select(ModerationAction)
        .where(ModerationAction.user_id == user.id)
        .order_by(ModerationAction.id)
    ).all()
    api_tokens = session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id)
    ).all()
    extra = _export_account_extras(session, user)
    return {
        "format": EXPORT_FORMAT,
        "exported_at": _iso(utcnow()),
        "profile": {
            "id": user.id,
            "email": user.email,
            "display_name": user.display_name,
            "organisation": user.organisation,
            "function": user.function,
            "about": user.about,
            "role": user.role.value,
            "reputation": user.reputation,
            "created_at": _iso(user.created_at),
            "email_verified_at": _iso(user.email_verified_at),
            "approved_at": _iso(user.approved_at),
            "last_login_at": _iso(user.last_login_at),
            "suspended_until": _iso(user.suspended_until),
            "suspension_reason": user.suspension_reason,
            "expertise": [t.slug for t in user.expertise],
            "specialist_topics": [t.slug for t in user.specialist_topics],
        },
        "posts": [
            {
                "id": p.id,
                "type": p.type.value,
                "parent_id": p.parent_id,
                "anonymous": p.anonymous,
                "title": p.title,
                "body_markdown": p.body_markdown,
                "visibility": p.visibility.value,
                "topics": [t.slug for t in p.topics],
                "created_at": _iso(p.created_at),
                "edited_at": _iso(p.edited_at),
            }
            for p in posts
        ],
        "revisions": [
            {
                "post_id": r.post_id,
                "number": r.number,
                "title": r.title,
                "body_markdown": r.body_markdown,
                "fields": r.fields,
                "edit_summary": r.edit_summary,
                "confirmed_findings": r.confirmed_findings,
                "created_at": _iso(r.created_at),
            }
            for r in revisions
        ],
        "comments": [
            {
                "id": c.id,
                "post_id": c.post_id,
                "body": c.body,
                "visibility": c.visibility.value,
                "created_at": _iso(c.created_at),
            }
            for c in comments
        ],
        "votes": [
            {"post_id": v.post_id, "value": v.value, "created_at": _iso(v.created_at)}
            for v in votes
        ],
        "endorsements": [
            {"post_id": e.post_id, "note": e.note, "created_at": _iso(e.created_at)}
            for e in endorsements
        ],
        "follows": [
            {"topic_id": f.topic_id, "post_id": f.post_id, "created_at": _iso(f.created_at)}
            for f in follows
        ],
        "notifications": [
            {
                "kind": n.kind,
                "message": n.message,
                "url": n.url,
                "created_at": _iso(n.created_at),
                "read_at": _iso(n.read_at),
            }
            for n in notifications
        ],
        "flags": [
            {
                "post_id": f.post_id,
                "comment_id": f.comment_id,
                "reason": f.reason.value,
                "note": f.note,
                "status": f.status.value,
                "created_at": _iso(f.created_at),
            }
            for f in flags
        ],
        "reputation_events": [
            {
                "kind": e.kind.value,
                "delta": e.delta,
                "post_id": e.post_id,
                "created_at": _iso(e.created_at),
            }
            for e in reputation
        ],
        "moderation_actions": [
            {"action": a.action, "reason": a.reason, "created_at": _iso(a.created_at)}
            for a in actions
        ],
        "api_tokens": [
            {
                "name": t.name,
                "prefix": t.prefix,
                "created_at": _iso(t.created_at),
                "last_used_at": _iso(t.last_used_at),
                "revoked_at": _iso(t.revoked_at),
            }
            for t in api_tokens
        ],
        **extra,
    }


def _export_account_extras(session: Session, user: User) -> dict:
    """Logins, follows, ignored topics, mail, marks, close votes and suggested edits: the
    account's newer tables."""

    def rows(model, *order):
        return session.scalars(select(model).where(model.user_id == user.id).order_by(*order))

    return {
        "login_sessions": [
            {
                "device": r.device,
                "method": r.method,
                "created_at": _iso(r.created_at),
                "last_seen_at": _iso(r.last_seen_at),
                "expires_at": _iso(r.expires_at),
                "ended_at": _iso(r.ended_at),
                "end_reason": r.end_reason,
            }
            for r in rows(LoginSession, LoginSession.id)
        ],
        "organisation_accounts": [
            {
                "issuer": i.issuer,
                "subject": i.subject,
                "created_at": _iso(i.created_at),
                "last_login_at": _iso(i.last_login_at),
            }
            for i in rows(SsoIdentity, SsoIdentity.id)
        ],
        "member_follows": [
            {"member_id": f.member_id, "created_at": _iso(f.created_at)}
            for f in rows(MemberFollow, MemberFollow.id)
        ],
        "topic_ignores": [
            {"topic_id": i.topic_id, "created_at": _iso(i.created_at)}
            for i in rows(TopicIgnore, TopicIgnore.id)
        ],
        "mail_preferences": [
            {"category": p.category, "frequency": p.frequency, "updated_at": _iso(p.updated_at)}
            for p in rows(MailPreference, MailPreference.category)
        ],
        "herkenbaar_marks": [
            {"post_id": h.post_id, "created_at": _iso(h.created_at)}
            for h in rows(Herkenbaar, Herkenbaar.id)
        ],
        "close_votes": [
            {
                "question_id": v.question_id,
                "kind": v.kind.value,
                "reason": v.reason.value if v.reason else None,
                "duplicate_of_id": v.duplicate_of_id,
                "created_at": _iso(v.created_at),
            }
            for v in rows(CloseVote, CloseVote.id)
        ],
        "suggested_edits": [
            {
                "post_id": e.post_id,
                "title": e.title,
                "body_markdown": e.body_markdown,
                "edit_summary": e.edit_summary,
                "status": e.status.value,
                "review_note": e.review_note,
                "created_at": _iso(e.created_at),
                "reviewed_at": _iso(e.reviewed_at),
            }
            for e in session.scalars(
                select(SuggestedEdit)
                .where(SuggestedEdit.author_id == user.id)
                .order_by(SuggestedEdit.id)
            )
        ],
        "mails": [
            {
                "category": m.category,
                "subject": m.subject,
                "text_body": m.text_body,
                "status": m.status,
                "created_at": _iso(m.created_at),
                "sent_at": _iso(m.sent_at),
            }
            for m in rows(MailOutbox, MailOutbox.id)
        ],
    }


def delete_account(session: Session, user: User) -> None:
    """Delete a member's account: posts stay, shown as "verwijderd lid"; nothing identifies them.

    Scrubs the e-mail address, names and password, revokes every API token, ends every
    session and drops follows, notifications and profile topics. Votes and the reputation
    ledger stay, so scores and other members' reputation do not change.
    """
    if user.deleted_at is not None:
        raise NotAllowed("Dit account is al verwijderd.")
    user.deleted_at = utcnow()
    user.email = f"verwijderd-{user.id}@verwijderd.invalid"
    user.display_name = DELETED_NAME
    user.organisation = ""
    user.function = ""
    user.about = ""
    user.suspension_reason = ""
    # Not a valid Argon2 hash, so no password can ever match it.
    user.password_hash = "!deleted:" + secrets.token_hex(16)
    user.session_version += 1
    sessions.forget_all(session, user)
    user.expertise = []
    user.specialist_topics = []
    tokens.revoke_all(session, user)
    for follow in session.scalars(select(Follow).where(Follow.user_id == user.id)).all():
        if follow.topic_id is not None:
            follows.unfollow_topic(session, user, session.get(Topic, follow.topic_id))
    session.execute(delete(Follow).where(Follow.user_id == user.id))
    session.execute(delete(Notification).where(Notification.user_id == user.id))
    session.execute(
        delete(MemberFollow).where(
            (MemberFollow.user_id == user.id) | (MemberFollow.member_id == user.id)
        )
    )
    for model in (TopicIgnore, MailPreference, MailOutbox, SsoIdentity):
        session.execute(delete(model).where(model.user_id == user.id))
    user.feed_version += 1  # every feed address of the member stops working
    session.flush()


def export_on_request(session: Session, actor: User, member: User, reference: str) -> dict:
    """A moderator exports a member's data on their request; the audit log records it."""
    _check_request(actor, member)
    reference = clean_reason(reference, required=True)
    record_action(session, actor, "avg_export", user=member, reason=reference)
    return export_member_data(session, member)


def delete_on_request(session: Session, actor: User, member: User, reference: str) -> None:
    """A moderator deletes a member's account on their request; the audit log records it."""
    _check_request(actor, member)
    reference = clean_reason(reference, required=True)
    record_action(session, actor, "avg_delete", user=member, reason=reference)
    delete_account(session, member)


def _check_request(actor: User, member: User) -> None:
    permissions.require(
        actor,
        "avg_request",
        member,
        "Alleen moderators handelen AVG-verzoeken af; van een moderator alleen een beheerder, "
        "en je eigen gegevens regel je via je profiel.",
    )
    if member.deleted_at is not None:
        raise NotAllowed("Dit account is al verwijderd.")
