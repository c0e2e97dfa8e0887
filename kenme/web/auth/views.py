"""Register, verify, log in and out, and recover a password."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user

from kenme.errors import ValidationFailed
from kenme.extensions import db, limiter
from kenme.permissions import public
from kenme.services import accounts
from kenme.services.mail import send_mail
from kenme.services.privacy_gate import PersonalDataRefused
from kenme.web.auth import lockout, logins, sso
from kenme.web.auth.forms import (
    LoginForm,
    NewPasswordForm,
    RegisterForm,
    ResendVerificationForm,
    ResetRequestForm,
)
from kenme.web.forms import EmptyForm
from kenme.web.privacy.review import refusal_review

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Return a local path to go to after login; never another host."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("main.index")


def send_verification(user) -> None:
    link = url_for("auth.verify", token=accounts.make_verify_token(user), _external=True)
    send_mail(
        user.email,
        "Bevestig je e-mailadres voor KenMe",
        render_template("auth/mail_verify.txt", user=user, link=link),
    )


def _send_already_registered(user) -> None:
    """Tell the owner of an address that someone tried to register with it."""
    send_mail(
        user.email,
        "Je hebt al een account bij KenMe",
        render_template(
            "auth/mail_already_registered.txt",
            user=user,
            login=url_for("auth.login", _external=True),
            reset=url_for("auth.reset_request", _external=True),
        ),
    )


def _register_email_key() -> str:
    return "register-email:" + request.form.get("email", "").strip().lower()


@bp.route("/registreren", methods=["GET", "POST"])
@public
@limiter.limit("20/hour", methods=["POST"])
@limiter.limit("5/hour", methods=["POST"], key_func=_register_email_key)
def register():
    """Sign up; the address must be verified before the first login."""
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = RegisterForm()
    review = None
    if form.validate_on_submit():
        data = accounts.Registration(
            display_name=form.display_name.data,
            email=form.email.data,
            organisation=form.organisation.data,
            function=form.function.data,
            password=form.password.data,
        )
        try:
            outcome = accounts.register(db.session, data)
        except ValidationFailed as error:
            db.session.rollback()
            getattr(form, error.field or "email").errors.append(error.message)
            if isinstance(error, PersonalDataRefused):
                review = refusal_review(form, error)
        else:
            db.session.commit()
            user = outcome.user
            if outcome.created or not user.is_verified:
                send_verification(user)
            else:
                _send_already_registered(user)
            # The same page for a new and a known address: it tells no one which it was.
            return render_template(
                "auth/check_mail.html", email=accounts.normalise_email(data.email)
            )
    return render_template("auth/register.html", form=form, review=review)


@bp.route("/registreren/bevestigen/<token>")
@public
def verify(token: str):
    """Confirm the e-mail address from the link in the mail."""
    try:
        user = accounts.verify_email(db.session, token)
    except accounts.TokenInvalid as error:
        db.session.rollback()
        return render_template("auth/link_invalid.html", message=error.message), 400
    db.session.commit()
    if user.is_approved:
        flash("Je e-mailadres is bevestigd. Je kunt nu inloggen.", "success")
    else:
        flash(
            "Je e-mailadres is bevestigd. Een moderator keurt je account zo snel mogelijk goed; "
            "je krijgt dan bericht.",
            "info",
        )
    return redirect(url_for("auth.login"))


@bp.route("/registreren/opnieuw", methods=["GET", "POST"])
@public
@limiter.limit("5/hour", methods=["POST"])
def resend_verification():
    """Send a fresh verification link; the answer never reveals whether an account exists."""
    form = ResendVerificationForm()
    if form.validate_on_submit():
        user = accounts.find_by_email(db.session, form.email.data)
        if user is not None and not user.is_verified:
            send_verification(user)
        flash(
            "Als er een onbevestigd account bij dit adres hoort, is er een nieuwe link gestuurd.",
            "info",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/resend.html", form=form)


def _login_failed(response) -> bool:
    return bool(g.get("login_failed"))


def _address_limit() -> str:
    return current_app.config["LOGIN_ADDRESS_RATE_LIMIT"]


@bp.route("/inloggen", methods=["GET", "POST"])
@public
@limiter.limit(_address_limit, methods=["POST"], deduct_when=_login_failed)
def login():
    """Log in; failures back off per account, and are limited per network address."""
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        email = form.email.data
        until = lockout.locked_until(email)
        if until is not None:
            g.login_failed = True
            form.form_errors.append(_locked_message(until))
            return render_template("auth/login.html", form=form), 429
        try:
            user = accounts.authenticate(db.session, email, form.password.data)
        except accounts.LoginRefused as error:
            g.login_failed = True
            db.session.rollback()
            form.form_errors.append(error.message)
            if isinstance(error, accounts.WrongCredentials):
                until = lockout.record_failure(email)
                if until is not None:
                    form.form_errors.append(_locked_message(until))
                    status = 429
        else:
            lockout.record_success(email)
            logins.begin(user, remember=bool(form.remember.data))
            flash(f"Welkom terug, {user.display_name}.", "success")
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form), status


def _locked_message(until) -> str:
    return (
        "Er is te vaak een verkeerd wachtwoord ingevuld voor dit e-mailadres, dus inloggen "
        "is even geblokkeerd. " + lockout.wait_message(until) + " Weet je je wachtwoord "
        "niet meer? Kies dan een nieuw wachtwoord via 'Wachtwoord vergeten'."
    )


@bp.route("/uitloggen", methods=["POST"])
def logout():
    """Log out (POST with CSRF, so no link can log a member out)."""
    form = EmptyForm()
    if form.validate_on_submit():
        at_provider = session.get(sso.LOGOUT_KEY)
        logins.end_current()
        flash("Je bent uitgelogd.", "success")
        # Logged in through the organisation: end that session too, where it can be ended.
        response = sso.logout_at_provider(at_provider)
        if response is not None:
            return response
    return redirect(url_for("auth.login"))


@bp.route("/wachtwoord-vergeten", methods=["GET", "POST"])
@public
@limiter.limit("5/hour", methods=["POST"])
def reset_request():
    """Mail a reset link; the answer never reveals whether an account exists."""
    form = ResetRequestForm()
    if form.validate_on_submit():
        user = accounts.find_by_email(db.session, form.email.data)
        if user is not None and user.deleted_at is None:
            link = url_for(
                "auth.reset_password", token=accounts.make_reset_token(user), _external=True
            )
            send_mail(
                user.email,
                "Nieuw wachtwoord kiezen voor KenMe",
                render_template("auth/mail_reset.txt", user=user, link=link),
            )
        flash(
            "Als er een account bij dit adres hoort, hebben we een link gestuurd om een nieuw "
            "wachtwoord te kiezen. De link is 2 uur geldig.",
            "info",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_request.html", form=form)


@bp.route("/wachtwoord-herstellen/<token>", methods=["GET", "POST"])
@public
def reset_password(token: str):
    """Choose a new password from a valid, unused link."""
    try:
        user = accounts.user_for_reset_token(db.session, token)
    except accounts.TokenInvalid as error:
        return render_template("auth/link_invalid.html", message=error.message), 400
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            accounts.set_password(user, form.password.data)
        except ValidationFailed as error:
            db.session.rollback()
            form.password.errors.append(error.message)
        else:
            if user.email_verified_at is None:
                # The link reached the inbox, which proves the address.
                accounts.verify_email(db.session, accounts.make_verify_token(user))
            db.session.commit()
            flash("Je wachtwoord is gewijzigd. Log in met je nieuwe wachtwoord.", "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form)
