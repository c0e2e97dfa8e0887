"""Members vote to close or reopen a question from its page (decision 0022)."""

from __future__ import annotations

from flask import Blueprint, url_for
from flask_wtf import FlaskForm
from wtforms import StringField

from kenme.extensions import db
from kenme.models import PostType
from kenme.services import close_votes, threads
from kenme.web.posting import member, one_click

bp = Blueprint("close_votes", __name__)


class CloseVoteForm(FlaskForm):
    close_reason = StringField("Waarom sluiten?")
    duplicate_of = StringField("Bij een dubbele vraag: nummer van de oorspronkelijke vraag")


def _message(outcome, decided: str, counted: str) -> str:
    if outcome.decided:
        return decided
    return f"{counted} Er zijn nu {outcome.votes} van de {outcome.needed} stemmen."


@bp.route("/vragen/<int:question_id>/sluitstem", methods=["POST"])
def close(question_id: int):
    """Vote to close (a moderator closes at once)."""
    question = threads.get_post(db.session, member(), question_id, PostType.QUESTION)
    form = CloseVoteForm()
    return one_click(
        form,
        lambda: close_votes.vote_close(
            db.session,
            member(),
            question,
            form.close_reason.data or "",
            duplicate_of_id=(form.duplicate_of.data or "").strip() or None,
        ),
        back=url_for("questions.show", question_id=question_id, toon=1),
        message=lambda outcome: _message(
            outcome, "De vraag is gesloten.", "Je stem om te sluiten is geteld."
        ),
    )


@bp.route("/vragen/<int:question_id>/heropenstem", methods=["POST"])
def reopen(question_id: int):
    """Vote to reopen (a moderator reopens at once)."""
    question = threads.get_post(db.session, member(), question_id, PostType.QUESTION)
    return one_click(
        FlaskForm(),
        lambda: close_votes.vote_reopen(db.session, member(), question),
        back=url_for("questions.show", question_id=question_id, toon=1),
        message=lambda outcome: _message(
            outcome, "De vraag is heropend.", "Je stem om te heropenen is geteld."
        ),
    )
