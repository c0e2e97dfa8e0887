"""Large matching sets (SEMANTICS.md §7): counted up to TOTAL_EXACT, faceted from id windows,
paged level by level, so the whole list of a word in most documents is never read.

At 100,000 questions a question of eight common words matches 88,852 threads; reading every
one of them (the total, the facet sample, each slot's list to place threads in levels) was
most of a search's 130 ms. Beyond TOTAL_EXACT matches the total is "more than TOTAL_EXACT",
the facets are estimated from a few windows of thread ids, and a page asks each level (by its
own expression, best level first) for its newest threads until the page is full.
"""

from __future__ import annotations

import math
from itertools import product

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kenme.models import Post
from kenme.search.levels import Levels, same_band

# Totals are exact up to this many matching threads; beyond it the total is "more than".
TOTAL_EXACT = 1000
# Facets of a larger set are counted over about this many threads, in WINDOWS id ranges
# spread evenly from the oldest thread to the newest.
SAMPLE = 1000
WINDOWS = 10
# Levels asked one by one at most (a query of 8 slots has 255); beyond it the page is worked
# out from each slot's whole list after all (levels.group_levels).
MAX_LEVEL_QUERIES = 24


def capped_total(session: Session, backend, expression: str) -> tuple[int, bool]:
    """Return (total, capped): the number of matching threads, or TOTAL_EXACT and True when
    there are more (counting stops at TOTAL_EXACT + 1)."""
    counted = len(backend.newest(session, expression, TOTAL_EXACT + 1))
    return min(counted, TOTAL_EXACT), counted > TOTAL_EXACT


def windows_sample(session: Session, backend, expression: str) -> tuple[list[int], float]:
    """Return (matching ids in a few id windows, how many threads each one stands for).

    The windows' width is set from how densely the newest SAMPLE matches lie; when the
    matches are denser in the past (a thin sample), the windows widen (at most twice).
    """
    # Two statements: SQLite reads min() and max() from the key alone, min and max together
    # from every row (130 ms at 50,000 questions).
    low = session.scalar(select(func.min(Post.id)))
    high = session.scalar(select(func.max(Post.id)))
    span = high - low + 1
    newest = backend.newest(session, expression, SAMPLE)
    density = len(newest) / max(1, high - newest[-1] + 1) if newest else 1.0
    each = max(1, math.ceil(SAMPLE / density / WINDOWS))
    for _ in range(3):
        each = min(each, span // WINDOWS or 1)
        step = span / WINDOWS
        windows = [
            (start, start + each - 1)
            for start in (low + int(i * step + (step - each) / 2) for i in range(WINDOWS))
        ]
        sample = backend.in_windows(session, expression, windows)
        if len(sample) >= SAMPLE // 4 or each * WINDOWS >= span:
            break
        each *= 4
    return sample, span / (each * WINDOWS)


def levels_in_order(
    session: Session, backend, ordered: Levels, filters, complete, wanted: int, whole: int
):
    """Return the first levels (key, ids newest first) of a query, best first, until they
    hold `wanted` threads; or None when that takes more than MAX_LEVEL_QUERIES queries.

    The same levels in the same order as levels.group_levels (each level's own expression,
    QueryStrings.level_expression, matches exactly its threads), each read newest first
    only as far as needed: a level of more than `whole` threads is listed newest first
    (pages.list_page, whole = RANK_LIMIT), one of fewer is read whole to be ranked. Levels
    close in weight are ranked together (levels.bands): the last band is read to its end.
    """
    keys = sorted(product((False, True), repeat=len(ordered.slots)), key=ordered.order)
    keys = [key for key in keys if ordered.possible(key)]  # a typed word without its slot
    empty = _matching_nothing(session, backend, ordered, filters)
    groups: list[tuple[tuple[bool, ...], list[int]]] = []
    held, asked, top, start = 0, 0, None, 0  # top: the best level of the band being read
    for key in keys[:-1]:  # the last key misses every slot: no thread is there
        joins = top is not None and same_band(top, key, ordered.weights)
        if held >= wanted and not joins:
            break  # the page is full and the last band complete (levels.bands)
        if any(key):
            asked += 1
            if asked > MAX_LEVEL_QUERIES:
                return None
            if any(not key[i] for i in empty):
                continue  # it holds a slot no thread matches: no thread is there
            level = backend.level_expression(ordered.plan, filters, key)
            # Counted from the band's start: its first threads newest first are then exact.
            first = start if joins else held
            members = backend.newest(session, level, max(whole + 1, wanted - first))
        else:
            members = complete
        if members:
            if not joins:
                top, start = key, held
            groups.append((key, list(members)))
            held += len(members)
    return groups


def _matching_nothing(session: Session, backend, ordered: Levels, filters) -> list[int]:
    """Return the slots no thread matches, of those the vocabulary holds no term of (a word
    no thread has: "zien"). Such a slot is the rarest and weighs most, so half of a query's
    levels hold it, each asked for by a statement of its own that finds nothing: one probe of
    the slot's own expression (which every level holding it is narrower than) answers for
    all of them. A slot only the vocabulary calls absent is still asked for level by level."""
    return [
        index
        for index, absent in enumerate(ordered.absent)
        if absent
        and not backend.newest(session, backend.expression(ordered.single(index), filters), 1)
    ]
