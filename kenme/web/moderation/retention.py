"""The retention queue (/moderatie/bewaartermijn): archive or keep the case text of threads
closed longer than KENME_RETENTION_MONTHS (kenme/services/retention.py, decision 0029).

Moderators only (403 for anyone else); plain forms with CSRF, no script needed.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from sqlalchemy import select

from kenme.errors import DomainError
from kenme.extensions import db
from kenme.models import Post, Visibility
from kenme.permissions import action_required
from kenme.services import retention
from kenme.web.moderation.forms import RetentionArchiveForm, RetentionKeepForm
from kenme.web.posting import member

bp = Blueprint("retention", __name__, url_prefix="/moderatie/bewaartermijn")


def _months() -> int:
    return int(current_app.config.get("RETENTION_MONTHS") or 0)


@bp.get("")
@action_required("purge")
def index():
    """The threads waiting for a decision, longest closed first."""
    return render_template(
        "moderation/retention.html", reviews=retention.pending(db.session), months=_months()
    )


def _page(post_id: int, archive_form=None, keep_form=None, status: int = 200):
    review = retention.review_for(db.session, member(), post_id)
    replies = db.session.scalars(
        select(Post)
        .where(Post.parent_id == review.post_id, Post.visibility != Visibility.DELETED)
        .order_by(Post.created_at, Post.id)
    ).all()
    return render_template(
        "moderation/retention_review.html",
        review=review,
        post=review.post,
        case_texts=retention.case_texts(review.post),
        replies=replies,
        months=_months(),
        archive_form=archive_form or RetentionArchiveForm(formdata=None, prefix="archiveren"),
        keep_form=keep_form or RetentionKeepForm(formdata=None, prefix="bewaren"),
    ), status


@bp.get("/<int:post_id>")
@action_required("purge")
def review(post_id: int):
    """One thread: the case text archiving clears, the answers that stay, two decisions."""
    return _page(post_id)


@bp.post("/<int:post_id>/archiveren")
@action_required("purge")
def archive(post_id: int):
    form = RetentionArchiveForm(prefix="archiveren")
    if not form.validate_on_submit():
        return _page(post_id, archive_form=form, status=400)
    try:
        retention.archive(db.session, member(), post_id)
    except DomainError as error:
        db.session.rollback()
        form.confirm.errors.append(error.message)
        return _page(post_id, archive_form=form, status=error.status)
    db.session.commit()
    flash("De casus is gearchiveerd; titel, onderwerpen en antwoorden blijven staan.", "success")
    return redirect(url_for("retention.index"))


@bp.post("/<int:post_id>/bewaren")
@action_required("purge")
def keep(post_id: int):
    form = RetentionKeepForm(prefix="bewaren")
    if not form.validate_on_submit():
        return _page(post_id, keep_form=form, status=400)
    try:
        retention.keep(db.session, member(), post_id, form.reason.data, _months())
    except DomainError as error:
        db.session.rollback()
        form.reason.errors.append(error.message)
        return _page(post_id, keep_form=form, status=error.status)
    db.session.commit()
    months = _months()
    flash(
        f"De casus blijft bewaard; over {months} maanden komt de draad terug in deze lijst."
        if months
        else "De casus blijft bewaard.",
        "success",
    )
    return redirect(url_for("retention.index"))
