"""A small per-process cache of search results that survives writes to other threads.

Every change to the embedded index logs, in the changing transaction, which threads it
touched and how (``search_changes``), under a generation that says when it committed
(kenme/search/stamps.py: no row is updated by every writer). A cached value remembers the
stamp it was computed under; used later it is kept only when none of the changes it has not
seen can alter it:

- a result of a full-text expression (count, facets, a page of ids): no changed thread lost
  a word or left the index (nor a topic or type token, when the search names one), none
  matches the expression now, and the query excludes no words and filters on no status or
  flag (a thread that gained an excluded word, or got its first answer, left the results
  without losing a term); while the value was known to hold less than ADDITIONS_LAG seconds
  ago, changed threads that may match do not count (they can only join it or move in it);
- typo corrections: no change added a word to the vocabulary or took one away;
- suggestions (titles): no title changed, no question came or went;
- anything else: no change at all.

A rebuild or a thesaurus change starts a new epoch: everything cached is forgotten. So a
kept value is what a fresh computation would give, but for the order of ties and ranks that
moved with the corpus' statistics (docs/decisions/0023-search-cache-per-thread.md), and for
threads that joined it in the last ADDITIONS_LAG seconds (decision 0044).
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter, OrderedDict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any, TypeVar

from sqlalchemy import event, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from kenme.models import SearchState
from kenme.search import stamps

T = TypeVar("T")
MAX_ENTRIES = 1024
# Seconds a kept search result may miss threads that joined it (or moved in its order) since
# it was last known to hold; anything that can take a thread out shows at once (SEMANTICS.md
# §9, decision 0044). Meilisearch lags behind the database by seconds too (§4).
ADDITIONS_LAG = 5.0
# The clock of ADDITIONS_LAG and max_age (tests set their own).
clock = time.monotonic

_lock = threading.Lock()
# key -> (generation, value, born: when computed, checked: when last known to hold)
_entries: OrderedDict[Hashable, tuple[Any, Any, float, float]] = OrderedDict()
# What happened to each value asked for, by (kind, outcome): the benchmark's view of which
# rule recomputes (python -m benchmarks.search_writes). Plain counts, no query text.
outcomes: Counter[tuple[str, str]] = Counter()


DIRTY = "kenme_search_dirty"


@dataclass(frozen=True, slots=True)
class Change:
    """What one index change did to one thread (a row of search_changes)."""

    thread_id: int
    lost: bool = True  # a word of its text left, or the whole document
    meta: bool = True  # a filter token left (status, topics)
    title: bool = True  # its title changed, or it came or went
    words: bool = True  # the vocabulary gained or lost a term


def bump(session: Session, changes: Iterable[Change] | None = None) -> None:
    """Record an index change: of these threads, or of everything (None: a new epoch)."""
    # Until this transaction ends, its own searches see uncommitted index rows: no caching.
    session.info[DIRTY] = True
    if changes is None:
        _new_epoch(session)
        return
    by_thread: dict[int, Change] = {}
    for change in changes:
        seen = by_thread.get(change.thread_id)
        by_thread[change.thread_id] = change if seen is None else _either(seen, change)
    if not by_thread:
        return
    if session.scalar(select(SearchState.id).where(SearchState.id == 1)) is None:
        _new_epoch(session)  # the first change ever (or after the tables were wiped)
    stamps.log(
        session,
        [
            {"thread_id": c.thread_id, "lost": c.lost, "meta": c.meta, "title": c.title}
            | {"words": c.words}
            for c in by_thread.values()
        ],
    )


def _new_epoch(session: Session) -> None:
    """Forget every cached value: a rebuild, a thesaurus change, or the first index change.
    A wiped table starts a new random epoch, so no (epoch, stamp) pair repeats."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(SearchState).values(id=1, epoch=_epoch())
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[SearchState.id], set_={"epoch": statement.excluded.epoch}
        )
    )


def _either(a: Change, b: Change) -> Change:
    return Change(
        a.thread_id, a.lost or b.lost, a.meta or b.meta, a.title or b.title, a.words or b.words
    )


def _epoch() -> str:
    return uuid.uuid4().hex


@dataclass(frozen=True, slots=True)
class Version:
    """The index version a search reads: values are cached under ``key`` and stamped with
    ``generation`` (kenme/search/stamps.py: a number on SQLite, a snapshot on PostgreSQL),
    read at ``read_at`` (``clock()``): every change it has not seen committed after that."""

    key: tuple  # (database, epoch)
    generation: Any
    read_at: float = 0.0


def version(session: Session) -> Version | None:
    """Return the index version to cache results under, or None: do not cache."""
    if session.info.get(DIRTY):
        return None
    read_at = clock()  # before the stamp: what it has not seen committed after this
    found = stamps.current(session)
    if found is None:
        return None
    epoch, stamp = found
    return Version((str(session.get_bind().engine.url), epoch), stamp, read_at)


class Verdict(IntEnum):
    """What the changes a value has not seen do to it."""

    STALE = 0  # it may have lost something: compute it again
    JOINED = 1  # nothing left it; threads may have joined it or moved in it (ADDITIONS_LAG)
    HOLDS = 2  # a fresh computation gives the same


# A rule: the verdict on these changes; ``lagging``: whether JOINED may be answered (the value
# was last checked less than ADDITIONS_LAG ago), else it must be worked out to HOLDS or STALE.
Holds = Callable[[Sequence[Change], bool], Verdict]


def _verdict(holds: bool) -> Verdict:
    return Verdict.HOLDS if holds else Verdict.STALE


def unchanged(changes: Sequence[Change], lagging: bool = False) -> Verdict:
    """The rule for values that depend on every thread: no change at all."""
    return _verdict(not changes)


