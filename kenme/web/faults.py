"""A dependency that is away gets a clear answer: 503 with Retry-After, never a traceback.

The database unreachable, read-only (a standby, a full disk, a file without write rights) or
too busy to hand out a connection: HTML requests get a Dutch page that needs no database,
/api/v1 the usual JSON error with code "unavailable". Both say when to try again. Errors
that are not such a fault (a missing table, a broken query) stay a 500: they are bugs.
"""

from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import InternalServerError

logger = logging.getLogger(__name__)

RETRY_AFTER = 30  # seconds
# PostgreSQL SQLSTATEs: read-only transaction; connection exceptions (class 08); shutting
# down, crashed, starting up; too many connections; out of disk space.
READ_ONLY_STATES = {"25006"}
DOWN_STATES = {"57P01", "57P02", "57P03", "53300", "53100"}
SQLITE_DOWN = ("unable to open database file", "disk i/o error", "database is locked")
SQLITE_READ_ONLY = ("readonly database", "read-only")
MESSAGES = {
    "down": (
        "KenMe is even niet bereikbaar",
        "De database van KenMe reageert op dit moment niet. We werken eraan.",
    ),
    "read-only": (
        "KenMe kan even alleen lezen",
        "Er wordt onderhoud gedaan: je kunt lezen, maar niets opslaan.",
    ),
    "busy": (
        "KenMe is even erg druk",
        "Er zijn op dit moment te veel verzoeken tegelijk.",
    ),
}


def database_fault(error: BaseException | None) -> str | None:
    """Name the database fault behind an error ("down", "read-only", "busy"), or None."""
    if isinstance(error, InternalServerError):
        error = error.original_exception
    if isinstance(error, PoolTimeout):
        return "busy"
    if not isinstance(error, DBAPIError):
        return None
    original = error.orig
    state = getattr(original, "sqlstate", None) or ""
    message = str(original).lower()
    if state in READ_ONLY_STATES or (not state and any(m in message for m in SQLITE_READ_ONLY)):
        return "read-only"
    if state.startswith("08") or state in DOWN_STATES or error.connection_invalidated:
        return "down"
    # psycopg connection failures carry no SQLSTATE; for SQLite only these messages are
    # faults ("no such table" is a bug, and stays a 500).
    sqlite = "sqlite" in type(original).__module__
    if (
        not state
        and type(original).__name__ == "OperationalError"
        and (not sqlite or any(m in message for m in SQLITE_DOWN))
    ):
        return "down"
    return None


def unavailable_response(reason: str):
    """The 503 for a fault: JSON under /api/v1, else the stand-alone Dutch page."""
    title, text = MESSAGES[reason]
    if request.path == "/api/v1" or request.path.startswith("/api/v1/"):
        response = jsonify(
            {"error": {"code": "unavailable", "message": f"{title}. {text}", "details": {}}}
        )
        response.status_code = 503
        response.headers["Cache-Control"] = "no-store"
    else:
        html = render_template(
            "errors/unavailable.html", title=title, text=text, retry_after=RETRY_AFTER
        )
        response = app_response(html)
    response.headers["Retry-After"] = str(RETRY_AFTER)
    return response


def app_response(html: str):
    from flask import make_response

    response = make_response(html, 503)
    response.headers["Cache-Control"] = "no-store"
    return response


def init_faults(app: Flask) -> None:
    """Answer database faults with 503 (call last: after the API wrapped the error pages)."""
    spec = app.error_handler_spec[None]
    server_error = spec.get(500, {}).get(InternalServerError)

    def on_database_error(error):
        reason = database_fault(error)
        if reason is None:
            logger.exception("database error", exc_info=error)
            if server_error is not None:
                return server_error(InternalServerError(original_exception=error))
            raise error
        return _unavailable(reason, error)

    def on_server_error(error):
        reason = database_fault(error)
        if reason is None:
            return server_error(error) if server_error is not None else error
        return _unavailable(reason, error.original_exception)

    app.register_error_handler(DBAPIError, on_database_error)
    app.register_error_handler(PoolTimeout, on_database_error)
    app.register_error_handler(500, on_server_error)


def _unavailable(reason: str, error) -> object:
    from kenme.extensions import db

    # Neither the query nor its parameters: they may hold what a member typed.
    logger.warning(
        "database %s: %s on %s %s", reason, type(error).__name__, request.method, request.endpoint
    )
    try:
        db.session.rollback()
    except Exception:
        db.session.remove()
    return unavailable_response(reason)
