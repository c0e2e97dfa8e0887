"""A login in the browser tied to its row on the server (kenme/services/sessions.py).

``begin`` starts both; ``load_user`` is Flask-Login's user loader and lets a login count only
while its row is live; ``end_current`` is logging out. The question-page cache reads the same
row in its one statement and hands what it read over in ``g`` (``CHECKED``), so a page the
app renders after a cache miss costs no statement more.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import g, request, session
from flask_login import login_user, logout_user

from kenme.extensions import db
from kenme.models import User
from kenme.models.types import utcnow
from kenme.services import sessions
from kenme.web.notifications import badge

CHECKED = "kenme_login_checked"  # on g: a live login PageServer read for this request
CURRENT = "kenme_login_session_id"  # on g: the id of this request's login row


@dataclass(frozen=True)
class Checked:
    """A live login row as read for this request."""

    id: int
    key_hash: str
    last_seen_at: datetime
    remember: bool


def begin(user: User, *, remember: bool, method: str = "password") -> None:
    """Log the member in: a new row on the server, a new session cookie pointing to it."""
    _record, key = sessions.start(
        db.session,
        user,
        user_agent=request.headers.get("User-Agent"),
        remember=remember,
        method=method,
    )
    db.session.commit()
    session.clear()
    g.pop("csrf_token", None)  # signed for the secret just cleared: made anew when needed
    session.permanent = True
    login_user(user, remember=remember)
    # Flask-Login stored user.get_id(); the login id also names the row (and goes into the
    # remember cookie, which Flask-Login writes from this value after the request).
    session["_user_id"] = sessions.login_id(user, key)


def current_login() -> sessions.LoginId | None:
    """The login id in this request's session cookie, if it has a well-formed one."""
    return sessions.parse_login_id(session.get("_user_id"))


def end_current(reason: str = sessions.ENDED_LOGOUT) -> None:
    """Log out: end this login's row, then forget the cookie's contents."""
    found = current_login()
    if found is not None:
        sessions.end_by_key(db.session, found.key_hash, reason)
        db.session.commit()
    logout_user()
    session.clear()
    g.pop("csrf_token", None)


def load_user(value: str) -> User | None:
    """Flask-Login's user loader: the member of a live login, or None (then anonymous)."""
    found = sessions.parse_login_id(value)
    if found is None:
        return None
    checked: Checked | None = g.pop(CHECKED, None)
    if checked is not None and checked.key_hash == found.key_hash:
        user = db.session.get(User, found.user_id)  # handed over: no statement
    else:
        parameters = {"user_id": found.user_id, "key_hash": found.key_hash, "now": utcnow()}
        row = db.session.execute(sessions.LIVE_MEMBER, parameters).first()
        if row is None or row.login_id is None:
            return None
        user = row.User
        checked = Checked(row.login_id, found.key_hash, row.login_seen, row.login_remember)
        # The header's count as of this request's start, read in the same statement; every
        # path that marks notifications read redirects before anything is rendered.
        g.setdefault(badge.CACHED, row.unread or 0)
    if user is None or str(user.session_version) != found.version:
        return None
    if sessions.touch_due(checked.last_seen_at):
        sessions.touch(db.session, checked.id, checked.remember)
    g.setdefault(CURRENT, checked.id)
    return user
