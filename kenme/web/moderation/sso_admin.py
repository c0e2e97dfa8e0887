"""Beheerders keep the organisations that log in with their own account (decision 0021)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField

from kenme.errors import ValidationFailed
from kenme.extensions import db
from kenme.permissions import admin_required
from kenme.services import sso, sso_admin
from kenme.web.forms import EmptyForm
from kenme.web.posting import member

bp = Blueprint("sso_admin", __name__, url_prefix="/moderatie/organisaties")


class IssuerForm(FlaskForm):
    organisation = StringField("Organisatie")
    connection = SelectField("Inlogdienst")
    value = StringField("Issuer of tenant-id")
    submit = SubmitField("Toevoegen")


def _issuer_form(formdata=None) -> IssuerForm:
    form = IssuerForm(formdata=formdata)
    form.connection.choices = [(c.name, c.label) for c in sso.connections().values()]
    return form


def _page(form: IssuerForm, status: int = 200):
    return render_template(
        "moderation/organisations.html",
        form=form,
        organisations=sso.organisations(db.session),
        connections=sso.connections(),
        button=EmptyForm(),
    ), status


@bp.route("", methods=["GET", "POST"])
@admin_required
def index():
    """The allowlist: organisations, their issuers or tenants, and the password switch."""
    form = _issuer_form(request.form if request.method == "POST" else None)
    if not form.validate_on_submit():
        return _page(form, 400 if form.is_submitted() else 200)
    conn = sso.connections().get(form.connection.data or "")
    if conn is None:
        form.connection.errors.append("Kies een inlogdienst.")
        return _page(form, 400)
    try:
        sso_admin.add_issuer(
            db.session,
            member(),
            organisation=form.organisation.data or "",
            conn=conn,
            value=form.value.data or "",
        )
    except ValidationFailed as error:
        db.session.rollback()
        getattr(form, error.field or "value", form.value).errors.append(error.message)
        return _page(form, 400)
    db.session.commit()
    flash("De organisatie kan nu inloggen met haar eigen account.", "success")
    return redirect(url_for("sso_admin.index"))


@bp.route("/<int:organisation_id>/wachtwoord", methods=["POST"])
@admin_required
def password_login(organisation_id: int):
    """Switch password login off (``uit``) or on (``aan``) for the organisation's members."""
    if not EmptyForm().validate_on_submit() or request.form.get("stand") not in ("uit", "aan"):
        return _page(_issuer_form(), 400)
    off = request.form["stand"] == "uit"
    sso_admin.set_password_login(db.session, member(), organisation_id, off=off)
    db.session.commit()
    flash(
        "Wachtwoord-inloggen staat uit voor deze organisatie."
        if off
        else "Wachtwoord-inloggen staat weer aan voor deze organisatie.",
        "success",
    )
    return redirect(url_for("sso_admin.index"))


@bp.route("/issuer/<int:issuer_id>/verwijderen", methods=["POST"])
@admin_required
def remove_issuer(issuer_id: int):
    """Take one issuer off the list."""
    if not EmptyForm().validate_on_submit():
        return _page(_issuer_form(), 400)
    sso_admin.remove_issuer(db.session, member(), issuer_id)
    db.session.commit()
    flash("De issuer is van de lijst gehaald.", "success")
    return redirect(url_for("sso_admin.index"))


@bp.route("/<int:organisation_id>/verwijderen", methods=["POST"])
@admin_required
def remove_organisation(organisation_id: int):
    """Take an organisation and its issuers off the list."""
    if not EmptyForm().validate_on_submit():
        return _page(_issuer_form(), 400)
    sso_admin.remove_organisation(db.session, member(), organisation_id)
    db.session.commit()
    flash("De organisatie is van de lijst gehaald.", "success")
    return redirect(url_for("sso_admin.index"))
