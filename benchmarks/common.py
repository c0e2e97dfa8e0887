"""Settings shared by the generator and the runner."""

from __future__ import annotations

import tempfile
from pathlib import Path

from flask import Flask

BENCH_PASSWORD = "KenMe-bench-wachtwoord-2026"  # noqa: S105 (a generated benchmark account)
BENCH_SECRET_KEY = "kenme-benchmark-only-secret-key-0123456789abcdef"  # noqa: S105
BENCH_EMAIL = "lid0001@bench.kenme.nl"
HEAVY_SOURCE_PREFIX = "bench:heavy:"
# Limits high enough that the load generator measures pages, not the rate limiter.
BENCH_LIMITS = {
    "API_RATE_LIMIT_READ": "1000000/minute",
    "API_RATE_LIMIT_WRITE": "1000000/minute",
}


def dialect_of(url: str) -> str:
    return "postgresql" if url.startswith(("postgres://", "postgresql")) else "sqlite"


def sqlite_path(url: str) -> Path:
    """The file of a sqlite:/// URL (relative paths resolve against the current directory)."""
    return Path(url.split(":///", 1)[1]).resolve()


def instance_path(url: str) -> Path:
    """A private instance folder next to the benchmark database (never the project's own)."""
    if dialect_of(url) == "sqlite":
        return sqlite_path(url).parent / "bench-instance"
    return Path(tempfile.gettempdir()) / "kenme-bench-instance"


def app_config(url: str, **overrides) -> dict:
    config = {
        "SQLALCHEMY_DATABASE_URI": url,
        "SECRET_KEY": BENCH_SECRET_KEY,
        "INSTANCE_PATH": str(instance_path(url)),
        **BENCH_LIMITS,
    }
    config.update(overrides)
    return config


def make_app(url: str, **overrides) -> Flask:
    """Create the real KenMe app on the benchmark database."""
    from kenme import create_app

    instance_path(url).mkdir(parents=True, exist_ok=True)
    return create_app(app_config(url, **overrides))


def server_environment(url: str) -> dict[str, str]:
    """Environment for gunicorn workers serving wsgi:app on the benchmark database."""
    return {
        "KENME_DATABASE_URL": url,
        "KENME_SECRET_KEY": BENCH_SECRET_KEY,
        "KENME_INSTANCE_PATH": str(instance_path(url)),
        "KENME_API_RATE_LIMIT_READ": BENCH_LIMITS["API_RATE_LIMIT_READ"],
        "KENME_API_RATE_LIMIT_WRITE": BENCH_LIMITS["API_RATE_LIMIT_WRITE"],
    }
