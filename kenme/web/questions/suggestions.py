"""The review queue of suggested edits: read one with its differences, approve or reject."""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField
from wtforms.validators import Length

from kenme import permissions
from kenme.extensions import db
from kenme.models import Revision
from kenme.services import suggested_edits
from kenme.web.posting import member, one_click
from kenme.web.questions.diff import diff_lines, revision_text
from kenme.web.questions.views import post_url

bp = Blueprint("suggestions", __name__, url_prefix="/bewerkingen")
APPROVED = "Het voorstel is goedgekeurd: het bericht heeft een nieuwe versie."
REJECTED = "Het voorstel is afgewezen; het bericht is niet gewijzigd."


class ApproveForm(FlaskForm):
    submit = SubmitField("Goedkeuren")


class RejectForm(FlaskForm):
    note = StringField(
        "Toelichting voor de collega (niet verplicht)",
        validators=[Length(max=300, message="Gebruik hooguit 300 tekens.")],
    )
    submit = SubmitField("Afwijzen")


@bp.route("")
def queue():
    """The suggestions this member may review (their own posts' always; others' by privilege)."""
    viewer = member()
    page = suggested_edits.review_queue(db.session, viewer, request.args.get("page", 1, type=int))
    needed = permissions.community_settings()["review_edits"]
    return render_template(
        "questions/suggestions.html",
        page=page,
        privileged=permissions.allowed(viewer, "review_edits"),
        needed=needed,
    )


def _base_text(suggestion) -> tuple[str, str]:
    """The text the suggestion was written against (its base revision)."""
    base = (
        db.session.query(Revision)
        .filter_by(post_id=suggestion.post_id, number=suggestion.base_revision)
        .one_or_none()
    )
    if base is None:
        return suggestion.post.title, suggestion.post.body_markdown
    return base.title, base.body_markdown


@bp.route("/<int:suggestion_id>")
def show(suggestion_id: int):
    """One suggestion: what changes against the version it was made on, and who decides."""
    viewer = member()
    suggestion = suggested_edits.get_suggestion(db.session, viewer, suggestion_id)
    title, body = _base_text(suggestion)
    post = suggestion.post
    rows = diff_lines(
        revision_text(title if post.is_question else "", body),
        revision_text(suggestion.title if post.is_question else "", suggestion.body_markdown),
    )
    return render_template(
        "questions/suggestion.html",
        suggestion=suggestion,
        post=post,
        rows=rows,
        may_review=suggestion.is_pending and suggested_edits.may_review(viewer, suggestion),
        outdated=suggestion.is_pending and post.revision_count != suggestion.base_revision,
        suggester=suggested_edits.suggester_label(suggestion, viewer),
        reviewer=suggested_edits.reviewer_label(suggestion, viewer),
        approve_form=ApproveForm(formdata=None),
        reject_form=RejectForm(formdata=None),
    )


@bp.route("/<int:suggestion_id>/goedkeuren", methods=["POST"])
def approve(suggestion_id: int):
    """Approve: the suggestion becomes the post's new revision (or nothing changes)."""
    viewer = member()
    suggestion = suggested_edits.get_suggestion(db.session, viewer, suggestion_id)
    post = suggestion.post
    return one_click(
        ApproveForm(),
        lambda: suggested_edits.approve(db.session, viewer, suggestion),
        back=url_for("suggestions.show", suggestion_id=suggestion_id),
        message=APPROVED,
        redirect_to=lambda _revision: post_url(post),
    )


@bp.route("/<int:suggestion_id>/afwijzen", methods=["POST"])
def reject(suggestion_id: int):
    """Reject, with an optional note; the post stays as it is."""
    viewer = member()
    suggestion = suggested_edits.get_suggestion(db.session, viewer, suggestion_id)
    form = RejectForm()
    return one_click(
        form,
        lambda: suggested_edits.reject(db.session, viewer, suggestion, form.note.data or ""),
        back=url_for("suggestions.show", suggestion_id=suggestion_id),
        message=REJECTED,
    )
