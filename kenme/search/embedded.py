"""The embedded engine: full-text search inside the app's own database, never out of step.

Every change is indexed by record_change in the changing transaction (SQLite FTS5 or a
PostgreSQL tsvector table, see fts.py), with our own Dutch analysis, thesaurus, typo
tolerance and prefix matching around it (plan.py).
"""

from __future__ import annotations

import heapq
import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import islice

from sqlalchemy import String, cast, func, literal, select, union_all
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from kenme.models import Post, PostType, Topic, Visibility, post_topics
from kenme.search import cache
from kenme.search.analysis import _ANALYSED, _folded_words, analyse, fold
from kenme.search.documents import (
    FIELDS,
    META,
    TEXT_FIELDS,
    NameTokens,
    ThreadDocument,
    load_documents,
    name_token,
    tokenised,
    visible_thread_ids,
)
from kenme.search.engine import Filters, Found, SearchEngine
from kenme.search.fts import backend_for
from kenme.search.hydrate import load_threads
from kenme.search.plan import Plan, build_plan, relaxations
from kenme.search.query import ParsedQuery, parse
from kenme.search.synonyms import current_thesaurus, current_topics
from kenme.search.thesaurus import Thesaurus
from kenme.search.vocabulary import TermStore, apply_deltas, replace_all

logger = logging.getLogger(__name__)

posts = Post.__table__
REBUILD_BATCH = 1000
FACET_NAMES = ("topic", "type", "status", "year")
# Matching sets larger than this are ranked in two tiers (title/oogst matches first).
TIERS_FROM = 2000
# Facets of larger matching sets are counted on a sample of about this size and scaled up.
FACETS_EXACT = 1000  # 2,000 rows cost 12 ms at 100,000 threads, 1,000 about 6
# A thesaurus change re-indexes at most this many threads at once (see thesaurus_changed).
REINDEX_AT_ONCE = 2000
# A tier holding more threads than this is ordered newest first instead of by bm25.
RANK_LIMIT = 1000
# Suggestions look at the rarest words of a draft title only.
SUGGEST_WORDS = 4
ORDERS = {
    "newest": (posts.c.created_at.desc(), posts.c.id.desc()),
    "votes": (posts.c.score.desc(), posts.c.created_at.desc(), posts.c.id.desc()),
}


def _session(session: Session | None) -> Session:
    if session is not None:
        return session
    from kenme.extensions import db

    return db.session


def visible_threads() -> tuple:
    """Return the WHERE clauses of visible threads (questions and Aanplakkers)."""
    return (
        posts.c.visibility == Visibility.VISIBLE,
        posts.c.type.in_([PostType.QUESTION, PostType.AANPLAKKER]),
    )


