"""The member's own account: where they are logged in (``/profiel/sessies``)."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, url_for
from flask_login import current_user

from kenme.errors import DomainError
from kenme.extensions import db
from kenme.models.types import utcnow
from kenme.services import sessions
from kenme.web.auth import logins
from kenme.web.forms import EmptyForm

bp = Blueprint("account", __name__, url_prefix="/profiel")


def _member():
    """The logged-in member itself (not the proxy), for the services."""
    return current_user._get_current_object()


@bp.get("/sessies")
def login_sessions():
    """List the member's logins: this one, the others that are live, and recent ended ones."""
    return render_template(
        "account/sessions.html",
        records=sessions.list_for(db.session, _member()),
        current_id=g.get(logins.CURRENT),
        now=utcnow(),
        form=EmptyForm(),
    )


@bp.post("/sessies/<int:record_id>/beeindigen")
def end_login_session(record_id: int):
    """End one login at once; ending this browser's own login is logging out."""
    form = EmptyForm()
    if not form.validate_on_submit():
        flash("Het formulier was verlopen. Probeer het opnieuw.", "error")
        return redirect(url_for("account.login_sessions"))
    if record_id == g.get(logins.CURRENT):
        logins.end_current(sessions.ENDED_BY_MEMBER)
        flash("Je bent uitgelogd.", "success")
        return redirect(url_for("auth.login"))
    try:
        record = sessions.end_one(db.session, _member(), record_id)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(f"De sessie in {record.device} is beëindigd.", "success")
    return redirect(url_for("account.login_sessions"))


@bp.post("/sessies/overal-uitloggen")
def end_everywhere():
    """End every login of the member, this one included."""
    form = EmptyForm()
    if not form.validate_on_submit():
        flash("Het formulier was verlopen. Probeer het opnieuw.", "error")
        return redirect(url_for("account.login_sessions"))
    count = sessions.end_all(db.session, _member(), sessions.ENDED_EVERYWHERE)
    db.session.commit()
    logins.end_current(sessions.ENDED_EVERYWHERE)
    word = "sessie" if count == 1 else "sessies"
    flash(f"Je bent overal uitgelogd ({count} {word} beëindigd).", "success")
    return redirect(url_for("auth.login"))
