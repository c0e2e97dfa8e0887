"""Web blueprints, the closed-community gate, security headers and error pages."""

from __future__ import annotations

from flask import Flask, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, logout_user

from kenme.permissions import is_public
from kenme.services.accounts import refusal_reason

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
# On every response, and on every response to a login session (kept pages set them too:
# kenme/web/questions/page_cache.py).
SECURITY_HEADERS = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
)
SIGNED_IN_HEADERS = (("Cache-Control", "private, no-store"),)
# Only with KENME_ENV=production, where KenMe is served over HTTPS (decision 0017).
PRODUCTION_HEADERS = (
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
)


def security_headers(config) -> tuple[tuple[str, str], ...]:
    """The headers every response gets under this configuration (kept pages too)."""
    if config.get("KENME_ENV") != "production":
        return SECURITY_HEADERS
    hsts = f"max-age={int(config.get('HSTS_MAX_AGE', 63072000))}; includeSubDomains"
    if config.get("HSTS_PRELOAD"):
        hsts += "; preload"
    csp = (("Content-Security-Policy", CSP + "; upgrade-insecure-requests"),)
    return (
        *csp,
        *SECURITY_HEADERS[1:],
        ("Strict-Transport-Security", hsts),
        *PRODUCTION_HEADERS,
    )


def init_web(app: Flask) -> None:
    """Register blueprints, the access gate, headers and error handlers."""
    from kenme.errors import DomainError
    from kenme.web.aanplakker.views import bp as aanplakker_bp
    from kenme.web.account.views import bp as account_bp
    from kenme.web.auth.sso import bp as sso_bp
    from kenme.web.auth.sso import init_sso
    from kenme.web.auth.views import bp as auth_bp
    from kenme.web.csrf_tokens import init_csrf_tokens
    from kenme.web.fragments import init_fragments
    from kenme.web.kennisbank.views import bp as kennisbank_bp
    from kenme.web.main.views import bp as main_bp
    from kenme.web.moderation.avg import bp as moderation_avg_bp
    from kenme.web.moderation.dashboard import bp as moderation_dashboard_bp
    from kenme.web.moderation.members import bp as moderation_members_bp
    from kenme.web.moderation.privileges import bp as privileges_bp
    from kenme.web.moderation.reports import bp as reports_bp
    from kenme.web.moderation.retention import bp as retention_bp
    from kenme.web.moderation.sso_admin import bp as sso_admin_bp
    from kenme.web.moderation.views import bp as moderation_bp
    from kenme.web.notifications.feeds import bp as feeds_bp
    from kenme.web.notifications.mail import bp as mail_settings_bp
    from kenme.web.notifications.views import bp as notifications_bp
    from kenme.web.posting import domain_error_page
    from kenme.web.privacy.views import bp as privacy_bp
    from kenme.web.questions.close_votes import bp as close_votes_bp
    from kenme.web.questions.page_cache import init_page_cache, take_over
    from kenme.web.questions.revisions import bp as revisions_bp
    from kenme.web.questions.suggestions import bp as suggestions_bp
    from kenme.web.questions.views import bp as questions_bp
    from kenme.web.search.thesaurus import bp as thesaurus_bp
    from kenme.web.search.views import bp as search_bp
    from kenme.web.tokens.views import bp as tokens_bp
    from kenme.web.topics.views import bp as topics_bp
    from kenme.web.users.views import bp as users_bp

    init_page_cache(app)
    init_fragments(app)
    init_sso(app)
    for blueprint in (
        main_bp,
        auth_bp,
        sso_bp,
        account_bp,
        questions_bp,
        revisions_bp,
        suggestions_bp,
        close_votes_bp,
        topics_bp,
        users_bp,
        privacy_bp,
        aanplakker_bp,
        notifications_bp,
        mail_settings_bp,
        feeds_bp,
        tokens_bp,
        moderation_bp,
        moderation_members_bp,
        moderation_avg_bp,
        moderation_dashboard_bp,
        privileges_bp,
        sso_admin_bp,
        reports_bp,
        retention_bp,
        kennisbank_bp,
        search_bp,
        thesaurus_bp,
    ):
        app.register_blueprint(blueprint)
    # Ahead of the gate: the member the page cache read needs no second load.
    app.before_request(take_over)
    app.before_request(_closed_community_gate)
    init_csrf_tokens(app)  # after the gate: a member it logs out gets no token
    app.after_request(_security_headers)
    for code in (400, 403, 404, 405, 413, 429, 500):
        app.register_error_handler(code, _error_page)
    app.register_error_handler(DomainError, domain_error_page)


def _closed_community_gate():
    """Let only active members past; anonymous visitors reach only public pages."""
    if request.blueprint == "api":
        return None  # token auth only: the API answers 401 itself, cookies never count
    view = current_app.view_functions.get(request.endpoint or "")
    if current_user.is_authenticated:
        reason = refusal_reason(current_user)
        if reason:
            logout_user()
            flash(reason, "error")
            return redirect(url_for("auth.login"))
        return None
    if request.endpoint is None or request.endpoint == "static" or is_public(view):
        return None
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def _security_headers(response):
    for name, value in security_headers(current_app.config):
        response.headers.setdefault(name, value)
    # Any login session, valid or not: the header needs no load of the member.
    if "_user_id" in session:
        for name, value in SIGNED_IN_HEADERS:
            response.headers.setdefault(name, value)
    return response


ERROR_TEXT = {
    400: ("Ongeldig verzoek", "Het verzoek kon niet worden verwerkt. Probeer het opnieuw."),
    403: ("Geen toegang", "Je hebt geen rechten voor deze pagina of actie."),
    404: ("Pagina niet gevonden", "Deze pagina bestaat niet (meer) of is niet zichtbaar."),
    405: ("Niet toegestaan", "Deze actie kan zo niet worden uitgevoerd."),
    413: ("Te groot", "Wat je verstuurde is te groot. Maak het korter en probeer opnieuw."),
    429: ("Even geduld", "Te veel pogingen in korte tijd. Wacht even en probeer het opnieuw."),
    500: ("Er ging iets mis", "Er ging aan onze kant iets mis. Probeer het later opnieuw."),
}


def _error_page(error):
    code = getattr(error, "code", 500) or 500
    title, text = ERROR_TEXT.get(code, ERROR_TEXT[500])
    if code == 429:
        text = _retry_text(text)
    if code == 400 and getattr(error, "description", "").startswith("The CSRF"):
        text = (
            "Het formulier was verlopen of onvolledig (beveiligingscode ontbreekt). "
            "Laad de pagina opnieuw en probeer het nog eens."
        )
    return render_template("errors/error.html", code=code, title=title, text=text), code


def _retry_text(text: str) -> str:
    """Say when the limit that was hit lets the visitor try again."""
    from datetime import UTC, datetime

    from kenme.extensions import limiter
    from kenme.web.auth.lockout import wait_message

    current = limiter.current_limit
    if current is None or not current.reset_at:
        return text
    # The window's own end, not reset_at: that is rounded up a whole second past it, so a
    # one-minute limit hit within a second of its first attempt said "over 2 minuten".
    return text.removesuffix("Wacht even en probeer het opnieuw.") + wait_message(
        datetime.fromtimestamp(current.window.reset_time, UTC)
    )
