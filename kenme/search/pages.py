"""Pages, facets and sorting of the embedded engine's matching sets (see embedded.py).

A matching set is the ids a back-end expression matches in the full-text table (visible
threads only, filters as meta tokens); a search with neither text nor filters lists posts.
"""

from __future__ import annotations

import heapq
from itertools import islice

from sqlalchemy import String, cast, func, literal, select, union_all
from sqlalchemy.orm import Session

from kenme.models import Post, PostType, Topic, Visibility, post_topics
from kenme.search.fts import backend_for
from kenme.search.large import levels_in_order, windows_sample
from kenme.search.levels import Levels, band_order, bands, group_levels, page_of
from kenme.search.plan import Plan

posts = Post.__table__
FACET_NAMES = ("topic", "type", "status", "year")
# Matching sets larger than this are ranked in two tiers (title/oogst matches first).
TIERS_FROM = 2000
# Facets of larger matching sets are counted on a sample of about this size and scaled up.
FACETS_EXACT = 1000  # 2,000 rows cost 12 ms at 100,000 threads, 1,000 about 6
# A thesaurus change re-indexes at most this many threads at once (see thesaurus_changed).
# A tier holding more threads than this is ordered newest first instead of by bm25.
RANK_LIMIT = 1000
# Suggestions look at the rarest words of a draft title only.
ORDERS = {
    "newest": (posts.c.created_at.desc(), posts.c.id.desc()),
    "votes": (posts.c.score.desc(), posts.c.created_at.desc(), posts.c.id.desc()),
}


def visible_threads() -> tuple:
    """Return the WHERE clauses of visible threads (questions and Aanplakkers)."""
    return (
        posts.c.visibility == Visibility.VISIBLE,
        posts.c.type.in_([PostType.QUESTION, PostType.AANPLAKKER]),
    )


def everything(session: Session, plan: Plan):
    """Return a select of the ids of every visible thread but the excluded ones: what a
    search with neither text nor filters lists (the rest comes from the full-text table,
    see _by_index)."""
    statement = select(posts.c.id).where(*visible_threads())
    if plan.has_exclusions:
        backend = backend_for(session)
        excluded = backend.excluded_ids(backend.exclusions(plan))
        statement = statement.where(posts.c.id.not_in(excluded))
    return statement


def facets(session: Session, matching, scale: float = 1) -> dict[str, dict[str, int]]:
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
    counted: dict[str, dict[str, int]] = {name: {} for name in FACET_NAMES}
    for facet, value, count in session.execute(statement):
        if value is not None and count:
            counted[facet][str(value)] = max(1, round(int(count) * scale))
    for name in counted:
        counted[name] = dict(sorted(counted[name].items(), key=lambda kv: (-kv[1], kv[0])))
    return counted


