"""The Meilisearch engine: settings, documents and filters as pure functions, plus the adapter.

Documents hold our analysed text (index_terms), and queries are analysed the same way, so
Meilisearch's own typo and prefix rules work on the same stems as the embedded engine
(SEMANTICS.md §3). Writes never go to Meilisearch from a web request: record_change writes an
outbox row that ``flask search worker`` sends (outbox.py).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import meilisearch
from meilisearch.errors import MeilisearchApiError, MeilisearchError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kenme.models import Post, SearchOutbox
from kenme.models.types import utcnow
from kenme.search.analysis import analyse
from kenme.search.documents import load_documents, visible_thread_ids
from kenme.search.engine import Filters, Found, SearchEngine
from kenme.search.hydrate import load_threads
from kenme.search.large import TOTAL_EXACT
from kenme.search.meili_request import (
    FACET_ATTRIBUTES,
    FILTERABLE,
    SEARCHABLE,
    SORTABLE,
    SORTS,
    backoff,
    meili_document,
    meili_filter,
    meili_highlighter,
    meili_query,
    meili_settings,
    search_params,
)
from kenme.search.query import ParsedQuery, parse
from kenme.search.synonyms import current_thesaurus

__all__ = [
    "FILTERABLE",
    "SEARCHABLE",
    "SORTABLE",
    "MeilisearchEngine",
    "SearchUnavailable",
    "backoff",
    "meili_document",
    "meili_filter",
    "meili_query",
    "meili_settings",
    "search_params",
]

logger = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=2)


class SearchUnavailable(RuntimeError):
    """Meilisearch could not answer; the page says search is temporarily unavailable."""


class MeilisearchEngine(SearchEngine):
    """Search through a Meilisearch server, fed by the transactional outbox."""

    name = "meilisearch"

    def __init__(
        self, url: str, api_key: str = "", index_uid: str = "kenme_threads", timeout: float = 3.0
    ) -> None:
        self.url = url
        self.index_uid = index_uid
        self.client = meilisearch.Client(url, api_key or None, timeout=timeout)

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> MeilisearchEngine:
        return cls(
            config["MEILISEARCH_URL"],
            config.get("MEILISEARCH_API_KEY", ""),
            config.get("MEILISEARCH_INDEX", "kenme_threads"),
            float(config.get("MEILISEARCH_TIMEOUT", 3.0)),
        )

    @property
    def index_handle(self):
        return self.client.index(self.index_uid)

    def _search(self, q: str, params: dict[str, Any]) -> dict[str, Any]:
        try:
            return self.index_handle.search(q, params)
        except MeilisearchApiError as error:
            if getattr(error, "code", None) == "index_not_found":
                return {"hits": [], "estimatedTotalHits": 0, "facetDistribution": {}}
            raise SearchUnavailable(str(error)) from error
        except MeilisearchError as error:
            raise SearchUnavailable(str(error)) from error

    def find(
        self,
        session: Session,
        query: ParsedQuery,
        filters: Filters,
        sort: str,
        offset: int,
        limit: int,
    ) -> Found:
        thesaurus = current_thesaurus(session)
        terms = list(query.terms)
        params = search_params(filters, sort, offset, limit)
        if not any(analyse(t) for t in terms) and not query.phrases and sort not in SORTS:
            params["sort"] = SORTS["newest"]  # filters only: newest first
        # One request: the matching strategy ranks the levels (no retry after zero hits).
        answer = self._search(meili_query(query, terms, thesaurus), params)
        total = int(answer.get("estimatedTotalHits", answer.get("totalHits", 0)) or 0)
        # Beyond TOTAL_EXACT "more than", as in the embedded engine (SEMANTICS.md §7):
        # estimatedTotalHits is an estimate there anyway.
        capped = total > TOTAL_EXACT
        distribution = answer.get("facetDistribution") or {}
        facets = {
            name: {
                str(k): int(v)
                for k, v in sorted(
                    (distribution.get(attribute) or {}).items(), key=lambda kv: (-kv[1], kv[0])
                )
                if v
            }
            for name, attribute in FACET_ATTRIBUTES.items()
        }
        return Found(
            ids=[] if offset >= TOTAL_EXACT else [int(hit["id"]) for hit in answer.get("hits", [])],
            total=min(total, TOTAL_EXACT),
            facets=facets,
            highlighter=meili_highlighter(query, terms, thesaurus),
            capped=capped,
        )

    def suggest(
        self,
        title: str,
        limit: int = 5,
        exclude_id: int | None = None,
        session: Session | None = None,
    ) -> list[Post]:
        from kenme.extensions import db

        session = session or db.session
        parsed = parse(title or "")
        if not parsed.terms:
            return []
        params = search_params(Filters(type="question"), "relevance", 0, limit + 1, facets=False)
        params["matchingStrategy"] = "frequency"  # similar, not identical: drop common words
        params["attributesToSearchOn"] = ["title"]
        try:
            answer = self._search(meili_query(ParsedQuery(), parsed.terms), params)
        except SearchUnavailable:
            return []  # suggestions are a help, never a reason for an error while asking
        ids = [int(h["id"]) for h in answer.get("hits", []) if int(h["id"]) != exclude_id]
        return load_threads(session, ids[:limit])

    # Writing: the outbox ------------------------------------------------------------------

    def record_change(
        self, session: Session, post: Post, *, score_only: bool = False, added=None
    ) -> None:
        # The whole thread's document, whatever changed (Meilisearch replaces documents).
        thread_id = post.parent_id or post.id
        if thread_id is None:
            session.flush()
            thread_id = post.parent_id or post.id
        session.add(SearchOutbox(kind="thread", post_id=thread_id))

    def thesaurus_changed(self, session: Session, names: Iterable[str] | None = None) -> None:
        session.add(SearchOutbox(kind="settings", post_id=None))

    def wait(self, task_info, timeout_ms: int = 60_000) -> None:
        """Wait for a task and raise when it did not succeed."""
        task = self.client.wait_for_task(task_info.task_uid, timeout_in_ms=timeout_ms)
        if task.status != "succeeded":
            raise MeilisearchError(f"task {task.uid} {task.status}: {task.error}")

    def apply_settings(self, session: Session, index_uid: str | None = None) -> None:
        """Create the index when missing and apply the settings (before any document)."""
        uid = index_uid or self.index_uid
        try:
            self.client.get_index(uid)
        except MeilisearchApiError:
            self.wait(self.client.create_index(uid, {"primaryKey": "id"}))
        settings = meili_settings(current_thesaurus(session))
        self.wait(self.client.index(uid).update_settings(settings))

    def send(
        self,
        session: Session,
        thread_ids: Iterable[int],
        index_uid: str | None = None,
        batch_size: int = 500,
    ) -> int:
        """Send the current documents of these threads; invisible or missing ones are deleted."""
        index = self.client.index(index_uid or self.index_uid)
        ids = sorted({int(i) for i in thread_ids})
        sent = 0
        for start in range(0, len(ids), batch_size):
            chunk = ids[start : start + batch_size]
            documents = load_documents(session, chunk)
            gone = [i for i in chunk if i not in documents]
            if documents:
                payload = [meili_document(d) for d in documents.values()]
                self.wait(index.add_documents(payload, primary_key="id"))
                sent += len(payload)
            if gone:
                self.wait(index.delete_documents(filter=f"id IN [{', '.join(map(str, gone))}]"))
        return sent

    def index(self, posts_or_ids, session: Session | None = None) -> int:
        from kenme.extensions import db

        session = session or db.session
        ids = {(p.parent_id or p.id) if isinstance(p, Post) else int(p) for p in posts_or_ids}
        return self.send(session, ids)

    def remove(self, post_ids: Sequence[int], session: Session | None = None) -> None:
        ids = [int(i) for i in post_ids]
        if ids:
            self.wait(
                self.index_handle.delete_documents(filter=f"id IN [{', '.join(map(str, ids))}]")
            )

    def rebuild(self, session: Session | None = None, progress=None) -> int:
        """Build a fresh index beside the live one, then swap them (no downtime)."""
        from kenme.extensions import db

        session = session or db.session
        started_before = session.scalar(select(func.max(SearchOutbox.id))) or 0
        fresh = f"{self.index_uid}_{int(time.time())}"
        self.apply_settings(session, fresh)
        written, after = 0, 0
        while True:
            ids = visible_thread_ids(session, after, 1000)
            if not ids:
                break
            after = ids[-1]
            written += self.send(session, ids, index_uid=fresh)
            if progress:
                progress(written)
        try:
            self.client.get_index(self.index_uid)
        except MeilisearchApiError:
            self.wait(self.client.create_index(self.index_uid, {"primaryKey": "id"}))
        self.wait(self.client.swap_indexes([{"indexes": [self.index_uid, fresh]}]))
        self.wait(self.client.delete_index(fresh))
        # Changes recorded before the rebuild read the rows are in the new index already.
        session.execute(
            SearchOutbox.__table__.delete().where(
                SearchOutbox.id <= started_before, SearchOutbox.kind == "thread"
            )
        )
        return written

    def health(self, session: Session | None = None) -> dict[str, Any]:
        from kenme.extensions import db

        session = session or db.session
        pending, oldest, failing = session.execute(
            select(
                func.count(SearchOutbox.id),
                func.min(SearchOutbox.created_at),
                func.max(SearchOutbox.attempts),
            )
        ).one()
        try:
            reachable = self.client.is_healthy()
        except MeilisearchError:
            reachable = False
        stale = oldest is not None and _aware(oldest) < utcnow() - STALE_AFTER
        ok = reachable and not stale and not (failing or 0)
        return {
            "engine": self.name,
            "status": "ok" if ok else "degraded",
            "pending_outbox": int(pending or 0),
        }


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)
