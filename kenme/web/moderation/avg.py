"""Moderators act on a member's AVG request: a copy of their data, or deleting the account.

Both ask which request it is (kenmerk), which goes into the audit log with the action;
deleting also asks for a confirmation box. Self-service is on the member's own profile.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for

from kenme.errors import DomainError, NotFound
from kenme.extensions import db
from kenme.models import User
from kenme.permissions import action_required
from kenme.services import avg
from kenme.web.account.forms import AvgDeleteRequestForm, AvgRequestForm
from kenme.web.account.views import export_json_response
from kenme.web.posting import member

bp = Blueprint("moderation_avg", __name__, url_prefix="/moderatie/leden")


def _member(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or user.deleted_at is not None:
        raise NotFound("Dit lid bestaat niet.")
    return user


def _page(user: User, export_form=None, delete_form=None, status: int = 200):
    return render_template(
        "moderation/avg.html",
        user=user,
        export_form=export_form or AvgRequestForm(formdata=None, prefix="inzage"),
        delete_form=delete_form or AvgDeleteRequestForm(formdata=None, prefix="verwijderen"),
    ), status


@bp.get("/<int:user_id>/avg")
@action_required("avg_request")
def show(user_id: int):
    """The two AVG actions for one member."""
    return _page(_member(user_id))


@bp.post("/<int:user_id>/avg/inzage")
@action_required("avg_request")
def export(user_id: int):
    """Download the member's data for their request (recorded in the audit log)."""
    user = _member(user_id)
    form = AvgRequestForm(prefix="inzage")
    if not form.validate_on_submit():
        return _page(user, export_form=form, status=400)
    try:
        data = avg.export_on_request(db.session, member(), user, form.reference.data)
    except DomainError as error:
        db.session.rollback()
        form.reference.errors.append(error.message)
        return _page(user, export_form=form, status=error.status)
    db.session.commit()
    return export_json_response(data, f"kenme-gegevens-lid-{user.id}")


@bp.post("/<int:user_id>/avg/verwijderen")
@action_required("avg_request")
def delete(user_id: int):
    """Delete the member's account for their request (recorded in the audit log)."""
    user = _member(user_id)
    form = AvgDeleteRequestForm(prefix="verwijderen")
    if not form.validate_on_submit():
        return _page(user, delete_form=form, status=400)
    try:
        avg.delete_on_request(db.session, member(), user, form.reference.data)
    except DomainError as error:
        db.session.rollback()
        form.reference.errors.append(error.message)
        return _page(user, delete_form=form, status=error.status)
    db.session.commit()
    flash(
        "Het account is verwijderd; de berichten staan nu onder 'verwijderd lid'. "
        "De actie staat in het logboek.",
        "success",
    )
    return redirect(url_for("moderation_members.index"))
