"""When a cached search value was computed, and which logged index changes it has not seen.

No row is updated by every writer (issue #24): each index change only inserts its rows into
``search_changes``, under a generation that says when it committed.

- SQLite has one writer at a time, so the generation is one more than the highest logged,
  taken in the inserting statement (under the write lock). A reader's stamp is the highest
  generation it can see; the changes since a stamp are those above it.
- PostgreSQL writers run side by side and commit in any order, so a number taken while
  writing does not say what a reader saw. The generation is the writing transaction's id
  (its low 31 bits: the column is an ``integer``), and a reader's stamp is its snapshot
  (``pg_current_snapshot()``): the changes a value has not seen are those whose transaction
  was not visible in the snapshot it was computed under.

A stamp is read before the value is computed and every later statement sees at least what it
saw, so a value may have seen more than its stamp says, never less: a change it saw may be
checked again, none is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, literal_column, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from kenme.models import SearchChange, SearchState

LOW = 2**31  # PostgreSQL: generations keep the low 31 bits of the transaction id
# SQLite: a value more generations behind than this is computed again; the log keeps
# PRUNE_AFTER, so every change a check reads is still there.
MAX_BEHIND = 256
PRUNE_EVERY = 256
PRUNE_AFTER = 1024
# PostgreSQL, counted in transaction ids (any writing transaction takes one).
MAX_BEHIND_XIDS = 50_000
PRUNE_AFTER_XIDS = 1_000_000

_COLUMNS = (
    SearchChange.thread_id,
    SearchChange.lost,
    SearchChange.meta,
    SearchChange.title,
    SearchChange.words,
)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A PostgreSQL snapshot: transactions below ``xmin`` had ended, those from ``xmax`` on
    had not begun, those in ``running`` were in progress."""

    xmin: int
    xmax: int
    running: frozenset[int]

    @classmethod
    def parse(cls, text: str) -> Snapshot:
        xmin, xmax, running = text.split(":")
        return cls(int(xmin), int(xmax), frozenset(int(x) for x in running.split(",") if x))

    def saw(self, xid: int) -> bool:
        """Whether a change committed by transaction ``xid`` was visible in this snapshot."""
        return xid < self.xmin or (xid < self.xmax and xid not in self.running)


def _postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


# The epoch and the stamp, built once (every search and suggestion reads them).
_CURRENT_PG = select(SearchState.epoch, literal_column("pg_current_snapshot()::text")).where(
    SearchState.id == 1
)
_CURRENT_SQLITE = select(
    SearchState.epoch,
    select(func.coalesce(func.max(SearchChange.generation), 0)).scalar_subquery(),
).where(SearchState.id == 1)


def current(session: Session) -> tuple[str, Any] | None:
    """The epoch and the stamp a value computed now gets, or None: nothing was indexed yet."""
    row = session.execute(_CURRENT_PG if _postgres(session) else _CURRENT_SQLITE).first()
    if row is None:
        return None
    return row[0], (Snapshot.parse(row[1]) if _postgres(session) else row[1])


def log(session: Session, rows: list[dict]) -> None:
    """Insert one index change's rows (thread_id and flags) under a new generation."""
    if _postgres(session):
        insert, generation = (
            postgresql.insert,
            literal_column(f"pg_current_xact_id()::text::bigint % {LOW}"),
        )
    else:
        insert = sqlite.insert
        generation = (
            select(func.coalesce(func.max(SearchChange.generation), 0) + 1)
        ).scalar_subquery()
    first, *rest = rows
    # The first row takes the generation in its statement (SQLite: under the write lock).
    taken = session.execute(
        _upsert(insert(SearchChange).values(generation=generation, **first)).returning(
            SearchChange.generation
        )
    ).scalar_one()
    if rest:
        session.execute(_upsert(insert(SearchChange)), [{**r, "generation": taken} for r in rest])
    if taken % PRUNE_EVERY == 0:
        _prune(session, taken)


def _upsert(statement):
    """A second change to a thread under the same generation (PostgreSQL: the same
    transaction) adds its flags to the first."""
    return statement.on_conflict_do_update(
        index_elements=[SearchChange.generation, SearchChange.thread_id],
        set_={
            c.key: getattr(SearchChange, c.key) | getattr(statement.excluded, c.key)
            for c in _COLUMNS[1:]
        },
    )


def _prune(session: Session, taken: int) -> None:
    if not _postgres(session):
        oldest = taken - PRUNE_AFTER
    elif taken >= PRUNE_AFTER_XIDS:
        oldest = taken - PRUNE_AFTER_XIDS
    else:
        return  # just past a wrap of the low bits: older rows go at the next turn
    session.execute(delete(SearchChange).where(SearchChange.generation <= oldest))


def since(session: Session, old: Any, now: Any) -> list[tuple] | None:
    """The logged changes a value stamped ``old`` has not seen, up to (at least) ``now``;
    None when too many may have happened to read them."""
    if not isinstance(old, Snapshot):
        if old > now or now - old > MAX_BEHIND:
            return None
        found = select(*_COLUMNS).where(
            SearchChange.generation > old, SearchChange.generation <= now
        )
        return [tuple(row) for row in session.execute(found)]
    if now.xmax - old.xmin > MAX_BEHIND_XIDS or old.xmin % LOW > now.xmax % LOW:
        return None  # far behind, or the low bits wrapped in between
    base = old.xmin - old.xmin % LOW
    rows = session.execute(
        select(SearchChange.generation, *_COLUMNS).where(SearchChange.generation >= old.xmin % LOW)
    )
    return [tuple(row[1:]) for row in rows if not old.saw(base + row[0])]
