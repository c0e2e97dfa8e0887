"""Personal API tokens on the profile: list with last use, create (shown once), revoke."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from kenme.errors import DomainError
from kenme.extensions import db
from kenme.services import tokens
from kenme.services.privacy_gate import PersonalDataRefused
from kenme.web.forms import EmptyForm
from kenme.web.privacy.review import refusal_review
from kenme.web.tokens.forms import CreateTokenForm

bp = Blueprint("tokens", __name__)


def _member():
    """The logged-in member itself (not the proxy), for the services."""
    return current_user._get_current_object()


@bp.route("/profiel/tokens", methods=["GET", "POST"])
def index():
    """List the member's tokens; a POST creates one and shows it on this response only."""
    form = CreateTokenForm()
    new_token, review = None, None
    if form.validate_on_submit():
        try:
            _token, new_token = tokens.create_token(db.session, _member(), form.name.data)
        except DomainError as error:
            db.session.rollback()
            form.name.errors.append(error.message)
            if isinstance(error, PersonalDataRefused):
                review = refusal_review(form, error)
        else:
            db.session.commit()
            form = CreateTokenForm(formdata=None)
    return render_template(
        "tokens/index.html",
        form=form,
        revoke_form=EmptyForm(),
        tokens=tokens.list_tokens(db.session, _member()),
        new_token=new_token,
        review=review,
    )


@bp.post("/profiel/tokens/<int:token_id>/intrekken")
def revoke(token_id: int):
    """Revoke one of the member's own tokens; it stops working at once."""
    form = EmptyForm()
    if form.validate_on_submit():
        try:
            token = tokens.revoke_token(db.session, _member(), token_id)
        except DomainError as error:
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(f"De sleutel '{token.name}' is ingetrokken en werkt niet meer.", "success")
    return redirect(url_for("tokens.index"))