def sampled_facets(session, backend, expression: str, total: int, capped=False, several=True):
    """Return (facets, estimated): exact up to FACETS_EXACT matches, else from a sample;
    beyond TOTAL_EXACT (capped) from windows of ids (large.windows_sample) where the back end
    reads parts of the list cheaply and the page will not read it whole anyway (one slot)."""
    if capped and several and backend.lazy(expression):
        sample, scale = windows_sample(session, backend, expression)
        return facets(session, backend.id_select(sample, "sample_ids"), scale), True
    if capped:
        total = backend.count(session, expression)
    every = max(1, -(-total // FACETS_EXACT))
    sample = backend.sample(session, expression, every)
    return facets(session, sample, every), every > 1


def joined_page(session, plan, sort, offset, limit) -> list[int]:
    """Return one page of every visible thread but the excluded ones, newest first or by
    votes (a search with neither text nor filters)."""
    order = ORDERS.get(sort, ORDERS["newest"])
    statement = everything(session, plan).order_by(*order)
    return list(session.scalars(statement.limit(limit).offset(offset)))


def fts_page(session, backend, plan, expression, sort, total, offset, limit):
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


def list_page(
    session: Session, backend, expression: str, level: str, ids: list[int], sort, offset, limit
):
    """Return one page of a level (ids: its matching threads, newest first; level: its own
    expression): by bm25 or ts_rank, or in the sort's order. A level larger than
    RANK_LIMIT is listed newest first (it ties on nearly everything a rank looks at)."""
    if sort in ORDERS:
        walked = _walk_sorted(session, ids, sort, offset + limit)
        if walked is not None:
            return walked[offset : offset + limit]
        listed = backend.id_select(ids).subquery()
        statement = (
            select(posts.c.id)
            .where(posts.c.id.in_(select(listed.c.id)))
            .order_by(*ORDERS[sort])
            .limit(limit)
            .offset(offset)
        )
        return list(session.scalars(statement))
    if len(ids) > RANK_LIMIT:
        return ids[offset : offset + limit]
    return backend.ranked_level(session, expression, level, ids, offset, limit)


def level_page(
    session, backend, ordered: Levels, filters, expression, sort, offset, limit, capped=False
):
    """Return (one page over a query's levels, the words its best level gives up).

    The level of all slots (its AND expression: FTS5 and GIN seek in the rarest word's
    list) is read first; when it fills the page, the other levels are not worked out.
    Otherwise each slot's matching threads are read once (a list of ids, newest first) to
    place every thread in its level; the level of all slots is paged like a one-level query
    (with the title tiers of large sets), the others by list_page, and a band of levels
    close in weight (levels.bands) together, by weight and the text (levels.band_order). A
    set of more than TOTAL_EXACT threads (capped) by relevance asks level after level instead
    (large.levels_in_order): the same levels, each read only as far as the page needs (and a
    band to its end).
    """
    if ordered.weights is not None:  # PostgreSQL ranks each slot by its weight (ranked_among)
        backend.weighing = ([backend.slot(s) for s in ordered.slots], ordered.weights)
    every_slot = backend.expression(ordered.plan, filters)
    complete = backend.ids(session, every_slot)
    if len(complete) >= offset + limit:
        ids = fts_page(
            session, backend, ordered.plan, every_slot, sort, len(complete), offset, limit
        )
        return ids, ordered.dropped((False,) * len(ordered.slots))
    groups = None
    if capped and sort not in ORDERS and backend.by_levels(expression):
        wanted = offset + limit
        groups = levels_in_order(session, backend, ordered, filters, complete, wanted, RANK_LIMIT)
    if groups is None:
        per_slot = [
            backend.ids(session, backend.expression(ordered.single(i), filters))
            for i in range(len(ordered.slots))
        ]
        groups = group_levels(backend.ids(session, expression), per_slot, ordered.weights)
    dropped = ordered.dropped(groups[0][0]) if groups else []
    # By relevance, levels close in weight are ranked together (levels.bands); a sort
    # orders within each level.
    listed = (
        [([key], members) for key, members in groups]
        if sort in ORDERS
        else bands(groups, ordered.weights)
    )
    ids: list[int] = []
    for index, members, start, count in page_of(listed, offset, limit):
        keys = listed[index][0]
        if not any(keys[0]):
            ids += fts_page(
                session, backend, ordered.plan, every_slot, sort, len(members), start, count
            )
        elif len(keys) == 1:
            level = backend.level_expression(ordered.plan, filters, keys[0])
            ids += list_page(session, backend, expression, level, members, sort, start, count)
        elif len(members) > RANK_LIMIT:
            ids += members[start : start + count]
        else:
            each = [backend.level_expression(ordered.plan, filters, key) for key in keys]
            slots = [backend.slot(slot) for slot in ordered.slots]
            relevance = backend.band_relevance(session, each, members, slots, ordered.weights)
            by_key = dict(groups)
            in_band = [(key, by_key[key]) for key in keys]
            ids += band_order(in_band, relevance, ordered.weights)[start : start + count]
    return ids, dropped
