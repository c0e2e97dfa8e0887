"""PostgreSQL relevance: ts_rank with the field weights of SEMANTICS.md §6, over a few
threads at a time (ts_rank unpacks each whole document), for fts_postgres.py."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.orm import Session

PG_WEIGHTS = "{0.33,0.5,1.0,1.0}"  # D, C, B, A: as fts_sqlite.WEIGHTS


def ts_rank(parameter: str) -> str:
    """Return ts_rank of a thread's document for the tsquery bound as :parameter."""
    return f"ts_rank('{PG_WEIGHTS}'::float4[], document, CAST(:{parameter} AS tsquery), 1)"


def ranked_among(
    session: Session, expression: str, ids: Sequence[int], offset: int, limit: int
) -> list[int]:
    """Return these matching ids best first by ts_rank over expression (then newest)."""
    statement = text(
        "SELECT post_id FROM fts_threads WHERE post_id = ANY(:ids) "  # noqa: S608
        f"ORDER BY {ts_rank('q')} DESC, post_id DESC LIMIT {int(limit)} OFFSET {int(offset)}"
    )
    return list(session.scalars(statement, {"ids": list(ids), "q": expression}))


def _weighed(weights: Sequence[float]) -> str:
    """Return the sum over slots of the slot's weight times its ts_rank (:s0, :s1, ...)."""
    return " + ".join(f"{float(w)!r} * {ts_rank(f's{n}')}" for n, w in enumerate(weights))


def ranked_weighed(
    session: Session,
    ids: Sequence[int],
    slots: Sequence[str],
    weights: Sequence[float],
    offset: int,
    limit: int,
) -> list[int]:
    """Return these matching ids best first by their weighed relevance (weighed_relevance),
    then newest: a level of a query of several slots, the level of all slots too, ranked as
    SQLite's bm25 ranks it, each word by its rarity (decision 0048)."""
    statement = text(
        "SELECT post_id FROM fts_threads WHERE post_id = ANY(:ids) "  # noqa: S608
        f"ORDER BY {_weighed(weights)} DESC, post_id DESC "
        f"LIMIT {int(limit)} OFFSET {int(offset)}"
    )
    values = {f"s{n}": slot for n, slot in enumerate(slots)}
    return list(session.scalars(statement, {"ids": list(ids), **values}))


def weighed_relevance(
    session: Session, ids: Sequence[int], slots: Sequence[str], weights: Sequence[float]
) -> dict[int, float]:
    """Return each thread's relevance, higher is better: per slot (a tsquery) its ts_rank
    times the slot's weight (levels.slot_weight), summed, in one statement.

    Not ts_rank over the whole query: it weighs every word alike (no idf), so a thread
    naming a rare word once beside a word nearly every thread holds ranked as well as one
    with the rare word in its title; bm25 (SQLite) weighs each word by its rarity.
    """
    statement = text(
        f"SELECT post_id, {_weighed(weights)} FROM fts_threads WHERE post_id = ANY(:ids)"  # noqa: S608
    )
    values = {f"s{n}": slot for n, slot in enumerate(slots)}
    rows = session.execute(statement, {"ids": list(ids), **values})
    return {i: float(r) for i, r in rows}
