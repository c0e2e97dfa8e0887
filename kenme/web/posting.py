"""How views call a service: domain errors become form errors, privacy reviews or statuses.

Views stay thin: parse with a form, hand one service call to ``submit`` or ``one_click``,
commit, flash and redirect. NotFound and NotAllowed are left to ``domain_error_page``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import flash, jsonify, redirect, render_template, request
from flask_login import current_user
from flask_wtf import FlaskForm

from kenme.errors import DomainError, ValidationFailed
from kenme.extensions import db
from kenme.models import User
from kenme.services.privacy_gate import PersonalDataFound, PersonalDataRefused
from kenme.web.messages import FORM_EXPIRED
from kenme.web.privacy.review import (
    CONFIRM_FIELD,
    PrivacyReview,
    build_review,
    confirmations,
    refusal_review,
)

ERROR_TITLES = {
    400: "Ongeldig verzoek",
    403: "Geen toegang",
    404: "Pagina niet gevonden",
    409: "Dat kan nu niet",
    422: "Persoonsgegevens gevonden",
}


def member() -> User:
    """Return the logged-in member as a model instance (services need the real object)."""
    return current_user._get_current_object()


def preview_html_of(text: str) -> str:
    """A draft rendered as it will be posted, mentions of members linked (safe HTML).

    Hard identifiers are masked first: a preview never shows a BSN, not even one the author
    wrote as HTML entities (which the renderer would turn into the number).
    """
    from kenme.services.mentions import render_post
    from kenme.services.privacy_gate import mask_hard

    return render_post(db.session, mask_hard(text))[0]


def wants_json() -> bool:
    """Whether the client (our fetch calls) asked for JSON rather than a page."""
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def error_json(error: DomainError):
    return jsonify(error={"code": error.code, "message": error.message, **error.details}), (
        error.status
    )


def domain_error_page(error: DomainError):
    """Answer an uncaught domain error with its status and its Dutch message."""
    db.session.rollback()
    if wants_json():
        return error_json(error)
    title = ERROR_TITLES.get(error.status, "Er ging iets mis")
    return render_template(
        "errors/error.html", code=error.status, title=title, text=error.message
    ), error.status


@dataclass
class Outcome:
    """What became of a form submission."""

    ok: bool = False
    value: Any = None
    status: int = 200
    privacy: PrivacyReview | None = None


def field_labels(form: FlaskForm, names: Mapping[str, str]) -> dict[str, str]:
    return {name: form[name].label.text if name in form else name for name in names}


def submit(
    form: FlaskForm, action: Callable[[list[dict]], Any], fields: Mapping[str, str]
) -> Outcome:
    """Call one service with the author's privacy confirmations and report the outcome.

    ``fields`` are the texts the service scans, by the field names it reports. Personal data
    gives a review (HTTP 422) for the form to show, with the author's text kept; validation
    errors and conflicts land on the form. Nothing is committed here.
    """
    ticked = request.form.getlist(CONFIRM_FIELD)
    try:
        value = action(confirmations(fields, ticked))
    except PersonalDataFound as error:
        db.session.rollback()
        review = build_review(fields, field_labels(form, fields), error.findings)
        return Outcome(status=422, privacy=review)
    except PersonalDataRefused as error:  # a field without a confirmation step (edit summary)
        db.session.rollback()
        _field_error(form, error)
        return Outcome(status=422, privacy=refusal_review(form, error))
    except ValidationFailed as error:
        db.session.rollback()
        _field_error(form, error)
        return Outcome(status=400)
    except DomainError as error:
        if error.status in (403, 404):
            raise
        db.session.rollback()
        form.form_errors.append(error.message)
        return Outcome(status=error.status)
    return Outcome(ok=True, value=value)


def _field_error(form: FlaskForm, error: ValidationFailed) -> None:
    """Show a service's validation message at its field, or above the form."""
    target = form[error.field] if error.field and error.field in form else None
    if target is not None and target.type not in ("SubmitField", "CSRFTokenField"):
        target.errors = [*target.errors, error.message]
    else:
        form.form_errors.append(error.message)


def preview_review(form: FlaskForm, fields: Mapping[str, str]) -> PrivacyReview | None:
    """Scan a draft for the preview, so the author sees findings before posting."""
    return build_review(fields, field_labels(form, fields), None, rejected=False)


def one_click(
    form: FlaskForm,
    action: Callable[[], Any],
    *,
    back: str,
    message: Callable[[Any], str] | str,
    as_json: Callable[[Any], dict] | None = None,
    redirect_to: Callable[[Any], str] | None = None,
):
    """Run a one-click action (vote, accept, roll back): commit, then redirect or answer JSON.

    On success the member goes ``back``, or to ``redirect_to(result)`` when given.

    Refusals other than 403/404 come back as a flash message on the page the member was on
    (or as JSON with the error's status).
    """
    try:
        if not form.validate_on_submit():
            raise ValidationFailed(FORM_EXPIRED)
        value = action()
    except DomainError as error:
        if error.status in (403, 404):
            raise
        db.session.rollback()
        if wants_json():
            return error_json(error)
        flash(error.message, "error")
        return redirect(back)
    db.session.commit()
    if wants_json() and as_json is not None:
        return jsonify(as_json(value))
    flash(message if isinstance(message, str) else message(value), "success")
    return redirect(redirect_to(value) if redirect_to is not None else back)
