"""Configuration: defaults, then the environment (KENME_*), then instance/config.py."""

from __future__ import annotations

import json
import os
import secrets
from datetime import timedelta
from pathlib import Path

from flask import Flask

INSECURE_KEYS = {"", "dev", "change-me", "changeme", "secret"}


class ConfigError(RuntimeError):
    """The app refuses to start with this configuration."""


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "ja", "on"}


def _list(name: str) -> list[str]:
    return [item.strip().lower() for item in os.environ.get(name, "").split(",") if item.strip()]


def _json(name: str, default):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return json.loads(value)
    except ValueError as exc:
        raise ConfigError(f"{name} is geen geldige JSON.") from exc


def normalise_database_url(url: str) -> str:
    """Use the psycopg 3 driver for plain postgres URLs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _dev_secret_key(instance_path: str) -> str:
    """Keep a random development key in instance/ so sessions survive a restart."""
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


def environment_settings() -> dict:
    """Read the KENME_* environment into Flask settings."""
    settings: dict = {
        "KENME_ENV": os.environ.get("KENME_ENV", "development"),
        "ALLOWED_EMAIL_DOMAINS": _list("KENME_ALLOWED_EMAIL_DOMAINS"),
        "REQUIRE_APPROVAL": _flag("KENME_REQUIRE_APPROVAL"),
        "SMTP_URL": os.environ.get("KENME_SMTP_URL", ""),
        "MAIL_FROM": os.environ.get("KENME_MAIL_FROM", "KenMe <noreply@kenme.local>"),
        "RATELIMIT_STORAGE_URI": os.environ.get("KENME_RATELIMIT_STORAGE_URL", "memory://"),
        # Failed logins from one network address (colleagues share a municipal NAT address).
        "LOGIN_ADDRESS_RATE_LIMIT": os.environ.get(
            "KENME_LOGIN_ADDRESS_RATE_LIMIT", "60/minute;300/hour"
        ),
        # Per account: failures in a row that are free, then a lock that doubles per failure.
        "LOGIN_FREE_FAILURES": int(os.environ.get("KENME_LOGIN_FREE_FAILURES", "5")),
        "LOGIN_BACKOFF_BASE": int(os.environ.get("KENME_LOGIN_BACKOFF_SECONDS", "60")),
        "LOGIN_BACKOFF_MAX": int(os.environ.get("KENME_LOGIN_BACKOFF_MAX_SECONDS", "3600")),
        "API_RATE_LIMIT_READ": os.environ.get("KENME_API_RATE_LIMIT_READ", "600/minute"),
        "API_RATE_LIMIT_WRITE": os.environ.get("KENME_API_RATE_LIMIT_WRITE", "60/minute"),
        # The @mention type-ahead (GET /leden/namen), per member: a few look-ups per name typed.
        "MENTION_NAMES_RATE_LIMIT": os.environ.get("KENME_MENTION_NAMES_RATE_LIMIT", "120/minute"),
        "SECURITY_CONTACT": os.environ.get("KENME_SECURITY_CONTACT", "mailto:security@kenme.nl"),
        "BASE_URL": os.environ.get("KENME_BASE_URL", ""),
        # Strict-Transport-Security in production (seconds; 2 years), and "preload" on request.
        "HSTS_MAX_AGE": int(os.environ.get("KENME_HSTS_MAX_AGE", "63072000")),
        "HSTS_PRELOAD": _flag("KENME_HSTS_PRELOAD"),
        "MEILISEARCH_URL": os.environ.get("MEILISEARCH_URL", ""),
        "MEILISEARCH_API_KEY": os.environ.get("MEILISEARCH_API_KEY", ""),
        # Whole question pages kept per worker, in front of the store (0 turns keeping off).
        "PAGE_CACHE_MB": float(os.environ.get("KENME_PAGE_CACHE_MB", "32")),
        # Kept question pages shared by the workers of one server: a file in the instance
        # folder unless KENME_PAGE_STORE_DIR names another (0 MB: each worker keeps its own).
        "PAGE_STORE_MB": float(os.environ.get("KENME_PAGE_STORE_MB", "256")),
        "PAGE_STORE_DIR": os.environ.get("KENME_PAGE_STORE_DIR", ""),
        "CACHE_STATS_DIR": os.environ.get("KENME_CACHE_STATS_DIR", ""),
        # OpenID Connect clients for single sign-on, by name (decision 0021; README).
        "SSO_CONNECTIONS": _json("KENME_SSO_CONNECTIONS", {}),
        "SSO_HTTP_TIMEOUT": float(os.environ.get("KENME_SSO_HTTP_TIMEOUT", "10")),
        # Months after closing that a thread's case text is proposed for archiving (0: off;
        # decision 0029, README "Bewaartermijn").
        # How long an SQLite writer waits for the write lock before the request fails. Writers
        # queue on one lock; under a burst on a loaded machine 5 s was too short (issue 23). It
        # stays under gunicorn's 30 s worker timeout.
        "SQLITE_BUSY_TIMEOUT_MS": int(os.environ.get("KENME_SQLITE_BUSY_TIMEOUT_MS", "20000")),
        "RETENTION_MONTHS": int(os.environ.get("KENME_RETENTION_MONTHS", "0") or "0"),
        "PERMANENT_SESSION_LIFETIME": timedelta(
            hours=float(os.environ.get("KENME_SESSION_LIFETIME_HOURS", "12"))
        ),
    }
    if os.environ.get("KENME_SECRET_KEY"):
        settings["SECRET_KEY"] = os.environ["KENME_SECRET_KEY"]
    if os.environ.get("KENME_DATABASE_URL"):
        settings["SQLALCHEMY_DATABASE_URI"] = os.environ["KENME_DATABASE_URL"]
    return settings


def load_config(app: Flask, test_config: dict | None) -> None:
    """Fill app.config and refuse to run production without a real secret key."""
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(
        SQLALCHEMY_DATABASE_URI="sqlite:///" + str(Path(app.instance_path) / "kenme.sqlite3"),
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True},
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_DURATION=timedelta(days=14),
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        WTF_CSRF_TIME_LIMIT=None,
        MAX_CONTENT_LENGTH=1024 * 1024,
        MAIL_DIR=str(Path(app.instance_path) / "mail"),
        VERIFY_TOKEN_MAX_AGE=3 * 24 * 3600,
        RESET_TOKEN_MAX_AGE=2 * 3600,
        TESTING=False,
    )
    app.config.update(environment_settings())
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
    else:
        app.config.update(test_config)

    production = app.config["KENME_ENV"] == "production"
    key = app.config.get("SECRET_KEY") or ""
    if production:
        if key in INSECURE_KEYS or len(key) < 32:
            raise ConfigError(
                "KENME_SECRET_KEY ontbreekt of is te kort (minimaal 32 tekens); "
                "KenMe start niet in productie zonder een echte geheime sleutel."
            )
        app.config.setdefault("SESSION_COOKIE_SECURE", True)
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True
    elif not key:
        app.config["SECRET_KEY"] = _dev_secret_key(app.instance_path)
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(
        app.config["SQLALCHEMY_DATABASE_URI"]
    )
    app.config["RATELIMIT_STORAGE_URI"] = app.config.get("RATELIMIT_STORAGE_URI") or "memory://"
    # Redis away: count in this process's memory (limits stay, per worker) and say so in the
    # log and /api/v1/health, instead of answering every request with an error.
    app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    app.config.setdefault("RATELIMIT_SWALLOW_ERRORS", True)
    if app.config["RATELIMIT_STORAGE_URI"].startswith(("redis", "rediss")):
        app.config.setdefault(
            "RATELIMIT_STORAGE_OPTIONS", {"socket_connect_timeout": 1, "socket_timeout": 1}
        )
    # Re-sign the session cookie at most every 1/24 of its lifetime (30 minutes of 12 hours):
    # see kenme/web/auth/session.py.
    app.config.setdefault("SESSION_REFRESH_AFTER", app.permanent_session_lifetime / 24)
