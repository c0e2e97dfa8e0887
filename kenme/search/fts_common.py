"""What both full-text back ends share: filters as meta tokens, names as tokens, similar titles.

The back ends themselves: fts_sqlite.py (SQLite FTS5) and fts_postgres.py (PostgreSQL
tsvector); fts.backend_for picks one for a session.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from kenme.search.documents import META, name_token, tokenised, topic_token
from kenme.search.engine import Filters
from kenme.search.plan import PlanSlot

# A tier of a large matching set: (titles condition, inside it or not), see EmbeddedEngine.
Tier = tuple[str, bool]


def filter_tokens(filters: Filters) -> list[str]:
    """Return the meta tokens every document must hold for these filters."""
    tokens = [topic_token(slug) for slug in filters.topics]
    if filters.type:
        tokens.append(f"{META}type{filters.type}")
    if filters.status:
        tokens.append(f"{META}status{filters.status}")
    if filters.year:
        tokens.append(f"{META}year{filters.year}")
    flags = {"unanswered": "unanswered", "accepted": "accepted", "endorsed": "endorsed"}
    tokens += [f"{META}{flags[flag]}" for flag in sorted(filters.flags)]
    return tokens


def _name(alternative: str, as_token: bool) -> str:
    """Return a slot's alternative as asked for: a multi-word name by its token, if indexed."""
    stems = tuple(alternative.split())
    return name_token(stems) if as_token and tokenised(stems) else alternative


def _without_topics(slot: PlanSlot) -> PlanSlot:
    """Return the slot without its topic tokens (titles hold no meta tokens)."""
    return dataclasses.replace(slot, topics=())


def _pairs(slots: Sequence[str]) -> list[tuple[str, str]]:
    return [(a, b) for i, a in enumerate(slots) for b in slots[i + 1 :]]


def similar_in_steps(
    slots: int,
    limit: int,
    sharing_two: Callable[[int], list[int]],
    with_slot: Callable[[int, int], list[int]],
) -> list[int]:
    """Return up to limit ids of similar titles, reading small sets of titles one at a time.

    One query ranking every title that holds any of the words would rank thousands of them
    when one word is common ("inwonende": 8 % of all titles). Instead: titles holding two or
    more of the words first (sharing_two(count): the best `count` of them), which is where the
    most similar titles are; only when there are fewer than `limit` of those, titles holding
    one of them, slot by slot, rarest first (with_slot(i, count): the best `count` titles
    holding slot i). A title with two words is already in the first step, which then returned
    all of them, so later steps only add titles with one word.
    """
    if not slots:
        return []
    found: list[int] = []
    if slots > 1:
        found = sharing_two(limit)
        if len(found) >= limit:
            return found
    for i in range(slots):
        seen = set(found)
        found += [x for x in with_slot(i, limit + len(found)) if x not in seen]
        if len(found) >= limit:
            break
    return found[:limit]
