"""Signed-cookie sessions that are re-signed when they age, not on every request.

Flask re-signs and re-sends a permanent session's cookie on every response, so that the
lifetime counts from the last request (an idle timeout). That costs a JSON dump, an HMAC and
a Set-Cookie header on every page. Here the cookie is re-signed only when it was signed
longer than ``SESSION_REFRESH_AFTER`` ago (or when the session changed). The signature's
timestamp is what the lifetime is checked against, so a member is logged out after between
``PERMANENT_SESSION_LIFETIME - SESSION_REFRESH_AFTER`` and ``PERMANENT_SESSION_LIFETIME`` of
inactivity. ``SESSION_REFRESH_AFTER = 0`` restores Flask's behaviour.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin
from itsdangerous import BadSignature, URLSafeTimedSerializer


class AgingSession(SecureCookieSession):
    """A cookie session that knows when its cookie was signed (None: new session)."""

    signed_at: datetime | None = None


class AgingSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, re-signed only when changed or getting old."""

    session_class = AgingSession

    def __init__(self) -> None:
        self._serializer: tuple[tuple, URLSafeTimedSerializer | None] = ((), None)

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        """Build the serializer once per secret key (Flask builds one per call)."""
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        cached_keys, serializer = self._serializer
        if cached_keys != keys:
            serializer = super().get_signing_serializer(app)
            self._serializer = (keys, serializer)
        return serializer

    def open_session(self, app: Flask, request: Request) -> AgingSession | None:
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        try:
            data, signed_at = serializer.loads(value, max_age=max_age, return_timestamp=True)
        except BadSignature:
            return self.session_class()
        session = self.session_class(data)
        session.signed_at = signed_at
        return session

    def should_set_cookie(self, app: Flask, session: SessionMixin) -> bool:
        if session.modified:
            return True
        if not (session.permanent and app.config["SESSION_REFRESH_EACH_REQUEST"]):
            return False
        signed_at = getattr(session, "signed_at", None)
        if signed_at is None:
            return True
        return datetime.now(UTC) - signed_at >= app.config["SESSION_REFRESH_AFTER"]
