"""Signed CSRF tokens, signed once per session secret in each worker (decision 0050).

Flask-WTF signs the session's CSRF secret anew on every request that shows a form or the
layout's meta tag (an HMAC and a timestamp, ~0.12 ms: a twentieth of a kept question page).
With ``WTF_CSRF_TIME_LIMIT = None`` the timestamp is never checked, so a token signed earlier
for the same secret and key is exactly as valid: each worker keeps the token signed per
(signing key, secret) for at most ``MAX_AGE_SECONDS``, in an LRU of ``MAX_ENTRIES``, and puts
it in ``g`` before a GET's view runs, where Flask-WTF looks first. A token Flask-WTF signed
itself (a session's first) is kept after the request once it reads back as the session's
secret. Kept question pages (page_server.py) fill in the same tokens.

What does not change: the token belongs to one session's secret (another session, or a
secret replaced at login or logout, gets a token of its own), Flask-WTF still checks every
state-changing request against the session, and a configured time limit turns keeping off.
"""

from __future__ import annotations

import threading
import time

from cachetools import LRUCache
from flask import Flask, current_app, g, request, session
from itsdangerous import BadData, URLSafeTimedSerializer

SALT = "wtf-csrf-token"  # Flask-WTF's salt for signed CSRF tokens
MAX_ENTRIES = 4096
MAX_AGE_SECONDS = 3600

_tokens: LRUCache = LRUCache(maxsize=MAX_ENTRIES)  # (key, secret) -> (token, signed at)
_lock = threading.Lock()


def signed(key: str | bytes, secret: str) -> str:
    """Flask-WTF's signed form of ``secret`` (``generate_csrf``), signed at most once an hour."""
    token = _kept(key, secret)
    if token is None:
        token = URLSafeTimedSerializer(key, salt=SALT).dumps(secret)
        _keep(key, secret, token)
    return token


def _kept(key: str | bytes, secret: str) -> str | None:
    with _lock:
        found = _tokens.get((key, secret))
    if found is not None and time.monotonic() - found[1] < MAX_AGE_SECONDS:
        return found[0]
    return None


def _keep(key: str | bytes, secret: str, token: str) -> None:
    with _lock:
        _tokens[(key, secret)] = (token, time.monotonic())


def init_csrf_tokens(app: Flask) -> None:
    """Give every page request the token kept for its session, if it has a secret already."""
    if app.config.get("WTF_CSRF_TIME_LIMIT") is None:
        app.before_request(_kept_token)
        app.after_request(_keep_new_token)


def _kept_token() -> None:
    """Put the kept token where Flask-WTF's ``generate_csrf`` looks first (``g``).

    Only for GET and HEAD, which render pages and change no session secret; a session without
    a secret is left to Flask-WTF, which makes one (and so a cookie to send).
    """
    if request.method not in ("GET", "HEAD"):
        return
    config = current_app.config
    field = config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    secret = session.get(field)
    if isinstance(secret, str) and field not in g:
        key = config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key
        setattr(g, field, signed(key, secret))


def _keep_new_token(response):
    """Keep a token Flask-WTF signed in this request (a session's first, for a new secret),
    once it is read back as the session's secret: a secret replaced after signing is not."""
    config = current_app.config
    field = config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    token = g.get(field)
    secret = session.get(field) if isinstance(token, str) else None
    if isinstance(secret, str):
        key = config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key
        if _kept(key, secret) is None:
            try:
                if URLSafeTimedSerializer(key, salt=SALT).loads(token) == secret:
                    _keep(key, secret, token)
            except BadData:
                pass
    return response
