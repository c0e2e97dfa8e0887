"""The moderation queue, one-click actions on posts and comments, and the audit log."""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from sqlalchemy import select

from kenme.extensions import db
from kenme.models import Comment, Post, User
from kenme.permissions import action_required
from kenme.services import flags, moderation
from kenme.web.moderation import helpers
from kenme.web.moderation.forms import ModerationActionForm
from kenme.web.posting import member, one_click

bp = Blueprint("moderation", __name__, url_prefix="/moderatie")
helpers.register(bp)

DONE = {
    "dismiss_flags": "De meldingen zijn afgewezen.",
    "hide": "Het bericht is verborgen voor leden.",
    "restore": "Het bericht is weer zichtbaar.",
    "delete": "Het bericht is verwijderd.",
    "undelete": "Het bericht is teruggeplaatst.",
    "lock": "De vraag is vergrendeld.",
    "unlock": "De vraag is ontgrendeld.",
    "close": "De vraag is gesloten.",
    "reopen": "De vraag is heropend.",
    "merge": "De antwoorden staan nu bij de oorspronkelijke vraag.",
    "purge": "De tekst is overal vervangen door [verwijderd], ook in eerdere versies.",
    "feature": "Het antwoord is uitgelicht.",
    "unfeature": "Het antwoord is niet meer uitgelicht.",
}


def safe_next(target: str | None, fallback: str) -> str:
    """A local path to return to; never another host."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return fallback


def _number(value: str | None) -> int | None:
    return int(value) if value and value.strip().isdigit() else None


def _target(form: ModerationActionForm) -> Post | Comment | None:
    comment_id, post_id = _number(form.comment_id.data), _number(form.post_id.data)
    if comment_id is not None:
        return db.session.get(Comment, comment_id)
    if post_id is not None:
        return db.session.get(Post, post_id)
    return None


@bp.route("")
@action_required("view_moderation")
def queue():
    """Show open flags grouped by post or comment, personal data first, oldest first."""
    page = flags.moderation_queue(db.session, member(), request.args.get("page", 1))
    return render_template("moderation/queue.html", page=page)


@bp.route("/acties", methods=["POST"])
@action_required("view_moderation")
def act():
    """Run one moderator action on a post or comment and return to where it was clicked."""
    form = ModerationActionForm()
    action = form.action.data or ""
    return one_click(
        form,
        lambda: moderation.perform(
            db.session,
            member(),
            action,
            _target(form),
            reason=form.reason.data or "",
            close_reason=form.close_reason.data or "",
            duplicate_of=form.duplicate_of.data,
            purge_text=form.purge_text.data or "",
        ),
        back=safe_next(form.next.data, url_for("moderation.queue")),
        message=DONE.get(action, "Gedaan."),
    )


@bp.route("/logboek")
@action_required("view_moderation")
def log():
    """Show every moderator action, newest first."""
    page = moderation.audit_log(db.session, member(), request.args.get("page", 1))
    user_ids = {row.user_id for row in page.items if row.user_id}
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(user_ids)))}
    post_ids = {row.post_id for row in page.items if row.post_id}
    posts = {p.id: p for p in db.session.scalars(select(Post).where(Post.id.in_(post_ids)))}
    return render_template(
        "moderation/log.html", page=page, users=users, posts=posts, form=ModerationActionForm()
    )
