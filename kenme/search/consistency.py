"""Does the search index hold exactly the visible threads, as they read now? (`flask check`)

The embedded engine is compared thread by thread: the ids in the full-text table against the
visible questions and Aanplakkers, and each thread's stored terms against a fresh analysis
of its rows. Meilisearch is compared by id, leaving out threads with a change still waiting
in the outbox (the worker sends those). Repair re-indexes what differs, in the caller's
transaction (embedded) or through the engine's own index and remove calls (Meilisearch).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from kenme.models import SearchOutbox
from kenme.search.documents import FIELDS, load_documents, visible_thread_ids
from kenme.search.engine import SearchEngine

BATCH = 500


@dataclass
class IndexReport:
    engine: str
    threads: int = 0
    missing: list[int] = field(default_factory=list)  # visible, not in the index
    extra: list[int] = field(default_factory=list)  # in the index, not visible (or gone)
    stale: list[int] = field(default_factory=list)  # in the index with other text
    error: str = ""

    @property
    def clean(self) -> bool:
        return not (self.missing or self.extra or self.stale or self.error)

    def to_dict(self) -> dict:
        return {
            "engine": self.engine,
            "threads": self.threads,
            "missing": self.missing,
            "extra": self.extra,
            "stale": self.stale,
            "error": self.error,
        }


def _visible_ids(session: Session) -> list[int]:
    ids: list[int] = []
    while batch := visible_thread_ids(session, ids[-1] if ids else 0, 5000):
        ids += batch
    return ids


def check_index(session: Session, engine: SearchEngine) -> IndexReport:
    """Compare the engine's index with the database; nothing is changed."""
    report = IndexReport(engine.name)
    visible = _visible_ids(session)
    report.threads = len(visible)
    if engine.name == "meilisearch":
        _check_meilisearch(session, engine, visible, report)
    else:
        _check_embedded(session, visible, report)
    return report


def _check_embedded(session: Session, visible: list[int], report: IndexReport) -> None:
    from kenme.search.fts import backend_for
    from kenme.search.indexing import _analyse, _text_terms
    from kenme.search.synonyms import current_thesaurus

    backend = backend_for(session)
    key = next(iter(backend.fts.c))
    indexed = set(session.scalars(select(key)))
    report.missing = sorted(set(visible) - indexed)
    report.extra = sorted(indexed - set(visible))
    names = current_thesaurus(session).name_tokens
    both = sorted(set(visible) & indexed)
    for start in range(0, len(both), BATCH):
        ids = both[start : start + BATCH]
        stored = backend.read(session, ids)
        for post_id, document in load_documents(session, ids).items():
            fields = _analyse(document, {}, names)
            terms, row = stored.get(post_id, (set(), ()))
            same_row = not row or row == tuple(fields[name] for name in FIELDS)
            if terms != _text_terms(fields) or not same_row:
                report.stale.append(post_id)


def _check_meilisearch(session, engine, visible: list[int], report: IndexReport) -> None:
    from meilisearch.errors import MeilisearchError

    pending = set(
        session.scalars(select(SearchOutbox.post_id).where(SearchOutbox.post_id.is_not(None)))
    )
    indexed: set[int] = set()
    try:
        offset = 0
        while True:
            page = engine.index_handle.get_documents(
                {"fields": ["id"], "limit": 1000, "offset": offset}
            )
            results = page.results
            indexed.update(int(getattr(d, "id", None) or d["id"]) for d in results)
            if len(results) < 1000:
                break
            offset += 1000
    except MeilisearchError as error:
        report.error = f"Meilisearch niet bereikbaar: {type(error).__name__}"
        return
    report.missing = sorted(set(visible) - indexed - pending)
    report.extra = sorted(indexed - set(visible) - pending)


def repair_index(session: Session, engine: SearchEngine, report: IndexReport) -> int:
    """Re-index the missing and stale threads and remove the extra ones; return the count."""
    if report.extra:
        engine.remove(report.extra, session=session)
    changed = report.missing + report.stale
    if changed:
        engine.index(changed, session=session)
    return len(changed) + len(report.extra)
