"""A small per-process cache of search aggregates, invalidated by every index change.

Every write to the embedded index bumps ``search_state.generation`` in the same transaction;
a cached total, facet count or page of ids is only used under the generation it was computed
for, so it can never outlive the data (docs/decisions/0002-search.md).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from kenme.generation import bump_counter
from kenme.models import SearchState

T = TypeVar("T")
MAX_ENTRIES = 1024

_lock = threading.Lock()
_entries: OrderedDict[Hashable, Any] = OrderedDict()


DIRTY = "kenme_search_dirty"


def bump(session: Session) -> None:
    """Mark every cached result of this database stale (call with every index change)."""
    # Until this transaction ends, its own searches see uncommitted index rows: no caching.
    session.info[DIRTY] = True
    bump_counter(session, SearchState)


def version(session: Session) -> tuple | None:
    """Return the index version to key cached results by, or None: do not cache."""
    if session.info.get(DIRTY):
        return None
    row = session.execute(select(SearchState.epoch, SearchState.generation)).first()
    if row is None:
        return None
    return (str(session.get_bind().url), row.epoch, row.generation)


INDEX_FORMAT = 2  # SearchState.index_format of documents written by this version
PHRASES_FORMAT = 1  # some documents may lack name tokens: names are read as phrases


def names_as_tokens(session: Session) -> bool:
    """Tell whether every indexed document holds its thesaurus name tokens (format 2).

    No row yet: nothing was ever indexed (or the tables were wiped), so every document will
    be written with them.
    """
    found = session.scalar(select(SearchState.index_format))
    return found is None or found >= INDEX_FORMAT


def mark_format(session: Session, index_format: int) -> None:
    """Record how the indexed documents are written: INDEX_FORMAT when every one is written
    as this version writes them, PHRASES_FORMAT when names must be read as phrases."""
    session.execute(
        update(SearchState).where(SearchState.id == 1).values(index_format=index_format)
    )


def cached(key: Hashable | None, compute: Callable[[], T]) -> T:
    """Return the cached value for key, computing and remembering it when missing."""
    if key is None:
        return compute()
    with _lock:
        if key in _entries:
            _entries.move_to_end(key)
            return _entries[key]
    value = compute()
    with _lock:
        _entries[key] = value
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return value


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_soft_rollback")
def _transaction_ended(session: Session, *_args) -> None:
    session.info.pop(DIRTY, None)


def clear() -> None:
    """Forget everything (tests)."""
    with _lock:
        _entries.clear()
