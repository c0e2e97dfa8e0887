"""Configuration from the environment, and refusing an unsafe production start."""

from __future__ import annotations

import pytest

from kenme import create_app
from kenme.config import ConfigError, normalise_database_url


def test_production_refuses_to_start_without_secret_key(monkeypatch, tmp_path):
    monkeypatch.setenv("KENME_ENV", "production")
    monkeypatch.delenv("KENME_SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="KENME_SECRET_KEY"):
        create_app({"INSTANCE_PATH": str(tmp_path)})


def test_production_refuses_a_short_secret_key(monkeypatch, tmp_path):
    monkeypatch.setenv("KENME_ENV", "production")
    monkeypatch.setenv("KENME_SECRET_KEY", "dev")
    with pytest.raises(ConfigError):
        create_app({"INSTANCE_PATH": str(tmp_path)})


def test_production_with_real_key_uses_secure_cookies(monkeypatch, tmp_path):
    monkeypatch.setenv("KENME_ENV", "production")
    monkeypatch.setenv("KENME_SECRET_KEY", "x" * 40)
    app = create_app({"INSTANCE_PATH": str(tmp_path)})
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_environment_settings_are_read(monkeypatch, tmp_path):
    monkeypatch.setenv("KENME_DATABASE_URL", "postgresql://kenme@db/kenme")
    monkeypatch.setenv("KENME_ALLOWED_EMAIL_DOMAINS", "*.nl, gemeente.nl")
    monkeypatch.setenv("KENME_REQUIRE_APPROVAL", "true")
    app = create_app({"INSTANCE_PATH": str(tmp_path)})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://kenme@db/kenme"
    assert app.config["ALLOWED_EMAIL_DOMAINS"] == ["*.nl", "gemeente.nl"]
    assert app.config["REQUIRE_APPROVAL"] is True


def test_default_database_is_sqlite_in_instance(monkeypatch, tmp_path):
    monkeypatch.delenv("KENME_DATABASE_URL", raising=False)
    app = create_app({"INSTANCE_PATH": str(tmp_path)})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/kenme.sqlite3"


def test_development_key_is_kept_across_restarts(monkeypatch, tmp_path):
    monkeypatch.delenv("KENME_SECRET_KEY", raising=False)
    first = create_app({"INSTANCE_PATH": str(tmp_path)}).config["SECRET_KEY"]
    second = create_app({"INSTANCE_PATH": str(tmp_path)}).config["SECRET_KEY"]
    assert first == second and len(first) >= 32


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgres://u@h/d", "postgresql+psycopg://u@h/d"),
        ("postgresql+psycopg://u@h/d", "postgresql+psycopg://u@h/d"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_database_urls_use_psycopg3(url, expected):
    assert normalise_database_url(url) == expected


@pytest.mark.parametrize(("setting", "expected"), [(None, 20000), ("1234", 1234)])
def test_an_sqlite_writer_waits_for_the_lock_as_set(monkeypatch, tmp_path, setting, expected):
    from sqlalchemy import text

    from kenme.extensions import db

    monkeypatch.delenv("KENME_DATABASE_URL", raising=False)
    if setting is None:
        monkeypatch.delenv("KENME_SQLITE_BUSY_TIMEOUT_MS", raising=False)
    else:
        monkeypatch.setenv("KENME_SQLITE_BUSY_TIMEOUT_MS", setting)
    app = create_app({"INSTANCE_PATH": str(tmp_path)})
    with app.app_context(), db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == expected
