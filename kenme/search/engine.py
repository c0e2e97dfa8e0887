"""The one search interface both engines implement, and what a search returns."""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from flask import has_request_context, request, url_for
from markupsafe import Markup
from sqlalchemy.orm import Session
from werkzeug.routing import BuildError

from kenme.models import Post, PostType
from kenme.pagination import DEFAULT_PER_PAGE, MAX_PER_PAGE, Page, clamp
from kenme.search.query import ParsedQuery, parse

SORTS = ("relevance", "newest", "votes")
FACETS = ("topic", "type", "status", "year")
FLAGS = ("unanswered", "accepted", "endorsed")
TYPES = ("question", "aanplakker")
STATUSES = ("open", "answered", "accepted", "closed")


@dataclass(frozen=True)
class Filters:
    """Exact filters (SEMANTICS.md §3.7): from the form, the API or query operators."""

    topics: tuple[str, ...] = ()
    type: str | None = None
    status: str | None = None
    year: int | None = None
    flags: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        # Unknown values never reach an engine; a bad value simply filters nothing.
        object.__setattr__(self, "topics", tuple(dict.fromkeys(t for t in self.topics if t)))
        object.__setattr__(self, "flags", frozenset(f for f in self.flags if f in FLAGS))
        if self.type not in TYPES:
            object.__setattr__(self, "type", None)
        if self.status not in STATUSES:
            object.__setattr__(self, "status", None)
        if self.year is not None and not 1990 <= self.year <= 2200:
            object.__setattr__(self, "year", None)

    def with_query(self, query: ParsedQuery) -> Filters:
        """Add the operators typed in the query (onderwerp:, is:) to these filters."""
        return replace(
            self,
            topics=(*self.topics, *query.topics),
            type=query.type or self.type,
            flags=self.flags | frozenset(query.flags),
        )

    @property
    def active(self) -> bool:
        return bool(self.topics or self.type or self.status or self.year or self.flags)


def thread_url(post: Post) -> str:
    """Return the page of a thread (question or aanplakker)."""
    aanplakker = post.type == PostType.AANPLAKKER
    if not has_request_context():
        return _thread_url(aanplakker, post.id)
    # A result page links 20 threads: the route is built once per request, for id 0.
    heads = request.environ.setdefault("kenme.thread_urls", {})
    head = heads.get(aanplakker)
    if head is None:
        head = heads[aanplakker] = _thread_url(aanplakker, 0).removesuffix("0")
    return f"{head}{post.id}"


def _thread_url(aanplakker: bool, post_id: int) -> str:
    try:
        if aanplakker:
            return url_for("aanplakker.thread", post_id=post_id)
        return url_for("questions.show", question_id=post_id)
    except BuildError:  # a blueprint not registered (yet): the paths are stable
        return f"/{'aanplakker' if aanplakker else 'vragen'}/{post_id}"


@dataclass
class Hit:
    """One result: the hydrated thread and its highlighted title and snippet."""

    post: Post  # a hydrate.HitThread: the attributes a result shows, read as a row
    title_html: Markup
    snippet: Markup

    @property
    def id(self) -> int:
        return self.post.id

    @property
    def type(self) -> str:
        return self.post.type.value

    @property
    def url(self) -> str:
        return thread_url(self.post)

    @property
    def accepted(self) -> bool:
        return self.post.accepted_answer_id is not None

    def to_dict(self) -> dict[str, Any]:
        """Return the hit as the JSON API shows it (API.md, GET /search)."""
        return {
            "type": self.type,
            "id": self.id,
            "title": self.post.title,
            "snippet": str(self.snippet),
            "url": self.url,
            "topics": [t.slug for t in self.post.topics],
            "score": self.post.score,
            "answer_count": self.post.answer_count,
            "accepted": self.accepted,
        }


@dataclass
class Results:
    """What a search found: one page of hits, the total, facets and how the query was read."""

    query: ParsedQuery
    filters: Filters
    sort: str
    hits: list[Hit]
    total: int
    page: int
    per_page: int
    facets: dict[str, dict[str, int]]
    engine: str
    took_ms: float = 0.0
    # Words left out because nothing matched all of them (SEMANTICS.md §3.8).
    dropped: list[str] = field(default_factory=list)
    # A corrected query ("Bedoelde je …"), when words were not found as typed.
    did_you_mean: str | None = None
    facets_estimated: bool = False
    # More results than total: the engine counted no further (SEMANTICS.md §7).
    total_capped: bool = False

    @property
    def pager(self) -> Page:
        return Page(items=self.hits, page=self.page, per_page=self.per_page, total=self.total)

    def to_dict(self) -> dict[str, Any]:
        """Return the results as the JSON API shows them (API.md, GET /search)."""
        return {
            "hits": [hit.to_dict() for hit in self.hits],
            "total": self.total,
            "total_capped": self.total_capped,
            "facets": self.facets,
            "took_ms": round(self.took_ms, 1),
            "engine": self.engine,
        }


