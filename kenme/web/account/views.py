"""The member's own account: where they are logged in, and their AVG rights.

``/profiel/sessies`` lists and ends logins; ``/profiel/gegevens`` downloads all their data
(JSON, and a readable HTML page) and ``/profiel/verwijderen`` deletes the account after a
confirmation step (decision 0017).
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from kenme.errors import DomainError
from kenme.extensions import db
from kenme.models.types import dutch_today, utcnow
from kenme.services import avg, sessions
from kenme.services.passwords import verify_password
from kenme.web.account.forms import DeleteAccountForm
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


# --- AVG: a copy of all my data, and deleting my account ------------------------------------

SECTION_LABELS = {
    "profile": "Profiel",
    "posts": "Vragen en antwoorden",
    "revisions": "Versies van je berichten",
    "comments": "Reacties",
    "votes": "Stemmen",
    "endorsements": "Bekrachtigingen",
    "follows": "Wat je volgt",
    "member_follows": "Leden die je volgt",
    "topic_ignores": "Onderwerpen die je negeert",
    "notifications": "Meldingen",
    "mail_preferences": "Mailvoorkeuren",
    "mails": "Mails aan jou",
    "flags": "Je meldingen van berichten",
    "reputation_events": "Reputatie",
    "moderation_actions": "Moderatie over jou",
    "api_tokens": "API-sleutels",
    "login_sessions": "Sessies",
    "organisation_accounts": "Organisatie-accounts (inloggen via je organisatie)",
    "herkenbaar_marks": "Herkenbaar-markeringen",
    "close_votes": "Stemmen om te sluiten of heropenen",
    "suggested_edits": "Voorgestelde bewerkingen",
}


def export_json_response(data: dict, filename_stem: str) -> Response:
    """All of a member's data as a JSON file to save."""
    body = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    name = f"{filename_stem}-{dutch_today().isoformat()}.json"
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def export_html(data: dict, *, download: bool, filename_stem: str) -> Response | str:
    """The same data as a readable page (and as a file to save, when asked)."""
    html = render_template("account/export.html", data=data, labels=SECTION_LABELS)
    if not download:
        return html
    name = f"{filename_stem}-{dutch_today().isoformat()}.html"
    return Response(
        html,
        mimetype="text/html",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/gegevens")
def my_data():
    """What KenMe keeps about me, how to get a copy, and how to delete my account."""
    return render_template("account/data.html")


@bp.get("/gegevens/kenme-gegevens.json")
def my_data_json():
    """Download all my data as JSON (the same as the API's /me/export)."""
    return export_json_response(avg.export_member_data(db.session, _member()), "kenme-gegevens")


@bp.get("/gegevens/overzicht")
def my_data_html():
    """All my data as a readable page; ``?opslaan=1`` saves it as a file."""
    data = avg.export_member_data(db.session, _member())
    return export_html(data, download=request.args.get("opslaan") == "1", filename_stem="kenme")


@bp.route("/verwijderen", methods=["GET", "POST"])
def delete_my_account():
    """Delete my account after a confirmation step: the password again and a box ticked."""
    user = _member()
    form = DeleteAccountForm()
    if not user.password_hash:
        # An account of the organisation has no password: the login itself is the proof.
        del form.password
    if form.validate_on_submit():
        if form.password and not verify_password(user.password_hash, form.password.data):
            form.password.errors.append("Dit wachtwoord klopt niet.")
        else:
            avg.delete_account(db.session, user)
            db.session.commit()
            logins.end_current()
            flash(
                "Je account is verwijderd. Je vragen en antwoorden blijven staan onder de naam "
                f"'{avg.DELETED_NAME}'.",
                "success",
            )
            return redirect(url_for("auth.login"))
    status = 400 if form.errors else 200
    return render_template("account/delete.html", form=form), status