def same_titles(changes: Sequence[Change], lagging: bool = False) -> Verdict:
    return _verdict(not any(c.title for c in changes))


def same_words(changes: Sequence[Change], lagging: bool = False) -> Verdict:
    if any(c.words for c in changes):
        outcomes[("rule", "words")] += 1
        return Verdict.STALE
    return Verdict.HOLDS


def both(first: Holds, second: Holds) -> Holds:
    def holds(changes: Sequence[Change], lagging: bool = False) -> Verdict:
        verdict = first(changes, lagging)
        return verdict and min(verdict, second(changes, lagging))

    return holds


class Reader:
    """One search's use of the cache: the version read once, the changes since a value's
    generation read at most once, and what ``holds`` worked out.

    A value whose rule says only JOINED is served as it is, for ADDITIONS_LAG seconds from
    when it was last known to hold, and keeps its old stamp: every request checks the changes
    since again, so a removal is never served late.
    """

    def __init__(self, session: Session, current: Version | None):
        self.session = session
        self.version = current
        self._changes: dict[Any, list[Change] | None] = {}

    def get(
        self,
        parts: tuple,
        compute: Callable[[], T],
        holds: Holds = unchanged,
        *,
        rule: Callable[[T], Holds] | None = None,
        max_age: float | None = None,
    ) -> T:
        """The value cached for ``parts``, computed (and kept) when missing or stale.

        ``rule(value)``: the rule for a value that says itself what it depends on (instead of
        ``holds``). ``max_age``: seconds after which the value is computed again, whatever
        changed (for what follows the corpus' statistics, such as which word is rarest).
        """
        if self.version is None:
            return compute()
        key = (*self.version.key, *parts)
        now, read_at = self.version.generation, self.version.read_at
        with _lock:
            found = _entries.get(key)
            if found is not None:
                _entries.move_to_end(key)
        kind = str(parts[0])
        if found is None:
            outcomes[(kind, "missing")] += 1
        else:
            generation, value, born, checked = found
            fresh = max_age is None or read_at - born < max_age
            if fresh and generation == now:
                outcomes[(kind, "same")] += 1
                return value
            changes = self.changes_since(generation) if fresh else None
            if changes is not None:
                lagging = read_at - checked < ADDITIONS_LAG
                verdict = (holds if rule is None else rule(value))(changes, lagging)
                if verdict == Verdict.HOLDS:
                    outcomes[(kind, "kept")] += 1
                    _put(key, now, value, born, read_at)  # checked against every change
                    return value
                if verdict == Verdict.JOINED and lagging:
                    outcomes[(kind, "lagging")] += 1
                    return value
            why = "aged" if not fresh else "behind" if changes is None else "changed"
            outcomes[(kind, why)] += 1
        value = compute()
        _put(key, now, value, read_at, read_at)
        return value

    def changes_since(self, generation: Any) -> list[Change] | None:
        """The changes a value stamped ``generation`` has not seen, or None: too many."""
        if generation not in self._changes:
            rows = stamps.since(self.session, generation, self.version.generation)
            self._changes[generation] = None if rows is None else [Change(*r) for r in rows]
        return self._changes[generation]


def results_hold(
    matching: Callable[[list[int]], set[int]], *, excludes: bool, filtered: bool
) -> Holds:
    """The rule for a full-text expression's results: see the module's docstring.

    An expression without exclusions only asks for terms to be there, so a thread can
    leave its results only by losing a term: a word, or a filter token when it filters.
    ``matching(ids)``: which of these threads match the expression now (they may have
    joined the results, or moved in their ranking). ``excludes``: the expression excludes
    words or filters on what any write may change (status, answered, accepted, endorsed:
    not logged as ``meta``), so any change may take a thread out.
    """

    def holds(changes: Sequence[Change], lagging: bool = False) -> Verdict:
        if not changes:
            return Verdict.HOLDS
        if excludes:
            outcomes[("rule", "excludes")] += 1
            return Verdict.STALE
        if any(c.lost for c in changes):
            outcomes[("rule", "lost")] += 1
            return Verdict.STALE
        if filtered and any(c.meta for c in changes):
            outcomes[("rule", "meta")] += 1
            return Verdict.STALE
        if lagging:
            return Verdict.JOINED  # no probe: served as is while lagging
        if matching(sorted({c.thread_id for c in changes})):
            outcomes[("rule", "matching")] += 1
            return Verdict.STALE
        return Verdict.HOLDS

    return holds


def _put(key: Hashable, generation: Any, value: Any, born: float, checked: float) -> None:
    with _lock:
        _entries[key] = (generation, value, born, checked)
        _entries.move_to_end(key)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)


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


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_soft_rollback")
def _transaction_ended(session: Session, *_args) -> None:
    session.info.pop(DIRTY, None)


def clear() -> None:
    """Forget everything (tests)."""
    with _lock:
        _entries.clear()


@dataclass(frozen=True)
class Depends:
    """What a search's results depend on: its full-text expression (None: every thread)."""

    expression: str | None
    excludes: bool
    filtered: bool


def depends_rule(session: Session, backend, depends: Depends) -> Holds:
    """When results with these dependencies still hold, checked in this request's session."""
    if depends.expression is None:
        return unchanged
    expression = depends.expression
    return results_hold(
        _memo(lambda ids: backend.matching(session, expression, ids)),
        excludes=depends.excludes,
        filtered=depends.filtered,
    )


def _memo(function):
    """``function`` of a list of ids, worked out once per distinct list."""
    found: dict[tuple, Any] = {}

    def memoised(ids: list[int]):
        key = tuple(ids)
        if key not in found:
            found[key] = function(ids)
        return found[key]

    return memoised
