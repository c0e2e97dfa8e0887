"""Flags from members, and the moderators' queue, actions and audit log."""

from __future__ import annotations

from sqlalchemy import func, select

from kenme import permissions
from kenme.api.auth import api_user
from kenme.api.errors import validation_failed
from kenme.api.operation import Operations, page_out
from kenme.api.schemas import PageQuery
from kenme.api.schemas_community import (
    FlagCreate,
    FlagOut,
    LogOut,
    LogQuery,
    ModerationActionIn,
    ModerationResultOut,
    QueueOut,
)
from kenme.api.serializers import iso, user_out
from kenme.extensions import db
from kenme.models import Comment, Flag, ModerationAction, Post, User
from kenme.search.engine import thread_url
from kenme.services import flags, moderation
from kenme.services.flags import QueueItem

ops = Operations("moderatie")
MEMBER_ACTIONS = ("suspend", "unsuspend")


def flag_out(item: Flag) -> dict:
    return {
        "id": item.id,
        "post_id": item.post_id,
        "comment_id": item.comment_id,
        "reason": item.reason.value,
        "note": item.note,
        "status": item.status.value,
        "created_at": iso(item.created_at),
    }


def queue_item_out(item: QueueItem) -> dict:
    return {
        "target": "comment" if item.is_comment else "post",
        "post_id": item.post.id,
        "comment_id": item.target.id if item.is_comment else None,
        "thread_id": item.thread.id,
        "url": thread_url(item.thread),
        "count": item.count,
        "reporters": item.reporters,
        "reasons": {reason.value: count for reason, count in item.reasons},
        "personal_data": item.personal_data,
        "visibility": item.target.visibility.value,
        "first_flagged_at": iso(item.first_flagged_at),
        "flags": [
            {
                "id": f.id,
                "reason": f.reason.value,
                "note": f.note,
                "reporter": user_out(f.reporter),
                "created_at": iso(f.created_at),
            }
            for f in item.flags
        ],
    }


def log_entry_out(entry: ModerationAction) -> dict:
    return {
        "id": entry.id,
        "action": entry.action,
        "actor": user_out(entry.actor) if entry.actor is not None else None,
        "post_id": entry.post_id,
        "comment_id": entry.comment_id,
        "user_id": entry.user_id,
        "reason": entry.reason,
        "details": entry.details or {},
        "created_at": iso(entry.created_at),
    }


def _one_target(post_id: int | None, comment_id: int | None) -> Post | Comment | None:
    """Load the post or comment named by exactly one of the two ids."""
    if (post_id is None) == (comment_id is None):
        message = "Geef precies één van post_id en comment_id."
        raise validation_failed({"post_id": message, "comment_id": message})
    if post_id is not None:
        return db.session.get(Post, post_id)
    return db.session.get(Comment, comment_id)


@ops.post("/flags", "createFlag", ok=FlagOut, status=201, errors=(403, 404, 409))
def create_flag(json: FlagCreate):
    """Meld een bericht of reactie bij de moderators (bij persoonsgegevens: direct verborgen)."""
    viewer = api_user()
    target = _one_target(json.post_id, json.comment_id)
    created = flags.flag(db.session, viewer, target, json.reason, json.note)
    db.session.commit()
    return flag_out(created), 201


@ops.get("/moderation/flags", "moderationQueue", ok=QueueOut, errors=(403,))
def moderation_flags(query: PageQuery):
    """Open meldingen per bericht of reactie; persoonsgegevens eerst, dan de oudste."""
    viewer = api_user()
    page = flags.moderation_queue(db.session, viewer, query.page, query.per_page)
    return page_out(page, queue_item_out)


@ops.post("/moderation/actions", "moderationAction", ok=ModerationResultOut, errors=(403, 404, 409))
def moderation_action(json: ModerationActionIn):
    """Voer een moderatie-actie uit; het antwoord noemt de regels die in het logboek kwamen."""
    viewer = api_user()
    permissions.require(viewer, "view_moderation")
    last_before = db.session.scalar(select(func.max(ModerationAction.id))) or 0
    if json.action in MEMBER_ACTIONS:
        if json.user_id is None:
            raise validation_failed({"user_id": "Dit veld is verplicht."})
        member = db.session.get(User, json.user_id)
        if json.action == "suspend":
            moderation.suspend(db.session, viewer, member, json.until, json.reason)
        else:
            moderation.unsuspend(db.session, viewer, member, json.reason)
    else:
        close_reason = json.close_reason or ("dubbel" if json.duplicate_of else "")
        moderation.perform(
            db.session,
            viewer,
            json.action,
            _one_target(json.post_id, json.comment_id),
            reason=json.reason,
            close_reason=close_reason,
            duplicate_of=json.duplicate_of,
            purge_text=json.purge_text or "",
        )
    db.session.commit()
    written = db.session.scalars(
        select(ModerationAction)
        .where(ModerationAction.id > last_before, ModerationAction.actor_id == viewer.id)
        .order_by(ModerationAction.id)
    )
    return {"action": json.action, "log_entries": [log_entry_out(e) for e in written]}


@ops.get("/moderation/log", "moderationLog", ok=LogOut, errors=(403,))
def moderation_log(query: LogQuery):
    """Het logboek van moderatie-acties, nieuwste eerst (nooit verwijderde tekst)."""
    viewer = api_user()
    page = moderation.audit_log(db.session, viewer, query.page)
    return page_out(page, log_entry_out)