@dataclass
class Found:
    """An engine's raw answer: matching thread ids in order, before hydration."""

    ids: list[int]
    total: int
    facets: dict[str, dict[str, int]]
    dropped: list[str] = field(default_factory=list)
    did_you_mean: str | None = None
    highlighter: Any = None
    # Facet counts of a very large matching set come from a sample (SEMANTICS.md §7).
    estimated: bool = False
    # More threads match than total says (the total stops at large.TOTAL_EXACT, §7).
    capped: bool = False


class SearchEngine(ABC):
    """Search over threads; see SEMANTICS.md for what every engine must honour."""

    name: str = ""

    def search(
        self,
        query: str | ParsedQuery,
        filters: Filters | None = None,
        sort: str = "relevance",
        page: int | str = 1,
        per_page: int | str = DEFAULT_PER_PAGE,
        session: Session | None = None,
    ) -> Results:
        """Find threads for a typed query plus filters; one page, hydrated and highlighted."""
        from kenme.search.hydrate import hydrate

        started = time.perf_counter()
        session = session or _db_session()
        parsed = query if isinstance(query, ParsedQuery) else parse(query or "")
        combined = (filters or Filters()).with_query(parsed)
        sort = sort if sort in SORTS else "relevance"
        page_number, size = clamp(page, per_page)
        size = min(size, MAX_PER_PAGE)
        # Deep pages cost as much as they are deep; nobody reads past page 50.
        page_number = min(page_number, 50)
        found = self.find(session, parsed, combined, sort, (page_number - 1) * size, size)
        hits = hydrate(session, found.ids, found.highlighter)
        return Results(
            query=parsed,
            filters=combined,
            sort=sort,
            hits=hits,
            total=max(found.total, len(hits)),
            page=page_number,
            per_page=size,
            facets=found.facets,
            engine=self.name,
            took_ms=(time.perf_counter() - started) * 1000,
            dropped=found.dropped,
            did_you_mean=found.did_you_mean,
            facets_estimated=found.estimated,
            total_capped=found.capped,
        )

    @abstractmethod
    def find(
        self,
        session: Session,
        query: ParsedQuery,
        filters: Filters,
        sort: str,
        offset: int,
        limit: int,
    ) -> Found:
        """Return matching visible thread ids in result order, with total and facets."""

    @abstractmethod
    def suggest(
        self,
        title: str,
        limit: int = 5,
        exclude_id: int | None = None,
        session: Session | None = None,
    ) -> list[Post]:
        """Return visible questions similar to a draft title, most similar first."""

    @abstractmethod
    def index(self, posts: Iterable[Post | int], session: Session | None = None) -> int:
        """(Re)index the threads of these posts now; return how many documents were written."""

    @abstractmethod
    def remove(self, post_ids: Sequence[int], session: Session | None = None) -> None:
        """Remove these threads from the index."""

    @abstractmethod
    def rebuild(self, session: Session | None = None, progress=None) -> int:
        """Build the whole index afresh from the database; return the number of documents."""

    @abstractmethod
    def health(self, session: Session | None = None) -> dict[str, Any]:
        """Return {"engine", "status": "ok|degraded", "pending_outbox"}."""

    @abstractmethod
    def record_change(
        self, session: Session, post: Post, *, score_only: bool = False, added=None
    ) -> None:
        """Keep the index in step with a change, in the changing transaction.

        ``score_only``: nothing changed but a post's score (a vote). ``added``: the change
        is this new answer or comment, nothing else (an engine may add just its text)."""

    def thesaurus_changed(  # noqa: B027 (optional hook)
        self, session: Session, names: Iterable[str] | None = None
    ) -> None:
        """React to an edit of the thesaurus; names: those added or changed (None: any)."""


def _db_session() -> Session:
    from kenme.extensions import db

    return db.session
