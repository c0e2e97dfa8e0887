"""The embedded engine: full-text search inside the app's own database, never out of step.

Every change is indexed by record_change in the changing transaction (SQLite FTS5 or a
PostgreSQL tsvector table, see fts.py, written by indexing.py), with our own Dutch analysis,
thesaurus, typo tolerance and prefix matching around it (plan.py); a query's levels (all
words, then fewer: levels.py) are listed level by level, each ranked (pages.py).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Sequence

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from kenme.models import Post
from kenme.search import cache
from kenme.search.analysis import analyse
from kenme.search.appending import append_post
from kenme.search.catch_up import UPGRADE_AT_ONCE, lacking_tokens, reindex
from kenme.search.engine import Filters, Found, SearchEngine
from kenme.search.fts import backend_for
from kenme.search.hydrate import load_threads
from kenme.search.indexing import index_threads, rebuild_index
from kenme.search.large import capped_total
from kenme.search.levels import Levels, levels
from kenme.search.pages import (
    FACET_NAMES,
    ORDERS,
    everything,
    facets,
    fts_page,
    joined_page,
    level_page,
    sampled_facets,
)
from kenme.search.plan import Plan, build_plan
from kenme.search.query import ParsedQuery, parse
from kenme.search.synonyms import current_thesaurus, current_topics
from kenme.search.thesaurus import Thesaurus
from kenme.search.vocabulary import TermStore, apply_deltas

logger = logging.getLogger(__name__)

# A thesaurus change re-indexes at most this many threads at once (see thesaurus_changed).
REINDEX_AT_ONCE = 2000
# A search's plan follows the vocabulary's frequencies (the rarest word is given up last):
# a whole answer is kept this long at most, whatever changed.
PLAN_SECONDS = 60.0
# Suggestions look at the rarest words of a draft title only.
SUGGEST_WORDS = 4


def _session(session: Session | None) -> Session:
    if session is not None:
        return session
    from kenme.extensions import db

    return db.session


class EmbeddedEngine(SearchEngine):
    """Search in the app's database: SQLite FTS5 or PostgreSQL full-text search."""

    name = "embedded"

    # Searching ---------------------------------------------------------------------------

    def find(
        self,
        session: Session,
        query: ParsedQuery,
        filters: Filters,
        sort: str,
        offset: int,
        limit: int,
    ) -> Found:
        backend = _reading_backend(session)  # one per search: it may keep the matching ids
        with backend.planning(session):
            thesaurus = current_thesaurus(session)
            reader = cache.Reader(session, cache.version(session))
            topics = current_topics(session, reader.version)

            def search() -> tuple[Found, cache.Depends]:
                return self._find(
                    session, backend, reader, thesaurus, topics, query, filters, sort, offset, limit
                )

            if sort == "votes":  # scores change without a change to the index
                return search()[0]
            # The whole answer, plan included, while nothing it depends on changed (cache.py).
            whole = ("found", repr(filters), sort, offset, limit)
            found, _ = reader.get(
                (*whole, *_planning(backend, thesaurus, topics, query)),
                search,
                rule=lambda kept: cache.both(
                    cache.same_words, cache.depends_rule(session, backend, kept[1])
                ),
                max_age=PLAN_SECONDS,
            )
            return found

    def _find(
        self,
        session: Session,
        backend,
        reader: cache.Reader,
        thesaurus: Thesaurus,
        topics,
        query: ParsedQuery,
        filters: Filters,
        sort: str,
        offset: int,
        limit: int,
    ) -> tuple[Found, cache.Depends]:
        store = TermStore(session, reader)

        def planned() -> tuple[Plan, Levels]:
            plan = build_plan(query, query.terms, thesaurus, store, query.prefix, topics)
            return plan, levels(plan, store)

        # The plan and its levels follow the vocabulary: which words exist exactly, their
        # frequencies (the rarest word is given up last) for PLAN_SECONDS (decision 0051).
        plan, ordered = reader.get(
            ("plan", *_planning(backend, thesaurus, topics, query)),
            planned,
            cache.same_words,
            max_age=PLAN_SECONDS,
        )
        suggestion = None
        if not _by_index(plan, filters):
            # Neither text nor filters: every visible thread but the excluded ones.
            facets_found, estimated = reader.get(
                ("facets", self._cache_key(backend, plan, filters)),
                lambda: (facets(session, everything(session, plan)), False),
            )
            total = sum(facets_found["type"].values())
            ids: list[int] = []
            if total and offset < total:
                page = ("page", repr(plan), repr(filters), sort, offset, limit)
                compute = lambda: joined_page(session, plan, sort, offset, limit)  # noqa: E731
                ids = compute() if sort == "votes" else reader.get(page, compute)
            found = Found(
                ids=list(ids),
                total=total,
                facets=facets_found,
                highlighter=plan.highlighter(),
                estimated=estimated,
            )
            return found, cache.Depends(None, True, True)
        order = sort if plan.has_text or sort in ORDERS else "newest"  # filters alone: newest
        several = len(ordered.slots) > 1
        expression = backend.expression(ordered.plan, filters, any_slot=several)
        # Kept across writes to threads that do not match (cache.py, decision 0023).
        # A status or flag filter: any write may take a thread out (not logged as meta); so
        # may a purge or hide that splits a phrase whose words stay (no term is lost).
        excludes = (
            ordered.plan.has_exclusions
            or ordered.plan.has_phrases(backend.names_as_tokens)
            or bool(filters.status or filters.flags)
        )
        # Filter tokens, or topic tokens for words that name a topic.
        filtered = filters.active or any(slot.topics for slot in ordered.plan.slots)
        holds = cache.depends_rule(session, backend, cache.Depends(expression, excludes, filtered))
        # Exact up to TOTAL_EXACT matches, else "more than" (large.py, SEMANTICS.md §7).
        total, capped = reader.get(
            ("count", expression), lambda: capped_total(session, backend, expression), holds
        )
        found_facets: dict[str, dict[str, int]] = {name: {} for name in FACET_NAMES}
        estimated, ids, dropped = False, [], []
        if total:
            found_facets, estimated = reader.get(
                ("facets", expression),
                lambda: sampled_facets(session, backend, expression, total, capped, several),
                holds,
            )
        if total and offset < total:
            page = ("page", expression, order, offset, limit)
            if several:
                compute = lambda: level_page(  # noqa: E731
                    session, backend, ordered, filters, expression, order, offset, limit, capped
                )
                ids, dropped = compute() if order == "votes" else reader.get(page, compute, holds)
            else:
                compute = lambda: fts_page(  # noqa: E731
                    session,
                    backend,
                    plan,
                    expression,
                    order,
                    backend.count(session, expression) if capped else total,
                    offset,
                    limit,
                )
                ids = compute() if order == "votes" else reader.get(page, compute, holds)
        if total == 0 or plan.corrected:
            suggestion = self.did_you_mean(session, query, thesaurus, store)
        found = Found(
            ids=list(ids),
            total=total,
            facets=found_facets,
            dropped=dropped,
            did_you_mean=suggestion,
            highlighter=plan.highlighter(),
            estimated=estimated,
            capped=capped,
        )
        return found, cache.Depends(expression, excludes, filtered)

    @staticmethod
    def _cache_key(backend, plan: Plan, filters: Filters) -> str:
        """Return a search without text or filters as what its results depend on."""
        excluded = backend.exclusions(plan) if plan.has_exclusions else ""
        return f"|{excluded}|{filters!r}"

    def did_you_mean(
        self, session: Session, query: ParsedQuery, thesaurus: Thesaurus, store: TermStore
    ) -> str | None:
        """Return the query with unknown words replaced by their best correction, or None."""
        if not query.terms:
            return None
        replaced: dict[int, str] = {}
        for slot in thesaurus.slots(query.terms):
            if slot.in_thesaurus or len(slot.stems) != 1:
                continue
            word = slot.stems[0]
            if store.frequency(word):
                continue
            last = slot.last_word == len(query.terms) - 1
            if last and query.prefix and store.has_prefix(word):
                continue
            best = store.corrections(word, 1)
            if best:
                replaced[slot.first_word] = best[0]
        if not replaced:
            return None
        words = store.display_words(replaced.values())
        terms = [words[replaced[i]] if i in replaced else t for i, t in enumerate(query.terms)]
        corrected = ParsedQuery(**{**query.__dict__, "terms": terms, "prefix": False})
        return corrected.text().strip()

    def suggest(
        self,
        title: str,
        limit: int = 5,
        exclude_id: int | None = None,
        session: Session | None = None,
    ) -> list[Post]:
        session = _session(session)
        parsed = parse(title or "")
        if not parsed.terms:
            return []
        thesaurus = current_thesaurus(session)
        reader = cache.Reader(session, cache.version(session))
        backend = _reading_backend(session)
        # The draft's words, plan and titles together, while no title and no word of the
        # vocabulary came or went (cache.py): a title typed letter by letter asks often.
        ids = reader.get(
            ("suggest", repr(parsed), limit, backend.names_as_tokens, id(thesaurus)),
            lambda: self._similar(session, backend, reader, thesaurus, parsed, limit),
            cache.both(cache.same_titles, cache.same_words),
            max_age=PLAN_SECONDS,
        )
        return load_threads(session, [i for i in ids if i != exclude_id][:limit], whole=False)

    def _similar(self, session, backend, reader, thesaurus, parsed, limit: int) -> list[int]:
        store = TermStore(session, reader)
        plan = build_plan(parsed, parsed.terms, thesaurus, store, parsed.prefix)
        plan.phrases, plan.excluded, plan.excluded_phrases = [], [], []
        # The rarest words make a title similar; common ones ("klant") only cost time. The
        # back ends' similar_titles take the slots in this order: rarest first.
        store.frequencies([w for slot in plan.slots for w in _slot_words(slot)])  # one query
        plan.slots = sorted(plan.slots, key=lambda slot: _slot_frequency(store, slot))[
            :SUGGEST_WORDS
        ]
        if not plan.slots:
            return []
        # Both back ends keep a titles-only table of visible questions (fts_titles), written
        # with the thread's row; a suggestion never reads whole thread documents.
        return reader.get(
            ("similar", backend.names_as_tokens, repr(plan.slots), limit),
            lambda: backend.similar_titles(session, plan, limit + 1),
            cache.same_titles,
        )

    # Indexing ----------------------------------------------------------------------------

    def record_change(
        self, session: Session, post: Post, *, score_only: bool = False, added=None
    ) -> None:
        if score_only:
            return  # no field of the index holds a score: re-reading the thread finds nothing
        session.flush()
        thread = post.question if post.parent_id else post
        # A new answer or comment: its words added to the stored fields (decision 0038).
        if added is not None and append_post(session, thread, added):
            return
        index_threads(session, [thread.id])

    def index(self, posts_or_ids: Iterable[Post | int], session: Session | None = None) -> int:
        session = _session(session)
        ids = set()
        for item in posts_or_ids:
            if isinstance(item, Post):
                ids.add(item.parent_id or item.id)
            else:
                ids.add(int(item))
        return reindex(session, ids)

    def remove(self, post_ids: Sequence[int], session: Session | None = None) -> None:
        session = _session(session)
        backend = backend_for(session)
        ids = [int(i) for i in post_ids]
        old = backend.read(session, ids)
        backend.delete(session, ids)
        deltas: Counter[str] = Counter()
        for terms, _ in old.values():
            deltas.subtract(terms)
        apply_deltas(session, deltas, {}, ids)
        cache.bump(session, [cache.Change(i) for i in ids])

    def rebuild(self, session: Session | None = None, progress=None) -> int:
        """Rebuild the index and vocabulary from the database, in one transaction."""
        return rebuild_index(_session(session), progress)

    def thesaurus_changed(self, session: Session, names: Iterable[str] | None = None) -> None:
        """Give the documents holding a new multi-word name its token (all names if None).

        Only documents with the name and without its token are re-indexed: after a rebuild
        or an earlier edit, a name already in the thesaurus costs one index lookup.
        """
        cache.bump(session)
        if not cache.names_as_tokens(session):
            return  # names are read as phrases until the next rebuild writes every token
        thesaurus = current_thesaurus(session)
        wanted = thesaurus.names() if names is None else [tuple(analyse(n)) for n in names]
        missing = lacking_tokens(session, wanted)
        if len(missing) > REINDEX_AT_ONCE:
            # Re-indexing 15,000 threads takes half a minute: not inside a moderator's
            # request. Read names as phrases (right, only slower) until a rebuild.
            cache.mark_format(session, cache.PHRASES_FORMAT)
            logger.warning(
                "search: a thesaurus change touches %d threads; names are read as phrases "
                "until `flask --app kenme search rebuild` (or the next `flask db upgrade`, "
                "when they are at most %d)",
                len(missing),
                UPGRADE_AT_ONCE,
            )
            return
        reindex(session, missing)

    def health(self, session: Session | None = None) -> dict:
        session = _session(session)
        try:
            backend_for(session).probe(session)
            status = "ok"
        except SQLAlchemyError:
            logger.exception("search health: the full-text table cannot be read")
            session.rollback()
            status = "degraded"
        return {"engine": self.name, "status": status, "pending_outbox": 0}


def _reading_backend(session: Session):
    """Return a back end for one search: names as tokens when the whole index has them."""
    backend = backend_for(session)
    backend.names_as_tokens = cache.names_as_tokens(session)
    return backend


def _planning(backend, thesaurus: Thesaurus, topics, query: ParsedQuery) -> tuple:
    """What a query's plan depends on, as part of a key (the vocabulary: by the rules)."""
    topics_key = hash(frozenset(topics.items()))
    return (repr(query), backend.names_as_tokens, id(thesaurus), topics_key)


def _by_index(plan: Plan, filters: Filters) -> bool:
    """Tell whether a search is answered from the full-text table alone: with text, or with
    filters (they are meta tokens there, in every visible thread's document). A list by
    filters alone over posts counted and faceted every thread: 0.1-0.6 s at 100,000."""
    return plan.has_text or filters.active


def _slot_words(slot) -> list[str]:
    return [a for a in slot.alternatives if " " not in a] + list(slot.corrections)


def _slot_frequency(store: TermStore, slot) -> int:
    """Return how many documents a slot's single words occur in (0 when none is indexed)."""
    counts = store.frequencies(_slot_words(slot))
    found = sum(counts.values())
    return found if found else 10**9  # unknown words (or only prefixes) go last
