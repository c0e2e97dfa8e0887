"""Members flag posts and comments; thema-specialists endorse answers."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for

from kenme import permissions
from kenme.errors import NotFound
from kenme.extensions import db
from kenme.models import Comment, Post, PostType
from kenme.services import endorsements, flags, outdated, threads
from kenme.services.audit import comment_path, post_path
from kenme.web.moderation.forms import EndorseForm, FlagForm
from kenme.web.posting import member, one_click, submit

bp = Blueprint("reports", __name__)
FLAGGED = "Bedankt voor je melding. Een moderator kijkt ernaar."
FLAGGED_AND_HIDDEN = (
    "Bedankt voor je melding. Omdat het om persoonsgegevens gaat, is de tekst meteen verborgen "
    "tot een moderator ernaar heeft gekeken."
)


def _comment(comment_id: int) -> Comment:
    comment = db.session.get(Comment, comment_id)
    viewer = member()
    if (
        comment is None
        or not (comment.is_visible or permissions.can_moderate(viewer))
        or not permissions.can_see_post(viewer, comment.post)
    ):
        raise NotFound("Deze reactie bestaat niet (meer) of is niet zichtbaar.")
    return comment


def _after_flag(target: Post | Comment) -> str:
    """Back to the thread if the member can still see it, else to the start page."""
    thread = (target.post if isinstance(target, Comment) else target).question
    if permissions.can_see_post(member(), thread):
        return comment_path(target) if isinstance(target, Comment) else post_path(target)
    return url_for("main.index")


def _flag(target: Post | Comment, action_url: str):
    form = FlagForm()
    status = 200
    if form.validate_on_submit():
        outcome = submit(
            form,
            lambda _confirmations: flags.flag(
                db.session, member(), target, form.reason.data, form.note.data or ""
            ),
            {},
        )
        if outcome.ok:
            hidden = not target.is_visible
            db.session.commit()
            flash(FLAGGED_AND_HIDDEN if hidden else FLAGGED, "success")
            return redirect(_after_flag(target))
        status = outcome.status
    elif form.is_submitted():
        status = 400
    viewer = member()
    post = target.post if isinstance(target, Comment) else target
    own = target.author_id == viewer.id
    limited = None  # what a member may flag: None (everything) or why only persoonsgegevens
    if own:
        limited = flags.OWN_POST
    elif not permissions.allowed(viewer, "flag", post):
        needed = permissions.community_settings()["flag"]
        limited = permissions.privilege_refusal("flag", needed, viewer.reputation)
    return render_template(
        "moderation/flag.html", form=form, target=target, action_url=action_url, limited=limited
    ), status


@bp.route("/berichten/<int:post_id>/melden", methods=["GET", "POST"])
def flag_post(post_id: int):
    """Ask the moderators to look at a question, answer, aanplakker or contribution."""
    post = threads.get_post(db.session, member(), post_id)
    return _flag(post, url_for("reports.flag_post", post_id=post.id))


@bp.route("/reacties/<int:comment_id>/melden", methods=["GET", "POST"])
def flag_comment(comment_id: int):
    """Ask the moderators to look at a comment."""
    comment = _comment(comment_id)
    return _flag(comment, url_for("reports.flag_comment", comment_id=comment.id))


@bp.route("/antwoorden/<int:answer_id>/nog-actueel", methods=["POST"])
def confirm_current(answer_id: int):
    """A thema-specialist (or moderator) marks an outdated-looking answer "nog actueel"."""
    answer = threads.get_post(db.session, member(), answer_id, PostType.ANSWER)
    form = EndorseForm()
    return one_click(
        form,
        lambda: outdated.confirm_current(db.session, member(), answer),
        back=post_path(answer),
        message=lambda since: (
            f"Het antwoord staat nu als nog actueel na {outdated.dutch_day(since)} gemarkeerd."
        ),
    )


@bp.route("/antwoorden/<int:answer_id>/bekrachtigen", methods=["POST"])
def endorse(answer_id: int):
    """Endorse an answer as thema-specialist (endorsed=0 withdraws)."""
    answer = threads.get_post(db.session, member(), answer_id, PostType.ANSWER)
    form = EndorseForm()
    withdraw = form.endorsed.data == "0"
    return one_click(
        form,
        lambda: (
            endorsements.withdraw(db.session, member(), answer)
            if withdraw
            else endorsements.endorse(db.session, member(), answer)
        ),
        back=post_path(answer),
        message=(
            "Je bekrachtiging is ingetrokken."
            if withdraw
            else "Je hebt dit antwoord bekrachtigd als thema-specialist."
        ),
    )
