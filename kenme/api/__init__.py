"""JSON API v1 under /api/v1, described by the OpenAPI document it validates requests with."""

from __future__ import annotations

from flask import Flask


def init_api(app: Flask) -> None:
    """Register the API blueprint and its error handling.

    Call after init_web: the web's HTML error pages are wrapped to answer JSON under /api/v1.
    """
    from kenme.api import (  # noqa: F401 (registers the routes)
        aanplakkers,
        account,
        meta,
        moderation,
        notifications,
        questions,
        search,
        suggestions,
    )
    from kenme.api.blueprint import bp
    from kenme.api.errors import wrap_app_error_handlers

    app.register_blueprint(bp)
    wrap_app_error_handlers(app)
