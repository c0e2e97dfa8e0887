"""Login sessions on the server: started at login, ended by logout and by the member.

The signed session cookie holds a login id ``"<user id>:<login version>:<key>"``. The key
is random and only its SHA-256 is stored in ``login_sessions``; a login counts while its row
is neither ended nor expired (see docs/decisions/0017-sessions-and-accounts.md).

"Last seen" is written at most every ``TOUCH_EVERY``, on a connection of its own: a login
being seen changes nothing any cached page shows, so it must not count as a change to the
site (no cached page depends on it), and a plain page view stays a read.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import bindparam, delete, or_, select, update
from sqlalchemy.orm import Session

from kenme.errors import NotFound
from kenme.models import LoginSession, User
from kenme.models.types import utcnow
from kenme.services.notifications import unread_counted

TOUCH_EVERY = timedelta(minutes=5)
# Ended and expired rows are kept this long for the member's list, then dropped.
KEEP_ENDED = timedelta(days=30)
DEVICE_MAX = 80

ENDED_LOGOUT = "uitgelogd"
ENDED_BY_MEMBER = "beëindigd"
ENDED_EVERYWHERE = "overal uitgelogd"
ENDED_PASSWORD = "wachtwoord gewijzigd"  # noqa: S105 (a reason, not a password)
ENDED_SUSPENDED = "geschorst"
ENDED_DELETED = "account verwijderd"

_BROWSERS = (  # first match wins: Edge and Opera say "Chrome" too, Chrome says "Safari"
    ("Edg/", "Edge"),
    ("EdgA/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("FxiOS/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
    ("curl/", "curl"),
)
_SYSTEMS = (
    ("Windows", "Windows"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("CrOS", "ChromeOS"),
    ("Mac OS X", "macOS"),
    ("Macintosh", "macOS"),
    ("Linux", "Linux"),
)
_KEY = re.compile(r"[A-Za-z0-9_-]{20,100}")


@dataclass(frozen=True)
class LoginId:
    """The parts of the login id in the session cookie."""

    user_id: int
    version: str
    key: str

    @property
    def key_hash(self) -> str:
        return hash_key(self.key)


def hash_key(key: str) -> str:
    """The stored form of a login key (random, so no salt is needed)."""
    return hashlib.sha256(key.encode("ascii")).hexdigest()


def parse_login_id(value: object) -> LoginId | None:
    """Split a login id from the cookie; None for anything else (old or forged forms)."""
    if not isinstance(value, str):
        return None
    parts = value.split(":")
    if len(parts) != 3:
        return None
    user_id, version, key = parts
    if not (user_id.isdigit() and len(user_id) < 12 and version.isdigit() and _KEY.fullmatch(key)):
        return None
    return LoginId(int(user_id), version, key)


def login_id(user: User, key: str) -> str:
    """The login id to put in the session cookie for this login."""
    return f"{user.id}:{user.session_version}:{key}"


def describe_device(user_agent: str | None) -> str:
    """A short Dutch summary of a browser, e.g. "Firefox op Windows"; never the whole string."""
    agent = user_agent or ""
    browser = next((name for mark, name in _BROWSERS if mark in agent), "")
    system = next((name for mark, name in _SYSTEMS if mark in agent), "")
    if browser and system:
        return f"{browser} op {system}"
    return (browser or system or "Onbekende browser")[:DEVICE_MAX]


def window(remember: bool) -> timedelta:
    """How long a login lasts after it was last seen: the cookie's lifetime, plus a margin
    for the time "last seen" may lag behind."""
    config = current_app.config
    lifetime = (
        config["REMEMBER_COOKIE_DURATION"] if remember else config["PERMANENT_SESSION_LIFETIME"]
    )
    return lifetime + TOUCH_EVERY


def start(
    session: Session, user: User, *, user_agent: str | None, remember: bool, method: str
) -> tuple[LoginSession, str]:
    """Record a new login; return the row and the key for the cookie (shown nowhere else)."""
    now = utcnow()
    old = now - KEEP_ENDED
    session.execute(
        delete(LoginSession).where(
            LoginSession.user_id == user.id,
            or_(LoginSession.ended_at < old, LoginSession.expires_at < old),
        )
    )
    key = secrets.token_urlsafe(32)
    record = LoginSession(
        user_id=user.id,
        key_hash=hash_key(key),
        device=describe_device(user_agent),
        method=method,
        remember=remember,
        created_at=now,
        last_seen_at=now,
        expires_at=now + window(remember),
    )
    session.add(record)
    session.flush()
    return record, key


# The member with their live login for the cookie's key (NULL login columns if none) and the
# header's unread count (decision 0018): every logged-in page's first statement, built once
# (decision 0040; building it per request cost about a tenth of the lightest page).
LIVE_MEMBER = (
    select(
        User,
        LoginSession.id.label("login_id"),
        LoginSession.last_seen_at.label("login_seen"),
        LoginSession.remember.label("login_remember"),
        unread_counted(User.id).correlate(User).scalar_subquery().label("unread"),
    )
    .outerjoin(
        LoginSession,
        (LoginSession.user_id == User.id)
        & (LoginSession.key_hash == bindparam("key_hash"))
        & LoginSession.ended_at.is_(None)
        & (LoginSession.expires_at > bindparam("now")),
    )
    .where(User.id == bindparam("user_id"))
)


def touch_due(last_seen_at: datetime, now: datetime | None = None) -> bool:
    return (now or utcnow()) - last_seen_at >= TOUCH_EVERY


def touch(session: Session, login_session_id: int, remember: bool) -> None:
    """Note that a login was seen now, on a connection of its own (see the module's text)."""
    now = utcnow()
    statement = (
        update(LoginSession)
        .where(LoginSession.id == login_session_id, LoginSession.ended_at.is_(None))
        .values(last_seen_at=now, expires_at=now + window(remember))
    )
    with session.get_bind().begin() as connection:
        connection.execute(statement)


def end_by_key(session: Session, key_hash: str, reason: str = ENDED_LOGOUT) -> int:
    """End the login with this key (logout); return how many rows ended (0 or 1)."""
    statement = (
        update(LoginSession)
        .where(LoginSession.key_hash == key_hash, LoginSession.ended_at.is_(None))
        .values(ended_at=utcnow(), end_reason=reason)
    )
    return session.execute(statement).rowcount


def end_one(session: Session, user: User, login_session_id: int) -> LoginSession:
    """End one of the member's own logins (idempotent); another member's is not found."""
    record = session.get(LoginSession, login_session_id)
    if record is None or record.user_id != user.id:
        raise NotFound("Deze sessie bestaat niet (meer).")
    if record.ended_at is None:
        record.ended_at = utcnow()
        record.end_reason = ENDED_BY_MEMBER
    return record


def end_all(session: Session, user: User, reason: str) -> int:
    """End every live login of the member at once; return how many."""
    statement = (
        update(LoginSession)
        .where(LoginSession.user_id == user.id, LoginSession.ended_at.is_(None))
        .values(ended_at=utcnow(), end_reason=reason)
    )
    return session.execute(statement).rowcount


def forget_all(session: Session, user: User) -> None:
    """Drop every login row of the member (account deletion)."""
    session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))


def list_for(session: Session, user: User) -> list[LoginSession]:
    """The member's logins: live ones first, newest first."""
    now = utcnow()
    rows = session.scalars(
        select(LoginSession)
        .where(LoginSession.user_id == user.id)
        .order_by(LoginSession.last_seen_at.desc(), LoginSession.id.desc())
    ).all()
    return sorted(rows, key=lambda r: not (r.ended_at is None and r.expires_at > now))
