"""Threads read as plain rows with their topic chips (decision 0040): the lists and search.

A statement selects ``TOPIC_COLUMNS`` from ``with_topics(...)``: one row per (thread, topic),
or one row with empty topic columns for a thread without topics; ``fold_topics`` turns those
rows into one per thread, in the order asked for, each with its chips in the rows' order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import FromClause

from kenme.models.posts import Post, PostType, Visibility, post_topics
from kenme.models.topics import Topic

_T = Topic.__table__.c
TOPIC_COLUMNS = (_T.id.label("topic_id"), _T.slug, _T.name)
TOPIC_ORDER = _T.name  # chips by name, as Post.topics orders them


@dataclass(frozen=True, slots=True)
class TopicChip:
    id: int
    slug: str
    name: str


def with_topics(threads: FromClause) -> FromClause:
    """``threads`` (holding posts) left-joined to each post's topics."""
    return threads.outerjoin(post_topics, post_topics.c.post_id == Post.__table__.c.id).outerjoin(
        Topic.__table__, _T.id == post_topics.c.topic_id
    )


def fold_topics(
    rows: Iterable[Any], ids: Sequence[int], types: Collection[PostType]
) -> list[tuple[Any, tuple[TopicChip, ...]]]:
    """Each visible thread of a type in ``types`` among ``rows``, once, in the order of
    ``ids`` (those not found are left out), with its topic chips."""
    found: dict[int, Any] = {}
    chips: defaultdict[int, list[TopicChip]] = defaultdict(list)
    for row in rows:
        if row.visibility != Visibility.VISIBLE or row.type not in types:
            continue
        found.setdefault(row.id, row)
        if row.topic_id is not None:
            chips[row.id].append(TopicChip(row.topic_id, row.slug, row.name))
    return [
        (row, tuple(chips[row.id]))
        for row in (found.get(i) for i in dict.fromkeys(ids))
        if row is not None
    ]
