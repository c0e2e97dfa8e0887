"""The checks behind /api/v1/health, one per dependency; none of them raises.

Each answers within about a second (Redis is asked with a 1 s socket timeout) and logs a
warning when its dependency is away, so the log says what the health answer says.
"""

from __future__ import annotations

import logging
import os
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select, text

from kenme.extensions import db, limiter
from kenme.models.types import utcnow

logger = logging.getLogger(__name__)

SEARCH_ERROR = {"engine": "embedded", "status": "error", "pending_outbox": 0}
MAIL_UNKNOWN = {"status": "error", "pending": 0, "failed": 0}
MAIL_LATE_AFTER = timedelta(minutes=15)  # a pending mail this old: the worker or SMTP is away


def guarded(check, fallback: dict) -> dict:
    """Run a check; an exception becomes the fallback answer (and a log line)."""
    try:
        return check()
    except Exception as error:
        logger.warning("health: %s failed: %s", check.__name__, type(error).__name__)
        db.session.rollback()
        answer = dict(fallback)
        if "engine" in answer:
            answer["engine"] = _engine_name()
        return answer


def _engine_name() -> str:
    from kenme.search import get_engine

    return getattr(get_engine(), "name", "embedded")


def database() -> str:
    """ "ok", "read-only" (reads work, writes are refused) or "error"."""
    try:
        session = db.session
        session.execute(text("SELECT 1"))
        read_only = _read_only(session)
        session.rollback()
    except Exception as error:
        logger.warning("health: database unreachable: %s", type(error).__name__)
        try:
            db.session.rollback()
        except Exception:
            db.session.remove()
        return "error"
    if read_only:
        logger.warning("health: database is read-only")
    return "read-only" if read_only else "ok"


def _read_only(session) -> bool:
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        return session.execute(text("SHOW transaction_read_only")).scalar() == "on"
    url = bind.url
    path = url.database or ""
    if "mode=ro" in path or url.query.get("mode") == "ro":
        return True
    path = path.removeprefix("file:").split("?")[0]
    folder = os.path.dirname(os.path.abspath(path))
    return (
        bool(path)
        and os.path.exists(path)
        and not (os.access(path, os.W_OK) and os.access(folder, os.W_OK))
    )


def rate_limit() -> dict:
    """Where request limits are counted; "fallback" when that storage is unreachable."""
    uri = current_app.config.get("RATELIMIT_STORAGE_URI", "memory://")
    kind = uri.split(":", 1)[0].split("+")[0] or "memory"
    if kind == "memory":
        return {"storage": "memory", "status": "ok"}
    try:
        reachable = bool(limiter.storage.check())
    except Exception:
        reachable = False
    if not reachable:
        logger.warning(
            "health: rate-limit storage (%s) unreachable; limits are counted per process", kind
        )
    return {"storage": kind, "status": "ok" if reachable else "fallback"}


def mail_outbox() -> dict:
    """Mails waiting and given up on; "degraded" when one waits longer than it should."""

    def check() -> dict:
        from kenme.models.mail import MailOutbox

        pending, oldest = db.session.execute(
            select(func.count(MailOutbox.id), func.min(MailOutbox.next_attempt_at)).where(
                MailOutbox.status == "pending"
            )
        ).one()
        failed = db.session.scalar(
            select(func.count(MailOutbox.id)).where(MailOutbox.status == "failed")
        )
        late = oldest is not None and _aware(oldest) < utcnow() - MAIL_LATE_AFTER
        return {"status": "degraded" if late else "ok", "pending": pending, "failed": failed}

    return guarded(check, MAIL_UNKNOWN)


def _aware(value):
    from datetime import UTC

    return value if value.tzinfo else value.replace(tzinfo=UTC)
