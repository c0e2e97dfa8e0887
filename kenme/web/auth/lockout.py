"""Failed logins: a growing back-off per account, so one person's typos lock out no colleague.

Per account (the typed address, known or not, so the answer tells nothing about accounts):
``LOGIN_FREE_FAILURES`` failures in a row are free; each further one locks the address for
``LOGIN_BACKOFF_BASE`` seconds, doubling per failure up to ``LOGIN_BACKOFF_MAX``. A successful
login forgets the failures; failures are forgotten a day after the first anyway. Per network
address, Flask-Limiter counts failures with a much higher limit
(``LOGIN_ADDRESS_RATE_LIMIT``), since a municipality's colleagues share one NAT address.

The counters live in Flask-Limiter's storage (``KENME_RATELIMIT_STORAGE_URL``): with Redis,
every worker and every server sees the same lock. Should the storage fail, logins go on
unthrottled (logged), as Flask-Limiter's own limits do with ``RATELIMIT_SWALLOW_ERRORS``.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import UTC, datetime, timedelta

from flask import current_app

from kenme.extensions import limiter
from kenme.models.types import AMSTERDAM
from kenme.services.accounts import normalise_email

log = logging.getLogger(__name__)
FAILURE_MEMORY = 24 * 3600


def _enabled() -> bool:
    return bool(current_app.config.get("RATELIMIT_ENABLED", True)) and (
        current_app.config["LOGIN_FREE_FAILURES"] > 0
    )


def _keys(email: str) -> tuple[str, str]:
    digest = hashlib.sha256(normalise_email(email).encode("utf-8")).hexdigest()[:32]
    prefix = current_app.config.get("RATELIMIT_KEY_PREFIX", "") or ""
    return f"{prefix}kenme-login-failures:{digest}", f"{prefix}kenme-login-lock:{digest}"


def backoff_seconds(failures: int) -> int:
    """How long the address is locked after this many failures in a row (0: not locked)."""
    config = current_app.config
    beyond = failures - config["LOGIN_FREE_FAILURES"] - 1
    if beyond < 0:
        return 0
    return int(
        min(config["LOGIN_BACKOFF_MAX"], config["LOGIN_BACKOFF_BASE"] * 2 ** min(beyond, 30))
    )


def locked_until(email: str) -> datetime | None:
    """When the address may try again, if it is locked now."""
    if not _enabled():
        return None
    _failures, lock = _keys(email)
    try:
        storage = limiter.storage
        if storage.get(lock) <= 0:
            return None
        return datetime.fromtimestamp(storage.get_expiry(lock), UTC)
    except Exception:  # the storage is down: no throttling, as for Flask-Limiter's limits
        log.warning("login lockout storage unavailable", exc_info=True)
        return None


def record_failure(email: str) -> datetime | None:
    """Count a failed login for the address; return until when it is now locked, if it is."""
    if not _enabled():
        return None
    failures, lock = _keys(email)
    try:
        storage = limiter.storage
        count = storage.incr(failures, FAILURE_MEMORY)
        seconds = backoff_seconds(count)
        if not seconds:
            return None
        storage.clear(lock)
        storage.incr(lock, seconds)
        return datetime.fromtimestamp(storage.get_expiry(lock), UTC)
    except Exception:
        log.warning("login lockout storage unavailable", exc_info=True)
        return None


def record_success(email: str) -> None:
    """Forget the address's failures after a good login."""
    if not _enabled():
        return
    try:
        for key in _keys(email):
            limiter.storage.clear(key)
    except Exception:
        log.warning("login lockout storage unavailable", exc_info=True)


def wait_message(until: datetime, now: datetime | None = None) -> str:
    """Dutch: when to try again, as a clock time and in minutes (at least one)."""
    now = now or datetime.now(UTC)
    seconds = max(0.0, (until - now).total_seconds())
    minutes = max(1, int(-(-seconds // 60)))
    clock = (until + timedelta(seconds=59)).astimezone(AMSTERDAM).strftime("%H:%M")
    word = "minuut" if minutes == 1 else "minuten"
    return f"Probeer het om {clock} opnieuw (over {minutes} {word})."
