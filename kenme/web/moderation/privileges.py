"""Admins set the reputation thresholds of the privileges and the close-vote count."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField

from kenme import permissions
from kenme.extensions import db
from kenme.permissions import action_required
from kenme.services import privileges
from kenme.web.posting import member, submit

bp = Blueprint("privileges", __name__, url_prefix="/moderatie/rechten")
SAVED = "De drempels zijn opgeslagen."
UNCHANGED = "Er is niets gewijzigd."


def settings_form(values: dict[str, int], formdata=None) -> FlaskForm:
    """One number field per privilege threshold and per setting, filled with today's values."""

    class SettingsForm(FlaskForm):
        submit = SubmitField("Opslaan")

    for privilege in permissions.PRIVILEGES:
        setattr(SettingsForm, privilege.key, StringField(privilege.label))
    for setting in permissions.SETTINGS:
        setattr(SettingsForm, setting.key, StringField(setting.label))
    return SettingsForm(formdata=formdata, data={k: str(v) for k, v in values.items()})


@bp.route("", methods=["GET", "POST"])
@action_required("edit_settings")
def edit():
    """Show and change the thresholds (beheerders only); every change goes into the log."""
    values = permissions.community_settings()
    form = settings_form(values, request.form if request.method == "POST" else None)
    status = 200
    if form.validate_on_submit():
        keys = [p.key for p in permissions.PRIVILEGES] + [s.key for s in permissions.SETTINGS]
        outcome = submit(
            form,
            lambda _confirmations: privileges.update_settings(
                db.session, member(), {key: form[key].data for key in keys}
            ),
            {},
        )
        if outcome.ok:
            db.session.commit()
            flash(SAVED if outcome.value else UNCHANGED, "success")
            return redirect(url_for("privileges.edit"))
        status = outcome.status
    elif form.is_submitted():
        status = 400
    return render_template(
        "moderation/privileges.html",
        form=form,
        privileges=permissions.PRIVILEGES,
        settings=permissions.SETTINGS,
        defaults=permissions.defaults(),
    ), status
