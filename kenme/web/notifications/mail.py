"""Mail preferences per kind of notification, and one-click unsubscribe (RFC 8058)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from kenme.errors import ValidationFailed
from kenme.extensions import csrf, db
from kenme.permissions import public
from kenme.services import mail_preferences as prefs
from kenme.web.forms import EmptyForm
from kenme.web.posting import member

bp = Blueprint("mail_settings", __name__)

SAVED = "Je instellingen voor e-mail zijn opgeslagen."


@bp.route("/meldingen/instellingen", methods=["GET", "POST"])
def preferences():
    """Per kind of notification: direct, daily, weekly or no mail."""
    form = EmptyForm()
    chosen = prefs.preferences(db.session, member())
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        values = {name: request.form[name] for name in prefs.CATEGORIES if name in request.form}
        if not form.validate_on_submit():
            errors["_form"] = "Het formulier is verlopen. Probeer het opnieuw."
        else:
            try:
                prefs.set_preferences(db.session, member(), values)
            except ValidationFailed as error:
                db.session.rollback()
                errors[error.field or "_form"] = error.message
            else:
                db.session.commit()
                flash(SAVED, "success")
                return redirect(url_for("mail_settings.preferences"))
        chosen = {**chosen, **{k: v for k, v in values.items() if v in prefs.FREQUENCIES}}
        status = 400
    return (
        render_template(
            "notifications/preferences.html",
            form=form,
            chosen=chosen,
            categories=prefs.CATEGORIES,
            frequencies=prefs.FREQUENCIES,
            errors=errors,
        ),
        status,
    )


def _link(token: str):
    """The link's member and category, or the Dutch page that says why nothing changes."""
    try:
        link = prefs.read_unsubscribe_token(token)
    except prefs.BadUnsubscribe as error:
        return None, _refused(error.message)
    if current_user.is_authenticated and current_user.id != link.user_id:
        return None, _refused(
            "Deze afmeldlink hoort bij een ander account dan waarmee je bent ingelogd. "
            "Er is niets gewijzigd."
        )
    return link, None


def _refused(message: str):
    return render_template("notifications/unsubscribe.html", refused=message, done=False), 400


@bp.route("/afmelden/<token>", methods=["GET"])
@public
def unsubscribe_page(token: str):
    """Ask to confirm; mail clients use the POST below directly (List-Unsubscribe-Post)."""
    link, refusal = _link(token)
    if refusal:
        return refusal
    return render_template(
        "notifications/unsubscribe.html",
        what=prefs.label_of(link.category),
        token=token,
        done=False,
        refused=None,
        form=EmptyForm(),
    )


@bp.route("/afmelden/<token>", methods=["POST"])
@public
@csrf.exempt
def unsubscribe(token: str):
    """One-click unsubscribe: the signed token is the authorisation, no login needed."""
    link, refusal = _link(token)
    if refusal:
        return refusal
    try:
        prefs.unsubscribe(db.session, link)
    except prefs.BadUnsubscribe as error:
        db.session.rollback()
        return _refused(error.message)
    db.session.commit()
    return render_template(
        "notifications/unsubscribe.html",
        what=prefs.label_of(link.category),
        done=True,
        refused=None,
    )
