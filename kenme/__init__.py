"""KenMe: collegiale consultatie voor klantmanagers in het sociaal domein."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: config, extensions, blueprints, CLI and error pages."""
    app = Flask(
        __name__,
        instance_path=(test_config or {}).get("INSTANCE_PATH")
        or os.environ.get("KENME_INSTANCE_PATH")
        or str(PROJECT_ROOT / "instance"),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    from kenme.config import load_config

    load_config(app, test_config)
    from kenme.web.malformed import init_malformed

    init_malformed(app)  # before any route: <int:…> is bounded to the id columns
    init_extensions(app)
    init_templates(app)

    from kenme.web import init_web

    init_web(app)

    from kenme.api import init_api

    init_api(app)

    from kenme.cli import init_cli

    init_cli(app)

    from kenme.search import init_search

    init_search(app)
    from kenme.web.faults import init_faults

    init_faults(app)  # last: database faults answer 503, also under /api/v1
    return app


def init_extensions(app: Flask) -> None:
    """Bind the extensions created in kenme.extensions to this app."""
    from kenme.services import privacy_fields

    privacy_fields.install()  # no flush stores a hard identifier in any text column
    from kenme.privacy.querystrings import install_log_filters

    install_log_filters()  # the dev server's access log never carries a query verbatim
    import kenme.models  # noqa: F401  (registers every table on the metadata)
    from kenme.extensions import csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Log in om deze pagina te zien."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(_load_user)
    from kenme.web.auth.session import AgingSessionInterface

    app.session_interface = AgingSessionInterface()
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with app.app_context():
            _tune_sqlite(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])


def _load_user(login_id: str):
    """Load the member of a login session, unless the session was ended (decision 0017)."""
    from kenme.web.auth.logins import load_user

    return load_user(login_id)


def _tune_sqlite(engine, busy_timeout_ms: int) -> None:
    """Turn on foreign keys and WAL so readers never wait for a writer; a writer waits its
    turn for up to busy_timeout_ms instead of failing at once."""
    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.close()


def init_templates(app: Flask) -> None:
    """Register template helpers shared by every page."""
    from kenme.web.templating import register_template_helpers

    register_template_helpers(app)
