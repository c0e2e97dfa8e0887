"""Log in with the organisation's account: the OpenID Connect redirect flow (Authlib).

Authlib keeps state, nonce and the PKCE verifier in the session cookie, exchanges the code,
and checks the ID token's signature against the provider's JWKS, its audience, expiry and
nonce. The issuer check is ours (``sso.issuer_matches``: per tenant for Entra ID), then the
allowlist and the account rules in kenme/services/sso.py (decision 0021). Every refusal gets
a Dutch page and one log line with a fixed reason code: no token, no claim.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    session,
    url_for,
)
from flask_login import current_user

from kenme.extensions import db, limiter
from kenme.permissions import public
from kenme.services import sso
from kenme.web.auth import logins

bp = Blueprint("sso", __name__, url_prefix="/inloggen/organisatie")
METHOD = "organisatie-account"
LOGOUT_KEY = "kenme_sso_logout"  # in the session: (connection, id token) for RP-initiated logout
EXTENSION = "kenme_oauth"

FAILURES = {
    "state": (
        "Deze inlogpoging is verlopen of al gebruikt. Begin opnieuw bij 'Inloggen met je "
        "organisatie-account'."
    ),
    "wrong_issuer": (
        "Het antwoord kwam niet van de organisatie waar je inlogde. Probeer het opnieuw."
    ),
    "wrong_audience": "Het antwoord van je organisatie was niet voor KenMe bestemd.",
    "expired": "Het antwoord van je organisatie was verlopen. Probeer het opnieuw.",
    "nonce": (
        "Het antwoord van je organisatie hoorde niet bij deze inlogpoging. Probeer het opnieuw."
    ),
    "token": "Het antwoord van je organisatie was ongeldig. Probeer het opnieuw.",
    "provider_error": "Je organisatie heeft het inloggen niet toegestaan of afgebroken.",
    "provider_unreachable": (
        "De inlogdienst van je organisatie is nu niet bereikbaar. Probeer het later opnieuw."
    ),
}

CLAIM_FAILURES = {
    "iss": "wrong_issuer",
    "aud": "wrong_audience",
    "nonce": "nonce",
    "exp": "expired",
}


def init_sso(app: Flask) -> None:
    """Register one Authlib client per configured connection, on this app only.

    Without connections Authlib is not imported at all: it and what it loads (requests,
    cryptography, joserfc) took ~37 MB in every worker (decision 0050).
    """
    with app.app_context():
        connections = sso.connections()
    if not connections:
        app.extensions[EXTENSION] = None
        return
    from authlib.integrations.flask_client import OAuth

    oauth = OAuth(app)
    app.extensions[EXTENSION] = oauth
    with app.app_context():
        for conn in connections.values():
            oauth.register(
                conn.name,
                client_id=conn.client_id,
                client_secret=conn.client_secret,
                server_metadata_url=conn.metadata_url,
                client_kwargs={
                    "scope": conn.scope,
                    "code_challenge_method": "S256",
                    "default_timeout": app.config["SSO_HTTP_TIMEOUT"],
                },
            )


def _client(conn: sso.Connection):
    return current_app.extensions[EXTENSION].create_client(conn.name)


def _failure_page(reason: str, conn_name: str, message: str, status: int = 400):
    db.session.rollback()
    sso.audit(reason, conn_name)
    return render_template("auth/sso_error.html", message=message), status


@bp.route("")
@public
def choose():
    """The connections a colleague can log in through."""
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    choices = [conn for conn in sso.connections().values() if sso.has_issuers(db.session, conn)]
    return render_template("auth/sso_choose.html", choices=choices)


@bp.route("/<name>")
@public
@limiter.limit("30/minute")
def start(name: str):
    """Send the browser to the organisation's login page, with state, nonce and PKCE."""
    try:
        conn = sso.connection(name)
    except sso.SsoRefused:
        abort(404)
    if not sso.has_issuers(db.session, conn):
        return _failure_page("unknown_issuer", name, sso.MESSAGES["unknown_issuer"], 403)
    return _client(conn).authorize_redirect(url_for("sso.callback", name=name, _external=True))


@bp.route("/<name>/terug")
@public
@limiter.limit("30/minute")
def callback(name: str):
    """Take the code back, check the ID token, and log the member in (or say why not)."""
    from authlib.integrations.base_client import MismatchingStateError, OAuthError
    from joserfc.errors import ClaimError, ExpiredTokenError, JoseError
    from requests import RequestException

    try:
        conn = sso.connection(name)
    except sso.SsoRefused:
        abort(404)
    client = _client(conn)
    try:
        metadata_issuer = client.load_server_metadata().get("issuer")
        token = client.authorize_access_token(
            claims_options={
                "iss": {
                    "essential": True,
                    "validate": lambda claims, _value: sso.issuer_matches(
                        conn, claims, metadata_issuer
                    ),
                },
                "aud": {"essential": True, "value": conn.client_id},
            },
            leeway=60,
        )
    except MismatchingStateError:
        return _failure_page("state", name, FAILURES["state"])
    except OAuthError:
        return _failure_page("provider_error", name, FAILURES["provider_error"])
    except RequestException:
        return _failure_page("provider_unreachable", name, FAILURES["provider_unreachable"], 502)
    except ExpiredTokenError:
        return _failure_page("expired", name, FAILURES["expired"])
    except ClaimError as error:
        reason = CLAIM_FAILURES.get(error.claim, "token")
        return _failure_page(reason, name, FAILURES[reason])
    except JoseError:  # a bad signature, a key not in the provider's JWKS, a malformed token
        return _failure_page("token", name, FAILURES["token"])
    claims = token.get("userinfo")
    if not claims:  # no ID token: nothing was checked, so nothing counts
        return _failure_page("token", name, FAILURES["token"])
    try:
        outcome = sso.login(db.session, conn, claims)
    except sso.SsoRefused as refused:
        return _failure_page(refused.reason, name, str(refused), 403)
    if outcome.refusal is not None:
        if not outcome.created:  # suspended, deleted ...: nothing is stored, not even a link
            return _failure_page("refused_account", name, outcome.refusal, 403)
        # A new account that waits (approval, its address) is kept, as after registration.
        db.session.commit()
        if outcome.user.email_verified_at is None:
            from kenme.web.auth.views import send_verification

            send_verification(outcome.user)
        sso.audit("waiting_account", name, user_id=outcome.user.id)
        return render_template("auth/sso_error.html", message=outcome.refusal), 403
    db.session.commit()
    what = "created" if outcome.created else "linked" if outcome.linked else "known"
    sso.audit(what, name, user_id=outcome.user.id)
    logins.begin(outcome.user, remember=False, method=METHOD)
    session[LOGOUT_KEY] = [name, token.get("id_token", "")]
    flash(f"Welkom, {outcome.user.display_name}.", "success")
    return redirect(url_for("main.index"))


def logout_at_provider(saved) -> object | None:
    """After our own logout: a redirect that ends the provider's session too, if it can.

    RP-initiated logout (OpenID Connect) needs the provider's ``end_session_endpoint``;
    without one, or if the provider is away, the member is logged out of KenMe only.
    """
    if not saved or len(saved) != 2:
        return None
    from requests import RequestException

    name, id_token = saved
    conn = sso.connections().get(name)
    if conn is None:
        return None
    client = _client(conn)
    try:
        if not client.load_server_metadata().get("end_session_endpoint"):
            return None
        return client.logout_redirect(
            post_logout_redirect_uri=url_for("auth.login", _external=True),
            id_token_hint=id_token or None,
            client_id=conn.client_id,
        )
    except RequestException:
        return None
