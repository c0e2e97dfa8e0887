"""Search: the engine chosen at start-up (Meilisearch when configured, else embedded).

Views and services call ``get_engine()``; the API's /health calls ``health()``; every write
path calls ``kenme.search.changes.record_change`` in its own transaction.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, has_app_context

from kenme.search.engine import Filters, Results, SearchEngine

EXTENSION = "kenme_search"

__all__ = ["Filters", "Results", "SearchEngine", "get_engine", "health", "init_search"]


def create_engine_for(app: Flask) -> SearchEngine:
    """Return the engine the configuration asks for."""
    if app.config.get("MEILISEARCH_URL"):
        from kenme.search.meili import MeilisearchEngine

        return MeilisearchEngine.from_config(app.config)
    from kenme.search.embedded import EmbeddedEngine

    return EmbeddedEngine()


def init_search(app: Flask) -> None:
    """Choose the engine for this app."""
    app.extensions[EXTENSION] = create_engine_for(app)


def get_engine() -> SearchEngine:
    """Return the current app's search engine."""
    return current_app.extensions[EXTENSION]


def active_engine() -> SearchEngine | None:
    """Return the engine when there is an app with search set up, else None."""
    if not has_app_context():
        return None
    return current_app.extensions.get(EXTENSION)


def health() -> dict[str, Any]:
    """Return the search part of /api/v1/health: {"engine", "status", "pending_outbox"}."""
    return get_engine().health()
