"""Member profiles: who they are and what they contributed."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, render_template, request

from kenme import permissions
from kenme.extensions import db, limiter
from kenme.mentions import MAX_NAME_CHARS
from kenme.services import accounts, follows, mentions, question_lists, threads
from kenme.web.posting import member

bp = Blueprint("users", __name__, url_prefix="/leden")
NAMES_SHOWN = 8


def _member_key() -> str:
    return f"member:{member().id}"


@bp.route("/<int:user_id>")
def profile(user_id: int):
    """Show a member's profile; their anonymous questions stay hidden from others."""
    user = accounts.get_member(db.session, user_id)
    viewer = member()
    questions = question_lists.list_questions(
        db.session, viewer, author=user, page=request.args.get("vragen", 1), rows=True
    )
    answers = threads.list_answers_by(
        db.session, viewer, user, page=request.args.get("antwoorden", 1)
    )
    own = viewer.id == user.id or permissions.can_moderate(viewer)
    following = viewer.id != user.id and follows.is_following_member(db.session, viewer, user)
    return render_template(
        "users/profile.html",
        user=user,
        questions=questions,
        answers=answers,
        following=following,
        rights=permissions.privilege_overview(user) if own else None,
    )


@bp.route("/namen")
@limiter.limit(lambda: current_app.config["MENTION_NAMES_RATE_LIMIT"], key_func=_member_key)
def names():
    """Display names starting with ``?begin=`` (two characters at least), for the @mention
    type-ahead in static/js/mentions.js: names only, nothing else about the members."""
    begin = request.args.get("begin", "")[:MAX_NAME_CHARS]
    found = mentions.suggest(db.session, begin, limit=NAMES_SHOWN)
    response = jsonify(names=list(dict.fromkeys(user.display_name for user in found)))
    response.headers["Cache-Control"] = "private, no-store"
    return response
