"""Fixtures for search tests: every available engine, with the data synced before searching."""

from __future__ import annotations

import os
import uuid

import pytest

from kenme.extensions import db
from kenme.search import EXTENSION
from kenme.search.engine import Filters, Results
from kenme.search.synonyms import clear_cache, seed_reference

MEILISEARCH_URL = os.environ.get("MEILISEARCH_URL", "")
# Decided when tests are collected: no Meilisearch server, no Meilisearch tests (not skips).
ENGINES = ["embedded", *(["meilisearch"] if MEILISEARCH_URL else [])]


class SearchHarness:
    """Search through one engine as a member would, after the data has reached the index."""

    def __init__(self, engine) -> None:
        self.engine = engine

    @property
    def name(self) -> str:
        return self.engine.name

    def sync(self) -> None:
        """Commit, and for Meilisearch drain the outbox (the worker's job in production)."""
        db.session.commit()
        if self.engine.name == "meilisearch":
            from kenme.search.outbox import drain_once, pending_count

            while pending_count(db.session):
                report = drain_once(db.session, self.engine)
                assert not report.failed, report.error

    def search(self, query: str = "", sort: str = "relevance", page: int = 1, **filters) -> Results:
        self.sync()
        return self.engine.search(query, Filters(**filters), sort, page)

    def ids(self, query: str = "", **kwargs) -> list[int]:
        return [hit.id for hit in self.search(query, **kwargs).hits]

    def suggest(self, title: str, **kwargs) -> list[int]:
        self.sync()
        return [post.id for post in self.engine.suggest(title, **kwargs)]


@pytest.fixture(params=ENGINES)
def search(request, app):
    """Yield a harness for each available engine, on each test database, thesaurus seeded."""
    seed_reference(db.session)
    db.session.commit()
    clear_cache()
    if request.param == "meilisearch":
        from kenme.search.meili import MeilisearchEngine

        engine = MeilisearchEngine(
            MEILISEARCH_URL,
            os.environ.get("MEILISEARCH_API_KEY", ""),
            index_uid=f"kenme_test_{uuid.uuid4().hex[:12]}",
        )
        engine.apply_settings(db.session)
        app.extensions[EXTENSION] = engine
        yield SearchHarness(engine)
        engine.client.delete_index(engine.index_uid)
    else:
        yield SearchHarness(app.extensions[EXTENSION])
