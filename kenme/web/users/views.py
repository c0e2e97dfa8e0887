"""Member profiles: who they are and what they contributed."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from kenme import permissions
from kenme.extensions import db
from kenme.services import accounts, follows, question_lists, threads
from kenme.web.posting import member

bp = Blueprint("users", __name__, url_prefix="/leden")


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