class EmbeddedEngine(SearchEngine):
    """Search in the app's database: SQLite FTS5 or PostgreSQL full-text search."""

    name = "embedded"

    # Searching ---------------------------------------------------------------------------

    def _everything(self, session: Session, plan: Plan):
        """Return a select of the ids of every visible thread but the excluded ones: what a
        search with neither text nor filters lists (the rest comes from the full-text table,
        see _by_index)."""
        statement = select(posts.c.id).where(*visible_threads())
        if plan.has_exclusions:
            backend = backend_for(session)
            excluded = backend.excluded_ids(backend.exclusions(plan))
            statement = statement.where(posts.c.id.not_in(excluded))
        return statement

    def _facets(self, session: Session, matching, scale: int = 1) -> dict[str, dict[str, int]]:
        """Count a set of thread ids (a select with an "id" column) by type, status, year and
        topic, in one statement; counts from a sample are multiplied by scale."""
        backend = backend_for(session)
        found = matching.cte("found").prefix_with("MATERIALIZED")
        # Each thread's row is read once (not once per facet): at 100,000 questions a posts
        # row lookup is most of what a facet count costs.
        rows = (
            select(
                cast(posts.c.type, String).label("type"),
                cast(posts.c.status, String).label("status"),
                backend.year(posts.c.created_at).label("year"),
            )
            .select_from(found.join(posts, posts.c.id == found.c.id))
            .where(posts.c.visibility == Visibility.VISIBLE)
            .cte("found_rows")
            .prefix_with("MATERIALIZED")
        )
        topics = Topic.__table__

        def grouped(name: str):
            value = rows.c[name]
            return select(
                literal(name).label("facet"), value.label("value"), func.count().label("n")
            ).group_by(value)

        by_topic = (
            select(
                literal("topic").label("facet"),
                topics.c.slug.label("value"),
                func.count().label("n"),
            )
            .select_from(
                found.join(post_topics, post_topics.c.post_id == found.c.id).join(
                    topics, topics.c.id == post_topics.c.topic_id
                )
            )
            .group_by(topics.c.slug)
        )
        statement = union_all(grouped("type"), grouped("status"), grouped("year"), by_topic)
        facets: dict[str, dict[str, int]] = {name: {} for name in FACET_NAMES}
        for facet, value, count in session.execute(statement):
            if value is not None and count:
                facets[facet][str(value)] = int(count) * scale
        for name in facets:
            facets[name] = dict(sorted(facets[name].items(), key=lambda kv: (-kv[1], kv[0])))
        return facets

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
            return self._find(session, backend, query, filters, sort, offset, limit)

    def _find(
        self,
        session: Session,
        backend,
        query: ParsedQuery,
        filters: Filters,
        sort: str,
        offset: int,
        limit: int,
    ) -> Found:
        thesaurus = current_thesaurus(session)
        topics = current_topics(session)
        version = cache.version(session)
        store = TermStore(session, version)

        def key(*parts):
            return None if version is None else (*version, *parts)

        plan, dropped, total = Plan(), [], 0
        facets: dict[str, dict[str, int]] = {}
        estimated = False
        for step in relaxations(query):
            terms, dropped, prefix = step
            plan = build_plan(query, terms, thesaurus, store, prefix, topics)
            expression = self._cache_key(backend, plan, filters)
            if _by_index(plan, filters):
                total = cache.cached(
                    key("count", expression), lambda e=expression: backend.count(session, e)
                )
            else:
                facets, estimated = cache.cached(
                    key("facets", expression),
                    lambda p=plan: (
                        self._facets(session, self._everything(session, p)),
                        False,
                    ),
                )
                total = sum(facets["type"].values())
            if total:
                break
        expression = self._cache_key(backend, plan, filters)
        by_index = _by_index(plan, filters)
        ids: list[int] = []
        if by_index and total:
            facets, estimated = cache.cached(
                key("facets", expression),
                lambda: self._sampled_facets(session, backend, expression, total),
            )
        if total and offset < total:
            page_key = key("page", expression, sort, offset, limit) if sort != "votes" else None
            if by_index:
                # Without text there is nothing to rank: by the filters alone, newest first.
                order = sort if plan.has_text or sort in ORDERS else "newest"
                ids = cache.cached(
                    page_key,
                    lambda: self._fts_page(
                        session, backend, plan, expression, order, total, offset, limit
                    ),
                )
            else:
                ids = cache.cached(
                    page_key,
                    lambda: self._joined_page(session, plan, sort, offset, limit),
                )
        suggestion = None
        if total == 0 or plan.corrected:
            suggestion = self.did_you_mean(session, query, thesaurus, store)
        return Found(
            ids=list(ids),
            total=total,
            facets=facets or {name: {} for name in FACET_NAMES},
            dropped=dropped if total else [],
            did_you_mean=suggestion,
            highlighter=plan.highlighter(),
            estimated=estimated,
        )

    @staticmethod
    def _cache_key(backend, plan: Plan, filters: Filters) -> str:
        """Return the plan as the back end's query text: what the results depend on."""
        if _by_index(plan, filters):
            return backend.expression(plan, filters)
        text = backend.positive(plan) if plan.has_text else ""
        excluded = backend.exclusions(plan) if plan.has_exclusions else ""
        return f"{text}|{excluded}|{filters!r}"

    def _sampled_facets(self, session: Session, backend, expression: str, total: int):
        """Return (facets, estimated): exact up to FACETS_EXACT matches, else from a sample."""
        every = max(1, -(-total // FACETS_EXACT))
        sample = backend.sample(session, expression, every)
        return self._facets(session, sample, every), every > 1

    def _joined_page(self, session, plan, sort, offset, limit) -> list[int]:
        """Return one page of every visible thread but the excluded ones, newest first or by
        votes (a search with neither text nor filters)."""
        order = ORDERS.get(sort, ORDERS["newest"])
        statement = self._everything(session, plan).order_by(*order)
        return list(session.scalars(statement.limit(limit).offset(offset)))

    def _fts_page(self, session, backend, plan, expression, sort, total, offset, limit):
        """Return one page of ids from the full-text table alone (it holds visible threads
        only, filters are meta tokens).

        Large matching sets are ranked in two tiers: threads with a query word in the title
        (SQLite: or the oogst) first (they would rank first anyway, title and oogst weigh
        most), then the rest, so bm25 or ts_rank is not computed for tens of thousands of rows
        to show twenty.
        """
        if sort in ORDERS:
            walked = _walk_sorted(session, backend.ids(session, expression), sort, offset + limit)
            if walked is not None:
                return walked[offset : offset + limit]
            # By primary key, not by a list index: with `type` or `visibility` here SQLite
            # walks every visible thread in the list index to test its id (100 ms at 100,000
            # threads). The full-text table holds visible threads only; hydration re-checks.
            matching = backend.sample(session, expression, 1).subquery()
            statement = (
                select(posts.c.id)
                .where(posts.c.id.in_(select(matching.c.id)))
                .order_by(*ORDERS[sort])
                .limit(limit)
                .offset(offset)
            )
            return list(session.scalars(statement))
        if total <= TIERS_FROM:
            return backend.ranked(session, expression, offset, limit)
        # A large title tier is listed newest first: worked out from the lists of matching
        # ids and question titles (fts_titles), each read once, without another MATCH over
        # the documents (each costs as much as the first: 20 ms for a common prefix).
        ids = backend.ids(session, expression)
        titled = backend.titled(session, plan)
        wanted = max(RANK_LIMIT, offset + limit)
        first = list(islice((i for i in ids if i in titled), wanted))
        if len(first) >= RANK_LIMIT:
            if offset + limit > len(first):  # past the title tier: the rest, newest first
                first += [i for i in ids if i not in titled]
            return first[offset : offset + limit]
        titles = backend.in_titles(plan)
        first, rest = (titles, True), (titles, False)
        in_first = backend.count(session, expression, cap=RANK_LIMIT, tier=first)
        ids: list[int] = []
        if offset < in_first:
            # Thousands of title matches tie on nearly everything bm25 looks at; like the
            # Meilisearch ranking rules, newest first then (by id, without computing bm25).
            newest = in_first >= RANK_LIMIT
            ids = backend.ranked(session, expression, offset, limit, newest=newest, tier=first)
        if len(ids) < limit and in_first < RANK_LIMIT:
            newest = total - in_first > RANK_LIMIT
            ids += backend.ranked(
                session,
                expression,
                max(0, offset - in_first),
                limit - len(ids),
                newest=newest,
                tier=rest,
            )
        return ids

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
        version = cache.version(session)
        store = TermStore(session, version)
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
        backend = _reading_backend(session)
        key = (
            None
            if version is None
            else (*version, "similar", backend.names_as_tokens, repr(plan.slots), limit)
        )
        ids = cache.cached(key, lambda: backend.similar_titles(session, plan, limit + 1))
        return load_threads(session, [i for i in ids if i != exclude_id][:limit])

    # Indexing ----------------------------------------------------------------------------

    def record_change(self, session: Session, post: Post) -> None:
        session.flush()
        thread = post.question if post.parent_id else post
        index_threads(session, [thread.id])

    def index(self, posts_or_ids: Iterable[Post | int], session: Session | None = None) -> int:
        session = _session(session)
        ids = set()
        for item in posts_or_ids:
            if isinstance(item, Post):
                ids.add(item.parent_id or item.id)
            else:
                ids.add(int(item))
        written = 0
        ordered = sorted(ids)
        for start in range(0, len(ordered), REBUILD_BATCH):
            written += index_threads(session, ordered[start : start + REBUILD_BATCH])
        return written

    def remove(self, post_ids: Sequence[int], session: Session | None = None) -> None:
        session = _session(session)
        backend = backend_for(session)
        ids = [int(i) for i in post_ids]
        old = backend.read(session, ids)
        backend.delete(session, ids)
        deltas: Counter[str] = Counter()
        for terms, _ in old.values():
            deltas.subtract(terms)
        apply_deltas(session, deltas, {})
        cache.bump(session)

    def rebuild(self, session: Session | None = None, progress=None) -> int:
        """Rebuild the index and vocabulary from the database, in one transaction."""
        session = _session(session)
        backend = backend_for(session)
        backend.clear(session)
        names = current_thesaurus(session).name_tokens
        frequencies: Counter[str] = Counter()
        words: dict[str, str] = {}
        written, after = 0, 0
        while True:
            ids = visible_thread_ids(session, after, REBUILD_BATCH)
            if not ids:
                break
            after = ids[-1]
            analysed = {
                post_id: _analyse(document, words, names)
                for post_id, document in load_documents(session, ids).items()
            }
            backend.insert(session, analysed)
            for fields in analysed.values():
                frequencies.update(_text_terms(fields))
            written += len(analysed)
            if progress:
                progress(written)
        replace_all(session, frequencies, words)
        backend.optimise(session)
        cache.bump(session)
        cache.mark_format(session, cache.INDEX_FORMAT)
        return written

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
        backend = backend_for(session)
        missing: set[int] = set()
        for name in dict.fromkeys(n for n in wanted if tokenised(n)):
            missing.update(backend.without_token(session, name, name_token(name)))
        if len(missing) > REINDEX_AT_ONCE:
            # Re-indexing 15,000 threads takes half a minute: not inside a moderator's
            # request. Read names as phrases (right, only slower) until a rebuild.
            cache.mark_format(session, cache.PHRASES_FORMAT)
            logger.warning(
                "search: a thesaurus change touches %d threads; names are read as phrases "
                "until `flask --app kenme search rebuild`",
                len(missing),
            )
            return
        self.index(missing, session=session)

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


# Sorting a matching set this large by newest or votes walks the list indexes instead ...
WALK_FROM = 2000
# ... reading at most this many index entries before sorting the set itself after all.
WALK_LIMIT = 20_000
_WALK_CHUNK = 500


def _walk_sorted(session: Session, ids: list[int], sort: str, wanted: int) -> list[int] | None:
    """Return the first `wanted` of ids in the sort's order, or None: too few to walk for.

    Sorting 70,000 matching threads by date or votes reads 70,000 rows (0.3-0.9 s at 100,000
    threads). Walking a list index (ix_posts_list_newest, ix_posts_list_votes: visible
    threads of one type in that order) and keeping the ids that match needs about
    wanted / (share of threads that match) entries: a few hundred for a common word.
    """
    if len(ids) <= WALK_FROM:
        return None
    order = ORDERS[sort]
    keys = [column.element for column in order]  # the columns, in the order's priority
    members = set(ids)
    # One streamed statement per thread type (not pages of LIMIT/OFFSET, which walk the
    # index from the start again for every page), merged in the sort's order.
    results = [
        session.execute(
            select(*keys)
            .where(posts.c.type == kind, posts.c.visibility == Visibility.VISIBLE)
            .order_by(*order)
            .limit(WALK_LIMIT),
            execution_options={"yield_per": _WALK_CHUNK},
        )
        for kind in (PostType.QUESTION, PostType.AANPLAKKER)
    ]
    found: list[int] = []
    try:
        merged = heapq.merge(*(map(tuple, result) for result in results), reverse=True)
        for row in islice(merged, WALK_LIMIT):
            if row[-1] in members:
                found.append(row[-1])
                if len(found) == wanted:
                    return found
    finally:
        for result in results:
            result.close()
    return found if len(found) == len(members) else None


def _reading_backend(session: Session):
    """Return a back end for one search: names as tokens when the whole index has them."""
    backend = backend_for(session)
    backend.names_as_tokens = cache.names_as_tokens(session)
    return backend


def _by_index(plan: Plan, filters: Filters) -> bool:
    """Tell whether a search is answered from the full-text table alone: with text, or with
    filters (they are meta tokens there, in every visible thread's document). A list by
    filters alone over posts counted and faceted every thread: 0.1-0.6 s at 100,000."""
    return plan.has_text or filters.active


def _analyse(document: ThreadDocument, words: dict[str, str], names: NameTokens) -> dict[str, str]:
    """Return the fields of a document as indexed, noting a typed word for every new stem.

    A field's stems are followed by the tokens of the multi-word thesaurus names in it.
    """
    fields: dict[str, str] = {}
    analysed = _ANALYSED
    for name, value in document.texts().items():
        tokens = _folded_words(fold(value))
        stems = list(map(analysed.__getitem__, tokens))
        for token, term in zip(tokens, stems, strict=True):
            if term and term not in words:
                words[term] = token[:64]
        stems = list(filter(None, stems))
        fields[name] = " ".join(stems + names(stems))
    fields["meta"] = " ".join(document.meta_tokens())
    return {name: fields.get(name, "") for name in FIELDS}


def _slot_words(slot) -> list[str]:
    return [a for a in slot.alternatives if " " not in a] + list(slot.corrections)


def _slot_frequency(store: TermStore, slot) -> int:
    """Return how many documents a slot's single words occur in (0 when none is indexed)."""
    counts = store.frequencies(_slot_words(slot))
    found = sum(counts.values())
    return found if found else 10**9  # unknown words (or only prefixes) go last


def _text_terms(fields: dict[str, str]) -> set[str]:
    """Return the distinct text terms (the vocabulary's part; meta look-alikes left out)."""
    terms = " ".join(fields[name] for name in TEXT_FIELDS).split()
    return {t for t in terms if not t.startswith(META)}


def index_threads(session: Session, thread_ids: Sequence[int]) -> int:
    """Bring the index rows and vocabulary of these threads in line with the database."""
    backend = backend_for(session)
    ids = sorted({int(i) for i in thread_ids})
    if not ids:
        return 0
    documents = load_documents(session, ids)
    stored = backend.read(session, ids)
    words: dict[str, str] = {}
    names = current_thesaurus(session).name_tokens
    analysed = {post_id: _analyse(doc, words, names) for post_id, doc in documents.items()}
    deltas: Counter[str] = Counter()
    changed: list[int] = []
    for post_id in ids:
        before, fields_before = stored.get(post_id, (None, ()))
        fields = analysed.get(post_id)
        if fields is not None and fields_before == tuple(fields[name] for name in FIELDS):
            continue  # a vote or a status change: the text is the same
        if fields is None and before is None:
            continue
        changed.append(post_id)
        if fields is not None:
            deltas.update(_text_terms(fields))
        deltas.subtract(before or ())
    if changed:
        backend.delete(session, changed)
        backend.insert(session, {i: analysed[i] for i in changed if i in analysed})
        apply_deltas(session, deltas, words)
        cache.bump(session)
    return len([i for i in changed if i in analysed])
